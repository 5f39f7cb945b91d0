"""One way to move about: esc goes back one level and never quits; enter opens what is
selected; a day read from Review shows only what reading needs and esc goes back there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

from missiondiary.store import Store
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.modals.form import EntryForm
from missiondiary.tui.modals.mission_form import MissionForm
from missiondiary.tui.screens.contacts import ContactsScreen
from missiondiary.tui.screens.day import DayScreen
from missiondiary.tui.screens.help import HelpScreen
from missiondiary.tui.screens.missions import MissionsScreen
from missiondiary.tui.screens.publish import PublishScreen
from missiondiary.tui.screens.review import ReviewScreen
from missiondiary.tui.screens.search import SearchScreen
from missiondiary.tui.screens.welcome import WelcomeScreen
from missiondiary.tui.widgets.followup_pane import FollowUpPane
from missiondiary.tui.widgets.itinerary_pane import ItineraryPane
from store_helpers import START, china_mission
from tui_helpers import wait_for_workers, wait_until

# Long after the demo mission (November 2011): it is a past mission, there to review.
LATER = datetime(2012, 3, 1, 4, 0, tzinfo=UTC)


def running(app: MissionDiaryApp) -> bool:
    return app.return_code is None and bool(app.screen_stack)


async def on(pilot, kind: type, what: str) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), what)


async def escape_back_to(pilot, kind: type, what: str) -> None:
    await pilot.press("escape")
    await on(pilot, kind, what)
    assert running(pilot.app)


async def escape_never_quits_the_day(pilot, over_the_day: list[tuple[str, type]]) -> None:
    """On the day shown: esc twice stays; each screen opened by its key goes back to the day
    on esc; in the notes esc leaves the notes (the text stays), and a second esc stays put."""
    app = pilot.app
    await wait_until(
        pilot, lambda: isinstance(app.screen, DayScreen) and app.screen.loaded, "Day 1"
    )
    day = app.screen
    await pilot.press("escape", "escape")
    await wait_for_workers(app)
    assert running(app) and app.screen is day
    for key, kind in over_the_day:
        await pilot.press(key)
        await on(pilot, kind, kind.__name__)
        await wait_for_workers(app)
        await escape_back_to(pilot, DayScreen, f"the day, from {kind.__name__}")
    await pilot.press("tab")
    await wait_until(pilot, lambda: app.focused is day.editor.text_area, "the notes")
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.focused is not day.editor.text_area, "the list")
    await pilot.press("escape")
    await wait_for_workers(app)
    assert running(app) and app.screen is day


async def test_escape_on_the_day_over_publish_and_in_the_notes_never_quits(
    diary_path: Path, demo_diary: Store
) -> None:
    """The short version of the next test: the day, one screen over it, and the notes."""
    mission = demo_diary.missions()[0]
    app = MissionDiaryApp(diary_path, mission_id=mission.id, day=START, clock=lambda: LATER)
    async with app.run_test(size=(80, 24)) as pilot:
        await escape_never_quits_the_day(pilot, [("p", PublishScreen)])


@pytest.mark.slow
async def test_escape_never_quits_from_any_screen(diary_path: Path) -> None:
    app = MissionDiaryApp(diary_path, clock=lambda: LATER)
    async with app.run_test(size=(80, 24)) as pilot:
        await on(pilot, WelcomeScreen, "the welcome screen of an empty diary")
        for _ in range(2):
            await pilot.press("escape")
            await wait_for_workers(app)
            assert running(app) and isinstance(app.screen, WelcomeScreen)
        await pilot.press("c")
        await on(pilot, MissionForm, "the new mission form")
        await escape_back_to(pilot, WelcomeScreen, "welcome again")
        await pilot.press("d")  # the demo
        await escape_never_quits_the_day(
            pilot,
            [
                ("p", PublishScreen),
                ("slash", SearchScreen),
                ("c", ContactsScreen),
                ("m", MissionsScreen),
                ("r", ReviewScreen),
                ("question_mark", HelpScreen),
                ("a", EntryForm),
            ],
        )


@pytest.mark.slow
async def test_a_day_read_from_review_is_read_only_and_esc_goes_back_there(
    diary_path: Path, demo_diary: Store
) -> None:
    mission = demo_diary.missions()[0]
    app = MissionDiaryApp(
        diary_path, mission_id=mission.id, day=mission.start_date, clock=lambda: LATER
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, DayScreen) and app.screen.loaded, "Day 1"
        )
        day = app.screen
        await pilot.press("r")
        await on(pilot, ReviewScreen, "review")
        review = app.screen
        await wait_until(pilot, lambda: review.report is not None, "the report")
        await pilot.press("enter")  # into the days: the first press, no second needed
        await wait_until(pilot, lambda: app.focused is review.day_list, "the days")
        await pilot.press("down", "down", "enter")
        third = mission.start_date + timedelta(days=2)
        await wait_until(
            pilot,
            lambda: app.screen is day and day.loaded is not None and day.loaded.date == third,
            "Day 3, read-only",
        )
        assert day.read_only
        shown = {key.action for key in day.query(FooterKey)}
        assert not shown & {"add", "delete", "undo", "cycle_visibility"}
        assert {"back", "edit_day", "prev_day", "next_day"} <= shown
        await pilot.press("escape")
        await on(pilot, ReviewScreen, "review, again")
        review = app.screen
        await wait_until(
            pilot,
            lambda: (
                review.day_list.highlighted_option is not None and app.focused is review.day_list
            ),
            "the days list",
        )
        days = review.day_list
        assert isinstance(days, OptionList)
        assert review.report is not None
        assert review.report.days[int(days.highlighted_option.id)].date == third
        assert review.mission_list.highlighted_option.id == mission.id
        await pilot.press("escape")  # from Review, back to the day it was opened from
        await wait_until(
            pilot,
            lambda: app.screen is day and day.loaded and day.loaded.date == mission.start_date,
            "Day 1, to edit",
        )
        assert not day.read_only
        assert running(app)


@pytest.mark.slow
async def test_e_edits_a_day_read_from_review_where_it_is(
    diary_path: Path, demo_diary: Store
) -> None:
    mission = demo_diary.missions()[0]
    app = MissionDiaryApp(
        diary_path, mission_id=mission.id, day=mission.start_date, clock=lambda: LATER
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DayScreen), "the day")
        day = app.screen
        await pilot.press("r")
        await on(pilot, ReviewScreen, "review")
        await wait_until(pilot, lambda: app.screen.report is not None, "the report")
        await pilot.press("enter", "down", "enter")
        second = mission.start_date + timedelta(days=1)
        await wait_until(
            pilot, lambda: app.screen is day and day.read_only and day.day == second, "Day 2"
        )
        await pilot.press("e")
        await wait_until(pilot, lambda: not day.read_only, "editable")
        assert day.day == second
        assert "add" in {key.action for key in day.query(FooterKey)}


@pytest.mark.slow
async def test_day_zero_is_one_bracket_before_day_one_even_empty(
    diary_path: Path, diary: Store
) -> None:
    mission = china_mission(diary)
    app = MissionDiaryApp(diary_path, mission_id=mission.id, day=START, clock=lambda: LATER)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, DayScreen), "Day 1")
        day = app.screen
        await wait_until(pilot, lambda: day.loaded is not None, "Day 1 loaded")
        await pilot.press("left_square_bracket")
        zero = START - timedelta(days=1)
        await wait_until(pilot, lambda: day.loaded.date == zero, "Day 0")
        empty = str(day.meetings_pane.entries.get_option_at_index(0).prompt)
        assert "Day 0" in empty and "a" in empty and "flight" in empty
        await pilot.press("left_square_bracket")
        await wait_for_workers(app)
        assert day.day == zero
        assert any("Day 0 is the first" in str(n.message) for n in app._notifications)


async def test_an_empty_pane_of_a_read_only_day_does_not_offer_a(diary: Store) -> None:
    mission = china_mission(diary)
    empty_day = diary.day(mission.id, mission.start_date)

    class Panes(App[None]):
        def compose(self):
            yield ItineraryPane(id="itinerary")
            yield FollowUpPane(id="followups")

    app = Panes()
    async with app.run_test(size=(80, 24)) as pilot:
        panes = [app.query_one(ItineraryPane), app.query_one(FollowUpPane)]

        def said() -> list[str]:
            return [str(pane.entries.get_option_at_index(0).prompt) for pane in panes]

        for pane in panes:
            pane.day = empty_day
        await wait_until(pilot, lambda: all("Press a" in text for text in said()), "a offered")
        for pane in panes:
            pane.read_only = True
        await wait_until(pilot, lambda: not any("Press a" in t for t in said()), "a withdrawn")
        assert said() == ["No itinerary on this day.", "No follow-ups on this day."]
