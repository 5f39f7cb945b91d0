"""The exchange file's entries, row by row: stored rows -> JSON entries on export, and JSON
entries checked -> rows on import (a bad entry raises InvalidInput naming where it is, before
anything is written). Pure: the store hands over rows (`Store.exchange_rows`) and `merge` puts
the checked rows in; docs/formats.md documents the shape.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from missiondiary.domain import (
    ITINERARY_KINDS,
    FollowUpStatus,
    PostStatus,
    Visibility,
    name_key,
)
from missiondiary.domain.register import ORGANISATION_KINDS
from missiondiary.errors import InvalidInput
from missiondiary.store.base import LABELS
from missiondiary.timeline import check_zone

# section of the file -> entity (as the changes table names it), in foreign-key order
SECTIONS = {
    "missions": "mission",
    "organisations": "organisation",
    "people": "person",
    "itinerary": "itinerary",
    "meetings": "meeting",
    "followups": "followup",
    "posts": "post",
    "photos": "photo",
}
VISIBILITIES = tuple(v.value for v in Visibility)

# register columns a version 2 file carries with each organisation and person
ORG_COLUMNS = ("city", "country", "kind", "notes")
PERSON_COLUMNS = ("email", "phone", "messaging", "card", "protocol")


# reading rows -> entries ------------------------------------------------------------------


def _moment_out(row: dict, prefix: str) -> dict | None:
    if not row.get(f"{prefix}_local"):
        return None
    return {
        "local": row[f"{prefix}_local"],
        "tz": row[f"{prefix}_tz"],
        "utc": row[f"{prefix}_utc"],
    }


def _columns(row: dict, *names: str) -> dict:
    """The named columns as they are, in the order the file's entries list them."""
    return {name: row[name] for name in names}


# columns an entry carries as they are, in the file's order (docs/formats.md)
_STAMPS = ("created_at", "updated_at")
_MISSION_COLUMNS = (
    "id",
    "slug",
    "title",
    "organisation",
    "author",
    "start_date",
    "end_date",
    "tz",
    "home_tz",
)
_FOLLOWUP_COLUMNS = (
    "id",
    "mission_id",
    "meeting_id",
    "text",
    "owner",
    "day",
    "due",
    "status",
    "closed_on",
    "visibility",
)
_POST_COLUMNS = (
    "id",
    "mission_id",
    "day",
    "title",
    "place",
    "body",
    "status",
    "published_at",
    "visibility",
)


def _mission_out(row: dict) -> dict:
    return {
        **_columns(row, *_MISSION_COLUMNS),
        "categories": json.loads(row["categories"] or "[]"),
        "tags": json.loads(row["tags"] or "[]"),
        **_columns(row, *_STAMPS),
    }


def _organisation_out(row: dict, aliases: list[str]) -> dict:
    return {
        **_columns(row, "id", "name"),
        "aliases": aliases,
        **_columns(row, *ORG_COLUMNS, *_STAMPS),
    }


def _person_out(row: dict, aliases: list[str], titles: list[dict]) -> dict:
    return {
        **_columns(row, "id", "name"),
        "aliases": aliases,
        **_columns(row, *PERSON_COLUMNS),
        "titles": [
            {
                **_columns(t, "id", "title", "organisation_id"),
                "organisation": t["organisation"] or "",
                **_columns(t, "as_of", *_STAMPS),
            }
            for t in titles
        ],
        **_columns(row, *_STAMPS),
    }


def _item_out(row: dict) -> dict:
    return {
        **_columns(row, "id", "mission_id", "kind", "title"),
        "start": _moment_out(row, "start"),
        "end": _moment_out(row, "end"),
        **_columns(row, "location", "details", "visibility"),
        "source_uid": row.get("source_uid"),
        **_columns(row, *_STAMPS),
    }


def _followup_out(row: dict) -> dict:
    return _columns(row, *_FOLLOWUP_COLUMNS, *_STAMPS)


def _post_out(row: dict) -> dict:
    return _columns(row, *_POST_COLUMNS, *_STAMPS)


# checking entries -> rows -----------------------------------------------------------------


def _iso_time(text: str) -> str:
    datetime.fromisoformat(text)  # a ValueError says it is not one
    return text


class _Entry:
    """One entry of the file being read, with errors that say where it is."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise InvalidInput(where, f"expected an object, found {type(data).__name__}")
        self.data = data
        self.where = where

    def _fail(self, key: str, why: str) -> InvalidInput:
        return InvalidInput(f"{self.where}.{key}", why)

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self._fail(key, "missing")
            return default
        if not isinstance(value, str):
            raise self._fail(key, f"expected text, found {type(value).__name__}")
        if required and not value.strip():
            raise self._fail(key, "empty")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        return None if value is None else self.text(key)

    def _parsed(
        self, key: str, required: bool, parse: Callable[[str], str], wanted: str
    ) -> str | None:
        """Text that `parse` normalises; a ValueError from it fails as "'x' is not `wanted`",
        and an optional value that is absent is None."""
        if self.data.get(key) is None and not required:
            return None
        text = self.text(key, required=True)
        try:
            return parse(text)
        except ValueError:
            raise self._fail(key, f"'{text}' is not {wanted}") from None

    def id(self, key: str = "id", *, required: bool = True) -> str | None:
        return self._parsed(key, required, lambda text: str(uuid.UUID(text)), "an id (a UUID)")

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.text(key, required=True)
        if value not in choices:
            raise self._fail(key, f"'{value}' is not one of {', '.join(choices)}")
        return value

    def day(self, key: str, *, required: bool = True) -> str | None:
        return self._parsed(
            key, required, lambda text: date.fromisoformat(text).isoformat(), "a date (YYYY-MM-DD)"
        )

    def stamp(self, key: str, *, required: bool = True) -> str | None:
        return self._parsed(key, required, _iso_time, "an ISO 8601 time")

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, "expected a whole number")
        return value

    def names(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "expected a list of text")
        return value

    def items(self, key: str) -> list[_Entry]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self._fail(key, "expected a list")
        return [_Entry(part, f"{self.where}.{key}[{n}]") for n, part in enumerate(value)]

    def moment(self, key: str, prefix: str, *, required: bool) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self._fail(key, "missing")
            return {f"{prefix}_local": None, f"{prefix}_tz": None, f"{prefix}_utc": None}
        part = _Entry(value, f"{self.where}.{key}")
        local = part.text("local", required=True)
        try:
            datetime.fromisoformat(local)
        except ValueError:
            raise part._fail("local", f"'{local}' is not a local time") from None
        tz = part.text("tz", required=True)
        try:
            check_zone(tz)
        except InvalidInput:
            raise part._fail("tz", f"unknown time zone '{tz}'") from None
        utc = part.stamp("utc")
        return {f"{prefix}_local": local, f"{prefix}_tz": tz, f"{prefix}_utc": utc}

    def times(self) -> dict[str, str | None]:
        return {"created_at": self.stamp("created_at"), "updated_at": self.stamp("updated_at")}


def _mission_in(entry: _Entry) -> dict:
    start, end = entry.day("start_date"), entry.day("end_date")
    assert start and end
    if end < start:
        raise entry._fail("end_date", f"{end} is before start_date {start}")
    for key in ("tz", "home_tz"):
        try:
            check_zone(entry.text(key, required=True))
        except InvalidInput:
            raise entry._fail(key, f"unknown time zone '{entry.data.get(key)}'") from None
    return {
        "id": entry.id(),
        "slug": entry.text("slug", required=True),
        "title": entry.text("title", required=True),
        "organisation": entry.text("organisation"),
        "author": entry.text("author"),
        "start_date": start,
        "end_date": end,
        "tz": entry.data["tz"],
        "home_tz": entry.data["home_tz"],
        "categories": json.dumps(entry.names("categories")),
        "tags": json.dumps(entry.names("tags")),
        **entry.times(),
    }


def _name_in(entry: _Entry, columns: tuple[str, ...]) -> dict:
    """The row; a register column the entry lacks (a version 1 file) is left out, so a new
    entry gets the default and an existing one keeps what it has."""
    name = " ".join(entry.text("name", required=True).split())
    row = {"id": entry.id(), "name": name, "name_key": name_key(name), **entry.times()}
    for column in columns:
        if column in entry.data:
            row[column] = entry.text(column)
    return row


def _aliases_in(entry: _Entry) -> list[str]:
    names = [" ".join(name.split()) for name in entry.names("aliases")]
    return [name for name in names if name]


def _organisation_in(entry: _Entry) -> tuple[dict, dict[str, list]]:
    row = _name_in(entry, ORG_COLUMNS)
    if row.get("kind") and row["kind"] not in ORGANISATION_KINDS:
        raise entry._fail("kind", f"'{row['kind']}' is not one of {', '.join(ORGANISATION_KINDS)}")
    return row, {"aliases": _aliases_in(entry), "titles": []}


def _person_in(entry: _Entry) -> tuple[dict, dict[str, list]]:
    row = _name_in(entry, PERSON_COLUMNS)
    titles = [
        {
            "id": part.id(),
            "title": part.text("title"),
            "organisation_id": part.id("organisation_id", required=False),
            "organisation": part.text("organisation"),
            "as_of": part.day("as_of"),
            **part.times(),
        }
        for part in entry.items("titles")
    ]
    return row, {"aliases": _aliases_in(entry), "titles": titles}


def _item_in(entry: _Entry) -> dict:
    start = entry.moment("start", "start", required=True)
    return {
        "id": entry.id(),
        "mission_id": entry.id("mission_id"),
        "kind": entry.choice("kind", ITINERARY_KINDS),
        "title": entry.text("title", required=True),
        **start,
        "local_date": str(start["start_local"])[:10],
        **entry.moment("end", "end", required=False),
        "location": entry.text("location"),
        "details": entry.text("details"),
        "visibility": entry.choice("visibility", VISIBILITIES),
        **entry.times(),
        "source_uid": entry.optional_text("source_uid"),
    }


def _amount(entry: _Entry) -> str | None:
    value = entry.data.get("amount")
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise entry._fail("amount", f"'{value}' is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise entry._fail("amount", f"'{value}' is not an amount")
    return str(value)


def _meeting_in(entry: _Entry) -> tuple[dict, dict[str, list[dict]]]:
    at = entry.moment("at", "at", required=True)
    row = {
        "id": entry.id(),
        "mission_id": entry.id("mission_id"),
        "title": entry.text("title", required=True),
        **at,
        "local_date": str(at["at_local"])[:10],
        "location": entry.text("location"),
        "notes": entry.text("notes"),
        "summary": entry.text("summary"),
        "visibility": entry.choice("visibility", VISIBILITIES),
        "itinerary_id": entry.id("itinerary_id", required=False),
        **entry.times(),
    }
    organisations = [
        {"organisation_id": part.id(), "name": part.text("name")}
        for part in entry.items("organisations")
    ]
    attendees = [
        {
            "person_id": part.id("person_id"),
            "name": part.text("name"),
            "role": part.text("role"),
            "organisation_id": part.id("organisation_id", required=False),
            "organisation": part.text("organisation"),
        }
        for part in entry.items("attendees")
    ]
    outcomes = []
    for position, part in enumerate(entry.items("outcomes"), start=1):
        currency = part.optional_text("currency")
        outcomes.append(
            {
                "id": part.id(),
                "meeting_id": row["id"],
                "position": position,
                "text": part.text("text", required=True),
                "amount": _amount(part),
                "currency": currency,
                **part.times(),
            }
        )
    return row, {"organisations": organisations, "attendees": attendees, "outcomes": outcomes}


def _followup_in(entry: _Entry) -> dict:
    return {
        "id": entry.id(),
        "mission_id": entry.id("mission_id"),
        "text": entry.text("text", required=True),
        "owner": entry.text("owner"),
        "day": entry.day("day"),
        "due": entry.day("due", required=False),
        "status": entry.choice("status", tuple(s.value for s in FollowUpStatus)),
        "closed_on": entry.day("closed_on", required=False),
        "meeting_id": entry.id("meeting_id", required=False),
        "visibility": entry.choice("visibility", VISIBILITIES),
        **entry.times(),
    }


def _post_in(entry: _Entry) -> dict:
    """A post from a file before version 3 has no visibility: a new one gets `members` (the
    column's default) and one the diary holds keeps its own."""
    row = {
        "id": entry.id(),
        "mission_id": entry.id("mission_id"),
        "day": entry.integer("day"),
        "title": entry.text("title"),
        "place": entry.text("place"),
        "body": entry.text("body"),
        "status": entry.choice("status", tuple(s.value for s in PostStatus)),
        "published_at": entry.stamp("published_at", required=False),
        **entry.times(),
    }
    if "visibility" in entry.data:
        row["visibility"] = entry.choice("visibility", VISIBILITIES)
    return row


def when(text: str | None) -> datetime:
    value = datetime.fromisoformat(text or "1970-01-01T00:00:00+00:00")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def same(local: dict, incoming: dict) -> bool:
    """The diary's version equals the file's, compared on the file's columns only (a later
    schema step may add columns this file format does not carry)."""

    def view(snapshot: dict, like: dict) -> str:
        columns = set(like["row"])
        children = {}
        for name, rows in like.get("children", {}).items():
            keys = set().union(*(set(r) for r in rows)) if rows else set()
            picked = [{k: r.get(k) for k in keys} for r in snapshot["children"].get(name, [])]
            children[name] = sorted(picked, key=lambda r: json.dumps(r, sort_keys=True))
        row = {k: snapshot["row"].get(k) for k in columns}
        return json.dumps({"row": row, "children": children}, sort_keys=True, default=str)

    return view(local, incoming) == view(incoming, incoming)


def entries_out(rows: dict[str, Any], mission_id: str | None = None) -> dict[str, list[dict]]:
    """The file's sections from `Store.exchange_rows`: everything, or one mission with the
    people and organisations its meetings name."""
    meeting_entries = [meeting_out(meeting) for meeting in rows["meetings"]]
    if mission_id:
        org_ids = {o["id"] for m in meeting_entries for o in m["organisations"]}
        org_ids |= {a["organisation_id"] for m in meeting_entries for a in m["attendees"]}
        person_ids = {a["person_id"] for m in meeting_entries for a in m["attendees"]}
    titles: dict[str, list[dict]] = {}
    for title in rows["person_titles"]:
        titles.setdefault(title["person_id"], []).append(title)
    org_aliases, person_aliases = rows["organisation_aliases"], rows["person_aliases"]
    organisations = [
        _organisation_out(row, org_aliases.get(row["id"], []))
        for row in rows["organisations"]
        if not mission_id or row["id"] in org_ids
    ]
    people = [
        _person_out(row, person_aliases.get(row["id"], []), titles.get(row["id"], []))
        for row in rows["people"]
        if not mission_id or row["id"] in person_ids
    ]
    return {
        "missions": [_mission_out(row) for row in rows["missions"]],
        "organisations": organisations,
        "people": people,
        "itinerary": [_item_out(row) for row in rows["itinerary"]],
        "meetings": meeting_entries,
        "followups": [_followup_out(row) for row in rows["followups"]],
        "posts": [_post_out(row) for row in rows["posts"]],
        "photos": [
            photo_out(row, rows["photo_images"][row["content_hash"]]) for row in rows["photos"]
        ],
    }


def meeting_out(meeting: dict[str, Any]) -> dict:
    """A meeting with its organisations, attendees and outcomes (as `exchange_rows` gives
    them) as one entry."""
    row = meeting["row"]
    organisations, attendees = meeting["organisations"], meeting["attendees"]
    outcomes = meeting["outcomes"]
    return {
        **_columns(row, "id", "mission_id", "itinerary_id", "title"),
        "at": _moment_out(row, "at"),
        "location": row["location"],
        "organisations": [_columns(o, "id", "name") for o in organisations],
        "attendees": [
            {
                **_columns(a, "person_id", "name", "role", "organisation_id"),
                "organisation": a["organisation"] or "",
            }
            for a in attendees
        ],
        **_columns(row, "notes", "summary"),
        "outcomes": [_columns(o, "id", "text", "amount", "currency", *_STAMPS) for o in outcomes],
        **_columns(row, "visibility", *_STAMPS),
    }


def label(entity: str, row: dict) -> str:
    if entity == "post":
        return row.get("title") or f"Day {row.get('day')}"
    for key in ("title", "text", "name", "caption", "file_name"):
        if row.get(key):
            return str(row[key])
    return LABELS.get(entity, entity)


_CHECKERS = {
    "missions": _mission_in,
    "organisations": _organisation_in,
    "people": _person_in,
    "itinerary": _item_in,
    "meetings": _meeting_in,
    "followups": _followup_in,
    "posts": _post_in,
    "photos": lambda entry: photo_in(entry),
}


def check_sections(sections: dict[str, Any]) -> dict[str, list]:
    checked: dict[str, list] = {}
    for section, check in _CHECKERS.items():
        value = sections.get(section, [])
        if not isinstance(value, list):
            raise InvalidInput(section, f"expected a list, found {type(value).__name__}")
        checked[section] = [
            (f"{section}[{n}]", check(_Entry(entry, f"{section}[{n}]")))
            for n, entry in enumerate(value)
        ]
    return checked


from missiondiary.interchange.photo_rows import photo_in, photo_out  # noqa: E402 (it uses _Entry)
