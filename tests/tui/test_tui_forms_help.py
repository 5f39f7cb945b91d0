"""Forms that help (issue 12, point 6): blank optional fields take the defaults they show, End
takes HH:MM, a new meeting goes after the day's last entry, slugs name the year once and can be
edited, esc asks before throwing typing away, keys typed after tab land in the new field, and
a refusal from the store comes back beside the field it names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Label, TextArea

from missiondiary.domain import Day, mission_slug
from missiondiary.errors import InvalidInput
from missiondiary.store import Store
from missiondiary.tui.modals.confirm import ConfirmModal
from missiondiary.tui.modals.followup_form import FollowUpForm
from missiondiary.tui.modals.followup_form import values_for_new as new_followup
from missiondiary.tui.modals.form import next_free_hour, with_day
from missiondiary.tui.modals.itinerary_form import ItineraryDraft, ItineraryForm
from missiondiary.tui.modals.itinerary_form import values_for_new as new_item
from missiondiary.tui.modals.meeting_form import MeetingForm
from missiondiary.tui.modals.meeting_form import values_for_new as new_meeting
from missiondiary.tui.modals.mission_form import DEFAULT_ZONE, MissionDraft, MissionForm
from store_helpers import at, china_mission


class Harness(App[None]):
    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self.make = make
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), callback=self.results.append)


def fill(app: App, **values: str) -> None:
    for name, value in values.items():
        widget = app.screen.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        else:
            assert isinstance(widget, Input)
            widget.value = value


@pytest.mark.slow
async def test_a_blank_zone_in_a_new_mission_is_the_zone_it_shows(diary: Store) -> None:
    app = Harness(lambda: MissionForm(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert DEFAULT_ZONE in app.screen.query_one("#tz", Input).placeholder
        fill(app, title="Import expo", start_date="2019-11-05", end_date="2019-11-10")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [draft] = app.results
    assert isinstance(draft, MissionDraft)
    mission = draft.apply(diary)
    assert (mission.tz, mission.home_tz) == (DEFAULT_ZONE, DEFAULT_ZONE)


@pytest.mark.slow
async def test_a_title_ending_in_the_year_gives_the_year_once_and_the_slug_can_be_typed(
    diary: Store,
) -> None:
    assert mission_slug("Canada Expo 2019", date(2019, 11, 5)) == "canada-expo-2019"
    assert mission_slug("Canada Expo", date(2019, 11, 5)) == "canada-expo-2019"
    created = diary.create_mission("Canada Expo 2019", date(2019, 11, 5), date(2019, 11, 9), "UTC")
    assert created.slug == "canada-expo-2019"

    app = Harness(lambda: MissionForm(created))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        slug = app.screen.query_one("#slug", Input)
        assert slug.value == "canada-expo-2019"  # shown, and editable
        fill(app, slug="ciie-shanghai")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [draft] = app.results
    assert isinstance(draft, MissionDraft)
    assert draft.apply(diary).slug == "ciie-shanghai"
    assert diary.mission(created.id).slug == "ciie-shanghai"


@pytest.mark.slow
async def test_the_blank_slug_shows_what_the_title_will_make() -> None:
    app = Harness(lambda: MissionForm(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        fill(app, title="Shanghai Import Expo 2019", start_date="2019-11-05")
        await pilot.pause()
        assert app.screen.query_one("#slug", Input).placeholder == "shanghai-import-expo-2019"


@pytest.mark.slow
async def test_the_end_of_an_itinerary_item_takes_hh_mm_on_the_start_day() -> None:
    assert with_day("13:10", "2019-11-04 09:05") == "2019-11-04 13:10"
    assert with_day("2019-11-05 01:00", "2019-11-04 09:05") == "2019-11-05 01:00"
    values = {
        "kind": "flight",
        "title": "Flight to Shanghai",
        "visibility": "members",
        "start": "2019-11-04 09:05",
        "tz": "Asia/Shanghai",
        "end": "13:10",
        "end_tz": "",
        "location": "",
    }
    app = Harness(lambda: ItineraryForm(values))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    [draft] = app.results
    assert isinstance(draft, ItineraryDraft)
    assert draft.end is not None and draft.end.local == datetime(2019, 11, 4, 13, 10)
    assert draft.values["end"] == "13:10"  # reopened as typed


def test_a_new_meeting_goes_at_the_hour_after_the_last_entry(diary: Store) -> None:
    mission = china_mission(diary)
    empty = diary.day(mission.id, mission.start_date)
    assert new_meeting(empty)["at"] == f"{mission.start_date} 09:00"
    diary.add_meeting(mission.id, "Jinshan Group", at(f"{mission.start_date} 10:00"))
    day: Day = diary.day(mission.id, mission.start_date)
    assert new_meeting(day)["at"] == f"{mission.start_date} 11:00"
    late = [datetime(2011, 11, 21, 23, 30)]
    assert next_free_hour(date(2011, 11, 21), late) == "2011-11-21 23:00"  # never the next day


def test_a_new_item_on_a_travel_day_is_a_flight_as_the_empty_day_says(diary: Store) -> None:
    mission = china_mission(diary)
    before, first = mission.date_of(0), mission.start_date
    after = mission.date_of(mission.day_count + 1)
    kinds = {day: new_item(diary.day(mission.id, day))["kind"] for day in (before, first, after)}
    assert kinds == {before: "flight", first: "meeting", after: "flight"}


@pytest.mark.slow
async def test_the_default_time_is_not_selected_for_retyping() -> None:
    values = {**dict.fromkeys(("title", "location", "organisations", "attendees"), "")}
    values |= {"notes": "", "summary": "", "outcomes": "", "visibility": "private"}
    values |= {"at": "2011-11-21 11:00", "tz": "Asia/Chongqing"}
    app = Harness(lambda: MeetingForm(values))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab")  # title -> who may read it -> when
        await pilot.pause()
        when = app.screen.query_one("#at", Input)
        assert app.focused is when
        assert when.selection.is_empty
        await pilot.press("backspace", "5")  # fixing the last digit keeps the rest
        assert when.value == "2011-11-21 11:05"


@pytest.mark.slow
async def test_keys_typed_right_after_tab_go_to_the_field_that_has_the_focus() -> None:
    app = Harness(lambda: MissionForm(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Expo", "tab", *"2019-11-05", "tab", *"2019-11-10")
        form = app.screen
        assert form.query_one("#title", Input).value == "Expo"
        assert form.query_one("#start_date", Input).value == "2019-11-05"
        assert form.query_one("#end_date", Input).value == "2019-11-10"


async def test_escape_on_a_changed_form_asks_before_throwing_it_away() -> None:
    app = Harness(lambda: FollowUpForm(new_followup()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Send the MOU", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, FollowUpForm)
        assert app.screen.query_one("#text", Input).value == "Send the MOU"
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [None]


@pytest.mark.slow
async def test_a_store_refusal_is_shown_beside_the_field_it_names() -> None:
    values = {**dict.fromkeys(("title", "location", "organisations", "notes", "summary"), "")}
    values |= {"outcomes": "", "visibility": "members", "at": "2011-11-21 11:00", "tz": "UTC"}
    values |= {"attendees": ", Chair"}
    error = InvalidInput("--with: ', Chair' needs a name (Name, Role, Organisation)")
    app = Harness(lambda: MeetingForm(values, error=error))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        label = form.query_one("#attendees-error", Label)
        assert label.has_class("-shown") and "needs a name" in str(label.content)
        assert app.focused is form.query_one("#attendees", TextArea)
        assert form.query_one("#attendees", TextArea).text == ", Chair"


@pytest.mark.slow
async def test_a_new_follow_up_is_written_on_the_day_it_was_opened_on(
    diary: Store, diary_path: Path
) -> None:
    mission = china_mission(diary)
    app = Harness(
        lambda: FollowUpForm(new_followup(), mission_id=mission.id, day=date(2011, 11, 22))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Send the MOU", "ctrl+s")
        await pilot.pause()
    [draft] = app.results
    saved = draft.apply(diary)  # type: ignore[attr-defined]
    followup = diary.followup(saved.select[1])
    assert (followup.text, followup.day) == ("Send the MOU", date(2011, 11, 22))


@pytest.mark.slow
async def test_a_burst_of_keys_with_tabs_lands_in_order_and_ends_in_view() -> None:
    """As a terminal delivers fast typing: all the keys at once, tabs among them."""
    from textual._xterm_parser import XTermParser

    values = {**dict.fromkeys(("title", "location", "organisations", "attendees"), "")}
    values |= {"notes": "", "summary": "", "outcomes": "", "visibility": "private"}
    values |= {"at": "2011-11-21 11:00", "tz": "UTC"}
    app = Harness(lambda: MeetingForm(values))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in XTermParser().feed("Expo\t\t\t\tHall 4\tCCPIT\t\t\tfloor 4.2\tsigned\tMOU"):
            app.post_message(key)
        form = app.screen
        for _ in range(20):
            if form.query_one("#outcomes", TextArea).text == "MOU":
                break
            await pilot.pause()
        await pilot.pause()
        typed = {name: form.text(name) for name in ("title", "location", "organisations")}
        assert typed == {"title": "Expo", "location": "Hall 4", "organisations": "CCPIT"}
        assert (form.text("notes"), form.text("summary")) == ("floor 4.2", "signed")
        assert app.focused is form.query_one("#outcomes")
        assert form.query_one("#fields").content_region.contains_region(app.focused.region)
