"""Commands for files that come and go: calendars (`ics import`, `ics export`) and the JSON
exchange file (`export`, `import`). cli.py attaches them to the main group:

    cli.add_command(ics)
    cli.add_command(export_command)
    cli.add_command(import_command)

Like the rest of the command line they parse, call the library, print; the library's
DiaryErrors become one line and exit status 1 in the main group. The diary comes from the
main group's context object (`Diary`, with `open()`), so this module never imports cli.py.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from missiondiary.errors import DiaryError

_IN_FILE = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
_OUT_FILE = click.Path(dir_okay=False, allow_dash=True, path_type=Path)


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _read(path: Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    return path.read_bytes()


def _name(path: Path) -> str:
    return "stdin" if str(path) == "-" else str(path)


def write_file(path: Path, data: bytes) -> None:
    """The whole file or nothing: a temp file beside it, then a rename."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = path.expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise DiaryError(f"--out: the folder {folder} does not exist")
    temp = ""
    try:
        with tempfile.NamedTemporaryFile(
            "wb", dir=folder, prefix=".tmp-", suffix=".part", delete=False
        ) as handle:
            temp = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as error:
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise DiaryError(f"--out: cannot write {target}: {error.strerror}") from None


# calendars ------------------------------------------------------------------------------


@click.group("ics")
def ics() -> None:
    """Calendar files (.ics): read an itinerary in, or send it to your calendar."""


@ics.command("import")
@click.argument("mission_ref", metavar="MISSION")
@click.argument("file", type=_IN_FILE)
@click.pass_obj
def ics_import(diary: Any, mission_ref: str, file: Path) -> None:
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
        click.echo(f"note: {text}", err=True)
    click.echo(
        f"{_plural(len(report.added), 'item')} added to {mission.slug}, "
        f"{report.already} already there, {len(report.skipped)} skipped"
    )


@ics.command("export")
@click.argument("mission_ref", metavar="MISSION")
@click.option(
    "--out", "out", required=True, type=_OUT_FILE, help="The .ics file to write (- for stdout)."
)
@click.pass_obj
def ics_export(diary: Any, mission_ref: str, out: Path) -> None:
    """Write a mission's itinerary (events) and open follow-ups (to-dos) as a calendar file.

    Every entry is included, private ones marked private: the file is for your own calendar.
    """
    from missiondiary.interchange.calendars import export_ics

    with diary.open(reading=True) as store:
        mission = store.find_mission(mission_ref)
        data = export_ics(store, mission)
        items = len(store.itinerary_for_mission(mission.id))
        todos = len(store.followups(mission.id, open_only=True))
    write_file(out, data)
    if str(out) != "-":
        click.echo(
            f"Wrote {click.format_filename(out)}: {_plural(items, 'event')}, "
            f"{_plural(todos, 'open follow-up')}",
        )


# the exchange file -----------------------------------------------------------------------


@click.command("export")
@click.option("--mission", "mission_ref", metavar="MISSION", help="Only this mission.")
@click.option(
    "--out", "out", required=True, type=_OUT_FILE, help="The .json file to write (- for stdout)."
)
@click.pass_obj
def export_command(diary: Any, mission_ref: str | None, out: Path) -> None:
    """Write the whole diary (or one mission) as a JSON file another diary can import."""
    from missiondiary.interchange.json_format import VERSION, dumps, export_json

    with diary.open(reading=True) as store:
        mission = store.find_mission(mission_ref, "--mission") if mission_ref else None
        document = export_json(store, mission)
    write_file(out, dumps(document).encode("utf-8"))
    if str(out) != "-":
        counts = ", ".join(
            _plural(len(document[key]), word, many)
            for key, word, many in (
                ("missions", "mission", None),
                ("itinerary", "itinerary item", None),
                ("meetings", "meeting", None),
                ("followups", "follow-up", None),
                ("posts", "day post", None),
                ("people", "person", "people"),
                ("organisations", "organisation", None),
            )
        )
        click.echo(f"Wrote {click.format_filename(out)} (format version {VERSION}): {counts}")


@click.command("import")
@click.argument("file", type=_IN_FILE)
@click.pass_obj
def import_command(diary: Any, file: Path) -> None:
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
