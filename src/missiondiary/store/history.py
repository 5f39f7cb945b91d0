"""Every update and delete keeps the version before it, so `u` and `missiondiary undo`
can put it back, and deleted entries wait in the trash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from missiondiary.errors import NotFound
from missiondiary.store.base import LABELS, TABLES, StoreBase, new_id
from missiondiary.store.rows import from_row
from missiondiary.timeline import stamp

# Children that live and die with their parent row, keyed by the parent's column.
CHILDREN = {
    "meeting": {
        "meeting_organisations": "meeting_id",
        "meeting_attendees": "meeting_id",
        "outcomes": "meeting_id",
    },
}
# Rows elsewhere that point at an entry and lose the link (SET NULL) when it goes.
LINKS = {
    "meeting": {"followups": "meeting_id", "photos": "meeting_id"},
    "itinerary": {"meetings": "itinerary_id"},
}
# The same links seen from the row that holds them: entity -> {column: entity pointed at}.
POINTERS = {
    "followup": {"meeting_id": "meeting"},
    "photo": {"meeting_id": "meeting"},
    "meeting": {"itinerary_id": "itinerary"},
}
# Rows elsewhere that belong to a register entry (its other names, the titles it was seen
# with) and come back with it when an edit is undone.
OWNED = {
    "organisation": {"organisation_aliases": "organisation_id"},
    "person": {"person_aliases": "person_id", "person_titles": "person_id"},
}
# What a merge moves from one entry to the other: every row that names it, each put back
# exactly as it was when the merge is undone.
MERGED = {
    "organisation": {
        "organisation_aliases": "organisation_id",
        "meeting_organisations": "organisation_id",
        "meeting_attendees": "organisation_id",
        "person_titles": "organisation_id",
    },
    "person": {
        "person_aliases": "person_id",
        "person_titles": "person_id",
        "meeting_attendees": "person_id",
    },
}
_OWNED_LINKS = frozenset(
    (table, column)
    for kinds in (OWNED, MERGED)
    for links in kinds.values()
    for table, column in links.items()
)
ENTITY_OF_TABLE = {table: entity for entity, table in TABLES.items()}
EDIT_COALESCE = timedelta(minutes=10)


@dataclass(frozen=True)
class Change:
    id: int
    at: str
    entity: str
    entity_id: str
    action: str  # insert | update | edit | delete
    label: str

    def describe(self) -> str:
        noun = LABELS.get(self.entity, self.entity)
        if self.action == "merge":  # the label reads "OTHER' into 'KEEP"
            return f"merge of {noun} '{self.label}'"
        verb = {"insert": "added", "delete": "deleted", "edit": "edited"}.get(
            self.action, "changed"
        )
        return f"{noun} '{self.label}' {verb}"

    def undone_words(self) -> str:
        """What undoing this change did, as a sentence ('Brought back follow-up ...'): the
        change's own words ('... deleted') read as if it had just happened again."""
        noun = LABELS.get(self.entity, self.entity)
        if self.action == "merge":
            return f"Undid the merge of {noun} '{self.label}'"
        if self.action == "delete":
            return f"Brought back {noun} '{self.label}'"
        if self.action == "insert":
            return f"Took away {noun} '{self.label}', just added"
        return f"Put back {noun} '{self.label}' as it was before the change"


class HistoryMixin(StoreBase):
    def _snapshot(self, entity: str, entity_id: str, *, merging: bool = False) -> dict[str, Any]:
        table = TABLES[entity]
        row = self._row(f"SELECT * FROM {table} WHERE id = ?", (entity_id,))
        if row is None:
            raise NotFound(f"ID: no {LABELS[entity]} with id '{entity_id}'")
        snapshot: dict[str, Any] = {"row": row, "children": {}, "links": {}}
        for child, column in CHILDREN.get(entity, {}).items():
            snapshot["children"][child] = self._rows(
                f"SELECT * FROM {child} WHERE {column} = ?", (entity_id,)
            )
        for other, column in LINKS.get(entity, {}).items():
            snapshot["links"][other] = [
                row["id"]
                for row in self._rows(f"SELECT id FROM {other} WHERE {column} = ?", (entity_id,))
            ]
        owned = (MERGED if merging else OWNED).get(entity, {})
        if owned:
            snapshot["owned"] = {
                table: {
                    "column": column,
                    "rows": self._rows(f"SELECT * FROM {table} WHERE {column} = ?", (entity_id,)),
                }
                for table, column in owned.items()
            }
        return snapshot

    def _insert(self, entity: str, row: dict[str, Any], label: str) -> None:
        """A new entry, noted in the history so undo takes it away (inside `write()`)."""
        self.db[TABLES[entity]].insert(row)
        self._record(entity, row["id"], "insert", label)

    def _update(
        self,
        entity: str,
        entry_id: str,
        values: dict[str, Any],
        label: str,
        action: str = "update",
    ) -> None:
        """Change an entry's columns, its state before noted in the history (inside `write()`;
        `edit` merges into the previous edit of the same entry, see `_record`)."""
        self._record(entity, entry_id, action, label)
        self.db[TABLES[entity]].update(entry_id, values)

    def _record(
        self, entity: str, entity_id: str, action: str, label: str, *, merging: bool = False
    ) -> None:
        """Call inside the write transaction, before the change, so `before` is the old state.

        `merging` also keeps every row a merge will move (see MERGED)."""
        if action == "edit":
            last = self._row("SELECT * FROM changes ORDER BY id DESC LIMIT 1")
            if (
                last
                and last["entity_id"] == entity_id
                and last["action"] == "edit"
                and not last["undone"]
                and datetime.now(UTC) - datetime.fromisoformat(last["at"]) < EDIT_COALESCE
            ):
                return  # one burst of typing is one change to undo
        before = (
            None
            if action == "insert"
            else json.dumps(self._snapshot(entity, entity_id, merging=merging))
        )
        self.db.execute(
            "INSERT INTO changes (at, entity, entity_id, action, label, before, batch) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (stamp(), entity, entity_id, action, label[:200], before, self._batch or new_id()),
        )

    def _restore(self, entity: str, snapshot: dict[str, Any]) -> None:
        """Put a row back as it was, with its children and the links that went with it.

        Links survive restoring in either order: an entry that comes back before the one it
        pointed at is linked again when that one comes back."""
        row = dict(snapshot["row"])
        for column, target in POINTERS.get(entity, {}).items():
            wanted = row.get(column) or self._lost_link(entity, row["id"], target)
            # The entry pointed at may still be in the trash: no link until it is back.
            row[column] = wanted if wanted and self._exists(target, wanted) else None
        self._put_version(entity, row, snapshot["children"])
        for table, part in snapshot.get("owned", {}).items():
            if (table, part["column"]) not in _OWNED_LINKS:
                continue  # only tables this code names are ever rewritten
            self.db.execute(f"DELETE FROM {table} WHERE {part['column']} = ?", (row["id"],))
            if part["rows"]:
                self.db[table].insert_all(part["rows"])
        for other, column in LINKS.get(entity, {}).items():
            waiting = set(snapshot["links"].get(other, []))
            waiting |= self._waiting_for(entity, row["id"], ENTITY_OF_TABLE[other], column)
            for other_id in sorted(waiting):
                self.db.execute(
                    f"UPDATE {other} SET {column} = ? WHERE id = ? AND {column} IS NULL",
                    (row["id"], other_id),
                )

    def _put_version(self, entity: str, row: dict[str, Any], children: dict[str, list]) -> None:
        """The row as given (added, or over the one with its id), its children in place of
        the ones it has: undo and a merged-in file both write a version so."""
        table = TABLES[entity]
        if self._exists(entity, row["id"]):
            self.db[table].update(row["id"], {k: v for k, v in row.items() if k != "id"})
        else:
            self.db[table].insert(row)
        for child, column in CHILDREN.get(entity, {}).items():
            self.db.execute(f"DELETE FROM {child} WHERE {column} = ?", (row["id"],))
            if children.get(child):
                self.db[child].insert_all(children[child])

    def _exists(self, entity: str, entry_id: str) -> bool:
        return bool(self._scalar(f"SELECT 1 FROM {TABLES[entity]} WHERE id = ?", (entry_id,)))

    def _deletions_mentioning(self, entity: str, entry_id: str) -> list[tuple[str, dict]]:
        """(id, snapshot) of deleted `entity` entries whose snapshot names entry_id."""
        found = []
        for row in self._rows(
            "SELECT entity_id, before FROM changes WHERE entity = ? AND action = 'delete' "
            "AND instr(before, ?) > 0 ORDER BY id DESC",
            (entity, entry_id),
        ):
            found.append((row["entity_id"], json.loads(row["before"])))
        return found

    def _lost_link(self, entity: str, entry_id: str, target: str) -> str | None:
        """The `target` entry this one pointed at until that entry was deleted."""
        for target_id, snapshot in self._deletions_mentioning(target, entry_id):
            if entry_id in snapshot["links"].get(TABLES[entity], []):
                return target_id
        return None

    def _waiting_for(self, entity: str, entry_id: str, other: str, column: str) -> set[str]:
        """`other` entries deleted while pointing at this entry (and maybe back already)."""
        return {
            other_id
            for other_id, snapshot in self._deletions_mentioning(other, entry_id)
            if snapshot["row"].get(column) == entry_id
        }

    def _delete_row(self, entity: str, entity_id: str, label: str) -> None:
        self._record(entity, entity_id, "delete", label)
        self.db.execute(f"DELETE FROM {TABLES[entity]} WHERE id = ?", (entity_id,))

    @staticmethod
    def _change(row: dict[str, Any]) -> Change:
        return from_row(Change, row)

    def last_change(self) -> Change | None:
        row = self._row("SELECT * FROM changes WHERE undone = 0 ORDER BY id DESC LIMIT 1")
        return self._change(row) if row else None

    def undo(self) -> Change:
        """Put back the state before the most recent change that is not yet undone."""
        with self.write():
            # A batch is undone as a whole: links are checked once it all is (an entry added
            # in the batch may go before the row naming it is put back as it was).
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            row = self._row("SELECT * FROM changes WHERE undone = 0 ORDER BY id DESC LIMIT 1")
            if row is None:
                raise NotFound("undo: nothing to undo")
            # One user action (a form, the demo, an import) is one step back, however
            # many rows it touched; the first change of the action names it.
            batch = self._rows(
                "SELECT * FROM changes WHERE batch = ? AND undone = 0 ORDER BY id DESC",
                (row["batch"],),
            )
            for change in batch:
                self._apply_undo(change)
        return self._change(batch[-1])

    def _apply_undo(self, row: dict[str, Any]) -> None:
        entity, entity_id = row["entity"], row["entity_id"]
        if row["action"] == "insert":
            self.db.execute(f"DELETE FROM {TABLES[entity]} WHERE id = ?", (entity_id,))
        else:
            self._restore(entity, json.loads(row["before"]))
        self.db.execute("UPDATE changes SET undone = 1 WHERE id = ?", (row["id"],))

    def trash(self) -> list[Change]:
        """Deleted entries that are still gone."""
        rows = self._rows(
            "SELECT c.* FROM changes c WHERE c.action = 'delete' AND c.undone = 0 "
            "AND c.id = (SELECT MAX(id) FROM changes WHERE entity_id = c.entity_id) "
            "ORDER BY c.id DESC"
        )
        gone = []
        for row in rows:
            table = TABLES[row["entity"]]
            if not self._scalar(f"SELECT 1 FROM {table} WHERE id = ?", (row["entity_id"],)):
                gone.append(self._change(row))
        return gone

    def restore_from_trash(self, ref: str) -> Change:
        cleaned = (ref or "").strip().lower()
        matches = [c for c in self.trash() if c.entity_id.startswith(cleaned) and cleaned]
        if not matches:
            raise NotFound(f"ID: nothing in the trash with id '{ref}'")
        if len(matches) > 1:
            from missiondiary.errors import AmbiguousId

            shown = ", ".join(c.entity_id[:8] for c in matches[:5])
            raise AmbiguousId("ID", f"'{ref}' matches several entries in the trash ({shown})")
        with self.write():
            row = self._row("SELECT * FROM changes WHERE id = ?", (matches[0].id,))
            assert row is not None
            self._apply_undo(row)
        return matches[0]
