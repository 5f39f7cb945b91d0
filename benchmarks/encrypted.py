"""Plain against encrypted: the same archive, once as a plain SQLite file and once encrypted
with SQLCipher, side by side.

    python benchmarks/encrypted.py                          # 10,000 and 100,000 entries
    python benchmarks/encrypted.py --entries 10000 --runs 3 --no-app

Uses run.py's archives, processes and app measures. Every figure for the encrypted diary
includes what the process pays to open it; SQLCipher's key derivation (PBKDF2-SHA512,
256,000 rounds) is paid once per process and is shown on a row of its own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run

PASSPHRASE = "benchmark passphrase"
ROWS = (
    ("cli_search", "`missiondiary search WORD` (whole process)"),
    ("cli_day", "`missiondiary day show MISSION DAY` (whole process)"),
    ("store_day", "Next day, `Store.day` alone"),
    ("search_words", "Search as you type: 2 words"),
    ("app_paint", "App start to first paint of the day"),
    ("next_day", "Next day, in the app (to the end of the frame)"),
    ("derive", "Key derivation, once per process"),
)


def measure(subject: run.Subject, runs: int, cache: Path, app: bool) -> run.Results:
    results: run.Results = {}
    env = run.child_env(cache, subject.db)
    command = run.missiondiary_command()
    day = ["day", "show", subject.mission_id, subject.day.isoformat()]
    for key, args in (
        ("cli_search", [*command, "--db", str(subject.db), "search", subject.word]),
        ("cli_day", [*command, "--db", str(subject.db), *day]),
    ):
        run.run_process(args, env)  # warm-up
        run.settle()
        figure = results.setdefault(key, run.Figure())
        for _ in range(runs):
            figure.samples.append(run.run_process(args, env).seconds * 1000)
    run.measure_in_process(subject, runs, results)
    if app:
        run.measure_app(subject, runs, cache, results)
    return results


def key_derivation(runs: int) -> run.Figure:
    from missiondiary.store import crypto

    return run.Figure(
        [run.timed(lambda: crypto.derive(PASSPHRASE, os.urandom(16)), 1)[0] for _ in range(runs)]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", default="10000,100000", help="sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=run.DEFAULT_CACHE)
    parser.add_argument("--no-app", action="store_true", help="skip the app's figures")
    args = parser.parse_args(argv)
    from missiondiary.store.encryption import encrypt_diary

    sizes = [int(part.replace("_", "")) for part in args.entries.split(",") if part.strip()]
    lines = [
        "| Measure | " + " | ".join(f"{s:,} plain | {s:,} encrypted | ratio" for s in sizes) + " |",
        "|---|" + "---|---|---|" * len(sizes),
    ]
    by_size = {}
    for size in sizes:
        source = run.archive_for(size, args.seed, args.cache)
        with tempfile.TemporaryDirectory(dir=args.cache) as work:
            plain = Path(work) / "plain" / "diary.db"
            locked = Path(work) / "encrypted" / "diary.db"
            for path in (plain, locked):
                path.parent.mkdir()
                shutil.copyfile(source, path)
            started = time.perf_counter()
            encrypt_diary(locked, PASSPHRASE)
            print(f"{size} entries: encrypted in {time.perf_counter() - started:.1f} s")
            print(f"{size} entries: plain")
            plain_results = measure(run.pick_subject(plain), args.runs, args.cache, not args.no_app)
            os.environ["MISSIONDIARY_PASSPHRASE"] = PASSPHRASE
            try:
                print(f"{size} entries: encrypted")
                subject = run.pick_subject(locked)
                locked_results = measure(subject, args.runs, args.cache, not args.no_app)
            finally:
                os.environ.pop("MISSIONDIARY_PASSPHRASE", None)
            locked_results["derive"] = key_derivation(args.runs)
            by_size[size] = (plain_results, locked_results)
    for key, label in ROWS:
        cells = []
        for plain_results, locked_results in by_size.values():
            mine, theirs = (
                plain_results.get(key, run.Figure()),
                locked_results.get(key, run.Figure()),
            )
            ratio = f"{theirs.median / mine.median:.2f}×" if mine.median and theirs.median else ""
            cells += [mine.show("ms"), theirs.show("ms"), ratio]
        lines.append("| " + " | ".join([label, *cells]) + " |")
    print()
    print(f"Medians of {args.runs} runs (slowest in brackets); {run.machine()}.")
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
