"""Every form fits the screen it opens on (issue 12, point 2): at 80x24, 100x30 and 120x40 each
field that tab reaches is scrolled into view, inside the screen and not under the buttons, and
"who may read it" is seen before anything is saved."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from missiondiary.store import Store
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.modals.form import EntryForm
from missiondiary.tui.modals.mission_form import MissionForm
from missiondiary.tui.screens.day import DayScreen
from tui_helpers import screen_sizes, variants, wait_until

NOON_IN_CHONGQING = datetime(2011, 11, 21, 4, 0, tzinfo=UTC)
SIZES = [(80, 24), (100, 30), (120, 40)]


def demo_app(path: Path, store: Store) -> MissionDiaryApp:
    mission = next(m for m in store.missions() if m.slug == "london-chamber-china-2011")
    return MissionDiaryApp(
        path, mission_id=mission.id, day=mission.start_date, clock=lambda: NOON_IN_CHONGQING
    )


async def until(pilot: Pilot, condition: Callable[[], object]) -> None:
    """Let workers finish and messages land until the condition holds (a busy machine only
    makes it later, never wrong)."""
    await wait_until(pilot, condition, "the app never got there")


def day_screen(pilot: Pilot) -> DayScreen:
    screen = pilot.app.screen
    assert isinstance(screen, DayScreen)
    return screen


async def new_mission(pilot: Pilot) -> None:
    pilot.app.push_screen(MissionForm(None))


async def new_itinerary_item(pilot: Pilot) -> None:
    day_screen(pilot).active_pane = "itinerary"
    day_screen(pilot).action_add()


async def new_meeting(pilot: Pilot) -> None:
    day_screen(pilot).active_pane = "meeting"
    day_screen(pilot).action_add()


async def new_follow_up(pilot: Pilot) -> None:
    day_screen(pilot).active_pane = "followup"
    day_screen(pilot).action_add()


async def demo_meeting(pilot: Pilot) -> None:
    screen = day_screen(pilot)
    assert screen.loaded is not None
    busiest = max(screen.loaded.meetings, key=lambda m: len(m.attendees) + len(m.outcomes))
    screen.open_entry("meeting", busiest.id)


OPENERS: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "new mission": new_mission,
    "itinerary item": new_itinerary_item,
    "meeting": new_meeting,
    "follow-up": new_follow_up,
    "demo meeting": demo_meeting,
}


def inside(inner: Region, outer: Region) -> bool:
    return outer.contains_region(inner)


@pytest.mark.slow
@screen_sizes(*SIZES)
@variants("which", OPENERS, default={"meeting"})
async def test_every_field_of_every_form_is_in_view_when_tab_reaches_it(
    which: str, size: tuple[int, int], diary_path: Path, demo_diary: Store
) -> None:
    app = demo_app(diary_path, demo_diary)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DayScreen) and app.screen.loaded)
        await OPENERS[which](pilot)
        await until(pilot, lambda: isinstance(app.screen, EntryForm) and app.focused is not None)
        form = app.screen
        assert isinstance(form, EntryForm)
        screen_region = form.region
        # Who may read it (or, for a mission, what it is called) is seen before saving.
        if form.query("#visibility"):
            assert inside(form.query_one("#visibility").region, screen_region)
            # In the title line too, once the choice shown has been reported to the form.
            await until(
                pilot,
                lambda: str(form.query_one("#form").border_subtitle).startswith(
                    form.text("visibility") + ":"
                ),
            )
        fields = {
            widget.id
            for widget in form.query("#fields Input, #fields TextArea, #fields Select")
            if isinstance(widget, Input | TextArea | Select) and widget.id
        }
        body = form.query_one("#fields").content_region
        reached: set[str] = set()
        first = app.focused
        for _ in range(len(fields) + 4):
            focused = app.focused
            assert focused is not None
            where = body if focused.id in fields else screen_region
            await until(pilot, lambda f=focused, w=where: inside(f.region, w))
            if focused.id in fields:
                assert inside(focused.region, screen_region), focused.id
                assert inside(focused.region, body), f"{focused.id} is under the buttons"
                reached.add(focused.id)
            else:
                assert inside(focused.region, screen_region), focused.id
            await pilot.press("tab")
            await pilot.pause()
            if app.focused is first:
                break
        assert reached == fields
