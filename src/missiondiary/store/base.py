"""What every part of the store shares: the connection, id lookup, write transactions."""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from missiondiary.errors import (
    AmbiguousId,
    DiaryBusy,
    DiskFull,
    InvalidInput,
    NotFound,
    ReadOnlyDiary,
)
from missiondiary.store import crypto
from missiondiary.store.db import explain_sqlite_error
from missiondiary.store.transactions import immediate

# entity name (as users and the changes table say it) -> table
TABLES = {
    "mission": "missions",
    "itinerary": "itinerary_items",
    "meeting": "meetings",
    "followup": "followups",
    "post": "day_posts",
    "person": "people",
    "organisation": "organisations",
    "photo": "photos",
}
LABELS = {
    "mission": "mission",
    "itinerary": "itinerary item",
    "meeting": "meeting",
    "followup": "follow-up",
    "post": "day post",
    "person": "person",
    "organisation": "organisation",
    "photo": "photo",
}
_PREFIX = re.compile(r"^[0-9a-fA-F-]{1,36}$")


def _undecodable() -> InvalidInput:
    # A shell hands Python bytes it could not decode as lone surrogates; SQLite wants UTF-8.
    return InvalidInput(
        "text",
        "contains characters that are not valid UTF-8 (check the terminal's encoding); "
        "nothing was changed",
    )


def new_id() -> str:
    return str(uuid.uuid4())


class StoreBase:
    def __init__(self, db: Database, path: Path, readonly: bool = False) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly
        self.warnings: list[str] = []  # lines for the user from opening (see Store.open)
        self._batch: str | None = None
        self.key: crypto.Key | None = None  # SQLCipher's key when the diary is encrypted

    def close(self) -> None:
        self.db.close()

    # reading -------------------------------------------------------------
    def _execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, params)
        except UnicodeEncodeError:
            raise _undecodable() from None
        except crypto.ERRORS as error:
            raise self._storage_error(error) from error

    def _storage_error(self, error: sqlite3.Error) -> Exception:
        """SQLite's error as the diary's own (busy, full, damaged...): callers catch
        `DiaryError` and never `sqlite3.Error`."""
        return explain_sqlite_error(self.path, error, "could not be read or written")

    def _rows(self, sql: str, params: tuple | dict = ()) -> list[dict[str, Any]]:
        cursor = self._execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _row(self, sql: str, params: tuple | dict = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return row[0] if row else None

    def _found_row(self, sql: str, params: tuple | dict, missing: str) -> dict[str, Any]:
        """The query's first row, or NotFound saying `missing` (worded for the user)."""
        row = self._row(sql, params)
        if row is None:
            raise NotFound(missing)
        return row

    def _row_by_id(self, entity: str, entry_id: str, field_name: str = "ID") -> dict[str, Any]:
        """The entry's row, or NotFound worded for the field its id came from."""
        return self._found_row(
            f"SELECT * FROM {TABLES[entity]} WHERE id = ?",
            (entry_id,),
            f"{field_name}: no {LABELS[entity]} with id '{entry_id}'",
        )

    def resolve_id(self, entity: str, ref: str, field_name: str = "ID") -> str:
        """Full id from a unique prefix (the CLI shows eight characters)."""
        table = TABLES[entity]
        label = LABELS[entity]
        cleaned = (ref or "").strip().lower()
        if not _PREFIX.match(cleaned):
            raise NotFound(f"{field_name}: no {label} with id '{ref}'")
        matches = [
            row[0]
            for row in self.db.execute(
                f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                (cleaned, cleaned + "\uffff"),
            )
        ]
        if not matches:
            raise NotFound(f"{field_name}: no {label} with id '{ref}'")
        if len(matches) > 1:
            shown = ", ".join(match[:8] for match in matches[:5])
            more = " and more" if len(matches) > 5 else ""
            raise AmbiguousId(
                field_name, f"'{ref}' matches several {label}s ({shown}{more}); type more of it"
            )
        return matches[0]

    def entity_of(self, entry_id: str) -> str:
        """Which kind of entry an id belongs to (ids are unique across tables)."""
        for entity in ("itinerary", "meeting", "followup", "post", "photo", "mission"):
            if self._scalar(f"SELECT 1 FROM {TABLES[entity]} WHERE id = ?", (entry_id,)):
                return entity
        raise NotFound(f"ID: no entry with id '{entry_id}'")

    # writing -------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Database]:
        """One user action, one transaction; storage errors come out worded for the user."""
        if self.readonly:
            raise ReadOnlyDiary(f"{self.path} is open read-only; nothing was changed")
        outermost = self._batch is None
        if outermost:
            self._batch = new_id()  # every change in this action is undone together
        try:
            with immediate(self.db):
                yield self.db
        except UnicodeEncodeError:
            raise _undecodable() from None
        except crypto.OPERATIONAL_ERRORS as error:
            message = str(error)
            if "readonly" in message or "read-only" in message:
                raise ReadOnlyDiary(
                    f"{self.path} cannot be written (read-only file or folder); nothing was changed"
                ) from None
            if "locked" in message or "busy" in message:
                raise DiaryBusy(
                    f"{self.path} is busy in another program; nothing was changed, try again"
                ) from None
            if "disk" in message or "full" in message:
                raise DiskFull(
                    f"{self.path}: the disk is full; nothing was changed. Free some space"
                ) from None
            raise self._storage_error(error) from error
        except crypto.ERRORS as error:
            raise self._storage_error(error) from error
        finally:
            if outermost:
                self._batch = None
