"""Opening the diary, the one way the command line and the app both use.

The policy: a diary that cannot be written (a read-only file or folder, a full disk) is
opened for reading when the caller allows it; every open then runs SQLite's quick check (a
damaged diary stops the command line in one line and is a warning in the app), and the first
writable open of each local day copies the diary into backups/ (a copy that fails is a
warning, never a reason to stop). The caller prints or shows the lines it is handed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from missiondiary.errors import DiaryFileError, DiskFull, ReadOnlyDiary
from missiondiary.store import Store, crypto
from missiondiary.store.backup import BackupFailed

__all__ = ["OpenedDiary", "open_diary"]


@dataclass
class OpenedDiary:
    store: Store
    # Why a diary that was asked for writing is open for reading only (the app's words),
    # None when it is writable or was asked for reading.
    read_only_because: str | None = None
    warnings: list[str] = field(default_factory=list)  # from opening (a copy not made...)
    refused: Exception | None = None  # the error that made it fall back to reading

    @property
    def reading_note(self) -> str | None:
        """The command line's one line when it fell back to reading."""
        if self.refused is None:
            return None
        why = "is read-only" if isinstance(self.refused, ReadOnlyDiary) else "is on a full disk"
        return f"Note: {self.store.path} {why}; opened for reading, nothing will be changed."

    def look_after(
        self,
        *,
        check: bool = True,
        strict: bool = True,
        back_up: bool = True,
        waiting: Callable[[str], None] | None = None,
    ) -> list[str]:
        """Quick-check the file, then take the day's copy; the warnings for the user.

        `strict`: a damaged diary raises `DiaryFileError`; otherwise it is a warning and no
        copy is taken (a bad copy must never push a good one out). `back_up`: take the daily
        copy (a read-only diary is never copied).

        An encrypted diary is not checked whole on every open: decrypting every page costs
        about 16 times a plain check (0.8 s at 10,000 entries), and SQLCipher checks each
        page it reads against its HMAC anyway. It is checked whole once a day, before its
        daily copy (`daily_backup` does that); `waiting` is told first, so a long wait is
        never a silent one."""
        if check and self.store.key is None:
            try:
                self.store.check_integrity()
            except DiaryFileError as error:
                if strict:
                    raise
                return [str(error)]
        if back_up and not self.store.readonly:
            if waiting is not None and self.store.key is not None and self.store.daily_backup_due():
                waiting(
                    f"Checking {self.store.path} and copying it to backups/ "
                    "(an encrypted diary, once a day; a large one takes a while)..."
                )
            try:
                self.store.daily_backup()
            except BackupFailed as error:
                return [f"Warning: {error}"]
        return []


def open_diary(
    path: Path | str | None,
    *,
    readonly: bool = False,
    fall_back: bool = True,
    ask: Callable[[Path], str | None] | None = None,
) -> OpenedDiary:
    """Open the diary; with `fall_back`, one that cannot be written opens for reading.

    An encrypted diary whose passphrase no source holds (`crypto.passphrase_for`) is
    opened with the one `ask` returns (the command line's hidden prompt); without `ask`,
    or when it returns None, `PassphraseNeeded` goes to the caller (the app's screen)."""
    try:
        return _open(path, readonly, fall_back)
    except crypto.PassphraseNeeded as needed:
        passphrase = ask(needed.path) if ask is not None else None
        if not passphrase:
            raise
        crypto.give(needed.path, passphrase)
        return _open(path, readonly, fall_back)


def _open(path: Path | str | None, readonly: bool, fall_back: bool) -> OpenedDiary:
    try:
        store = Store.open(path, readonly=readonly)
        refused: Exception | None = None
        because = None
    except (ReadOnlyDiary, DiskFull) as error:
        if not fall_back:
            raise
        store = Store.open(path, readonly=True)
        refused = error
        because = (
            "read-only file or folder" if isinstance(error, ReadOnlyDiary) else "the disk is full"
        )
    return OpenedDiary(store, because, list(store.warnings), refused)
