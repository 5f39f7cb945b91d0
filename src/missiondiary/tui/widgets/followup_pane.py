"""Follow-ups open at that day (carried over from earlier days too), and those closed that day."""

from __future__ import annotations

from missiondiary.domain import Day
from missiondiary.tui.widgets.pane import EntryPane
from missiondiary.tui.widgets.rows import followup_row


class FollowUpPane(EntryPane):
    KIND = "followup"
    TITLE = "Follow-ups"

    def show(self, day: Day | None) -> None:
        rows = [(item.id, followup_row(item, day.date)) for item in day.followups] if day else []
        self.entries.show_entries(
            rows, empty=self.empty_text("No follow-ups open. Press a to add what is owed, by whom.")
        )
