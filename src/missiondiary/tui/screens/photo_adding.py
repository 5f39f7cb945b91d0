"""Adding photos from the photos screen: pick (screens/photo_picker.py), add with a progress
bar, then caption the new photos one by one.

The adding is `missiondiary photo add`'s own path (`interchange.photo_files`): each photo on
the day it was taken, bad files refused one by one while the rest go on, all in one
transaction. It runs in a thread worker with its own connection, never on the screen's
thread."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from missiondiary.domain import Mission, Photo
from missiondiary.domain.text import plural
from missiondiary.errors import DiaryError
from missiondiary.store import open_store
from missiondiary.tui.handles import KeyedScreen
from missiondiary.tui.screens.photo_picker import (
    PHOTOS_DIR_SETTING,
    PhotoPicker,
    Picked,
    start_folder,
)
from missiondiary.tui.widgets.footer import FittingFooter

SHOWN_UNADDED = 5  # files not added named in the notice; more are counted


@dataclass
class Added:
    """What one adding did, for the photos screen to show and say."""

    mission: Mission | None
    added: list[Photo] = field(default_factory=list)
    day_photos: list[Photo] = field(default_factory=list)  # the screen's day, after adding
    lines: list[str] = field(default_factory=list)  # refused, skipped, notes: in words
    refused: int = 0
    error: str = ""
    stopped: bool = False  # the delegate stopped it while the photos were read: none added


class _Stopped(Exception):
    """Raised in the worker between two files once esc is pressed (before any is added)."""


def elsewhere_words(added: list[Photo], mission: Mission, day: date) -> list[str]:
    """'3 photos went to Day 2', one sentence per other day, in day order."""
    others = [photo.local_date for photo in added if photo.local_date != day]
    days = Counter(mission.day_number(when) for when in others)
    return [
        f"{plural(count, 'photo')} went to Day {number}" for number, count in sorted(days.items())
    ]


class AddingPhotos(KeyedScreen, ModalScreen[Added], keys="adding", css=False):
    """The progress of one adding; it closes itself when the photos are in. esc stops it
    while the photos are read; nothing is added before every one has been."""

    DEFAULT_CSS = """
    AddingPhotos { align: center middle; background: $background 60%; }
    AddingPhotos > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $primary 70%; background: $surface; padding: 1 2;
    }
    AddingPhotos #adding-what { width: 100%; margin-bottom: 1; }
    """

    @dataclass
    class Counted(Message):
        total: int

    @dataclass
    class Read(Message):
        path: Path

    @dataclass
    class Done(Message):
        added: Added

    def __init__(self, db_path: Path, mission_id: str, day: date, picked: Picked) -> None:
        super().__init__()
        self.db_path = db_path
        self.mission_id = mission_id
        self.day = day
        self.picked = picked
        self.stopping = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Looking for photos…", id="adding-what", markup=False)
            yield ProgressBar(show_eta=False, id="adding-progress")
        yield FittingFooter()

    def action_stop(self) -> None:
        self.stopping.set()
        self.query_one("#adding-what", Static).update("Stopping: no photo will be added…")

    def on_mount(self) -> None:
        self.add_them()

    @work(thread=True, exclusive=True, group="add-photos")
    def add_them(self) -> None:
        from missiondiary.interchange.photo_files import add_photo_files, photo_files

        try:
            files = photo_files(self.picked.paths)
            self.post_message(self.Counted(len(files)))
            with open_store(self.db_path) as store:
                mission = store.mission(self.mission_id)
                result = Added(mission)
                if files:
                    report = add_photo_files(store, mission, files, on_each=self._one_read)
                    result.added = report.added
                    result.lines = report.lines
                    result.refused = report.refused
                folder = str(self.picked.folder)
                if store.setting(PHOTOS_DIR_SETTING, "") != folder:
                    store.set_setting(PHOTOS_DIR_SETTING, folder)
                result.day_photos = list(store.photos_for_day(mission.id, self.day))
        except DiaryError as error:
            self.post_message(self.Done(Added(None, error=str(error))))
            return
        except _Stopped:
            self.post_message(self.Done(Added(None, stopped=True)))
            return
        self.post_message(self.Done(result))

    def _one_read(self, path: Path) -> None:
        if self.stopping.is_set():
            raise _Stopped
        self.post_message(self.Read(path))  # from the worker's thread: post_message is safe

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        self.query_one(ProgressBar).update(total=message.total)
        what = f"Reading {plural(message.total, 'photo')}…"
        self.query_one("#adding-what", Static).update(what if message.total else "No photos there")

    @on(Read)
    def _read(self, message: Read) -> None:
        self.query_one(ProgressBar).advance(1)
        self.query_one("#adding-what", Static).update(f"Read {message.path.name}")

    @on(Done)
    def _done(self, message: Done) -> None:
        self.dismiss(message.added)


class PhotoAdder:
    """The photos screen's `a`: its part of `PhotosScreen` (screens/photos.py)."""

    def action_add_photos(self) -> None:
        if self.readonly:
            self.notify("This day is open read-only: no photos can be added.")
            return
        self.find_start_folder()

    @work(thread=True, exclusive=True, group="picker-folder")
    def find_start_folder(self) -> None:
        try:
            with open_store(self.db_path, readonly=True) as store:
                remembered = store.setting(PHOTOS_DIR_SETTING, "")
        except DiaryError:
            remembered = ""
        self.app.call_from_thread(self._open_picker, start_folder(remembered))

    def _open_picker(self, folder: Path) -> None:
        self.app.push_screen(PhotoPicker(folder), self._picked)

    def _picked(self, picked: Picked | None) -> None:
        if picked is None:
            return
        self.app.push_screen(
            AddingPhotos(self.db_path, self.day.mission.id, self.day.date, picked), self._added
        )

    def _added(self, result: Added | None) -> None:
        if result is None:
            return
        if result.error:
            self.notify(result.error, title="Photos", severity="error")
            return
        if result.stopped:
            self.notify("Stopped: no photo was added.", title="Photos")
            return
        self.show_photos(result.day_photos)
        self._say_added(result)
        if result.added:
            from missiondiary.tui.screens.photo_captions import CaptionStep

            self.app.push_screen(
                CaptionStep(self.db_path, result.added, result.mission, self.save_caption)
            )

    def _say_added(self, result: Added) -> None:
        """One notice: how many, which went to other days, and each file not added."""
        count = len(result.added)
        said = [f"Added {plural(count, 'photo')}"] if count else ["No photos added"]
        said += elsewhere_words(result.added, result.mission, self.day.date)
        lines = [". ".join(said) + "."]
        unadded = [_in_words(line.strip()) for line in result.lines if not line.startswith("note")]
        lines += unadded[:SHOWN_UNADDED]
        if len(unadded) > SHOWN_UNADDED:
            lines.append(f"and {len(unadded) - SHOWN_UNADDED} more files not added")
        severity = "warning" if len(lines) > 1 else "information"
        if result.refused and not count:
            severity = "error"
        self.notify("\n".join(lines), title="Photos", severity=severity, timeout=10)


def _in_words(line: str) -> str:
    """'refused  x.jpg: reason' as a sentence: 'x.jpg was refused: reason'."""
    verb, _, rest = line.partition(" ")
    name, _, reason = rest.strip().partition(": ")
    reason = reason.removesuffix("; give --at to add it anyway")  # the command's option
    return f"{name} was {verb}: {reason}" if reason else line
