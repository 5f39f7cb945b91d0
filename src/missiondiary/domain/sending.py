"""Where posts are sent and what waits to go: plain nouns for the outbox (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DestinationKind(StrEnum):
    WORDPRESS = "wordpress"
    EMAIL = "email"


class OutboxStatus(StrEnum):
    """`waiting`: not gone yet (offline is normal); `sent`; `failed`: the other side said no,
    with the reason, until the delegate fixes it and retries."""

    WAITING = "waiting"
    SENT = "sent"
    FAILED = "failed"


WP_POST_STATUSES = ("draft", "publish")


@dataclass(frozen=True)
class Destination:
    """A members' WordPress site or mailing list. `settings` never holds a secret."""

    id: str
    name: str
    kind: DestinationKind
    settings: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        if self.kind is DestinationKind.WORDPRESS:
            return f"WordPress {self.settings.get('url', '')} as {self.settings.get('user', '')}"
        count = len(self.settings.get("to", []))
        members = f"{count} address{'es' if count != 1 else ''}"
        return f"e-mail via {self.settings.get('host', '')} to {members}"


@dataclass(frozen=True)
class OutboxItem:
    """One mission day bound for one destination; one row, however often it is sent."""

    id: str
    mission_id: str
    mission_slug: str
    day: int
    destination: Destination
    audience: str
    post_status: str
    status: OutboxStatus
    again: bool
    reason: str
    remote_id: str | None
    remote_link: str | None
    message_id: str | None
    sent_hash: str | None
    attempts: int
    queued_at: str
    tried_at: str | None
    sent_at: str | None

    @property
    def label(self) -> str:
        return f"{self.mission_slug} Day {self.day} → {self.destination.name}"


@dataclass(frozen=True)
class Upload:
    """A photo on a WordPress site, and the mission days (mission id, ISO date) its picture
    is on in the diary now: none when every photo of it was deleted."""

    photo_hash: str
    media_id: str
    places: frozenset[tuple[str, str]]

    def shown_only_on(self, mission_id: str, day: str) -> bool:
        """The picture belongs to this day alone (or to no day any more), so the day's post
        decides whether it stays on the site."""
        return self.places <= {(mission_id, day)}
