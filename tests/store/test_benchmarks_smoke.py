"""The benchmark works: a small archive is a believable diary, and run.py prints its table.

Behaviour only: CI never times anything (the figures live in docs/performance.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench_helpers import benchmark_module
from missiondiary.store import open_store

# One worker runs this module (xdist_group): its archive is built once, not once per worker.
pytestmark = pytest.mark.xdist_group("benchmarks_smoke")

ENTRIES = 1000


@pytest.fixture(scope="module")
def make_archive():
    return benchmark_module("make_archive")


@pytest.fixture(scope="module")
def archive(make_archive, tmp_path_factory: pytest.TempPathFactory):
    return make_archive.build_archive(
        tmp_path_factory.mktemp("archive") / "diary.db", ENTRIES, seed=3
    )


def _count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_the_archive_holds_the_entries_asked_for_in_the_right_mix(archive) -> None:
    counts = archive.counts
    assert archive.entries == ENTRIES
    assert counts["itinerary"] + counts["meeting"] + counts["followup"] == ENTRIES
    assert 0.3 < counts["itinerary"] / ENTRIES < 0.5
    assert 0.2 < counts["meeting"] / ENTRIES < 0.4
    assert 0.2 < counts["followup"] / ENTRIES < 0.4
    assert _count(archive.path, "SELECT COUNT(*) FROM itinerary_items") == counts["itinerary"]
    assert _count(archive.path, "SELECT COUNT(*) FROM meetings") == counts["meeting"]
    assert _count(archive.path, "SELECT COUNT(*) FROM followups") == counts["followup"]


def test_missions_last_five_to_fifteen_days_over_ten_years_in_many_zones(archive) -> None:
    with open_store(archive.path) as store:
        missions = store.missions()
    assert len(missions) == archive.missions > 1
    assert all(5 <= mission.day_count <= 15 for mission in missions)
    assert all(2015 <= mission.start_date.year <= 2024 for mission in missions)
    assert len({mission.tz for mission in missions}) > 3


def test_meeting_notes_run_to_hundreds_of_words(archive) -> None:
    with open_store(archive.path) as store:
        words = [len(row[0].split()) for row in store.db.execute("SELECT notes FROM meetings")]
    assert min(words) >= 100
    assert max(words) <= 450  # whole sentences: the last may run past 400


def test_people_are_met_again_on_later_missions(archive) -> None:
    again = _count(
        archive.path,
        """SELECT COUNT(*) FROM (
            SELECT ma.person_id FROM meeting_attendees ma JOIN meetings m ON m.id = ma.meeting_id
            GROUP BY ma.person_id HAVING COUNT(DISTINCT m.mission_id) > 1)""",
    )
    assert again > 0


def test_the_archive_opens_and_behaves_like_any_diary(archive) -> None:
    with open_store(archive.path) as store:
        mission = store.missions()[0]
        day = store.day(mission.id, mission.start_date)
        assert day.itinerary or day.meetings
        hits = store.search(archive.search_word)
        assert hits and all(hit.snippet for hit in hits)
        assert store.search(archive.typed_prefix)
        for table in ("meetings", "itinerary_items", "followups", "outcomes", "people"):
            store.db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
        added = store.add_followup(mission.id, "Send the zyzzyva brochure", mission.start_date)
        assert [hit.entry_id for hit in store.search("zyzzyva")] == [added.id]


def test_the_same_seed_builds_the_same_diary(make_archive, tmp_path: Path) -> None:
    def contents(path: Path) -> list:
        conn = sqlite3.connect(path)
        try:
            return [
                conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("missions", "meetings", "followups", "people")
            ]
        finally:
            conn.close()

    first = make_archive.build_archive(tmp_path / "a.db", 300, seed=5)
    second = make_archive.build_archive(tmp_path / "b.db", 300, seed=5)
    other = make_archive.build_archive(tmp_path / "c.db", 300, seed=6)
    assert contents(first.path) == contents(second.path)
    assert contents(first.path) != contents(other.path)


def test_an_archive_is_never_written_over(make_archive, archive) -> None:
    with pytest.raises(FileExistsError):
        make_archive.build_archive(archive.path, 10)


def run_table(cache: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple:
    run = benchmark_module("run")
    assert run.main(["--runs", "1", "--cache", str(cache), *options]) == 0
    out = capsys.readouterr().out
    table = out[out.index("| Measure") :]
    labels = [line.split(" | ")[0].removeprefix("| ") for line in table.splitlines()[2:]]
    assert labels == [row.label for row in run.ROWS]
    assert "cores" in out and "Python" in out
    return table


def test_run_prints_the_table_with_every_row_on_a_small_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The short version for the default run: no app started, so its rows say n/a."""
    table = run_table(tmp_path, capsys, "--entries", "200", "--no-app")
    assert "200 entries" in table


@pytest.mark.slow
def test_run_prints_the_table_with_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = run_table(tmp_path, capsys, "--entries", str(ENTRIES))
    assert "1,000 entries" in table
    assert "n/a" not in table  # every figure was measured, the app's included
