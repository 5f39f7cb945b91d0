"""Every form as the delegate sees it, at 80x24 and 120x40, opened on the demo mission's Day 1
with the clock held at noon in Chongqing.

After a deliberate change of look: read the report, then `pytest --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

from test_snapshots import demo_app, settled

from missiondiary.store import Store
from missiondiary.tui.modals.mission_form import MissionForm
from missiondiary.tui.screens.day import DayScreen
from tui_helpers import screen_sizes, variants


def opener(which: str):
    async def run_before(pilot) -> None:
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DayScreen) and screen.loaded is not None
        if which == "mission":
            pilot.app.push_screen(MissionForm(None))
        elif which == "meeting-edit":
            busiest = max(screen.loaded.meetings, key=lambda m: len(m.attendees))
            screen.open_entry("meeting", busiest.id)
        else:
            screen.active_pane = which
            screen.action_add()
        await settled(pilot)
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False  # a still cursor: the same picture every time
        await pilot.pause()

    return run_before


@screen_sizes((80, 24), (120, 40))
@variants(
    "which", ["mission", "itinerary", "meeting", "followup", "meeting-edit"], default={"meeting"}
)
def test_form_snapshot(
    snap_compare, diary_path: Path, demo_diary: Store, which: str, size: tuple[int, int]
) -> None:
    app = demo_app(diary_path, demo_diary)
    assert snap_compare(app, terminal_size=size, run_before=opener(which))
