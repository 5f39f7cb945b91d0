"""Missions: the trips everything else hangs from."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from missiondiary import domain
from missiondiary.domain import Mission, MissionSummary
from missiondiary.domain.text import one_line
from missiondiary.errors import InvalidInput, NotFound
from missiondiary.store import rows
from missiondiary.store.base import new_id
from missiondiary.store.history import HistoryMixin
from missiondiary.store.rows import changed_columns, new_row
from missiondiary.timeline import check_zone


def _title(title: str, field_name: str = "--title") -> str:
    clean = one_line(title)
    if not clean:
        raise InvalidInput(field_name, "a mission needs a title")
    return clean


def _clean_list(values: list[str] | tuple[str, ...] | None) -> list[str]:
    seen: list[str] = []
    for value in values or ():
        for part in str(value).split(","):
            part = one_line(part)
            if part and part not in seen:
                seen.append(part)
    return seen


def _json_list(values: list[str] | tuple[str, ...]) -> str:
    return json.dumps(_clean_list(values))


class MissionsMixin(HistoryMixin):
    def create_mission(
        self,
        title: str,
        start_date: date,
        end_date: date,
        tz: str,
        home_tz: str | None = None,
        organisation: str = "",
        author: str = "",
        slug: str | None = None,
        categories: list[str] | None = None,
        tags: list[str] | None = None,
    ) -> Mission:
        title = _title(title, "TITLE")
        if end_date < start_date:
            raise InvalidInput("--end", f"{end_date} is before --start {start_date}")
        tz = check_zone(tz, "--tz")
        home_tz = check_zone(home_tz, "--home-tz") if home_tz else tz
        if slug:
            slug_value = domain.slugify(slug)
            if not slug_value:
                raise InvalidInput("--slug", f"'{slug}' has no letters or digits")
        else:
            slug_value = domain.mission_slug(title, start_date)
        row = new_row(
            new_id(),
            slug=slug_value,
            title=title,
            organisation=organisation.strip(),
            author=author.strip(),
            start_date=start_date.isoformat(),
            end_date=end_date.isoformat(),
            tz=tz,
            home_tz=home_tz,
            categories=json.dumps(_clean_list(categories) or ["Trade missions"]),
            tags=_json_list(tags),
        )
        with self.write():
            row["slug"] = self._free_slug(slug_value, taken_is_error=bool(slug))
            self._insert("mission", row, title)
        return rows.mission(row)

    def _free_slug(self, slug: str, *, taken_is_error: bool) -> str:
        """A slug the user typed must be free; one made from the title gets -2, -3, ..."""
        candidate, number = slug, 1
        while self._scalar("SELECT 1 FROM missions WHERE slug = ?", (candidate,)):
            if taken_is_error:
                raise InvalidInput("--slug", f"a mission called '{slug}' already exists")
            number += 1
            candidate = f"{slug}-{number}"
        return candidate

    def update_mission(self, mission_id: str, **changes: Any) -> Mission:
        current = self.mission(mission_id)
        values = changed_columns(
            title=(changes.get("title"), _title),
            organisation=(changes.get("organisation"), str.strip),
            author=(changes.get("author"), str.strip),
            categories=(changes.get("categories"), _json_list),
            tags=(changes.get("tags"), _json_list),
        )
        start = changes.get("start_date") or current.start_date
        end = changes.get("end_date") or current.end_date
        if end < start:
            raise InvalidInput("--end", f"{end} is before --start {start}")
        values["start_date"], values["end_date"] = start.isoformat(), end.isoformat()
        for key, flag in (("tz", "--tz"), ("home_tz", "--home-tz")):
            if changes.get(key):
                values[key] = check_zone(changes[key], flag)
        slug = changes.get("slug")
        with self.write():
            if slug and domain.slugify(slug) != current.slug:
                if not domain.slugify(slug):
                    raise InvalidInput("--slug", f"'{slug}' has no letters or digits")
                values["slug"] = self._free_slug(domain.slugify(slug), taken_is_error=True)
            self._update("mission", mission_id, values, current.title)
        return self.mission(mission_id)

    def mission(self, mission_id: str) -> Mission:
        return rows.mission(self._row_by_id("mission", mission_id, "MISSION"))

    def find_mission(self, ref: str, field_name: str = "MISSION") -> Mission:
        """A mission by slug, or by a unique prefix of its id."""
        cleaned = (ref or "").strip()
        row = self._row("SELECT * FROM missions WHERE slug = ?", (cleaned.lower(),))
        if row is not None:
            return rows.mission(row)
        try:
            return self.mission(self.resolve_id("mission", cleaned, field_name))
        except NotFound:
            known = [m.slug for m in self.missions()][:5]
            hint = f" (known: {', '.join(known)})" if known else " (the diary has no missions yet)"
            raise NotFound(f"{field_name}: no mission '{ref}'{hint}") from None

    def missions(self) -> list[Mission]:
        return [
            rows.mission(row)
            for row in self._rows("SELECT * FROM missions ORDER BY start_date DESC, title")
        ]

    def mission_summaries(self) -> list[MissionSummary]:
        result = []
        for row in self._rows(
            """SELECT m.*,
                (SELECT COUNT(*) FROM itinerary_items i WHERE i.mission_id = m.id) AS n_items,
                (SELECT COUNT(*) FROM meetings g WHERE g.mission_id = m.id) AS n_meetings,
                (SELECT COUNT(*) FROM followups f WHERE f.mission_id = m.id) AS n_followups,
                (SELECT COUNT(*) FROM followups f
                    WHERE f.mission_id = m.id AND f.status = 'open') AS n_open
            FROM missions m ORDER BY m.start_date DESC, m.title"""
        ):
            result.append(
                MissionSummary(
                    mission=rows.mission(row),
                    itinerary_count=row["n_items"],
                    meeting_count=row["n_meetings"],
                    followup_count=row["n_followups"],
                    open_followups=row["n_open"],
                )
            )
        return result
