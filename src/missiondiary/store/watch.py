"""Noticing that another program changed the diary: the command line, a second app window.

SQLite's `PRAGMA data_version` answers a different number on a connection whenever any
other connection has committed since it last asked. Asking costs no disk read, so the app
asks twice a second. The watcher's connection stays in the watcher's thread (a SQLite
connection belongs to the thread that opened it) and never writes.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from missiondiary.store import crypto
from missiondiary.store.db import sqlite_connect

__all__ = ["ChangeWatcher"]


class ChangeWatcher:
    """Calls `on_change` (in the watcher's thread) after another connection commits.

    The app's own writes come from other connections too, so they are reported as well:
    the caller treats a report as "read again", which is cheap and always right. Errors
    (the diary busy in a checkpoint, a file briefly missing) are quiet: the watcher tries
    again on its next turn, and a lost turn only delays a refresh."""

    def __init__(
        self,
        path: Path | str,
        on_change: Callable[[], None],
        *,
        interval: float = 0.5,
        readonly: bool = False,
    ) -> None:
        self.path = Path(path).expanduser()
        self.on_change = on_change
        self.interval = interval
        self.readonly = readonly
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="missiondiary-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _connect(self) -> sqlite3.Connection:
        # mode=rw|ro: never create a file where the diary is missing.
        mode = "ro" if self.readonly else "rw"
        key = crypto.key_of(self.path)
        conn = sqlite_connect(f"{self.path.resolve().as_uri()}?mode={mode}", uri=True, key=key)
        conn.execute("PRAGMA busy_timeout = 200")
        return conn

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        seen: int | None = None
        try:
            while not self._stop.is_set():
                try:
                    if conn is None:
                        conn = self._connect()
                    version = conn.execute("PRAGMA data_version").fetchone()[0]
                except crypto.ERRORS:
                    if conn is not None:
                        with contextlib.suppress(*crypto.ERRORS):
                            conn.close()
                    conn = None
                    # A new connection counts from its own start: look again once it is
                    # open, and report, in case a change fell in between.
                    version = None
                if version is not None:
                    if seen is not None and version != seen:
                        self.on_change()
                    seen = version
                elif seen is not None:
                    seen = None
                    self.on_change()
                self._stop.wait(self.interval)
        finally:
            if conn is not None:
                with contextlib.suppress(*crypto.ERRORS):
                    conn.close()
