"""Full-text search (FTS5) across every mission: titles, notes, outcomes, follow-ups, posts,
and the people and organisations met."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from missiondiary.domain import SearchHit, Visibility
from missiondiary.store.base import StoreBase
from missiondiary.store.migrations import FTS_COLUMNS

MARK_START, MARK_END = "\x01", "\x02"
_WORD = re.compile(r"\w+", re.UNICODE)
# Words around a match: enough to fill a wide terminal's line (the app cuts to its width).
SNIPPET_TOKENS = 40

# Fields no audience ever reads, whatever their entry's visibility: a meeting's working notes,
# an itinerary item's booking details.
PRIVATE_FIELDS = frozenset({("meeting", "notes"), ("itinerary", "details")})


def fts_query(text: str) -> str:
    """Each typed word must appear; the last may be a prefix (search as you type)."""
    words = _WORD.findall(text or "")
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _snippet(fts: str, column: int = -1) -> str:
    return f"snippet({fts}, {column}, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS})"


def field_visibility(kind: str, field: str, entry: Visibility | None) -> Visibility | None:
    """Who may read the words of one field: private fields are private; else the entry decides
    (a day post's words included: a post has its own visibility)."""
    if (kind, field) in PRIVATE_FIELDS:
        return Visibility.PRIVATE
    return entry


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LINE_START = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)
_MARKDOWN_EMPHASIS = re.compile(r"\*{1,3}|~~|`+|(?<!\w)_{1,3}|_{1,3}(?!\w)")


def plain_markdown(text: str) -> str:
    """A post snippet as it reads, not as it is typed: no `**`, `#`, `>` or link targets.
    A snippet is a fragment (a `**` may have lost its partner), so marks are dropped one by
    one rather than parsed; the match marks pass through."""
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_LINE_START.sub("", text)
    return _MARKDOWN_EMPHASIS.sub("", text)


# How search stays fast on years of missions (the indexes are migration 4's). Each source
# first counts its matches, up to its `dense` threshold. Fewer are looked up and sorted;
# more are found by walking the entries' date index newest first, the matches a set, and
# stopping at `limit`. Either way no query joins or sorts every match, and snippets are made
# only for the hits returned. The thresholds are where the two ways cost about the same.


@dataclass(frozen=True)
class _Kind:
    """The entries one kind of hit is: where they live and how they are dated."""

    source: str  # FROM, with the entry as t
    sort: str  # the date hits are ordered by (a by-time index walks it)
    local_date: str
    title: str
    visibility: str
    walk_source: str = ""  # FROM for walking, when it differs


_KINDS = {
    "meeting": _Kind("meetings t", "t.at_local", "t.local_date", "t.title", "t.visibility"),
    "itinerary": _Kind(
        "itinerary_items t", "t.start_local", "t.local_date", "t.title", "t.visibility"
    ),
    "followup": _Kind("followups t", "t.day", "t.day", "t.text", "t.visibility"),
    # A post is dated by its mission and day number: no index walks that, but posts are few
    # (one a day) and each mission's are read from the (mission, day) index alone.
    "post": _Kind(
        "day_posts t JOIN missions pm ON pm.id = t.mission_id",
        "date(pm.start_date, (t.day - 1) || ' days')",
        "date(pm.start_date, (t.day - 1) || ' days')",
        "CASE WHEN t.title != '' THEN t.title ELSE 'Day ' || t.day END",
        "t.visibility",
        walk_source="missions pm CROSS JOIN day_posts t ON t.mission_id = pm.id",
    ),
    "photo": _Kind(
        "photos t",
        "t.at_local",
        "t.local_date",
        "CASE WHEN t.caption != '' THEN t.caption ELSE t.file_name END",
        "t.visibility",
    ),
}


@dataclass(frozen=True)
class _Source:
    """One way entries are found, given :q. `keys` names the matching entries by `key` (a
    column of the entry's table); `walk` is the same test on an entry t, for walking dates;
    `snippet` gives (entry rowid, why it matched) for chosen entries (rowids {rowids}): with
    `fields`, one snippet per field, in that order (the field with most matches is shown);
    else one, from `field`."""

    kind: str
    keys: str
    walk: str
    snippet: str
    key: str = "rowid"
    dense: int = 500
    fields: tuple[str, ...] = ()
    field: str = ""


def _text_source(kind: str, table: str, columns: tuple[str, ...] = ()) -> _Source:
    fts = f"{table}_fts"
    matching = f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q"
    fields = columns or tuple(FTS_COLUMNS[table])
    snippets = ", ".join(_snippet(fts, column) for column in range(len(fields)))
    return _Source(
        kind,
        keys=matching,
        walk=f"+t.rowid IN ({matching})",
        snippet=f"""
            SELECT rowid, {snippets} FROM {fts}
            WHERE {fts} MATCH :q AND +rowid IN ({{rowids}})""",
        fields=fields,
    )


@dataclass(frozen=True)
class _Names:
    """A table of names (or other names) and how its entries are linked to meetings."""

    table: str
    link: str  # meeting_organisations or meeting_attendees
    column: str  # the link's column naming the organisation or person
    owner: str = ""  # for other names: their column naming whose they are

    def ids(self) -> str:
        """Ids of the organisations or people named, given :q."""
        matching = f"SELECT rowid FROM {self.table}_fts WHERE {self.table}_fts MATCH :q"
        column = f"a.{self.owner}" if self.owner else "a.id"
        return f"SELECT {column} FROM {self.table} a WHERE a.rowid IN ({matching})"

    def shown(self, rank: int) -> str:
        """(meeting rowid, 'with ...', rank, position) for the meetings {rowids}."""
        directory = "organisations" if self.column == "organisation_id" else "people"
        name = "d.name || ' (' || a.name || ')'" if self.owner else "d.name"
        owner = f"a.{self.owner}" if self.owner else "a.id"
        return f"""
            SELECT t.rowid, 'with ' || {name}, {rank}, l.position FROM meetings t
            JOIN {self.link} l ON l.meeting_id = t.id
            JOIN {directory} d ON d.id = l.{self.column}
            JOIN {self.table} a ON {owner} = l.{self.column}
            WHERE t.rowid IN ({{rowids}}) AND a.rowid IN (
                SELECT rowid FROM {self.table}_fts WHERE {self.table}_fts MATCH :q)"""


def _name_source(*names: _Names) -> _Source:
    """Meetings with an organisation or person whose name matches, shown with the name (the
    first of `names` that matches, in order)."""
    keys = " UNION ALL ".join(
        f"SELECT l.meeting_id FROM {n.link} l WHERE l.{n.column} IN ({n.ids()})" for n in names
    )
    walk = " OR ".join(
        f"EXISTS (SELECT 1 FROM {n.link} l WHERE l.meeting_id = t.id "
        f"AND +l.{n.column} IN ({n.ids()}))"
        for n in names
    )
    shown = " UNION ALL ".join(n.shown(rank) for rank, n in enumerate(names))
    return _Source(
        "meeting",
        keys=keys,
        walk=f"({walk})",
        snippet=f"WITH found (entry, shown, pick, place) AS ({shown}) "
        "SELECT entry, shown FROM found ORDER BY pick, place",
        key="id",
        dense=1000,
        field="name",
    )


_ORGANISATIONS = _Names("organisations", "meeting_organisations", "organisation_id")
_PEOPLE = _Names("people", "meeting_attendees", "person_id")
_OTHER_ORGANISATION_NAMES = _Names(
    "organisation_aliases", "meeting_organisations", "organisation_id", "organisation_id"
)
_OTHER_PEOPLE_NAMES = _Names("person_aliases", "meeting_attendees", "person_id", "person_id")
_OUTCOMES = "SELECT rowid FROM outcomes_fts WHERE outcomes_fts MATCH :q"

# In order of preference when one entry is found several ways with the same date.
_SOURCES = (
    _text_source("meeting", "meetings"),
    _name_source(_ORGANISATIONS, _PEOPLE),
    # Other names ("CCPIT", "金山集团") find the meetings too, shown beside the name.
    _name_source(_OTHER_ORGANISATION_NAMES, _OTHER_PEOPLE_NAMES),
    _Source(
        "meeting",
        keys=f"SELECT o.meeting_id FROM outcomes o WHERE o.rowid IN ({_OUTCOMES})",
        walk="EXISTS (SELECT 1 FROM outcomes o WHERE o.meeting_id = t.id "
        f"AND +o.rowid IN ({_OUTCOMES}))",
        snippet=f"""
            SELECT t.rowid, {_snippet("outcomes_fts")} FROM outcomes_fts
            JOIN outcomes o ON o.rowid = outcomes_fts.rowid JOIN meetings t ON t.id = o.meeting_id
            WHERE outcomes_fts MATCH :q AND +outcomes_fts.rowid IN (
                SELECT o.rowid FROM meetings t JOIN outcomes o ON o.meeting_id = t.id
                WHERE t.rowid IN ({{rowids}}))
            ORDER BY o.position""",
        key="id",
        dense=1000,
        field="outcome",
    ),
    _text_source("itinerary", "itinerary_items"),
    _text_source("followup", "followups"),
    _text_source("post", "day_posts"),
    _text_source("photo", "photos", ("caption",)),  # the table of schema step 6
)


def candidates_sql(source: _Source, *, dense: bool, mission: bool, since: bool = False) -> str:
    """The newest `:limit` entries a source finds, as (rowid, date), newest first: by walking
    the dates when its matches are dense, else by looking each up and sorting them.

    `since`: posts of missions that started on or after :since only."""
    kind = _KINDS[source.kind]
    if dense:
        # One mission's entries are few: its own index finds them, whatever the density.
        origin = kind.source if mission else kind.walk_source or kind.source
        where = source.walk
    else:
        where, origin = f"t.{source.key} IN ({source.keys})", kind.source
    if mission:
        where += " AND t.mission_id = :mission"
    if since:
        where += " AND pm.start_date >= :since"
    return (
        f"SELECT t.rowid, {kind.sort} FROM {origin} WHERE {where} "
        f"ORDER BY {kind.sort} DESC LIMIT :limit"
    )


# Posts by mission start, then day: an index walk that stops early, nearly in date order.
_POSTS_BY_MISSION = f"""
    SELECT {_KINDS["post"].sort} FROM {_KINDS["post"].walk_source} WHERE {{walk}}
    ORDER BY pm.start_date DESC, t.day DESC LIMIT :limit"""
_LAST_POST_DAY = "SELECT max(day) FROM day_posts"


def details_sql(kind: str, count: int) -> str:
    """What a hit shows, for `count` entries of one kind (rowids :k0, :k1, ...)."""
    spec = _KINDS[kind]
    return f"""
        SELECT t.rowid, t.id, t.mission_id, {spec.local_date} local_date, {spec.title} title,
               {spec.visibility} visibility, m.slug, m.title mission_title
        FROM {spec.source} JOIN missions m ON m.id = t.mission_id
        WHERE t.rowid IN ({_marks(count)})"""


def _marks(count: int) -> str:
    return ", ".join(f":k{index}" for index in range(count))


def _keys(values: list) -> dict[str, object]:
    return {f"k{index}": value for index, value in enumerate(values)}


class SearchMixin(StoreBase):
    def search(self, text: str, mission_id: str | None = None, limit: int = 100) -> list[SearchHit]:
        """Newest first: the question is usually 'when did we last...'."""
        query = fts_query(text)
        if not query or limit < 1:
            return []
        # 1. The newest `limit` entries each source finds.
        found: list[tuple[str, int, int]] = []  # (date, source, entry rowid)
        for index, source in enumerate(_SOURCES):
            for rowid, sort_key in self._newest(source, query, mission_id, limit):
                found.append((sort_key or "", index, rowid))
        # 2. The newest `limit` of them all. An entry found several ways is listed once, for
        # its first source (the sort is stable, so equal dates keep the sources' order).
        found.sort(key=lambda hit: hit[0], reverse=True)
        chosen: dict[tuple[str, int], int] = {}  # (kind, rowid) -> source
        for _, index, rowid in found:
            chosen.setdefault((_SOURCES[index].kind, rowid), index)
            if len(chosen) >= limit:
                break
        # 3. What each shows, and why it matched: only for these.
        details: dict[tuple[str, int], dict] = {}
        for kind in _KINDS:
            rowids = [rowid for which, rowid in chosen if which == kind]
            if rowids:
                for row in self._rows(details_sql(kind, len(rowids)), _keys(rowids)):
                    details[kind, row["rowid"]] = row
        snippets: dict[tuple[str, int], tuple[str, str]] = {}  # -> (field, snippet)
        for index, source in enumerate(_SOURCES):
            rowids = [rowid for (_, rowid), which in chosen.items() if which == index]
            if rowids:
                sql = source.snippet.replace("{rowids}", _marks(len(rowids)))
                for rowid, *found_in in self._execute(sql, {"q": query, **_keys(rowids)}):
                    snippets.setdefault((source.kind, rowid), _matched_field(source, found_in))
        hits = []
        for key in chosen:
            row = details[key]
            visibility = Visibility(row["visibility"]) if row["visibility"] else None
            field, snippet = snippets.get(key, ("", ""))
            if key[0] == "post":
                snippet = plain_markdown(snippet)
            hits.append(
                SearchHit(
                    kind=key[0],
                    entry_id=row["id"],
                    mission_id=row["mission_id"],
                    mission_slug=row["slug"],
                    mission_title=row["mission_title"],
                    day=date.fromisoformat(row["local_date"]) if row["local_date"] else None,
                    title=row["title"],
                    snippet=" ".join(snippet.split()),
                    visibility=visibility,
                    field=field,
                    snippet_visibility=field_visibility(key[0], field, visibility),
                )
            )
        return hits

    def _newest(
        self, source: _Source, query: str, mission_id: str | None, limit: int
    ) -> list[tuple[int, str]]:
        params: dict = {"q": query, "mission": mission_id, "limit": limit}
        probe = f"SELECT count(*) FROM ({source.keys} LIMIT {source.dense + 1})"
        count = self._scalar(probe, params)
        if not count:
            return []
        dense = count > source.dense
        since = None
        if dense and source.kind == "post" and not mission_id:
            since = self._posts_since(source, params)
        sql = candidates_sql(source, dense=dense, mission=bool(mission_id), since=bool(since))
        return [(row[0], row[1]) for row in self._execute(sql, {**params, "since": since})]

    def _posts_since(self, source: _Source, params: dict) -> str | None:
        """The earliest start of a mission that can hold one of the newest `limit` posts.

        The first `limit` posts by mission start date, then day, date no later than the
        newest `limit` by date; a post is dated at most (last day number - 1) days after its
        mission's start, so missions that started longer before the oldest of them are out."""
        dates = [
            row[0] for row in self._execute(_POSTS_BY_MISSION.format(walk=source.walk), params)
        ]
        if len(dates) < params["limit"] or None in dates:
            return None  # all of them: nothing to rule out
        last_day = max(1, self._scalar(_LAST_POST_DAY) or 1)
        oldest = date.fromisoformat(min(dates))
        return (oldest - timedelta(days=last_day - 1)).isoformat()


def _matched_field(source: _Source, snippets: list[str]) -> tuple[str, str]:
    """(field, snippet) of the field that shows the match best: one any audience may read
    over a private one (a title that matched rather than the working notes), then the one
    with most matched words, then the first."""
    if not source.fields:
        return source.field, snippets[0] or ""

    def merit(index: int) -> tuple[bool, bool, int, int]:
        count = (snippets[index] or "").count(MARK_START)
        private = (source.kind, source.fields[index]) in PRIVATE_FIELDS
        return count > 0, not private, count, -index

    best = max(range(len(snippets)), key=merit)
    return source.fields[best], snippets[best] or ""


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_match) runs for display."""
    parts: list[tuple[str, bool]] = []
    for index, chunk in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if chunk:
            parts.append((chunk, index % 2 == 1))
    return parts
