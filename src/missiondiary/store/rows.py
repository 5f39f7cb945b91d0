"""Row <-> domain object conversions; the only place that knows column layouts, and so the
place of the steps every write shares: a new entry's row, an update's changed columns."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from missiondiary.domain import (
    Attendee,
    DayPost,
    FollowUp,
    FollowUpStatus,
    ItineraryItem,
    Meeting,
    Mission,
    Moment,
    Outcome,
    Visibility,
    parse_visibility,
)
from missiondiary.timeline import moment_from_stored, stamp

T = TypeVar("T")

UNSET: Any = object()
"""The default of a keyword for which None is a value to store (no due date, no meeting):
the caller said nothing, so the column stays as it is."""


def as_typed(text: str) -> str:
    """Free text (notes, a summary, a post's body) is kept exactly as typed."""
    return text


def visibility_column(value: Visibility | str) -> str:
    return parse_visibility(value).value


def new_row(entry_id: str, **columns: Any) -> dict[str, Any]:
    """A new entry's row (its id from `new_id()`), made and last changed at one instant."""
    now = stamp()
    return {"id": entry_id, **columns, "created_at": now, "updated_at": now}


def changed_columns(**given: tuple[Any, Callable[[Any], Any]]) -> dict[str, Any]:
    """The columns an update writes, stamped: `column=(value, clean)` for each it may change.
    A value of None leaves its column as it is (where None is a value to store, the keyword
    defaults to UNSET and its caller sets the column itself). The others are cleaned in the
    order written: of two bad fields, the first is the one the user is told about."""
    values = {column: clean(value) for column, (value, clean) in given.items() if value is not None}
    values["updated_at"] = stamp()
    return values


def from_row(cls: type[T], row: Mapping[str, Any], **converted: Any) -> T:
    """`cls` from a row whose columns bear its fields' names. `converted` holds the fields a
    column does not hold as they are (dates, enums, JSON, moments); a column the row lacks
    leaves its field's default (older rows have no `source_uid`)."""
    plain = {f.name: row[f.name] for f in fields(cls) if f.name not in converted and f.name in row}
    return cls(**plain, **converted)  # type: ignore[call-arg]


def moment_columns(prefix: str, moment: Moment | None) -> dict[str, Any]:
    if moment is None:
        return {f"{prefix}_local": None, f"{prefix}_tz": None, f"{prefix}_utc": None}
    return {
        f"{prefix}_local": moment.local.isoformat(timespec="seconds"),
        f"{prefix}_tz": moment.tz,
        f"{prefix}_utc": moment.utc.isoformat(timespec="seconds"),
    }


def dated_columns(prefix: str, moment: Moment) -> dict[str, Any]:
    """The moment's columns and the `local_date` the entry is filed under: the day its
    (start) time falls on where it happens, whatever the zone back home."""
    return {**moment_columns(prefix, moment), "local_date": moment.local_date.isoformat()}


def _moment(row: dict, prefix: str) -> Moment | None:
    if not row.get(f"{prefix}_local"):
        return None
    return moment_from_stored(row[f"{prefix}_local"], row[f"{prefix}_tz"], row[f"{prefix}_utc"])


def _required_moment(row: dict, prefix: str) -> Moment:
    found = _moment(row, prefix)
    assert found is not None, f"{prefix}_local is NOT NULL"
    return found


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def mission(row: dict) -> Mission:
    return from_row(
        Mission,
        row,
        start_date=date.fromisoformat(row["start_date"]),
        end_date=date.fromisoformat(row["end_date"]),
        categories=tuple(json.loads(row["categories"] or "[]")),
        tags=tuple(json.loads(row["tags"] or "[]")),
    )


def itinerary_item(row: dict) -> ItineraryItem:
    return from_row(
        ItineraryItem,
        row,
        start=_required_moment(row, "start"),
        end=_moment(row, "end"),
        visibility=Visibility(row["visibility"]),
    )


def meeting(
    row: dict,
    organisations: tuple[str, ...] = (),
    attendees: tuple[Attendee, ...] = (),
    outcomes: tuple[Outcome, ...] = (),
) -> Meeting:
    return from_row(
        Meeting,
        row,
        at=_required_moment(row, "at"),
        organisations=organisations,
        attendees=attendees,
        outcomes=outcomes,
        visibility=Visibility(row["visibility"]),
    )


def outcome(row: dict) -> Outcome:
    amount = Decimal(row["amount"]) if row["amount"] not in (None, "") else None
    return Outcome(text=row["text"], amount=amount, currency=row["currency"])


def followup(row: dict) -> FollowUp:
    return from_row(
        FollowUp,
        row,
        day=date.fromisoformat(row["day"]),
        due=_date(row["due"]),
        status=FollowUpStatus(row["status"]),
        closed_on=_date(row["closed_on"]),
        visibility=Visibility(row["visibility"]),
    )


def day_post(row: dict) -> DayPost:
    return from_row(DayPost, row, visibility=Visibility(row["visibility"]))
