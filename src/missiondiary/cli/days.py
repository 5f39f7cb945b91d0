"""`day show` and `post write`: one mission day, and the delegate's words for it."""

from __future__ import annotations

from datetime import date
from typing import IO

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import (
    DiaryGroup,
    clock,
    emit_json,
    human_date,
    section,
    short,
    wrapped,
    wrapped_lines,
)
from missiondiary.cli.params import DAY, VISIBILITY, json_option, read_text
from missiondiary.cli.shapes import day_json
from missiondiary.domain import Day, FollowUpStatus
from missiondiary.domain.text import plural


@click.group(cls=DiaryGroup)
def day() -> None:
    """One mission day: itinerary, meetings, follow-ups and the day's post."""


@day.command("show")
@click.argument("mission_ref", metavar="MISSION")
@click.argument("day_ref", metavar="DAY", type=DAY)
@json_option
@pass_diary
def day_show(diary: Diary, mission_ref: str, day_ref: int | date, as_json: bool) -> None:
    """Show a day: DAY is a number (1 = the first day, 0 = travel before it) or a date."""
    with diary.open(reading=True) as store:
        found = store.find_mission(mission_ref)
        when = store.day_of(found, day_ref, "DAY")
        shown = store.day(found.id, when)
    if as_json:
        emit_json(day_json(shown))
        return
    print_day(shown)


def print_day(shown: Day) -> None:
    mission = shown.mission
    click.secho(f"{mission.title} — Day {shown.number} of {mission.day_count}", bold=True)
    home = f" (home: {mission.home_tz})" if mission.home_tz != shown.tz else ""
    click.echo(
        f"{shown.date:%A} {shown.date.day} {shown.date:%B %Y} · {shown.place} · {shown.tz}{home}"
    )

    section("Itinerary", shown.itinerary, "(nothing scheduled)")
    for item in shown.itinerary:
        when = clock(item.start, with_date=shown.date)
        if item.end is not None:
            when += f" → {clock(item.end, with_date=shown.date)}"
        click.echo(f"  {when}  {item.kind}  {item.title}  [{item.visibility}]  {short(item.id)}")
        if item.location:
            click.echo(f"      {item.location}")
        if item.details:
            wrapped(item.details, "      ")

    section("Meetings", shown.meetings)
    for entry in shown.meetings:
        click.echo(f"  {clock(entry.at)}  {entry.title}  [{entry.visibility}]  {short(entry.id)}")
        if entry.location:
            click.echo(f"      at {entry.location}")
        if entry.organisations:
            wrapped("organisations: " + ", ".join(entry.organisations), "      ")
        for person in entry.attendees:
            click.echo(f"      with {person}")
        if entry.summary:
            wrapped(f"summary: {entry.summary}", "      ")
        for outcome in entry.outcomes:
            money = f" — {outcome.money()}" if outcome.amount is not None else ""
            wrapped(f"agreed: {outcome.text}{money}", "      ")
        if entry.notes.strip():
            click.echo("      notes (private):")
            wrapped_lines(entry.notes, "        ")

    section("Follow-ups", shown.followups)
    for item in shown.followups:
        mark = {"open": "[ ]", "done": "[x]", "dropped": "[-]"}[item.status.value]
        bits = [item.text]
        if item.owner:
            bits.append(item.owner)
        if item.due:
            bits.append(f"due {item.due}")
        if item.closed_on and item.status is not FollowUpStatus.OPEN:
            bits.append(f"{item.status} {item.closed_on}")
        line = f"  {mark} {' — '.join(bits)}  [{item.visibility}]  {short(item.id)}"
        if item.overdue(shown.date):
            click.secho(line, fg="red")
        else:
            click.echo(line)

    if shown.photos:
        section("Photos", shown.photos)
        for picture in shown.photos:
            caption = picture.caption or f"({picture.file_name})"
            click.echo(
                f"  {clock(picture.at)}  {caption}  [{picture.visibility}]  {short(picture.id)}"
            )

    post = shown.post
    section("Post")
    if post is None or not post.body.strip():
        click.echo(
            f"  (no words yet: missiondiary post write {mission.slug} {shown.number} --text ...)"
        )
        if post is not None:
            click.echo(f"  [{post.visibility}]  {short(post.id)}")
    else:
        status = str(post.status)
        head = f"{post.title} ({status})" if post.title else f"({status})"
        click.echo(f"  {head}  [{post.visibility}]  {short(post.id)}")
        wrapped_lines(post.body, "  ")


@click.group(cls=DiaryGroup)
def post() -> None:
    """The delegate's own words for a day."""


@post.command("write")
@click.argument("mission_ref", metavar="MISSION")
@click.argument("day_ref", metavar="DAY", type=DAY)
@click.option("--text", help="The words (Markdown).")
@click.option(
    "--file",
    "source",
    type=click.File("r", encoding="utf-8"),
    help="Read the words from a file, or - for stdin.",
)
@click.option("--title", help="The post's title (default: '<mission> – Day N').")
@click.option("--place", help='The heading for where you were ("China / Chongqing").')
@click.option(
    "--visibility",
    type=VISIBILITY,
    help="Who may read the words: private, members (a new post's) or public.",
)
@pass_diary
def post_write(
    diary: Diary,
    mission_ref: str,
    day_ref: int | date,
    text: str | None,
    source: IO[str] | None,
    title: str | None,
    place: str | None,
    visibility: str | None,
) -> None:
    """Write (or replace) a day's words; DAY is a number or a date."""
    if text is not None and source is not None:
        raise click.UsageError("--text and --file cannot be used together")
    given = (text, source, title, place, visibility)
    if all(value is None for value in given):
        raise click.UsageError("give the words with --text or --file")
    body = read_text(source, "--file") if source is not None else text
    with diary.open() as store:
        found = store.find_mission(mission_ref)
        when = store.day_of(found, day_ref, "DAY")
        number = found.day_number(when)
        saved = store.write_post(
            found.id,
            number,
            body,
            title=title,
            place=place,
            visibility=visibility.lower() if visibility else None,
        )
    words = len(saved.body.split())
    click.echo(
        f"Saved Day {number} ({human_date(when)}) of {found.slug}: {plural(words, 'word')}"
        + (f", titled '{saved.title}'" if saved.title else "")
        + (f", at {saved.place}" if saved.place else "")
        + f" [{saved.visibility}]  {short(saved.id)}"
    )
