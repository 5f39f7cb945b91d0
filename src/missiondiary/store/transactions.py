"""Write transactions that wait their turn.

sqlite-utils' `atomic()` opens a deferred transaction (`BEGIN`): it takes the write lock only
at its first write. When another program committed after this transaction's first read,
SQLite cannot let it write and answers busy at once, without waiting for the busy timeout.
`BEGIN IMMEDIATE` takes the write lock first, so writers queue within the busy timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

__all__ = ["immediate"]


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """One write transaction, started with BEGIN IMMEDIATE; nested blocks are savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
