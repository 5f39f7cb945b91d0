"""The counterpart register, read: organisations and people as first-class entries, with
other names, where they are, titles over time, contact details and protocol notes (private),
and their profiles across missions. Changing them (edits, merging duplicates) is in
`register_edits`.

Names match case-insensitively and by any other name; the other names of organisations and
people have full-text indexes of their own (migration 3), so search finds them too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from missiondiary.domain import Meeting, Mission, Visibility, name_key
from missiondiary.domain.register import (
    Acquaintance,
    ContactDetails,
    MeetingSeen,
    Organisation,
    OrganisationProfile,
    Person,
    PersonProfile,
    RegisterEntry,
    TitleSighting,
    titles_over_time,
)
from missiondiary.errors import AmbiguousId, InvalidInput, NotFound
from missiondiary.store import rows
from missiondiary.store.meetings import MeetingsMixin
from missiondiary.store.missions import MissionsMixin


@dataclass(frozen=True)
class Kind:
    entity: str  # as the changes table names it
    table: str
    aliases: str  # the table of its other names
    owner: str  # the column of that table naming whose name it is
    label: str
    command: str  # the CLI group that lists them


ORGANISATIONS = Kind(
    "organisation",
    "organisations",
    "organisation_aliases",
    "organisation_id",
    "organisation",
    "org",
)
PEOPLE = Kind("person", "people", "person_aliases", "person_id", "person", "person")

# Every meeting an organisation was at: named among its organisations, or by an attendee.
_ORG_MEETINGS = """
    SELECT organisation_id AS oid, meeting_id FROM meeting_organisations
    UNION
    SELECT organisation_id, meeting_id FROM meeting_attendees WHERE organisation_id IS NOT NULL
"""


def _plural(label: str) -> str:
    return "people" if label == "person" else f"{label}s"


class RegisterMixin(MissionsMixin, MeetingsMixin):
    # reading one -------------------------------------------------------------------------
    def _aliases(self, kind: Kind, owner_ids: Iterable[str] | None = None) -> dict[str, list]:
        sql = f"SELECT {kind.owner} AS owner, name FROM {kind.aliases}"
        params: tuple = ()
        if owner_ids is not None:
            ids = list(owner_ids)
            if not ids:
                return {}
            sql += f" WHERE {kind.owner} IN ({','.join('?' * len(ids))})"
            params = tuple(ids)
        found: dict[str, list[str]] = defaultdict(list)
        for row in self._rows(sql + " ORDER BY created_at, name_key", params):
            found[row["owner"]].append(row["name"])
        return found

    def organisation(self, organisation_id: str) -> Organisation:
        row = self._row_by_id("organisation", organisation_id, "NAME")
        return _organisation(row, self._aliases(ORGANISATIONS, [organisation_id]))

    def person(self, person_id: str) -> Person:
        row = self._row_by_id("person", person_id, "NAME")
        return _person(row, self._aliases(PEOPLE, [person_id]))

    def find_organisation(self, ref: str, field_name: str = "NAME") -> Organisation:
        """By name or other name (any case), then a unique part of one, then an id prefix."""
        return self.organisation(self._find(ORGANISATIONS, ref, field_name))

    def find_person(self, ref: str, field_name: str = "NAME") -> Person:
        return self.person(self._find(PEOPLE, ref, field_name))

    def _find(self, kind: Kind, ref: str, field_name: str) -> str:
        key = name_key(ref or "")
        if not key:
            raise InvalidInput(field_name, f"give the name of {with_article(kind.label)}")
        exact = self._scalar(f"SELECT id FROM {kind.table} WHERE name_key = ?", (key,))
        exact = exact or self._scalar(
            f"SELECT {kind.owner} FROM {kind.aliases} WHERE name_key = ?", (key,)
        )
        if exact:
            return exact
        names = self._rows(
            f"SELECT t.id, t.name, t.name_key AS k FROM {kind.table} t UNION ALL "
            f"SELECT t.id, t.name, a.name_key FROM {kind.aliases} a "
            f"JOIN {kind.table} t ON t.id = a.{kind.owner}"
        )
        # A name starting with what was typed, else a word of it, else anywhere in it.
        for matches in (
            lambda k: k.startswith(key),
            lambda k: f" {key}" in f" {k}",
            lambda k: key in k,
        ):
            found = {row["id"]: row["name"] for row in names if matches(row["k"])}
            if len(found) == 1:
                return next(iter(found))
            if found:
                shown = sorted(found.values(), key=str.casefold)
                more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
                raise AmbiguousId(
                    field_name,
                    f"'{ref}' matches {len(shown)} {_plural(kind.label)} "
                    f"({', '.join(shown[:5])}{more}); type more of the name",
                )
        try:
            return self.resolve_id(kind.entity, ref, field_name)
        except AmbiguousId:
            raise
        except NotFound:
            raise NotFound(
                f"{field_name}: no {kind.label} called '{ref}' "
                f"(see 'missiondiary {kind.command} list')"
            ) from None

    # lists -------------------------------------------------------------------------------
    def organisation_list(self, text: str = "") -> list[RegisterEntry]:
        """Every organisation A to Z with its meetings, missions and last meeting; `text`
        keeps those with it in any of their names (any case)."""
        aliases = self._aliases(ORGANISATIONS)
        result = []
        for row in self._rows(
            f"""WITH links AS ({_ORG_MEETINGS})
            SELECT o.*, COUNT(m.id) AS n, COUNT(DISTINCT m.mission_id) AS missions,
                   MAX(m.local_date) AS last
            FROM organisations o
            LEFT JOIN links l ON l.oid = o.id
            LEFT JOIN meetings m ON m.id = l.meeting_id
            GROUP BY o.id ORDER BY o.name_key"""
        ):
            org = _organisation(row, aliases)
            detail = " · ".join(part for part in (org.kind, org.place) if part)
            result.append(_entry(org.id, org.name, org.aliases, detail, row))
        return _filtered(result, text)

    def person_list(self, text: str = "") -> list[RegisterEntry]:
        """Everyone A to Z with their latest title, meetings, missions and last meeting."""
        aliases = self._aliases(PEOPLE)
        sightings = self._title_sightings()
        result = []
        for row in self._rows(
            """SELECT p.id, p.name, COUNT(m.id) AS n, COUNT(DISTINCT m.mission_id) AS missions,
                   MAX(m.local_date) AS last
            FROM people p
            LEFT JOIN meeting_attendees ma ON ma.person_id = p.id
            LEFT JOIN meetings m ON m.id = ma.meeting_id
            GROUP BY p.id ORDER BY p.name_key"""
        ):
            titles = titles_over_time(sightings.get(row["id"], ()))
            detail = str(titles[0]) if titles else ""
            result.append(_entry(row["id"], row["name"], tuple(aliases[row["id"]]), detail, row))
        return _filtered(result, text)

    def register_names(self, entity: str) -> dict[str, str]:
        """Every name and other name -> the entry's name, for completion and for asking
        "is this the same as ...?" (`missiondiary.domain.names.similar_names`)."""
        kind = ORGANISATIONS if entity == "organisation" else PEOPLE
        names = {row["name"]: row["name"] for row in self._rows(f"SELECT name FROM {kind.table}")}
        for row in self._rows(
            f"SELECT a.name AS alias, t.name FROM {kind.aliases} a "
            f"JOIN {kind.table} t ON t.id = a.{kind.owner}"
        ):
            names.setdefault(row["alias"], row["name"])
        return names

    def _title_sightings(self, person_id: str | None = None) -> dict[str, list[TitleSighting]]:
        where = "WHERE {column} = ?" if person_id else ""
        params = (person_id,) if person_id else ()
        found: dict[str, list[TitleSighting]] = defaultdict(list)
        for row in self._rows(
            "SELECT ma.person_id, ma.role, o.name AS org, m.local_date, m.id "
            "FROM meeting_attendees ma JOIN meetings m ON m.id = ma.meeting_id "
            "LEFT JOIN organisations o ON o.id = ma.organisation_id "
            + where.format(column="ma.person_id"),
            params,
        ):
            found[row["person_id"]].append(
                TitleSighting(
                    date.fromisoformat(row["local_date"]), row["role"], row["org"] or "", row["id"]
                )
            )
        for row in self._rows(
            "SELECT t.person_id, t.title, o.name AS org, t.as_of FROM person_titles t "
            "LEFT JOIN organisations o ON o.id = t.organisation_id "
            + where.format(column="t.person_id"),
            params,
        ):
            found[row["person_id"]].append(
                TitleSighting(date.fromisoformat(row["as_of"]), row["title"], row["org"] or "")
            )
        return found

    # profiles ----------------------------------------------------------------------------
    def organisation_profile(self, organisation_id: str) -> OrganisationProfile:
        """Every meeting with it across missions, newest first; the people met from it; the
        follow-ups of those meetings still open."""
        org = self.organisation(organisation_id)
        meeting_rows = self._rows(
            f"""WITH links AS ({_ORG_MEETINGS})
            SELECT m.* FROM meetings m
            WHERE m.id IN (SELECT meeting_id FROM links WHERE oid = ?)
            ORDER BY m.at_utc DESC, m.id""",
            (organisation_id,),
        )
        seen = self._meetings_seen(
            meeting_rows,
            lambda meeting: (a.name for a in meeting.attendees if a.organisation == org.name),
        )
        acquaintances = sorted(
            _tally(
                self._rows(
                    "SELECT p.id, p.name, ma.role, m.local_date FROM meeting_attendees ma "
                    "JOIN people p ON p.id = ma.person_id JOIN meetings m ON m.id = ma.meeting_id "
                    "WHERE ma.organisation_id = ? ORDER BY m.at_utc",
                    (organisation_id,),
                ),
                self._rows(
                    "SELECT p.id, p.name, t.title FROM person_titles t "
                    "JOIN people p ON p.id = t.person_id "
                    "WHERE t.organisation_id = ? ORDER BY t.as_of",
                    (organisation_id,),
                ),
            ),
            key=lambda a: (a.last_met is None, -(a.last_met or date.min).toordinal(), a.name),
        )
        return OrganisationProfile(
            organisation=org,
            meetings=seen,
            people=tuple(acquaintances),
            open_followups=tuple(self._open_followups([m.meeting_id for m in seen])),
        )

    def person_profile(self, person_id: str) -> PersonProfile:
        """Titles over time, every meeting across missions (newest first), the organisations
        they were met with, and open follow-ups from those meetings or owned by them."""
        person = self.person(person_id)
        meeting_rows = self._rows(
            "SELECT m.* FROM meetings m JOIN meeting_attendees ma ON ma.meeting_id = m.id "
            "WHERE ma.person_id = ? ORDER BY m.at_utc DESC, m.id",
            (person_id,),
        )
        seen = self._meetings_seen(
            meeting_rows,
            lambda meeting: (a.name for a in meeting.attendees if a.name != person.name),
        )
        titles = titles_over_time(self._title_sightings(person_id).get(person_id, ()))
        met_with = _tally(
            self._rows(
                "SELECT o.id, o.name, ma.role, m.local_date FROM meeting_attendees ma "
                "JOIN organisations o ON o.id = ma.organisation_id "
                "JOIN meetings m ON m.id = ma.meeting_id WHERE ma.person_id = ? ORDER BY m.at_utc",
                (person_id,),
            ),
            self._rows(
                "SELECT o.id, o.name, t.title FROM person_titles t "
                "JOIN organisations o ON o.id = t.organisation_id WHERE t.person_id = ? "
                "ORDER BY t.as_of",
                (person_id,),
            ),
        )
        known = {name_key(name) for name in person.known_as()}
        owned = [
            row["id"]
            for row in self._rows("SELECT id, owner FROM followups WHERE status = 'open'")
            if row["owner"] and name_key(row["owner"]) in known
        ]
        return PersonProfile(
            person=person,
            titles=titles,
            meetings=seen,
            organisations=tuple(
                sorted(
                    met_with,
                    key=lambda a: (a.last_met is None, -(a.last_met or date.min).toordinal()),
                )
            ),
            open_followups=tuple(self._open_followups([m.meeting_id for m in seen], owned)),
        )

    def _meetings_seen(
        self, meeting_rows: list[dict[str, Any]], people: Callable[[Meeting], Iterable[str]]
    ) -> tuple[MeetingSeen, ...]:
        """The meetings as a profile lists them, each with the `people` met there."""
        missions = {m.id: m for m in self.missions()}
        return tuple(
            _seen(meeting, missions[meeting.mission_id], tuple(people(meeting)))
            for meeting in self._meetings(meeting_rows)
        )

    def _open_followups(self, meeting_ids: Sequence[str], extra_ids: Sequence[str] = ()) -> list:
        ids = list(meeting_ids)
        extra = list(extra_ids)
        if not ids and not extra:
            return []
        return [
            rows.followup(row)
            for row in self._rows(
                "SELECT * FROM followups WHERE status = 'open' AND "
                f"(meeting_id IN ({','.join('?' * len(ids))}) "
                f"OR id IN ({','.join('?' * len(extra))})) "
                "ORDER BY due IS NULL, due, day, created_at",
                (*ids, *extra),
            )
        ]

    # for the mission report --------------------------------------------------------------
    def organisations_of_mission(self, mission_id: str) -> dict[str, Organisation]:
        """The organisations at the mission's meetings, by the name meetings show them by."""
        found = self._rows(
            f"""WITH links AS ({_ORG_MEETINGS})
            SELECT DISTINCT o.* FROM organisations o JOIN links l ON l.oid = o.id
            JOIN meetings m ON m.id = l.meeting_id WHERE m.mission_id = ?""",
            (mission_id,),
        )
        aliases = self._aliases(ORGANISATIONS, [row["id"] for row in found])
        return {row["name"]: _organisation(row, aliases) for row in found}

    def organisations_first_met(self, mission_id: str) -> set[str]:
        """Names of the organisations whose first meeting in the whole diary is in this
        mission (every meeting counts, whatever its visibility)."""
        return {
            row["name"]
            for row in self._rows(
                f"""WITH links AS ({_ORG_MEETINGS}),
                firsts AS (
                    SELECT l.oid, m.mission_id,
                        ROW_NUMBER() OVER (PARTITION BY l.oid ORDER BY m.at_utc, m.id) AS n
                    FROM links l JOIN meetings m ON m.id = l.meeting_id
                )
                SELECT o.name FROM firsts f JOIN organisations o ON o.id = f.oid
                WHERE f.n = 1 AND f.mission_id = ?""",
                (mission_id,),
            )
        }


def with_article(label: str) -> str:
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"


def _texts(row: dict, *names: str) -> dict[str, str]:
    """Text columns added by later migrations: NULL in an older row reads as empty."""
    return {name: row.get(name) or "" for name in names}


def _organisation(row: dict, aliases: dict[str, list]) -> Organisation:
    return rows.from_row(
        Organisation,
        row,
        aliases=tuple(aliases.get(row["id"], ())),
        **_texts(row, "city", "country", "kind", "notes"),
    )


def _person(row: dict, aliases: dict[str, list]) -> Person:
    return rows.from_row(
        Person,
        row,
        aliases=tuple(aliases.get(row["id"], ())),
        contact=ContactDetails(**_texts(row, "email", "phone", "messaging", "card")),
        **_texts(row, "protocol"),
    )


def _entry(
    entry_id: str, name: str, aliases: tuple[str, ...], detail: str, row: dict
) -> RegisterEntry:
    return RegisterEntry(
        id=entry_id,
        name=name,
        aliases=aliases,
        detail=detail,
        meetings=row["n"],
        missions=row["missions"],
        last_met=date.fromisoformat(row["last"]) if row["last"] else None,
    )


def _filtered(entries: list[RegisterEntry], text: str) -> list[RegisterEntry]:
    key = name_key(text or "")
    if not key:
        return entries
    return [e for e in entries if any(key in name_key(n) for n in (e.name, *e.aliases))]


def _tally(met: list[dict], titled: list[dict]) -> list[Acquaintance]:
    """Who was met with whom, how often and last when, with the latest role: from meeting rows
    (id, name, role, local_date; oldest first) and title rows (id, name, title; oldest first).
    The same for the people of an organisation and the organisations of a person."""
    seen: dict[str, dict[str, Any]] = {}
    for row in met:
        entry = seen.setdefault(row["id"], {"name": row["name"], "n": 0, "role": ""})
        entry["n"] += 1
        entry["last"] = date.fromisoformat(row["local_date"])
        entry["role"] = row["role"] or entry["role"]
    for row in titled:
        entry = seen.setdefault(row["id"], {"name": row["name"], "n": 0, "role": ""})
        entry["role"] = row["title"] or entry["role"]
    return [
        Acquaintance(key, e["name"], e["role"], e["n"], e.get("last")) for key, e in seen.items()
    ]


def _seen(meeting: Meeting, mission: Mission, people: tuple[str, ...]) -> MeetingSeen:
    return MeetingSeen(
        meeting_id=meeting.id,
        mission_id=mission.id,
        mission_slug=mission.slug,
        mission_title=mission.title,
        day=meeting.local_date,
        day_number=mission.day_number(meeting.local_date),
        title=meeting.title,
        summary=meeting.summary,
        outcomes=meeting.outcomes,
        organisations=meeting.organisations,
        people=people,
        visibility=Visibility(meeting.visibility),
    )
