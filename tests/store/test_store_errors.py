"""Storage errors leave the store as the diary's own errors: the app's screens catch
`DiaryError` and never need to know SQLite is underneath."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from missiondiary.errors import DiaryError
from missiondiary.store import Store
from store_helpers import china_mission

TUI = Path(__file__).parents[2] / "src" / "missiondiary" / "tui"


def test_a_storage_error_in_a_read_is_a_diary_error(diary: Store) -> None:
    with pytest.raises(DiaryError, match="could not be read or written") as caught:
        diary._rows("SELECT * FROM no_such_table")
    assert isinstance(caught.value.__cause__, sqlite3.Error)


def test_a_storage_error_inside_a_write_is_a_diary_error(diary: Store) -> None:
    mission = china_mission(diary)
    with pytest.raises(DiaryError), diary.write() as db:
        db.execute("INSERT INTO missions (id) VALUES (?)", (mission.id,))  # taken
    assert diary.mission(mission.id) == mission


def test_no_screen_catches_sqlite_errors() -> None:
    offenders = [path.name for path in TUI.rglob("*.py") if "sqlite3" in path.read_text()]
    assert offenders == []
