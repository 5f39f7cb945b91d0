"""Real diary files under tmp_path; never a mock of the store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from missiondiary.store import Store, open_store


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    return tmp_path / "diary.db"


@pytest.fixture
def diary(diary_path: Path) -> Iterator[Store]:
    with open_store(diary_path) as store:
        yield store


@pytest.fixture
def demo_diary(diary_path: Path) -> Iterator[Store]:
    """A diary holding the demo mission (London chamber, China, November 2011)."""
    from missiondiary.demo import build_demo

    with open_store(diary_path) as store:
        build_demo(store)
        yield store


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One worker more than there are cores (`-n auto`): the app's tests spend part of their
    time waiting for its timers (autosave, the change watcher), and a third worker fills it."""
    return (os.cpu_count() or 1) + 1
