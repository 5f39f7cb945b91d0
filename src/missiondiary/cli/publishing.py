"""`publish` a day or a whole site, and the mission `report`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import human_date, note
from missiondiary.cli.params import (
    AUDIENCE,
    BASE_URL,
    DATE,
    FORMAT_LIST,
    REPORT_AUDIENCE,
    REPORT_FORMATS,
    out_dir_option,
    theme_option,
)
from missiondiary.domain import Audience
from missiondiary.domain.text import plural


@click.command()
@click.argument("mission_ref", metavar="MISSION")
@click.option("--day", "day_number", type=int, help="The day number to publish.")
@click.option("--date", "day_date", type=DATE, help="The date to publish (YYYY-MM-DD).")
@click.option("--all", "all_days", is_flag=True, help="Every day of the mission.")
@click.option("--audience", type=AUDIENCE, default="members", show_default=True)
@click.option(
    "--format",
    "formats",
    type=FORMAT_LIST,
    default="md",
    show_default=True,
    help="Comma-separated: md, html, and wxr (a WordPress import file, with --all).",
)
@theme_option
@click.option(
    "--base-url",
    default=None,
    type=BASE_URL,
    help="The members' site address, for absolute links in the feed and WordPress file.",
)
@out_dir_option
@pass_diary
def publish(
    diary: Diary,
    mission_ref: str,
    day_number: int | None,
    day_date: date | None,
    all_days: bool,
    audience: str,
    formats: tuple[str, ...],
    theme: str,
    base_url: str | None,
    out_dir: Path,
) -> None:
    """Write a day (or every day) as a blog post for members or the public.

    With --all, also an index page and an Atom feed (feed.xml) for that audience.

    Private entries and meetings' working notes are never written.
    """
    chosen = [
        name
        for name, given in (
            ("--day", day_number is not None),
            ("--date", day_date is not None),
            ("--all", all_days),
        )
        if given
    ]
    if not chosen:
        raise click.UsageError("choose what to publish: --day N, --date YYYY-MM-DD or --all")
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be used together; choose one")
    if "wxr" in formats and not all_days:
        raise click.UsageError("--format: wxr (a WordPress import file) needs --all")
    from missiondiary.publish import publish_day
    from missiondiary.publish.site import publish_site

    who = Audience(audience.lower())
    with diary.open(reading=True) as store:
        found = store.find_mission(mission_ref)
        if all_days:
            site = publish_site(store, found, who, out_dir, formats, theme=theme, base_url=base_url)
            for path in site.paths:
                click.echo(click.format_filename(path))
            note(f"{plural(site.withheld, 'entry', 'entries')} withheld from {who.value}")
            return
        else:
            ref: int | date = day_number if day_number is not None else day_date  # type: ignore[assignment]
            field_name = "--day" if day_number is not None else "--date"
            when = store.day_of(found, ref, field_name)
            results = [publish_day(store, found, when, who, out_dir, formats, theme=theme)]
    if results[0].empty:
        note(
            f"Day {results[0].day_number} ({human_date(results[0].date)}) has nothing for "
            f"{who.value}: no words or entries it may see; nothing was written"
        )
        if results[0].removed:
            names = ", ".join(path.name for path in results[0].removed)
            note(f"Its earlier files were taken out of {out_dir}: {names}")
        return
    withheld = 0
    for result in results:
        for path in result.paths:
            click.echo(click.format_filename(path))
        withheld += result.withheld
    note(f"{plural(withheld, 'entry', 'entries')} withheld from {who.value}")


@click.command("report")
@click.argument("mission_ref", metavar="MISSION")
@click.option(
    "--format",
    "formats",
    type=REPORT_FORMATS,
    default="md",
    show_default=True,
    help="Comma-separated: md, html.",
)
@click.option(
    "--audience",
    type=REPORT_AUDIENCE,
    default="members",
    show_default=True,
    help="private: the delegation's own record, private entries included.",
)
@theme_option
@out_dir_option
@pass_diary
def report(
    diary: Diary,
    mission_ref: str,
    formats: tuple[str, ...],
    audience: str,
    theme: str,
    out_dir: Path,
) -> None:
    """Write the mission report: dates and route, each day in a line, meetings by
    organisation, agreements and totals per currency, follow-ups, organisations met for the
    first time.

    Entries reach it as they would a post for the audience; working notes, contact details
    and protocol notes never do.
    """
    from missiondiary.publish.report import publish_report

    who = Audience(audience.lower())
    with diary.open(reading=True) as store:
        found = store.find_mission(mission_ref)
        rendered, paths = publish_report(store, found, who, out_dir, formats, theme=theme)
    for path in paths:
        click.echo(click.format_filename(path))
    if who is Audience.PRIVATE:
        note("Private report: it includes private entries; keep it to yourself.")
    else:
        note(f"{plural(rendered.withheld, 'entry', 'entries')} withheld from {who.value}")
