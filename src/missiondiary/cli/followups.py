"""`followup`: what was promised, who owns it, by when."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import (
    Cell,
    DiaryGroup,
    emit_table,
    said_without_table,
    short,
)
from missiondiary.cli.params import DATE, VISIBILITY, json_option
from missiondiary.cli.shapes import followup_json
from missiondiary.domain import FollowUp, FollowUpStatus, Mission, Visibility
from missiondiary.errors import InvalidInput


def today_for(mission: Mission) -> date:
    from missiondiary.timeline import today_in

    return today_in(mission.tz)


def clamp(day: date, low: date, high: date) -> date:
    return max(low, min(day, high))


@click.group(cls=DiaryGroup)
def followup() -> None:
    """What was promised, who owns it, by when."""


@followup.command("add")
@click.argument("mission_ref", metavar="MISSION")
@click.argument("text")
@click.option("--owner", default="", help="Who will do it.")
@click.option("--due", type=DATE, help="By when (YYYY-MM-DD).")
@click.option("--meeting", "meeting_ref", metavar="ID", help="The meeting it came from.")
@click.option(
    "--date",
    "day_date",
    type=DATE,
    help="The mission day it was noted on (default: the meeting's day, else today).",
)
@click.option("--visibility", type=VISIBILITY, default="private", show_default=True)
@pass_diary
def followup_add(
    diary: Diary,
    mission_ref: str,
    text: str,
    owner: str,
    due: date | None,
    meeting_ref: str | None,
    day_date: date | None,
    visibility: str,
) -> None:
    """Add a follow-up to a mission (MISSION: slug or id prefix)."""
    with diary.open() as store:
        found = store.find_mission(mission_ref)
        meeting_id = None
        if meeting_ref:
            meeting_id = store.resolve_id("meeting", meeting_ref, "--meeting")
            source = store.meeting(meeting_id)
            if source.mission_id != found.id:
                raise InvalidInput("--meeting: that meeting belongs to another mission")
            default_day = source.local_date
        else:
            default_day = clamp(today_for(found), found.start_date, found.end_date)
        added = store.add_followup(
            found.id,
            text,
            day_date or default_day,
            owner=owner,
            due=due,
            meeting_id=meeting_id,
            visibility=Visibility(visibility.lower()),
        )
    due_text = f", due {added.due}" if added.due else ""
    owner_text = f" — {added.owner}" if added.owner else ""
    click.echo(
        f"Added follow-up {short(added.id)} to {found.slug}, "
        f"Day {found.day_number(added.day)}: {added.text}{owner_text}{due_text} "
        f"[{added.visibility}]"
    )


@followup.command("edit")
@click.argument("ref", metavar="ID")
@click.option("--text", help="What is to be done.")
@click.option("--owner", help="Who will do it.")
@click.option("--due", type=DATE, help="By when (YYYY-MM-DD).")
@click.option("--no-due", is_flag=True, help="Remove the due date.")
@click.option("--visibility", type=VISIBILITY)
@pass_diary
def followup_edit(
    diary: Diary,
    ref: str,
    text: str | None,
    owner: str | None,
    due: date | None,
    no_due: bool,
    visibility: str | None,
) -> None:
    """Change a follow-up (ID: an id prefix); what is not given stays as it was."""
    if no_due and due is not None:
        raise click.UsageError("--due and --no-due cannot be used together")
    changes: dict[str, Any] = {}
    if no_due or due is not None:
        changes["due"] = None if no_due else due
    with diary.open() as store:
        followup_id = store.resolve_id("followup", ref, "ID")
        changed = store.update_followup(
            followup_id,
            text=text,
            owner=owner,
            visibility=Visibility(visibility.lower()) if visibility else None,
            **changes,
        )
    click.echo(f"Changed follow-up {short(changed.id)}: {changed.text}")


def _set_status(diary: Diary, ref: str, status: FollowUpStatus, on: date | None) -> None:
    with diary.open() as store:
        followup_id = store.resolve_id("followup", ref, "ID")
        current = store.followup(followup_id)
        if current.status is status:
            when = f" (on {current.closed_on})" if current.closed_on else ""
            click.echo(f"Follow-up {short(followup_id)} is already {status}{when}; nothing changed")
            return
        owner = store.mission(current.mission_id)
        changed = store.set_followup_status(followup_id, status, on=on or today_for(owner))
    words = {"done": "Done", "dropped": "Dropped", "open": "Reopened"}[status.value]
    click.echo(f"{words}: {short(changed.id)} {changed.text}")


def _status_command(name: str, status: FollowUpStatus, about: str, on_help: str = "") -> None:
    """`done`, `drop` and `reopen`: one body, told apart by the status they set."""

    def set_status(diary: Diary, ref: str, on: date | None = None) -> None:
        _set_status(diary, ref, status, on)

    command = pass_diary(set_status)
    if on_help:
        command = click.option("--on", type=DATE, help=on_help)(command)
    followup.command(name, help=about)(click.argument("ref", metavar="ID")(command))


_status_command(
    "done",
    FollowUpStatus.DONE,
    "Mark a follow-up done (ID: an id prefix).",
    "The day it was done (default: today in the mission's zone).",
)
_status_command(
    "drop",
    FollowUpStatus.DROPPED,
    "Drop a follow-up that will not happen.",
    "The day it was dropped (default: today).",
)
_status_command("reopen", FollowUpStatus.OPEN, "Open a done or dropped follow-up again.")


@followup.command("list")
@click.argument("mission_ref", metavar="[MISSION]", required=False)
@click.option("--open", "open_only", is_flag=True, help="Only those still open.")
@click.option("--overdue", is_flag=True, help="Only open ones past their due date.")
@json_option
@pass_diary
def followup_list(
    diary: Diary, mission_ref: str | None, open_only: bool, overdue: bool, as_json: bool
) -> None:
    """List follow-ups of one mission, or of all missions, soonest due first."""
    items: list[FollowUp] = []
    missions: dict[str, Mission] = {}
    today = date.today()
    if diary.exists or mission_ref:
        with diary.open(reading=True) as store:
            found = store.find_mission(mission_ref) if mission_ref else None
            if found is not None:
                today = today_for(found)
            items = store.followups(
                found.id if found else None,
                open_only=open_only,
                overdue_on=today if overdue else None,
            )
            missions = {m.id: m for m in store.missions()}
    empty = "No follow-ups" + (" overdue." if overdue else " open." if open_only else ".")
    if said_without_table(
        as_json, items, empty, lambda f: followup_json(f, missions.get(f.mission_id))
    ):
        return
    headers = ["ID", "STATUS", "DUE", "OWNER", "MISSION", "DAY", "VISIBILITY", "TEXT"]
    rows: list[list[Cell]] = []
    for item in items:
        owner_mission = missions[item.mission_id]
        due: Cell = ""
        if item.due is not None:
            words = item.due_in_words(today) if item.status is FollowUpStatus.OPEN else ""
            due = f"{item.due} ({words})" if words else str(item.due)
            if item.overdue(today):
                due = (due, {"fg": "red"})
        rows.append(
            [
                short(item.id),
                item.status.value,
                due,
                item.owner,
                owner_mission.slug,
                str(owner_mission.day_number(item.day)),
                item.visibility.value,
                item.text,
            ]
        )
    if mission_ref:
        headers.pop(4)
        for row in rows:
            row.pop(4)
    emit_table(headers, rows)
