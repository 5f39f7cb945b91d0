"""What members' feed readers already hold: the feed.xml last written into the folder.

A day's `updated` comes from the stamps of what the audience may see, so a meeting made
private or deleted moves nothing, and feed readers would keep showing the entry as they
first took it, private meeting and all. Comparing each entry with the one the folder's
feed held finds such a change, and moves `updated` to the time it is published."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ATOM = "http://www.w3.org/2005/Atom"  # the feed's namespace, for site.atom_feed too
_UPDATED = f"{{{ATOM}}}updated"
_ID = f"{{{ATOM}}}id"


@dataclass(frozen=True)
class Seen:
    """An entry as the last feed carried it."""

    updated: datetime
    signature: tuple


def signature(entry: ET.Element) -> tuple:
    """Everything a reader shows of an entry but its `updated` (whitespace between tags
    aside, so a written and a parsed entry compare)."""
    return tuple(
        (element.tag, (element.text or "").strip(), tuple(sorted(element.attrib.items())))
        for element in entry.iter()
        if element.tag != _UPDATED
    )


def previous_entries(feed_file: Path) -> dict[str, Seen]:
    """Entry id -> what the folder's feed.xml held; nothing for a missing or unreadable
    file (then the stamps alone decide, as on a first publish)."""
    try:
        root = ET.parse(feed_file).getroot()
    except (OSError, ET.ParseError):
        return {}
    seen = {}
    for entry in root.iter(f"{{{ATOM}}}entry"):
        entry_id, updated = entry.findtext(_ID), entry.findtext(_UPDATED)
        try:
            when = datetime.fromisoformat((updated or "").replace("Z", "+00:00"))
        except ValueError:
            continue
        if entry_id and when.tzinfo:
            seen[entry_id] = Seen(when, signature(entry))
    return seen


def settled(
    last: datetime, entry: ET.Element, before: Seen | None, now: datetime | None
) -> datetime:
    """The entry's `updated`: its stamps' `last`, never earlier than what readers were told,
    and later than that when the entry changed without a stamp saying so."""
    if before is None:
        return last
    if signature(entry) == before.signature or last > before.updated:
        return max(last, before.updated)
    return max(now or datetime.now(UTC), before.updated + timedelta(milliseconds=1))
