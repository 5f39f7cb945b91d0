"""The JSON exchange file: a whole diary or one mission, for a second laptop, a colleague's
diary, or a backup a person can read. docs/formats.md documents the format.

```
{"format": "missiondiary", "version": 3, "exported_at": "...", "mission": "slug" | null,
 "missions": [...], "organisations": [...], "people": [...], "itinerary": [...],
 "meetings": [...], "followups": [...], "posts": [...], "photos": [...]}
```

Export then import into an empty diary, then export again, gives the same file (apart from
`exported_at`); importing a file twice changes nothing the second time. A file from a newer
missiondiary (a higher `version`) is refused rather than half understood; an older one is
read as it is (version 1 files have no register: other names, titles, places, kinds, notes
and contact details; before version 3, day posts have no visibility and arrive `members`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from missiondiary.domain import Mission
from missiondiary.errors import InvalidInput
from missiondiary.interchange.merge import merge
from missiondiary.interchange.rows import SECTIONS, entries_out

FORMAT = "missiondiary"
# 2: the register (other names, titles, places, notes, contacts); 3: post visibility;
# 4: photos, each with its stored copy as base64 (interchange/photo_rows.py)
VERSION = 4
LABELS = {
    "mission": ("mission", "missions"),
    "organisation": ("organisation", "organisations"),
    "person": ("person", "people"),
    "itinerary": ("itinerary item", "itinerary items"),
    "meeting": ("meeting", "meetings"),
    "followup": ("follow-up", "follow-ups"),
    "post": ("day post", "day posts"),
    "photo": ("photo", "photos"),
}


@dataclass(frozen=True)
class ImportReport:
    added: int = 0
    updated: int = 0  # the file's version was newer; the diary's is in history (`undo`)
    kept: int = 0  # the diary's version was newer (or deleted later); the file's is in history
    unchanged: int = 0
    by_entity: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: tuple[tuple[str, str, str], ...] = ()  # (entity, label, "file" | "diary")
    skipped: tuple[tuple[str, str, str], ...] = ()  # (entity, label, why): other names not taken

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self) -> str:
        """One line for the command line: 'added 12 (3 meetings, ...), updated 1, kept 0'."""

        def part(word: str, count: int, key: str) -> str:
            details = [
                f"{n} {LABELS[entity][0 if n == 1 else 1]}"
                for entity, counts in self.by_entity.items()
                if (n := counts.get(key, 0))
            ]
            return f"{word} {count}" + (f" ({', '.join(details)})" if details else "")

        return "; ".join(
            [
                part("added", self.added, "added"),
                part("updated", self.updated, "updated"),
                part("kept", self.kept, "kept"),
                f"{self.unchanged} already the same",
            ]
        )


def export_json(store, mission: Mission | None = None, now: datetime | None = None) -> dict:
    """Everything in the diary, or one mission with the people and organisations it met."""
    mission_id = mission.id if mission else None
    entries = entries_out(store.exchange_rows(mission_id), mission_id)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": stamp,
        "mission": mission.slug if mission else None,
        **entries,
    }


def dumps(document: dict) -> str:
    """The file's text: indented, UTF-8 as is (names in Chinese stay readable)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def load(data: bytes | str | dict, source: str = "FILE") -> dict:
    """Parse and check the envelope; the entries are checked (`rows`) before merging."""
    if isinstance(data, dict):
        document: Any = data
    else:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InvalidInput(
                    source, "not a missiondiary export (not UTF-8 JSON text)"
                ) from None
        try:
            document = json.loads(data)
        except json.JSONDecodeError as error:
            raise InvalidInput(
                source, f"broken JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(source, f'not a missiondiary export (no "format": "{FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(source, f"the export has no valid format version ({version!r})")
    if version > VERSION:
        raise InvalidInput(
            source,
            f"written by a newer missiondiary (format version {version}); "
            f"this one reads version {VERSION}. Upgrade missiondiary to import it",
        )
    return document


def import_json(store, data: bytes | str | dict, source: str = "FILE") -> ImportReport:
    """Merge an export into the diary, all or nothing (see `interchange.merge`)."""
    document = load(data, source)
    try:
        merged = merge(store, {name: document.get(name, []) for name in SECTIONS})
    except InvalidInput as error:
        raise InvalidInput(source, f"{error}") from None
    by_entity: dict[str, dict[str, int]] = {}
    for entity in SECTIONS.values():
        counts = {
            key: getattr(merged, key)[entity]
            for key in ("added", "updated", "kept", "unchanged")
            if getattr(merged, key)[entity]
        }
        if counts:
            by_entity[entity] = counts
    return ImportReport(
        added=sum(merged.added.values()),
        updated=sum(merged.updated.values()),
        kept=sum(merged.kept.values()),
        unchanged=sum(merged.unchanged.values()),
        by_entity=by_entity,
        conflicts=tuple(merged.conflicts),
        skipped=tuple(merged.skipped),
    )
