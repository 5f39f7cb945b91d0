"""The app loads only the day it shows: no whole-table reads on the day, search and follow-up
paths, so their cost grows with the day (or the hits shown), not with years of missions.

Every statement those paths run is recorded and put through EXPLAIN QUERY PLAN; a SCAN of a
table (rather than a SEARCH of an index) fails the test. The one kind of scan allowed is
search's walk back through a date index with a LIMIT, which stops at the newest hits."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench_helpers import benchmark_module
from missiondiary.store import Store, open_store

# One worker runs this module (xdist_group): its archive is built once, not once per worker.
pytestmark = pytest.mark.xdist_group("query_plans")

# Date indexes that search walks newest first, stopping at its LIMIT.
WALKS = {"meetings_by_time", "itinerary_by_time", "followups_by_date", "missions_by_start"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Big enough that common words are dense (search walks dates), rare ones sparse."""
    path = tmp_path_factory.mktemp("plans") / "archive.db"
    benchmark_module("make_archive").build_archive(path, entries=3000, seed=7)
    return path


@pytest.fixture
def store(archive: Path) -> Iterator[Store]:
    with open_store(archive) as opened:
        yield opened


def statements(store: Store, action: Callable[[], object]) -> list[str]:
    """The SQL `action` runs, with its parameters filled in."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store.db.conn.set_trace_callback(None)
    # FTS5 reads its own shadow tables (config, data) by rowid: not ours to plan.
    return [sql for sql in seen if "_fts_" not in sql and sql.lstrip().upper().startswith("SELECT")]


def whole_table_reads(conn: sqlite3.Connection, sql: str) -> list[str]:
    problems = []
    for *_, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
        if not detail.startswith("SCAN ") or "VIRTUAL TABLE" in detail:
            continue
        if detail.startswith(("SCAN (subquery", "SCAN CONSTANT ROW")):
            continue
        index = detail.rsplit(" ", 1)[-1]
        if "INDEX" in detail and index in WALKS and " LIMIT " in sql:
            continue
        problems.append(f"{detail}\n    in: {' '.join(sql.split())[:300]}")
    return problems


def assert_indexed(store: Store, action: Callable[[], object]) -> list[str]:
    ran = statements(store, action)
    assert ran, "nothing was recorded"
    problems = [p for sql in ran for p in whole_table_reads(store.db.conn, sql)]
    assert not problems, "whole-table reads:\n" + "\n".join(problems)
    return ran


def busy_mission(store: Store):
    return max(store.mission_summaries(), key=lambda s: s.meeting_count).mission


def test_loading_a_day_reads_only_that_day(store: Store) -> None:
    mission = busy_mission(store)
    for offset in (-1, 0, 2, (mission.end_date - mission.start_date).days + 1):
        when = mission.start_date + timedelta(days=offset)
        assert_indexed(store, lambda when=when: store.day(mission.id, when))
    assert_indexed(store, lambda: store.first_entry_date(mission.id))


def test_opening_a_meeting_reads_only_that_meeting(store: Store) -> None:
    mission = busy_mission(store)
    meeting = store.meetings_for_mission(mission.id)[0]
    assert_indexed(store, lambda: store.meeting(meeting.id))


def test_follow_ups_carried_over_and_open_use_indexes(store: Store) -> None:
    mission = busy_mission(store)
    last = mission.end_date
    assert_indexed(store, lambda: store.followups_for_day(mission.id, last))
    assert_indexed(store, lambda: store.followups(open_only=True))
    assert_indexed(store, lambda: store.followups(overdue_on=date(2020, 1, 1)))


@pytest.mark.parametrize(
    "typed",
    ["i", "inv", "medical devices", "aerospace", "mou", "zhou", "chen wei", "no-such-word"],
)
def test_search_never_reads_a_whole_table(store: Store, typed: str) -> None:
    mission = busy_mission(store)
    assert_indexed(store, lambda: store.search(typed))
    assert_indexed(store, lambda: store.search(typed, mission_id=mission.id))


def test_common_words_walk_the_dates_and_rare_ones_do_not(store: Store) -> None:
    """Both ways of finding the newest hits are exercised by the searches above."""

    def walks(typed: str) -> bool:
        ran = statements(store, lambda: store.search(typed))
        plans = [row[-1] for sql in ran for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        return any(plan.endswith(("meetings_by_time", "followups_by_date")) for plan in plans)

    assert walks("inv")
    assert not walks("zhou")


def test_the_check_sees_a_whole_table_read(store: Store) -> None:
    conn = store.db.conn
    assert whole_table_reads(conn, "SELECT id FROM meetings WHERE notes LIKE '%mou%'")
    assert whole_table_reads(conn, "SELECT id FROM meetings ORDER BY at_local DESC")  # no LIMIT
    assert not whole_table_reads(conn, "SELECT id FROM meetings WHERE id = 'x'")


def _fts_tables(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING FTS5%'"
        ).fetchall()
    )


def test_every_full_text_index_keeps_the_first_letters_of_words(store: Store) -> None:
    tables = _fts_tables(store.db.conn)
    assert {"meetings_fts", "people_fts", "organisation_aliases_fts"} <= set(tables)
    assert all("prefix='1 2 3'" in sql for sql in tables.values())


def test_a_diary_from_before_migration_4_is_reindexed_and_finds_what_it_held(
    tmp_path: Path,
) -> None:
    from sqlite_utils import Database

    from missiondiary.store.migrations import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "older.db"
    old = Database(path)
    for step in MIGRATIONS[:3]:
        step(old)
    stamp = "2011-11-20T12:00:00.000+00:00"
    old.execute(
        "INSERT INTO missions (id, slug, title, start_date, end_date, tz, home_tz, created_at,"
        " updated_at) VALUES ('m', 'china-2011', 'China', '2011-11-21', '2011-11-30',"
        " 'Asia/Shanghai', 'America/Toronto', ?, ?)",
        (stamp, stamp),
    )
    old.execute(
        "INSERT INTO meetings (id, mission_id, title, at_local, at_tz, at_utc, local_date, notes,"
        " created_at, updated_at) VALUES ('g', 'm', 'Jinshan Group', '2011-11-21T15:00:00',"
        " 'Asia/Shanghai', '2011-11-21T07:00:00+00:00', '2011-11-21', 'Hospital tender', ?, ?)",
        (stamp, stamp),
    )
    old.execute("PRAGMA user_version = 3")
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.conn.commit()
    old.close()
    with open_store(path) as upgraded:
        assert all("prefix=" in sql for sql in _fts_tables(upgraded.db.conn).values())
        assert [hit.entry_id for hit in upgraded.search("jin")] == ["g"]
        assert [hit.entry_id for hit in upgraded.search("hosp")] == ["g"]
