"""People and organisations: one directory shared by every mission, matched by name."""

from __future__ import annotations

from dataclasses import dataclass

from missiondiary.domain import name_key
from missiondiary.domain.text import one_line
from missiondiary.errors import InvalidInput
from missiondiary.store.base import StoreBase, new_id
from missiondiary.store.rows import new_row

# table -> (the table of its other names, the column naming whose they are)
ALIASES = {
    "organisations": ("organisation_aliases", "organisation_id"),
    "people": ("person_aliases", "person_id"),
}


@dataclass(frozen=True)
class DirectoryEntry:
    id: str
    name: str
    meetings: int = 0


class DirectoryMixin(StoreBase):
    def _ensure(self, table: str, name: str) -> str:
        """The id of the entry with this name or other name (any case), creating it if new.

        Call inside a write transaction."""
        clean = one_line(name)
        if not clean:
            label = "an organisation" if table == "organisations" else "a person"
            raise InvalidInput("NAME", f"{label} needs a name")
        key = name_key(clean)
        found = self._scalar(f"SELECT id FROM {table} WHERE name_key = ?", (key,))
        if found:
            return found
        alias_table, owner = ALIASES[table]
        found = self._scalar(f"SELECT {owner} FROM {alias_table} WHERE name_key = ?", (key,))
        if found:
            return found  # another name it is known by ("CCPIT", "金山集团")
        row = new_row(new_id(), name=clean, name_key=key)
        self.db[table].insert(row)
        return row["id"]

    def ensure_organisation(self, name: str) -> str:
        """The organisation's id, adding it to the directory if new (one write)."""
        with self.write():
            return self._ensure("organisations", name)

    def ensure_person(self, name: str) -> str:
        """The person's id, adding them to the directory if new (one write)."""
        with self.write():
            return self._ensure("people", name)

    def organisations(self, prefix: str = "") -> list[DirectoryEntry]:
        return self._directory("organisations", "meeting_organisations", "organisation_id", prefix)

    def people(self, prefix: str = "") -> list[DirectoryEntry]:
        return self._directory("people", "meeting_attendees", "person_id", prefix)

    def _directory(self, table: str, link: str, column: str, prefix: str) -> list[DirectoryEntry]:
        key = name_key(prefix)
        sql = (
            f"SELECT t.id, t.name, t.name_key, "
            f"(SELECT COUNT(*) FROM {link} l WHERE l.{column} = t.id) AS n FROM {table} t"
        )
        params: tuple = ()
        if key:
            # A range on the index; names may start with any character, emoji included.
            sql += " WHERE t.name_key >= ?"
            params = (key,)
            upper = _after(key)
            if upper:
                sql += " AND t.name_key < ?"
                params = (key, upper)
        result = self._rows(sql + " ORDER BY t.name_key", params)
        return [
            DirectoryEntry(row["id"], row["name"], row["n"])
            for row in result
            if row["name_key"].startswith(key)
        ]


def _after(prefix: str) -> str:
    """The smallest string above every string starting with prefix ('' if there is none)."""
    code = ord(prefix[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:  # surrogates cannot be stored; skip past them
        code = 0xE000
    if code > 0x10FFFF:
        return ""
    return prefix[:-1] + chr(code)
