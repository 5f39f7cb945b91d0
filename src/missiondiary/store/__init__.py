"""The diary store: one SQLite file, read and written only through `Store`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from missiondiary.store.days import DaysMixin
from missiondiary.store.db import default_path, open_database
from missiondiary.store.exchange import ExchangeMixin
from missiondiary.store.register import RegisterMixin
from missiondiary.store.search import SearchMixin
from missiondiary.store.settings import SettingsMixin

__all__ = ["Store", "default_path", "open_store"]


class Store(DaysMixin, SearchMixin, SettingsMixin, ExchangeMixin, RegisterMixin):
    """Every read returns domain objects; every user action is one transaction."""

    @classmethod
    def open(cls, path: Path | str | None = None, *, readonly: bool = False) -> Store:
        resolved = Path(path).expanduser() if path else default_path()
        return cls(open_database(resolved, readonly=readonly), resolved, readonly)


@contextmanager
def open_store(path: Path | str | None = None, *, readonly: bool = False) -> Iterator[Store]:
    store = Store.open(path, readonly=readonly)
    try:
        yield store
    finally:
        store.close()
