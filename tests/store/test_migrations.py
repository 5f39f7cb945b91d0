"""Opening a diary file: a fresh file is set up, anything else that is not a diary is refused
and left byte-for-byte as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from missiondiary.errors import DiaryFileError
from missiondiary.store import Store, default_path, migrations, open_store
from missiondiary.store.db import APPLICATION_ID
from missiondiary.store.migrations import SCHEMA_VERSION
from store_helpers import START, china_mission


def _pragma(path: Path, name: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def _schema(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


def _foreign_file(path: Path, *, user_version: int = 0, application_id: int = 0) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('someone else''s data')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_fresh_file_gets_the_schema_wal_and_foreign_keys(diary_path: Path) -> None:
    with open_store(diary_path) as store:
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert _pragma(diary_path, "user_version") == SCHEMA_VERSION
    assert _pragma(diary_path, "journal_mode") == "wal"
    assert _pragma(diary_path, "application_id") == APPLICATION_ID
    tables = {name for _, name, _ in _schema(diary_path)}
    assert {"missions", "itinerary_items", "meetings", "followups", "day_posts"} <= tables
    assert {"meetings_fts", "followups_fts", "organisations_fts"} <= tables


def test_default_path_follows_missiondiary_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISSIONDIARY_DB", str(tmp_path / "elsewhere.db"))
    assert default_path() == tmp_path / "elsewhere.db"
    with open_store() as store:
        assert store.path == tmp_path / "elsewhere.db"
    assert (tmp_path / "elsewhere.db").is_file()
    monkeypatch.delenv("MISSIONDIARY_DB")
    assert default_path().name == "diary.db"
    assert "missiondiary" in str(default_path())


def test_fresh_file_in_a_missing_folder_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "diary.db"
    with open_store(path) as store:
        assert store.missions() == []
    assert path.is_file()


def test_foreign_keys_are_enforced(diary: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        diary.db.execute(
            "INSERT INTO followups (id, mission_id, text, day, created_at, updated_at) "
            "VALUES ('x', 'no-such-mission', 't', '2011-11-21', '', '')"
        )


def test_reopening_changes_nothing(diary_path: Path) -> None:
    with open_store(diary_path) as store:
        china_mission(store)
    schema, data = _schema(diary_path), diary_path.read_bytes()
    with open_store(diary_path) as store:
        assert len(store.missions()) == 1
    assert _schema(diary_path) == schema
    assert diary_path.read_bytes() == data
    assert _pragma(diary_path, "user_version") == SCHEMA_VERSION


def test_migrate_on_a_current_diary_runs_no_step(diary: Store) -> None:
    assert migrations.migrate(diary.db) == SCHEMA_VERSION


def test_a_migration_step_is_one_transaction(
    diary_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step that fails half-way leaves the file at the version before it, with no half tables."""

    first_step = migrations.MIGRATIONS[0]

    def half_done(db) -> None:
        first_step(db)  # every table and FTS index of step 1 ...
        raise RuntimeError("power cut")  # ... then the lights go out

    monkeypatch.setattr(migrations, "MIGRATIONS", [half_done])
    with pytest.raises(RuntimeError, match="power cut"):
        Store.open(diary_path)
    assert _pragma(diary_path, "user_version") == 0
    assert _schema(diary_path) == []
    monkeypatch.undo()
    with open_store(diary_path) as store:  # the next start finishes the job
        assert store.missions() == []
    assert _pragma(diary_path, "user_version") == SCHEMA_VERSION


def test_newer_schema_is_refused_and_left_untouched(diary_path: Path) -> None:
    with open_store(diary_path) as store:
        china_mission(store)
    conn = sqlite3.connect(diary_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = diary_path.read_bytes()
    with pytest.raises(DiaryFileError, match=r"--db: .*newer missiondiary") as caught:
        Store.open(diary_path)
    assert f"schema {SCHEMA_VERSION + 1}" in str(caught.value)
    with pytest.raises(DiaryFileError, match="newer"):
        Store.open(diary_path, readonly=True)
    assert diary_path.read_bytes() == before


def test_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Day 1: Chongqing. Met the Jinshan Group.\n")
    before = path.read_bytes()
    with pytest.raises(DiaryFileError, match="not a SQLite file"):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_short_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    path.write_bytes(b"SQLite")
    with pytest.raises(DiaryFileError, match="not a SQLite file"):
        Store.open(path)
    assert path.read_bytes() == b"SQLite"


def test_sqlite_header_with_garbage_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(DiaryFileError, match="--db: "):
        Store.open(path)
    assert path.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 200


def test_zero_byte_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    path.touch()
    with pytest.raises(DiaryFileError, match="empty file"):
        Store.open(path)
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.db"]


def test_folder_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "diaries"
    folder.mkdir()
    with pytest.raises(DiaryFileError, match="is a folder"):
        Store.open(folder)
    assert list(folder.iterdir()) == []


def test_sqlite_file_of_another_program_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    before = _foreign_file(path)
    with pytest.raises(DiaryFileError, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("user_version", "application_id"),
    [(1, 0), (SCHEMA_VERSION + 5, 0), (0, 0x12345678), (SCHEMA_VERSION, 0x12345678)],
)
def test_sqlite_file_of_another_program_with_its_own_versions_is_refused(
    tmp_path: Path, user_version: int, application_id: int
) -> None:
    path = tmp_path / "other.db"
    before = _foreign_file(path, user_version=user_version, application_id=application_id)
    with pytest.raises(DiaryFileError, match="another program"):
        Store.open(path)
    with pytest.raises(DiaryFileError, match="another program"):
        Store.open(path, readonly=True)
    assert path.read_bytes() == before


def test_empty_sqlite_file_becomes_a_diary(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")  # writes the header and nothing else
    conn.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    with open_store(path) as store:
        china_mission(store)
    assert _pragma(path, "user_version") == SCHEMA_VERSION
    assert _pragma(path, "application_id") == APPLICATION_ID


def test_diary_that_lost_its_application_id_still_opens(diary_path: Path) -> None:
    """A diary whose mark was never written (an older build, a crash) is still ours."""
    with open_store(diary_path) as store:
        mission = china_mission(store)
    conn = sqlite3.connect(diary_path)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    with open_store(diary_path) as store:
        assert store.mission(mission.id) == mission
    assert _pragma(diary_path, "application_id") == APPLICATION_ID


def test_readonly_open_of_an_unmigrated_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DiaryFileError, match="read-only"):
        Store.open(path, readonly=True)
    assert path.read_bytes() == before


def test_data_written_before_a_reopen_is_still_there(diary_path: Path) -> None:
    with open_store(diary_path) as store:
        mission = china_mission(store)
        store.add_followup(mission.id, "Send the MOU", START)
    with open_store(diary_path, readonly=True) as store:
        assert [f.text for f in store.followups()] == ["Send the MOU"]
