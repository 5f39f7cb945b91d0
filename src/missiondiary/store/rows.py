"""Row <-> domain object conversions; the only place that knows column layouts."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

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
)
from missiondiary.timeline import moment_from_stored


def moment_columns(prefix: str, moment: Moment | None) -> dict[str, Any]:
    if moment is None:
        return {f"{prefix}_local": None, f"{prefix}_tz": None, f"{prefix}_utc": None}
    return {
        f"{prefix}_local": moment.local.isoformat(timespec="seconds"),
        f"{prefix}_tz": moment.tz,
        f"{prefix}_utc": moment.utc.isoformat(timespec="seconds"),
    }


def _moment(row: dict, prefix: str) -> Moment | None:
    if not row.get(f"{prefix}_local"):
        return None
    return moment_from_stored(row[f"{prefix}_local"], row[f"{prefix}_tz"], row[f"{prefix}_utc"])


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def mission(row: dict) -> Mission:
    return Mission(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        organisation=row["organisation"],
        author=row["author"],
        start_date=date.fromisoformat(row["start_date"]),
        end_date=date.fromisoformat(row["end_date"]),
        tz=row["tz"],
        home_tz=row["home_tz"],
        categories=tuple(json.loads(row["categories"] or "[]")),
        tags=tuple(json.loads(row["tags"] or "[]")),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def itinerary_item(row: dict) -> ItineraryItem:
    start = _moment(row, "start")
    assert start is not None
    return ItineraryItem(
        id=row["id"],
        mission_id=row["mission_id"],
        kind=row["kind"],
        title=row["title"],
        start=start,
        end=_moment(row, "end"),
        location=row["location"],
        details=row["details"],
        visibility=Visibility(row["visibility"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        source_uid=row.get("source_uid"),
    )


def meeting(
    row: dict,
    organisations: tuple[str, ...] = (),
    attendees: tuple[Attendee, ...] = (),
    outcomes: tuple[Outcome, ...] = (),
) -> Meeting:
    at = _moment(row, "at")
    assert at is not None
    return Meeting(
        id=row["id"],
        mission_id=row["mission_id"],
        title=row["title"],
        at=at,
        location=row["location"],
        organisations=organisations,
        attendees=attendees,
        notes=row["notes"],
        summary=row["summary"],
        outcomes=outcomes,
        visibility=Visibility(row["visibility"]),
        itinerary_id=row["itinerary_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def outcome(row: dict) -> Outcome:
    amount = Decimal(row["amount"]) if row["amount"] not in (None, "") else None
    return Outcome(text=row["text"], amount=amount, currency=row["currency"])


def followup(row: dict) -> FollowUp:
    return FollowUp(
        id=row["id"],
        mission_id=row["mission_id"],
        text=row["text"],
        owner=row["owner"],
        day=date.fromisoformat(row["day"]),
        due=_date(row["due"]),
        status=FollowUpStatus(row["status"]),
        closed_on=_date(row["closed_on"]),
        meeting_id=row["meeting_id"],
        visibility=Visibility(row["visibility"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def day_post(row: dict) -> DayPost:
    return DayPost(
        id=row["id"],
        mission_id=row["mission_id"],
        day=row["day"],
        title=row["title"],
        place=row["place"],
        body=row["body"],
        status=row["status"],
        published_at=row["published_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        visibility=Visibility(row["visibility"]),
    )
