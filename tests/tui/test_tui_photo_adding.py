"""Adding photos in the app: `a` on the photos screen picks a folder or files in a tree that
starts in the last folder used, adds them the way `photo add` does (each on the day it was
taken, a bad file refused while the rest go in), then asks for captions one by one; esc
leaves the rest uncaptioned."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from missiondiary.store import Store, open_store
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.screens.photo_captions import CaptionStep
from missiondiary.tui.screens.photo_picker import PHOTOS_DIR_SETTING, PhotoPicker, PhotoTree
from missiondiary.tui.screens.photos import EMPTY_HINT, PhotosScreen
from photo_helpers import make_jpeg, make_truncated
from store_helpers import china_mission
from tui_helpers import poll_until, settle, wait_until

DAY1_MORNING = datetime(2011, 11, 21, 1, 0, tzinfo=UTC)


def phone_folder(base: Path) -> Path:
    """Two photos taken on Days 1 and 2 in Chongqing, and a file cut off halfway."""
    phone = base / "phone"
    phone.mkdir(parents=True)
    make_jpeg(phone / "IMG_0001.jpg", size=(64, 48), taken="2011:11:21 10:30:00", offset="+08:00")
    make_jpeg(phone / "IMG_0002.jpg", size=(64, 48), taken="2011:11:22 15:00:00", offset="+08:00")
    make_truncated(phone / "IMG_0003.jpg")
    return phone


def notices(app: MissionDiaryApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


async def open_picker(app: MissionDiaryApp, pilot) -> PhotoPicker:
    await pilot.press("a")
    await poll_until(pilot, lambda: isinstance(app.screen, PhotoPicker), "the picker")
    tree = app.screen.query_one(PhotoTree)
    await poll_until(pilot, lambda: tree.root.children, "the folder read")
    return app.screen


@pytest.mark.slow
async def test_a_picked_folder_lands_on_its_days_with_the_captions_typed(
    diary: Store, diary_path: Path, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    pictures = tmp_path / "pictures"
    phone = phone_folder(pictures)
    diary.set_setting(PHOTOS_DIR_SETTING, str(pictures))
    app = MissionDiaryApp(diary_path, clock=lambda: DAY1_MORNING)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")  # a day without photos opens the photos screen, empty
        await wait_until(pilot, lambda: isinstance(app.screen, PhotosScreen), "photos screen")
        assert EMPTY_HINT in str(app.screen.query_one("#photo-facts").render())
        photos_screen = app.screen

        picker = await open_picker(app, pilot)
        assert picker.folder == pictures
        tree = picker.query_one(PhotoTree)
        assert [child.data.path.name for child in tree.root.children] == ["phone"]
        await pilot.press("down")
        assert tree.cursor_node.data.path == phone
        await pilot.press("a")  # the highlighted folder: every photo in it

        await wait_until(pilot, lambda: isinstance(app.screen, CaptionStep), "the captions")
        said = notices(app)
        assert "Added 2 photos" in said and "1 photo went to Day 2" in said
        assert "IMG_0003.jpg was refused" in said
        field = app.screen.query_one("#step-caption", Input)
        assert field.has_focus
        field.value = "Signing the MOU at City Hall"
        await pilot.press("enter")
        assert "IMG_0002.jpg" in str(app.screen.query_one("#caption-which").render())
        field.value = "Our stand at the fair"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is photos_screen, "back on the photos")

        def stored() -> dict[str, tuple[date, str]]:
            with open_store(diary_path) as store:
                return {
                    p.file_name: (p.local_date, p.caption)
                    for p in store.photos_for_mission(mission.id)
                }

        await wait_until(
            pilot,
            lambda: (
                stored()
                == {
                    "IMG_0001.jpg": (date(2011, 11, 21), "Signing the MOU at City Hall"),
                    "IMG_0002.jpg": (date(2011, 11, 22), "Our stand at the fair"),
                }
            ),
            "both photos on their days with their captions",
        )
        assert [p.file_name for p in photos_screen.photos] == ["IMG_0001.jpg"]

        make_jpeg(phone / "IMG_0004.jpg", size=(64, 48), taken="2011:11:21 18:00:00")
        picker = await open_picker(app, pilot)  # the next time: where the last photos were
        assert picker.folder == phone
        tree = picker.query_one(PhotoTree)
        await pilot.press("down", "down", "down", "down")
        await pilot.press("space")  # marked; the cursor moves on
        assert tree.marked == {phone / "IMG_0004.jpg"}
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, CaptionStep), "the captions")
        await pilot.press("escape")  # leaves it uncaptioned
        await wait_until(pilot, lambda: app.screen is photos_screen, "back on the photos")
        assert [(p.file_name, p.caption) for p in photos_screen.photos] == [
            ("IMG_0001.jpg", "Signing the MOU at City Hall"),
            ("IMG_0004.jpg", ""),
        ]


@pytest.mark.slow
async def test_question_mark_shows_every_key_on_the_photos_screen_and_in_the_picker(
    diary: Store, diary_path: Path, tmp_path: Path
) -> None:
    from missiondiary.tui.screens.help import HelpScreen

    china_mission(diary)
    phone_folder(tmp_path / "pictures")
    diary.set_setting(PHOTOS_DIR_SETTING, str(tmp_path / "pictures"))
    app = MissionDiaryApp(diary_path, clock=lambda: DAY1_MORNING)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, PhotosScreen), "photos screen")
        for screen in (PhotosScreen, PhotoPicker):
            if screen is PhotoPicker:  # its folder tree keeps a worker: poll, not wait
                await open_picker(app, pilot)
            await pilot.press("question_mark")
            await poll_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
            await pilot.press("escape")
            await poll_until(pilot, lambda s=screen: isinstance(app.screen, s), "back")


@pytest.mark.slow
async def test_esc_while_the_photos_are_read_stops_and_adds_none(
    diary: Store, diary_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from textual.widgets._footer import FooterKey

    from missiondiary.interchange import photo_files
    from missiondiary.tui.screens.photo_adding import AddingPhotos

    mission = china_mission(diary)
    pictures = tmp_path / "pictures"
    phone = phone_folder(pictures)
    diary.set_setting(PHOTOS_DIR_SETTING, str(pictures))
    pressed = threading.Event()
    read = photo_files.prepare_or_refusal

    def slow_card(path: str):  # a phone's card read slowly: the first file waits for esc
        pressed.wait(timeout=10)
        return read(path)

    monkeypatch.setattr(photo_files, "prepare_or_refusal", slow_card)
    app = MissionDiaryApp(diary_path, clock=lambda: DAY1_MORNING)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, PhotosScreen), "photos screen")
        picker = await open_picker(app, pilot)
        tree = picker.query_one(PhotoTree)
        await pilot.press("down")
        assert tree.cursor_node.data.path == phone
        await pilot.press("a")
        await poll_until(pilot, lambda: isinstance(app.screen, AddingPhotos), "adding")
        assert "stop" in {key.action for key in app.screen.query(FooterKey)}  # esc Stop
        await pilot.press("escape")
        pressed.set()
        await poll_until(pilot, lambda: isinstance(app.screen, PhotosScreen), "back")
        await poll_until(pilot, lambda: "no photo was added" in notices(app), "the notice")
    with open_store(diary_path) as store:
        assert store.photos_for_mission(mission.id) == []
