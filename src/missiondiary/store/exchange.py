"""Entries in and out for the JSON exchange file (`missiondiary.exchange` wraps them in the
file's envelope; docs/formats.md documents the shape).

Export reads rows as they are: ids, both clocks of every time, visibility, created/updated.
Import merges by id, in one transaction, table by table in foreign-key order: an entry the
diary lacks is added; one that differs is settled by `updated_at`, the newer side winning
and the other version kept in the changes table (the diary's own through `_record`, so `u`
can put it back; the file's as a `kept` row that undo never replays). Missions are also
matched by slug, people and organisations by name or other name (any case), day posts by
mission and day, so two diaries that each created the same mission or met the same company
merge instead of colliding.

The register rides along with organisations and people: their places, kinds, notes and
contact details are columns of the row (settled like the rest; a version 1 file has none,
so they are left as they are); other names and a person's titles are added where missing
(titles by id), and an other name that already belongs to another entry is skipped and
reported, never taken from it.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
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
from missiondiary.store.base import LABELS, TABLES, new_id
from missiondiary.store.directory import DirectoryMixin
from missiondiary.store.history import CHILDREN, HistoryMixin
from missiondiary.timeline import check_zone, stamp

# section of the file -> entity (as the changes table names it), in foreign-key order
SECTIONS = {
    "missions": "mission",
    "organisations": "organisation",
    "people": "person",
    "itinerary": "itinerary",
    "meetings": "meeting",
    "followups": "followup",
    "posts": "post",
}
VISIBILITIES = tuple(v.value for v in Visibility)
_ALIASES = {
    "organisation": ("organisation_aliases", "organisation_id"),
    "person": ("person_aliases", "person_id"),
}
KEPT = "kept"  # a changes row holding the file's version that lost to a newer local one


@dataclass
class MergeReport:
    added: Counter = field(default_factory=Counter)  # entity -> count
    updated: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # entity, label, winner
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # entity, label, why


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


def _mission_out(row: dict) -> dict:
    return {
        "id": row["id"],
        "slug": row["slug"],
        "title": row["title"],
        "organisation": row["organisation"],
        "author": row["author"],
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "tz": row["tz"],
        "home_tz": row["home_tz"],
        "categories": json.loads(row["categories"] or "[]"),
        "tags": json.loads(row["tags"] or "[]"),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _organisation_out(row: dict, aliases: list[str]) -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "aliases": aliases,
        **{column: row[column] for column in ORG_COLUMNS},
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _person_out(row: dict, aliases: list[str], titles: list[dict]) -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "aliases": aliases,
        **{column: row[column] for column in PERSON_COLUMNS},
        "titles": [
            {
                "id": t["id"],
                "title": t["title"],
                "organisation_id": t["organisation_id"],
                "organisation": t["organisation"] or "",
                "as_of": t["as_of"],
                "created_at": t["created_at"],
                "updated_at": t["updated_at"],
            }
            for t in titles
        ],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _item_out(row: dict) -> dict:
    return {
        "id": row["id"],
        "mission_id": row["mission_id"],
        "kind": row["kind"],
        "title": row["title"],
        "start": _moment_out(row, "start"),
        "end": _moment_out(row, "end"),
        "location": row["location"],
        "details": row["details"],
        "visibility": row["visibility"],
        "source_uid": row.get("source_uid"),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _followup_out(row: dict) -> dict:
    return {
        "id": row["id"],
        "mission_id": row["mission_id"],
        "meeting_id": row["meeting_id"],
        "text": row["text"],
        "owner": row["owner"],
        "day": row["day"],
        "due": row["due"],
        "status": row["status"],
        "closed_on": row["closed_on"],
        "visibility": row["visibility"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _post_out(row: dict) -> dict:
    return {
        "id": row["id"],
        "mission_id": row["mission_id"],
        "day": row["day"],
        "title": row["title"],
        "place": row["place"],
        "body": row["body"],
        "status": row["status"],
        "published_at": row["published_at"],
        "visibility": row["visibility"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


# checking entries -> rows -----------------------------------------------------------------


class _Entry:
    """One entry of the file being read, with errors that say where it is."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise InvalidInput(f"{where}: expected an object, found {type(data).__name__}")
        self.data = data
        self.where = where

    def _fail(self, key: str, why: str) -> InvalidInput:
        return InvalidInput(f"{self.where}.{key}: {why}")

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

    def id(self, key: str = "id", *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        text = self.text(key, required=True)
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise self._fail(key, f"'{text}' is not an id (a UUID)") from None

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.text(key, required=True)
        if value not in choices:
            raise self._fail(key, f"'{value}' is not one of {', '.join(choices)}")
        return value

    def day(self, key: str, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        text = self.text(key, required=True)
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise self._fail(key, f"'{text}' is not a date (YYYY-MM-DD)") from None

    def stamp(self, key: str, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        text = self.text(key, required=True)
        try:
            datetime.fromisoformat(text)
        except ValueError:
            raise self._fail(key, f"'{text}' is not an ISO 8601 time") from None
        return text

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


def _when(text: str | None) -> datetime:
    value = datetime.fromisoformat(text or "1970-01-01T00:00:00+00:00")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _same(local: dict, incoming: dict) -> bool:
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


class ExchangeMixin(DirectoryMixin, HistoryMixin):
    # export ---------------------------------------------------------------------------
    def exchange_entries(self, mission_id: str | None = None) -> dict[str, list[dict]]:
        """Every entry of one mission (or all), as the exchange file lists them."""
        where, params = ("WHERE mission_id = ?", (mission_id,)) if mission_id else ("", ())
        missions = self._rows(
            "SELECT * FROM missions "
            + ("WHERE id = ? " if mission_id else "")
            + "ORDER BY start_date, slug",
            params,
        )
        items = self._rows(
            f"SELECT * FROM itinerary_items {where} ORDER BY mission_id, start_utc, id", params
        )
        meetings = self._rows(
            f"SELECT * FROM meetings {where} ORDER BY mission_id, at_utc, id", params
        )
        followups = self._rows(
            f"SELECT * FROM followups {where} ORDER BY mission_id, day, created_at, id", params
        )
        posts = self._rows(f"SELECT * FROM day_posts {where} ORDER BY mission_id, day", params)
        meeting_entries = [self._meeting_out(row) for row in meetings]
        if mission_id:
            org_ids = {o["id"] for m in meeting_entries for o in m["organisations"]}
            org_ids |= {a["organisation_id"] for m in meeting_entries for a in m["attendees"]}
            person_ids = {a["person_id"] for m in meeting_entries for a in m["attendees"]}
        org_aliases = self._exchange_aliases("organisation_aliases", "organisation_id")
        person_aliases = self._exchange_aliases("person_aliases", "person_id")
        titles: dict[str, list[dict]] = {}
        for title in self._rows(
            "SELECT t.*, o.name AS organisation FROM person_titles t "
            "LEFT JOIN organisations o ON o.id = t.organisation_id "
            "ORDER BY t.as_of, t.created_at, t.id"
        ):
            titles.setdefault(title["person_id"], []).append(title)
        organisations = [
            _organisation_out(row, org_aliases.get(row["id"], []))
            for row in self._rows("SELECT * FROM organisations ORDER BY name_key, id")
            if not mission_id or row["id"] in org_ids
        ]
        people = [
            _person_out(row, person_aliases.get(row["id"], []), titles.get(row["id"], []))
            for row in self._rows("SELECT * FROM people ORDER BY name_key, id")
            if not mission_id or row["id"] in person_ids
        ]
        return {
            "missions": [_mission_out(row) for row in missions],
            "organisations": organisations,
            "people": people,
            "itinerary": [_item_out(row) for row in items],
            "meetings": meeting_entries,
            "followups": [_followup_out(row) for row in followups],
            "posts": [_post_out(row) for row in posts],
        }

    def _exchange_aliases(self, table: str, owner: str) -> dict[str, list[str]]:
        """Other names per entry, in the order they were added (as the register lists them)."""
        found: dict[str, list[str]] = {}
        for row in self._rows(
            f"SELECT {owner} AS owner, name FROM {table} ORDER BY created_at, name_key"
        ):
            found.setdefault(row["owner"], []).append(row["name"])
        return found

    def _meeting_out(self, row: dict) -> dict:
        organisations = self._rows(
            "SELECT o.id, o.name FROM meeting_organisations mo "
            "JOIN organisations o ON o.id = mo.organisation_id "
            "WHERE mo.meeting_id = ? ORDER BY mo.position",
            (row["id"],),
        )
        attendees = self._rows(
            "SELECT ma.person_id, p.name, ma.role, ma.organisation_id, o.name AS organisation "
            "FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id "
            "LEFT JOIN organisations o ON o.id = ma.organisation_id "
            "WHERE ma.meeting_id = ? ORDER BY ma.position",
            (row["id"],),
        )
        outcomes = self._rows(
            "SELECT * FROM outcomes WHERE meeting_id = ? ORDER BY position", (row["id"],)
        )
        return {
            "id": row["id"],
            "mission_id": row["mission_id"],
            "itinerary_id": row["itinerary_id"],
            "title": row["title"],
            "at": _moment_out(row, "at"),
            "location": row["location"],
            "organisations": [{"id": o["id"], "name": o["name"]} for o in organisations],
            "attendees": [
                {
                    "person_id": a["person_id"],
                    "name": a["name"],
                    "role": a["role"],
                    "organisation_id": a["organisation_id"],
                    "organisation": a["organisation"] or "",
                }
                for a in attendees
            ],
            "notes": row["notes"],
            "summary": row["summary"],
            "outcomes": [
                {
                    "id": o["id"],
                    "text": o["text"],
                    "amount": o["amount"],
                    "currency": o["currency"],
                    "created_at": o["created_at"],
                    "updated_at": o["updated_at"],
                }
                for o in outcomes
            ],
            "visibility": row["visibility"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }

    # import ---------------------------------------------------------------------------
    def exchange_merge(self, sections: dict[str, Any]) -> MergeReport:
        """Merge a file's entries (checked first: a bad entry raises InvalidInput naming
        where it is, and nothing is written)."""
        checked = _check_sections(sections)
        report = MergeReport()
        with self.write():
            mission_ids = self._merge_missions(checked["missions"], report)
            org_ids = self._merge_names("organisation", checked["organisations"], report, {})
            person_ids = self._merge_names("person", checked["people"], report, org_ids)

            def mission_of(row: dict, where: str) -> str:
                found = mission_ids.get(row["mission_id"], row["mission_id"])
                if not self._scalar("SELECT 1 FROM missions WHERE id = ?", (found,)):
                    raise InvalidInput(
                        f"{where}.mission_id: no mission '{row['mission_id']}' in the file "
                        "or the diary"
                    )
                return found

            for where, row in checked["itinerary"]:
                row["mission_id"] = mission_of(row, where)
                self._merge_entry("itinerary", {"row": row, "children": {}}, report)
            for where, (row, links) in checked["meetings"]:
                row["mission_id"] = mission_of(row, where)
                row["itinerary_id"] = self._existing("itinerary", row["itinerary_id"])
                children = self._meeting_children(row["id"], links, org_ids, person_ids)
                self._merge_entry("meeting", {"row": row, "children": children}, report)
            for where, row in checked["followups"]:
                row["mission_id"] = mission_of(row, where)
                row["meeting_id"] = self._existing("meeting", row["meeting_id"])
                self._merge_entry("followup", {"row": row, "children": {}}, report)
            for where, row in checked["posts"]:
                row["mission_id"] = mission_of(row, where)
                same_day = self._scalar(
                    "SELECT id FROM day_posts WHERE mission_id = ? AND day = ?",
                    (row["mission_id"], row["day"]),
                )
                if same_day:
                    row["id"] = same_day  # both diaries wrote that day: one post, settled
                self._merge_entry("post", {"row": row, "children": {}}, report)
        return report

    def _existing(self, entity: str, entry_id: str | None) -> str | None:
        if entry_id and self._scalar(f"SELECT 1 FROM {TABLES[entity]} WHERE id = ?", (entry_id,)):
            return entry_id
        return None

    def _merge_missions(self, entries: list, report: MergeReport) -> dict[str, str]:
        mapped: dict[str, str] = {}
        for _, row in entries:
            if not self._scalar("SELECT 1 FROM missions WHERE id = ?", (row["id"],)):
                same_slug = self._scalar("SELECT id FROM missions WHERE slug = ?", (row["slug"],))
                if same_slug:
                    mapped[row["id"]] = same_slug
                    row["id"] = same_slug
            taken = self._scalar(
                "SELECT 1 FROM missions WHERE slug = ? AND id != ?", (row["slug"], row["id"])
            )
            self._merge_entry("mission", {"row": row, "children": {}}, report, blocked=bool(taken))
        return mapped

    def _merge_names(
        self, entity: str, entries: list, report: MergeReport, org_ids: dict[str, str]
    ) -> dict[str, str]:
        """People and organisations: by id, else by name or other name (any case); file id ->
        diary id. Then their other names and titles (see `_merge_register`)."""
        table = TABLES[entity]
        aliases, owner = _ALIASES[entity]
        mapped: dict[str, str] = {}
        for _, (row, extra) in entries:
            file_id = row["id"]
            if not self._scalar(f"SELECT 1 FROM {table} WHERE id = ?", (file_id,)):
                same_name = self._scalar(
                    f"SELECT id FROM {table} WHERE name_key = ?", (row["name_key"],)
                )
                if not same_name:
                    same_name = self._scalar(
                        f"SELECT {owner} FROM {aliases} WHERE name_key = ?", (row["name_key"],)
                    )
                    if same_name:  # the file's name is another name of that entry here
                        local = self._row(
                            f"SELECT name, name_key FROM {table} WHERE id = ?", (same_name,)
                        )
                        assert local is not None
                        row.update(name=local["name"], name_key=local["name_key"])
                if same_name:
                    row["id"] = same_name
            mapped[file_id] = row["id"]
            taken = self._scalar(
                f"SELECT 1 FROM {table} WHERE name_key = ? AND id != ? UNION ALL "
                f"SELECT 1 FROM {aliases} WHERE name_key = ? AND {owner} != ?",
                (row["name_key"], row["id"], row["name_key"], row["id"]),
            )
            before = self._row(f"SELECT name FROM {table} WHERE id = ?", (row["id"],))
            outcome = self._merge_entry(
                entity, {"row": row, "children": {}}, report, blocked=bool(taken)
            )
            self._merge_register(entity, row, extra, outcome, before, org_ids, report)
        return mapped

    def _merge_register(
        self,
        entity: str,
        row: dict,
        extra: dict[str, list],
        outcome: str,
        before: dict | None,
        org_ids: dict[str, str],
        report: MergeReport,
    ) -> None:
        """Add the other names and titles the diary lacks to an entry it holds after the
        merge; a name that is another entry's is skipped (and reported), never taken."""
        table = TABLES[entity]
        aliases, owner = _ALIASES[entity]
        entry_id = row["id"]
        current = self._row(f"SELECT name, name_key FROM {table} WHERE id = ?", (entry_id,))
        if current is None:
            return  # deleted here later, or its name is another's: nothing to add to
        label = current["name"]
        recorded = outcome in ("added", "updated")  # history already holds the old version
        changed = False

        def touch() -> None:
            nonlocal recorded, changed
            if not recorded:
                self._record(entity, entry_id, "update", label)
                recorded = True
            changed = True

        own = current["name_key"]
        if outcome == "updated" and before and name_key(before["name"]) != own:
            # Renamed by the file: the name it had here becomes another name, as in an edit.
            self.db.execute(
                f"DELETE FROM {aliases} WHERE {owner} = ? AND name_key = ?", (entry_id, own)
            )
            extra = {**extra, "aliases": [*extra["aliases"], before["name"]]}
        for alias in extra["aliases"]:
            key = name_key(alias)
            if key == own:
                continue
            holder = self._row(
                f"SELECT t.id, t.name FROM {aliases} a JOIN {table} t ON t.id = a.{owner} "
                "WHERE a.name_key = ?",
                (key,),
            ) or self._row(f"SELECT id, name FROM {table} WHERE name_key = ?", (key,))
            if holder is None:
                touch()
                self.db[aliases].insert(
                    {
                        "id": new_id(),
                        owner: entry_id,
                        "name": alias,
                        "name_key": key,
                        "created_at": stamp(),  # strictly increasing: the file's order stays
                    }
                )
            elif holder["id"] != entry_id:
                report.skipped.append(
                    (entity, label, f"other name '{alias}' is already {holder['name']}'s")
                )
        for title in extra["titles"]:
            title = dict(title)
            org_id = self._title_organisation(
                title.pop("organisation_id"), title.pop("organisation"), org_ids
            )
            title.update(person_id=entry_id, organisation_id=org_id)
            local = self._row("SELECT * FROM person_titles WHERE id = ?", (title["id"],))
            if local is None:
                if self._scalar(
                    "SELECT 1 FROM person_titles WHERE person_id = ? AND title = ? "
                    "AND organisation_id IS ? AND as_of = ?",
                    (entry_id, title["title"], org_id, title["as_of"]),
                ):
                    continue  # both diaries noted the same title
                touch()
                self.db["person_titles"].insert(title)
            elif local["person_id"] != entry_id:
                report.skipped.append((entity, label, f"title '{title['title']}' is another's"))
            elif any(local[k] != v for k, v in title.items()) and _when(
                title["updated_at"]
            ) > _when(local["updated_at"]):
                touch()
                self.db["person_titles"].update(title["id"], title)
        if changed and outcome == "unchanged":  # the row was the same; its names were not
            report.unchanged[entity] -= 1
            report.updated[entity] += 1

    def _title_organisation(
        self, org_id: str | None, name: str, org_ids: dict[str, str]
    ) -> str | None:
        if org_id and org_id in org_ids:
            return org_ids[org_id]
        if org_id and self._existing("organisation", org_id):
            return org_id
        if not name.strip():
            return None
        before = self._scalar("SELECT COUNT(*) FROM organisations")
        found = self._ensure("organisations", name)
        if self._scalar("SELECT COUNT(*) FROM organisations") != before:
            self._record("organisation", found, "insert", name)
        return found

    def _meeting_children(
        self,
        meeting_id: str,
        links: dict[str, list[dict]],
        org_ids: dict[str, str],
        person_ids: dict[str, str],
    ) -> dict[str, list[dict]]:
        def organisation(org_id: str | None, name: str) -> str | None:
            if org_id and org_id in org_ids:
                return org_ids[org_id]
            if org_id and self._existing("organisation", org_id):
                return org_id
            return self.ensure_organisation(name) if name.strip() else None

        def person(person_id: str, name: str) -> str:
            if person_id in person_ids:
                return person_ids[person_id]
            if self._existing("person", person_id):
                return person_id
            return self.ensure_person(name or "Unnamed")

        organisations, seen = [], set()
        for link in links["organisations"]:
            org_id = organisation(link["organisation_id"], link["name"])
            if org_id and org_id not in seen:
                seen.add(org_id)
                organisations.append(
                    {"meeting_id": meeting_id, "organisation_id": org_id, "position": len(seen)}
                )
        attendees, seen_people = [], set()
        for position, link in enumerate(links["attendees"], start=1):
            person_id = person(link["person_id"], link["name"])
            if person_id in seen_people:
                continue
            seen_people.add(person_id)
            attendees.append(
                {
                    "meeting_id": meeting_id,
                    "person_id": person_id,
                    "role": link["role"],
                    "organisation_id": organisation(link["organisation_id"], link["organisation"]),
                    "position": position,
                }
            )
        return {
            "meeting_organisations": organisations,
            "meeting_attendees": attendees,
            "outcomes": links["outcomes"],
        }

    def _merge_entry(
        self, entity: str, incoming: dict, report: MergeReport, *, blocked: bool = False
    ) -> str:
        """Add, update or keep one entry; `blocked` when taking the file's version would
        break a unique name (a slug or a directory name another entry holds). Returns what
        happened: added, updated, kept or unchanged."""
        row = incoming["row"]
        entry_id = row["id"]
        label = _label(entity, row)
        incoming = {"row": row, "children": incoming.get("children", {}), "links": {}}
        table = TABLES[entity]
        if not self._scalar(f"SELECT 1 FROM {table} WHERE id = ?", (entry_id,)):
            deleted_at = self._scalar(
                "SELECT at FROM changes WHERE entity_id = ? AND action = 'delete' AND undone = 0 "
                "ORDER BY id DESC LIMIT 1",
                (entry_id,),
            )
            if deleted_at and _when(deleted_at) >= _when(row["updated_at"]):
                # Deleted here after the file's version was written: it stays deleted (and in
                # the trash, which a later history row for it would hide).
                report.kept[entity] += 1
                report.conflicts.append((entity, label, "diary"))
                return "kept"
            if blocked:
                self._keep(entity, entry_id, incoming, label)
                report.kept[entity] += 1
                report.conflicts.append((entity, label, "diary"))
                return "kept"
            self._put(entity, incoming)
            self._record(entity, entry_id, "insert", label)
            report.added[entity] += 1
            return "added"
        local = self._snapshot(entity, entry_id)
        if _same(local, incoming):
            report.unchanged[entity] += 1
            return "unchanged"
        if not blocked and _when(row["updated_at"]) > _when(local["row"]["updated_at"]):
            self._record(entity, entry_id, "update", _label(entity, local["row"]))
            self._put(entity, incoming)
            report.updated[entity] += 1
            report.conflicts.append((entity, label, "file"))
            return "updated"
        else:
            self._keep(entity, entry_id, incoming, label)
            report.kept[entity] += 1
            report.conflicts.append((entity, label, "diary"))
        return "kept"

    def _put(self, entity: str, snapshot: dict) -> None:
        """Write the file's version as it is: the row (added or replaced) and its children."""
        table, row = TABLES[entity], snapshot["row"]
        if self._scalar(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],)):
            self.db[table].update(row["id"], {k: v for k, v in row.items() if k != "id"})
        else:
            self.db[table].insert(row)
        for child, column in CHILDREN.get(entity, {}).items():
            self.db.execute(f"DELETE FROM {child} WHERE {column} = ?", (row["id"],))
            if snapshot["children"].get(child):
                self.db[child].insert_all(snapshot["children"][child])

    def _keep(self, entity: str, entry_id: str, snapshot: dict, label: str) -> None:
        """File the losing version from a file in history, once; undo never replays it."""
        before = json.dumps(snapshot, sort_keys=True)
        if self._scalar(
            "SELECT 1 FROM changes WHERE entity_id = ? AND action = ? AND before = ?",
            (entry_id, KEPT, before),
        ):
            return
        self.db.execute(
            "INSERT INTO changes (at, entity, entity_id, action, label, before, undone, batch) "
            "VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            (stamp(), entity, entry_id, KEPT, label[:200], before, self._batch),
        )

    def kept_versions(self, entry_id: str) -> list[dict]:
        """Versions of an entry that lost a merge to this diary's newer one, newest first."""
        return [
            {"at": row["at"], **json.loads(row["before"])}
            for row in self._rows(
                "SELECT at, before FROM changes WHERE entity_id = ? AND action = ? "
                "ORDER BY id DESC",
                (entry_id, KEPT),
            )
        ]


def _label(entity: str, row: dict) -> str:
    if entity == "post":
        return row.get("title") or f"Day {row.get('day')}"
    for key in ("title", "text", "name"):
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
}


def _check_sections(sections: dict[str, Any]) -> dict[str, list]:
    checked: dict[str, list] = {}
    for section, check in _CHECKERS.items():
        value = sections.get(section, [])
        if not isinstance(value, list):
            raise InvalidInput(f"{section}: expected a list, found {type(value).__name__}")
        checked[section] = [
            (f"{section}[{n}]", check(_Entry(entry, f"{section}[{n}]")))
            for n, entry in enumerate(value)
        ]
    return checked
