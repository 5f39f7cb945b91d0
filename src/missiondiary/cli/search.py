"""`search`: everything the diary holds, by words."""

from __future__ import annotations

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import said_without_table, short
from missiondiary.cli.params import json_option
from missiondiary.cli.shapes import hit_json
from missiondiary.domain import SearchHit


@click.command()
@click.argument("query")
@click.option("--mission", "mission_ref", metavar="MISSION", help="Only this mission.")
@json_option
@pass_diary
def search(diary: Diary, query: str, mission_ref: str | None, as_json: bool) -> None:
    """Search everything: titles, notes, outcomes, follow-ups, posts, people, organisations."""
    hits: list[SearchHit] = []
    if diary.exists or mission_ref:
        with diary.open(reading=True) as store:
            found = store.find_mission(mission_ref) if mission_ref else None
            hits = store.search(query, found.id if found else None)
    if said_without_table(as_json, hits, f"No matches for '{query}'.", hit_json):
        return
    from missiondiary.store.search import snippet_parts

    for hit in hits:
        when = str(hit.day) if hit.day else "          "
        shown = f" [{hit.visibility}]" if hit.visibility else ""
        click.echo(
            f"{when}  {hit.mission_slug}  {hit.kind}  {short(hit.entry_id)}  {hit.title}{shown}"
        )
        snippet = "".join(
            click.style(text, bold=True, underline=True) if matched else text
            for text, matched in snippet_parts(hit.snippet)
        )
        if snippet:
            # Words more private than their entry (a members meeting's working notes) say so.
            private = hit.visibility and hit.snippet_visibility != hit.visibility
            marked = f"[{hit.snippet_visibility} {hit.field}] " if private else ""
            click.echo(f"            {marked}{snippet}")
