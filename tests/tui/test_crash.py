"""kill -9 while typing: the app as a real process on a terminal (a pty of 120x40), driven
with key bytes like a delegate at a keyboard, killed at a random moment in the middle of
typing a meeting's notes. Afterwards a fresh connection checks the promise:

- everything typed more than one second before the kill is in the meeting's notes (what is
  there is exactly the notes as they were plus a prefix of what was typed: nothing garbled);
- `PRAGMA integrity_check` says "ok".

Trials run one after another on the same diary, so each start also recovers from the last
kill. The default run has one trial (about 4 s); the full run is
`pytest -m slow tests/tui/test_crash.py -s` (CRASH_TRIALS, CRASH_SEED to change it;
CRASH_APP="path/to/wrapper.py" runs a script in place of `-m missiondiary`, to log what the
app does in a failing trial).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from missiondiary.store import open_store

# A POSIX terminal is what is being tested; where there is none, there is nothing to run.
fcntl = pytest.importorskip("fcntl")
pty = pytest.importorskip("pty")
termios = pytest.importorskip("termios")

COLUMNS, LINES = 120, 40
PROMISE_SECONDS = 1.0  # typed longer ago than this before the kill: in the diary
QUICK_TRIALS = 1  # in the default run; seed 2011 kills it after 2.4 s of typing
FULL_TRIALS = 60
START_TIMEOUT = 60.0  # generous: a loaded 2-core machine starts Python slowly
SAVE_TIMEOUT = 20.0
NOTE_WORDS = (
    "Chen agreed to send the costed proposal before spring; Jinshan wants samples, "
    "the hospital team asks for two places on the surgical training course, follow up "
    "with Wu about the MOU draft and the CSTAR visit in May"
)
WORDS = tuple(re.findall(r"\S+", NOTE_WORDS))
ESCAPES = re.compile(  # what a terminal acts on rather than shows: CSI, OSC, charset, keypad
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)


class AppProcess:
    """`missiondiary --db PATH` on a pseudo-terminal; what it draws is read continuously
    (a terminal that is not read stops the app)."""

    def __init__(self, db_path: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TEXTUAL", "PYTEST")) and key not in ("NO_COLOR",)
        }
        env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        self.process = subprocess.Popen(
            [
                sys.executable,
                *os.environ.get("CRASH_APP", "-m missiondiary").split(),
                "--db",
                str(db_path),
            ],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self._output.extend(data)

    @property
    def mark(self) -> int:
        with self._lock:
            return len(self._output)

    def text(self, since: int = 0) -> str:
        """What was drawn (since a mark), escape sequences taken out."""
        with self._lock:
            raw = bytes(self._output[since:])
        return ESCAPES.sub(b"", raw).decode("utf-8", "replace")

    def wait_for_text(self, words: str, since: int = 0, timeout: float = START_TIMEOUT) -> None:
        wait_until(
            lambda: words in self.text(since),
            timeout,
            lambda: f"'{words}' never drawn; the screen showed:\n{self.text(since)[-2000:]}",
            self,
        )

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        with contextlib.suppress(OSError):
            os.close(self.master)
        self._reader.join(timeout=5)


def wait_until(
    check: Callable[[], bool],
    timeout: float,
    why: Callable[[], str],
    app: AppProcess | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if app is not None and app.process.poll() is not None:
            raise AssertionError(f"the app exited ({app.process.returncode}): {app.text()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(why())
        time.sleep(0.05)


@dataclass
class Trial:
    number: int
    typed: list[tuple[float, str]] = field(default_factory=list)  # (when written, char)
    killed_at: float = 0.0
    kept: int = 0  # how many typed characters the diary holds
    promised: int = 0  # how many were typed more than PROMISE_SECONDS before the kill
    start_seconds: float = 0.0  # from starting the process to the day on screen
    alive_at_kill: bool = True  # False: the app had ended by itself (a crash of its own)
    screen: str = ""  # the end of what it drew, to see what happened in a failed trial

    @property
    def lost(self) -> bool:
        return self.kept < self.promised

    @property
    def newest_kept_age(self) -> float | None:
        """How long before the kill the last character that made it was typed."""
        return self.killed_at - self.typed[self.kept - 1][0] if self.kept else None

    @property
    def oldest_missing_age(self) -> float | None:
        """How long before the kill the first character that did not make it was typed."""
        if self.kept >= len(self.typed):
            return None
        return self.killed_at - self.typed[self.kept][0]


def schedule(rng: random.Random, longest: float) -> tuple[list[tuple[float, str]], float]:
    """Bursts of words at typing speed with thinking pauses; the kill somewhere inside the
    first `longest` seconds."""
    events: list[tuple[float, str]] = []
    at = 0.0
    while at < 6.0:
        for _ in range(rng.randint(1, 6)):
            for char in rng.choice(WORDS) + " ":
                events.append((at, char))
                at += rng.uniform(0.02, 0.12)
        at += rng.uniform(0.1, 1.4)  # a pause to think (longer than the save delay or not)
    return events, rng.uniform(0.3, longest)


def meeting_notes(db_path: Path, meeting_id: str) -> str:
    with open_store(db_path) as store:
        return store.meeting(meeting_id).notes


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def run_trial(
    db_path: Path, meeting_id: str, number: int, rng: random.Random, longest: float = 5.0
) -> Trial:
    trial = Trial(number)
    before = meeting_notes(db_path, meeting_id)
    started = time.monotonic()
    app = AppProcess(db_path)
    try:
        app.wait_for_text("Jinshan Group")  # the day is on screen
        trial.start_seconds = time.monotonic() - started
        mark = app.mark
        app.send(b"\t")  # from the meetings list to the notes editor
        app.wait_for_text("esc Back", since=mark)  # the editor has the keys (its footer)
        # A first line, waited for in the diary: the keys reach the notes.
        marker = f"Trial {number}: "
        app.send(("\r" + marker).encode())
        opening = before + "\n" + marker
        wait_until(
            lambda: meeting_notes(db_path, meeting_id) == opening,
            SAVE_TIMEOUT,
            lambda: f"the first line never reached the diary: {app.text()[-2000:]}",
            app,
        )
        events, kill_after = schedule(rng, longest)
        start = time.monotonic()
        for offset, char in events:
            if offset >= kill_after:
                break
            delay = start + offset - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            app.send(char.encode())
            trial.typed.append((time.monotonic(), char))
        delay = start + kill_after - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        trial.killed_at = time.monotonic()
        trial.alive_at_kill = app.process.poll() is None
        app.kill()
        trial.screen = app.text()[-3000:]
    finally:
        app.close()
    assert trial.alive_at_kill, f"trial {number}: the app ended before the kill:\n{trial.screen}"

    check = integrity(db_path)
    assert check == "ok", f"trial {number}: integrity_check says {check}"
    stored = meeting_notes(db_path, meeting_id)
    typed = "".join(char for _, char in trial.typed)
    assert stored.startswith(opening), f"trial {number}: the notes lost their start: {stored!r}"
    kept = stored[len(opening) :]
    assert typed.startswith(kept), f"trial {number}: the notes hold {kept!r}, typed {typed!r}"
    trial.kept = len(kept)
    trial.promised = sum(1 for when, _ in trial.typed if when <= trial.killed_at - PROMISE_SECONDS)
    return trial


@pytest.fixture
def demo_path(tmp_path: Path) -> tuple[Path, str]:
    from missiondiary.demo import build_demo

    path = tmp_path / "diary.db"
    with open_store(path) as store:
        mission = build_demo(store)
        meeting = store.day(mission.id, mission.start_date).meetings[0]
    return path, meeting.id


def run_trials(
    demo_path: tuple[Path, str], count: int, seed: int, longest: float = 5.0
) -> list[Trial]:
    path, meeting_id = demo_path
    rng = random.Random(seed)
    trials = [run_trial(path, meeting_id, number, rng, longest) for number in range(1, count + 1)]
    lost = [t for t in trials if t.lost]
    ages = [t.oldest_missing_age for t in trials if t.oldest_missing_age is not None]
    typed = sum(len(t.typed) for t in trials)
    print(
        f"\ncrash trials: {len(trials)} run, {len(lost)} lost text typed more than "
        f"{PROMISE_SECONDS:g} s before the kill; {typed} keys typed, "
        f"{sum(t.kept for t in trials)} in the diary; oldest key not yet stored at a kill: "
        f"{max(ages, default=0):.2f} s before it; integrity_check ok {len(trials)}/{len(trials)}; "
        f"app start {min(t.start_seconds for t in trials):.1f}-"
        f"{max(t.start_seconds for t in trials):.1f} s"
    )
    assert not lost, "\n".join(
        f"trial {t.number}: kept {t.kept} of {len(t.typed)} keys, {t.promised} promised "
        f"(oldest missing typed {t.oldest_missing_age:.2f} s before the kill); "
        f"the screen ended with:\n{t.screen}"
        for t in lost
    )
    return trials


def test_kill_9_while_typing_keeps_what_was_typed_a_second_before(demo_path) -> None:
    trials = run_trials(demo_path, QUICK_TRIALS, seed=2011, longest=3.0)
    assert sum(t.kept for t in trials) > 0  # the kills did land mid-typing, after saves


@pytest.mark.slow
def test_kill_9_while_typing_full_run(demo_path) -> None:
    seed = int(os.environ.get("CRASH_SEED", "1121"))
    trials = int(os.environ.get("CRASH_TRIALS", str(FULL_TRIALS)))
    run_trials(demo_path, trials, seed)
