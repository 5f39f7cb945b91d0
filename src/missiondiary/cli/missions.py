"""`mission`: create, change and list missions."""

from __future__ import annotations

from datetime import date

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import DiaryGroup, emit_table, said_without_table, short
from missiondiary.cli.params import DATE, ZONE, json_option
from missiondiary.cli.shapes import mission_json
from missiondiary.domain import MissionSummary
from missiondiary.domain.text import plural


@click.group(cls=DiaryGroup)
def mission() -> None:
    """Create and list missions."""


def _check_span(start: date | None, end: date | None) -> None:
    """Before the diary is opened: the last day is not before Day 1 (when both are given)."""
    if start is not None and end is not None and end < start:
        raise click.BadParameter(f"{end} is before --start {start}", param_hint="'--end'")


@mission.command("new")
@click.argument("title")
@click.option("--start", required=True, type=DATE, help="Day 1 (YYYY-MM-DD).")
@click.option("--end", required=True, type=DATE, help="The last day (YYYY-MM-DD).")
@click.option("--tz", required=True, type=ZONE, help="The mission's time zone (IANA name).")
@click.option("--home-tz", type=ZONE, help="The time zone back home (default: --tz).")
@click.option("--organisation", default="", help="Who sends the delegation.")
@click.option("--author", default="", help="Who signs the posts.")
@click.option("--slug", help="Short name for commands and file names (default from the title).")
@click.option("--category", "categories", multiple=True, help="Post category (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Post tag (repeatable).")
@pass_diary
def mission_new(
    diary: Diary,
    title: str,
    start: date,
    end: date,
    tz: str,
    home_tz: str | None,
    organisation: str,
    author: str,
    slug: str | None,
    categories: tuple[str, ...],
    tags: tuple[str, ...],
) -> None:
    """Create a mission."""
    _check_span(start, end)
    with diary.open(create=True) as store:
        created = store.create_mission(
            title,
            start,
            end,
            tz,
            home_tz=home_tz,
            organisation=organisation,
            author=author,
            slug=slug,
            categories=list(categories) or None,
            tags=list(tags) or None,
        )
    click.echo(
        f"Created mission {created.slug} ({short(created.id)}): {created.title}, "
        f"{created.start_date} to {created.end_date} ({plural(created.day_count, 'day')}), "
        f"{created.tz}"
    )


@mission.command("edit")
@click.argument("mission_ref", metavar="MISSION")
@click.option("--title", help="A new title (the slug stays, so file names do not move).")
@click.option("--start", type=DATE, help="Day 1 (YYYY-MM-DD).")
@click.option("--end", type=DATE, help="The last day (YYYY-MM-DD).")
@click.option("--tz", type=ZONE, help="The mission's time zone.")
@click.option("--home-tz", type=ZONE, help="The time zone back home.")
@click.option("--organisation", help="Who sends the delegation.")
@click.option("--author", help="Who signs the posts.")
@click.option("--category", "categories", multiple=True, help="Replaces the categories.")
@click.option("--tag", "tags", multiple=True, help="Replaces the tags.")
@pass_diary
def mission_edit(
    diary: Diary,
    mission_ref: str,
    title: str | None,
    start: date | None,
    end: date | None,
    tz: str | None,
    home_tz: str | None,
    organisation: str | None,
    author: str | None,
    categories: tuple[str, ...],
    tags: tuple[str, ...],
) -> None:
    """Change a mission; what is not given stays as it was."""
    _check_span(start, end)
    with diary.open() as store:
        found = store.find_mission(mission_ref)
        changed = store.update_mission(
            found.id,
            title=title,
            start_date=start,
            end_date=end,
            tz=tz,
            home_tz=home_tz,
            organisation=organisation,
            author=author,
            categories=list(categories) if categories else None,
            tags=list(tags) if tags else None,
        )
    click.echo(
        f"Changed mission {changed.slug} ({short(changed.id)}): {changed.title}, "
        f"{changed.start_date} to {changed.end_date}, {changed.tz}"
    )


@mission.command("list")
@json_option
@pass_diary
def mission_list(diary: Diary, as_json: bool) -> None:
    """List missions, newest first, with their counts."""
    summaries: list[MissionSummary] = []
    if diary.exists:
        with diary.open(reading=True) as store:
            summaries = store.mission_summaries()
    empty = "No missions yet: 'missiondiary mission new --help' or 'missiondiary demo'."
    if said_without_table(as_json, summaries, empty, lambda s: mission_json(s.mission, s)):
        return
    emit_table(
        ["ID", "SLUG", "DATES", "DAYS", "ZONE", "MEETINGS", "OPEN", "TITLE"],
        [
            [
                short(s.mission.id),
                s.mission.slug,
                f"{s.mission.start_date} to {s.mission.end_date}",
                str(s.mission.day_count),
                s.mission.tz,
                str(s.meeting_count),
                str(s.open_followups),
                s.mission.title,
            ]
            for s in summaries
        ],
    )
