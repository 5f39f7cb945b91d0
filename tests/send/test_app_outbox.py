"""The app sends what waits: at start, and when asked from the command palette; its title
line counts what waits and marks a day edited after it went."""

from __future__ import annotations

from pathlib import Path

from test_email import _diary, _setup

from cli_helpers import ok
from missiondiary.store import open_store
from missiondiary.tui.app import MissionDiaryApp
from smtp_local import SmtpServer, free_port
from tui_helpers import wait_until


async def test_waiting_days_are_counted_sent_when_asked_then_marked_when_edited(
    tmp_path: Path,
) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    port = free_port()
    _setup(db, port)
    ok(db, "send", slug, "--day", "3", "--to", "members")  # offline: it waits
    with open_store(db) as store:
        mission = store.find_mission(slug)
    server = SmtpServer(port)
    app = MissionDiaryApp(db, mission_id=mission.id, day=mission.date_of(3))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.day_screen is not None, "the day screen")
            line = app.day_screen.title_line
            await wait_until(pilot, lambda: line.waiting == 1, "one waiting to send")
            assert "1 waiting to send" in str(line.render())
            server.start()
            app.action_send_waiting()
            await wait_until(pilot, lambda: line.waiting == 0, "nothing waiting")
            assert len(server.inbox.received) == 1
            assert "waiting to send" not in str(line.render())
            assert not line.changed
            with open_store(db) as store:  # edited after it went (here: by another window)
                store.write_post(mission.id, 3, "Fog, sun, and a late banquet.")
            app.check_outbox()
            await wait_until(pilot, lambda: line.changed, "changed since sent")
            assert "changed since sent" in str(line.render())
            await pilot.press("left_square_bracket")  # Day 2 never went: no mark there
            await wait_until(pilot, lambda: line.day and line.day.number == 2, "Day 2")
            await wait_until(pilot, lambda: not line.changed, "no mark on Day 2")
            await pilot.press("right_square_bracket")
            await wait_until(pilot, lambda: line.changed, "the mark back on Day 3")
    finally:
        server.stop()
    assert len(server.inbox.received) == 1  # being marked sends nothing by itself
