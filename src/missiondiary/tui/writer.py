"""One writer for the whole app: every screen that saves hands its change here, so changes
reach the diary in the order the delegate made them, each on a store of its own (in a worker
thread), a diary busy in another program tried again before anyone is told."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from textual.app import App

from missiondiary.errors import DiaryBusy
from missiondiary.store import Store, open_store

T = TypeVar("T")


class WriteQueue:
    """Tickets handed out on the UI thread, served in order by the worker threads, so saves
    and changes reach the diary in the order the delegate made them."""

    WAIT_SECONDS = 30.0  # a ticket whose worker never ran must not block the rest forever

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._issued = 0
        self._serving = 0

    def ticket(self) -> int:
        self._issued += 1
        return self._issued - 1

    @contextmanager
    def turn(self, ticket: int) -> Iterator[None]:
        with self._turn:
            self._turn.wait_for(lambda: self._serving >= ticket, timeout=self.WAIT_SECONDS)
        try:
            yield
        finally:
            with self._turn:
                self._serving = max(self._serving, ticket + 1)
                self._turn.notify_all()


@dataclass(frozen=True)
class Written:
    """What a change did, for the screen to show."""

    notice: str = ""
    select: tuple[str, str] | None = None  # (kind, entry id) to select afterwards
    day: date | None = None  # the day the entry landed on, when not the one on screen


Change = Callable[[Store], Written]


class Superseded(Exception):
    """A newer save of the same text was asked for: this one has nothing left to do."""


class DiaryWriter:
    """Takes a ticket on the UI thread (`ticket`), then runs the change in a worker (`run`)
    when its turn comes. A write that finds the diary busy is tried again, BUSY_ATTEMPTS
    times in all (SQLite has already waited its busy timeout each time)."""

    BUSY_ATTEMPTS = 3
    BUSY_PAUSE_SECONDS = 0.5

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.queue = WriteQueue()

    def ticket(self) -> int:
        return self.queue.ticket()

    def run(
        self, ticket: int, change: Callable[[Store], T], stale: Callable[[], bool] | None = None
    ) -> T:
        """In a worker: wait for the ticket's turn, then make the change. `stale` says when a
        newer change has made this one pointless (raises `Superseded`)."""
        with self.queue.turn(ticket):
            return self.attempt(change, stale)

    def attempt(self, change: Callable[[Store], T], stale: Callable[[], bool] | None = None) -> T:
        for attempt in range(1, self.BUSY_ATTEMPTS + 1):
            if stale is not None and stale():
                raise Superseded
            try:
                with open_store(self.db_path) as store:
                    return change(store)
            except DiaryBusy:
                if attempt == self.BUSY_ATTEMPTS:
                    raise
            time.sleep(self.BUSY_PAUSE_SECONDS)
        raise AssertionError("unreachable")


_WRITERS: weakref.WeakKeyDictionary[App, dict[Path, DiaryWriter]] = weakref.WeakKeyDictionary()


def writer_for(app: App, db_path: Path) -> DiaryWriter:
    """The app's one writer for this diary, shared by every screen that saves."""
    writers = _WRITERS.setdefault(app, {})
    key = Path(db_path)
    if key not in writers:
        writers[key] = DiaryWriter(key)
    return writers[key]
