"""The photo benchmark: a phone's folder of photos added to a diary in one command.

    python benchmarks/run.py --photos 200            # 200 photos of 12 MP, as a phone takes them
    python benchmarks/photos.py --photos 50 --side 2000

Photos are made once (Pillow: a 4032 x 3024 picture with grain, so each JPEG is as large as a
phone's) and kept in --cache. Each run adds the whole folder to a fresh diary with the venv's
`missiondiary photo add` in its own process, and prints the time, the diary's growth and what
one photo adds on average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "missiondiary-bench-photos"


def make_folder(count: int, side: int, cache: Path) -> Path:
    """`count` photos with EXIF times on the mission's first days, made once per size."""
    from PIL import Image

    folder = cache / f"{count}-{side}"
    if folder.is_dir() and len(list(folder.glob("*.jpg"))) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    width, height = side, side * 3 // 4
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    for index in range(count):
        base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        tint = Image.new("RGB", (width, height), (40 + index % 200, 90, 160 - index % 120))
        picture = Image.blend(Image.blend(base, tint, 0.5), grain, 0.25)
        exif = Image.Exif()
        inner = exif.get_ifd(0x8769)
        inner[0x9003] = f"2011:11:{21 + index % 5:02d} {8 + index % 12:02d}:{index % 60:02d}:00"
        inner[0x9011] = "+08:00"
        picture.save(folder / f"IMG_{index:04d}.jpg", "JPEG", quality=92, exif=exif.tobytes())
    return folder


def missiondiary() -> str:
    return str(Path(sys.executable).with_name("missiondiary"))


def add_folder(folder: Path, workdir: Path) -> tuple[float, int, int]:
    """(seconds, diary bytes before, after) for one `photo add` of the folder."""
    db = workdir / "diary.db"
    env = {**os.environ, "MISSIONDIARY_DB": str(db)}
    new = [missiondiary(), "mission", "new", "Bench", "--start", "2011-11-21"]
    new += ["--end", "2011-11-30", "--tz", "Asia/Shanghai", "--slug", "bench"]
    subprocess.run(new, env=env, check=True, capture_output=True)
    before = db.stat().st_size
    started = time.perf_counter()
    subprocess.run(
        [missiondiary(), "photo", "add", "bench", str(folder)],
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    subprocess.run(["sqlite3", str(db), "PRAGMA wal_checkpoint(TRUNCATE)"], capture_output=True)
    return seconds, before, db.stat().st_size


def measure(count: int, side: int = 4032, runs: int = 3, cache: Path = DEFAULT_CACHE) -> str:
    folder = make_folder(count, side, cache)
    originals = sum(path.stat().st_size for path in folder.glob("*.jpg"))
    times, growth = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as workdir:
            seconds, before, after = add_folder(folder, Path(workdir))
            times.append(seconds)
            growth.append(after - before)
    per_photo = statistics.median(growth) / count
    return "\n".join(
        [
            f"{count} photos of {side}x{side * 3 // 4} ({originals / count / 1e6:.1f} MB each "
            f"as taken), `photo add FOLDER`, {os.cpu_count()} cores, median of {runs}:",
            f"  time {statistics.median(times):.1f} s (slowest {max(times):.1f} s)",
            f"  diary grows {statistics.median(growth) / 1e6:.0f} MB, "
            f"{per_photo / 1e3:.0f} KB a photo",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--side", type=int, default=4032, help="long side of each photo")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    print(measure(args.photos, args.side, args.runs, args.cache))
    return 0


if __name__ == "__main__":
    sys.exit(main())
