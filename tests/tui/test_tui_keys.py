"""The keys: one table makes every screen's bindings, the footer, the command palette and the
help; typing on a screen with a text box is never a command; a keys file rebinds."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.actions import parse
from textual.app import App
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import Input, RadioSet, TextArea
from textual.widgets._footer import FooterKey

from missiondiary.domain import Audience
from missiondiary.store import Store, open_store
from missiondiary.tui import keymap
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.modals.confirm import ConfirmModal
from missiondiary.tui.modals.form import EntryForm
from missiondiary.tui.modals.mission_form import MissionForm
from missiondiary.tui.screens.contacts import ContactsScreen
from missiondiary.tui.screens.day import DayScreen
from missiondiary.tui.screens.help import HelpScreen
from missiondiary.tui.screens.missions import MissionsScreen
from missiondiary.tui.screens.photo_adding import AddingPhotos
from missiondiary.tui.screens.photo_picker import PhotoPicker
from missiondiary.tui.screens.publish import PublishScreen
from missiondiary.tui.screens.review import ReviewScreen
from missiondiary.tui.screens.search import SearchScreen
from missiondiary.tui.screens.welcome import WelcomeScreen
from store_helpers import START, china_mission
from tui_helpers import variants, wait_for_workers, wait_until

SCREENS: dict[str, type] = {
    "day": DayScreen,
    "publish": PublishScreen,
    "search": SearchScreen,
    "contacts": ContactsScreen,
    "missions": MissionsScreen,
    "review": ReviewScreen,
    "welcome": WelcomeScreen,
    "help": HelpScreen,
    "picker": PhotoPicker,
    "adding": AddingPhotos,
    "app": MissionDiaryApp,
}
NOON_IN_CHONGQING = datetime(2011, 11, 21, 4, 0, tzinfo=UTC)
# Every letter both ways, every digit, and the punctuation a sentence may hold.
SENTENCE = (
    "The quick brown fox jumps over the lazy dog; THE QUICK BROWN FOX JUMPS OVER THE LAZY "
    "DOG! 0123456789 " + string.punctuation
)


def binding_rows(binding) -> tuple[str, str]:
    return (binding.key, binding.action)


def printable(key: str) -> bool:
    character = key_to_character(key)
    return character is not None and character.isprintable()


# Every printable key the keys table binds on some screen: what a sentence could set off.
BOUND_CHARACTERS = " " + "".join(
    sorted(
        {
            key_to_character(key) or ""
            for row in keymap.TABLE
            for key in filter(None, row.keys.split(","))
            if printable(key)
        }
    )
)


# --- the table agrees with itself and with the screens -------------------------------------


@pytest.mark.parametrize("name", list(SCREENS))
def test_every_binding_of_a_screen_comes_from_the_table(name: str) -> None:
    cls = SCREENS[name]
    assert name == "app" or name == cls.KEYS_SCREEN
    rows = [row for row in keymap.rows_for(name) if row.bound and row.keys]
    table = {(key, row.action, row.id) for row in rows for key in row.keys.split(",")}
    bound = {
        (key, binding.action, binding.id)
        for binding in cls.BINDINGS
        for key in binding.key.split(",")
    }
    assert bound == table
    for row in rows:
        namespace, action, _ = parse(row.action)
        owner = MissionDiaryApp if namespace == "app" else cls
        assert callable(getattr(owner, f"action_{action}", None)), f"{name}: {row.action}"


def test_keys_that_act_while_typing_are_never_keys_a_sentence_holds() -> None:
    for row in keymap.TABLE:
        for key in filter(None, row.keys.split(",")):
            if row.typing:
                assert not printable(key), f"{row.id}: {key} would type"


def test_binding_ids_name_one_action_each() -> None:
    """A keys file names an id; every row under that id moves together (the notes/summary
    switch is one key with two labels)."""
    actions: dict[str, set[str]] = {}
    for row in keymap.TABLE:
        actions.setdefault(row.id, set()).add(parse(row.action)[1])
    assert all(len(names) == 1 for names in actions.values()), actions


def test_the_forms_keys_in_help_are_the_forms_own() -> None:
    documented = {row.keys for row in keymap.rows_for("form") if row.keys != "tab"}
    for form in (EntryForm, MissionForm):
        assert documented <= {binding.key for binding in form.BINDINGS}


def test_the_help_screen_lists_every_row_once() -> None:
    listed = [row for _, rows in keymap.help_sections() for row in rows]
    assert {(row.id, row.action) for row in listed} == {
        (row.id, row.action) for row in keymap.TABLE
    }
    assert len(listed) == len({(row.id, row.action) for row in listed})


@pytest.fixture
def day_app(diary_path: Path, demo_diary: Store) -> MissionDiaryApp:
    mission = demo_diary.missions()[0]
    return MissionDiaryApp(
        diary_path, mission_id=mission.id, day=mission.start_date, clock=lambda: NOON_IN_CHONGQING
    )


async def on_day(pilot) -> DayScreen:
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, DayScreen) and pilot.app.screen.loaded, "day"
    )
    return pilot.app.screen


@pytest.mark.slow
async def test_the_palette_and_the_help_come_from_the_table(day_app: MissionDiaryApp) -> None:
    async with day_app.run_test(size=(120, 40)) as pilot:
        screen = await on_day(pilot)
        commands = list(day_app.get_system_commands(screen))
        ours = [command for command in commands if command.help in keymap_keys("day")]
        titles = [command.title for command in ours]
        expected = [row.does for row in keymap.palette_rows("day")]
        shown_now = [t for t in expected if t in titles]
        # Every palette entry of ours is a row, in the table's order; rows missing are
        # those not offered now.
        assert set(titles) <= set(expected)
        assert shown_now == titles
        assert "Contacts: organisations and people met, every meeting with them" in titles
        hidden = {row.id for row in keymap.palette_rows("day") if row.does not in titles}
        assert hidden == {"switch-text", "edit-day"}  # the other switch; not a read-only day
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(day_app.screen, HelpScreen), "help")
        does = [str(s.render()) for s in day_app.screen.query(".help-does")]
        assert does == [row.does for _, rows in keymap.help_sections() for row in rows]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(day_app.screen, DayScreen), "back")


def keymap_keys(screen: str) -> set[str]:
    return {keymap.effective_keys(row, {}) for row in keymap.palette_rows(screen)}


def footer_keys(app: App) -> dict[str, FooterKey]:
    return {key.action: key for key in app.screen.query(FooterKey)}


@pytest.mark.slow
async def test_help_opens_at_the_keys_of_the_screen_it_was_asked_from(
    day_app: MissionDiaryApp,
) -> None:
    from textual.containers import VerticalScroll

    async with day_app.run_test(size=(80, 24)) as pilot:
        await on_day(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(day_app.screen, HelpScreen), "help")
        assert day_app.screen.query_one("#help-sections", VerticalScroll).scroll_y == 0
        await pilot.press("escape")
        await on_day(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(day_app.screen, PublishScreen), "publish")
        await pilot.press("f1")  # ? would be typed into the day's words
        await wait_until(pilot, lambda: isinstance(day_app.screen, HelpScreen), "help")
        help_screen = day_app.screen
        sections = help_screen.query_one("#help-sections", VerticalScroll)
        title = help_screen.query_one("#help-publish")
        await wait_until(pilot, lambda: sections.scroll_y > 0, "scrolled to publishing")
        assert title.region.y == sections.region.y  # its heading on the first line
        assert str(title.render()) == "Publish"


async def test_at_80_columns_the_footer_keeps_help_publish_search_and_quit(
    day_app: MissionDiaryApp,
) -> None:
    async with day_app.run_test(size=(80, 24)) as pilot:
        await on_day(pilot)
        await pilot.pause()
        keys = footer_keys(day_app)
        for action in ("app.help", "publish", "search", "app.quit"):
            region = keys[action].region
            assert region.width and region.right <= 80, f"{action} is off screen: {region}"


# --- typing on the publish screen ------------------------------------------------------------


class Harness(App[None]):
    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


async def test_the_keys_the_table_binds_typed_on_the_publish_screen_only_type(
    diary_path: Path, diary: Store
) -> None:
    """The short version of the next test: only the printable keys some screen binds."""
    await only_types_on_the_publish_screen(diary_path, diary, BOUND_CHARACTERS)


@pytest.mark.slow
async def test_a_sentence_typed_on_the_publish_screen_only_types(
    diary_path: Path, diary: Store
) -> None:
    await only_types_on_the_publish_screen(diary_path, diary, SENTENCE)


async def only_types_on_the_publish_screen(diary_path: Path, diary: Store, typed: str) -> None:
    mission = china_mission(diary)
    diary.write_post(mission.id, 2, "Fog in the morning.")
    day = date(2011, 11, 22)
    app = Harness(PublishScreen(diary_path, mission.id, day))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        words = screen.query_one("#words", TextArea)
        await wait_until(pilot, lambda: not words.read_only and screen.post, "the words")
        assert app.focused is words
        folder_before = screen.query_one("#folder", Input).value
        radio_before = screen.query_one("#audience", RadioSet).pressed_index
        await pilot.press(*typed)
        await wait_for_workers(app)
        assert app.screen is screen  # no form, no question, no other screen
        assert words.text == "Fog in the morning." + typed
        assert screen.audience is Audience.MEMBERS
        assert screen.query_one("#audience", RadioSet).pressed_index == radio_before
        assert screen.query_one("#folder", Input).value == folder_before
        assert app.focused is words
        assert not screen.query_one("#written").display
    for folder in (diary_path.parent / "posts", Path(folder_before)):
        assert not folder.exists() or not any(folder.iterdir())
    with open_store(diary_path) as store:
        post = store.post(mission.id, 2)
    assert post is not None and post.body == "Fog in the morning." + typed
    assert post.published_at is None


async def test_publishing_the_whole_mission_asks_first(diary_path: Path, diary: Store) -> None:
    mission = china_mission(diary)
    diary.write_post(mission.id, 1, "Arrived.")
    app = Harness(PublishScreen(diary_path, mission.id, START))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.post is not None, "the preview")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), "the question")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, PublishScreen), "back")
        await wait_for_workers(app)
    assert not (diary_path.parent / "posts").exists()


# --- a keys file ----------------------------------------------------------------------------


@pytest.mark.slow
async def test_a_key_rebound_in_the_keys_file_takes_effect(
    diary_path: Path, tmp_path: Path
) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\nadd = "n"\nmissions = ["f7", "M"]\nno-such-key = "x"\n')
    with open_store(diary_path) as store:
        mission = china_mission(store)
    app = MissionDiaryApp(
        diary_path,
        mission_id=mission.id,
        day=START,
        clock=lambda: NOON_IN_CHONGQING,
        keys_path=keys,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await on_day(pilot)
        assert any("no-such-key" in str(n.message) for n in app._notifications)
        await pilot.press("a")  # no longer Add
        await wait_for_workers(app)
        assert isinstance(app.screen, DayScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryForm), "the meeting form")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DayScreen), "the day")
        assert footer_keys(app)["add"].key == "n"
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, MissionsScreen), "missions")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DayScreen), "the day")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        keys_shown = [str(s.render()) for s in app.screen.query(".help-key")]
        assert "n" in keys_shown and "f7 M" in keys_shown


def test_the_keys_file_lives_where_the_readme_says(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(keymap.KEYS_FILE_ENV, str(tmp_path / "mine.toml"))
    assert keymap.keys_file() == tmp_path / "mine.toml"
    monkeypatch.delenv(keymap.KEYS_FILE_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert keymap.keys_file() == tmp_path / "config" / "missiondiary" / "keys.toml"


def test_a_broken_keys_file_is_one_line_and_the_usual_keys(tmp_path: Path) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text("[keys\nadd = n")
    assert keymap.read_keys_file(keys)[0] == {}
    [line] = keymap.read_keys_file(keys)[1]
    assert str(keys) in line and "usual keys" in line
    assert keymap.read_keys_file(tmp_path / "none.toml") == ({}, [])


def test_the_readme_key_tables_are_the_keymap() -> None:
    root = next(p for p in Path(__file__).resolve().parents if (p / "mkdocs.yml").exists())
    readme = (root / "docs" / "app.md").read_text(encoding="utf-8")
    between = readme.split("<!-- keys:start -->\n", 1)[1].split("<!-- keys:end -->", 1)[0]
    assert between == keymap.markdown_table()


def whole_keys(app: App) -> bool:
    """Every key the footer shows lies whole left of the palette key, and each has been laid out."""
    keys = list(app.screen.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    shown = [key for key in keys if key.display and key not in palette]
    return bool(palette and shown) and all(
        key.region.width and key.region.right <= palette[0].region.x for key in shown
    )


@variants("width", [80, 120], default={80})
async def test_the_footer_shows_only_whole_keys(day_app: MissionDiaryApp, width: int) -> None:
    async with day_app.run_test(size=(width, 24)) as pilot:
        await on_day(pilot)
        await wait_until(pilot, lambda: whole_keys(day_app), "every key shown whole")
        keys = list(day_app.screen.query(FooterKey))
        shown = [key for key in keys if key.display and not key.has_class("-command-palette")]
        hidden = [key for key in keys if not key.display]
        assert {"app.help", "publish", "search", "app.quit"} <= {key.action for key in shown}
        assert all(key.region.width > len(key.description) for key in shown)
        # What does not fit is hidden from the end, never from the middle.
        assert keys.index(shown[-1]) < min((keys.index(key) for key in hidden), default=999)
        assert bool(hidden) == (width == 80)
