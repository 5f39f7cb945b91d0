"""Copies of the diary, made with SQLite's online backup API while the diary is in use.

Where they go: a `backups/` folder beside the diary.

- `<stem>-YYYY-MM-DD.db`: the daily copy, taken on the first write-mode open of each local
  day (before that day's first change); the last `KEEP_DAILY` are kept.
- `<stem>-before-schema-N-<timestamp>.db`: the diary as it was before this version upgraded
  it to schema N; never pruned.
- `missiondiary backup` without `--out`: `<stem>-<timestamp>.db`; never pruned.

`<stem>` is the diary's file name without `.db` (`diary` for the default diary), so two diaries
in one folder keep their copies apart. Every copy is a whole diary (`--db` opens it), written
to a temporary file and renamed into place, so a copy is either complete or absent.

Making a copy never changes the diary. A copy that cannot be made (a read-only folder, a full
disk) raises `BackupFailed`, which the callers report as a warning: a failed backup never stops
the user's command.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from missiondiary.errors import DiaryError, DiaryFileError
from missiondiary.store import crypto

__all__ = [
    "BACKUP_FOLDER",
    "KEEP_DAILY",
    "BackupFailed",
    "DailyBackup",
    "backup_before_migration",
    "backup_connection",
    "backups_folder",
    "daily_backups",
    "daily_name",
    "damaged",
    "file_stem",
    "integrity_problem",
    "newest_backup",
    "timestamp",
]

BACKUP_FOLDER = "backups"
KEEP_DAILY = 7
# Below this much free space, an I/O error while writing is taken to be a full disk.
NEARLY_FULL = 256 * 1024


class BackupFailed(DiaryError):
    """A copy could not be made; the diary itself is unchanged."""


@dataclass(frozen=True)
class DailyBackup:
    """What the daily backup did: the copy it made (None: today's copy already existed) and
    the old copies it removed."""

    path: Path | None
    removed: tuple[Path, ...] = ()


def backups_folder(diary_path: Path) -> Path:
    return Path(diary_path).expanduser().parent / BACKUP_FOLDER


def file_stem(diary_path: Path) -> str:
    name = Path(diary_path).name
    return name[:-3] if name.endswith(".db") and len(name) > 3 else name


def timestamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%dT%H%M%S")


def daily_name(diary_path: Path, day: date) -> str:
    return f"{file_stem(diary_path)}-{day:%Y-%m-%d}.db"


def daily_backups(diary_path: Path) -> list[tuple[date, Path]]:
    """The daily copies of this diary, newest first."""
    folder = backups_folder(diary_path)
    pattern = re.compile(rf"^{re.escape(file_stem(diary_path))}-(\d{{4}}-\d{{2}}-\d{{2}})\.db$")
    found = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = pattern.match(entry.name)
            if match and entry.is_file():
                try:
                    found.append((date.fromisoformat(match[1]), entry))
                except ValueError:
                    continue  # a name that only looks like a date is not ours to remove
    return sorted(found, reverse=True)


def newest_backup(diary_path: Path) -> Path | None:
    """The most recently written copy of any kind, for messages that say what to restore."""
    folder = backups_folder(diary_path)
    stem = file_stem(diary_path)
    try:
        copies = [
            entry
            for entry in folder.iterdir()
            if entry.name.startswith(f"{stem}-") and entry.suffix == ".db" and entry.is_file()
        ]
    except OSError:
        return None
    return max(copies, key=lambda entry: entry.stat().st_mtime, default=None)


def _reason(error: BaseException, folder: Path) -> str:
    """Why a copy could not be written, in the user's words."""
    name = getattr(error, "sqlite_errorname", "") or ""
    code = getattr(error, "errno", None)
    if name == "SQLITE_FULL" or code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if name.startswith("SQLITE_READONLY") or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"the folder {folder} cannot be written"
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")):
        if nearly_full(folder):
            return "the disk is full"
        if not os.access(folder, os.W_OK):
            return f"the folder {folder} cannot be written"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)


def nearly_full(folder: Path) -> bool:
    """Next to no space left on a real file system (tmpfs reports a full disk as an I/O
    error; /proc and its kind report no space at all and are not counted)."""
    try:
        usage = shutil.disk_usage(folder)
    except OSError:
        return False
    return usage.total > 0 and usage.free < NEARLY_FULL


def remove_with_sidecars(path: Path) -> None:
    """A diary copy gone with its journal and WAL files; what cannot go is left quietly."""
    for extra in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{extra}").unlink()


def backup_connection(
    source: sqlite3.Connection, target: Path, key: crypto.Key | None = None
) -> Path:
    """Copy the diary open on `source` to `target`, whole or not at all.

    The backup API reads one consistent snapshot of the diary (committed changes, the WAL
    included); the copy is switched to a rollback journal so it is one self-contained file,
    synced, then renamed into place. `target` must not exist yet: a copy never replaces a
    file. The copy of an encrypted diary (`key`) is encrypted with the same key and salt,
    so the same passphrase opens it."""
    target = Path(target).expanduser()
    folder = target.parent
    temp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.part"
    dest: sqlite3.Connection | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise BackupFailed(f"backup: {target} already exists; it was left as it was")
        dest = crypto.connect(str(temp), key=key)
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
        dest.close()
        dest = None
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
        with contextlib.suppress(OSError):  # some file systems cannot sync a folder
            descriptor = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
    except BackupFailed:
        raise
    except (*crypto.ERRORS, OSError) as error:
        raise BackupFailed(
            f"backup: could not write {target}: {_reason(error, folder)}; "
            "the diary itself is unchanged"
        ) from None
    finally:
        if dest is not None:
            with contextlib.suppress(*crypto.ERRORS):
                dest.close()
        remove_with_sidecars(temp)
    return target


def backup_before_migration(
    source: sqlite3.Connection,
    diary_path: Path,
    to_version: int,
    now: datetime | None = None,
    key: crypto.Key | None = None,
) -> Path:
    name = f"{file_stem(diary_path)}-before-schema-{to_version}-{timestamp(now)}.db"
    return backup_connection(source, backups_folder(diary_path) / name, key)


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """None when SQLite's quick check finds the file sound, else its first complaint.

    `PRAGMA quick_check` reads every page but skips the index cross-checks: about a
    millisecond per megabyte, cheap enough for every command."""
    try:
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except crypto.DATABASE_ERRORS as error:
        return str(error)
    found = [row[0] for row in rows]
    return None if found == ["ok"] else "; ".join(found)


def damaged(path: Path, problem: str) -> DiaryFileError:
    """The message for a diary SQLite cannot read whole: what happened, what to do."""
    newest = newest_backup(path)
    restore = (
        f"Move it aside and copy the newest backup, {newest}, in its place"
        if newest is not None
        else "Move it aside and put your latest copy in its place"
    )
    return DiaryFileError(
        f"--db: {path} is damaged ({problem}) and was left untouched. {restore}; "
        "'sqlite3 FILE .recover' can save what the damaged file still holds"
    )
