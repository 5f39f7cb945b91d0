"""Keys that lead from the day screen and the review screen to the register and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from missiondiary.store import Store, open_store
from missiondiary.tui.app import MissionDiaryApp
from tui_helpers import settle


@pytest.mark.slow
async def test_c_opens_contacts_from_the_day(demo_diary: Store, diary_path: Path) -> None:
    mission = demo_diary.missions()[0]
    app = MissionDiaryApp(diary_path, mission_id=mission.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ContactsScreen"


@pytest.mark.slow
async def test_w_on_review_writes_the_members_report_beside_the_diary(
    demo_diary: Store, diary_path: Path
) -> None:
    mission = demo_diary.missions()[0]
    app = MissionDiaryApp(diary_path, mission_id=mission.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        await pilot.press("w")
        await settle(app, pilot)
    posts = diary_path.parent / "posts"
    written = sorted(p.name for p in posts.iterdir())
    assert written == [f"{mission.slug}-report-members.html", f"{mission.slug}-report-members.md"]
    report = (posts / f"{mission.slug}-report-members.md").read_text(encoding="utf-8")
    assert "Vancouver" not in report  # the private working notes stay in the diary


@pytest.mark.slow
async def test_a_new_name_close_to_a_known_one_asks_whether_it_is_the_same(
    demo_diary: Store, diary_path: Path
) -> None:
    from datetime import date

    from missiondiary.tui.modals.confirm import ConfirmModal

    mission = demo_diary.missions()[0]
    app = MissionDiaryApp(diary_path, mission_id=mission.id, day=date(2011, 11, 25))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#meeting-list").focus()
        await pilot.press("a")
        await settle(app, pilot)
        app.screen.query_one("#title").value = "Follow-up call"
        app.screen.query_one("#organisations").value = "Jinshan Group Co., Ltd."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "Jinshan Group Co., Ltd." in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
    with open_store(diary_path) as store:
        meetings = store.meetings_for_day(mission.id, date(2011, 11, 25))
    added = next(m for m in meetings if m.title == "Follow-up call")
    assert added.organisations == ("Jinshan Group of Companies",)
