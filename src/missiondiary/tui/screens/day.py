"""One mission day: itinerary, meetings with their notes, follow-ups.

The screen owns the day's data and every write. Widgets show what they are given and post
messages; the screen calls the store in thread workers (each opens its own store) and hands
the results back to the widgets. Writes run one at a time in the order the delegate made them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static, Tab, Tabs, TextArea

from missiondiary.domain import Day, FollowUpStatus, Meeting
from missiondiary.errors import DiaryError, InvalidInput, NotFound
from missiondiary.store import Store, open_store
from missiondiary.store.watch import ChangeWatcher
from missiondiary.timeline import today_in
from missiondiary.tui import keymap
from missiondiary.tui.external_editor import edit_in_editor
from missiondiary.tui.messages import Jump
from missiondiary.tui.unsaved import UnsavedText, write_unsaved_notes
from missiondiary.tui.widgets.followup_pane import FollowUpPane
from missiondiary.tui.widgets.footer import QuietFooter
from missiondiary.tui.widgets.itinerary_pane import ItineraryPane
from missiondiary.tui.widgets.meetings_pane import MeetingsPane
from missiondiary.tui.widgets.notes_editor import NotesEditor
from missiondiary.tui.widgets.pane import EntryPane
from missiondiary.tui.widgets.photo_strip import PhotoStrip
from missiondiary.tui.widgets.title_line import TitleLine
from missiondiary.tui.writer import Change, DiaryWriter, Superseded, Written, writer_for

if TYPE_CHECKING:
    from missiondiary.tui.modals.form import Draft, EntryForm, FormPool

Clock = Callable[[], datetime]
PANES = ("itinerary", "meeting", "followup")
PANE_TITLES = {"itinerary": "Itinerary", "meeting": "Meetings", "followup": "Follow-ups"}
ENTITY_WORDS = {"itinerary": "itinerary item", "meeting": "meeting", "followup": "follow-up"}


class DayScreen(Screen[None]):
    CSS_PATH = "day.tcss"
    AUTO_FOCUS = "#meeting-list"  # capture starts with the meetings
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    KEYS_SCREEN: ClassVar[str] = "day"
    BINDINGS: ClassVar = keymap.bindings("day")

    # The screen draws nothing from the day itself (the panes do, once it is loaded): no
    # repaint of the whole screen on every move between days.
    day: reactive[date] = reactive(date(2000, 1, 1), init=False, repaint=False)
    read_only: reactive[bool] = reactive(False, init=False)
    active_pane: reactive[str] = reactive("meeting", init=False)

    # messages from the workers ----------------------------------------------
    @dataclass
    class Loaded(Message):
        day: Day
        first: date
        people: list[str] | None  # None: unchanged since the last load
        organisations: list[str] | None
        epoch: int

    @dataclass
    class LoadFailed(Message):
        mission_id: str
        message: str

    @dataclass
    class WriteDone(Message):
        written: Written

    @dataclass
    class WriteFailed(Message):
        error: DiaryError
        retry: Callable[[InvalidInput], None] | None = None

    @dataclass
    class TextSaved(Message):
        meeting: Meeting
        field: str
        text: str

    @dataclass
    class TextFailed(Message):
        meeting_id: str
        field: str
        text: str
        message: str
        retry: bool  # worth trying again (a lock, a full disk), not a meeting that is gone

    @dataclass
    class TextSuperseded(Message):
        """A save skipped because a newer one of the same text follows it."""

    @dataclass
    class ChangedElsewhere(Message):
        """Another program (or window) committed a change to the diary."""

    @dataclass
    class NotesWritten(Message):
        path: Path | None
        message: str
        keys: tuple[tuple[str, str], ...] = ()  # drafts that can now be let go

    # A busy diary is tried again by the app's writer (tui/writer.py); notes that still could
    # not be saved stay in the editor and are tried again every RETRY_SECONDS.
    RETRY_SECONDS = 3.0
    WATCH_SECONDS = 0.5  # how often to look for changes made by another program

    def __init__(
        self,
        db_path: Path,
        mission_id: str,
        day: date,
        *,
        read_only: bool = False,
        diary_read_only: str = "",
        select: tuple[str, str] | None = None,
        clock: Clock | None = None,
    ) -> None:
        """`read_only`: reviewing a past mission. `diary_read_only`: the diary itself cannot
        be written; the words say why (the banner shows them); empty when it can."""
        super().__init__()
        self.db_path = Path(db_path)
        self.mission_id = mission_id
        self.diary_read_only = diary_read_only
        self.set_reactive(DayScreen.day, day)
        self.set_reactive(DayScreen.read_only, read_only or bool(diary_read_only))
        self.clock: Clock = clock or (lambda: datetime.now().astimezone())
        self.loaded: Day | None = None
        self.first_day: date = day
        self.people: list[str] = []
        self.organisations: list[str] = []
        self._names_epoch = -1  # the write epoch the completion names were read at
        self._select = select
        self.came_from = "review" if read_only else ""  # where esc goes back to
        self._before_review: Jump | None = None  # the day Review was opened from
        self._writes_running = 0
        self._epoch = 0  # counts finished writes; a load from before one is stale
        self._reload_wanted = False
        self._text_tickets: dict[tuple[str, str], int] = {}  # the newest save of each text
        # What the workers stored, set in the worker (before its message lands), so quitting
        # knows which drafts are safe without waiting for the messages.
        self._stored_texts: dict[tuple[str, str], str] = {}
        self._retry_timer: Timer | None = None
        self._saves_failing = False  # told the delegate; tell again when they are saved
        self._watcher: ChangeWatcher | None = None
        self._forms: FormPool | None = None

    # layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleLine(id="title")
        yield Static(
            "Read-only: reading a day from Review. e edits it; esc goes back to Review.",
            id="read-only-banner",
        )
        yield Tabs(
            *(Tab(PANE_TITLES[kind], id=f"tab-{kind}") for kind in PANES),
            id="pane-tabs",
            active="tab-meeting",
        )
        with Horizontal(id="panes"):
            yield ItineraryPane(id="itinerary", classes="pane")
            yield MeetingsPane(id="meetings", classes="pane -active")
            yield FollowUpPane(id="followups", classes="pane")
        yield PhotoStrip(id="photo-strip")
        yield QuietFooter(compact=True)

    @property
    def title_line(self) -> TitleLine:
        return self.query_one(TitleLine)

    @property
    def itinerary_pane(self) -> ItineraryPane:
        return self.query_one(ItineraryPane)

    @property
    def meetings_pane(self) -> MeetingsPane:
        return self.query_one(MeetingsPane)

    @property
    def followup_pane(self) -> FollowUpPane:
        return self.query_one(FollowUpPane)

    @property
    def editor(self) -> NotesEditor:
        return self.query_one(NotesEditor)

    def pane(self, kind: str) -> EntryPane:
        return {
            "itinerary": self.itinerary_pane,
            "meeting": self.meetings_pane,
            "followup": self.followup_pane,
        }[kind]

    @property
    def forms(self) -> FormPool:
        """The day's forms, built once and refilled on each opening (modals/form.py)."""
        if self._forms is None:
            from missiondiary.tui.modals.form import FormPool

            self._forms = FormPool(self.app)
        return self._forms

    @property
    def writer(self) -> DiaryWriter:
        """The app's one writer, shared with every screen that saves."""
        return writer_for(self.app, self.db_path)

    def on_mount(self) -> None:
        self.query_one("#pane-tabs", Tabs).can_focus = False
        self.watch_read_only(self.read_only)
        self.title_line.now = self.clock()
        self.set_interval(30, self._tick)
        self._watcher = ChangeWatcher(
            self.db_path,
            lambda: self.post_message(self.ChangedElsewhere()),
            interval=self.WATCH_SECONDS,
            readonly=bool(self.diary_read_only),
        )
        self._watcher.start()
        self.reload()

    def on_unmount(self) -> None:
        gc.unfreeze()  # see _loaded
        if self._forms is not None:
            self._forms.close()
        if self._watcher is not None:
            self._watcher.stop()

    @property
    def _store_readonly(self) -> bool:
        return bool(self.diary_read_only)

    def _tick(self) -> None:
        self.title_line.now = self.clock()

    # loading --------------------------------------------------------------------
    def show_jump(self, jump: Jump) -> None:
        """Show the day a search, the missions list or the review picked."""
        self.mission_id = jump.mission_id
        self.read_only = jump.read_only or bool(self.diary_read_only)
        self.came_from = "review" if jump.read_only else ""
        self._select = (jump.kind, jump.entry_id) if jump.kind and jump.entry_id else None
        if jump.day != self.day:
            self.day = jump.day  # the watcher reloads
        else:
            self.reload()

    def watch_day(self, day: date) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch the day again; any typed notes are saved first."""
        self._flush_editor()
        self._load(self.mission_id, self.day, self._epoch, remember=not self.read_only)

    @on(ChangedElsewhere)
    def _changed_elsewhere(self, message: ChangedElsewhere) -> None:
        """Show what another program wrote; typed notes stay as they are (a draft wins over
        what comes back from the diary), so nothing being typed is lost."""
        if self.loaded is not None:
            self._load(self.mission_id, self.day, self._epoch, remember=False)

    @work(thread=True, exclusive=True, group="day")
    def _load(self, mission_id: str, when: date, epoch: int, remember: bool) -> None:
        try:
            with open_store(self.db_path, readonly=self._store_readonly) as store:
                day = store.day(mission_id, when)
                first = min(store.first_entry_date(mission_id) or day.mission.start_date, when)
                # The register for completion (other names too: "CCPIT", "金山集团") is
                # read once, and again only after a write: not on every move between days.
                people = organisations = None
                if self._names_epoch != epoch:
                    people = list(store.register_names("person"))
                    organisations = list(store.register_names("organisation"))
                self.post_message(self.Loaded(day, first, people, organisations, epoch))
                if remember:  # a convenience: a busy or full diary does not stop the day
                    with contextlib.suppress(DiaryError), store.write():
                        store.set_setting("last_mission", mission_id)
                        store.set_setting("last_day", when.isoformat())
        except DiaryError as error:
            self.post_message(self.LoadFailed(mission_id, str(error)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        day = message.day
        if day.mission.id != self.mission_id or day.date != self.day:
            return  # the delegate has moved on
        if message.epoch != self._epoch or self._writes_running:
            self._reload_wanted = True  # may predate a write: fetch again once writes settle
            self._reload_if_settled()
            return
        self.loaded = day
        self.first_day = min(message.first, day.mission.start_date)
        if message.people is not None and message.organisations is not None:
            self.people, self.organisations = message.people, message.organisations
            self._names_epoch = message.epoch
        first_paint = self.title_line.day is None
        self.title_line.day = day
        for kind in PANES:
            self.pane(kind).day = day
        self.query_one(PhotoStrip).day = day
        self._apply_selection()
        if first_paint:
            # What is loaded by now (the app, this screen, its widgets) lives as long as the
            # session: leave it out of the collector's full passes, which otherwise stall
            # moves between days for tens of milliseconds now and then.
            self.call_after_refresh(gc.freeze)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.notify(message.message, title="Could not open the day", severity="error")

    def _apply_selection(self) -> None:
        if self._select is None:
            return
        kind, entry_id = self._select
        self._select = None
        if kind in PANES:
            pane = self.pane(kind)
            pane.select_id(entry_id)
            pane.focus_list()

    # writing --------------------------------------------------------------------
    def write(self, change: Change, retry: Callable[[InvalidInput], None] | None = None) -> None:
        """Run a change in a worker; `retry` reopens a form if the store refuses its input."""
        if self.read_only:
            self._refuse()
            return
        self._writes_running += 1
        self._write(self.writer.ticket(), change, retry)

    @work(thread=True, group="write")
    def _write(
        self, ticket: int, change: Change, retry: Callable[[InvalidInput], None] | None
    ) -> None:
        try:
            written = self.writer.run(ticket, change)
        except DiaryError as error:
            self.post_message(self.WriteFailed(error, retry))
            return
        self.post_message(self.WriteDone(written))

    @on(WriteDone)
    def _write_done(self, message: WriteDone) -> None:
        self._write_settled()
        written = message.written
        if written.notice:
            self.notify(written.notice)
        if written.select:
            self._select = written.select
        if written.day and written.day != self.day:
            self.day = written.day
        else:
            self.reload()

    @on(WriteFailed)
    def _write_failed(self, message: WriteFailed) -> None:
        self._write_settled()
        error = message.error
        if message.retry is not None and isinstance(error, InvalidInput):
            message.retry(error)
        else:
            self.notify(str(error), title="Nothing was changed", severity="error")
        self.reload()

    def _write_settled(self) -> None:
        self._writes_running -= 1
        self._epoch += 1
        self._reload_if_settled()

    def _reload_if_settled(self) -> None:
        if self._reload_wanted and not self._writes_running:
            self._reload_wanted = False
            self._load(self.mission_id, self.day, self._epoch, remember=False)

    # autosave -----------------------------------------------------------------
    @on(NotesEditor.Save)
    def _save_requested(self, message: NotesEditor.Save) -> None:
        message.stop()
        self._save(message)

    def _save(self, save: NotesEditor.Save) -> None:
        self._writes_running += 1
        ticket = self.writer.ticket()
        self._text_tickets[(save.meeting_id, save.field)] = ticket
        self._save_text(ticket, save)

    @work(thread=True, group="write")
    def _save_text(self, ticket: int, save: NotesEditor.Save) -> None:
        key = (save.meeting_id, save.field)
        try:
            meeting = self.writer.run(
                ticket,
                lambda store: store.save_meeting_text(save.meeting_id, **{save.field: save.text}),
                stale=lambda: self._text_tickets.get(key) != ticket,
            )
        except Superseded:
            self.post_message(self.TextSuperseded())
            return
        except DiaryError as error:
            retry = not isinstance(error, NotFound | InvalidInput)
            self.post_message(
                self.TextFailed(save.meeting_id, save.field, save.text, str(error), retry)
            )
            return
        self._stored_texts[key] = save.text
        self.post_message(self.TextSaved(meeting, save.field, save.text))

    @on(TextSaved)
    def _text_saved(self, message: TextSaved) -> None:
        meeting = message.meeting
        if self.loaded is not None and any(m.id == meeting.id for m in self.loaded.meetings):
            # Keep the day's copy current so the editor never falls back to older text.
            meetings = tuple(meeting if m.id == meeting.id else m for m in self.loaded.meetings)
            self.loaded = replace(self.loaded, meetings=meetings)
            self.meetings_pane.day = self.loaded
        self.editor.mark_saved(meeting.id, message.field, message.text)  # type: ignore[arg-type]
        if self._saves_failing and not self.editor.failed:
            self._saves_failing = False
            self.notify("Your notes are in the diary now.", title="Notes saved")
        self._write_settled()

    @on(TextSuperseded)
    def _text_superseded(self, message: TextSuperseded) -> None:
        self._write_settled()

    @on(TextFailed)
    def _text_failed(self, message: TextFailed) -> None:
        """The text stays in the editor ("not saved"): tried again every few seconds, or
        written to a file with ctrl+s. Text for a meeting that is gone goes to a file now."""
        self._write_settled()
        field = message.field
        self.editor.mark_failed(message.meeting_id, field, message.text)  # type: ignore[arg-type]
        if not message.retry:
            self.notify(message.message, title="Notes not saved", severity="error")
            self.save_elsewhere([(message.meeting_id, field)], forget=True)
            return
        if not self._saves_failing:
            self._saves_failing = True
            self.notify(
                f"{message.message}\nYour notes stay here and are tried again every "
                f"{self.RETRY_SECONDS:g} s; ctrl+s writes them to a file.",
                title="Notes not saved",
                severity="error",
                timeout=12,
            )
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(self.RETRY_SECONDS, self._retry_saves)

    def _retry_saves(self) -> None:
        if not self.editor.failed:
            if self._retry_timer is not None:
                self._retry_timer.stop()
                self._retry_timer = None
            return
        self._flush_editor()

    # notes to a file ------------------------------------------------------------------
    def action_save_now(self) -> None:
        """ctrl+s, as in the forms: the notes save themselves, so this only hurries them;
        while the diary refuses them, it writes them to a file instead."""
        if self.editor.failed:
            self.action_save_elsewhere()
        else:
            self._flush_editor()

    def action_save_elsewhere(self) -> None:
        """Typed notes to a file the delegate can find: every unsaved draft, or, when all
        is saved, the notes on screen (a copy on request)."""
        keys = list(self.editor.unsaved)
        if not keys and self.editor.meeting_id is not None:
            keys = [(self.editor.meeting_id, self.editor.field)]
        if not keys:
            self.notify("Select a meeting first: its notes are what gets written.")
            return
        self.save_elsewhere(keys)

    def save_elsewhere(self, keys: list[tuple[str, str]], *, forget: bool = False) -> None:
        titles = {m.id: m.title for m in (self.loaded.meetings if self.loaded else ())}
        unsaved = self.editor.unsaved
        texts = []
        for meeting_id, field in keys:
            if (meeting_id, field) in unsaved:
                text = unsaved[(meeting_id, field)]  # type: ignore[index]
            elif meeting_id == self.editor.meeting_id and field == self.editor.field:
                text = self.editor.current_text
            else:
                continue
            texts.append(UnsavedText(titles.get(meeting_id, f"meeting {meeting_id}"), field, text))
        if texts:
            self._write_notes_file(texts, tuple(keys) if forget else ())

    @work(thread=True, group="notes-file")
    def _write_notes_file(
        self, texts: list[UnsavedText], forget: tuple[tuple[str, str], ...]
    ) -> None:
        try:
            path = write_unsaved_notes(self.db_path, texts)
        except DiaryError as error:
            self.post_message(self.NotesWritten(None, str(error)))
            return
        self.post_message(self.NotesWritten(path, f"Notes written to {path}", forget))

    @on(NotesWritten)
    def _notes_written(self, message: NotesWritten) -> None:
        if message.path is None:
            self.notify(message.message, title="Notes not written", severity="error", timeout=20)
            return
        for meeting_id, field in message.keys:
            self.editor.forget_draft(meeting_id, field)  # type: ignore[arg-type]
        self.notify(message.message, title="Notes saved to a file", timeout=20)

    def unsaved_notes_to_file(self) -> Path | None:
        """At quit: drafts the diary would not take go to a file (on the UI thread; the
        app is closing). None when there were none."""
        unsaved = {
            key: text
            for key, text in self.editor.unsaved.items()
            if self._stored_texts.get(key) != text
        }
        if not unsaved:
            return None
        titles = {m.id: m.title for m in (self.loaded.meetings if self.loaded else ())}
        texts = [
            UnsavedText(titles.get(meeting_id, f"meeting {meeting_id}"), field, text)
            for (meeting_id, field), text in unsaved.items()
        ]
        return write_unsaved_notes(self.db_path, texts)

    def _flush_editor(self) -> None:
        for save in self.editor.take_pending():
            self._save(save)

    async def flush(self) -> None:
        """Save whatever was typed and wait until it is in the diary (quitting, publishing)."""
        self._flush_editor()
        await self.workers_done("write")

    async def workers_done(self, group: str) -> None:
        for worker in list(self.workers):
            if worker.node is self and worker.group == group and not worker.is_finished:
                await worker.wait()

    # panes and focus -------------------------------------------------------------
    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        for kind in PANES:
            pane = self.pane(kind)
            if event.widget is pane or pane in event.widget.ancestors:
                self.active_pane = kind

    def watch_active_pane(self, kind: str) -> None:
        for other in PANES:
            self.pane(other).set_class(other == kind, "-active")
        self.query_one("#pane-tabs", Tabs).active = f"tab-{kind}"

    @on(Tabs.TabActivated, "#pane-tabs")
    def _tab_clicked(self, event: Tabs.TabActivated) -> None:
        kind = (event.tab.id or "").removeprefix("tab-")
        if kind in PANES and kind != self.active_pane:
            self.active_pane = kind
            self.pane(kind).focus_list()

    def _stops(self) -> list[Widget]:
        """Where tab goes, in order: each pane's list, and the notes beside the meetings."""
        return [
            self.itinerary_pane.entries,
            self.meetings_pane.entries,
            self.editor.text_area,
            self.followup_pane.entries,
        ]

    def _move_focus(self, step: int) -> None:
        stops = self._stops()
        if self.focused in stops:
            target = stops[(stops.index(self.focused) + step) % len(stops)]
        else:  # nothing of ours focused: start with the pane on show
            target = self.pane(self.active_pane).entries
        kind = next(k for k in PANES if self.pane(k) in target.ancestors)
        self.active_pane = kind  # shows the pane first when only one pane fits
        self.call_after_refresh(target.focus)

    def action_next_pane(self) -> None:
        self._move_focus(1)

    def action_prev_pane(self) -> None:
        self._move_focus(-1)

    async def action_back(self) -> None:
        """Back one level: out of the notes to the meetings; from a day read from Review,
        back to Review on that day."""
        if self.focused is self.editor.text_area:
            self.meetings_pane.focus_list()
        elif self.came_from == "review":
            await self.action_review()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides a key from the footer and the palette (a twin on the same key, if
        any, takes it): keys that type while the notes have the focus, changes on a
        read-only day."""
        if isinstance(self.focused, TextArea) and not keymap.acts_while_typing("day", action):
            return False
        row = keymap.row_for("day", action)
        if row is not None and row.writes and self.read_only:
            return False
        if action == "back":
            return isinstance(self.focused, TextArea) or self.came_from == "review"
        if action == "edit_day":
            return self.read_only and not self.diary_read_only
        if action == "show_text" and parameters and self.is_mounted:
            return parameters[0] != self.editor.field
        return True

    # read-only ---------------------------------------------------------------------
    def watch_read_only(self, read_only: bool) -> None:
        banner = self.query_one("#read-only-banner", Static)
        if self.diary_read_only:
            banner.update(
                f"Read-only: {self.db_path} can't be written ({self.diary_read_only}). "
                "Browse and search; nothing here changes it."
            )
        banner.display = read_only
        self.editor.read_only = read_only
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        """A change asked for on a read-only day: its key is not in the footer, so say why
        nothing happens (a key shared with something a reader may do is left to that)."""
        if not self.read_only or isinstance(self.focused, TextArea):
            return
        rebound = self.app._keymap
        keys = {"write": set(), "read": set()}
        for row in keymap.rows_for("day"):
            found = rebound.get(row.id, row.keys).split(",")
            keys["write" if row.writes else "read"].update(filter(None, found))
        if event.key in keys["write"] - keys["read"]:
            event.stop()
            event.prevent_default()
            self._refuse()

    def action_edit_day(self) -> None:
        """A day read from Review, open for editing where it is."""
        if self.diary_read_only:
            self._refuse()
            return
        self.came_from = ""
        self.read_only = False
        self.notify("This day is open for editing.")

    def _refuse(self) -> bool:
        if self.read_only and self.diary_read_only:
            self.notify(
                f"{self.db_path} can't be written ({self.diary_read_only}); nothing was changed.",
                title="Read-only diary",
                severity="warning",
            )
        elif self.read_only:
            self.notify(
                "This day is open read-only from Review; press e to edit it.",
                severity="warning",
            )
        return self.read_only

    # days -----------------------------------------------------------------------------
    def action_prev_day(self) -> None:
        """Back to Day 0 (travel before the start) always, earlier only to days with entries."""
        if self.loaded is None:
            return
        day_zero = self.loaded.mission.start_date - timedelta(days=1)
        if self.day <= min(self.first_day, day_zero):
            self.notify("Day 0 is the first: travel before the mission starts.")
            return
        self.day -= timedelta(days=1)

    def action_next_day(self) -> None:
        if self.loaded is None:
            return
        if self.day >= self.loaded.mission.end_date:
            self.notify("This is the last day of the mission.")
            return
        self.day += timedelta(days=1)

    def action_today(self) -> None:
        if self.loaded is None:
            return
        mission = self.loaded.mission
        today = today_in(self.loaded.tz or mission.tz, self.clock())
        if not self.first_day <= today <= mission.end_date:
            self.notify(f"Today ({today:%-d %b %Y}) is not a day of this mission: here is Day 1.")
            today = mission.start_date
        self.day = today

    # entries ---------------------------------------------------------------------------
    def _selected(self) -> tuple[str, str] | None:
        """The entry the delegate is on: the selected one in the active pane."""
        entry_id = self.pane(self.active_pane).selected_id
        return (self.active_pane, entry_id) if entry_id else None

    def action_add(self) -> None:
        if self._refuse() or self.loaded is None:
            return
        day = self.loaded
        if self.active_pane == "itinerary":
            from missiondiary.tui.modals import itinerary_form

            values = itinerary_form.values_for_new(day)
            self.open_form(
                self.forms.take(itinerary_form.ItineraryForm, values, mission_id=self.mission_id)
            )
        elif self.active_pane == "meeting":
            from missiondiary.tui.modals import meeting_form

            self.open_form(
                self.forms.take(
                    meeting_form.MeetingForm,
                    meeting_form.values_for_new(day),
                    mission_id=self.mission_id,
                    people=self.people,
                    organisations=self.organisations,
                )
            )
        else:
            from missiondiary.tui.modals import followup_form

            self.open_form(
                self.forms.take(
                    followup_form.FollowUpForm,
                    followup_form.values_for_new(),
                    mission_id=self.mission_id,
                    day=self.day,
                    people=self.people,
                )
            )

    def action_open(self) -> None:
        selected = self._selected()
        if selected:
            self.open_entry(*selected)

    @on(EntryPane.Opened)
    def _opened(self, message: EntryPane.Opened) -> None:
        self.open_entry(message.kind, message.entry_id)

    def open_entry(self, kind: str, entry_id: str) -> None:
        """The entry's form, filled in with what is stored (notes as typed, if newer)."""
        if self._refuse() or self.loaded is None:
            return
        day = self.loaded
        if kind == "itinerary":
            from missiondiary.tui.modals import itinerary_form

            item = next((i for i in day.itinerary if i.id == entry_id), None)
            if item:
                values = itinerary_form.values_for_item(item)
                self.open_form(
                    self.forms.take(
                        itinerary_form.ItineraryForm,
                        values,
                        mission_id=self.mission_id,
                        item_id=item.id,
                    )
                )
        elif kind == "meeting":
            from missiondiary.tui.modals import meeting_form

            meeting = next((m for m in day.meetings if m.id == entry_id), None)
            if meeting:
                notes = (
                    self.editor.current_text
                    if self.editor.meeting_id == meeting.id and self.editor.field == "notes"
                    else None
                )
                self._flush_editor()
                self.open_form(
                    self.forms.take(
                        meeting_form.MeetingForm,
                        meeting_form.values_for_meeting(meeting, notes),
                        mission_id=self.mission_id,
                        people=self.people,
                        organisations=self.organisations,
                        meeting_id=meeting.id,
                    )
                )
        elif kind == "followup":
            from missiondiary.tui.modals import followup_form

            followup = next((f for f in day.followups if f.id == entry_id), None)
            if followup:
                self.open_form(
                    self.forms.take(
                        followup_form.FollowUpForm,
                        followup_form.values_for_followup(followup),
                        mission_id=self.mission_id,
                        people=self.people,
                        followup_id=followup.id,
                    )
                )

    def open_form(self, form: EntryForm[Any]) -> None:
        """A form whose draft becomes one write; if the store refuses it, the form comes
        back with what was typed and the message beside its field."""
        kind, context = type(form), dict(form.context)  # a kept form is refilled later

        def done(draft: Draft | None) -> None:
            if draft is None:
                return

            def change(store: Store) -> Written:
                saved = draft.apply(store)
                return Written(notice=saved.notice, select=saved.select, day=saved.day)

            def retry(error: InvalidInput) -> None:
                self.open_form(self.forms.take(kind, draft.values, error=error, **context))

            self.write(change, retry=retry)

        self.app.push_screen(form, done)

    def action_toggle_done(self) -> None:
        if self._refuse():
            return
        if self.active_pane != "followup":
            self.notify("Space ticks a follow-up: move to Follow-ups with tab first.")
            return
        entry_id = self.followup_pane.selected_id
        followup = next(
            (f for f in (self.loaded.followups if self.loaded else ()) if f.id == entry_id), None
        )
        if followup is None:
            return
        status = (
            FollowUpStatus.OPEN
            if followup.status is not FollowUpStatus.OPEN
            else (FollowUpStatus.DONE)
        )
        when = self.day

        def change(store: Store) -> Written:
            store.set_followup_status(followup.id, status, on=when)
            return Written(select=("followup", followup.id))

        self.write(change)

    def action_cycle_visibility(self) -> None:
        if self._refuse():
            return
        selected = self._selected()
        if selected is None or self.loaded is None:
            return
        kind, entry_id = selected
        entries = {"itinerary": self.loaded.itinerary, "meeting": self.loaded.meetings}.get(
            kind, self.loaded.followups
        )
        entry = next((e for e in entries if e.id == entry_id), None)
        if entry is None:
            return
        visibility = entry.visibility.next()

        def change(store: Store) -> Written:
            store.set_visibility(kind, entry_id, visibility)
            return Written(select=(kind, entry_id))

        self.write(change)

    def action_delete(self) -> None:
        if self._refuse():
            return
        selected = self._selected()
        if selected is None or self.loaded is None:
            return
        kind, entry_id = selected
        from missiondiary.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if kind == "meeting":
                self._flush_editor()  # the notes go with it, and come back with undo

            def change(store: Store) -> Written:
                label = store.delete_entry(kind, entry_id)
                return Written(notice=f"Deleted {ENTITY_WORDS[kind]} '{label}'. Press u to undo.")

            self.write(change)

        label = self._label(kind, entry_id)
        question = f"Delete the {ENTITY_WORDS[kind]} '{label}'?"
        self.app.push_screen(ConfirmModal(question, "u brings it back."), answered)

    def _label(self, kind: str, entry_id: str) -> str:
        assert self.loaded is not None
        for entry in (*self.loaded.itinerary, *self.loaded.meetings):
            if entry.id == entry_id:
                return entry.title
        for followup in self.loaded.followups:
            if followup.id == entry_id:
                return followup.text
        return ENTITY_WORDS.get(kind, "entry")

    def action_undo(self) -> None:
        if self._refuse():
            return
        self._flush_editor()

        def change(store: Store) -> Written:
            undone = store.undo()
            entity = undone.entity if undone.entity in PANES else None
            select = (entity, undone.entity_id) if entity and undone.action != "insert" else None
            return Written(notice=undone.undone_words(), select=select)

        self.write(change)

    # notes -------------------------------------------------------------------------------
    def action_toggle_text(self) -> None:
        self.editor.toggle_field()
        self.refresh_bindings()

    def action_show_text(self, field: str) -> None:
        self.editor.field = "summary" if field == "summary" else "notes"
        self.refresh_bindings()

    def action_external_edit(self) -> None:
        """The selected meeting's notes (or summary) in $EDITOR; saved when it closes."""
        if self._refuse():
            return
        meeting = self.meetings_pane.selected_meeting
        if meeting is None:
            self.notify("Select a meeting first: its notes open in your editor.")
            return
        if self.editor.meeting_id != meeting.id:
            self.editor.show_meeting(meeting)
        before = self.editor.current_text
        after, problem = edit_in_editor(self.app, before)
        if problem:
            self.notify(problem, title="Editor did not run", severity="error")
            return
        if after is not None and after != before:
            self.editor.take_external(after)

    # other screens ------------------------------------------------------------------------
    async def _open_screen(self, screen: Screen, *, after: Callable | None = None) -> None:
        """Save typed notes first, so the other screen sees them; refresh the day after."""
        await self.flush()

        def closed(result: object) -> None:
            if isinstance(result, Jump):
                self.show_jump(result)
            else:
                self.reload()
            if after is not None:
                after(result)

        await self.app.push_screen(screen, closed)

    async def action_search(self) -> None:
        try:
            from missiondiary.tui.screens.search import SearchScreen
        except ImportError:
            self._missing("Search")
            return
        await self._open_screen(
            SearchScreen(self.db_path, self.mission_id, readonly=self._store_readonly)
        )

    async def action_photos(self) -> None:
        """The day's photos, to see and caption (tui/screens/photos.py)."""
        if self.loaded is None or not self.loaded.photos:
            self.notify("No photos on this day: missiondiary photo add MISSION FOLDER")
            return
        from missiondiary.tui.screens.photos import PhotosScreen

        await self._open_screen(
            PhotosScreen(self.db_path, self.loaded, readonly=self.read_only or self._store_readonly)
        )

    async def action_publish(self) -> None:
        if self.diary_read_only and self._refuse():
            return  # publishing records the post in the diary
        try:
            from missiondiary.tui.screens.publish import PublishScreen
        except ImportError:
            self._missing("Publishing")
            return
        await self._open_screen(PublishScreen(self.db_path, self.mission_id, self.day))

    async def action_missions(self) -> None:
        if self.diary_read_only and self._refuse():
            return  # r (review) switches missions without writing
        try:
            from missiondiary.tui.screens.missions import MissionsScreen
        except ImportError:
            self._missing("Missions")
            return
        await self._open_screen(MissionsScreen(self.db_path, self.mission_id))

    async def action_contacts(self) -> None:
        """Organisations and people met on every mission; enter on a meeting opens its day."""
        if self.diary_read_only and self._refuse():
            return  # the register edits and merges; it opens the diary for writing
        from missiondiary.tui.screens.contacts import ContactsScreen

        await self._open_screen(ContactsScreen(self.db_path))

    async def action_review(self) -> None:
        try:
            from missiondiary.tui.screens.review import ReviewScreen
        except ImportError:
            self._missing("Review")
            return
        if self.came_from == "review":
            at: tuple[str, date] | None = (self.mission_id, self.day)  # back on the day read
        else:
            at = None
            self._before_review = Jump(self.mission_id, self.day)

        def closed(result: object) -> None:
            """Esc from Review goes back to the day Review was opened from, not to a day
            read from it."""
            if result is None and self.came_from == "review" and self._before_review:
                self.show_jump(self._before_review)

        await self._open_screen(
            ReviewScreen(self.db_path, readonly=self._store_readonly, select=at), after=closed
        )

    def _missing(self, what: str) -> None:
        self.notify(f"{what} is not available in this build.", severity="warning")
