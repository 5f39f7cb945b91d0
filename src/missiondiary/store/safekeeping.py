"""The diary keeping itself safe while open: SQLite's quick check, the daily copy, and the
copies `missiondiary backup` makes (the copies themselves: `store.backup`)."""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path

from missiondiary.store.backup import (
    KEEP_DAILY,
    BackupFailed,
    DailyBackup,
    backup_connection,
    backups_folder,
    daily_backups,
    daily_name,
    damaged,
    file_stem,
    integrity_problem,
    timestamp,
)
from missiondiary.store.base import StoreBase


class BackupMixin(StoreBase):
    def check_integrity(self) -> None:
        """Raise a `DiaryFileError` naming the file and what to do if SQLite's quick check
        finds it damaged. The CLI calls it on every open; the app in its start-up worker."""
        problem = integrity_problem(self.db.conn)
        if problem is not None:
            raise damaged(self.path, problem)

    def backup_to(self, target: Path | str) -> Path:
        """`missiondiary backup --out`: a copy at `target` (a new file, or a folder to put a
        timestamped copy in). Works on a diary opened read-only too."""
        target = Path(target).expanduser()
        if target.is_dir():
            target = target / f"{file_stem(self.path)}-{timestamp()}.db"
        elif target.exists():
            raise BackupFailed(
                f"--out: {target} already exists; name a new file or a folder to put the copy in"
            )
        if _same_file(target, self.path):
            raise BackupFailed(f"--out: {target} is the diary itself; name another file")
        return backup_connection(self.db.conn, target, self.key)

    def backup_now(self) -> Path:
        """A timestamped copy in the backups folder (`missiondiary backup` without --out)."""
        name = f"{file_stem(self.path)}-{timestamp()}.db"
        return backup_connection(self.db.conn, backups_folder(self.path) / name, self.key)

    def daily_backup_due(self, today: date | None = None) -> bool:
        """Whether `daily_backup` would copy (and, first, check) the diary today."""
        day = today or date.today()
        return (
            not self.readonly
            and not (backups_folder(self.path) / daily_name(self.path, day)).exists()
        )

    def daily_backup(self, today: date | None = None) -> DailyBackup:
        """Today's copy, if there is none yet, then keep only the newest `KEEP_DAILY`.

        Call once at start-up (the CLI does on each write-mode open; the app in its start-up
        worker, off the UI thread). A read-only diary is not copied. A damaged diary is not
        copied either: `check_integrity` raises first, so a bad copy never pushes a good one
        out. Raises `BackupFailed` (a warning for the user, never a reason to stop) when the
        copy cannot be written."""
        if self.readonly:
            return DailyBackup(None)
        day = today or date.today()
        target = backups_folder(self.path) / daily_name(self.path, day)
        if target.exists():
            return DailyBackup(None)
        self.check_integrity()
        made = backup_connection(self.db.conn, target, self.key)
        removed = []
        for _, old in daily_backups(self.path)[KEEP_DAILY:]:
            with contextlib.suppress(OSError):
                old.unlink()
                removed.append(old)
        return DailyBackup(made, tuple(removed))


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == Path(other).resolve() or (
            one.exists() and os.path.samefile(one, other)
        )
    except OSError:
        return False
