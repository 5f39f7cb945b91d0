"""Meetings: who, which organisation, what was said (notes, never published), what members
may read (summary), and what was agreed (outcomes, with amounts)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from missiondiary.domain import (
    Attendee,
    Meeting,
    Moment,
    Outcome,
    Visibility,
    parse_amount,
    parse_currency,
)
from missiondiary.domain.text import one_line
from missiondiary.errors import InvalidInput
from missiondiary.store import rows
from missiondiary.store.base import new_id
from missiondiary.store.directory import DirectoryMixin
from missiondiary.store.history import HistoryMixin
from missiondiary.store.rows import (
    as_typed,
    changed_columns,
    dated_columns,
    new_row,
    visibility_column,
)


def _title(title: str) -> str:
    clean = one_line(title)
    if not clean:
        raise InvalidInput("--title", "a meeting needs a title")
    return clean


def _outcomes(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """Amounts stay exact decimals and currencies ISO codes, whoever calls the store."""
    result = []
    for outcome in outcomes:
        text = one_line(outcome.text)
        if not text:
            raise InvalidInput("--outcome", "an outcome needs some text")
        amount = parse_amount(outcome.amount)
        currency = parse_currency(outcome.currency)
        if amount is not None and not currency:
            raise InvalidInput("--currency", f"the amount {outcome.amount} needs a currency")
        result.append(Outcome(text, amount, currency))
    return result


def _attendees(attendees: Sequence[Attendee]) -> list[Attendee]:
    result = []
    for attendee in attendees:
        name = one_line(attendee.name)
        if not name:
            raise InvalidInput("--with", f"'{attendee}' needs a name (Name, Role, Organisation)")
        result.append(Attendee(name, one_line(attendee.role), one_line(attendee.organisation)))
    return result


def _organisations(names: Sequence[str]) -> list[str]:
    return [clean for clean in (one_line(name) for name in names) if clean]


class MeetingsMixin(DirectoryMixin, HistoryMixin):
    def add_meeting(
        self,
        mission_id: str,
        title: str,
        at: Moment,
        location: str = "",
        organisations: Sequence[str] = (),
        attendees: Sequence[Attendee] = (),
        notes: str = "",
        summary: str = "",
        outcomes: Sequence[Outcome] = (),
        visibility: Visibility = Visibility.PRIVATE,
        itinerary_id: str | None = None,
    ) -> Meeting:
        clean_title = _title(title)
        clean_outcomes = _outcomes(outcomes)
        clean_attendees = _attendees(attendees)
        clean_organisations = _organisations(organisations)
        row = new_row(
            new_id(),
            mission_id=mission_id,
            title=clean_title,
            **dated_columns("at", at),
            location=location.strip(),
            notes=notes,
            summary=summary,
            visibility=visibility_column(visibility),
            itinerary_id=itinerary_id or None,
        )
        with self.write():
            self.mission(mission_id)
            if itinerary_id:
                self.itinerary_item(itinerary_id)  # type: ignore[attr-defined]
            self._insert("meeting", row, clean_title)
            self._write_links(row["id"], clean_organisations, clean_attendees, clean_outcomes)
        return self.meeting(row["id"])

    def update_meeting(
        self,
        meeting_id: str,
        *,
        title: str | None = None,
        at: Moment | None = None,
        location: str | None = None,
        organisations: Sequence[str] | None = None,
        attendees: Sequence[Attendee] | None = None,
        notes: str | None = None,
        summary: str | None = None,
        outcomes: Sequence[Outcome] | None = None,
        visibility: Visibility | None = None,
    ) -> Meeting:
        current = self.meeting(meeting_id)
        values = changed_columns(
            title=(title, _title),
            location=(location, str.strip),
            notes=(notes, as_typed),
            summary=(summary, as_typed),
            visibility=(visibility, visibility_column),
        )
        if at is not None:
            values.update(dated_columns("at", at))
        clean_outcomes = _outcomes(outcomes) if outcomes is not None else None
        clean_attendees = _attendees(attendees) if attendees is not None else None
        clean_organisations = _organisations(organisations) if organisations is not None else None
        if clean_organisations is not None and clean_attendees is None:
            # The attendees stay, so their organisations stay among those met.
            clean_organisations += [a.organisation for a in current.attendees if a.organisation]
        with self.write():
            self._update("meeting", meeting_id, values, current.title)
            self._write_links(
                meeting_id,
                clean_organisations,
                clean_attendees,
                clean_outcomes,
                replace=True,
            )
        return self.meeting(meeting_id)

    def save_meeting_text(
        self, meeting_id: str, *, notes: str | None = None, summary: str | None = None
    ) -> Meeting:
        """The autosave path: one undoable change per burst of typing, not per keystroke."""
        current = self.meeting(meeting_id)
        values = changed_columns(notes=(notes, as_typed), summary=(summary, as_typed))
        with self.write():
            self._update("meeting", meeting_id, values, current.title, action="edit")
        return self.meeting(meeting_id)

    def _write_links(
        self,
        meeting_id: str,
        organisations: Sequence[str] | None,
        attendees: Sequence[Attendee] | None,
        outcomes: Sequence[Outcome] | None,
        replace: bool = False,
    ) -> None:
        """Links of a meeting; None leaves that kind as it is. Names arrive cleaned."""
        if organisations is not None and replace:
            self.db.execute("DELETE FROM meeting_organisations WHERE meeting_id = ?", (meeting_id,))
        if organisations is not None or attendees is not None:
            # Attendees' organisations are organisations met too.
            names = [*(organisations or ()), *(a.organisation for a in attendees or ())]
            linked = {
                row[0]
                for row in self.db.execute(
                    "SELECT organisation_id FROM meeting_organisations WHERE meeting_id = ?",
                    (meeting_id,),
                )
            }
            for name in names:
                if not name:
                    continue
                org_id = self._ensure("organisations", name)
                if org_id in linked:
                    continue
                linked.add(org_id)
                self.db["meeting_organisations"].insert(
                    {"meeting_id": meeting_id, "organisation_id": org_id, "position": len(linked)}
                )
        if attendees is not None:
            if replace:
                self.db.execute("DELETE FROM meeting_attendees WHERE meeting_id = ?", (meeting_id,))
            seen_people: set[str] = set()
            for position, attendee in enumerate(attendees, start=1):
                person_id = self._ensure("people", attendee.name)
                if person_id in seen_people:
                    continue
                seen_people.add(person_id)
                org_id = (
                    self._ensure("organisations", attendee.organisation)
                    if attendee.organisation
                    else None
                )
                self.db["meeting_attendees"].insert(
                    {
                        "meeting_id": meeting_id,
                        "person_id": person_id,
                        "role": attendee.role,
                        "organisation_id": org_id,
                        "position": position,
                    }
                )
        if outcomes is not None:
            if replace:
                self.db.execute("DELETE FROM outcomes WHERE meeting_id = ?", (meeting_id,))
            for position, outcome in enumerate(outcomes, start=1):
                self.db["outcomes"].insert(
                    new_row(
                        new_id(),
                        meeting_id=meeting_id,
                        position=position,
                        text=outcome.text,
                        amount=str(outcome.amount) if outcome.amount is not None else None,
                        currency=outcome.currency,
                    )
                )

    def meeting(self, meeting_id: str) -> Meeting:
        return self._meetings([self._row_by_id("meeting", meeting_id)])[0]

    def meeting_of_mission(self, meeting_id: str, mission_id: str) -> Meeting:
        """The meeting a photo or follow-up is linked to, refused when another mission's."""
        meeting = self.meeting(meeting_id)
        if meeting.mission_id != mission_id:
            raise InvalidInput("--meeting", "that meeting belongs to another mission")
        return meeting

    def meetings_for_day(self, mission_id: str, day: date) -> list[Meeting]:
        return self._meetings(
            self._rows(
                "SELECT * FROM meetings WHERE mission_id = ? AND local_date = ? "
                "ORDER BY at_local, at_utc",
                (mission_id, day.isoformat()),
            )
        )

    def meetings_for_mission(self, mission_id: str) -> list[Meeting]:
        return self._meetings(
            self._rows(
                "SELECT * FROM meetings WHERE mission_id = ? ORDER BY local_date, at_local",
                (mission_id,),
            )
        )

    def _meetings(self, meeting_rows: list[dict]) -> list[Meeting]:
        """Meetings with their organisations, attendees and outcomes in three queries."""
        if not meeting_rows:
            return []
        ids = [row["id"] for row in meeting_rows]
        marks = ",".join("?" * len(ids))
        orgs: dict[str, list[str]] = defaultdict(list)
        for row in self._rows(
            "SELECT mo.meeting_id, o.name FROM meeting_organisations mo "
            "JOIN organisations o ON o.id = mo.organisation_id "
            f"WHERE mo.meeting_id IN ({marks}) ORDER BY mo.position",
            tuple(ids),
        ):
            orgs[row["meeting_id"]].append(row["name"])
        people: dict[str, list[Attendee]] = defaultdict(list)
        for row in self._rows(
            "SELECT ma.meeting_id, p.name, ma.role, o.name AS org FROM meeting_attendees ma "
            "JOIN people p ON p.id = ma.person_id "
            "LEFT JOIN organisations o ON o.id = ma.organisation_id "
            f"WHERE ma.meeting_id IN ({marks}) ORDER BY ma.position",
            tuple(ids),
        ):
            people[row["meeting_id"]].append(Attendee(row["name"], row["role"], row["org"] or ""))
        results: dict[str, list[Outcome]] = defaultdict(list)
        for row in self._rows(
            f"SELECT * FROM outcomes WHERE meeting_id IN ({marks}) ORDER BY position",
            tuple(ids),
        ):
            results[row["meeting_id"]].append(rows.outcome(row))
        return [
            rows.meeting(
                row,
                tuple(orgs[row["id"]]),
                tuple(people[row["id"]]),
                tuple(results[row["id"]]),
            )
            for row in meeting_rows
        ]
