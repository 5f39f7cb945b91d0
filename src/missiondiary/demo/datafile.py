"""The demo's data file: an exchange file (`missiondiary export --mission`) tidied for people.

A raw export is full of noise: random ids, the moment each entry was typed, empty fields. The
shipped file numbers its ids by section (the third meeting is 00000005-0000-4000-8000-
000000000003), gives every entry one fixed time and leaves out empty fields, which the
importer reads as empty. It stays a file that `missiondiary import` takes as it is.

Edit the file by hand, or edit the demo in the app and export it; then, and whenever the
exchange format grows a field, write the file again (tests/test_demo_data.py fails until then):

    python -m missiondiary.demo.datafile [EXPORT.json]

Without an export it puts the current file through a fresh diary and back.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from missiondiary.interchange.rows import SECTIONS
from missiondiary.timeline import stamp

DATA_FILE = "london-chamber-china-2011.json"
FILE_STAMP = "2011-11-30T12:00:00.000+00:00"  # every entry's created/updated time in the file
# The register keeps the file's time when built, so a diary that already knows one of these
# people or organisations keeps its own version (the importer settles by `updated_at`).
REGISTER = ("organisations", "people")
# The first part of a tidied id says what it names.
_CODES = {section: number for number, section in enumerate(SECTIONS, start=1)}
_CODES |= {"outcomes": len(_CODES) + 1, "titles": len(_CODES) + 2}
_STAMPS = ("created_at", "updated_at")


def tidy(export: dict) -> dict:
    """An export as the demo's data file: numbered ids, one fixed time, no empty fields."""
    numbers: Counter[str] = Counter()
    ids: dict[str, str] = {}
    for kind, old in _owned_ids(export):
        numbers[kind] += 1
        ids[old] = f"{_CODES[kind]:08d}-0000-4000-8000-{numbers[kind]:012d}"
    document = {
        "format": export["format"],
        "version": export["version"],
        "mission": export.get("mission"),
        **{section: export.get(section, []) for section in SECTIONS},
    }
    return _without_empty(_stamped(_rekeyed(document, ids), lambda: FILE_STAMP))


def as_new(document: dict) -> dict:
    """The file's entries as new ones for this diary: fresh ids (so a demo deleted or undone
    earlier never stands in the way) and the time of the build, as if typed in now; the
    register keeps the file's time (see REGISTER)."""
    fresh = {old: str(uuid.uuid4()) for _, old in _owned_ids(document)}
    document = _rekeyed(document, fresh)
    for section in SECTIONS:
        if section not in REGISTER:
            document[section] = _stamped(document.get(section, []), stamp)
    return document


def _owned_ids(document: dict) -> Iterator[tuple[str, str]]:
    """(kind, id) of every entry the file defines, in file order; other ids refer to these."""
    for section in SECTIONS:
        for entry in document.get(section, []):
            yield section, entry["id"]
            for part in ("outcomes", "titles"):
                for child in entry.get(part, []):
                    yield part, child["id"]


def _rekeyed(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            key: ids.get(item, item)
            if (key == "id" or key.endswith("_id")) and isinstance(item, str)
            else _rekeyed(item, ids)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rekeyed(item, ids) for item in value]
    return value


def _stamped(value: Any, now: Callable[[], str]) -> Any:
    """Entries (and their outcomes and titles) with created = updated = `now()`, in order."""
    if isinstance(value, list):
        return [_stamped(item, now) for item in value]
    if not isinstance(value, dict):
        return value
    value = {key: _stamped(item, now) for key, item in value.items()}
    if "created_at" in value:
        when = now()
        value.update(dict.fromkeys(_STAMPS, when))
    return value


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_empty(item)
            for key, item in value.items()
            if item is not None and item != "" and item != []
        }
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


def _rebuilt() -> dict:
    """The current file through a fresh diary and back."""
    import tempfile

    from missiondiary.demo import DEMO_SLUG, build_demo
    from missiondiary.interchange.json_format import export_json
    from missiondiary.store import open_store

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "demo.db") as store:
        build_demo(store)
        return export_json(store, store.find_mission(DEMO_SLUG))


def main(argv: list[str]) -> None:
    from missiondiary.interchange.json_format import dumps

    export = json.loads(Path(argv[0]).read_text("utf-8")) if argv else _rebuilt()
    target = Path(__file__).with_name(DATA_FILE)
    target.write_text(dumps(tidy(export)), encoding="utf-8")
    print(f"Wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
