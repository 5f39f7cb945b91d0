"""Files that come and go: calendars (`ics import`, `ics export`) and the JSON exchange file
(`export`, `import`). `-` is stdin or stdout; a file is written whole or not at all."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import note
from missiondiary.cli.params import IN_FILE, OUT_FILE
from missiondiary.domain.text import plural


def _read(path: Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    return path.read_bytes()


def _name(path: Path) -> str:
    return "stdin" if str(path) == "-" else str(path)


def _write(path: Path, data: bytes) -> bool:
    """Write `data` to the file (owner-only: it may hold private entries) or to stdout;
    True when it went to a file, which the command then reports."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    from missiondiary.publish.files import write_atomic

    target = path.expanduser()
    write_atomic(target.parent, target.name, data, make_folder=False, owner_only=True)
    return True


# calendars ------------------------------------------------------------------------------


@click.group("ics")
def ics() -> None:
    """Calendar files (.ics): read an itinerary in, or send it to your calendar."""


@ics.command("import")
@click.argument("mission_ref", metavar="MISSION")
@click.argument("file", type=IN_FILE)
@pass_diary
def ics_import(diary: Diary, mission_ref: str, file: Path) -> None:
    """Add a calendar file's events to a mission's itinerary.

    Zones come from the file; floating and all-day times take the mission's zone; repeating
    events are expanded within the mission's dates. Importing the same file again adds
    nothing.
    """
    from missiondiary.interchange.calendars import import_ics

    data = _read(file)
    with diary.open() as store:
        mission = store.find_mission(mission_ref)
        report = import_ics(store, mission, data, source=_name(file))
    for item in report.added:
        click.echo(
            f"added    {item.id[:8]}  {item.start.local:%Y-%m-%d %H:%M} {item.start.tz}  "
            f"{item.kind:<9}  {item.title}"
        )
    for summary, why in report.skipped:
        click.echo(f"skipped  {summary}: {why}")
    for text in report.notes:
        note(f"note: {text}")
    click.echo(
        f"{plural(len(report.added), 'item')} added to {mission.slug}, "
        f"{report.already} already there, {len(report.skipped)} skipped"
    )


@ics.command("export")
@click.argument("mission_ref", metavar="MISSION")
@click.option(
    "--out", "out", required=True, type=OUT_FILE, help="The .ics file to write (- for stdout)."
)
@pass_diary
def ics_export(diary: Diary, mission_ref: str, out: Path) -> None:
    """Write a mission's itinerary (events) and open follow-ups (to-dos) as a calendar file.

    Every entry is included, private ones marked private: the file is for your own calendar.
    """
    from missiondiary.interchange.calendars import export_ics

    with diary.open(reading=True) as store:
        mission = store.find_mission(mission_ref)
        data = export_ics(store, mission)
        items = len(store.itinerary_for_mission(mission.id))
        todos = len(store.followups(mission.id, open_only=True))
    if _write(out, data):
        click.echo(
            f"Wrote {click.format_filename(out)}: {plural(items, 'event')}, "
            f"{plural(todos, 'open follow-up')}",
        )


# the exchange file -----------------------------------------------------------------------

_COUNTED = (
    ("missions", "mission", None),
    ("itinerary", "itinerary item", None),
    ("meetings", "meeting", None),
    ("followups", "follow-up", None),
    ("posts", "day post", None),
    ("people", "person", "people"),
    ("organisations", "organisation", None),
)


@click.command("export")
@click.option("--mission", "mission_ref", metavar="MISSION", help="Only this mission.")
@click.option(
    "--out", "out", required=True, type=OUT_FILE, help="The .json file to write (- for stdout)."
)
@pass_diary
def export(diary: Diary, mission_ref: str | None, out: Path) -> None:
    """Write the whole diary (or one mission) as a JSON file another diary can import."""
    from missiondiary.interchange.json_format import VERSION, dumps, export_json

    with diary.open(reading=True) as store:
        mission = store.find_mission(mission_ref, "--mission") if mission_ref else None
        document = export_json(store, mission)
        if store.key is not None:
            note(
                f"Warning: {store.path} is encrypted, but this export holds its private "
                "notes in the clear; keep it safe and delete it when done"
            )
    if _write(out, dumps(document).encode("utf-8")):
        counts = ", ".join(plural(len(document[key]), one, many) for key, one, many in _COUNTED)
        click.echo(f"Wrote {click.format_filename(out)} (format version {VERSION}): {counts}")


@click.command("import")
@click.argument("file", type=IN_FILE)
@pass_diary
def import_(diary: Diary, file: Path) -> None:
    """Merge a JSON export into this diary.

    New entries are added; an entry both sides hold in different versions takes the more
    recently updated one, and the other version is kept in the diary's history.
    """
    from missiondiary.interchange.json_format import import_json

    data = _read(file)
    with diary.open(create=True) as store:
        report = import_json(store, data, source=_name(file))
    for entity, label, winner in report.conflicts:
        if winner == "file":
            click.echo(f"updated  {entity}: {label} (the file's version was newer)")
        else:
            click.echo(f"kept     {entity}: {label} (this diary's version is newer)")
    for entity, label, why in report.skipped:
        click.echo(f"skipped  {entity}: {label}: {why}")
    click.echo(f"Imported {_name(file)}: {report.summary()}")
    if report.updated or report.kept:
        click.echo("The versions not taken are kept in the diary's history.")
