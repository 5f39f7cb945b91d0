"""The day's forms are built once and refilled on each opening: nothing of one opening may
show in the next (values, messages, undo history), and what is saved is what the form shows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Label, TextArea

from missiondiary.domain import Mission, Visibility
from missiondiary.store import Store, open_store
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.modals.meeting_form import MeetingForm
from missiondiary.tui.screens.day import DayScreen
from store_helpers import at, china_mission
from tui_helpers import settle, wait_until

DAY1_MORNING = datetime(2011, 11, 21, 1, 0, tzinfo=UTC)


@pytest.fixture
def mission(diary: Store) -> Mission:
    mission = china_mission(diary)
    diary.add_meeting(
        mission.id,
        "Jinshan Group",
        at("2011-11-21 10:00"),
        location="Jinshan Tower",
        notes="floor price 4.2",
        visibility=Visibility.MEMBERS,
    )
    diary.add_meeting(
        mission.id,
        "Chongqing Municipal Commission",
        at("2011-11-21 15:00"),
        summary="Ports and rail.",
        visibility=Visibility.PUBLIC,
    )
    return mission


def make_app(path: Path) -> MissionDiaryApp:
    return MissionDiaryApp(path, clock=lambda: DAY1_MORNING)


async def opened_day(app: MissionDiaryApp, pilot) -> DayScreen:
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, DayScreen) and app.screen.loaded is not None,
        "the day loaded",
    )
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, DayScreen)
    return screen


def meeting_id(screen: DayScreen, title: str) -> str:
    assert screen.loaded is not None
    return next(m.id for m in screen.loaded.meetings if m.title == title)


async def open_meeting(app: MissionDiaryApp, pilot, screen: DayScreen, title: str) -> MeetingForm:
    screen.open_entry("meeting", meeting_id(screen, title))
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm), f"{title} opened")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, MeetingForm)
    return form


async def close(app: MissionDiaryApp, pilot, screen: DayScreen) -> None:
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is screen, "the form closed")


@pytest.mark.slow
async def test_a_meeting_opened_after_another_shows_only_its_own_values(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_day(app, pilot)
        first = await open_meeting(app, pilot, screen, "Jinshan Group")
        assert first.text("notes") == "floor price 4.2"
        first.query_one("#location", Input).value = "typed, then thrown away"
        first.query_one("#title", Input).cursor_position = 2
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not first, "the question asked")
        await pilot.press("y")  # throw away what was typed
        await wait_until(pilot, lambda: app.screen is screen, "the form closed")

        second = await open_meeting(app, pilot, screen, "Chongqing Municipal Commission")
        assert second is first  # the same form, refilled
        assert second.text("title") == "Chongqing Municipal Commission"
        title = second.query_one("#title", Input)
        assert title.cursor_position == len(title.value)  # as in a new form, not where it was
        assert title.scroll_offset.x == 0
        assert second.text("location") == ""
        assert second.text("notes") == ""
        assert second.text("summary") == "Ports and rail."
        assert second.text("visibility") == "public"
        assert second.query_one("#form").border_title == "Edit meeting"
        assert "public" in str(second.query_one("#form").border_subtitle)
        assert app.screen.focused is second.query_one("#title")
        assert not second.changed
        await close(app, pilot, screen)  # nothing typed: no question


@pytest.mark.slow
async def test_a_new_meeting_after_an_edited_one_starts_empty(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_day(app, pilot)
        form = await open_meeting(app, pilot, screen, "Jinshan Group")
        await close(app, pilot, screen)
        screen.active_pane = "meeting"
        screen.action_add()
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm), "the new form")
        await pilot.pause()
        new = app.screen
        assert isinstance(new, MeetingForm)
        assert new is form
        assert new.meeting_id is None
        assert new.query_one("#form").border_title == "Add a meeting"
        assert new.text("title") == ""
        assert new.text("notes") == ""
        assert new.text("at") == "2011-11-21 16:00"  # the hour after the last meeting
        assert new.text("visibility") == "private"
        notes = new.query_one("#notes", TextArea)
        assert not notes.history.undo_stack  # the last meeting's notes cannot be undone back


@pytest.mark.slow
async def test_messages_of_an_earlier_opening_are_gone(diary_path: Path, mission: Mission) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_day(app, pilot)
        form = await open_meeting(app, pilot, screen, "Jinshan Group")
        form.query_one("#title", Input).value = ""
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form.query(".field-error.-shown"), "the title refused")
        assert form.query_one("#title").has_class("-invalid")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not form, "the question asked")
        await pilot.press("y")  # throw away what was typed
        await wait_until(pilot, lambda: app.screen is screen, "the form closed")

        again = await open_meeting(app, pilot, screen, "Chongqing Municipal Commission")
        assert again is form
        assert not again.query(".field-error.-shown")
        assert not again.query(".-invalid")
        assert str(again.query_one("#form-note", Label).render()) == ""


@pytest.mark.slow
async def test_a_refilled_form_saves_the_meeting_it_shows(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_day(app, pilot)
        await open_meeting(app, pilot, screen, "Jinshan Group")
        await close(app, pilot, screen)
        form = await open_meeting(app, pilot, screen, "Chongqing Municipal Commission")
        form.query_one("#location", Input).value = "Jiefangbei"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, "the form saved")
        await settle(app, pilot)
    with open_store(diary_path) as store:
        day = store.day(mission.id, mission.start_date)
        where = {meeting.title: meeting.location for meeting in day.meetings}
    assert where == {
        "Jinshan Group": "Jinshan Tower",
        "Chongqing Municipal Commission": "Jiefangbei",
    }
