"""Small builders shared by the data-layer tests (store, history, search, time).

Plain functions over a real `Store`, so every test reads as the delegate's own actions.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

from missiondiary.domain import Mission, Moment
from missiondiary.store import Store
from missiondiary.timeline import moment_from_text

TORONTO = "America/Toronto"
SHANGHAI = "Asia/Shanghai"
CHONGQING = "Asia/Chongqing"  # a legacy alias of Asia/Shanghai, as the delegate types it

# The chamber's China mission: Day 1 is Monday 21 November 2011.
START = date(2011, 11, 21)
END = date(2011, 11, 30)


def at(text: str, tz: str = CHONGQING) -> Moment:
    """A wall time in a zone, as the CLI would place it."""
    return moment_from_text(text, tz).moment


def china_mission(store: Store, title: str = "Chongqing and Chengdu", **kwargs) -> Mission:
    options = {"home_tz": TORONTO, "organisation": "Chamber of Commerce", "author": "A. Delegate"}
    options.update(kwargs)
    return store.create_mission(title, START, END, CHONGQING, **options)


def chamber_mission(store: Store, slug: str, **kwargs) -> Mission:
    """The London Chamber's "Mission to Chongqing", as the sending and photo tests post it."""
    options = {"organisation": "London Chamber of Commerce", "author": "A. Delegate"}
    options.update(kwargs)
    return store.create_mission("Mission to Chongqing", START, END, CHONGQING, slug=slug, **options)


def raw_connection(path: Path) -> sqlite3.Connection:
    """A separate connection on the diary file: SQLCipher's, keyed from
    MISSIONDIARY_PASSPHRASE, when the diary is encrypted (tests/store/conftest.py)."""
    from missiondiary.store import crypto
    from missiondiary.store.db import inspect_file

    _, salt = inspect_file(Path(path))
    if salt is None:
        return sqlite3.connect(path)
    return crypto.connect(str(path), key=crypto.derive(os.environ[crypto.ENV_VAR], salt))


def row_counts(path: Path) -> dict[str, int]:
    """Rows in every table of the file, read through a separate connection."""
    conn = raw_connection(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()
