"""Backups: SQLite's online backup API, a copy on the first open of each day (the last 7 kept),
`missiondiary backup` on demand; every copy is a diary `--db` opens; a copy that cannot be
made is a warning, never a reason to stop the user's command."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cli_helpers import SLUG, as_json, dump, invoke, new_mission, ok
from fs_helpers import full_disk, readonly_folder
from missiondiary.errors import DiaryFileError
from missiondiary.store import open_store
from missiondiary.store.backup import (
    KEEP_DAILY,
    BackupFailed,
    backups_folder,
    daily_backups,
)

TODAY = date.today()
DAILY = f"diary-{TODAY:%Y-%m-%d}.db"


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "diary.db"
    new_mission(path)
    ok(path, "followup", "add", SLUG, "Send the MOU", "--date", "2011-11-21")
    shutil.rmtree(tmp_path / "backups")  # each test starts with a diary never copied
    return path


def test_backup_prints_the_copy_and_the_copy_is_a_diary(db: Path) -> None:
    printed = ok(db, "backup").stdout.strip()
    copy = Path(printed)
    assert copy.parent == db.parent / "backups"
    assert copy.name.startswith("diary-") and copy.name != DAILY
    assert _rows(copy, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert not Path(f"{copy}-wal").exists()
    assert dump(copy) == dump(db)
    [mission] = as_json(copy, "mission", "list")
    assert mission["slug"] == SLUG
    assert [f["text"] for f in as_json(copy, "followup", "list")] == ["Send the MOU"]
    assert _rows(copy, "PRAGMA integrity_check") == [("ok",)]


def test_backup_out_writes_a_new_file_or_into_a_folder(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "copy.db"
    assert ok(db, "backup", "--out", str(target)).stdout.strip() == str(target)
    assert dump(target) == dump(db)
    folder = tmp_path / "usb"
    folder.mkdir()
    into = Path(ok(db, "backup", "--out", str(folder)).stdout.strip())
    assert into.parent == folder and dump(into) == dump(db)


@pytest.mark.parametrize("which", ["existing", "the diary"])
def test_backup_never_overwrites_a_file(db: Path, tmp_path: Path, which: str) -> None:
    target = tmp_path / "taken.txt" if which == "existing" else db
    if which == "existing":
        target.write_text("someone's file")
    before = target.read_bytes()
    result = invoke(db, "backup", "--out", str(target))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "already exists" in result.stderr
    assert target.read_bytes() == before


def test_a_copy_includes_changes_still_in_the_wal(db: Path, tmp_path: Path) -> None:
    """The backup API copies what is committed, wherever SQLite keeps it."""
    with open_store(db) as store:
        other = sqlite3.connect(db)  # a second reader keeps the WAL from being checkpointed
        try:
            mission = store.find_mission(SLUG)
            store.add_followup(mission.id, "Only in the WAL", date(2011, 11, 22))
            assert Path(f"{db}-wal").stat().st_size > 0
            copy = store.backup_to(tmp_path / "copy.db")
        finally:
            other.close()
    assert "Only in the WAL" in {row[0] for row in _rows(copy, "SELECT text FROM followups")}


def test_the_first_command_of_the_day_makes_the_daily_copy_before_changing(db: Path) -> None:
    before = dump(db)
    ok(db, "followup", "add", SLUG, "After the copy", "--date", "2011-11-21")
    daily = db.parent / "backups" / DAILY
    assert dump(daily) == before  # the copy is the diary as the day found it
    stamp = daily.stat().st_mtime_ns
    ok(db, "followup", "add", SLUG, "Later", "--date", "2011-11-21")
    ok(db, "mission", "list")
    assert daily.stat().st_mtime_ns == stamp  # one copy a day
    assert sorted(p.name for p in daily.parent.iterdir()) == [DAILY]


def test_a_new_diary_is_not_copied_on_the_command_that_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    ok(path, "mission", "new", "T", "--start", "2024-05-06", "--end", "2024-05-08", "--tz", "UTC")
    assert not (tmp_path / "backups").exists()
    ok(path, "mission", "list")
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [DAILY]


def test_only_the_last_seven_daily_copies_are_kept(db: Path) -> None:
    folder = db.parent / "backups"
    folder.mkdir(exist_ok=True)
    for name in ("diary-before-schema-2-20240101T000000.db", "notes.txt", "other-2020-01-01.db"):
        (folder / name).write_text("not ours to prune")
    for back in range(1, 11):
        (folder / f"diary-{TODAY - timedelta(days=back):%Y-%m-%d}.db").write_bytes(b"old")
    ok(db, "mission", "list")
    kept = [day for day, _ in daily_backups(db)]
    assert kept == [TODAY - timedelta(days=back) for back in range(KEEP_DAILY)]
    assert {"diary-before-schema-2-20240101T000000.db", "notes.txt", "other-2020-01-01.db"} <= {
        p.name for p in folder.iterdir()
    }


def test_daily_backup_for_the_app_is_idempotent(db: Path) -> None:
    with open_store(db) as store:
        first = store.daily_backup(TODAY + timedelta(days=1))
        again = store.daily_backup(TODAY + timedelta(days=1))
    assert first.path is not None and first.path.exists()
    assert again.path is None


def test_a_read_only_diary_is_not_copied(db: Path) -> None:
    with open_store(db, readonly=True) as store:
        assert store.daily_backup().path is None
    assert not (db.parent / "backups").exists()


def test_each_diary_in_a_folder_keeps_its_own_copies(tmp_path: Path) -> None:
    for name in ("diary.db", "trip.db"):
        new_mission(tmp_path / name)
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert names == [DAILY, f"trip-{TODAY:%Y-%m-%d}.db"]


def test_a_damaged_diary_is_never_copied_over_good_copies(db: Path) -> None:
    from test_bad_files import damage_pages

    with open_store(db) as store:
        assert store.daily_backup(TODAY - timedelta(days=1)).path is not None
    damage_pages(db)
    result = invoke(db, "mission", "list")
    assert result.exit_code == 1
    assert "damaged" in result.stderr and str(db) in result.stderr
    assert "diary-" in result.stderr  # names the copy to go back to
    assert [day for day, _ in daily_backups(db)] == [TODAY - timedelta(days=1)]


def test_a_backups_folder_that_cannot_be_written_is_one_warning(db: Path, tmp_path: Path) -> None:
    """The diary's folder is writable; its backups/ folder is a read-only file system."""
    before = dump(db)
    with readonly_folder(backups_folder(db)):
        result = invoke(db, "followup", "add", SLUG, "Still saved", "--date", "2011-11-21")
        assert result.exit_code == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if "backup" in line]
        assert len(warnings) == 1, result.stderr
        assert warnings[0].startswith("Warning: ") and "cannot be written" in warnings[0]
        assert "Still saved" in result.stdout
    assert dump(db) != before


def test_a_full_disk_for_backups_is_one_warning_and_the_command_goes_on(
    db: Path, tmp_path: Path
) -> None:
    with full_disk(backups_folder(db), size="1m"):
        result = invoke(db, "followup", "add", SLUG, "Still saved", "--date", "2011-11-21")
        assert result.exit_code == 0, result.stderr
        [warning] = [line for line in result.stderr.splitlines() if "backup" in line]
        assert "disk is full" in warning and "the diary itself is unchanged" in warning
        leftovers = [p.name for p in backups_folder(db).iterdir() if p.name != "filler"]
        assert leftovers == []  # no half-written copy
    assert "Still saved" in {f["text"] for f in as_json(db, "followup", "list")}


def test_backup_failed_is_raised_for_the_app_to_show(db: Path, tmp_path: Path) -> None:
    with (
        readonly_folder(tmp_path / "ro"),
        open_store(db) as store,
        pytest.raises(BackupFailed, match="cannot be written"),
    ):
        store.backup_to(tmp_path / "ro" / "copy.db")


def test_backup_of_a_read_only_diary_works(db: Path, tmp_path: Path) -> None:
    with readonly_folder(tmp_path / "ro", db) as folder:
        result = invoke(folder / "diary.db", "backup", "--out", str(tmp_path / "copy.db"))
        assert result.exit_code == 0, result.stderr
        assert "read-only" in result.stderr
    assert dump(tmp_path / "copy.db") == dump(db)


def test_check_integrity_names_the_file(db: Path) -> None:
    from test_bad_files import damage_pages

    damage_pages(db)
    with pytest.raises(DiaryFileError, match="damaged") as caught, open_store(db) as store:
        store.check_integrity()
    assert str(db) in str(caught.value)
    assert os.path.exists(db)
