"""One mission day: itinerary, meetings with their notes, follow-ups.

The screen owns the day's data and every write; its notes (screens/day_notes.py), its
entries' actions (day_entries.py) and its moves to other days and screens (day_moves.py) are
parts of it kept in their own modules. Widgets show what they are given and post
messages; the screen calls the store in thread workers (each opens its own store) and hands
the results back to the widgets. Writes run one at a time in the order the delegate made them.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static, Tab, Tabs, TextArea

from missiondiary.domain import Day
from missiondiary.errors import DiaryError, InvalidInput
from missiondiary.store import open_store
from missiondiary.store.watch import ChangeWatcher
from missiondiary.tui import keymap
from missiondiary.tui.handles import Child, KeyedScreen
from missiondiary.tui.messages import Jump
from missiondiary.tui.screens.day_entries import PANES, EntryActions
from missiondiary.tui.screens.day_moves import DayMoves
from missiondiary.tui.screens.day_notes import NotesKeeping
from missiondiary.tui.widgets.followup_pane import FollowUpPane
from missiondiary.tui.widgets.footer import QuietFooter
from missiondiary.tui.widgets.itinerary_pane import ItineraryPane
from missiondiary.tui.widgets.meetings_pane import MeetingsPane
from missiondiary.tui.widgets.notes_editor import NotesEditor
from missiondiary.tui.widgets.pane import EntryPane
from missiondiary.tui.widgets.photo_strip import PhotoStrip
from missiondiary.tui.widgets.title_line import TitleLine
from missiondiary.tui.writer import Change, DiaryWriter, Written, writer_for

if TYPE_CHECKING:
    from missiondiary.tui.modals.form import FormPool

Clock = Callable[[], datetime]
PANE_TITLES = {"itinerary": "Itinerary", "meeting": "Meetings", "followup": "Follow-ups"}


class DayScreen(KeyedScreen, NotesKeeping, EntryActions, DayMoves, Screen[None], keys="day"):
    AUTO_FOCUS = "#meeting-list"  # capture starts with the meetings
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

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

    class Shown(Message):
        """A day is shown (after a move or an edit): for the app, which checks it for
        "changed since sent"."""

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
    class ChangedElsewhere(Message):
        """Another program (or window) committed a change to the diary."""

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

    title_line = Child(TitleLine)
    itinerary_pane = Child(ItineraryPane)
    meetings_pane = Child(MeetingsPane)
    followup_pane = Child(FollowUpPane)
    editor = Child(NotesEditor)

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
        self.post_message(self.Shown())
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
        for kind in PANES:
            self.pane(kind).read_only = read_only
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
