"""The app launcher and `demo`: the commands that open the Textual app.

Textual is imported inside `run_app`, so the rest of the command line never loads it."""

from __future__ import annotations

from pathlib import Path

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import human_date
from missiondiary.domain.text import plural


def run_app(path: Path, mission_id: str | None) -> None:
    from missiondiary.tui.app import MissionDiaryApp
    from missiondiary.tui.keymap import keys_file

    MissionDiaryApp(db_path=path, mission_id=mission_id, day=None, keys_path=keys_file()).run()


@click.command()
@click.option("--no-tui", is_flag=True, help="Build the demo and print where it is; no app.")
@pass_diary
def demo(diary: Diary, no_tui: bool) -> None:
    """Add the demo mission (London chamber, China, November 2011) and open it.

    Running it again changes nothing.
    """
    from missiondiary.demo import DEMO_SLUG, build_demo

    with diary.open(create=True) as store:
        existed = any(mission.slug == DEMO_SLUG for mission in store.missions())
        mission = build_demo(store)
        summary = next(s for s in store.mission_summaries() if s.mission.id == mission.id)
    if not no_tui:
        run_app(diary.path, mission.id)
        return
    state = "already in the diary, unchanged" if existed else "added"
    click.echo(f"Demo mission {state}: {mission.title} ({mission.slug})")
    click.echo(
        f"  {human_date(mission.start_date)} to {human_date(mission.end_date)}, "
        f"{plural(mission.day_count, 'day')}, {mission.tz} (home {mission.home_tz})"
    )
    click.echo(
        f"  {plural(summary.itinerary_count, 'itinerary item')}, "
        f"{plural(summary.meeting_count, 'meeting')}, "
        f"{plural(summary.followup_count, 'follow-up')} ({summary.open_followups} open)"
    )
    click.echo(f"Diary: {click.format_filename(diary.path)}")
    db = "" if diary.is_default else f"--db {_quote(str(diary.path))} "
    click.echo("Try:")
    click.echo(f"  missiondiary {db}day show {mission.slug} 1")
    click.echo(f"  missiondiary {db}search Jinshan")
    click.echo(f"  missiondiary {db}followup list --open")
    click.echo(f"  missiondiary {db}".rstrip() + "   (opens the app)")


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
