"""Writers that wait their turn: several programs adding follow-ups at the same moment all
succeed, because every write transaction starts with BEGIN IMMEDIATE and so queues within
the busy timeout instead of failing at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_helpers import SLUG, new_mission
from missiondiary.store import open_store

# Each writer is one process that waits for the start file, then runs `followup add` COUNT
# times, each a whole command (open, check, write, close) as a user's terminal would.
WRITER = r"""
import sys, time
from pathlib import Path
from missiondiary.cli import cli

db, start, name, count = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
while not start.exists():
    time.sleep(0.005)
failed = 0
for n in range(count):
    try:
        cli.main(["--db", db, "followup", "add", "china-2011", f"{name} call {n}",
                  "--date", "2011-11-22"], prog_name="missiondiary", standalone_mode=False)
    except SystemExit as stop:
        failed += bool(stop.code)
    except Exception as error:
        print(f"{name} {n}: {error}", file=sys.stderr)
        failed += 1
sys.exit(1 if failed else 0)
"""


def run_writers(db: Path, tmp_path: Path, writers: int, each: int, env: dict | None = None) -> None:
    start = tmp_path / "start"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(start), f"w{w}", str(each)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        for w in range(writers)
    ]
    time.sleep(0.3)  # not a wait for a result: lets every writer reach its start line
    start.touch()
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    for process in processes:
        process.stdout.close()
        process.stderr.close()
    assert [code for code, _ in outcomes] == [0] * writers, [err for _, err in outcomes]
    assert not any("busy" in err or "locked" in err for _, err in outcomes)


def stored_followups(db: Path) -> list[str]:
    with open_store(db) as store:
        return [row[0] for row in store.db.execute("SELECT text FROM followups")]


def check_all_stored(db: Path, writers: int, each: int) -> None:
    texts = stored_followups(db)
    wanted = {f"w{w} call {n}" for w in range(writers) for n in range(each)}
    assert wanted <= set(texts)
    assert len([t for t in texts if t in wanted]) == writers * each


def test_three_writers_at_once_all_succeed_and_every_follow_up_is_stored(
    diary_path: Path, tmp_path: Path
) -> None:
    new_mission(diary_path, SLUG)
    run_writers(diary_path, tmp_path, writers=3, each=5)
    check_all_stored(diary_path, 3, 5)


@pytest.mark.slow
def test_four_terminals_adding_forty_follow_ups_each_lose_none(
    diary_path: Path, tmp_path: Path
) -> None:
    new_mission(diary_path, SLUG)
    run_writers(diary_path, tmp_path, writers=4, each=40)
    check_all_stored(diary_path, 4, 40)
