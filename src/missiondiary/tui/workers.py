"""The step most of the app's thread workers take, said once.

A worker opens the diary in its own thread (a SQLite connection stays in the thread that
opened it), does one piece of store work, and posts back either what came of it or, when the
diary refuses, the one line that says why, in the screen's own words for the failure.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from textual.message import Message

from missiondiary.errors import DiaryError
from missiondiary.store import Store, open_store

T = TypeVar("T")


class Poster(Protocol):
    """A screen, or anything else a worker posts to (`post_message` is thread-safe)."""

    def post_message(self, message: Message) -> bool: ...


def post_outcome(
    node: Poster,
    db_path: Path,
    work: Callable[[Store], T],
    done: Callable[[T], Message],
    failed: Callable[[str], Message],
    *,
    readonly: bool = False,
) -> None:
    """In a thread worker: `work` on a store of its own, then `done(result)` posted to `node`,
    or `failed(error)` if the diary refused (nothing else is caught: anything else is a bug).
    `done` runs after the store is closed, so slow work on the result keeps no file open."""
    try:
        with open_store(db_path, readonly=readonly) as store:
            result = work(store)
    except DiaryError as error:
        node.post_message(failed(str(error)))
        return
    node.post_message(done(result))
