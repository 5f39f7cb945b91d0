"""The benchmark: missiondiary on ten years of missions, as whole processes and in-process.

    python benchmarks/run.py                              # 10,000 and 100,000 entries
    python benchmarks/run.py --entries 10000 --runs 3     # a quicker look
    python benchmarks/run.py --peer jrnl --jrnl /tmp/jrnlvenv/bin/jrnl

Archives (benchmarks/make_archive.py) are built once and kept in --cache, by size and seed;
each run measures a fresh copy. The table gives the median of --runs runs (each process
measured is started --runs times, after one warm-up run that is not counted) and, beside it,
the slowest run. Whole processes run with the venv's `missiondiary`, with bytecode caching on
(in the cache folder) as an installed missiondiary has it, whatever PYTHONDONTWRITEBYTECODE
says. Peak memory is the process's maximum resident set size, from the kernel.

The app is measured headless (`App.run_test`) in its own process: from starting the process
to the first paint of the day screen with the day loaded, against a bare Textual app (a plain
`textual.app.App`) showing a screen of the same widgets and styles with no data and none of
the day screen's behaviour, started the same number of times, alternately. Inside the app,
each measure runs from the action to the end of the frame that shows its result
(`call_after_refresh`), never to a pause: the next day, opening a meeting's form, and in the
search screen each keystroke (to the letter shown) and the search it starts (to the results
shown; the screen waits for a pause in typing before it searches, which is not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "missiondiary-bench"
SIZES = (10_000, 100_000)
APP_SIZE = (120, 40)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    target: str = ""
    unit: str = "ms"


ROWS = (
    Row("cli_version", "`missiondiary --version` (whole process)", "< 100 ms"),
    Row("cli_search", "`missiondiary search WORD` (whole process)", "< 150 ms"),
    Row("app_paint", "App start to first paint of the day", "≤ 1.2 × bare"),
    Row("bare_paint", "Bare Textual app, same widgets, no data"),
    Row("paint_ratio", "First paint, app ÷ bare", "≤ 1.2", "×"),
    Row("app_memory", "App peak memory, archive open", "< 100 MB", "MB"),
    Row("next_day", "Next day, in the app (to the end of the frame)", "< 30 ms"),
    Row("bare_next_day", "… the bare app's widgets handed the next day (no store, no worker)"),
    Row("next_day_calls", "Next day: Python function calls, app", "", "k calls"),
    Row("bare_next_day_calls", "Next day: Python function calls, bare widgets", "", "k calls"),
    Row("store_day", "Next day, `Store.day` alone"),
    Row(
        "open_meeting", "Opening a meeting's form, in the app (to the end of the frame)", "< 100 ms"
    ),
    Row("open_meeting_first", "… the first opening of the session"),
    Row("open_meeting_calls", "Opening a meeting's form: Python function calls", "", "k calls"),
    Row("search_key", "Search screen: a keystroke to the letter shown", "< 20 ms"),
    Row("search_shown", "Search screen: the search after a pause, to the results shown"),
    Row("search_prefix", "Search as you type: 3 letters", "< 20 ms"),
    Row("search_words", "Search as you type: 2 words", "< 20 ms"),
    Row("search_worst", "Search: slowest keystroke typing both", "< 20 ms"),
    Row("publish_day", "Publish one day (Markdown, flushed to disk)", "< 10 ms"),
    Row("render_day", "… of which making the post (no disk)"),
    Row("publish_mission", "Publish a 15-day mission, Markdown + HTML", "< 300 ms"),
    Row("render_mission", "… of which making the posts (no disk)"),
)
PEER_ROWS = (
    Row("jrnl_contains", "`jrnl -contains WORD` (whole process)"),
    Row("jrnl_memory", "`jrnl -contains WORD` peak memory", "", "MB"),
    Row("jrnl_last", "`jrnl -n 1` (whole process)"),
    Row("jrnl_ratio", "`jrnl -contains` ÷ `missiondiary search`", "≥ 75", "×"),
)


@dataclass
class Figure:
    """Samples of one measure; shown as the median, and the slowest run beside it."""

    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    def show(self, unit: str) -> str:
        if self.median is None:
            return self.note or "n/a"
        worst = max(self.samples)
        if unit == "×":
            return f"{self.median:.2f}×" if self.median < 10 else f"{self.median:.0f}×"
        text = f"{self.median:.1f} {unit}" if self.median < 100 else f"{self.median:.0f} {unit}"
        if len(self.samples) > 1 and unit == "ms":
            text += f" (≤ {worst:.1f})" if worst < 100 else f" (≤ {worst:.0f})"
        return text


Results = dict[str, Figure]


# archives ----------------------------------------------------------------------------------
def archive_for(entries: int, seed: int, cache: Path) -> Path:
    """The cached archive of this size and seed, built on first use."""
    from make_archive import FORMAT, build_archive

    from missiondiary.store.migrations import SCHEMA_VERSION

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"archive-{entries}-seed{seed}-format{FORMAT}-schema{SCHEMA_VERSION}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in cache.glob(partial.name + "*"):
            leftover.unlink()
        archive = build_archive(partial, entries, seed)
        took = f"{archive.entries} entries in {archive.seconds:.1f} s"
        print(f"built {path.name}: {took}", flush=True)
        partial.rename(path)
    return path


@dataclass(frozen=True)
class Subject:
    """What the benchmark looks at in an archive: a 15-day mission, a day in it."""

    db: Path
    mission_id: str
    day: date
    days: int
    word: str
    typed_prefix: str
    typed_words: str


def pick_subject(db: Path) -> Subject:
    import make_archive

    from missiondiary.store import open_store

    with open_store(db) as store:
        summaries = store.mission_summaries()
        best = max(
            summaries,
            key=lambda s: (min(s.mission.day_count, 15), s.meeting_count + s.itinerary_count),
        )
        mission = best.mission
    return Subject(
        db=db,
        mission_id=mission.id,
        day=mission.start_date + timedelta(days=1),
        days=mission.day_count,
        word=make_archive.SEARCH_WORD,
        typed_prefix=make_archive.TYPED_PREFIX,
        typed_words=make_archive.TYPED_WORDS,
    )


# whole processes -----------------------------------------------------------------------------
def settle() -> None:
    """Write out what earlier steps left in the disk cache (a 300 MB copy of the archive, the
    diary's daily backup), so it does not slow the fsyncs of the step measured next."""
    os.sync()


def child_env(cache: Path, db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    env["MISSIONDIARY_DB"] = str(db)
    env["NO_COLOR"] = "1"
    return env


def missiondiary_command() -> list[str]:
    script = Path(sys.executable).parent / "missiondiary"
    if script.exists():
        return [str(script)]
    found = shutil.which("missiondiary")
    return [found] if found else [sys.executable, "-m", "missiondiary"]


@dataclass(frozen=True)
class Ran:
    seconds: float  # start to exit, or to the line marked
    max_rss_mb: float
    stdout: str


# Starts the process measured and waits for it. A process forked from a big one counts that
# one's memory in its own peak (Linux keeps the peak across exec), so every process measured
# is forked from this small launcher, never from the benchmark itself.
LAUNCHER = """
import os, sys, time
started = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
ended = time.monotonic()
sys.stderr.write(f"\\n@launcher {started!r} {ended!r} {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_process(args: list[str], env: dict[str, str], mark: str = "") -> Ran:
    """Run to the end; `seconds` stops at the first stdout line starting with `mark`."""
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, *args]
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(launcher, stdout=subprocess.PIPE, stderr=errors, env=env, text=True)
        assert proc.stdout is not None
        marked = None
        lines = []
        for line in proc.stdout:
            if mark and marked is None and line.startswith(mark):
                marked = time.monotonic()
            lines.append(line)
        proc.wait()
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    if proc.returncode != 0 or "@launcher" not in stderr:
        raise RuntimeError(f"{' '.join(args[:4])}... exited {proc.returncode}: {stderr[-800:]}")
    started, ended, max_rss = stderr.rsplit("@launcher", 1)[1].split()
    return Ran(
        seconds=(marked or float(ended)) - float(started),
        max_rss_mb=int(max_rss) / 1024,  # KiB on Linux
        stdout="".join(lines),
    )


def measure_cli(subject: Subject, runs: int, cache: Path, results: Results) -> None:
    env = child_env(cache, subject.db)
    command = missiondiary_command()
    for key, args in (
        ("cli_version", [*command, "--version"]),
        ("cli_search", [*command, "--db", str(subject.db), "search", subject.word]),
    ):
        run_process(args, env)  # warm-up: bytecode cache, page cache, the day's backup copy
        settle()
        figure = results.setdefault(key, Figure())
        for _ in range(runs):
            figure.samples.append(run_process(args, env).seconds * 1000)


def measure_app(subject: Subject, runs: int, cache: Path, results: Results) -> None:
    env = child_env(cache, subject.db)
    base = [sys.executable, str(Path(__file__).resolve()), "--child"]
    app_args = [*base, "app", str(subject.db), subject.mission_id, subject.day.isoformat()]
    bare_args = [*base, "bare", str(subject.db), subject.mission_id, subject.day.isoformat()]
    run_process(app_args, env, mark="painted")  # warm-up
    run_process(bare_args, env, mark="painted")
    settle()
    inside_keys = (
        "next_day",
        "open_meeting",
        "open_meeting_first",
        "search_key",
        "search_shown",
        "next_day_calls",
        "open_meeting_calls",
    )
    bare_keys = ("bare_next_day", "bare_next_day_calls")
    for key in ("app_paint", "bare_paint", "app_memory", *inside_keys, *bare_keys):
        results.setdefault(key, Figure())
    for _ in range(runs):
        app = run_process(app_args, env, mark="painted")
        bare = run_process(bare_args, env, mark="painted")
        results["app_paint"].samples.append(app.seconds * 1000)
        results["bare_paint"].samples.append(bare.seconds * 1000)
        results["app_memory"].samples.append(app.max_rss_mb)
        inside = json.loads(app.stdout.splitlines()[-1])
        for key in inside_keys:
            results[key].samples.extend(inside[key])
        for key in bare_keys:
            results[key].samples.extend(json.loads(bare.stdout.splitlines()[-1])[key])
    ratio = results["app_paint"].median / results["bare_paint"].median  # type: ignore[operator]
    results["paint_ratio"] = Figure([ratio])


# in-process ----------------------------------------------------------------------------------
def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def typed(text: str) -> Iterator[str]:
    """What a search box holds after each keystroke."""
    for end in range(1, len(text) + 1):
        if not text[end - 1].isspace():
            yield text[:end]


def measure_in_process(subject: Subject, runs: int, results: Results) -> None:
    from missiondiary.domain import Audience
    from missiondiary.publish import mission_days, publish_day, publish_mission, render_day
    from missiondiary.store import open_store

    with open_store(subject.db) as store, tempfile.TemporaryDirectory() as out:
        mission = store.mission(subject.mission_id)
        days = [mission.start_date + timedelta(days=n) for n in range(mission.day_count)]
        store.day(mission.id, days[0])  # warm-up
        results["store_day"] = Figure(
            [
                sample
                for when in days[: max(2, runs)]
                for sample in timed(lambda when=when: store.day(mission.id, when), 3)
            ]
        )
        slowest: list[float] = []
        for key, text in (
            ("search_prefix", subject.typed_prefix),
            ("search_words", subject.typed_words),
        ):
            store.search(text)  # warm-up
            for prefix in typed(text):
                samples = timed(lambda prefix=prefix: store.search(prefix), runs)
                slowest.append(statistics.median(samples))
                if prefix == text:
                    results[key] = Figure(samples)
        results["search_worst"] = Figure([max(slowest)])
        folder = Path(out)
        publish_day(store, mission, subject.day, Audience.MEMBERS, folder)  # warm-up
        results["publish_day"] = Figure(
            timed(lambda: publish_day(store, mission, subject.day, Audience.MEMBERS, folder), runs)
        )
        results["render_day"] = Figure(
            timed(lambda: render_day(store.day(mission.id, subject.day), Audience.MEMBERS), runs)
        )

        def render_mission() -> None:
            for when in mission_days(store, mission):
                render_day(store.day(mission.id, when), Audience.MEMBERS)

        every = ("md", "html")
        publish_mission(store, mission, Audience.MEMBERS, folder, every)  # warm-up
        results["publish_mission"] = Figure(
            timed(lambda: publish_mission(store, mission, Audience.MEMBERS, folder, every), runs)
        )
        results["render_mission"] = Figure(timed(render_mission, runs))


# jrnl, side by side -----------------------------------------------------------------------
JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %I:%M:%S %p'
version: v4.6
"""


def write_jrnl(db: Path, folder: Path) -> Path:
    """The archive's entries as a jrnl journal (oldest first), and a config naming it."""
    from missiondiary.store import open_store

    journal = folder / "journal.txt"
    config = folder / "jrnl.yaml"
    if not journal.exists():
        queries = (
            "SELECT start_local, title, trim(location || ' ' || details) FROM itinerary_items",
            "SELECT at_local, title, notes || char(10) || summary FROM meetings",
            "SELECT day || 'T12:00:00', text, owner FROM followups",
        )
        with open_store(db, readonly=True) as store:
            entries = [row for sql in queries for row in store.db.execute(sql)]
        entries.sort(key=lambda row: row[0])
        partial = journal.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as handle:
            for when, title, body in entries:
                stamp = date.fromisoformat(when[:10])
                hour, minute = int(when[11:13]), int(when[14:16])
                clock = f"{(hour % 12) or 12:02d}:{minute:02d}:00 {'AM' if hour < 12 else 'PM'}"
                title = title.rstrip(".") + "."
                handle.write(f"[{stamp.isoformat()} {clock}] {title}\n{(body or '').strip()}\n\n")
        partial.rename(journal)
    config.write_text(JRNL_CONFIG.format(journal=journal), encoding="utf-8")
    return config


def find_jrnl(given: str | None) -> str | None:
    if given:
        return given if Path(given).exists() else None
    return shutil.which("jrnl")


def measure_jrnl(
    subject: Subject, runs: int, cache: Path, jrnl: str, results: Results, archive: Path
) -> None:
    folder = cache / f"jrnl-{archive.stem}"  # the journal is kept beside its archive
    folder.mkdir(parents=True, exist_ok=True)
    config = write_jrnl(subject.db, folder)
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env["HOME"] = str(folder)  # jrnl reads and writes nothing of the user's
    contains = [jrnl, "--config-file", str(config), "-contains", subject.word]
    last = [jrnl, "--config-file", str(config), "-n", "1"]
    run_process(contains, env)  # warm-up
    results["jrnl_contains"] = Figure()
    results["jrnl_memory"] = Figure()
    results["jrnl_last"] = Figure()
    for _ in range(runs):
        ran = run_process(contains, env)
        results["jrnl_contains"].samples.append(ran.seconds * 1000)
        results["jrnl_memory"].samples.append(ran.max_rss_mb)
        results["jrnl_last"].samples.append(run_process(last, env).seconds * 1000)
    ours = results["cli_search"].median
    if ours:
        results["jrnl_ratio"] = Figure([results["jrnl_contains"].median / ours])  # type: ignore[operator]


# the table -----------------------------------------------------------------------------------
def benchmark(
    entries: int,
    *,
    runs: int,
    seed: int,
    cache: Path,
    jrnl: str | None = None,
    app: bool = True,
    log: Callable[[str], None] = print,
) -> Results:
    """Every figure for one archive size."""
    results: Results = {}
    source = archive_for(entries, seed, cache)
    with tempfile.TemporaryDirectory(dir=cache) as work:
        db = Path(work) / "diary.db"
        shutil.copyfile(source, db)
        settle()
        subject = pick_subject(db)
        log(f"{entries} entries: whole processes")
        measure_cli(subject, runs, cache, results)
        if app:
            log(f"{entries} entries: the app")
            try:
                measure_app(subject, runs, cache, results)
            except RuntimeError as error:
                log(f"the app could not be measured: {error}")
        log(f"{entries} entries: in-process")
        settle()
        measure_in_process(subject, runs, results)
        if jrnl:
            log(f"{entries} entries: jrnl")
            measure_jrnl(subject, runs, cache, jrnl, results, source)
    return results


def table(by_size: dict[int, Results], peer: bool) -> str:
    sizes = list(by_size)
    head = ["Measure", "Target", *(f"{size:,} entries" for size in sizes)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in (*ROWS, *(PEER_ROWS if peer else ())):
        cells = [by_size[size].get(row.key, Figure()).show(row.unit) for size in sizes]
        lines.append("| " + " | ".join([row.label, row.target, *cells]) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python = sys.version.split()[0]
    return f"{date.today().isoformat()}, {os.cpu_count()} cores, {model}, Python {python}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", default="10000,100000", help="sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where archives live")
    parser.add_argument("--peer", choices=["jrnl"], help="also time jrnl on the same entries")
    parser.add_argument("--jrnl", help="the jrnl executable (default: jrnl on PATH)")
    parser.add_argument("--no-app", action="store_true", help="skip the app's figures")
    parser.add_argument("--photos", type=int, help="only: a folder of N photos added (photos.py)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child, runs=args.runs)
    if args.photos:
        from photos import measure

        print(measure(args.photos, runs=max(1, args.runs)))
        return 0
    sizes = [int(part.replace("_", "")) for part in args.entries.split(",") if part.strip()]
    jrnl = None
    if args.peer == "jrnl":
        jrnl = find_jrnl(args.jrnl)
        if jrnl is None:
            print("--peer jrnl: jrnl not found; install the 'bench' extra or pass --jrnl PATH")
            return 2
    by_size = {
        size: benchmark(
            size,
            runs=max(1, args.runs),
            seed=args.seed,
            cache=args.cache,
            jrnl=jrnl,
            app=not args.no_app,
        )
        for size in sizes
    }
    print()
    print(f"Medians of {args.runs} runs (slowest in brackets); {machine()}.")
    print()
    print(table(by_size, peer=jrnl is not None))
    return 0


# the app, in its own process -------------------------------------------------------------------
def child(which: str, db: str, mission_id: str, day: str, runs: int) -> int:
    """Run the app (or the bare screen) headless: print 'painted' at first paint, then the
    in-app timings as one JSON line."""
    return asyncio.run(_child(which, Path(db), mission_id, date.fromisoformat(day), runs))


async def _child(which: str, db: Path, mission_id: str, day: date, runs: int) -> int:
    from missiondiary.tui.screens.day import DayScreen

    if which == "bare":
        app, bare_screen = _bare_app()
    else:
        from missiondiary.tui.app import MissionDiaryApp

        app, bare_screen = MissionDiaryApp(db, mission_id=mission_id, day=day), None
    timings: dict[str, list[float]] = {
        "next_day": [],
        "open_meeting": [],
        "open_meeting_first": [],
        "search_key": [],
        "search_shown": [],
        "bare_next_day": [],
        "next_day_calls": [],
        "open_meeting_calls": [],
        "bare_next_day_calls": [],
    }

    def painted_first() -> bool:
        if bare_screen is not None:
            return isinstance(app.screen, bare_screen)
        return isinstance(app.screen, DayScreen) and app.screen.loaded is not None

    async with app.run_test(size=APP_SIZE) as pilot:
        await _until(painted_first)
        await _frame_painted(app.screen)
        print("painted", flush=True)
        if which == "app":
            screen = app.screen
            assert isinstance(screen, DayScreen)
            await _until(lambda: not _busy(app))
            for step in range(max(2, runs)):
                forward = step % 2 == 0
                target = screen.day + timedelta(days=1 if forward else -1)
                started = time.perf_counter()
                screen.action_next_day() if forward else screen.action_prev_day()
                await _until(lambda t=target: screen.loaded is not None and screen.loaded.date == t)
                await _frame_painted(screen)
                timings["next_day"].append((time.perf_counter() - started) * 1000)
                await _until(lambda: not _busy(app))
            meetings = [m for m in (screen.loaded.meetings if screen.loaded else ())]
            for number in range(max(2, runs) + 1 if meetings else 0):
                started = time.perf_counter()
                screen.open_entry("meeting", meetings[number % len(meetings)].id)
                await _until(lambda: app.screen is not screen)
                await _frame_painted(app.screen)
                took = (time.perf_counter() - started) * 1000
                timings["open_meeting_first" if number == 0 else "open_meeting"].append(took)
                app.pop_screen()
                await _until(lambda: app.screen is screen)
                await pilot.pause()
            await _count_calls(app, pilot, screen, meetings, timings)
            await _time_search(app, pilot, db, mission_id, timings)
        else:
            await _time_bare_next_day(app, db, mission_id, day, runs, timings)
    print(json.dumps(timings), flush=True)
    return 0


async def _count_calls(
    app: Any, pilot: Any, screen: Any, meetings: list[Any], timings: dict[str, list[float]]
) -> None:
    """The same steps again, counting the Python function calls each makes (thousands): a
    measure of the work that a busy machine does not blur, as it blurs the time."""
    for step in range(2):
        forward = step % 2 == 0
        target = screen.day + timedelta(days=1 if forward else -1)

        async def move(forward: bool = forward, target: date = target) -> None:
            screen.action_next_day() if forward else screen.action_prev_day()
            await _until(
                lambda: screen.loaded is not None and screen.loaded.date == target, every=0.01
            )
            await _frame_painted(screen)

        timings["next_day_calls"].append(await _calls(move))
        await _until(lambda: not _busy(app))
    for number in range(2 if meetings else 0):

        async def open_form(number: int = number) -> None:
            screen.open_entry("meeting", meetings[number % len(meetings)].id)
            await _until(lambda: app.screen is not screen, every=0.01)
            await _frame_painted(app.screen)

        timings["open_meeting_calls"].append(await _calls(open_form))
        app.pop_screen()
        await _until(lambda: app.screen is screen)
        await pilot.pause()


async def _calls(step: Callable[[], Any]) -> float:
    """Thousands of Python function calls made while `step` runs, by everything in the
    process's thread (the app's workers run in threads of their own and are not counted).
    The step waits in 10 ms sleeps, so that its own waiting adds next to nothing."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    try:
        await step()
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls / 1000  # type: ignore[attr-defined]


async def _time_search(
    app: Any, pilot: Any, db: Path, mission_id: str, timings: dict[str, list[float]]
) -> None:
    """Type the benchmark's words one key at a time in the search screen."""
    import make_archive
    from textual.widgets import Input

    from missiondiary.tui.screens.search import SearchScreen

    search = SearchScreen(db, mission_id)
    app.push_screen(search)
    await _until(lambda: app.screen is search)
    await _frame_painted(search)
    box = search.query_one("#query", Input)
    for text in (make_archive.TYPED_PREFIX, make_archive.TYPED_WORDS):
        box.value = ""
        await pilot.pause()
        for end in range(1, len(text) + 1):
            started = time.perf_counter()
            box.insert_text_at_cursor(text[end - 1])
            await _frame_painted(search)
            timings["search_key"].append((time.perf_counter() - started) * 1000)
            if text[end - 1].isspace():
                continue
            await _until(lambda: search._timer is not None)
            search._timer.stop()  # the pause in typing is not counted: search now
            started = time.perf_counter()
            search.start_search()
            await _until(lambda t=text[:end]: search.shown_for == t)
            await _frame_painted(search)
            timings["search_shown"].append((time.perf_counter() - started) * 1000)


async def _time_bare_next_day(
    app: Any, db: Path, mission_id: str, day: date, runs: int, timings: dict[str, list[float]]
) -> None:
    """The bare app's widgets given the days the app moves between, read beforehand: what
    Textual and the widgets cost without the day screen, its store and its worker."""
    from missiondiary.store import open_store
    from missiondiary.tui.widgets.pane import EntryPane
    from missiondiary.tui.widgets.title_line import TitleLine

    with open_store(db, readonly=True) as store:
        days = [store.day(mission_id, day), store.day(mission_id, day + timedelta(days=1))]
    screen = app.screen
    for pane in screen.query(EntryPane):
        pane.day = days[0]
    await _frame_painted(screen)
    for step in range(max(2, runs)):
        shown = days[(step + 1) % 2]
        started = time.perf_counter()
        screen.query_one(TitleLine).day = shown
        for pane in screen.query(EntryPane):
            pane.day = shown
        await _frame_painted(screen)
        timings["bare_next_day"].append((time.perf_counter() - started) * 1000)
    for step in range(2):
        shown = days[(step + 1) % 2]

        async def move(shown: Any = shown) -> None:
            screen.query_one(TitleLine).day = shown
            for pane in screen.query(EntryPane):
                pane.day = shown
            await _frame_painted(screen)

        timings["bare_next_day_calls"].append(await _calls(move))


def _busy(app: Any) -> bool:
    return any(not worker.is_finished for worker in app.workers)


async def _frame_painted(node: Any) -> None:
    """Until the frame that shows the change has been painted: `call_after_refresh` runs once
    the compositor has drawn the refresh the change asked for (not `pilot.pause()`, which
    only waits for the message queue to be empty)."""
    painted = asyncio.Event()
    node.call_after_refresh(painted.set)
    await painted.wait()


async def _until(
    condition: Callable[[], bool], timeout: float = 60.0, every: float = 0.0005
) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(every)


def _bare_app() -> tuple[Any, type]:
    """A plain Textual app showing the day screen's widgets and styles: no data, no diary
    opened, none of the day screen's behaviour (its compose only)."""
    from textual.app import App
    from textual.screen import Screen

    import missiondiary.tui.app as app_module
    import missiondiary.tui.screens.day as day_module
    from missiondiary.tui.screens.day import DayScreen

    class BareDayScreen(Screen[None]):
        CSS_PATH = str(Path(day_module.__file__).with_name("day.tcss"))
        AUTO_FOCUS = DayScreen.AUTO_FOCUS
        HORIZONTAL_BREAKPOINTS = DayScreen.HORIZONTAL_BREAKPOINTS
        BINDINGS = DayScreen.BINDINGS
        compose = DayScreen.compose

    class BareApp(App[None]):
        CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

        def on_mount(self) -> None:
            self.push_screen(BareDayScreen())

    return BareApp(), BareDayScreen


if __name__ == "__main__":
    sys.exit(main())
