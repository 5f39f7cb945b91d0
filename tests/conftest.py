"""Real diary files under tmp_path; never a mock of the store."""

from __future__ import annotations

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
