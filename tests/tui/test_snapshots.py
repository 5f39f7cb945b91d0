"""The main screen as the delegate sees it, on the demo mission's Day 1 with the clock held
at noon in Chongqing (so the time back home and the due words never drift).

After a deliberate change of look: read the report, then `pytest --snapshot-update`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from missiondiary.store import Store
from missiondiary.tui.app import MissionDiaryApp
from tui_helpers import wait_for_workers

NOON_IN_CHONGQING = datetime(2011, 11, 21, 4, 0, tzinfo=UTC)


def demo_app(path: Path, store: Store) -> MissionDiaryApp:
    mission = next(m for m in store.missions() if m.slug == "london-chamber-china-2011")
    return MissionDiaryApp(
        path, mission_id=mission.id, day=mission.start_date, clock=lambda: NOON_IN_CHONGQING
    )


async def settled(pilot) -> None:
    for _ in range(3):
        await wait_for_workers(pilot.app)
        await pilot.pause()


@pytest.mark.slow
def test_day_one_of_the_demo_at_120_columns(snap_compare, diary_path, demo_diary) -> None:
    app = demo_app(diary_path, demo_diary)
    assert snap_compare(app, terminal_size=(120, 40), run_before=settled)


def test_day_one_of_the_demo_at_80_columns(snap_compare, diary_path, demo_diary) -> None:
    app = demo_app(diary_path, demo_diary)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled)


@pytest.mark.slow
def test_the_follow_ups_at_80_columns(snap_compare, diary_path, demo_diary) -> None:
    app = demo_app(diary_path, demo_diary)
    assert snap_compare(app, terminal_size=(80, 24), press=["tab", "tab"], run_before=settled)


@pytest.mark.slow
def test_adding_a_meeting_at_80_columns(snap_compare, diary_path, demo_diary) -> None:
    async def open_form(pilot) -> None:
        await settled(pilot)
        await pilot.press("a")
        await settled(pilot)
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False  # the same picture whenever it is taken

    app = demo_app(diary_path, demo_diary)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_form)
