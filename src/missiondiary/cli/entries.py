"""`itinerary` and `meeting`: the entries of a mission's days, added and changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

import click
from click.decorators import FC

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import DiaryGroup, clock, human_date, short
from missiondiary.cli.params import (
    AMOUNT,
    ATTENDEE,
    CURRENCY,
    END_TIME,
    KIND,
    VISIBILITY,
    WALL_TIME,
    ZONE,
    OutcomeOrderCommand,
    end_moment,
    pair_outcomes,
    place_time,
    read_text,
)
from missiondiary.domain import Attendee, Visibility
from missiondiary.errors import InvalidInput


@click.group(cls=DiaryGroup)
def itinerary() -> None:
    """Flights, trains, hotels, meetings on the schedule, ceremonies."""


@itinerary.command("add")
@click.argument("mission_ref", metavar="MISSION")
@click.option("--at", "at", required=True, type=WALL_TIME, help='Local start "YYYY-MM-DD HH:MM".')
@click.option("--end", type=END_TIME, help='Local end "YYYY-MM-DD HH:MM" or just HH:MM.')
@click.option("--tz", type=ZONE, help="Zone of --at (default: the mission's).")
@click.option("--end-tz", type=ZONE, help="Zone of --end when it differs (a flight's arrival).")
@click.option("--title", required=True, help="What it is.")
@click.option("--kind", type=KIND, default="other", show_default=True)
@click.option("--location", default="", help="Where.")
@click.option("--details", default="", help="Booking references, seats, anything.")
@click.option("--visibility", type=VISIBILITY, default="members", show_default=True)
@pass_diary
def itinerary_add(
    diary: Diary,
    mission_ref: str,
    at: datetime,
    end: datetime | tuple[int, int] | None,
    tz: str | None,
    end_tz: str | None,
    title: str,
    kind: str,
    location: str,
    details: str,
    visibility: str,
) -> None:
    """Add an itinerary item to a mission (MISSION: slug or id prefix)."""
    with diary.open() as store:
        found = store.find_mission(mission_ref)
        start = place_time(at, tz or found.tz, "--at")
        finish = None if end is None else end_moment(end, start, end_tz or tz or found.tz)
        item = store.add_itinerary_item(
            found.id,
            title,
            start,
            finish,
            kind=kind.lower(),
            location=location,
            details=details,
            visibility=Visibility(visibility.lower()),
        )
    when = clock(item.start)
    if item.end is not None:
        when += f" → {clock(item.end, with_date=item.start.local_date)}"
    click.echo(
        f"Added {item.kind} {short(item.id)} to {found.slug}, "
        f"Day {found.day_number(item.local_date)} ({human_date(item.local_date)}): "
        f"{when} {item.title} [{item.visibility}]"
    )


@itinerary.command("edit")
@click.argument("ref", metavar="ID")
@click.option("--at", "at", type=WALL_TIME, help='Local start "YYYY-MM-DD HH:MM".')
@click.option("--tz", type=ZONE, help="Zone of the start (alone: the same wall time there).")
@click.option("--end", type=END_TIME, help='Local end "YYYY-MM-DD HH:MM" or just HH:MM.')
@click.option("--end-tz", type=ZONE, help="Zone of the end.")
@click.option("--no-end", is_flag=True, help="Remove the end time.")
@click.option("--title", help="What it is.")
@click.option("--kind", type=KIND)
@click.option("--location", help="Where.")
@click.option("--details", help="Booking references, seats, anything.")
@click.option("--visibility", type=VISIBILITY)
@pass_diary
def itinerary_edit(
    diary: Diary,
    ref: str,
    at: datetime | None,
    tz: str | None,
    end: datetime | tuple[int, int] | None,
    end_tz: str | None,
    no_end: bool,
    title: str | None,
    kind: str | None,
    location: str | None,
    details: str | None,
    visibility: str | None,
) -> None:
    """Change an itinerary item (ID: an id prefix); what is not given stays as it was."""
    if no_end and (end is not None or end_tz is not None):
        raise click.UsageError("--no-end cannot be used with --end or --end-tz")
    with diary.open() as store:
        current = store.itinerary_item(store.resolve_id("itinerary", ref, "ID"))
        start = current.start
        if at is not None or tz is not None:
            start = place_time(at or current.start.local, tz or current.start.tz, "--at")
        changes: dict[str, Any] = {}
        if no_end:
            changes["end"] = None
        elif end is not None or end_tz is not None or (current.end and start != current.start):
            zone = end_tz or (current.end.tz if current.end else start.tz)
            wall = end if end is not None else (current.end.local if current.end else None)
            if wall is not None:
                changes["end"] = end_moment(wall, start, zone)
            else:
                raise click.UsageError("--end-tz needs an --end: this item has none")
        item = store.update_itinerary_item(
            current.id,
            title=title,
            start=start if start != current.start else None,
            kind=kind.lower() if kind else None,
            location=location,
            details=details,
            visibility=Visibility(visibility.lower()) if visibility else None,
            **changes,
        )
    click.echo(f"Changed {item.kind} {short(item.id)}: {clock(item.start)} {item.title}")


_notes_file = click.option(
    "--notes-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the working notes from a file, or - for stdin.",
)
_amount = click.option(
    "--amount", "amounts", multiple=True, type=AMOUNT, help="Value of the outcome before it."
)
_currency = click.option(
    "--currency", "currencies", multiple=True, type=CURRENCY, help="ISO code for that amount."
)


def _attendees(help_text: str) -> Callable[[FC], FC]:
    return click.option(
        "--with",
        "attendees",
        multiple=True,
        type=ATTENDEE,
        metavar='"NAME, ROLE, ORG"',
        help=help_text,
    )


@click.group(cls=DiaryGroup)
def meeting() -> None:
    """Meetings: who, which organisation, notes, summary, outcomes."""


@meeting.command("add", cls=OutcomeOrderCommand)
@click.argument("mission_ref", metavar="MISSION")
@click.option("--at", "at", required=True, type=WALL_TIME, help='Local time "YYYY-MM-DD HH:MM".')
@click.option("--tz", type=ZONE, help="Zone of --at (default: the mission's).")
@click.option("--title", required=True, help="What the meeting was.")
@click.option("--location", default="", help="Where.")
@click.option("--org", "organisations", multiple=True, help="Organisation met (repeatable).")
@_attendees("Someone there (repeatable).")
@click.option("--notes", help="Working notes (Markdown; never published).")
@_notes_file
@click.option("--summary", default="", help="What members may read (Markdown).")
@click.option("--outcome", "outcomes", multiple=True, help="Something agreed (repeatable).")
@_amount
@_currency
@click.option("--itinerary", "itinerary_ref", metavar="ID", help="The itinerary item it fills.")
@click.option("--visibility", type=VISIBILITY, default="private", show_default=True)
@pass_diary
@click.pass_context
def meeting_add(
    ctx: click.Context,
    diary: Diary,
    mission_ref: str,
    at: datetime,
    tz: str | None,
    title: str,
    location: str,
    organisations: tuple[str, ...],
    attendees: tuple[Attendee, ...],
    notes: str | None,
    notes_file: IO[str] | None,
    summary: str,
    outcomes: tuple[str, ...],
    amounts: tuple[Decimal | None, ...],
    currencies: tuple[str | None, ...],
    itinerary_ref: str | None,
    visibility: str,
) -> None:
    """Add a meeting to a mission (MISSION: slug or id prefix).

    Each --amount and --currency belongs to the --outcome just before it:
    --outcome "Distribution agreement" --amount 1250000 --currency CNY
    """
    if notes is not None and notes_file is not None:
        raise click.UsageError("--notes and --notes-file cannot be used together")
    text = read_text(notes_file, "--notes-file") if notes_file is not None else (notes or "")
    agreed = pair_outcomes(
        ctx.meta.get("missiondiary.outcome_order", []), outcomes, amounts, currencies
    )
    with diary.open() as store:
        found = store.find_mission(mission_ref)
        moment = place_time(at, tz or found.tz, "--at")
        item_id = (
            store.resolve_id("itinerary", itinerary_ref, "--itinerary") if itinerary_ref else None
        )
        if item_id and store.itinerary_item(item_id).mission_id != found.id:
            raise InvalidInput("--itinerary: that itinerary item belongs to another mission")
        added = store.add_meeting(
            found.id,
            title,
            moment,
            location=location,
            organisations=organisations,
            attendees=attendees,
            notes=text,
            summary=summary,
            outcomes=agreed,
            visibility=Visibility(visibility.lower()),
            itinerary_id=item_id,
        )
    click.echo(
        f"Added meeting {short(added.id)} to {found.slug}, "
        f"Day {found.day_number(added.local_date)} ({human_date(added.local_date)}): "
        f"{clock(added.at)} {added.title} [{added.visibility}]"
    )


@meeting.command("edit", cls=OutcomeOrderCommand)
@click.argument("ref", metavar="ID")
@click.option("--at", "at", type=WALL_TIME, help='Local time "YYYY-MM-DD HH:MM".')
@click.option("--tz", type=ZONE, help="Zone of the time (alone: the same wall time there).")
@click.option("--title", help="What the meeting was.")
@click.option("--location", help="Where.")
@click.option("--org", "organisations", multiple=True, help="Replaces the organisations.")
@_attendees("Replaces the people.")
@click.option("--notes", help="Replaces the working notes.")
@_notes_file
@click.option("--summary", help="Replaces what members may read.")
@click.option("--outcome", "outcomes", multiple=True, help="Replaces the outcomes.")
@_amount
@_currency
@click.option("--no-outcomes", is_flag=True, help="Remove every outcome.")
@click.option("--visibility", type=VISIBILITY)
@pass_diary
@click.pass_context
def meeting_edit(
    ctx: click.Context,
    diary: Diary,
    ref: str,
    at: datetime | None,
    tz: str | None,
    title: str | None,
    location: str | None,
    organisations: tuple[str, ...],
    attendees: tuple[Attendee, ...],
    notes: str | None,
    notes_file: IO[str] | None,
    summary: str | None,
    outcomes: tuple[str, ...],
    amounts: tuple[Decimal | None, ...],
    currencies: tuple[str | None, ...],
    no_outcomes: bool,
    visibility: str | None,
) -> None:
    """Change a meeting (ID: an id prefix); what is not given stays as it was.

    --org, --with and --outcome replace the whole list they name.
    """
    if notes is not None and notes_file is not None:
        raise click.UsageError("--notes and --notes-file cannot be used together")
    if no_outcomes and (outcomes or amounts or currencies):
        raise click.UsageError("--no-outcomes cannot be used with --outcome")
    text = read_text(notes_file, "--notes-file") if notes_file is not None else notes
    agreed = pair_outcomes(
        ctx.meta.get("missiondiary.outcome_order", []), outcomes, amounts, currencies
    )
    with diary.open() as store:
        current = store.meeting(store.resolve_id("meeting", ref, "ID"))
        moment = None
        if at is not None or tz is not None:
            moment = place_time(at or current.at.local, tz or current.at.tz, "--at")
        changed = store.update_meeting(
            current.id,
            title=title,
            at=moment,
            location=location,
            organisations=list(organisations) if organisations else None,
            attendees=list(attendees) if attendees else None,
            notes=text,
            summary=summary,
            outcomes=[] if no_outcomes else (agreed or None),
            visibility=Visibility(visibility.lower()) if visibility else None,
        )
    click.echo(f"Changed meeting {short(changed.id)}: {clock(changed.at)} {changed.title}")
