"""Merging a file's entries into the diary, in one transaction, on the store's public steps.

Import merges by id, table by table in foreign-key order: an entry the diary lacks is added;
one that differs is settled by `updated_at`, the newer side winning and the other version kept
in the changes table (the diary's own through `record_change`, so `u` can put it back; the
file's through `keep_version`, which undo never replays). Missions are also matched by slug,
people and organisations by name or other name (any case), day posts by mission and day, so
two diaries that each created the same mission or met the same company merge instead of
colliding.

The register rides along with organisations and people: their places, kinds, notes and
contact details are columns of the row (settled like the rest; a version 1 file has none,
so they are left as they are); other names and a person's titles are added where missing
(titles by id), and an other name that already belongs to another entry is skipped and
reported, never taken from it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from missiondiary.domain import name_key
from missiondiary.errors import InvalidInput
from missiondiary.interchange.rows import check_sections, label, same, when


@dataclass
class MergeReport:
    added: Counter = field(default_factory=Counter)  # entity -> count
    updated: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # entity, label, winner
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # entity, label, why


def merge(store, sections: dict[str, Any]) -> MergeReport:
    """Merge a file's entries (checked first: a bad entry raises InvalidInput naming where
    it is, and nothing is written)."""
    checked = check_sections(sections)
    merger = _Merger(store)
    with store.write():
        merger.run(checked)
    return merger.report


class _Merger:
    def __init__(self, store) -> None:
        self.store = store
        self.report = MergeReport()

    def run(self, checked: dict[str, list]) -> None:
        store = self.store
        mission_ids = self._merge_missions(checked["missions"])
        org_ids = self._merge_names("organisation", checked["organisations"], {})
        person_ids = self._merge_names("person", checked["people"], org_ids)

        def mission_of(row: dict, where: str) -> str:
            found = mission_ids.get(row["mission_id"], row["mission_id"])
            if not store.has_entry("mission", found):
                raise InvalidInput(
                    f"{where}.mission_id",
                    f"no mission '{row['mission_id']}' in the file or the diary",
                )
            return found

        for where, row in checked["itinerary"]:
            row["mission_id"] = mission_of(row, where)
            self._merge_entry("itinerary", {"row": row, "children": {}})
        for where, (row, links) in checked["meetings"]:
            row["mission_id"] = mission_of(row, where)
            row["itinerary_id"] = self._existing("itinerary", row["itinerary_id"])
            children = self._meeting_children(row["id"], links, org_ids, person_ids)
            self._merge_entry("meeting", {"row": row, "children": children})
        for where, row in checked["followups"]:
            row["mission_id"] = mission_of(row, where)
            row["meeting_id"] = self._existing("meeting", row["meeting_id"])
            self._merge_entry("followup", {"row": row, "children": {}})
        for where, row in checked["posts"]:
            row["mission_id"] = mission_of(row, where)
            same_day = store.post_id_for_day(row["mission_id"], row["day"])
            if same_day:
                row["id"] = same_day  # both diaries wrote that day: one post, settled
            self._merge_entry("post", {"row": row, "children": {}})
        for where, (row, picture) in checked.get("photos", []):
            row["mission_id"] = mission_of(row, where)
            row["meeting_id"] = self._existing("meeting", row["meeting_id"])
            store.put_photo_image(picture)
            self._merge_entry("photo", {"row": row, "children": {}})

    def _existing(self, entity: str, entry_id: str | None) -> str | None:
        return entry_id if self.store.has_entry(entity, entry_id) else None

    def _merge_missions(self, entries: list) -> dict[str, str]:
        store = self.store
        mapped: dict[str, str] = {}
        for _, row in entries:
            if not store.has_entry("mission", row["id"]):
                same_slug = store.mission_id_for_slug(row["slug"])
                if same_slug:
                    mapped[row["id"]] = same_slug
                    row["id"] = same_slug
            taken = store.slug_taken(row["slug"], row["id"])
            self._merge_entry("mission", {"row": row, "children": {}}, blocked=taken)
        return mapped

    def _merge_names(self, entity: str, entries: list, org_ids: dict[str, str]) -> dict[str, str]:
        """People and organisations: by id, else by name or other name (any case); file id ->
        diary id. Then their other names and titles (see `_merge_register`)."""
        store = self.store
        mapped: dict[str, str] = {}
        for _, (row, extra) in entries:
            file_id = row["id"]
            if not store.has_entry(entity, file_id):
                same_name = store.entry_named(entity, row["name_key"])
                if not same_name:
                    same_name = store.entry_also_named(entity, row["name_key"])
                    if same_name:  # the file's name is another name of that entry here
                        local = store.entry_name(entity, same_name)
                        assert local is not None
                        row.update(name=local["name"], name_key=local["name_key"])
                if same_name:
                    row["id"] = same_name
            mapped[file_id] = row["id"]
            taken = store.name_taken(entity, row["name_key"], row["id"])
            before = store.entry_name(entity, row["id"])
            outcome = self._merge_entry(entity, {"row": row, "children": {}}, blocked=taken)
            self._merge_register(entity, row, extra, outcome, before, org_ids)
        return mapped

    def _merge_register(
        self,
        entity: str,
        row: dict,
        extra: dict[str, list],
        outcome: str,
        before: dict | None,
        org_ids: dict[str, str],
    ) -> None:
        """Add the other names and titles the diary lacks to an entry it holds after the
        merge; a name that is another entry's is skipped (and reported), never taken."""
        store, report = self.store, self.report
        entry_id = row["id"]
        current = store.entry_name(entity, entry_id)
        if current is None:
            return  # deleted here later, or its name is another's: nothing to add to
        name = current["name"]
        recorded = outcome in ("added", "updated")  # history already holds the old version
        changed = False

        def touch() -> None:
            nonlocal recorded, changed
            if not recorded:
                store.record_change(entity, entry_id, "update", name)
                recorded = True
            changed = True

        own = current["name_key"]
        if outcome == "updated" and before and name_key(before["name"]) != own:
            # Renamed by the file: the name it had here becomes another name, as in an edit.
            store.drop_other_name(entity, entry_id, own)
            extra = {**extra, "aliases": [*extra["aliases"], before["name"]]}
        for alias in extra["aliases"]:
            key = name_key(alias)
            if key == own:
                continue
            holder = store.name_holder(entity, key)
            if holder is None:
                touch()
                store.put_other_name(entity, entry_id, alias)
            elif holder["id"] != entry_id:
                report.skipped.append(
                    (entity, name, f"other name '{alias}' is already {holder['name']}'s")
                )
        for title in extra["titles"]:
            title = dict(title)
            org_id = self._title_organisation(
                title.pop("organisation_id"), title.pop("organisation"), org_ids
            )
            title.update(person_id=entry_id, organisation_id=org_id)
            local = store.person_title_row(title["id"])
            if local is None:
                if store.has_title(entry_id, title["title"], org_id, title["as_of"]):
                    continue  # both diaries noted the same title
                touch()
                store.put_title(title, new=True)
            elif local["person_id"] != entry_id:
                report.skipped.append((entity, name, f"title '{title['title']}' is another's"))
            elif any(local[k] != v for k, v in title.items()) and when(title["updated_at"]) > when(
                local["updated_at"]
            ):
                touch()
                store.put_title(title, new=False)
        if changed and outcome == "unchanged":  # the row was the same; its names were not
            report.unchanged[entity] -= 1
            report.updated[entity] += 1

    def _title_organisation(
        self, org_id: str | None, name: str, org_ids: dict[str, str]
    ) -> str | None:
        if org_id and org_id in org_ids:
            return org_ids[org_id]
        if org_id and self._existing("organisation", org_id):
            return org_id
        if not name.strip():
            return None
        return self.store.ensure_organisation_recorded(name)

    def _meeting_children(
        self,
        meeting_id: str,
        links: dict[str, list[dict]],
        org_ids: dict[str, str],
        person_ids: dict[str, str],
    ) -> dict[str, list[dict]]:
        store = self.store

        def organisation(org_id: str | None, name: str) -> str | None:
            if org_id and org_id in org_ids:
                return org_ids[org_id]
            if org_id and self._existing("organisation", org_id):
                return org_id
            return store.ensure_organisation(name) if name.strip() else None

        def person(person_id: str, name: str) -> str:
            if person_id in person_ids:
                return person_ids[person_id]
            if self._existing("person", person_id):
                return person_id
            return store.ensure_person(name or "Unnamed")

        organisations, seen = [], set()
        for link in links["organisations"]:
            org_id = organisation(link["organisation_id"], link["name"])
            if org_id and org_id not in seen:
                seen.add(org_id)
                organisations.append(
                    {"meeting_id": meeting_id, "organisation_id": org_id, "position": len(seen)}
                )
        attendees, seen_people = [], set()
        for position, link in enumerate(links["attendees"], start=1):
            person_id = person(link["person_id"], link["name"])
            if person_id in seen_people:
                continue
            seen_people.add(person_id)
            attendees.append(
                {
                    "meeting_id": meeting_id,
                    "person_id": person_id,
                    "role": link["role"],
                    "organisation_id": organisation(link["organisation_id"], link["organisation"]),
                    "position": position,
                }
            )
        return {
            "meeting_organisations": organisations,
            "meeting_attendees": attendees,
            "outcomes": links["outcomes"],
        }

    def _merge_entry(self, entity: str, incoming: dict, *, blocked: bool = False) -> str:
        """Add, update or keep one entry; `blocked` when taking the file's version would
        break a unique name (a slug or a directory name another entry holds). Returns what
        happened: added, updated, kept or unchanged."""
        store, report = self.store, self.report
        row = incoming["row"]
        entry_id = row["id"]
        name = label(entity, row)
        incoming = {"row": row, "children": incoming.get("children", {}), "links": {}}
        if not store.has_entry(entity, entry_id):
            deleted_at = store.deleted_at(entry_id)
            if deleted_at and when(deleted_at) >= when(row["updated_at"]):
                # Deleted here after the file's version was written: it stays deleted (and in
                # the trash, which a later history row for it would hide).
                report.kept[entity] += 1
                report.conflicts.append((entity, name, "diary"))
                return "kept"
            if blocked:
                store.keep_version(entity, entry_id, incoming, name)
                report.kept[entity] += 1
                report.conflicts.append((entity, name, "diary"))
                return "kept"
            store.put_snapshot(entity, incoming)
            store.record_change(entity, entry_id, "insert", name)
            report.added[entity] += 1
            return "added"
        local = store.entry_snapshot(entity, entry_id)
        if same(local, incoming):
            report.unchanged[entity] += 1
            return "unchanged"
        if not blocked and when(row["updated_at"]) > when(local["row"]["updated_at"]):
            store.record_change(entity, entry_id, "update", label(entity, local["row"]))
            store.put_snapshot(entity, incoming)
            report.updated[entity] += 1
            report.conflicts.append((entity, name, "file"))
            return "updated"
        store.keep_version(entity, entry_id, incoming, name)
        report.kept[entity] += 1
        report.conflicts.append((entity, name, "diary"))
        return "kept"
