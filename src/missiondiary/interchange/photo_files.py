"""Photos from a phone's folder into a mission: find the files, prepare them in parallel,
place each on its day, and add them in one transaction.

Which day: the camera's time with its offset (EXIF OffsetTimeOriginal); a camera time
without an offset is read on the mission's clock for that day (and the output says so);
`--at` overrides both; the file's modification time is the last resort."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from missiondiary.domain import Mission, Moment, Visibility
from missiondiary.domain.photos import (
    PHOTO_EXTENSIONS,
    Photo,
    TimeSource,
    mission_window,
    outside_window,
)
from missiondiary.errors import InvalidInput
from missiondiary.media.images import PhotoRefused, PreparedPhoto, prepare_or_refusal
from missiondiary.store.photos import NewPhoto
from missiondiary.timeline import moment_from_timestamp, moment_with_offset, place

PARALLEL_FROM = 4  # fewer files than this are prepared in this process (no pool start-up)


@dataclass
class AddReport:
    added: list[Photo] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # one per skipped or refused file, notes
    refused: int = 0
    skipped: int = 0


def photo_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the photos inside folders named (not their sub-folders' hidden
    files), in name order; a named file is taken whatever its extension."""
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in PHOTO_EXTENSIONS:
                    found.append(child)
        elif path.exists():
            found.append(path)
        else:
            raise InvalidInput("FILE_OR_FOLDER", f"'{given}' does not exist")
    return list(dict.fromkeys(found))


def prepare_files(
    files: list[Path],
    on_each: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> list[PreparedPhoto | PhotoRefused]:
    """Each file read and resized, in worker processes when there are several (decoding and
    resizing are CPU work that threads would share one core for). Order is kept."""
    names = [str(path) for path in files]
    if len(names) < PARALLEL_FROM or workers == 1:
        results = []
        for path in files:
            results.append(prepare_or_refusal(str(path)))
            if on_each:
                on_each(path)
        return results
    count = workers or max(1, min(len(names), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=count) as pool:
        results = []
        try:
            for path, result in zip(files, pool.map(prepare_or_refusal, names), strict=True):
                results.append(result)
                if on_each:
                    on_each(path)
        except BaseException:  # ctrl+c, or the app's stop: the files not begun are not read
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return results


def place_photo(
    store,
    mission: Mission,
    prepared: PreparedPhoto,
    at: datetime | None,
    tz: str | None,
    zones: dict | None = None,
) -> tuple[Moment, str, str]:
    """(moment, time source, note) for one photo; `zones` caches each day's zone."""
    if at is not None:
        return place(at, tz or mission.tz, "--at").moment, TimeSource.GIVEN, ""
    if prepared.taken is not None:
        zones = {} if zones is None else zones
        when = prepared.taken.date()
        if when not in zones:
            zones[when] = store.day(mission.id, when).tz or mission.tz
        zone = zones[when]
        if prepared.offset is not None:
            zones = list(dict.fromkeys([zone, mission.tz, mission.home_tz]))
            return moment_with_offset(prepared.taken, prepared.offset, zones), TimeSource.EXIF, ""
        try:
            placed = place(prepared.taken, zone, "camera time")
        except InvalidInput:  # a wall time the clocks skipped: an hour later exists
            placed = place(prepared.taken + timedelta(hours=1), zone, "camera time")
        note = f"camera time {prepared.taken:%Y-%m-%d %H:%M} read on the {zone} clock"
        return placed.moment, TimeSource.CAMERA_CLOCK, note
    moment = moment_from_timestamp(prepared.modified, tz or mission.tz)
    return moment, TimeSource.FILE, "no camera time; the file's modification time"


def add_photo_files(
    store,
    mission: Mission,
    files: list[Path],
    *,
    caption: str = "",
    at: datetime | None = None,
    tz: str | None = None,
    meeting_id: str | None = None,
    visibility: Visibility = Visibility.MEMBERS,
    on_each: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> AddReport:
    """Prepare every file, then add those that belong in one transaction (nothing is
    written before every file was read, so stopping halfway adds nothing)."""
    report = AddReport()
    prepared = prepare_files(files, on_each, workers)
    window = mission_window(
        mission,
        store.first_entry_date(mission.id),
        max(
            [d for d in (store.last_photo_date(mission.id), _last_entry(store, mission)) if d],
            default=None,
        ),
    )
    known = store.photo_hashes(mission.id)
    zones: dict = {}
    new: list[NewPhoto] = []
    for path, result in zip(files, prepared, strict=True):
        if isinstance(result, PhotoRefused):
            report.refused += 1
            report.lines.append(f"refused  {path.name}: {result.reason}")
            continue
        if result.content_hash in known:
            report.skipped += 1
            already = known[result.content_hash][:8]
            report.lines.append(f"skipped  {path.name}: already in this mission (photo {already})")
            continue
        moment, source, note = place_photo(store, mission, result, at, tz, zones)
        if at is None and outside_window(moment.local_date, window):
            report.skipped += 1
            report.lines.append(
                f"skipped  {path.name}: {_dated(source)} {moment.local:%Y-%m-%d %H:%M}, "
                "outside the mission "
                f"({window[0]} to {window[1]}); give --at to add it anyway"
            )
            continue
        if note:
            report.lines.append(f"note     {path.name}: {note}")
        known[result.content_hash] = "(this run)"
        new.append(
            NewPhoto(
                at=moment,
                file_name=result.file_name,
                content_hash=result.content_hash,
                jpeg=result.jpeg,
                width=result.width,
                height=result.height,
                time_source=source,
                original_path=str(Path(result.path).resolve()),
                caption=caption,
                meeting_id=meeting_id,
                visibility=visibility,
                latitude=result.latitude,
                longitude=result.longitude,
            )
        )
    if new:
        added = store.add_photos(mission.id, new)
        report.added = sorted(added, key=lambda photo: (photo.at.utc, photo.file_name))
    return report


def _dated(source: str) -> str:
    return "file dated" if source == TimeSource.FILE else "taken"


def _last_entry(store, mission: Mission):
    dates = [e.local_date for e in store.itinerary_for_mission(mission.id)]
    dates += [m.local_date for m in store.meetings_for_mission(mission.id)]
    return max(dates, default=None)
