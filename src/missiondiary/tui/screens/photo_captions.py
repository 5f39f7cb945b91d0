"""The caption step after adding photos: each new photo in turn, its picture and when and
where it was taken, and a caption to type. Enter saves it and shows the next; esc leaves the
rest uncaptioned (they can be captioned later on the photos screen)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from missiondiary.domain import Mission, Photo
from missiondiary.domain.text import plural
from missiondiary.errors import DiaryError
from missiondiary.store import open_store
from missiondiary.tui.screens.photos import (
    THUMBNAIL_SIDE,
    _picture_widget,
    cached_thumbnail,
    keep_thumbnail,
    show_picture,
)


class CaptionStep(ModalScreen[int]):
    """Answers how many captions were saved. Each is saved by `save` (the photos screen's own
    worker), so a caption typed is in the diary whatever happens to this step."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave the rest uncaptioned", id="captions-leave"),
    ]
    DEFAULT_CSS = """
    CaptionStep { align: center top; background: $background 60%; }
    CaptionStep > Vertical {
        width: 100%; max-width: 100; height: 100%; max-height: 40;
        border: thick $primary 70%; background: $surface; padding: 0 1;
    }
    CaptionStep #caption-which { width: 100%; height: 1; text-style: bold; }
    CaptionStep #caption-facts { width: 100%; height: 1; color: $text-muted; }
    CaptionStep #caption-hint { width: 100%; height: 1; color: $text-muted; }
    CaptionStep #picture { width: 1fr; height: 1fr; }
    """

    @dataclass
    class PictureReady(Message):
        content_hash: str
        image: Any

    def __init__(
        self,
        db_path: Path,
        photos: list[Photo],
        mission: Mission,
        save: Callable[[str, str], object],
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.photos = photos
        self.mission = mission
        self.save = save
        self.index = 0
        self.saved = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="caption-which", markup=False)
            yield Static("", id="caption-facts", markup=False)
            yield Input(placeholder="Caption", id="step-caption")
            yield Static(
                "enter saves and shows the next · esc leaves the rest uncaptioned",
                id="caption-hint",
            )
            yield _picture_widget()

    @property
    def current(self) -> Photo:
        return self.photos[self.index]

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        photo = self.current
        self.query_one("#caption-which", Static).update(
            f"Caption {self.index + 1} of {len(self.photos)}: {photo.file_name}"
        )
        day = self.mission.day_number(photo.local_date)
        self.query_one("#caption-facts", Static).update(
            f"Day {day} · {photo.at.local:%Y-%m-%d %H:%M} {photo.at.tz} · "
            f"{photo.width}x{photo.height}"
        )
        field = self.query_one("#step-caption", Input)
        field.value = photo.caption
        field.focus()
        cached = cached_thumbnail(photo.content_hash)
        if cached is not None:
            self.call_after_refresh(show_picture, self, cached)
        else:
            self.make_thumbnail(photo.content_hash)

    @work(thread=True, exclusive=True, group="caption-thumbnail")
    def make_thumbnail(self, content_hash: str) -> None:
        from missiondiary.media.images import thumbnail

        try:
            with open_store(self.db_path, readonly=True) as store:
                jpeg = store.photo_jpeg(content_hash)
        except DiaryError:
            return  # the caption can still be typed; the photos screen says what went wrong
        self.post_message(self.PictureReady(content_hash, thumbnail(jpeg, THUMBNAIL_SIDE)))

    @on(PictureReady)
    def _picture_ready(self, message: PictureReady) -> None:
        keep_thumbnail(message.content_hash, message.image)
        if self.current.content_hash == message.content_hash:
            show_picture(self, message.image)

    @on(Input.Submitted, "#step-caption")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        photo = self.current
        text = event.value.strip()
        if text != photo.caption:
            self.save(photo.id, text)
            self.saved += 1
        if self.index + 1 >= len(self.photos):
            self.action_leave()
        else:
            self.index += 1
            self._show()

    def action_leave(self) -> None:
        if self.saved:
            self.notify(f"{plural(self.saved, 'caption')} saved", timeout=3)
        self.dismiss(self.saved)
