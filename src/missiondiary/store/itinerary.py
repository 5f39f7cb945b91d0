"""Itinerary items: flights, hotels, meetings on the schedule, ceremonies."""

from __future__ import annotations

from datetime import date

from missiondiary.domain import ITINERARY_KINDS, ItineraryItem, Moment, Visibility
from missiondiary.domain.text import one_line
from missiondiary.errors import InvalidInput
from missiondiary.store import rows
from missiondiary.store.base import new_id
from missiondiary.store.history import HistoryMixin
from missiondiary.store.rows import (
    UNSET,
    dated_columns,
    moment_columns,
    new_row,
    visibility_column,
)
from missiondiary.timeline import stamp


def _check(kind: str, title: str, start: Moment, end: Moment | None) -> str:
    if kind not in ITINERARY_KINDS:
        raise InvalidInput("--kind", f"'{kind}' is not one of {', '.join(ITINERARY_KINDS)}")
    title = one_line(title)
    if not title:
        raise InvalidInput("--title", "an itinerary item needs a title")
    if end is not None and end.utc < start.utc:
        raise InvalidInput(
            "--end",
            f"{end.local:%Y-%m-%d %H:%M} {end.tz} is before the start "
            f"{start.local:%Y-%m-%d %H:%M} {start.tz}",
        )
    return title


class ItineraryMixin(HistoryMixin):
    def add_itinerary_item(
        self,
        mission_id: str,
        title: str,
        start: Moment,
        end: Moment | None = None,
        kind: str = "other",
        location: str = "",
        details: str = "",
        visibility: Visibility = Visibility.MEMBERS,
        source_uid: str | None = None,
    ) -> ItineraryItem:
        """`source_uid` names the calendar event an item was imported from (UID, plus
        '#recurrence-id' for one occurrence of a series), so a second import adds nothing."""
        title = _check(kind, title, start, end)
        row = new_row(
            new_id(),
            mission_id=mission_id,
            kind=kind,
            title=title,
            **dated_columns("start", start),
            **moment_columns("end", end),
            location=location.strip(),
            details=details,
            visibility=visibility_column(visibility),
            source_uid=source_uid,
        )
        with self.write():
            self.mission(mission_id)
            self._insert("itinerary", row, title)
        return rows.itinerary_item(row)

    def itinerary_item(self, item_id: str) -> ItineraryItem:
        return rows.itinerary_item(self._row_by_id("itinerary", item_id))

    def update_itinerary_item(
        self,
        item_id: str,
        *,
        title: str | None = None,
        start: Moment | None = None,
        end: Moment | object | None = UNSET,
        kind: str | None = None,
        location: str | None = None,
        details: str | None = None,
        visibility: Visibility | None = None,
    ) -> ItineraryItem:
        current = self.itinerary_item(item_id)
        new_start = start or current.start
        new_end = current.end if end is UNSET else end
        new_kind = kind or current.kind
        new_title = _check(new_kind, current.title if title is None else title, new_start, new_end)  # type: ignore[arg-type]
        values = {
            "kind": new_kind,
            "title": new_title,
            **dated_columns("start", new_start),
            **moment_columns("end", new_end),  # type: ignore[arg-type]
            "location": current.location if location is None else location.strip(),
            "details": current.details if details is None else details,
            "visibility": visibility_column(visibility or current.visibility),
            "updated_at": stamp(),
        }
        with self.write():
            self._update("itinerary", item_id, values, current.title)
        return self.itinerary_item(item_id)

    def itinerary_by_source_uid(self, mission_id: str, source_uid: str) -> ItineraryItem | None:
        """The item a calendar event was imported as, if it was."""
        row = self._row(
            "SELECT * FROM itinerary_items WHERE mission_id = ? AND source_uid = ? LIMIT 1",
            (mission_id, source_uid),
        )
        return rows.itinerary_item(row) if row else None

    def itinerary_for_day(self, mission_id: str, day: date) -> list[ItineraryItem]:
        return [
            rows.itinerary_item(row)
            for row in self._rows(
                "SELECT * FROM itinerary_items WHERE mission_id = ? AND local_date = ? "
                "ORDER BY start_local, start_utc",
                (mission_id, day.isoformat()),
            )
        ]

    def itinerary_for_mission(self, mission_id: str) -> list[ItineraryItem]:
        return [
            rows.itinerary_item(row)
            for row in self._rows(
                "SELECT * FROM itinerary_items WHERE mission_id = ? "
                "ORDER BY local_date, start_local",
                (mission_id,),
            )
        ]

    def last_itinerary_before(self, mission_id: str, day: date) -> ItineraryItem | None:
        row = self._row(
            "SELECT * FROM itinerary_items WHERE mission_id = ? AND local_date < ? "
            "ORDER BY local_date DESC, start_utc DESC LIMIT 1",
            (mission_id, day.isoformat()),
        )
        return rows.itinerary_item(row) if row else None
