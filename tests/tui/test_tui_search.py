"""The search screen shows each snippet once, as plain text, as wide as the terminal, marked
with who may read the words it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import OptionList

from missiondiary.domain import Mission, Visibility
from missiondiary.store import Store
from missiondiary.tui.screens.search import SearchScreen
from store_helpers import START, at, china_mission
from tui_helpers import wait_until

LONG_NOTES = (
    "The bureau's deputy said in passing that the icewine import quota for next year is soft, "
    "and that a letter from the chamber before the spring festival would carry weight."
)


class Harness(App[None]):
    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(self.db_path, None))


@pytest.fixture
def mission(diary: Store) -> Mission:
    mission = china_mission(diary)
    diary.add_meeting(
        mission.id,
        "Trade bureau",
        at("2011-11-22 10:00"),
        notes=LONG_NOTES,
        summary="A warm welcome from the bureau.",
        visibility=Visibility.MEMBERS,
    )
    diary.add_followup(mission.id, "Send the chamber's letter on the quota", START)
    diary.write_post(mission.id, 2, "We met the **bureau** at [the expo](https://e.x/1).")
    return mission


async def search(pilot, words: str) -> list[str]:
    """Type `words`; the results' lines once the search for them has landed."""
    await pilot.press(*words)
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.shown_for == words, f"results for {words}")
    results = pilot.app.screen.query_one("#results", OptionList)
    return [str(results.get_option_at_index(index).prompt) for index in range(results.option_count)]


async def test_a_hit_in_working_notes_is_marked_private_in_a_members_meeting(
    diary_path: Path, mission: Mission
) -> None:
    app = Harness(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        [prompt] = await search(pilot, "icewine")
    head, title, words = prompt.splitlines()
    assert "members" in head and title == "Trade bureau"
    assert words.startswith("private · working notes  ")
    assert "icewine" in words


@pytest.mark.slow
async def test_snippets_fill_a_wide_terminal_and_keep_the_match_in_view(
    diary_path: Path, mission: Mission
) -> None:
    app = Harness(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        [prompt] = await search(pilot, "spring")
        results = app.screen.query_one("#results", OptionList)
        width = results.scrollable_content_region.width
    words = prompt.splitlines()[2]
    assert len(words) > 90  # not cut at a dozen words
    assert "spring" in words[: width - 2]  # the match is on screen, not past the edge


@pytest.mark.slow
async def test_a_follow_up_shows_its_text_once(diary_path: Path, mission: Mission) -> None:
    app = Harness(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        prompts = await search(pilot, "letter")
    [followup] = [p for p in prompts if p.startswith("follow-up")]
    assert followup.count("Send the chamber's letter") == 1
    assert len(followup.splitlines()) == 2


@pytest.mark.slow
async def test_a_post_snippet_reads_as_plain_text(diary_path: Path, mission: Mission) -> None:
    app = Harness(diary_path)
    async with app.run_test(size=(120, 40)) as pilot:
        prompts = await search(pilot, "expo")
    [post] = [p for p in prompts if p.startswith("post")]
    assert "We met the bureau at the expo." in post
    assert "**" not in post and "](" not in post
    assert "members · post words" in post  # a new post is for members


def test_a_long_snippet_starts_near_its_match_on_a_whole_word() -> None:
    from missiondiary.tui.screens.search import fit_snippet

    before = " ".join(f"word{n}" for n in range(60)) + " "
    parts = [(before, False), ("icewine", True), (" quota is soft", False)]
    fitted = fit_snippet(parts, 100)
    text = "".join(part for part, _ in fitted)
    assert text.startswith("…word") and text.endswith("icewine quota is soft")
    assert 90 <= len(text) <= 100  # the line filled, the match on it
    assert ("icewine", True) in fitted
    after = [(before, False), ("icewine", True), (" and more" * 30, False)]
    text = "".join(part for part, _ in fit_snippet(after, 100))
    assert text.startswith("…word") and 20 <= text.index("icewine") <= 100 // 3
    assert fit_snippet(parts, 0) == parts  # width unknown: all of it
