"""The day's photos in the app: the strip under the panes, the photos screen with the
picture (made in a worker, then cached) and a caption that saves to the diary file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from missiondiary.interchange.photo_files import add_photo_files
from missiondiary.store import Store, open_store
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.screens import photos as photos_screen
from missiondiary.tui.widgets.photo_strip import PhotoStrip
from photo_helpers import make_jpeg
from store_helpers import china_mission
from tui_helpers import settle, wait_until

DAY1_MORNING = datetime(2011, 11, 21, 1, 0, tzinfo=UTC)


def _app_with_a_photo(
    diary: Store, diary_path: Path, tmp_path: Path
) -> tuple[MissionDiaryApp, str]:
    mission = china_mission(diary)
    jpeg = make_jpeg(tmp_path / "signing.jpg", offset="+08:00", size=(1200, 900))
    [photo] = add_photo_files(diary, mission, [jpeg], caption="At the signing", workers=1).added
    return MissionDiaryApp(diary_path, clock=lambda: DAY1_MORNING), photo.id


async def open_photos(app: MissionDiaryApp, pilot) -> None:
    """`i` on the day: the photos screen."""
    await pilot.press("i")
    await wait_until(
        pilot, lambda: isinstance(app.screen, photos_screen.PhotosScreen), "the photos screen"
    )


async def test_the_strip_names_the_days_photos_and_i_opens_them_to_caption(
    diary: Store, diary_path: Path, tmp_path: Path
) -> None:
    app, photo_id = _app_with_a_photo(diary, diary_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        strip = app.screen.query_one(PhotoStrip)
        assert strip.display and "At the signing" in str(strip.render())
        await open_photos(app, pilot)
        content_hash = app.screen.current.content_hash
        await wait_until(
            pilot,
            lambda: photos_screen.cached_thumbnail(content_hash) is not None,
            "a thumbnail made in a worker",
        )
        assert max(photos_screen.cached_thumbnail(content_hash).size) <= 640
        await pilot.press("enter")
        caption = app.screen.query_one("#caption", Input)
        assert caption.has_focus and caption.value == "At the signing"
        caption.value = "Signing the MOU at City Hall"
        await pilot.press("enter")

        def saved() -> bool:
            with open_store(diary_path) as store:
                return store.photo(photo_id).caption == "Signing the MOU at City Hall"

        await wait_until(pilot, saved, "the caption in the diary file")
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Signing the MOU" in str(app.screen.query_one(PhotoStrip).render())


@pytest.mark.slow
async def test_a_day_without_photos_keeps_every_line_for_the_panes(
    diary: Store, diary_path: Path
) -> None:
    china_mission(diary)
    app = MissionDiaryApp(diary_path, clock=lambda: DAY1_MORNING)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one(PhotoStrip).display


@pytest.mark.slow
async def test_a_question_mark_in_a_caption_is_typed_not_help(
    diary: Store, diary_path: Path, tmp_path: Path
) -> None:
    app, photo_id = _app_with_a_photo(diary, diary_path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_photos(app, pilot)
        await pilot.press("enter")
        caption = app.screen.query_one("#caption", Input)
        caption.value = ""
        await pilot.press(*"Who signed", "question_mark", "enter")

        def saved() -> bool:
            with open_store(diary_path) as store:
                return store.photo(photo_id).caption == "Who signed?"

        await wait_until(pilot, saved, "the caption with its question mark")
        assert isinstance(app.screen, photos_screen.PhotosScreen)
