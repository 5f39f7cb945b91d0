"""The app beside other writers and on a diary that will not take a write: what the delegate
typed is kept, what another program wrote shows up, nothing reaches the delegate as a crash
or a "database is locked". Real diary files, a real command line in a subprocess, a real
SQLite lock held by a second connection."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.notifications import Notification

from missiondiary.store import open_store
from missiondiary.store.backup import backups_folder, daily_name
from missiondiary.store.watch import ChangeWatcher
from missiondiary.tui.app import MissionDiaryApp
from missiondiary.tui.screens.day import DayScreen
from missiondiary.tui.widgets.notes_editor import NotesEditor
from missiondiary.tui.writer import DiaryWriter
from tui_helpers import settle, wait_until

NOON_IN_CHONGQING = datetime(2011, 11, 21, 4, 0, tzinfo=UTC)
DAY_1 = date(2011, 11, 21)


@pytest.fixture
def demo(diary_path: Path) -> tuple[str, str, str]:
    """The demo diary, closed: (mission id, its slug, Day 1's first meeting id)."""
    from missiondiary.demo import build_demo

    with open_store(diary_path) as store:
        mission = build_demo(store)
        meeting = store.day(mission.id, mission.start_date).meetings[0]
    return mission.id, mission.slug, meeting.id


def make_app(path: Path, mission_id: str, **kwargs) -> MissionDiaryApp:
    app = MissionDiaryApp(
        path, mission_id=mission_id, day=DAY_1, clock=lambda: NOON_IN_CHONGQING, **kwargs
    )
    app.notices = []  # type: ignore[attr-defined]
    notify = app.notify

    def recorded(message: str, **kwargs) -> None:
        title, severity = kwargs.get("title", ""), kwargs.get("severity", "information")
        app.notices.append(Notification(message, title, severity))  # type: ignore[attr-defined]
        notify(message, **kwargs)

    app.notify = recorded  # type: ignore[method-assign]
    return app


def notices(app: MissionDiaryApp, severity: str | None = None) -> list[str]:
    return [
        f"{n.title}: {n.message}"
        for n in app.notices  # type: ignore[attr-defined]
        if severity is None or n.severity == severity
    ]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if char == " " else char for char in text])


async def wait_for(pilot, check, timeout: float) -> float:
    """Seconds until `check()` held (`wait_until`, timed); fails after `timeout`."""
    start = time.monotonic()
    await wait_until(pilot, check, timeout=timeout)
    return time.monotonic() - start


def editor(app: MissionDiaryApp) -> NotesEditor:
    screen = app.day_screen
    assert screen is not None
    return screen.editor


def stored_notes(path: Path, meeting_id: str) -> str:
    with open_store(path) as store:
        return store.meeting(meeting_id).notes


def cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "missiondiary", "--db", str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# two writers ----------------------------------------------------------------------------
@pytest.mark.slow
async def test_a_follow_up_added_on_the_command_line_shows_while_notes_are_typed(
    diary_path: Path, demo
) -> None:
    mission_id, slug, meeting_id = demo
    before = stored_notes(diary_path, meeting_id)
    app = make_app(diary_path, mission_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.day_screen
        assert screen is not None
        await pilot.press("tab", "ctrl+end")
        assert app.focused is editor(app).text_area
        await type_text(pilot, " Chen will call")

        # The command line, a separate process, while the delegate goes on typing.
        add = ["followup", "add", slug, "Book the Chengdu hall", "--date", DAY_1.isoformat()]
        command = asyncio.create_task(asyncio.to_thread(cli, diary_path, *add))
        typed = " Chen will call"
        while not command.done():
            await type_text(pilot, "x")
            typed += "x"
            await pilot.pause(0.05)
        result = await command
        assert result.returncode == 0, result.stderr

        def shown() -> bool:
            return screen.loaded is not None and any(
                f.text == "Book the Chengdu hall" for f in screen.loaded.followups
            )

        waited = await wait_for(pilot, shown, timeout=2.0)
        print(f"\nthe command line's follow-up showed {waited:.2f} s after it finished")
        rows = [str(option.prompt) for option in screen.followup_pane.entries.options]
        assert any("Book the Chengdu hall" in row for row in rows)

        # The typing was never interrupted or overwritten, and it reaches the diary.
        await type_text(pilot, " tomorrow")
        typed += " tomorrow"
        assert editor(app).current_text == before + typed
        await wait_until(
            pilot, lambda: stored_notes(diary_path, meeting_id) == before + typed, "notes saved"
        )
        await settle(app, pilot)
        assert not notices(app, "error")
    assert stored_notes(diary_path, meeting_id) == before + typed
    with open_store(diary_path) as store:
        assert "Book the Chengdu hall" in [f.text for f in store.day(mission_id, DAY_1).followups]


@pytest.mark.slow
async def test_the_app_and_the_command_line_writing_at_once_keep_every_write(
    diary_path: Path, demo
) -> None:
    """The app saves notes every fraction of a second while the command line adds one
    follow-up after another: every command succeeds, every key is stored, and the delegate
    never sees "locked" or "busy"."""
    mission_id, slug, meeting_id = demo
    before = stored_notes(diary_path, meeting_id)
    app = make_app(diary_path, mission_id)
    texts = [f"Call back exhibitor {n}" for n in range(6)]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+end")

        def add_all() -> list[subprocess.CompletedProcess[str]]:
            return [
                cli(diary_path, "followup", "add", slug, text, "--date", DAY_1.isoformat())
                for text in texts
            ]

        commands = asyncio.create_task(asyncio.to_thread(add_all))
        typed = ""
        while not commands.done():
            await type_text(pilot, "ab ")
            typed += "ab "
            await pilot.pause(0.15)
        results = await commands
        screen = app.day_screen
        assert screen is not None

        def all_shown() -> bool:
            loaded = screen.loaded
            return loaded is not None and set(texts) <= {f.text for f in loaded.followups}

        # The watcher notices the other program's writes within its poll interval.
        await wait_until(pilot, all_shown, "the command line's follow-ups on screen")
        assert editor(app).current_text == before + typed  # every key reached the editor
        # ...and the autosave puts all of it in the diary (quitting is another test's case).
        await wait_until(
            pilot,
            lambda: stored_notes(diary_path, meeting_id) == before + typed,
            "every typed key in the diary",
        )
        assert not [n for n in notices(app) if "locked" in n or "busy" in n]
        assert not notices(app, "error")
    assert [r.returncode for r in results] == [0] * len(texts), [r.stderr for r in results]
    assert stored_notes(diary_path, meeting_id) == before + typed
    with open_store(diary_path) as store:
        stored = {f.text for f in store.day(mission_id, DAY_1).followups}
    assert set(texts) <= stored


@pytest.mark.slow
async def test_keys_typed_past_the_longest_wait_are_saved_at_once(
    diary_path: Path, demo, monkeypatch
) -> None:
    """On a busy machine the save timer runs late and keys keep coming past the longest
    wait: each such key saves there and then (a timer of 0 s would never fire)."""
    mission_id, _, meeting_id = demo
    monkeypatch.setattr(NotesEditor, "MAX_WAIT_SECONDS", 0.0)
    monkeypatch.setattr(NotesEditor, "DEBOUNCE_SECONDS", 30.0)
    before = stored_notes(diary_path, meeting_id)
    app = make_app(diary_path, mission_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+end")
        await type_text(pilot, " no pause at all")
        await wait_until(
            pilot,
            lambda: stored_notes(diary_path, meeting_id) == before + " no pause at all",
            "saved while the keys kept coming",
        )
        assert stored_notes(diary_path, meeting_id) == before + " no pause at all"


def test_the_watcher_tells_of_a_commit_by_another_connection(diary_path: Path, demo) -> None:
    seen = threading.Event()
    watcher = ChangeWatcher(diary_path, seen.set, interval=0.05)
    watcher.start()
    try:
        time.sleep(0.3)
        assert not seen.is_set()  # nothing changed yet
        with open_store(diary_path) as store:
            store.set_setting("theme", "paper")
        assert seen.wait(2.0)
    finally:
        watcher.stop()
    assert not watcher.running


# a diary that cannot be written ----------------------------------------------------------
@pytest.mark.slow
async def test_a_diary_opened_read_only_shows_a_banner_and_refuses_edits(
    diary_path: Path, demo
) -> None:
    mission_id, _, _ = demo
    before = digest(diary_path)
    app = make_app(diary_path, mission_id, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.day_screen
        assert screen is not None and screen.loaded is not None
        banner = screen.query_one("#read-only-banner")
        assert banner.display
        assert f"Read-only: {diary_path} can't be written" in str(banner.render())
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, DayScreen)  # no form
        assert any("can't be written" in n for n in notices(app, "warning"))
        await pilot.press("tab")
        await type_text(pilot, "typed")
        await settle(app, pilot)
        assert "typed" not in editor(app).current_text
        await pilot.press("q")
    assert app.return_code in (None, 0)
    assert digest(diary_path) == before
    assert not backups_folder(diary_path).exists()  # a read-only diary is not copied


async def test_a_diary_that_cannot_be_written_opens_read_only_by_itself(
    diary_path: Path, demo, monkeypatch
) -> None:
    """As root, permission bits do not stop a write, so the file's answer is faked where
    the store asks it (os.access through `writable`)."""
    import missiondiary.store.db as db

    mission_id, _, _ = demo
    monkeypatch.setattr(db, "writable", lambda path: False)
    app = make_app(diary_path, mission_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.day_screen
        assert screen is not None and screen.loaded is not None
        assert screen.read_only
        banner = str(screen.query_one("#read-only-banner").render())
        assert "read-only file or folder" in banner
        await pilot.press("slash")  # searching only reads: it works
        await settle(app, pilot)
        await type_text(pilot, "Jinshan")
        await wait_until(pilot, lambda: getattr(app.screen, "shown_for", "") == "Jinshan")
        await settle(app, pilot)
        assert app.screen.hits  # type: ignore[attr-defined]
        assert not notices(app, "error")


# a write that fails ----------------------------------------------------------------------
@pytest.fixture
def quick_retries(monkeypatch):
    """A lock is given up on after 0.1 s instead of 5 (SQLite's busy timeout), and the
    notes are tried again every 0.5 s."""
    import missiondiary.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(DiaryWriter, "BUSY_ATTEMPTS", 2)
    monkeypatch.setattr(DiaryWriter, "BUSY_PAUSE_SECONDS", 0.05)
    monkeypatch.setattr(DayScreen, "RETRY_SECONDS", 0.5)


def hold_lock(path: Path) -> sqlite3.Connection:
    """Another program's exclusive transaction: nobody else can write until it ends."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


async def test_notes_the_diary_refuses_stay_typed_and_are_saved_once_it_frees(
    diary_path: Path, demo, quick_retries, monkeypatch: pytest.MonkeyPatch
) -> None:
    mission_id, _, meeting_id = demo
    refused: list[str | None] = []  # each text the screen reported not saved to the editor
    mark_failed = NotesEditor.mark_failed

    def noting_refusals(editor: NotesEditor, meeting_id: str, field, text=None) -> None:
        refused.append(text)
        mark_failed(editor, meeting_id, field, text)

    monkeypatch.setattr(NotesEditor, "mark_failed", noting_refusals)
    before = stored_notes(diary_path, meeting_id)
    app = make_app(diary_path, mission_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+end")
        lock = hold_lock(diary_path)
        try:
            await type_text(pilot, " Wu signs Friday")
            notes = editor(app)
            await wait_for(pilot, lambda: notes.status == "not saved", timeout=10)
            assert notes.current_text == before + " Wu signs Friday"
            assert stored_notes(diary_path, meeting_id) == before
            assert [n for n in notices(app, "error") if n.startswith("Notes not saved")]

            # ctrl+s while the diary refuses: a file beside it, named in a notice.
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: any("Notes written to" in n for n in notices(app)), 5)
            files = sorted(diary_path.parent.glob("diary-notes-*.md"))
            assert len(files) == 1
            assert str(files[0]) in " ".join(notices(app))
            assert before + " Wu signs Friday" in files[0].read_text(encoding="utf-8")

            await type_text(pilot, ", in Chengdu")  # typing goes on meanwhile
            typed = before + " Wu signs Friday, in Chengdu"
            await wait_until(pilot, lambda: typed in refused, "the new words tried and refused")
            assert notes.status == "not saved"
        finally:
            lock.rollback()
            lock.close()
        expected = before + " Wu signs Friday, in Chengdu"
        await wait_for(pilot, lambda: notes.status == "saved", timeout=10)
        assert notes.current_text == expected
        assert any("in the diary now" in n for n in notices(app))
        await settle(app, pilot)
    assert stored_notes(diary_path, meeting_id) == expected


@pytest.mark.slow
async def test_quitting_while_the_diary_refuses_writes_the_notes_to_a_file(
    diary_path: Path, demo, quick_retries
) -> None:
    mission_id, _, meeting_id = demo
    before = stored_notes(diary_path, meeting_id)
    app = make_app(diary_path, mission_id)
    lock = None
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await pilot.press("tab", "ctrl+end")
            lock = hold_lock(diary_path)
            await type_text(pilot, " Last words")
            await pilot.press("ctrl+q")
            await settle(app, pilot)
    finally:
        if lock is not None:
            lock.rollback()
            lock.close()
    files = sorted(diary_path.parent.glob("diary-notes-*.md"))
    assert len(files) == 1
    assert before + " Last words" in files[0].read_text(encoding="utf-8")
    assert stored_notes(diary_path, meeting_id) == before


@pytest.mark.slow
async def test_a_passing_lock_never_reaches_the_delegate(diary_path: Path, demo) -> None:
    """A lock shorter than the busy timeout: the follow-up tick waits for it and lands."""
    mission_id, _, _ = demo
    app = make_app(diary_path, mission_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.day_screen
        assert screen is not None and screen.loaded is not None
        await pilot.press("tab", "tab")  # meetings -> their notes -> follow-ups
        assert screen.active_pane == "followup"
        chosen = screen.followup_pane.selected_id
        was = next(f.status for f in screen.loaded.followups if f.id == chosen)
        lock = hold_lock(diary_path)
        threading.Timer(1.0, lambda: (lock.rollback(), lock.close())).start()
        await pilot.press("space")

        def toggled() -> bool:
            with open_store(diary_path, readonly=True) as store:
                return store.followup(chosen).status != was

        await wait_until(pilot, toggled, "the follow-up toggled once the lock was gone")
        await settle(app, pilot)
        assert not notices(app, "error")
    with open_store(diary_path) as store:
        assert store.followup(chosen).status != was


@pytest.mark.slow
async def test_notes_for_a_meeting_deleted_elsewhere_go_to_a_file(
    diary_path: Path, demo, monkeypatch
) -> None:
    mission_id, _, meeting_id = demo
    monkeypatch.setattr(NotesEditor, "DEBOUNCE_SECONDS", 30.0)  # the typing is not saved yet
    monkeypatch.setattr(NotesEditor, "MAX_WAIT_SECONDS", 30.0)
    before = stored_notes(diary_path, meeting_id)
    app = make_app(diary_path, mission_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+end")
        await type_text(pilot, " Gone soon")
        with open_store(diary_path) as store:  # the command line deletes the meeting
            store.delete_entry("meeting", meeting_id)
        screen = app.day_screen
        assert screen is not None
        await wait_for(
            pilot, lambda: meeting_id not in [m.id for m in screen.loaded.meetings], timeout=2
        )
        await pilot.press("escape")  # leaving the editor saves what was typed
        await wait_for(pilot, lambda: any("Notes written to" in n for n in notices(app)), 5)
        await settle(app, pilot)
    files = sorted(diary_path.parent.glob("diary-notes-*.md"))
    assert len(files) == 1
    assert before + " Gone soon" in files[0].read_text(encoding="utf-8")


# start-up ---------------------------------------------------------------------------------
async def test_the_app_takes_the_days_backup_at_start(diary_path: Path, demo) -> None:
    mission_id, _, _ = demo
    app = make_app(diary_path, mission_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
    copy = backups_folder(diary_path) / daily_name(diary_path, date.today())
    assert copy.exists()
    with open_store(copy) as store:  # a whole diary
        assert store.missions()
