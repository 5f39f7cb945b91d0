"""The workers' shared step, without an app: what it posts back for work the diary did, and
for work it refused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.message import Message

from missiondiary.domain import Mission
from missiondiary.store import Store
from missiondiary.tui.workers import post_outcome
from store_helpers import china_mission


@dataclass
class Done(Message):
    result: object


@dataclass
class Failed(Message):
    error: str


class Screen:
    """Stands in for the screen a worker posts to: keeps what it was sent."""

    def __init__(self) -> None:
        self.posted: list[Message] = []

    def post_message(self, message: Message) -> bool:
        self.posted.append(message)
        return True


def test_the_outcome_of_store_work_is_posted(diary_path: Path, diary: Store) -> None:
    mission = china_mission(diary)
    screen = Screen()
    post_outcome(screen, diary_path, lambda store: store.mission(mission.id), Done, Failed)
    [done] = screen.posted
    assert isinstance(done, Done) and isinstance(done.result, Mission)
    assert done.result.title == mission.title


def test_a_refusal_is_posted_in_the_diarys_own_words(diary_path: Path, diary: Store) -> None:
    screen = Screen()
    post_outcome(screen, diary_path, lambda store: store.mission("nope"), Done, Failed)
    [failed] = screen.posted
    assert isinstance(failed, Failed) and "nope" in failed.error


def test_a_read_only_store_refuses_a_write_and_anything_else_is_a_bug(
    diary_path: Path, diary: Store
) -> None:
    mission = china_mission(diary)
    screen = Screen()

    def rename(store: Store) -> Mission:
        return store.update_mission(mission.id, title="Renamed")

    post_outcome(screen, diary_path, rename, Done, Failed, readonly=True)
    [failed] = screen.posted
    assert isinstance(failed, Failed) and "read-only" in failed.error
    with pytest.raises(ZeroDivisionError):  # not the diary refusing: never worded as if it were
        post_outcome(screen, diary_path, lambda store: 1 / 0, Done, Failed)
    assert len(screen.posted) == 1
