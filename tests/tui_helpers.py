"""Shared by the app's tests."""

from __future__ import annotations

import contextlib

from textual.app import App
from textual.worker import WorkerCancelled


async def wait_for_workers(app: App) -> None:
    """Wait for the app's workers; an exclusive worker replaced by a newer one is cancelled,
    which is the app working as meant, not a failure of the test."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()


async def wait_until(pilot, condition, what: str, attempts: int = 200) -> None:
    """Let the app run until `condition()` holds (workers done, messages handled between
    tries); fail naming `what` if it never does."""
    for _ in range(attempts):
        await wait_for_workers(pilot.app)
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")
