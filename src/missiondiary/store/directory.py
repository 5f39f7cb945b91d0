"""People and organisations: one directory shared by every mission, matched by name."""

from __future__ import annotations

from dataclasses import dataclass

from missiondiary.domain import name_key
from missiondiary.store.base import StoreBase, new_id
from missiondiary.timeline import stamp


@dataclass(frozen=True)
class DirectoryEntry:
    id: str
    name: str
    meetings: int = 0


class DirectoryMixin(StoreBase):
    def _ensure(self, table: str, name: str) -> str:
        """The id of the entry with this name (any case), creating it if new."""
        clean = " ".join(name.split())
        key = name_key(clean)
        found = self._scalar(f"SELECT id FROM {table} WHERE name_key = ?", (key,))
        if found:
            return found
        now = stamp()
        entry_id = new_id()
        self.db[table].insert(
            {"id": entry_id, "name": clean, "name_key": key, "created_at": now, "updated_at": now}
        )
        return entry_id

    def ensure_organisation(self, name: str) -> str:
        return self._ensure("organisations", name)

    def ensure_person(self, name: str) -> str:
        return self._ensure("people", name)

    def organisations(self, prefix: str = "") -> list[DirectoryEntry]:
        return self._directory("organisations", "meeting_organisations", "organisation_id", prefix)

    def people(self, prefix: str = "") -> list[DirectoryEntry]:
        return self._directory("people", "meeting_attendees", "person_id", prefix)

    def _directory(self, table: str, link: str, column: str, prefix: str) -> list[DirectoryEntry]:
        key = name_key(prefix)
        result = self._rows(
            f"SELECT t.id, t.name, (SELECT COUNT(*) FROM {link} l WHERE l.{column} = t.id) AS n "
            f"FROM {table} t WHERE t.name_key >= ? AND t.name_key < ? ORDER BY t.name_key",
            (key, key + "\uffff"),
        )
        return [DirectoryEntry(row["id"], row["name"], row["n"]) for row in result]
