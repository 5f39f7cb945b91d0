"""What the exchange file needs from the store, as small public steps: the rows an export
lists, and the lookups and writes the merge (`missiondiary.interchange.merge`) is built of.
Only here does the exchange format meet table names; call the writes inside `write()`.

A version from a file that loses to a newer one in the diary is kept in the changes table as
a `kept` row that undo never replays (`keep_version`, `kept_versions`).
"""

from __future__ import annotations

import json
from typing import Any

from missiondiary.domain import name_key
from missiondiary.store.base import TABLES, new_id
from missiondiary.store.directory import ALIASES, DirectoryMixin
from missiondiary.store.history import HistoryMixin
from missiondiary.timeline import stamp

KEPT = "kept"  # a changes row holding the file's version that lost to a newer local one


class ExchangeMixin(DirectoryMixin, HistoryMixin):
    # export ---------------------------------------------------------------------------
    def exchange_rows(self, mission_id: str | None = None) -> dict[str, Any]:
        """The stored rows of one mission (or all) in the exchange file's order; the
        register (organisations, people, other names, titles) whole."""
        where, params = ("WHERE mission_id = ?", (mission_id,)) if mission_id else ("", ())
        missions = self._rows(
            "SELECT * FROM missions "
            + ("WHERE id = ? " if mission_id else "")
            + "ORDER BY start_date, slug",
            params,
        )
        meetings = self._rows(
            f"SELECT * FROM meetings {where} ORDER BY mission_id, at_utc, id", params
        )
        photos = self._rows(
            "SELECT p.*, i.width, i.height FROM photos p "
            "JOIN photo_images i ON i.hash = p.content_hash "
            + ("WHERE p.mission_id = ? " if mission_id else "")
            + "ORDER BY p.mission_id, p.at_utc, p.id",
            params,
        )
        return {
            "missions": missions,
            "photos": photos,
            "photo_images": {
                row["content_hash"]: bytes(
                    self._scalar(
                        "SELECT jpeg FROM photo_images WHERE hash = ?", (row["content_hash"],)
                    )
                )
                for row in photos
            },
            "itinerary": self._rows(
                f"SELECT * FROM itinerary_items {where} ORDER BY mission_id, start_utc, id",
                params,
            ),
            "meetings": [self._meeting_rows(row) for row in meetings],
            "followups": self._rows(
                f"SELECT * FROM followups {where} ORDER BY mission_id, day, created_at, id",
                params,
            ),
            "posts": self._rows(
                f"SELECT * FROM day_posts {where} ORDER BY mission_id, day", params
            ),
            "organisations": self._rows("SELECT * FROM organisations ORDER BY name_key, id"),
            "people": self._rows("SELECT * FROM people ORDER BY name_key, id"),
            "organisation_aliases": self._other_names("organisation"),
            "person_aliases": self._other_names("person"),
            "person_titles": self._rows(
                "SELECT t.*, o.name AS organisation FROM person_titles t "
                "LEFT JOIN organisations o ON o.id = t.organisation_id "
                "ORDER BY t.as_of, t.created_at, t.id"
            ),
        }

    def _other_names(self, entity: str) -> dict[str, list[str]]:
        """Other names per entry, in the order they were added (as the register lists them)."""
        table, owner = ALIASES[TABLES[entity]]
        found: dict[str, list[str]] = {}
        for row in self._rows(
            f"SELECT {owner} AS owner, name FROM {table} ORDER BY created_at, name_key"
        ):
            found.setdefault(row["owner"], []).append(row["name"])
        return found

    def _meeting_rows(self, row: dict) -> dict[str, Any]:
        return {
            "row": row,
            "organisations": self._rows(
                "SELECT o.id, o.name FROM meeting_organisations mo "
                "JOIN organisations o ON o.id = mo.organisation_id "
                "WHERE mo.meeting_id = ? ORDER BY mo.position",
                (row["id"],),
            ),
            "attendees": self._rows(
                "SELECT ma.person_id, p.name, ma.role, ma.organisation_id, "
                "o.name AS organisation "
                "FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id "
                "LEFT JOIN organisations o ON o.id = ma.organisation_id "
                "WHERE ma.meeting_id = ? ORDER BY ma.position",
                (row["id"],),
            ),
            "outcomes": self._rows(
                "SELECT * FROM outcomes WHERE meeting_id = ? ORDER BY position", (row["id"],)
            ),
        }

    # lookups for the merge ------------------------------------------------------------
    def put_photo_image(self, picture: dict[str, Any]) -> None:
        """A photo's stored copy from an exchange file; one already here stays as it is."""
        self.db.execute(
            "INSERT OR IGNORE INTO photo_images (hash, jpeg, width, height, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (picture["hash"], picture["jpeg"], picture["width"], picture["height"], stamp()),
        )

    def has_entry(self, entity: str, entry_id: str | None) -> bool:
        return bool(
            entry_id and self._scalar(f"SELECT 1 FROM {TABLES[entity]} WHERE id = ?", (entry_id,))
        )

    def mission_id_for_slug(self, slug: str) -> str | None:
        return self._scalar("SELECT id FROM missions WHERE slug = ?", (slug,))

    def slug_taken(self, slug: str, other_than: str) -> bool:
        return bool(
            self._scalar("SELECT 1 FROM missions WHERE slug = ? AND id != ?", (slug, other_than))
        )

    def post_id_for_day(self, mission_id: str, day: int) -> str | None:
        return self._scalar(
            "SELECT id FROM day_posts WHERE mission_id = ? AND day = ?", (mission_id, day)
        )

    def entry_named(self, entity: str, key: str) -> str | None:
        """The person or organisation whose own name has this `name_key`."""
        return self._scalar(f"SELECT id FROM {TABLES[entity]} WHERE name_key = ?", (key,))

    def entry_also_named(self, entity: str, key: str) -> str | None:
        """The person or organisation that has this `name_key` as another name."""
        table, owner = ALIASES[TABLES[entity]]
        return self._scalar(f"SELECT {owner} FROM {table} WHERE name_key = ?", (key,))

    def entry_name(self, entity: str, entry_id: str) -> dict[str, str] | None:
        """`{"name", "name_key"}` of a person or organisation, None if there is none."""
        return self._row(f"SELECT name, name_key FROM {TABLES[entity]} WHERE id = ?", (entry_id,))

    def name_taken(self, entity: str, key: str, other_than: str) -> bool:
        """Another entry holds this name, as its own or as another name."""
        table = TABLES[entity]
        aliases, owner = ALIASES[table]
        return bool(
            self._scalar(
                f"SELECT 1 FROM {table} WHERE name_key = ? AND id != ? UNION ALL "
                f"SELECT 1 FROM {aliases} WHERE name_key = ? AND {owner} != ?",
                (key, other_than, key, other_than),
            )
        )

    def name_holder(self, entity: str, key: str) -> dict[str, str] | None:
        """`{"id", "name"}` of the entry known by this name: another name first, then own."""
        table = TABLES[entity]
        aliases, owner = ALIASES[table]
        return self._row(
            f"SELECT t.id, t.name FROM {aliases} a JOIN {table} t ON t.id = a.{owner} "
            "WHERE a.name_key = ?",
            (key,),
        ) or self._row(f"SELECT id, name FROM {table} WHERE name_key = ?", (key,))

    def person_title_row(self, title_id: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM person_titles WHERE id = ?", (title_id,))

    def has_title(self, person_id: str, title: str, org_id: str | None, as_of: str) -> bool:
        return bool(
            self._scalar(
                "SELECT 1 FROM person_titles WHERE person_id = ? AND title = ? "
                "AND organisation_id IS ? AND as_of = ?",
                (person_id, title, org_id, as_of),
            )
        )

    def deleted_at(self, entry_id: str) -> str | None:
        """When the entry was last deleted (and not undone), if it was."""
        return self._scalar(
            "SELECT at FROM changes WHERE entity_id = ? AND action = 'delete' AND undone = 0 "
            "ORDER BY id DESC LIMIT 1",
            (entry_id,),
        )

    def entry_snapshot(self, entity: str, entry_id: str) -> dict[str, Any]:
        """The entry's row with its children, as history keeps it."""
        return self._snapshot(entity, entry_id)

    # writes for the merge (inside `write()`) ------------------------------------------
    def record_change(self, entity: str, entry_id: str, action: str, label: str) -> None:
        """Keep the entry's version before an insert or update, so undo can put it back."""
        self._record(entity, entry_id, action, label)

    def drop_other_name(self, entity: str, entry_id: str, key: str) -> None:
        aliases, owner = ALIASES[TABLES[entity]]
        self.db.execute(
            f"DELETE FROM {aliases} WHERE {owner} = ? AND name_key = ?", (entry_id, key)
        )

    def put_other_name(self, entity: str, entry_id: str, name: str) -> None:
        aliases, owner = ALIASES[TABLES[entity]]
        self.db[aliases].insert(
            {
                "id": new_id(),
                owner: entry_id,
                "name": name,
                "name_key": name_key(name),
                "created_at": stamp(),  # strictly increasing: the file's order stays
            }
        )

    def put_title(self, title: dict[str, Any], *, new: bool) -> None:
        if new:
            self.db["person_titles"].insert(title)
        else:
            self.db["person_titles"].update(title["id"], title)

    def put_snapshot(self, entity: str, snapshot: dict) -> None:
        """Write a version as it is: the row (added or replaced) and its children."""
        self._put_version(entity, snapshot["row"], snapshot["children"])

    def keep_version(self, entity: str, entry_id: str, snapshot: dict, label: str) -> None:
        """File the losing version from a file in history, once; undo never replays it."""
        before = json.dumps(snapshot, sort_keys=True)
        if self._scalar(
            "SELECT 1 FROM changes WHERE entity_id = ? AND action = ? AND before = ?",
            (entry_id, KEPT, before),
        ):
            return
        self.db.execute(
            "INSERT INTO changes (at, entity, entity_id, action, label, before, undone, batch) "
            "VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            (stamp(), entity, entry_id, KEPT, label[:200], before, self._batch),
        )

    def kept_versions(self, entry_id: str) -> list[dict]:
        """Versions of an entry that lost a merge to this diary's newer one, newest first."""
        return [
            {"at": row["at"], **json.loads(row["before"])}
            for row in self._rows(
                "SELECT at, before FROM changes WHERE entity_id = ? AND action = ? "
                "ORDER BY id DESC",
                (entry_id, KEPT),
            )
        ]
