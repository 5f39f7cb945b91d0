"""An encrypted diary in the app: the passphrase screen first, then the day; after a short
idle time the app saves, locks (no diary text on screen) and the right passphrase brings
the delegate back to the same day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from missiondiary.store import crypto, open_store
from missiondiary.store.encryption import encrypt_diary
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.screens.day import DayScreen
from missiondiary.tui.screens.passphrase import PassphraseScreen
from tui_helpers import settle, wait_until

PASSPHRASE = "the Yangtze at Chaotianmen"


@pytest.fixture
def encrypted_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, date]:
    from missiondiary.demo import build_demo

    monkeypatch.delenv("MISSIONDIARY_PASSPHRASE", raising=False)
    monkeypatch.setenv("MISSIONDIARY_CONFIG", str(tmp_path / "config.toml"))
    path = tmp_path / "diary.db"
    with open_store(path) as store:
        mission = build_demo(store)
    encrypt_diary(path, PASSPHRASE)
    crypto.forget(path)
    return path, mission.id, mission.start_date


def picture(app: MissionDiaryApp) -> str:
    """The screen's text as drawn (the SVG writes spaces as &#160;)."""
    return app.export_screenshot().replace("&#160;", " ")


async def enter(pilot, text: str) -> None:
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys, "enter")


async def test_the_app_asks_locks_when_idle_and_unlocks_to_the_same_day(
    encrypted_demo: tuple[Path, str, date],
) -> None:
    path, mission_id, day_1 = encrypted_demo
    app = MissionDiaryApp(path, mission_id=mission_id, day=day_1, lock_after=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PassphraseScreen), "asked")
        assert "Jinshan" not in picture(app)

        await enter(pilot, "not it")
        await wait_until(pilot, lambda: "Wrong passphrase" in picture(app))
        assert isinstance(app.screen, PassphraseScreen)

        await enter(pilot, PASSPHRASE)
        await wait_until(pilot, lambda: isinstance(app.screen, DayScreen), "the day shown")
        await settle(app, pilot)
        await pilot.press("right_square_bracket")  # to Day 2
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DayScreen) and screen.day != day_1
        shown_day = screen.day
        assert "Day 2" in picture(app)

        app.lock_after = 0.3  # idle from now on
        await wait_until(pilot, lambda: isinstance(app.screen, PassphraseScreen), "locked")
        shown = picture(app)
        assert "Day 2" not in shown and "locked" in shown
        assert crypto.key_of(path) is None  # the process forgot the key
        app.lock_after = 3600

        await enter(pilot, PASSPHRASE)
        await wait_until(pilot, lambda: app.screen is screen, "back to the day")
        assert screen.day == shown_day


async def test_lock_now_on_a_plain_diary_says_there_is_nothing_to_lock(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    with open_store(path):
        pass
    app = MissionDiaryApp(path, lock_after=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.action_lock_now()
        assert not app.locked and not isinstance(app.screen, PassphraseScreen)


@pytest.mark.slow
async def test_the_welcome_screen_encrypts_a_new_diary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missiondiary.tui.screens.welcome import WelcomeScreen

    monkeypatch.delenv("MISSIONDIARY_PASSPHRASE", raising=False)
    path = tmp_path / "diary.db"
    app = MissionDiaryApp(path, lock_after=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "welcome")
        welcome = app.screen
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, PassphraseScreen), "asked")
        await enter(pilot, PASSPHRASE)
        await enter(pilot, PASSPHRASE)
        await wait_until(pilot, lambda: app.screen is welcome, "back to the welcome")
        await settle(app, pilot)
        assert "encrypted" in picture(app)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    crypto.forget(path)
    with pytest.raises(crypto.PassphraseNeeded):
        open_store(path).__enter__()
