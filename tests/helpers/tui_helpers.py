"""Shared by the app's tests: waiting for things to have happened, never for time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Collection, Iterable

import pytest
from textual.app import App
from textual.worker import WorkerCancelled

TIMEOUT_SECONDS = 10.0


async def wait_for_workers(app: App) -> None:
    """Wait for the app's workers; an exclusive worker replaced by a newer one is cancelled,
    which is the app working as meant, not a failure of the test."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()


def _busy(app: App) -> bool:
    return any(not worker.is_finished for worker in app.workers)


async def settle(app: App, pilot, *, timeout: float = TIMEOUT_SECONDS) -> None:
    """Until the app is still: no worker running, and none started by the messages the last
    ones posted (a load after a write, a render after a save)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    while quiet < 2:  # still twice in a row: the last messages started nothing new
        await wait_for_workers(app)
        await pilot.pause()
        quiet = 0 if _busy(app) else quiet + 1
        if loop.time() > deadline:
            raise AssertionError(f"the app was still busy after {timeout:g} s")


async def wait_until(
    pilot, condition: Callable[[], object], what: str = "", timeout: float = TIMEOUT_SECONDS
) -> None:
    """Until `condition()` holds (a timer fired, a worker's message landed), or fail saying
    `what` never happened."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"never happened within {timeout:g} s: {what or condition}")
        await wait_for_workers(pilot.app)
        await pilot.pause(0.02)
    await wait_for_workers(pilot.app)
    await pilot.pause()


def screen_sizes(*sizes: tuple[int, int]) -> pytest.MarkDecorator:
    """Parametrise a test by terminal size: the first size (the tightest, 80x24) in the
    default run, the others with the slow trials (`pytest -m slow`, which CI runs too)."""
    return variants("size", sizes, default={sizes[0]}, name=lambda size: f"{size[0]}x{size[1]}")


def variants(
    argument: str,
    values: Iterable[object],
    *,
    default: Collection[object],
    name: Callable[[object], str] = str,
) -> pytest.MarkDecorator:
    """Parametrise by `values`: those in `default` in the default run, the others (the same
    check on another form, screen or size) with the slow trials, which CI runs too."""
    params = [
        pytest.param(value, id=name(value), marks=() if value in default else pytest.mark.slow)
        for value in values
    ]
    return pytest.mark.parametrize(argument, params)


async def poll_until(
    pilot, condition: Callable[[], object], what: str = "", timeout: float = TIMEOUT_SECONDS
) -> None:
    """`wait_until` for a screen with a folder tree: Textual's `DirectoryTree` keeps a loader
    worker waiting for folders to read as long as it is shown, so waiting for the app's
    workers would never end; this polls the condition between frames instead."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"never happened within {timeout:g} s: {what or condition}")
        await pilot.pause(0.02)
    await pilot.pause()
