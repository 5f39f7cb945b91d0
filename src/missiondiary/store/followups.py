"""Follow-ups: what was promised, who owns it, by when, and whether it happened."""

from __future__ import annotations

from datetime import date

from missiondiary.domain import FollowUp, FollowUpStatus, Visibility
from missiondiary.domain.text import one_line
from missiondiary.errors import InvalidInput
from missiondiary.store import rows
from missiondiary.store.base import new_id
from missiondiary.store.history import HistoryMixin
from missiondiary.store.rows import UNSET, changed_columns, new_row, visibility_column
from missiondiary.timeline import stamp, today_in


def _text(text: str, field_name: str = "--text") -> str:
    clean = one_line(text)
    if not clean:
        raise InvalidInput(field_name, "a follow-up needs some text")
    return clean


class FollowUpsMixin(HistoryMixin):
    def add_followup(
        self,
        mission_id: str,
        text: str,
        day: date,
        owner: str = "",
        due: date | None = None,
        meeting_id: str | None = None,
        visibility: Visibility = Visibility.PRIVATE,
    ) -> FollowUp:
        clean = _text(text, "TEXT")
        row = new_row(
            new_id(),
            mission_id=mission_id,
            text=clean,
            owner=one_line(owner),
            day=day.isoformat(),
            due=due.isoformat() if due else None,
            status=FollowUpStatus.OPEN.value,
            closed_on=None,
            meeting_id=meeting_id,
            visibility=visibility_column(visibility),
        )
        with self.write():
            self.mission(mission_id)  # type: ignore[attr-defined]
            if meeting_id:
                self.meeting_of_mission(meeting_id, mission_id)  # type: ignore[attr-defined]
            self._insert("followup", row, clean)
        return rows.followup(row)

    def followup(self, followup_id: str) -> FollowUp:
        return rows.followup(self._row_by_id("followup", followup_id))

    def update_followup(
        self,
        followup_id: str,
        *,
        text: str | None = None,
        owner: str | None = None,
        due: date | object | None = UNSET,
        visibility: Visibility | None = None,
    ) -> FollowUp:
        current = self.followup(followup_id)
        values = changed_columns(
            text=(text, _text),
            owner=(owner, one_line),
            visibility=(visibility, visibility_column),
        )
        if due is not UNSET:  # None clears the due date
            values["due"] = due.isoformat() if isinstance(due, date) else None
        with self.write():
            self._update("followup", followup_id, values, current.text)
        return self.followup(followup_id)

    def set_followup_status(
        self, followup_id: str, status: FollowUpStatus, on: date | None = None
    ) -> FollowUp:
        """Close or reopen; `on` is the day it happened (for 'open at the end of a day'),
        by default today on the mission's clock, and never before the day it was noted."""
        current = self.followup(followup_id)
        status = FollowUpStatus(status)
        closed_on = None
        if status is not FollowUpStatus.OPEN:
            if on is None:
                on = today_in(self.mission(current.mission_id).tz)  # type: ignore[attr-defined]
            closed_on = max(on, current.day).isoformat()
        with self.write():
            self._update(
                "followup",
                followup_id,
                {"status": status.value, "closed_on": closed_on, "updated_at": stamp()},
                current.text,
            )
        return self.followup(followup_id)

    def followups_for_day(self, mission_id: str, day: date) -> list[FollowUp]:
        """Open ones noted that day or earlier (carried over), and any closed on that day."""
        iso = day.isoformat()
        return [
            rows.followup(row)
            for row in self._rows(
                "SELECT * FROM followups WHERE mission_id = ? AND day <= ? "
                "AND (status = 'open' OR closed_on >= ?) "
                "ORDER BY status != 'open', due IS NULL, due, day, created_at",
                (mission_id, iso, iso),
            )
        ]

    def followups(
        self,
        mission_id: str | None = None,
        *,
        open_only: bool = False,
        overdue_on: date | None = None,
    ) -> list[FollowUp]:
        clauses, params = [], []
        if mission_id:
            clauses.append("mission_id = ?")
            params.append(mission_id)
        if open_only or overdue_on:
            clauses.append("status = 'open'")
        if overdue_on:
            clauses.append("due IS NOT NULL AND due < ?")
            params.append(overdue_on.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return [
            rows.followup(row)
            for row in self._rows(
                f"SELECT * FROM followups {where} ORDER BY due IS NULL, due, day, created_at",
                tuple(params),
            )
        ]
