"""The day screen as the delegate drives it: keys in, a real diary file checked afterwards
through a fresh store (never the app's own objects)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Label, TextArea

from missiondiary.domain import FollowUpStatus, Mission, Visibility
from missiondiary.store import Store, open_store
from missiondiary.tui.app import MissionDiaryApp, find_start
from missiondiary.tui.messages import Jump
from missiondiary.tui.modals.confirm import ConfirmModal
from missiondiary.tui.modals.meeting_form import MeetingForm
from missiondiary.tui.screens.day import DayScreen
from missiondiary.tui.widgets.notes_editor import NotesEditor
from store_helpers import END, START, at, china_mission
from tui_helpers import settle, wait_until

# 09:00 in Chongqing on Day 1: the mission is under way.
DAY1_MORNING = datetime(2011, 11, 21, 1, 0, tzinfo=UTC)
NOTES = "Chen chairs the association too."


def clock_at(instant: datetime):
    return lambda: instant


@pytest.fixture
def mission(diary: Store) -> Mission:
    mission = china_mission(diary)
    meeting = diary.add_meeting(
        mission.id,
        "Jinshan Group of Companies",
        at("2011-11-21 15:00"),
        organisations=["Jinshan Group"],
        notes=NOTES,
    )
    diary.add_followup(mission.id, "Send the MOU", START, owner="Me", meeting_id=meeting.id)
    return mission


def make_app(path: Path, **kwargs) -> MissionDiaryApp:
    kwargs.setdefault("clock", clock_at(DAY1_MORNING))
    return MissionDiaryApp(path, **kwargs)


def day_screen(app: MissionDiaryApp) -> DayScreen:
    screen = app.day_screen
    assert screen is not None
    return screen


def stored_day(path: Path, mission: Mission, when: date = START):
    with open_store(path) as store:
        return store.day(mission.id, when)


def stored_notes(path: Path, mission: Mission, title: str) -> str | None:
    meetings = stored_day(path, mission).meetings
    return next((m.notes for m in meetings if m.title.startswith(title)), None)


async def notes_stored(pilot, path: Path, mission: Mission, title: str, notes: str) -> None:
    """Until the meeting's notes in the file are `notes` (the editor saves after a pause)."""
    await wait_until(
        pilot, lambda: stored_notes(path, mission, title) == notes, f"{title}: {notes!r} stored"
    )
    await settle(pilot.app, pilot)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if char == " " else char for char in text])


# opening -------------------------------------------------------------------------------
async def test_app_opens_on_today_while_the_mission_is_under_way(
    diary_path: Path, mission: Mission
) -> None:
    third_day = DAY1_MORNING + timedelta(days=2)
    app = make_app(diary_path, clock=clock_at(third_day))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = day_screen(app)
        assert screen.day == date(2011, 11, 23)
        assert "Day 3 of 10" in str(screen.title_line.render())


def test_after_the_mission_the_app_opens_on_the_last_day_viewed(
    diary: Store, mission: Mission
) -> None:
    later = datetime(2012, 3, 1, tzinfo=UTC)
    assert find_start(diary, None, None, later) == Jump(mission.id, START)
    diary.set_setting("last_mission", mission.id)
    diary.set_setting("last_day", "2011-11-24")
    assert find_start(diary, None, None, later) == Jump(mission.id, date(2011, 11, 24))
    assert find_start(diary, mission.slug, date(2011, 11, 30), later) == Jump(mission.id, END)


async def test_an_empty_diary_opens_on_the_welcome(diary_path: Path) -> None:
    from missiondiary.tui.screens.welcome import WelcomeScreen

    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)


@pytest.mark.slow
async def test_the_day_viewed_is_remembered(diary_path: Path, mission: Mission) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
    with open_store(diary_path) as store:
        assert store.setting("last_mission") == mission.id
        assert store.setting("last_day") == "2011-11-22"


# notes save themselves -------------------------------------------------------------
async def test_a_meeting_added_with_notes_is_saved_without_a_save_key(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")  # the meetings pane has focus on opening
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MeetingForm)
        form.query_one("#title", Input).value = "Lunch with the consul"
        form.query_one("#at", Input).value = "2011-11-21 12:30"
        form.query_one("#attendees", TextArea).load_text("Ana Li, Consul, Consulate General")
        await pilot.click("#notes")
        await type_text(pilot, "visa queue is long")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DayScreen)
        await pilot.press("tab")  # into the notes of the new meeting, now selected
        await type_text(pilot, " ok")
        # no key pressed: the pause is enough
        await notes_stored(pilot, diary_path, mission, "Lunch", "visa queue is long ok")
        assert app.screen.query_one("#editor-status", Label).content == "saved"
    lunch = next(m for m in stored_day(diary_path, mission).meetings if m.title.startswith("Lunch"))
    assert lunch.notes == "visa queue is long ok"
    assert lunch.attendees[0].organisation == "Consulate General"
    assert lunch.visibility is Visibility.PRIVATE


@pytest.mark.slow
async def test_notes_typed_are_stored_a_second_after_the_last_key(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, TextArea)
        await pilot.press("ctrl+end")
        await type_text(pilot, " Wants samples")
        # Mid-burst saves (at most MAX_WAIT apart) store what was typed so far, never more.
        assert (NOTES + " Wants samples").startswith(
            stored_day(diary_path, mission).meetings[0].notes
        )
        await notes_stored(pilot, diary_path, mission, "Jinshan", NOTES + " Wants samples")
        assert stored_day(diary_path, mission).meetings[0].notes == NOTES + " Wants samples"


async def test_notes_typed_just_before_quitting_reach_the_diary(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+end")
        await type_text(pilot, " Last")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert stored_day(diary_path, mission).meetings[0].notes == NOTES + " Last"


@pytest.mark.slow
async def test_the_summary_is_one_key_away_and_saves_itself(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        editor = app.screen.query_one(NotesEditor)
        label = editor.query_one("#editor-label", Label)
        assert str(label.content) == "Summary — what members read"
        await pilot.press("tab")
        await type_text(pilot, "We agreed")
        await pilot.press("escape")  # leaving the editor saves at once
        await settle(app, pilot)
        meeting = stored_day(diary_path, mission).meetings[0]
        assert (meeting.summary, meeting.notes) == ("We agreed", NOTES)


# follow-ups ----------------------------------------------------------------------------
async def test_add_a_follow_up_and_tick_it_done(diary_path: Path, mission: Mission) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "tab")  # notes, then the follow-ups
        assert day_screen(app).active_pane == "followup"
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#text", Input).value = "Send samples to Jinshan"
        form.query_one("#owner", Input).value = "Lily Wang"
        form.query_one("#due", Input).value = "2011-11-25"
        await pilot.press("enter")
        await settle(app, pilot)
        added = next(
            f for f in stored_day(diary_path, mission).followups if f.text.startswith("Send s")
        )
        assert (added.owner, added.due, added.day) == ("Lily Wang", date(2011, 11, 25), START)
        assert day_screen(app).followup_pane.selected_id == added.id
        await pilot.press("space")
        await settle(app, pilot)
    ticked = next(f for f in stored_day(diary_path, mission).followups if f.id == added.id)
    assert ticked.status is FollowUpStatus.DONE
    assert ticked.closed_on == START


# days ----------------------------------------------------------------------------------
async def test_brackets_move_between_days_within_the_mission(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = day_screen(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        assert screen.day == date(2011, 11, 23)
        assert screen.loaded is not None and screen.loaded.date == screen.day
        assert screen.loaded.meetings == ()  # the Jinshan meeting was on Day 1
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.day == date(2011, 11, 22)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        assert screen.day == START - timedelta(days=1)  # Day 0, travel, though empty
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert screen.day == START - timedelta(days=1)  # nothing before Day 0: it stays
        await pilot.press("right_square_bracket", "t")
        await settle(app, pilot)
        assert screen.day == START  # t: today, Day 1 by the clock


# forms ---------------------------------------------------------------------------------
@pytest.mark.slow
async def test_a_bad_time_in_the_meeting_form_is_shown_by_the_field_and_kept(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # edit the selected meeting
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert form.query_one("#notes", TextArea).text == NOTES
        form.query_one("#title", Input).value = "Jinshan Group, again"
        form.query_one("#at", Input).value = "2011-11-21 25:00"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # still open
        error = form.query_one("#at-error", Label)
        assert error.display and "not a real date" in str(error.content)
        assert form.query_one("#at", Input).value == "2011-11-21 25:00"
        assert form.query_one("#title", Input).value == "Jinshan Group, again"
        assert app.focused is form.query_one("#at", Input)
        form.query_one("#at", Input).value = "2011-11-21 16:00"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DayScreen)
    meeting = stored_day(diary_path, mission).meetings[0]
    assert (meeting.title, meeting.at.local.hour) == ("Jinshan Group, again", 16)


@pytest.mark.slow
async def test_an_itinerary_item_added_on_another_date_takes_the_screen_there(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("shift+tab")  # from the meetings back to the itinerary
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#title", Input).value = "Flight to Chengdu"
        form.query_one("#start", Input).value = "2011-11-24 08:10"
        form.query_one("#end", Input).value = "2011-11-24 09:20"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        screen = day_screen(app)
        assert screen.day == date(2011, 11, 24)
        assert screen.loaded is not None
        assert [i.title for i in screen.loaded.itinerary] == ["Flight to Chengdu"]


# delete, undo, visibility ---------------------------------------------------------------
@pytest.mark.slow
async def test_undo_brings_back_a_deleted_meeting_with_its_notes(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(app, pilot)
        assert stored_day(diary_path, mission).meetings == ()
        await pilot.press("u")
        await settle(app, pilot)
        assert day_screen(app).loaded.meetings[0].notes == NOTES  # type: ignore[union-attr]
        toasts = [n.message for n in app._notifications]
        assert "Brought back meeting 'Jinshan Group of Companies'" in toasts
    assert stored_day(diary_path, mission).meetings[0].notes == NOTES


@pytest.mark.slow
async def test_keeping_an_entry_at_the_question_deletes_nothing(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("d", "n")
        await settle(app, pilot)
    assert len(stored_day(diary_path, mission).meetings) == 1


async def test_v_cycles_the_selected_entrys_visibility(diary_path: Path, mission: Mission) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        seen = []
        for _ in range(3):
            await pilot.press("v")
            await settle(app, pilot)
            seen.append(stored_day(diary_path, mission).meetings[0].visibility)
    assert seen == [Visibility.MEMBERS, Visibility.PUBLIC, Visibility.PRIVATE]


# jumps and read-only ----------------------------------------------------------------------
@pytest.mark.slow
async def test_a_jump_selects_the_entry_and_focuses_its_pane(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    later = diary.add_followup(mission.id, "Book the train", date(2011, 11, 25))
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_day(Jump(mission.id, date(2011, 11, 25), later.id, "followup"))
        await settle(app, pilot)
        screen = day_screen(app)
        assert screen.day == date(2011, 11, 25)
        assert screen.followup_pane.selected_id == later.id
        assert screen.active_pane == "followup"


@pytest.mark.slow
async def test_a_read_only_day_refuses_edits_with_a_notice(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_day(Jump(mission.id, START, read_only=True))
        await settle(app, pilot)
        screen = day_screen(app)
        assert screen.query_one("#read-only-banner").display
        await pilot.press("a", "d", "v", "space")
        await settle(app, pilot)
        assert app.screen is screen  # no form, no question
        assert any("read-only" in n.message for n in app._notifications)
        assert screen.editor.text_area.read_only
    assert stored_day(diary_path, mission).meetings[0].visibility is Visibility.PRIVATE


# layout ---------------------------------------------------------------------------------
@pytest.mark.slow
async def test_a_narrow_terminal_shows_one_pane_at_a_time(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = day_screen(app)
        shown = [p.id for p in screen.query(".pane") if p.display and p.region.width]
        assert shown == ["meetings"]
        await pilot.press("tab", "tab")
        await pilot.pause()
        shown = [p.id for p in screen.query(".pane") if p.display and p.region.width]
        assert shown == ["followups"]


@pytest.mark.slow
async def test_the_theme_chosen_is_remembered(diary_path: Path, mission: Mission) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.theme == "default"
        app.theme = "high-contrast"
        await settle(app, pilot)
    again = make_app(diary_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(again, pilot)
        assert again.theme == "high-contrast"


# $EDITOR and the command palette ----------------------------------------------------------
def test_the_outside_editor_gets_the_text_and_its_changes_come_back(tmp_path: Path) -> None:
    from contextlib import nullcontext

    from missiondiary.tui.external_editor import edit_outside

    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\necho "Added in vi." >> "$1"\n', encoding="utf-8")
    script.chmod(0o755)

    class Terminal:
        def suspend(self):
            return nullcontext()

    assert edit_outside("Met Chen.\n", str(script), Terminal()) == "Met Chen.\nAdded in vi.\n"


@pytest.mark.slow
async def test_the_day_keys_are_in_the_command_palette(diary_path: Path, mission: Mission) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Next day", "Undo the last change", "Search every mission as you type"):
            assert title in titles
        assert "Theme" in titles


@pytest.mark.slow
async def test_a_day_loaded_before_a_save_finished_never_replaces_the_typed_notes(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = day_screen(app)
        stale = screen.loaded
        await pilot.press("tab", "ctrl+end")
        await type_text(pilot, " More")
        await notes_stored(pilot, diary_path, mission, "Jinshan", NOTES + " More")
        # A load that started before the save landed arrives late, with the old notes.
        assert stale is not None
        screen.post_message(DayScreen.Loaded(stale, START, [], [], epoch=0))
        await settle(app, pilot)
        assert screen.editor.text_area.text == NOTES + " More"
        assert screen.loaded is not None and screen.loaded.meetings[0].notes == NOTES + " More"


@pytest.mark.slow
async def test_notes_typed_then_moving_to_another_day_are_saved(
    diary_path: Path, mission: Mission
) -> None:
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+end")
        await type_text(pilot, " Then")
        await pilot.press("escape", "right_square_bracket")
        await settle(app, pilot)
        assert day_screen(app).day == date(2011, 11, 22)
        assert stored_day(diary_path, mission).meetings[0].notes == NOTES + " Then"
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert day_screen(app).editor.text_area.text == NOTES + " Then"


@pytest.mark.slow
async def test_a_click_selects_an_entry_and_a_second_click_opens_it(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    diary.add_meeting(mission.id, "Dinner with the association", at("2011-11-21 19:00"))
    app = make_app(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = day_screen(app)
        entries = screen.meetings_pane.entries
        dinner = screen.loaded.meetings[1]  # type: ignore[union-attr]
        row = entries._index_to_line[entries.get_option_index(dinner.id)]
        await pilot.click(entries, offset=(3, row))
        await settle(app, pilot)
        assert screen.meetings_pane.selected_id == dinner.id
        assert app.screen is screen
        assert screen.editor.meeting_id == dinner.id
        await pilot.click(entries, offset=(3, row))
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingForm)
