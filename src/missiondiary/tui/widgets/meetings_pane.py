"""The day's meetings above, the selected meeting's notes (or summary) below."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList

from missiondiary.domain import Day, Meeting
from missiondiary.tui.widgets.entry_list import EntryList
from missiondiary.tui.widgets.notes_editor import NotesEditor
from missiondiary.tui.widgets.pane import EntryPane
from missiondiary.tui.widgets.rows import meeting_row


class MeetingsPane(EntryPane):
    KIND = "meeting"
    TITLE = "Meetings"

    DEFAULT_CSS = """
    MeetingsPane {
        #meeting-list { height: 2fr; min-height: 4; }
        NotesEditor { height: 3fr; min-height: 6; }
    }
    """

    def compose(self) -> ComposeResult:
        yield EntryList(id="meeting-list")
        yield NotesEditor(id="notes-editor")

    @property
    def editor(self) -> NotesEditor:
        return self.query_one(NotesEditor)

    @property
    def selected_meeting(self) -> Meeting | None:
        entry_id = self.selected_id
        if self.day is None or entry_id is None:
            return None
        return next((m for m in self.day.meetings if m.id == entry_id), None)

    def show(self, day: Day | None) -> None:
        meetings = day.meetings if day else ()
        own = day.mission.organisation if day else ""
        self.entries.show_entries(
            [(meeting.id, meeting_row(meeting, own)) for meeting in meetings],
            empty=self.empty_text(
                "Day 0: travel before the start. Press a for a meeting, or shift+tab to the "
                "itinerary and press a for the flight."
                if day is not None and day.number == 0
                else "No meetings yet. Press a to add one; its notes go below."
            ),
        )
        self.editor.show_meeting(self.selected_meeting)

    def select_id(self, entry_id: str) -> bool:
        found = super().select_id(entry_id)
        self.editor.show_meeting(self.selected_meeting)
        return found

    @on(OptionList.OptionHighlighted, "#meeting-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        meeting = self.selected_meeting
        if meeting is None or meeting.id != self.editor.meeting_id:
            self.editor.show_meeting(meeting)
