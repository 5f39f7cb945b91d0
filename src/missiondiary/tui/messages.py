"""Results screens hand back to the app (plain dataclasses, no Textual)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Jump:
    """Open this mission day, optionally with one entry selected."""

    mission_id: str
    day: date
    entry_id: str | None = None
    kind: str | None = None  # itinerary | meeting | followup | post
    read_only: bool = False  # reviewing a past mission: browse without editing
