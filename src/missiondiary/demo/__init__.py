"""The demo mission: a chamber of commerce delegation to Chongqing and Chengdu, November 2011.

It is built from the facts of a real chamber president's blog (see BRIEF.md) in our own words,
so a new user meets every feature on believable data: a flight that crosses zones and dates,
meetings with private working notes, an MOU with no amount and a deal with one, follow-ups
done, open and dropped, posts for the first days, and a register with other names, contact
details and private notes. Building it twice changes nothing.

The mission is data: london-chamber-china-2011.json beside this module, a JSON exchange file
(`missiondiary export --mission`, tidied: see `datafile`) read through the importer, so every
demo build exercises the importer too.
"""

from __future__ import annotations

import json
from importlib import resources

from missiondiary.demo.datafile import DATA_FILE, as_new
from missiondiary.domain import Mission
from missiondiary.interchange.json_format import import_json
from missiondiary.store import Store

DEMO_SLUG = "london-chamber-china-2011"


def demo_document() -> dict:
    """The shipped data file, parsed afresh (callers may change it)."""
    return json.loads(resources.files(__name__).joinpath(DATA_FILE).read_text("utf-8"))


def _find(store: Store, slug: str) -> Mission | None:
    return next((mission for mission in store.missions() if mission.slug == slug), None)


def build_demo(store: Store) -> Mission:
    """Create the demo mission, or return it untouched if the diary already has it.

    One transaction (the import's): an interrupted build leaves no half a demo behind to be
    mistaken for the whole one on the next run, and `undo` takes the whole demo back.
    """
    existing = _find(store, DEMO_SLUG)
    if existing is not None:
        return existing
    import_json(store, as_new(demo_document()), source=f"the demo's {DATA_FILE}")
    return store.find_mission(DEMO_SLUG)
