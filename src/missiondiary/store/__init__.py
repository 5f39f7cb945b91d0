"""The diary store: one SQLite file, read and written only through `Store`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from missiondiary.store import crypto
from missiondiary.store.days import DaysMixin
from missiondiary.store.db import default_path, explain_sqlite_error, open_database
from missiondiary.store.exchange import ExchangeMixin
from missiondiary.store.outbox import OutboxMixin
from missiondiary.store.register_edits import RegisterEditsMixin
from missiondiary.store.safekeeping import BackupMixin
from missiondiary.store.search import SearchMixin
from missiondiary.store.settings import SettingsMixin

__all__ = ["Store", "default_path", "open_store"]


class Store(
    DaysMixin,
    SearchMixin,
    SettingsMixin,
    ExchangeMixin,
    RegisterEditsMixin,
    BackupMixin,
    OutboxMixin,
):
    """Every read returns domain objects; every user action is one transaction."""

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        readonly: bool = False,
        passphrase: str | None = None,
    ) -> Store:
        """Open a diary; `ReadOnlyDiary` if it cannot be written and `readonly` is not set.

        `warnings` holds lines for the user (a copy before an upgrade that could not be
        made); the CLI prints them, the app shows them as notifications."""
        resolved = Path(path).expanduser() if path else default_path()
        warnings: list[str] = []
        database, key = open_database(
            resolved, readonly=readonly, warnings=warnings, passphrase=passphrase
        )
        store = cls(database, resolved, readonly)
        store.warnings = warnings
        store.key = key  # its own: what the process still knows may be forgotten by now
        return store


@contextmanager
def open_store(path: Path | str | None = None, *, readonly: bool = False) -> Iterator[Store]:
    """A store for the length of the block. Storage errors raised inside it come out as the
    diary's own errors (`DiaryBusy`, `DiskFull`, `DiaryFileError`...), worded for the user, so
    callers (the app's screens) catch `DiaryError` alone and never `sqlite3.Error`."""
    store = Store.open(path, readonly=readonly)
    try:
        yield store
    except crypto.ERRORS as error:
        raise explain_sqlite_error(store.path, error, "could not be read or written") from error
    finally:
        store.close()
