"""The photo picker at 80x24: folders and pictures only, marked photos ticked, its keys in
the footer. The folder is named relative to the test's own folder so the picture is the same
wherever the test runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from missiondiary.store import Store
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.screens.photo_picker import PHOTOS_DIR_SETTING, PhotoPicker, PhotoTree
from photo_helpers import make_jpeg, make_png
from store_helpers import china_mission
from tui_helpers import poll_until, settle

DAY1_MORNING = datetime(2011, 11, 21, 1, 0, tzinfo=UTC)


@pytest.mark.slow
def test_the_photo_picker_at_80_columns(
    snap_compare, diary: Store, diary_path: Path, tmp_path: Path, monkeypatch
) -> None:
    china_mission(diary)
    phone = tmp_path / "phone"
    (phone / "Chengdu").mkdir(parents=True)
    (phone / ".thumbnails").mkdir()
    for name in ("IMG_0001.jpg", "IMG_0002.jpeg", "IMG_0003.JPG"):
        make_jpeg(phone / name, size=(16, 12))
    make_png(phone / "chart.png", size=(8, 8))
    (phone / "notes.txt").write_text("not a photo")
    monkeypatch.chdir(tmp_path)
    diary.set_setting(PHOTOS_DIR_SETTING, "phone")

    async def open_picker(pilot) -> None:
        app = pilot.app
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        await pilot.press("a")
        await poll_until(pilot, lambda: isinstance(app.screen, PhotoPicker), "the picker")
        tree = app.screen.query_one(PhotoTree)
        await poll_until(pilot, lambda: len(tree.root.children) == 5, "the folder read")
        await pilot.press("down", "down", "space")  # chart.png marked (names sort without case)

    app = MissionDiaryApp(diary_path, clock=lambda: DAY1_MORNING)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_picker)
