"""Full-text search (FTS5) across every mission: titles, notes, outcomes, follow-ups, posts,
and the people and organisations met."""

from __future__ import annotations

import re
from datetime import date

from missiondiary.domain import SearchHit, Visibility
from missiondiary.store.base import StoreBase

MARK_START, MARK_END = "\x01", "\x02"
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Each typed word must appear; the last may be a prefix (search as you type)."""
    words = _WORD.findall(text or "")
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _snippet(fts: str) -> str:
    return f"snippet({fts}, -1, '{MARK_START}', '{MARK_END}', '…', 12)"


# kind -> (SQL selecting the hit columns for rows of that table matching :q)
_QUERIES = {
    "meeting": f"""
        SELECT 'meeting' kind, t.id, t.mission_id, t.local_date, t.title,
               {_snippet("meetings_fts")} snippet, t.visibility, t.at_local sort_key
        FROM meetings_fts JOIN meetings t ON t.rowid = meetings_fts.rowid
        WHERE meetings_fts MATCH :q""",
    "meeting-by-name": """
        SELECT 'meeting' kind, t.id, t.mission_id, t.local_date, t.title,
               'with ' || o.name snippet, t.visibility, t.at_local sort_key
        FROM organisations_fts JOIN organisations o ON o.rowid = organisations_fts.rowid
        JOIN meeting_organisations mo ON mo.organisation_id = o.id
        JOIN meetings t ON t.id = mo.meeting_id
        WHERE organisations_fts MATCH :q
        UNION ALL
        SELECT 'meeting' kind, t.id, t.mission_id, t.local_date, t.title,
               'with ' || p.name snippet, t.visibility, t.at_local sort_key
        FROM people_fts JOIN people p ON p.rowid = people_fts.rowid
        JOIN meeting_attendees ma ON ma.person_id = p.id
        JOIN meetings t ON t.id = ma.meeting_id
        WHERE people_fts MATCH :q""",
    # Other names ("CCPIT", "金山集团") find the meetings too, shown beside the name.
    "meeting-by-other-name": """
        SELECT 'meeting' kind, t.id, t.mission_id, t.local_date, t.title,
               'with ' || o.name || ' (' || a.name || ')' snippet, t.visibility,
               t.at_local sort_key
        FROM organisation_aliases_fts
        JOIN organisation_aliases a ON a.rowid = organisation_aliases_fts.rowid
        JOIN organisations o ON o.id = a.organisation_id
        JOIN meeting_organisations mo ON mo.organisation_id = o.id
        JOIN meetings t ON t.id = mo.meeting_id
        WHERE organisation_aliases_fts MATCH :q
        UNION ALL
        SELECT 'meeting' kind, t.id, t.mission_id, t.local_date, t.title,
               'with ' || p.name || ' (' || a.name || ')' snippet, t.visibility,
               t.at_local sort_key
        FROM person_aliases_fts JOIN person_aliases a ON a.rowid = person_aliases_fts.rowid
        JOIN people p ON p.id = a.person_id
        JOIN meeting_attendees ma ON ma.person_id = p.id
        JOIN meetings t ON t.id = ma.meeting_id
        WHERE person_aliases_fts MATCH :q""",
    "outcome": f"""
        SELECT 'meeting' kind, t.id, t.mission_id, t.local_date, t.title,
               {_snippet("outcomes_fts")} snippet, t.visibility, t.at_local sort_key
        FROM outcomes_fts JOIN outcomes o ON o.rowid = outcomes_fts.rowid
        JOIN meetings t ON t.id = o.meeting_id
        WHERE outcomes_fts MATCH :q""",
    "itinerary": f"""
        SELECT 'itinerary' kind, t.id, t.mission_id, t.local_date, t.title,
               {_snippet("itinerary_items_fts")} snippet, t.visibility, t.start_local sort_key
        FROM itinerary_items_fts JOIN itinerary_items t ON t.rowid = itinerary_items_fts.rowid
        WHERE itinerary_items_fts MATCH :q""",
    "followup": f"""
        SELECT 'followup' kind, t.id, t.mission_id, t.day local_date, t.text title,
               {_snippet("followups_fts")} snippet, t.visibility, t.day sort_key
        FROM followups_fts JOIN followups t ON t.rowid = followups_fts.rowid
        WHERE followups_fts MATCH :q""",
    "post": f"""
        SELECT 'post' kind, t.id, t.mission_id,
               date(m.start_date, (t.day - 1) || ' days') local_date,
               CASE WHEN t.title != '' THEN t.title ELSE 'Day ' || t.day END title,
               {_snippet("day_posts_fts")} snippet, NULL visibility,
               date(m.start_date, (t.day - 1) || ' days') sort_key
        FROM day_posts_fts JOIN day_posts t ON t.rowid = day_posts_fts.rowid
        JOIN missions m ON m.id = t.mission_id
        WHERE day_posts_fts MATCH :q""",
}


class SearchMixin(StoreBase):
    def search(self, text: str, mission_id: str | None = None, limit: int = 100) -> list[SearchHit]:
        """Newest first: the question is usually 'when did we last...'."""
        query = fts_query(text)
        if not query:
            return []
        union = " UNION ALL ".join(f"SELECT * FROM ({sql})" for sql in _QUERIES.values())
        where = "WHERE h.mission_id = :mission" if mission_id else ""
        sql = f"""
            SELECT h.*, m.slug, m.title mission_title FROM ({union}) h
            JOIN missions m ON m.id = h.mission_id {where}
            ORDER BY h.sort_key DESC LIMIT :limit"""
        seen: set[str] = set()
        hits = []
        for row in self._rows(sql, {"q": query, "mission": mission_id, "limit": limit * 2}):
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            hits.append(
                SearchHit(
                    kind=row["kind"],
                    entry_id=row["id"],
                    mission_id=row["mission_id"],
                    mission_slug=row["slug"],
                    mission_title=row["mission_title"],
                    day=date.fromisoformat(row["local_date"]) if row["local_date"] else None,
                    title=row["title"],
                    snippet=" ".join((row["snippet"] or "").split()),
                    visibility=Visibility(row["visibility"]) if row["visibility"] else None,
                )
            )
            if len(hits) >= limit:
                break
        return hits


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_match) runs for display."""
    parts: list[tuple[str, bool]] = []
    for index, chunk in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if chunk:
            parts.append((chunk, index % 2 == 1))
    return parts
