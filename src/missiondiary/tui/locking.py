"""The app's lock for an encrypted diary: after a while without a key pressed (the config
file's `lock_after_minutes`, 10 by default, 0 for never) or on "Lock now", what is typed is
saved, the process forgets the passphrase, and the passphrase screen covers everything;
the right passphrase takes the delegate back to the same place. A plain diary never locks."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand

from missiondiary.store import config, crypto

if TYPE_CHECKING:
    from pathlib import Path

# The palette's choices for the lock time, in minutes (0: never).
LOCK_CHOICES = (5, 10, 30, 60, 0)
ACTIVITY = (
    events.Key,
    events.MouseDown,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)


class IdleLock:
    """Mixed into the app (which has `db_path`, `day_screen`, `notify`, `push_screen`)."""

    db_path: Path
    lock_after: float | None  # seconds; None: never

    def setup_lock(self, lock_after: float | None) -> None:
        if lock_after is None:
            minutes = config.lock_minutes()
            lock_after = minutes * 60 if minutes else None
        self.lock_after = lock_after if lock_after and lock_after > 0 else None
        self.locked = False
        self._last_input = monotonic()

    def start_lock_timer(self) -> None:
        every = min(1.0, self.lock_after / 4) if self.lock_after else 1.0
        self.set_interval(every, self._check_idle)  # type: ignore[attr-defined]

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self._last_input = monotonic()
        await super().on_event(event)  # type: ignore[misc]

    @property
    def encrypted(self) -> bool:
        return crypto.key_of(self.db_path) is not None

    async def _check_idle(self) -> None:
        if self.locked or self.lock_after is None or not self.encrypted:
            return
        if monotonic() - self._last_input >= self.lock_after:
            await self.action_lock_now()

    async def action_lock_now(self) -> None:
        from missiondiary.tui.screens.passphrase import PassphraseScreen

        if self.locked:
            return
        if not self.encrypted:
            self.notify(  # type: ignore[attr-defined]
                "This diary is not encrypted, so there is nothing to lock: "
                "'missiondiary encrypt' encrypts it",
                title="Not locked",
            )
            return
        self.locked = True
        screen = self.day_screen  # type: ignore[attr-defined]
        if screen is not None:
            await screen.flush()  # what is typed reaches the diary first
        crypto.forget(self.db_path)
        self.push_screen(  # type: ignore[attr-defined]
            PassphraseScreen(self.db_path, locked=True), self._unlocked
        )

    def _unlocked(self, _: Any) -> None:
        self.locked = False
        self._last_input = monotonic()

    def lock_commands(self) -> Iterator[SystemCommand]:
        """The palette's "Lock now" and lock times, for an encrypted diary."""
        if not self.encrypted or self.locked:
            return
        yield SystemCommand(
            "Lock now", "Hide the diary until its passphrase is typed", self.action_lock_now
        )
        for minutes in LOCK_CHOICES:
            words = f"after {minutes} minutes without a key" if minutes else "never on its own"
            yield SystemCommand(
                f"Lock the diary {words}",
                "Saved in the config file",
                partial(self.set_lock_after, minutes),
            )

    def set_lock_after(self, minutes: int) -> None:
        self.lock_after = minutes * 60 if minutes else None
        self._last_input = monotonic()
        self._save_lock_after(minutes)

    @work(thread=True, group="lock-setting")
    def _save_lock_after(self, minutes: int) -> None:
        values = config.read_config()
        values["lock_after_minutes"] = minutes
        try:
            config.write_config(values)
        except OSError as error:
            self.call_from_thread(  # type: ignore[attr-defined]
                self.notify,  # type: ignore[attr-defined]
                f"Could not save the lock time in {config.config_path()}: {error.strerror}",
                severity="warning",
            )
