"""The entry forms alone: what they hand back, and how they refuse input without losing it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Label, TextArea

from missiondiary.domain import Attendee, Outcome, Visibility
from missiondiary.errors import InvalidInput
from missiondiary.tui.modals.confirm import ConfirmModal
from missiondiary.tui.modals.followup_form import FollowUpDraft, FollowUpForm
from missiondiary.tui.modals.followup_form import values_for_new as new_followup
from missiondiary.tui.modals.form import LastPartSuggester, default_time
from missiondiary.tui.modals.itinerary_form import ItineraryDraft, ItineraryForm
from missiondiary.tui.modals.meeting_form import (
    AttendeeSuggester,
    MeetingDraft,
    MeetingForm,
    outcome_line,
    parse_outcome,
    split_organisations,
)
from tui_helpers import wait_until

ITEM_VALUES = {
    "kind": "flight",
    "title": "Flight home",
    "start": "2011-11-30 13:40",
    "tz": "Asia/Shanghai",
    "end": "2011-11-30 16:55",
    "end_tz": "America/Toronto",
    "location": "PVG → YYZ",
    "visibility": "members",
}
MEETING_VALUES = {
    "title": "Jinshan Group",
    "at": "2011-11-21 15:00",
    "tz": "Asia/Chongqing",
    "location": "Jinshan Tower",
    "organisations": "Jinshan Group; Chongqing Jiali Medical Supply Co., Ltd.",
    "attendees": "Chen Weidong, Chair, Jinshan Group\nWu Haiyan",
    "notes": "floor price 4.2",
    "summary": "We agreed next steps.",
    "outcomes": "MOU on training\nTrial order | 180,000 | cad",
    "visibility": "members",
}


class Harness(App[None]):
    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self.make = make
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), callback=self.results.append)


@dataclass
class Submitted:
    results: list[object]  # what the form was dismissed with (nothing if it stayed open)
    errors: dict[str, str]  # field -> message shown under it
    fields: dict[str, str]  # field -> text in it afterwards


async def submit(make: Callable[[], Screen], **typed: str) -> Submitted:
    """Open the form, put `typed` in its fields, press ctrl+s."""
    app = Harness(make)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.screen
        for name, value in typed.items():
            widget = form.query_one(f"#{name}")
            if isinstance(widget, TextArea):
                widget.load_text(value)
            else:
                assert isinstance(widget, Input)
                widget.value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = {
            (label.id or "").removesuffix("-error"): str(label.content)
            for label in form.query(".field-error.-shown").results(Label)
        }
        fields = {
            widget.id or "": widget.text if isinstance(widget, TextArea) else widget.value
            for widget in form.query("Input, TextArea").results()
            if isinstance(widget, Input | TextArea)
        }
    return Submitted(app.results, errors, fields)


# itinerary ------------------------------------------------------------------------------
async def test_a_flight_across_zones_keeps_both_local_times() -> None:
    [draft] = (await submit(lambda: ItineraryForm(dict(ITEM_VALUES)))).results
    assert isinstance(draft, ItineraryDraft)
    assert (draft.start.tz, draft.end and draft.end.tz) == ("Asia/Shanghai", "America/Toronto")
    assert draft.end is not None and draft.end.utc > draft.start.utc
    assert draft.values == ITEM_VALUES


@pytest.mark.slow
async def test_an_end_before_the_start_is_refused_by_the_end_field() -> None:
    form = await submit(lambda: ItineraryForm(dict(ITEM_VALUES)), end="2011-11-30 09:00", end_tz="")
    assert form.results == []
    assert "before the start" in form.errors["end"]
    assert form.fields["end"] == "2011-11-30 09:00"


async def test_every_wrong_field_gets_its_message_at_once() -> None:
    form = await submit(lambda: ItineraryForm(dict(ITEM_VALUES)), title=" ", tz="Mars/Olympus")
    assert form.results == []
    assert form.errors == {
        "title": "an itinerary item needs a title",
        "tz": "Zone: unknown time zone 'Mars/Olympus'",  # under the pair: names its field
    }
    assert form.fields["tz"] == "Mars/Olympus"


@pytest.mark.slow
async def test_a_time_the_clocks_skipped_is_refused() -> None:
    form = await submit(
        lambda: ItineraryForm(dict(ITEM_VALUES)),
        start="2012-03-11 02:30",
        tz="America/Toronto",
        end="",
    )
    assert form.results == []
    assert "does not exist in America/Toronto" in form.errors["start"]


async def test_a_store_refusal_reopens_the_form_with_its_message() -> None:
    error = InvalidInput("--title: an itinerary item needs a title")
    app = Harness(lambda: ItineraryForm(dict(ITEM_VALUES), error=error))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        label = app.screen.query_one("#title-error", Label)
        assert label.has_class("-shown")
        assert str(label.content) == "an itinerary item needs a title"
        assert app.focused is app.screen.query_one("#title")


# meetings -------------------------------------------------------------------------------
async def test_a_meeting_form_reads_people_organisations_and_amounts() -> None:
    [draft] = (await submit(lambda: MeetingForm(dict(MEETING_VALUES)))).results
    assert isinstance(draft, MeetingDraft)
    assert draft.organisations == ("Jinshan Group", "Chongqing Jiali Medical Supply Co., Ltd.")
    assert draft.attendees == (
        Attendee("Chen Weidong", "Chair", "Jinshan Group"),
        Attendee("Wu Haiyan"),
    )
    assert draft.outcomes == (
        Outcome("MOU on training"),
        Outcome("Trial order", Decimal("180000"), "CAD"),
    )
    assert (draft.notes, draft.visibility) == ("floor price 4.2", Visibility.MEMBERS)


async def test_an_amount_without_a_currency_is_refused_by_the_outcomes() -> None:
    form = await submit(
        lambda: MeetingForm(dict(MEETING_VALUES)), outcomes="Deal | 5000", at="tomorrow"
    )
    assert form.results == []
    assert "line 1: the amount needs a currency" in form.errors["outcomes"]
    assert "'tomorrow' is not a time" in form.errors["at"]
    assert form.fields["outcomes"] == "Deal | 5000"


@pytest.mark.slow
async def test_enter_in_the_person_field_adds_a_line_instead_of_saving() -> None:
    app = Harness(lambda: MeetingForm(dict(MEETING_VALUES), people=["Zhou Bin"]))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#attendee-add")
        await pilot.press("Z", "h", "right")  # accept the suggestion
        await pilot.press(*", GM, Jiali")
        await pilot.press("enter")
        await pilot.pause()
        lines = app.screen.query_one("#attendees", TextArea).text.splitlines()
        assert lines[-1] == "Zhou Bin, GM, Jiali"
        assert app.results == []


def test_outcome_lines_round_trip() -> None:
    outcome = parse_outcome("Trial order | 1,250.50 | eur", 1)
    assert outcome == Outcome("Trial order", Decimal("1250.50"), "EUR")
    assert parse_outcome(outcome_line(outcome), 1) == outcome
    with pytest.raises(InvalidInput, match="outcomes: line 3"):
        parse_outcome(" | 12 | CAD", 3)


def test_organisations_split_on_semicolons_when_a_name_has_a_comma() -> None:
    assert split_organisations("CSTAR, City of London") == ("CSTAR", "City of London")
    assert split_organisations("Jiali Co., Ltd.; CSTAR") == ("Jiali Co., Ltd.", "CSTAR")
    assert split_organisations("Shanghai Ocean Foods Co., Ltd., CCPIT") == (
        "Shanghai Ocean Foods Co., Ltd.",
        "CCPIT",
    )


async def test_people_and_organisations_complete_from_the_directory() -> None:
    suggest = AttendeeSuggester(["Chen Weidong", "Wu Haiyan"], ["Jinshan Group of Companies"])
    # What was typed stays as typed; the rest of the name is offered.
    assert await suggest.get_suggestion("che") == "chen Weidong"
    assert await suggest.get_suggestion("Chen Weidong, Chair, Jin") == (
        "Chen Weidong, Chair, Jinshan Group of Companies"
    )
    assert await suggest.get_suggestion("Chen Weidong, Ch") is None  # roles are free text
    organisations = LastPartSuggester(["CSTAR", "City of London"])
    assert await organisations.get_suggestion("CSTAR, Ci") == "CSTAR, City of London"


def test_new_entries_default_to_the_next_round_hour_of_the_day() -> None:
    assert default_time(date(2011, 11, 22), datetime(2011, 11, 21, 9, 41)) == "2011-11-22 10:00"
    assert default_time(date(2011, 11, 22), datetime(2011, 11, 21, 23, 5)) == "2011-11-22 23:00"


# follow-ups -----------------------------------------------------------------------------
@pytest.mark.slow
async def test_a_follow_up_due_date_must_be_a_date() -> None:
    form = await submit(lambda: FollowUpForm(new_followup()), text="Send the MOU", due="next week")
    assert form.results == []
    assert form.errors == {"due": "'next week' is not a date (YYYY-MM-DD)"}


@pytest.mark.slow
async def test_a_follow_up_form_hands_back_what_was_typed() -> None:
    form = await submit(
        lambda: FollowUpForm(new_followup()), text=" Send  the MOU ", owner="Me", due="2011-11-23"
    )
    [draft] = form.results
    assert isinstance(draft, FollowUpDraft)
    assert (draft.text, draft.owner, draft.due) == ("Send the MOU", "Me", date(2011, 11, 23))
    assert draft.visibility is Visibility.PRIVATE


async def test_escape_cancels_a_form() -> None:
    app = Harness(lambda: FollowUpForm(new_followup()))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@pytest.mark.slow
async def test_the_save_button_hands_back_the_form() -> None:
    app = Harness(lambda: ItineraryForm(dict(ITEM_VALUES)))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#save")
        await wait_until(pilot, lambda: bool(app.results), "the form closed")
    [draft] = app.results
    assert isinstance(draft, ItineraryDraft)
    assert draft.values == ITEM_VALUES


@pytest.mark.slow
async def test_the_cancel_button_closes_an_untouched_form() -> None:
    app = Harness(lambda: FollowUpForm(new_followup()))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: bool(app.results), "the form closed")
    assert app.results == [None]


# confirm --------------------------------------------------------------------------------
@pytest.mark.parametrize(("keys", "answer"), [(("y",), True), (("n",), False), (("enter",), False)])
async def test_the_question_before_deleting(keys: tuple[str, ...], answer: bool) -> None:
    app = Harness(lambda: ConfirmModal("Delete the meeting 'Jinshan'?"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    assert app.results == [answer]


@pytest.mark.slow
@pytest.mark.parametrize(("button", "answer"), [("#yes", True), ("#no", False)])
async def test_the_question_answered_with_the_mouse(button: str, answer: bool) -> None:
    app = Harness(lambda: ConfirmModal("Delete the meeting 'Jinshan'?"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click(button)
        await wait_until(pilot, lambda: bool(app.results), "answered")
    assert app.results == [answer]
