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
