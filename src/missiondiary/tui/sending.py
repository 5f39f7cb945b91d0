"""The app's side of the outbox: waiting days go out in a thread worker when the app starts,
every few minutes while it is open, and when asked ("Send waiting posts" in the command
palette). The day's title line shows "N waiting to send", and "changed since sent" for a
day edited after it went; a notice says when posts go. No network is normal: nothing is
said until they go (or the other side refuses, which is said once per reason)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from textual import work
from textual.message import Message

from missiondiary.domain.text import plural
from missiondiary.errors import DiaryError
from missiondiary.store import open_store

CHECK_EVERY = 60.0  # seconds: "changed since sent" and the waiting count, no network
RETRY_EVERY = 180.0  # seconds between tries of what waits


@dataclass
class OutboxState(Message):
    waiting: int
    changed: frozenset[tuple[str, int]] = frozenset()
    sent_days: frozenset[tuple[str, int]] = frozenset()  # (mission id, day) that went
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def outbox_state(
    db_path: Path, *, send: bool, manual: bool, shown: tuple[str, int] | None = None
) -> OutboxState:
    """Try what waits (and what failed, when asked), then count; runs in a worker thread.
    Only the day on screen is rendered again for "changed since sent" (a diary may hold
    years of sent days)."""
    from missiondiary.domain.sending import OutboxStatus
    from missiondiary.send.outbox import changed_since_sent, retry

    with open_store(db_path) as store:
        attempts = []
        if manual or (send and store.waiting_count()):
            attempts = retry(store, include_failed=manual)
        went = store.outbox((OutboxStatus.SENT,))
        changed = frozenset(
            (item.mission_id, item.day)
            for item in went
            if (item.mission_id, item.day) == shown and changed_since_sent(store, item)
        )
        return OutboxState(
            waiting=store.waiting_count(),
            changed=changed,
            sent_days=frozenset((item.mission_id, item.day) for item in went),
            sent=[a.item.label for a in attempts if a.outcome == "sent"],
            failed=[a.line for a in attempts if a.outcome == "failed"],
        )


class SendingMixin:
    """For the App: `start_outbox()` once the diary is open."""

    outbox: OutboxState | None = None
    _last_try = 0.0
    _told: frozenset[str] = frozenset()

    def start_outbox(self) -> None:
        if getattr(self, "diary_read_only", ""):
            return  # a diary that cannot be written cannot note what went
        self.check_outbox(send=True)
        self.set_interval(CHECK_EVERY, self._tick)  # type: ignore[attr-defined]

    def _tick(self) -> None:
        due = time.monotonic() - self._last_try >= RETRY_EVERY
        self.check_outbox(send=due)

    def action_send_waiting(self) -> None:
        self.notify("Sending waiting posts…", timeout=3)  # type: ignore[attr-defined]
        self.check_outbox(send=True, manual=True)

    # Not exclusive: a try under way is never cancelled; two at once cannot send a day
    # twice (each item is claimed in the diary first, see store.claim).
    def check_outbox(self, send: bool = False, manual: bool = False) -> None:
        screen = getattr(self, "day_screen", None)
        day = screen.title_line.day if screen is not None else None
        shown = (day.mission.id, day.number) if day is not None else None
        self._check_outbox(send, manual, shown)

    @work(thread=True, group="outbox")
    def _check_outbox(self, send: bool, manual: bool, shown: tuple[str, int] | None) -> None:
        if send:
            self._last_try = time.monotonic()
        try:
            state = outbox_state(self.db_path, send=send, manual=manual, shown=shown)  # type: ignore[attr-defined]
        except DiaryError as error:
            if manual:
                self.call_from_thread(self.notify, str(error), severity="error")  # type: ignore[attr-defined]
            return
        self.post_message(state)  # type: ignore[attr-defined]

    def on_outbox_state(self, message: OutboxState) -> None:
        self.outbox = message
        if message.sent:
            count = len(message.sent)
            self.notify(  # type: ignore[attr-defined]
                "\n".join(message.sent[:4]),
                title=f"{plural(count, 'post')} sent",
                timeout=8,
            )
        new_failures = [line for line in message.failed if line not in self._told]
        self._told = self._told | frozenset(message.failed)
        for line in new_failures[:3]:
            self.notify(line, title="Not sent", severity="error", timeout=15)  # type: ignore[attr-defined]
        self.show_outbox()

    def on_day_screen_shown(self, message: Message) -> None:
        """A day that went is checked again for "changed since sent" (a render in a worker,
        no network)."""
        self.show_outbox()
        screen = getattr(self, "day_screen", None)
        day = screen.title_line.day if screen is not None else None
        if day is None or self.outbox is None:
            return
        if (day.mission.id, day.number) in self.outbox.sent_days:
            self.check_outbox(send=False)

    def show_outbox(self) -> None:
        """Hand the counts to the day's title line (the screen shows; this only tells)."""
        screen = getattr(self, "day_screen", None)
        if screen is None or self.outbox is None:
            return
        line = screen.title_line
        line.waiting = self.outbox.waiting
        day = line.day
        line.changed = bool(day and (day.mission.id, day.number) in self.outbox.changed)
