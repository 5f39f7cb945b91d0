"""`photo`: pictures of a mission's days, added from a phone's folder, listed, captioned and
exported. `delete`, `undo`, `trash` and `visibility` take a photo's id like any entry's."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import (
    DiaryGroup,
    clock,
    emit_table,
    human_date,
    note,
    said_without_table,
    short,
)
from missiondiary.cli.params import DAY, OUT_FILE, VISIBILITY, WALL_TIME, ZONE, json_option
from missiondiary.domain import Photo, Visibility
from missiondiary.domain.text import plural


@click.group(cls=DiaryGroup)
def photo() -> None:
    """Photos of the days: added from files or a folder, placed by the time they were taken."""


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count // 1000} KB"


def photo_json(item: Photo, mission=None) -> dict:
    return {
        "id": item.id,
        "mission_id": item.mission_id,
        "day": mission.day_number(item.local_date) if mission else None,
        "date": item.local_date,
        "at_local": item.at.local.isoformat(timespec="seconds"),
        "tz": item.at.tz,
        "at_utc": item.at.utc.isoformat(timespec="seconds"),
        "time_from": item.time_source,
        "caption": item.caption,
        "meeting_id": item.meeting_id,
        "visibility": item.visibility.value,
        "file_name": item.file_name,
        "original_path": item.original_path,
        "width": item.width,
        "height": item.height,
        "stored_bytes": item.stored_bytes,
        "latitude": item.latitude,
        "longitude": item.longitude,
        "content_hash": item.content_hash,
    }


def photo_line(item: Photo, mission) -> str:
    caption = item.caption or "(no caption)"
    return (
        f"  Day {mission.day_number(item.local_date)}  {clock(item.at)}  {caption}  "
        f"[{item.visibility}]  {short(item.id)}"
    )


@photo.command("add")
@click.argument("mission_ref", metavar="MISSION")
@click.argument("paths", metavar="FILE_OR_FOLDER...", nargs=-1, required=True, type=Path)
@click.option("--caption", default="", help="A caption for every photo added.")
@click.option("--at", "at", type=WALL_TIME, help='When they were taken "YYYY-MM-DD HH:MM".')
@click.option("--tz", type=ZONE, help="Zone of --at (default: the mission's).")
@click.option("--meeting", "meeting_ref", metavar="ID", help="The meeting they show.")
@click.option("--visibility", type=VISIBILITY, default="members", show_default=True)
@pass_diary
def photo_add(
    diary: Diary,
    mission_ref: str,
    paths: tuple[Path, ...],
    caption: str,
    at: datetime | None,
    tz: str | None,
    meeting_ref: str | None,
    visibility: str,
) -> None:
    """Add photos (JPEG, PNG, WebP, HEIC) to a mission; a folder adds every photo in it.

    Each lands on the day it was taken: the camera's time with its offset, or the camera's
    clock read on the mission's clock, or --at, or the file's time. Photos taken outside the
    mission are skipped unless --at is given. All are added in one step (undo takes them all
    back); stopping halfway adds nothing."""
    from missiondiary.interchange.photo_files import add_photo_files, photo_files

    if tz is not None and at is None:
        raise click.UsageError("--tz goes with --at")
    files = photo_files(paths)
    if not files:
        raise click.UsageError("no photos there (JPEG, PNG, WebP or HEIC files)")
    with diary.open() as store:
        found = store.find_mission(mission_ref)
        meeting_id = store.resolve_id("meeting", meeting_ref, "--meeting") if meeting_ref else None
        if at is not None:
            from missiondiary.cli.params import place_time

            place_time(at, tz or found.tz, "--at")  # a skipped wall time: exit 2, nothing added
        options = {
            "caption": caption,
            "at": at,
            "tz": tz,
            "meeting_id": meeting_id,
            "visibility": Visibility(visibility.lower()),
        }
        if len(files) > 1:
            with click.progressbar(
                length=len(files),
                label=f"Reading {plural(len(files), 'photo')}",
                file=sys.stderr,  # stdout stays the answer
            ) as bar:
                report = add_photo_files(
                    store, found, files, on_each=lambda _path: bar.update(1), **options
                )
        else:
            report = add_photo_files(store, found, files, **options)
    for line in report.lines:
        note(line)
    if report.added:
        total = sum(item.stored_bytes for item in report.added)
        click.echo(
            f"Added {plural(len(report.added), 'photo')} to {found.slug} "
            f"({_size(total)} in the diary):"
        )
        for item in report.added:
            click.echo(photo_line(item, found))
    if report.refused and not report.added:
        raise click.ClickException(
            f"FILE_OR_FOLDER: nothing added ({plural(report.refused, 'file')} refused)"
        )
    if not report.added:
        note("No photos added.")


@photo.command("list")
@click.argument("mission_ref", metavar="MISSION")
@click.option("--day", "day_ref", type=DAY, help="Only this day (number or date).")
@json_option
@pass_diary
def photo_list(diary: Diary, mission_ref: str, day_ref: int | date | None, as_json: bool) -> None:
    """The mission's photos in the order they were taken, with where and when."""
    with diary.open(reading=True) as store:
        found = store.find_mission(mission_ref)
        if day_ref is not None:
            listed = store.photos_for_day(found.id, store.day_of(found, day_ref, "--day"))
        else:
            listed = store.photos_for_mission(found.id)
    if said_without_table(as_json, listed, "No photos.", lambda item: photo_json(item, found)):
        return
    emit_table(
        ["ID", "Day", "Taken", "Caption", "File", "Size", "Place", "Visibility"],
        [
            [
                short(item.id),
                str(found.day_number(item.local_date)),
                f"{human_date(item.local_date)} {clock(item.at)}",
                item.caption or "-",
                item.file_name,
                f"{item.width}x{item.height} {_size(item.stored_bytes)}",
                item.place or "-",
                item.visibility.value,
            ]
            for item in listed
        ],
    )


@photo.command("edit")
@click.argument("ref", metavar="ID")
@click.option("--caption", help="The caption (empty to remove it).")
@click.option("--at", "at", type=WALL_TIME, help='When it was taken "YYYY-MM-DD HH:MM".')
@click.option("--tz", type=ZONE, help="Zone of --at (default: the mission's).")
@click.option("--meeting", "meeting_ref", metavar="ID", help="The meeting it shows.")
@click.option("--no-meeting", is_flag=True, help="It shows no meeting.")
@click.option("--visibility", type=VISIBILITY)
@pass_diary
def photo_edit(
    diary: Diary,
    ref: str,
    caption: str | None,
    at: datetime | None,
    tz: str | None,
    meeting_ref: str | None,
    no_meeting: bool,
    visibility: str | None,
) -> None:
    """Change a photo's caption, time, meeting or visibility; the rest stays."""
    from missiondiary.store.photos import UNSET

    if no_meeting and meeting_ref:
        raise click.UsageError("--meeting and --no-meeting cannot be used together")
    if tz is not None and at is None:
        raise click.UsageError("--tz goes with --at")
    with diary.open() as store:
        photo_id = store.resolve_id("photo", ref, "ID")
        current = store.photo(photo_id)
        mission = store.mission(current.mission_id)
        moment = None
        if at is not None:
            from missiondiary.cli.params import place_time

            moment = place_time(at, tz or mission.tz, "--at")
        meeting: object = UNSET
        if meeting_ref:
            meeting = store.resolve_id("meeting", meeting_ref, "--meeting")
        elif no_meeting:
            meeting = None
        saved = store.update_photo(
            photo_id,
            caption=caption,
            at=moment,
            meeting_id=meeting,
            visibility=Visibility(visibility.lower()) if visibility else None,
        )
    click.echo("Saved photo:")
    click.echo(photo_line(saved, mission))


@photo.command("export")
@click.argument("ref", metavar="ID")
@click.option("--out", "out", required=True, type=OUT_FILE, help="The JPEG to write.")
@pass_diary
def photo_export(diary: Diary, ref: str, out: Path) -> None:
    """Write the diary's copy of a photo (at most 2,560 pixels; it keeps the time and place
    it was taken, for you: published copies never do)."""
    from missiondiary.publish.files import write_atomic

    with diary.open(reading=True) as store:
        found = store.photo(store.resolve_id("photo", ref, "ID"))
        data = store.photo_jpeg(found.content_hash)
    if str(out) == "-":
        click.get_binary_stream("stdout").write(data)
        return
    path = write_atomic(out.parent, out.name, data, make_folder=False, owner_only=True)
    click.echo(f"Wrote {path} ({found.width}x{found.height}, {_size(len(data))})")
