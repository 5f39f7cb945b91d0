"""Text laid out for the width it has: whole mission titles, whole amounts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from textual.app import App
from textual.widgets import DataTable

from missiondiary.store import Store
from missiondiary.tui.screens.missions import MissionsScreen
from missiondiary.tui.screens.review import agreements_worth
from store_helpers import china_mission
from tui_helpers import wait_until

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
