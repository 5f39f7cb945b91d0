"""Opening a diary file: checks before touching it, pragmas, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from missiondiary.errors import DiaryFileError
from missiondiary.store.migrations import APPLICATION_ID, CORE_TABLES, SCHEMA_VERSION, migrate

__all__ = ["APPLICATION_ID", "check_file", "default_path", "open_database"]
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def default_path() -> Path:
    env = os.environ.get("MISSIONDIARY_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("missiondiary", appauthor=False) / "diary.db"


def check_file(path: Path) -> bool:
    """Refuse anything that is not a diary before SQLite can touch it; True if it exists."""
    if path.is_dir():
        raise DiaryFileError(f"--db: {path} is a folder, not a diary file; name a file inside it")
    if not path.exists():
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DiaryFileError(f"--db: cannot read {path}: {error.strerror}") from None
    if not header:
        raise DiaryFileError(
            f"--db: {path} is an empty file (0 bytes), not a diary; "
            "move it aside or name another file"
        )
    if header != SQLITE_HEADER:
        raise DiaryFileError(
            f"--db: {path} is not a SQLite file; it was left untouched. Name another file"
        )
    return True


def open_database(path: Path, *, readonly: bool = False) -> Database:
    path = Path(path).expanduser()
    existed = check_file(path)
    if not existed:
        if readonly:
            raise DiaryFileError(f"--db: {path} does not exist")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DiaryFileError(
                f"--db: cannot create the folder {path.parent}: {error.strerror}"
            ) from None
    conn: sqlite3.Connection | None = None
    try:
        if readonly:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        else:
            conn = sqlite3.connect(str(path))
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db = Database(conn)
        # Everything before this line only reads: a refused file is left as it was.
        _check_schema(db, path, existed, readonly)
        if not readonly:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            migrate(db)
            if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                # A diary from before the mark was set with its schema: mark it now.
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except sqlite3.DatabaseError as error:
        _close(conn)
        raise DiaryFileError(f"--db: {path} cannot be used as a diary: {error}") from None
    except BaseException:
        _close(conn)
        raise
    return db


def _close(conn: sqlite3.Connection | None) -> None:
    """A refused file is not kept open (another program may want its lock)."""
    if conn is not None:
        conn.close()


def _check_schema(db: Database, path: Path, existed: bool, readonly: bool = False) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if existed:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        objects = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        tables = set(db.table_names())
        ours = app_id == APPLICATION_ID or (
            app_id == 0
            and (objects == 0 or (1 <= version <= SCHEMA_VERSION and tables >= CORE_TABLES))
        )
        if not ours:
            raise DiaryFileError(
                f"--db: {path} is a SQLite file of another program, not a diary; "
                "it was left untouched"
            )
    if version > SCHEMA_VERSION:
        raise DiaryFileError(
            f"--db: {path} was written by a newer missiondiary (schema {version}, "
            f"this one knows {SCHEMA_VERSION}); upgrade missiondiary to open it"
        )
    if readonly and version < SCHEMA_VERSION:
        raise DiaryFileError(
            f"--db: {path} needs upgrading (schema {version}, this one knows "
            f"{SCHEMA_VERSION}) and cannot be while opened read-only; "
            "open it once without read-only"
        )
