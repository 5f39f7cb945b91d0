"""The search, publish, missions, review, help and welcome screens, each pushed alone on a
real diary by a tiny harness app, driven by keys as the delegate would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Markdown, OptionList, Sparkline, TextArea

from missiondiary.domain import Attendee, Mission, Outcome, Visibility
from missiondiary.errors import InvalidInput
from missiondiary.store import Store, open_store
from missiondiary.tui.messages import Jump
from missiondiary.tui.modals.mission_form import MissionDraft, MissionForm
from missiondiary.tui.screens.contacts import ContactsScreen
from missiondiary.tui.screens.help import HelpScreen
from missiondiary.tui.screens.missions import MissionsScreen
from missiondiary.tui.screens.publish import PublishScreen
from missiondiary.tui.screens.review import ReviewScreen
from missiondiary.tui.screens.search import SearchScreen
from missiondiary.tui.screens.welcome import WelcomeScreen
from store_helpers import START, at, china_mission
from tui_helpers import screen_sizes, settle, variants, wait_until

PRIVATE_TITLE = "Dinner with the consul"
PRIVATE_NOTES = "consul hinted at visa trouble"
WORKING_NOTES = "their floor price is 4.2 per unit"
MEMBERS_SUMMARY = "We agreed to work together on logistics."


class Harness(App[None]):
    """Pushes one screen and keeps whatever it dismisses with."""

    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self.make = make
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), callback=self.results.append)


async def searched(app: App, pilot, text: str) -> None:
    """Until the results for `text` are shown (the screen waits for a pause in typing)."""
    await wait_until(
        pilot, lambda: getattr(app.screen, "shown_for", None) == text, f"results for {text!r}"
    )
    await settle(app, pilot)


async def words_saved(app: App, pilot) -> None:
    """Until the words typed are saved (the screen saves them after a pause in typing)."""
    await wait_until(
        pilot,
        lambda: app.screen.words_saved_once and not app.screen.dirty,
        "the words saved after the pause",
    )
    await settle(app, pilot)


def fill(app: App, **values: str) -> None:
    """Put text in the form's fields by name (typing every key is slow in a pilot)."""
    for name, value in values.items():
        app.screen.query_one(f"#{name}", Input).value = value


def text_of(app: App, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).render())


@pytest.fixture
def mission(diary: Store) -> Mission:
    """Day 2 holds a members meeting with working notes and a private dinner."""
    mission = china_mission(diary)
    diary.add_meeting(
        mission.id,
        "Jinshan Group: logistics partnership",
        at("2011-11-22 10:00"),
        organisations=["Jinshan Group"],
        attendees=[Attendee("Li Wei", "Vice President", "Jinshan Group")],
        notes=WORKING_NOTES,
        summary=MEMBERS_SUMMARY,
        outcomes=[Outcome("MOU on logistics", Decimal("5000000"), "CNY")],
        visibility=Visibility.MEMBERS,
    )
    diary.add_meeting(
        mission.id,
        PRIVATE_TITLE,
        at("2011-11-22 19:00"),
        organisations=["Consulate General"],
        notes=PRIVATE_NOTES,
        summary="A private dinner.",
        visibility=Visibility.PRIVATE,
    )
    diary.write_post(mission.id, 2, "A long first day in Chongqing.", place="Chongqing")
    return mission


# --- search ---------------------------------------------------------------------------


async def test_search_as_you_type_and_jump_to_the_meeting(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    meeting = diary.meetings_for_day(mission.id, date(2011, 11, 22))[0]
    app = Harness(lambda: SearchScreen(diary_path, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"jinsh")
        await searched(app, pilot, "jinsh")
        results = app.screen.query_one("#results", OptionList)
        assert results.option_count >= 1
        assert "result" in text_of(app, "#search-status")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [
        Jump(mission.id, date(2011, 11, 22), entry_id=meeting.id, kind="meeting")
    ]


@pytest.mark.slow
async def test_search_with_no_matches_says_so(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: SearchScreen(diary_path, mission.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"zanzibar")
        await searched(app, pilot, "zanzibar")
        assert "No matches for 'zanzibar'" in text_of(app, "#search-status")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@pytest.mark.slow
async def test_search_can_keep_to_this_mission(diary_path: Path, diary: Store) -> None:
    here = china_mission(diary)
    elsewhere = china_mission(diary, title="Shanghai expo")
    diary.add_followup(here.id, "Send the brochure", START)
    diary.add_followup(elsewhere.id, "Send the samples", START)
    app = Harness(lambda: SearchScreen(diary_path, here.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"send")
        await searched(app, pilot, "send")
        assert app.screen.query_one("#results", OptionList).option_count == 2
        await pilot.press("ctrl+t")
        results = app.screen.query_one("#results", OptionList)
        await wait_until(pilot, lambda: results.option_count == 1, "this mission's one result")
        assert app.screen.query_one("#results", OptionList).option_count == 1
        await pilot.press("enter")
        await pilot.pause()
    [jump] = app.results
    assert isinstance(jump, Jump) and jump.mission_id == here.id and jump.kind == "followup"


# --- publish --------------------------------------------------------------------------


async def test_publish_a_day_for_members_leaves_out_private_entries_and_notes(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert text_of(app, "#withheld") == "1 entry withheld from members"
        preview = app.screen.query_one("#post", Markdown).source
        assert MEMBERS_SUMMARY in preview
        assert PRIVATE_TITLE not in preview and WORKING_NOTES not in preview
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        written = str(app.screen.query_one("#written").render())
    folder = diary_path.parent / "posts"
    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".html", ".md"]
    assert files[0].stem in written and str(folder.name) in written
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert MEMBERS_SUMMARY in text
        for secret in (PRIVATE_TITLE, PRIVATE_NOTES, WORKING_NOTES, "withheld"):
            assert secret not in text, f"{secret!r} leaked into {file.name}"


async def test_publish_edits_the_days_words_and_the_preview_follows(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        editor = app.screen.query_one("#words", TextArea)
        assert editor.text == "A long first day in Chongqing."
        assert app.focused is editor  # the screen opens in the words
        await pilot.press(*" Fog lifted.")
        await words_saved(app, pilot)  # saves itself after a pause
        assert "saved" in text_of(app, "#words-label")
        assert "Fog lifted." in app.screen.query_one("#post", Markdown).source
    with open_store(diary_path) as store:
        post = store.post(mission.id, 2)
    assert post is not None and post.body == "A long first day in Chongqing. Fog lifted."


async def test_publish_for_the_public_withholds_members_entries_too(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert text_of(app, "#withheld") == "2 entries withheld from public"
        assert MEMBERS_SUMMARY not in app.screen.query_one("#post", Markdown).source


@pytest.mark.slow
async def test_v_cycles_who_may_read_the_days_words_and_the_preview_follows(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    words = "A long first day in Chongqing."
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")  # the public
        await settle(app, pilot)
        assert "· members" in text_of(app, "#words-label")
        assert words not in app.screen.query_one("#post", Markdown).source
        await pilot.press("v")  # the screen opens in the words box: v is a letter there
        await words_saved(app, pilot)
        assert "· members" in text_of(app, "#words-label")
        await pilot.press("backspace", "shift+tab")  # out of the words box, to the audience
        await settle(app, pilot)
        assert not isinstance(app.focused, TextArea | Input)
        await pilot.press("v")
        await settle(app, pilot)
        assert "· public" in text_of(app, "#words-label")
        assert words in app.screen.query_one("#post", Markdown).source
        await pilot.press("v")
        await settle(app, pilot)
        assert "· private" in text_of(app, "#words-label")
        assert words not in app.screen.query_one("#post", Markdown).source
        await pilot.press("e", "v")  # e goes back to the words box, where v is a letter
        await words_saved(app, pilot)
        assert "· private" in text_of(app, "#words-label")
        assert "v" in app.screen.query_one("#words", TextArea).text
    with open_store(diary_path) as store:
        post = store.post(mission.id, 2)
    assert post is not None and post.visibility is Visibility.PRIVATE


async def test_writing_a_day_with_nothing_for_the_audience_writes_nothing_and_says_so(
    diary_path: Path, diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary, title="Chengdu only")
    diary.add_meeting(mission.id, "Dinner with the consul", at("2011-11-21 19:00"))  # private
    folder = tmp_path / "blog"
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 21)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#folder", Input).value = str(folder)
        app.screen.query_one("#words", TextArea).focus()
        await pilot.press("ctrl+s")  # the day's one write, as `publish --day 1`
        await wait_until(pilot, lambda: list(app._notifications), "the notice")
        await settle(app, pilot)
        notices = [n.message for n in app._notifications]
        written = str(app.screen.query_one("#written").render())
    assert len(notices) == 1
    assert "Day 1" in notices[0] and "nothing for members" in notices[0]
    assert "Nothing was written" in notices[0]
    assert "Wrote" not in written
    assert not folder.exists()
    with open_store(diary_path) as store:
        post = store.post(mission.id, 1)
    assert post is None or not post.published_at


@pytest.mark.slow
async def test_a_day_made_private_since_it_was_written_takes_its_earlier_post_out(
    diary_path: Path, diary: Store, tmp_path: Path
) -> None:
    from missiondiary.domain import Audience, Visibility
    from missiondiary.publish import publish_day

    mission = china_mission(diary, title="Chengdu only")
    dinner = diary.add_meeting(
        mission.id, "Dinner with the consul", at("2011-11-21 19:00"), visibility=Visibility.MEMBERS
    )
    folder = tmp_path / "blog"
    publish_day(diary, mission, date(2011, 11, 21), Audience.MEMBERS, folder, ("md", "html"))
    assert len(list(folder.iterdir())) == 2
    diary.update_meeting(dinner.id, visibility=Visibility.PRIVATE)  # the consul asked
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 21)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#folder", Input).value = str(folder)
        app.screen.query_one("#words", TextArea).focus()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: list(app._notifications), "the notice")
        [notice] = [n.message for n in app._notifications]
    assert "nothing for members" in notice and "Its earlier post came out" in notice
    assert list(folder.iterdir()) == []


@pytest.mark.slow
async def test_the_write_button_writes_the_day(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    folder = diary_path.parent / "posts"
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.click("#write")
        await wait_until(pilot, folder.exists, "the post written")
        await settle(app, pilot)
    assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".md"]


@pytest.mark.slow
async def test_publish_whole_mission_to_a_chosen_folder_is_remembered(
    diary_path: Path, diary: Store, mission: Mission, tmp_path: Path
) -> None:
    folder = tmp_path / "blog"
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#folder", Input).value = str(folder)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not folder.exists()  # it asks first
        await pilot.press("y")
        await settle(app, pilot)
        assert "Wrote 2 files for 1 day (Day 2)" in str(app.screen.query_one("#written").render())
    assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".md"]
    with open_store(diary_path) as store:
        assert store.setting("posts_dir") == str(folder)


async def test_escape_saves_unsaved_words_before_closing(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#words", TextArea).load_text("Typed on the plane.")
        await pilot.press("escape")
        await settle(app, pilot)
    assert app.results == [None]
    with open_store(diary_path) as store:
        post = store.post(mission.id, 2)
    assert post is not None and post.body == "Typed on the plane."


# --- missions and the mission form ---------------------------------------------------------


@pytest.mark.slow
async def test_mission_form_with_a_bad_date_says_so_and_keeps_the_text(
    diary_path: Path, diary: Store
) -> None:
    app = Harness(lambda: MissionForm(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Expo", "tab", *"2024-13-01", "tab", *"2024-11-10", "tab")
        await pilot.press(*"Asia/Shanghai", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MissionForm)
        assert "'2024-13-01' is not a date" in text_of(app, "#start_date-error")
        assert form.query_one("#start_date", Input).value == "2024-13-01"
        assert form.query_one("#title", Input).value == "Expo"
        assert form.query_one("#tz", Input).value == "Asia/Shanghai"
        assert app.results == []  # still open


@pytest.mark.slow
async def test_create_a_mission_through_the_form(diary_path: Path, diary: Store) -> None:
    app = Harness(lambda: MissionsScreen(diary_path, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Los Angeles delegation", "tab")  # typed, as the delegate would
        fill(
            app,
            start_date="2025-03-03",
            end_date="2025-03-07",
            tz="America/Los_Angeles",
            home_tz="America/Toronto",
            organisation="City of Toronto",
        )
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MissionsScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause()
    [created] = diary.missions()
    assert created.title == "Los Angeles delegation"
    assert (created.start_date, created.end_date) == (date(2025, 3, 3), date(2025, 3, 7))
    assert (created.tz, created.home_tz) == ("America/Los_Angeles", "America/Toronto")
    assert created.organisation == "City of Toronto"
    assert app.results == [Jump(created.id, date(2025, 3, 3))]


@pytest.mark.slow
async def test_a_form_reopened_after_a_refusal_shows_it_beside_the_field() -> None:
    """When the store refuses what the form let through, the screen reopens the form with
    the typed values and the store's message beside the field it names."""
    typed = {"title": "Expo", "start_date": "2011-12-01", "end_date": "2011-12-05", "tz": "UTC"}
    refusal = InvalidInput("--end: 2011-12-05 is too late for the diary")
    app = Harness(lambda: MissionForm(None, values=typed, error=refusal))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        assert form.query_one("#end_date", Input).value == "2011-12-05"
        assert form.query_one("#title", Input).value == "Expo"
        assert text_of(app, "#end_date-error") == "2011-12-05 is too late for the diary"
        assert app.focused is form.query_one("#end_date", Input)


@pytest.mark.slow
async def test_edit_a_mission(diary_path: Path, diary: Store, mission: Mission) -> None:
    app = Harness(lambda: MissionsScreen(diary_path, mission.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        title = app.screen.query_one("#title", Input)
        assert title.value == mission.title
        title.value = "Chongqing, Chengdu and Xi'an"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert diary.mission(mission.id).title == "Chongqing, Chengdu and Xi'an"


@pytest.mark.slow
async def test_opening_a_past_mission_jumps_to_day_one(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: MissionsScreen(diary_path, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [Jump(mission.id, START)]


# --- review ------------------------------------------------------------------------------


async def test_review_shows_the_summary_and_opens_a_day_read_only(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: ReviewScreen(diary_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await settle(app, pilot)  # the report loads once the mission is highlighted
        grid = app.screen.query_one("#review-summary")
        cells = [str(cell.render()) for cell in grid.children]
        rows = dict(zip(cells[::2], cells[1::2], strict=True))
        summary = "\n".join(cells)
        assert rows["Meetings held"] == "2"
        assert rows["Organisations met"] == "2: Consulate General, Jinshan Group"
        assert "CNY 5,000,000" in summary
        assert "Consulate General" in summary  # the delegate's own record: private counts
        assert app.screen.query_one(Sparkline).data == [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]
        await pilot.press("enter")  # from the missions list into the days
        await pilot.press("down", "enter")  # Day 1 is highlighted; Day 2 is next
        await pilot.pause()
    assert app.results == [Jump(mission.id, date(2011, 11, 22), read_only=True)]


async def test_review_of_an_empty_diary_says_so(diary_path: Path, diary: Store) -> None:
    app = Harness(lambda: ReviewScreen(diary_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "No past missions" in str(app.screen.query_one("#review-note").render())


# --- help and welcome ----------------------------------------------------------------------


async def test_help_lists_the_keys_and_escape_closes_it() -> None:
    app = Harness(HelpScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        text = "\n".join(str(s.render()) for s in app.screen.query(".help-key, .help-does"))
        for key in ("[", "space", "Undo the last change", "ctrl+p", "Publish every day"):
            assert key in text
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_welcome_loads_the_demo_and_jumps_to_its_first_day(diary_path: Path) -> None:
    app = Harness(lambda: WelcomeScreen(diary_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.pause()
    with open_store(diary_path) as store:
        [demo] = store.missions()
    assert app.results == [Jump(demo.id, demo.start_date)]


async def test_welcome_creates_a_mission(diary_path: Path) -> None:
    app = Harness(lambda: WelcomeScreen(diary_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        fill(app, title="Expo", start_date="2026-05-04", end_date="2026-05-08", tz="Asia/Shanghai")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause()
    with open_store(diary_path) as store:
        [created] = store.missions()
    assert created.home_tz == "Asia/Shanghai"
    assert app.results == [Jump(created.id, date(2026, 5, 4))]


@pytest.mark.slow
async def test_quitting_right_after_typing_keeps_the_words(
    diary_path: Path, diary: Store, mission: Mission
) -> None:
    app = Harness(lambda: PublishScreen(diary_path, mission.id, date(2011, 11, 22)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"Quick")
        app.exit()
    with open_store(diary_path) as store:
        post = store.post(mission.id, 2)
    assert post is not None and post.body.endswith("Quick")  # typed after the words


# --- snapshots (read the report before running --snapshot-update) --------------------------


def _demo_screen(demo_diary: Store, diary_path: Path, name: str) -> Harness:
    [demo] = demo_diary.missions()
    screens: dict[str, Callable[[], Screen]] = {
        "review": lambda: ReviewScreen(diary_path),
        "publish": lambda: PublishScreen(diary_path, demo.id, demo.date_of(2)),
        "search": lambda: SearchScreen(diary_path, demo.id),
        "missions": lambda: MissionsScreen(diary_path, demo.id),
        "contacts": lambda: ContactsScreen(diary_path),
        "welcome": lambda: WelcomeScreen(diary_path),
        "help": HelpScreen,
    }
    return Harness(screens[name])


async def _settled(pilot) -> None:
    """Until the screen shows what it will show: a search or a filter typed has its
    results (both wait for a pause in typing), and no worker is running."""
    screen = pilot.app.screen
    if isinstance(screen, SearchScreen) and screen.query_input.value.strip():
        await searched(pilot.app, pilot, screen.query_input.value.strip())
    if isinstance(screen, ContactsScreen):
        await wait_until(
            pilot,
            lambda: screen.listed_for == screen.filter_input.value.strip(),
            "the contacts listed for the filter",
        )
    if isinstance(screen, PublishScreen):
        await wait_until(
            pilot,
            lambda: (
                pilot.app.focused is screen.query_one("#words", TextArea)
                and not screen.query_one("#words", TextArea).read_only
            ),
            "the day's words loaded, with the keys (the footer shows f1 for help there)",
        )
    await settle(pilot.app, pilot)
    for folder in pilot.app.screen.query("#folder"):
        folder.value = "~/blog/posts"  # not the test's temporary folder, which changes
    for path in pilot.app.screen.query("#welcome-path"):
        path.update("Diary: ~/.local/share/missiondiary/diary.db")  # not the test's folder
    for editor in pilot.app.screen.query("TextArea, Input"):
        editor.cursor_blink = False  # the same picture every time, the cursor shown
        # TextArea caches each drawn line by a key that leaves out the focus: a line drawn
        # before the words box took the focus would be shown again without its cursor.
        editor.notify_style_update()
        editor.refresh()
    await pilot.pause()


SIZES = screen_sizes((80, 24), (120, 40))


@SIZES
@variants(
    "name",
    ["review", "publish", "missions", "contacts", "welcome", "help"],
    default={"publish"},
)
def test_screen_snapshots_on_the_demo(
    snap_compare, demo_diary: Store, diary_path: Path, name: str, size: tuple[int, int]
) -> None:
    app = _demo_screen(demo_diary, diary_path, name)
    assert snap_compare(app, terminal_size=size, run_before=_settled)


@pytest.mark.slow
@SIZES
def test_search_snapshot_on_the_demo(
    snap_compare, demo_diary: Store, diary_path: Path, size: tuple[int, int]
) -> None:
    app = _demo_screen(demo_diary, diary_path, "search")

    async def search(pilot) -> None:
        await pilot.press(*"jinshan")
        await _settled(pilot)
        await pilot.press("down")  # into the results: no blinking cursor in the picture

    assert snap_compare(app, terminal_size=size, run_before=search)


@pytest.mark.slow
def test_contacts_snapshot_of_an_organisation(
    snap_compare, demo_diary: Store, diary_path: Path
) -> None:
    app = _demo_screen(demo_diary, diary_path, "contacts")

    async def organisation(pilot) -> None:
        await _settled(pilot)
        await pilot.press(*"jinshan")
        await _settled(pilot)
        await pilot.press("enter")
        await _settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=organisation)


@pytest.mark.slow
async def test_zones_are_kept_as_the_zone_database_spells_them(diary_path: Path) -> None:
    app = Harness(lambda: MissionForm(None))
    async with app.run_test(size=(80, 24)) as pilot:
        fill(app, title="Expo", start_date="2026-05-04", end_date="2026-05-08")
        app.screen.query_one("#tz", Input).focus()
        await pilot.press(*"america/los", "right", "tab", *"EUROPE/LONDON", "ctrl+s")
        await pilot.pause()
    [draft] = app.results
    assert isinstance(draft, MissionDraft)
    assert (draft.fields["tz"], draft.fields["home_tz"]) == ("America/Los_Angeles", "Europe/London")
