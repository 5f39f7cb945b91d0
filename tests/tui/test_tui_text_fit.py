"""Text laid out for the width it has: whole mission titles, whole amounts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Label

from missiondiary.store import Store
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.screens.day import DayScreen
from missiondiary.tui.screens.missions import MissionsScreen
from missiondiary.tui.screens.review import agreements_worth
from store_helpers import at, china_mission
from tui_helpers import screen_sizes, settle, wait_until

LONG_TITLE = "London Chamber of Commerce and Industry mission to Chongqing and Chengdu"


class Harness(App[None]):
    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def on_mount(self) -> None:
        self.push_screen(MissionsScreen(self.db_path))


async def test_the_missions_list_shows_a_long_title_whole_at_80_columns(
    diary_path: Path, diary: Store
) -> None:
    china_mission(diary, title=LONG_TITLE)
    app = Harness(diary_path)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#missions", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, "the mission listed")
        title = table.get_cell_at((0, 1))
        lines = str(title).splitlines()
        width = table.columns[table.coordinate_to_cell_key((0, 1)).column_key].width
    assert " ".join(lines) == LONG_TITLE
    assert len(lines) > 1 and all(len(line) <= width for line in lines)
    assert table.rows[table.coordinate_to_cell_key((0, 1)).row_key].height == len(lines)


def test_an_amount_is_never_split_from_its_currency() -> None:
    worth = agreements_worth(9, {"CAD": Decimal(45000), "CNY": Decimal(1250000)})
    for width in range(22, 40):
        lines = [line.plain.strip() for line in worth.wrap(width)]
        assert "CNY 1,250,000" in lines, (width, lines)
        assert "9, worth CAD 45,000" in lines
    assert agreements_worth(3, {}).plain == "3"


@pytest.mark.slow
@screen_sizes((80, 24), (100, 30), (120, 40))
async def test_the_notes_label_says_private_whole_beside_a_status(
    diary_path: Path, diary: Store, size: tuple[int, int]
) -> None:
    mission = china_mission(diary)
    diary.add_meeting(mission.id, "Jinshan Group", at("2011-11-21 10:00"), notes="floor 4.2")
    app = MissionDiaryApp(diary_path, clock=lambda: datetime(2011, 11, 21, 1, 0, tzinfo=UTC))
    async with app.run_test(size=size) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, DayScreen) and app.screen.loaded is not None,
            "the day loaded",
        )
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DayScreen)
        await pilot.press("tab", "ctrl+end", "x")  # typing shows the status beside the label
        status = screen.query_one("#editor-status", Label)
        await wait_until(pilot, lambda: status.display, "the status shown")
        await pilot.pause()
        label = screen.query_one("#editor-label", Label)
        text = str(label.content)
        assert text.startswith("Working notes — private")
        assert len(text) <= label.region.width  # whole, no ellipsis
        if size[0] == 80:
            assert text == "Working notes — private, never published"
