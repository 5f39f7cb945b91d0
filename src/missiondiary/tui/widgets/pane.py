"""What the three panes share: a titled box around a list of one kind of entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList

from missiondiary.domain import Day
from missiondiary.tui.widgets.entry_list import EntryList


class EntryPane(Vertical):
    """Shows its part of `day`; posts `Opened` when the user opens an entry (enter, click)."""

    KIND: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""

    DEFAULT_CSS = """
    EntryPane {
        border: round $foreground 25%;
        border-title-color: $text-muted;
        border-title-style: bold;
        padding: 0 1;
        height: 1fr;
        &:focus-within {
            border: round $primary;
            border-title-color: $text;
        }
    }
    """

    # The box draws nothing of the day (its list does): no repaint of the whole pane.
    day: reactive[Day | None] = reactive(None, init=False, repaint=False)
    # A day read from Review: an empty list does not offer `a`, which does nothing there.
    read_only: reactive[bool] = reactive(False, init=False, repaint=False)

    @dataclass
    class Opened(Message):
        kind: str
        entry_id: str

    def compose(self) -> ComposeResult:
        yield EntryList(id=f"{self.KIND}-list")

    def watch_read_only(self) -> None:
        if self.day is not None:
            self.show(self.day)

    def empty_text(self, writable: str) -> str:
        """What an empty list says: how to add to it, or, on a read-only day, only that
        there is nothing."""
        return f"No {self.TITLE.lower()} on this day." if self.read_only else writable

    def on_mount(self) -> None:
        self.border_title = self.TITLE

    @property
    def entries(self) -> EntryList:
        return self.query_one(EntryList)

    @property
    def selected_id(self) -> str | None:
        return self.entries.selected_id

    def select_id(self, entry_id: str) -> bool:
        return self.entries.select_id(entry_id)

    def focus_list(self) -> None:
        self.entries.focus()

    def watch_day(self, old: Day | None, day: Day | None) -> None:
        moved = (
            old is None or day is None or (old.mission.id, old.date) != (day.mission.id, day.date)
        )
        if moved:
            self.entries.forget_highlight()  # another day: start from its first entry
        self.show(day)

    def show(self, day: Day | None) -> None:
        raise NotImplementedError

    @on(OptionList.OptionSelected)
    def _opened(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(self.KIND, event.option.id))
