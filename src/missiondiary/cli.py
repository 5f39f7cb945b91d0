"""The command line: parse, call the store or the publisher, print.

Exit status: 0 done; 2 the command line itself is wrong (a missing or unknown option, a value
of the wrong form: a date, time, zone, visibility, kind, amount, format); 1 the diary cannot
do it (unknown mission or id, ambiguous id prefix, a file that is not a diary, a newer
schema). Either way the user gets one line on stderr naming the field, and nothing is
written: every value is parsed before the store is asked to change anything.

Start-up stays fast: the store (sqlite-utils), pendulum, the publisher and Textual are
imported inside the commands that need them, so `--version` and `--help` load none of them.
"""

from __future__ import annotations

import errno
import json
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from missiondiary import __version__
from missiondiary.domain import (
    ITINERARY_KINDS,
    Attendee,
    Audience,
    Day,
    FollowUp,
    FollowUpStatus,
    ItineraryItem,
    Meeting,
    Mission,
    MissionSummary,
    Moment,
    Outcome,
    SearchHit,
    Visibility,
    parse_amount,
    parse_currency,
    parse_date,
)
from missiondiary.errors import AmbiguousId, DiaryError, InvalidInput, NotFound

if TYPE_CHECKING:
    from missiondiary.store import Store

VISIBILITIES = tuple(v.value for v in Visibility)
ENTRIES = ("itinerary", "meeting", "followup")
WITH_VISIBILITY = (*ENTRIES, "post")  # a day post has a visibility; it is not deleted
ENTRY_LABELS = {
    "itinerary": "itinerary item",
    "meeting": "meeting",
    "followup": "follow-up",
    "post": "day post",
}


# errors ---------------------------------------------------------------------------------


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line (click's default adds the usage and a blank line)."""

    def show(self, file: IO[Any] | None = None) -> None:
        message = _one_line(self.format_message())
        if self.ctx is not None:
            message = message if message.endswith((".", "!", "?")) else message + "."
            message += f" See '{self.ctx.command_path} --help'."
        click.echo(f"Error: {message}", err=True, file=file)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _one_line(text: str) -> str:
    """One line, and no control characters: an error that quotes what was typed never
    sends the terminal an escape sequence or a NUL (they are shown as \\x1b, \\x00)."""
    flat = " ".join(str(text).split())
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", flat)


@contextmanager
def _usage_on_one_line() -> Iterator[None]:
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise  # a bare group prints its help: that is the answer, not an error
    except OneLineUsageError:
        raise
    except click.UsageError as error:
        raise OneLineUsageError(error.format_message(), error.ctx) from error


class DiaryGroup(click.Group):
    """Turns the diary's own errors into one line and exit status 1; usage errors exit 2."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _usage_on_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _usage_on_one_line():
                return super().invoke(ctx)
        except DiaryError as error:
            raise click.ClickException(_one_line(str(error))) from error
        except sqlite3.DatabaseError as error:
            from missiondiary.store.db import explain_sqlite_error

            diary = ctx.find_object(Diary)
            if diary is None:
                raise click.ClickException(
                    _one_line(f"--db: the diary cannot be read or written: {error}")
                ) from error
            problem = explain_sqlite_error(diary.path, error, "cannot be read or written")
            raise click.ClickException(_one_line(str(problem))) from error
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # a closed pipe (`| head`): click leaves quietly
            where = f" {error.filename}" if error.filename else ""
            raise click.ClickException(
                _one_line(f"cannot use{where}: {error.strerror or error}")
            ) from error


def _reason(error: InvalidInput) -> str:
    """The message without its leading "--field: ", for click to put the field back."""
    head, sep, rest = str(error).partition(": ")
    return rest if sep and " " not in head.strip() else str(error)


def _bad(error: InvalidInput, hint: str) -> click.BadParameter:
    return click.BadParameter(_reason(error), param_hint=f"'{hint}'")


# parameter types --------------------------------------------------------------------------


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "value"
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


class ParsedType(click.ParamType):
    """A click type over one of the domain's parsers: a bad value is a usage error (exit 2)
    worded by the parser and naming the option."""

    def __init__(self, name: str, parse: Callable[[str, str], Any]) -> None:
        self.name = name
        self.parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.parse(value, _param_name(param))
        except InvalidInput as error:
            self.fail(_reason(error), param, ctx)


def _zone(value: str, field_name: str) -> str:
    from missiondiary.timeline import check_zone

    return check_zone(value, field_name)


def _wall(value: str, field_name: str) -> datetime:
    from missiondiary.timeline import parse_wall_time

    return parse_wall_time(value, field_name)


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _end_wall(value: str, field_name: str) -> datetime | tuple[int, int]:
    """An end is a full time, or just HH:MM on the start's date."""
    match = _CLOCK.match(value)
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise InvalidInput(f"{field_name}: '{value}' is not a time of day")
        return (hour, minute)
    return _wall(value, field_name)


def _day_ref(value: str, field_name: str) -> int | date:
    text = value.strip()
    if re.fullmatch(r"[+-]?\d{1,4}", text):
        return int(text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{field_name}: '{value}' is not a day number or a date (YYYY-MM-DD)"
        ) from None


def _base_url(value: str, field_name: str) -> str:
    from missiondiary.publish.site import parse_base_url

    return parse_base_url(value, field_name)


def _formats(value: str, field_name: str) -> tuple[str, ...]:
    from missiondiary.publish.site import parse_site_formats

    return parse_site_formats(value)


DATE = ParsedType("date", parse_date)
ZONE = ParsedType("zone", _zone)
WALL_TIME = ParsedType("time", _wall)
END_TIME = ParsedType("time", _end_wall)
DAY = ParsedType("day", _day_ref)
AMOUNT = ParsedType("amount", parse_amount)
CURRENCY = ParsedType("currency", parse_currency)
ATTENDEE = ParsedType("attendee", Attendee.parse)
FORMAT_LIST = ParsedType("formats", _formats)
BASE_URL = ParsedType("address", _base_url)
VISIBILITY = click.Choice(VISIBILITIES, case_sensitive=False)
KIND = click.Choice(ITINERARY_KINDS, case_sensitive=False)
AUDIENCE = click.Choice([Audience.MEMBERS.value, Audience.PUBLIC.value], case_sensitive=False)


# the diary file -------------------------------------------------------------------------


class Diary:
    """Where the diary is; opened per command so a failing command never half-opens it.

    The default path comes from the store, which is only imported once a command needs
    the diary (so `COMMAND --help` stays fast)."""

    def __init__(self, given: Path | None) -> None:
        self.given = Path(given).expanduser() if given is not None else None

    @cached_property
    def path(self) -> Path:
        if self.given is not None:
            return self.given
        from missiondiary.store import default_path

        return default_path()

    @property
    def is_default(self) -> bool:
        return self.given is None

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def open(self, *, create: bool = False, reading: bool = False) -> Iterator[Store]:
        """The store for one command.

        `reading`: the command only reads, so a diary that cannot be written is opened
        read-only (with a one-line note) instead of refused. Every write-mode open checks the
        file (quick_check: a damaged diary stops here, in one line); the first write-mode open of
        a local day copies the diary into backups/ first (a copy that fails is a warning)."""
        from missiondiary.store.opening import open_diary

        existed = self.path.exists()
        if not create and not existed:
            raise NotFound(
                f"--db: there is no diary at {self.path} yet; create one with "
                "'missiondiary mission new' or try 'missiondiary demo'"
            )
        opened = open_diary(self.path, fall_back=reading and existed)
        try:
            for line in filter(None, [opened.reading_note, *opened.warnings]):
                note(line)
            # A whole-file check (about 160 ms at 100,000 entries) before a change, not
            # before every search. A read of a damaged page still fails in one line.
            for line in opened.look_after(check=not reading, back_up=existed):
                note(line)
            yield opened.store
        finally:
            opened.store.close()


pass_diary = click.make_pass_decorator(Diary)


# output helpers -------------------------------------------------------------------------


def short(entry_id: str | None) -> str:
    return (entry_id or "")[:8]


def human_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


Cell = str | tuple[str, dict[str, Any]]


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """Columns padded to fit; styles (colour) applied after padding so widths stay right."""
    plain = [[cell if isinstance(cell, str) else cell[0] for cell in row] for row in rows]
    widths = [
        max(len(header), *(len(row[index]) for row in plain)) if plain else len(header)
        for index, header in enumerate(headers)
    ]
    click.echo(
        click.style(
            "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), bold=True
        )
    )
    for row in rows:
        parts = []
        for cell, width in zip(row, widths, strict=True):
            text, style = (cell, {}) if isinstance(cell, str) else cell
            parts.append(click.style(text.ljust(width), **style) if style else text.ljust(width))
        click.echo("  ".join(parts).rstrip())


def wrapped(text: str, indent: str, *, keep_blank: bool = False) -> None:
    """One paragraph, folded to the terminal's width under its indent."""
    import shutil
    import textwrap

    flat = _one_line(text)
    if not flat:
        if keep_blank:
            click.echo("")
        return
    width = max(40, shutil.get_terminal_size((100, 24)).columns - 1)
    click.echo(
        textwrap.fill(
            flat,
            width=width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    )


def note(text: str) -> None:
    click.echo(text, err=True)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# time helpers ---------------------------------------------------------------------------


def place_time(local: datetime, tz: str, option: str) -> Moment:
    """Pin a wall time in a zone; a skipped time is the user's input to fix (exit 2)."""
    from missiondiary.timeline import place

    try:
        placed = place(local, tz, option)
    except InvalidInput as error:
        raise _bad(error, option) from None
    if placed.note:
        note(f"Note: {placed.note}")
    return placed.moment


def clock(moment: Moment, *, with_date: date | None = None) -> str:
    """'09:30 CST', plus the date when it is not the day being shown."""
    from missiondiary.timeline import zone_abbreviation

    text = f"{moment.local:%H:%M} {zone_abbreviation(moment)}"
    if with_date is not None and moment.local_date != with_date:
        text += f" ({moment.local:%a} {moment.local.day} {moment.local:%b})"
    return text


def today_for(mission: Mission) -> date:
    from missiondiary.timeline import today_in

    return today_in(mission.tz)


def clamp(day: date, low: date, high: date) -> date:
    return max(low, min(day, high))


def resolve_day(store: Store, mission: Mission, ref: int | date, field_name: str) -> date:
    """A day number or date, checked against the mission (travel days before Day 1 included)."""
    when = mission.date_of(ref) if isinstance(ref, int) else ref
    first = store.first_entry_date(mission.id) or mission.start_date
    last = mission.end_date
    for entry in (
        *store.itinerary_for_mission(mission.id),
        *store.meetings_for_mission(mission.id),
    ):
        last = max(last, entry.local_date)
    low = min(first, mission.start_date)
    if not low <= when <= last:
        asked = f"Day {ref}" if isinstance(ref, int) else str(ref)
        raise InvalidInput(
            f"{field_name}: {asked} is outside the mission, which runs from "
            f"Day {mission.day_number(low)} ({low}) to Day {mission.day_number(last)} ({last})"
        )
    return when


# JSON shapes ----------------------------------------------------------------------------


def moment_json(moment: Moment | None) -> dict[str, Any] | None:
    if moment is None:
        return None
    from missiondiary.timeline import aware

    return {
        "local": moment.local.isoformat(timespec="minutes"),
        "tz": moment.tz,
        "utc": moment.utc.isoformat(timespec="seconds"),
        "iso": aware(moment).isoformat(timespec="seconds"),
    }


def mission_json(mission: Mission, summary: MissionSummary | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": mission.id,
        "slug": mission.slug,
        "title": mission.title,
        "organisation": mission.organisation,
        "author": mission.author,
        "start_date": mission.start_date,
        "end_date": mission.end_date,
        "days": mission.day_count,
        "tz": mission.tz,
        "home_tz": mission.home_tz,
        "categories": list(mission.categories),
        "tags": list(mission.tags),
    }
    if summary is not None:
        data.update(
            itinerary_items=summary.itinerary_count,
            meetings=summary.meeting_count,
            followups=summary.followup_count,
            open_followups=summary.open_followups,
        )
    return data


def item_json(item: ItineraryItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "start": moment_json(item.start),
        "end": moment_json(item.end),
        "location": item.location,
        "details": item.details,
        "visibility": item.visibility.value,
    }


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {"text": outcome.text, "amount": outcome.amount, "currency": outcome.currency}


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "at": moment_json(meeting.at),
        "location": meeting.location,
        "organisations": list(meeting.organisations),
        "attendees": [
            {"name": a.name, "role": a.role, "organisation": a.organisation}
            for a in meeting.attendees
        ],
        "notes": meeting.notes,
        "summary": meeting.summary,
        "outcomes": [outcome_json(outcome) for outcome in meeting.outcomes],
        "visibility": meeting.visibility.value,
        "itinerary_id": meeting.itinerary_id,
    }


def followup_json(followup: FollowUp, mission: Mission | None = None) -> dict[str, Any]:
    data = {
        "id": followup.id,
        "text": followup.text,
        "owner": followup.owner,
        "day": followup.day,
        "due": followup.due,
        "status": followup.status.value,
        "closed_on": followup.closed_on,
        "meeting_id": followup.meeting_id,
        "visibility": followup.visibility.value,
    }
    if mission is not None:
        data["mission"] = mission.slug
        data["mission_day"] = mission.day_number(followup.day)
    return data


def day_json(day: Day) -> dict[str, Any]:
    post = day.post
    return {
        "mission": mission_json(day.mission),
        "day": day.number,
        "date": day.date,
        "place": day.place,
        "tz": day.tz,
        "itinerary": [item_json(item) for item in day.itinerary],
        "meetings": [meeting_json(meeting) for meeting in day.meetings],
        "followups": [followup_json(f) for f in day.followups],
        "next_steps": [f.id for f in day.next_steps()],
        "post": None
        if post is None
        else {
            "id": post.id,
            "title": post.title,
            "place": post.place,
            "body": post.body,
            "status": str(post.status),
            "published_at": post.published_at,
            "visibility": post.visibility.value,
        },
    }


def hit_json(hit: SearchHit) -> dict[str, Any]:
    from missiondiary.store.search import MARK_END, MARK_START

    return {
        "kind": hit.kind,
        "id": hit.entry_id,
        "mission": hit.mission_slug,
        "mission_id": hit.mission_id,
        "mission_title": hit.mission_title,
        "date": hit.day,
        "title": hit.title,
        "snippet": hit.snippet.replace(MARK_START, "").replace(MARK_END, ""),
        "visibility": hit.visibility.value if hit.visibility else None,
        "field": hit.field,
        "snippet_visibility": hit.snippet_visibility.value if hit.snippet_visibility else None,
    }


# the command group ----------------------------------------------------------------------


@click.group(
    "missiondiary",
    cls=DiaryGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    envvar="MISSIONDIARY_DB",
    show_envvar=True,
    metavar="PATH",
    help="The diary file (default: diary.db in your user data folder).",
)
@click.version_option(__version__, "--version", prog_name="missiondiary")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """An offline diary for trade missions: capture, publish a day for members, review.

    With no command, opens the app on the diary.
    """
    ctx.obj = Diary(db_path)
    if ctx.invoked_subcommand is None:
        diary: Diary = ctx.obj
        with diary.open(create=True, reading=True):
            pass  # a folder, a foreign file or a newer diary stops here, in one line
        run_app(diary.path, None)


def run_app(path: Path, mission_id: str | None) -> None:
    from missiondiary.tui.app import MissionDiaryApp
    from missiondiary.tui.keymap import keys_file

    MissionDiaryApp(db_path=path, mission_id=mission_id, day=None, keys_path=keys_file()).run()


def main() -> None:
    cli(prog_name="missiondiary")


# demo -----------------------------------------------------------------------------------


@cli.command()
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


# missions -------------------------------------------------------------------------------


@cli.group(cls=DiaryGroup)
def mission() -> None:
    """Create and list missions."""


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
    if end < start:
        raise click.BadParameter(f"{end} is before --start {start}", param_hint="'--end'")
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
    if start is not None and end is not None and end < start:
        raise click.BadParameter(f"{end} is before --start {start}", param_hint="'--end'")
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
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_diary
def mission_list(diary: Diary, as_json: bool) -> None:
    """List missions, newest first, with their counts."""
    summaries: list[MissionSummary] = []
    if diary.exists:
        with diary.open(reading=True) as store:
            summaries = store.mission_summaries()
    if as_json:
        emit_json([mission_json(s.mission, s) for s in summaries])
        return
    if not summaries:
        note("No missions yet: 'missiondiary mission new --help' or 'missiondiary demo'.")
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


# itinerary ------------------------------------------------------------------------------


@cli.group(cls=DiaryGroup)
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
        finish = None if end is None else _end_moment(end, start, end_tz or tz or found.tz)
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


def _end_moment(
    end: datetime | tuple[int, int], start: Moment, tz: str, option: str = "--end"
) -> Moment:
    if isinstance(end, tuple):
        end = start.local.replace(hour=end[0], minute=end[1])
    finish = place_time(end, tz, option)
    if finish.utc < start.utc:
        raise click.BadParameter(
            f"{finish.local:%Y-%m-%d %H:%M} {finish.tz} is before the start "
            f"{start.local:%Y-%m-%d %H:%M} {start.tz}",
            param_hint=f"'{option}'",
        )
    return finish


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
                changes["end"] = _end_moment(wall, start, zone)
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


# meetings -------------------------------------------------------------------------------


class OutcomeOrderCommand(click.Command):
    """Remembers the order of --outcome/--amount/--currency, which click's multiple options
    lose, so each amount and currency goes with the outcome it follows."""

    PAIRED = ("--outcome", "--amount", "--currency")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        flags = {"--help", "-h"} | {
            name
            for param in self.params
            if isinstance(param, click.Option) and param.is_flag
            for name in param.opts
        }
        order: list[str] = []
        index = 0
        while index < len(args):
            token = args[index]
            if token == "--":
                break
            if token.startswith("-") and token != "-":
                name, has_value, _ = token.partition("=")
                if name in self.PAIRED:
                    order.append(name)
                index += 1 if has_value or name in flags else 2
            else:
                index += 1
        ctx.meta["missiondiary.outcome_order"] = order
        return super().parse_args(ctx, args)


def pair_outcomes(
    order: Sequence[str],
    texts: Sequence[str],
    amounts: Sequence[Decimal | None],
    currencies: Sequence[str | None],
) -> list[Outcome]:
    queues = {"--outcome": list(texts), "--amount": list(amounts), "--currency": list(currencies)}
    if [order.count(name) for name in queues] != [len(values) for values in queues.values()]:
        raise click.UsageError("--outcome: could not tell which outcome each amount belongs to")
    built: list[dict[str, Any]] = []
    for name in order:
        value = queues[name].pop(0)
        if name == "--outcome":
            built.append({"text": value, "--amount": None, "--currency": None})
            continue
        if not built:
            raise click.BadParameter(
                "give it after the --outcome it belongs to", param_hint=f"'{name}'"
            )
        if built[-1][name] is not None:
            raise click.BadParameter(
                f"the outcome '{built[-1]['text']}' already has one", param_hint=f"'{name}'"
            )
        built[-1][name] = value
    outcomes = []
    for entry in built:
        amount, currency = entry["--amount"], entry["--currency"]
        if amount is not None and currency is None:
            raise click.BadParameter(
                f"the amount {amount} for '{entry['text']}' needs a currency",
                param_hint="'--currency'",
            )
        if currency is not None and amount is None:
            raise click.BadParameter(
                f"{currency} for '{entry['text']}' needs an --amount", param_hint="'--amount'"
            )
        outcomes.append(Outcome(entry["text"], amount, currency))
    return outcomes


def read_text(source: IO[str], option: str) -> str:
    try:
        return source.read()
    except UnicodeDecodeError:
        raise click.BadParameter("the file is not UTF-8 text", param_hint=f"'{option}'") from None


@cli.group(cls=DiaryGroup)
def meeting() -> None:
    """Meetings: who, which organisation, notes, summary, outcomes."""


@meeting.command("add", cls=OutcomeOrderCommand)
@click.argument("mission_ref", metavar="MISSION")
@click.option("--at", "at", required=True, type=WALL_TIME, help='Local time "YYYY-MM-DD HH:MM".')
@click.option("--tz", type=ZONE, help="Zone of --at (default: the mission's).")
@click.option("--title", required=True, help="What the meeting was.")
@click.option("--location", default="", help="Where.")
@click.option("--org", "organisations", multiple=True, help="Organisation met (repeatable).")
@click.option(
    "--with",
    "attendees",
    multiple=True,
    type=ATTENDEE,
    metavar='"NAME, ROLE, ORG"',
    help="Someone there (repeatable).",
)
@click.option("--notes", help="Working notes (Markdown; never published).")
@click.option(
    "--notes-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the working notes from a file, or - for stdin.",
)
@click.option("--summary", default="", help="What members may read (Markdown).")
@click.option("--outcome", "outcomes", multiple=True, help="Something agreed (repeatable).")
@click.option(
    "--amount", "amounts", multiple=True, type=AMOUNT, help="Value of the outcome before it."
)
@click.option(
    "--currency", "currencies", multiple=True, type=CURRENCY, help="ISO code for that amount."
)
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
@click.option(
    "--with",
    "attendees",
    multiple=True,
    type=ATTENDEE,
    metavar='"NAME, ROLE, ORG"',
    help="Replaces the people.",
)
@click.option("--notes", help="Replaces the working notes.")
@click.option(
    "--notes-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the working notes from a file, or - for stdin.",
)
@click.option("--summary", help="Replaces what members may read.")
@click.option("--outcome", "outcomes", multiple=True, help="Replaces the outcomes.")
@click.option(
    "--amount", "amounts", multiple=True, type=AMOUNT, help="Value of the outcome before it."
)
@click.option(
    "--currency", "currencies", multiple=True, type=CURRENCY, help="ISO code for that amount."
)
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


# follow-ups -----------------------------------------------------------------------------


@cli.group(cls=DiaryGroup)
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


@followup.command("done")
@click.argument("ref", metavar="ID")
@click.option("--on", type=DATE, help="The day it was done (default: today in the mission's zone).")
@pass_diary
def followup_done(diary: Diary, ref: str, on: date | None) -> None:
    """Mark a follow-up done (ID: an id prefix)."""
    _set_status(diary, ref, FollowUpStatus.DONE, on)


@followup.command("drop")
@click.argument("ref", metavar="ID")
@click.option("--on", type=DATE, help="The day it was dropped (default: today).")
@pass_diary
def followup_drop(diary: Diary, ref: str, on: date | None) -> None:
    """Drop a follow-up that will not happen."""
    _set_status(diary, ref, FollowUpStatus.DROPPED, on)


@followup.command("reopen")
@click.argument("ref", metavar="ID")
@pass_diary
def followup_reopen(diary: Diary, ref: str) -> None:
    """Open a done or dropped follow-up again."""
    _set_status(diary, ref, FollowUpStatus.OPEN, None)


@followup.command("list")
@click.argument("mission_ref", metavar="[MISSION]", required=False)
@click.option("--open", "open_only", is_flag=True, help="Only those still open.")
@click.option("--overdue", is_flag=True, help="Only open ones past their due date.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
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
    if as_json:
        emit_json([followup_json(f, missions.get(f.mission_id)) for f in items])
        return
    if not items:
        note("No follow-ups" + (" overdue." if overdue else " open." if open_only else "."))
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


# days and posts -------------------------------------------------------------------------


@cli.group(cls=DiaryGroup)
def day() -> None:
    """One mission day: itinerary, meetings, follow-ups and the day's post."""


@day.command("show")
@click.argument("mission_ref", metavar="MISSION")
@click.argument("day_ref", metavar="DAY", type=DAY)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_diary
def day_show(diary: Diary, mission_ref: str, day_ref: int | date, as_json: bool) -> None:
    """Show a day: DAY is a number (1 = the first day, 0 = travel before it) or a date."""
    with diary.open(reading=True) as store:
        found = store.find_mission(mission_ref)
        when = resolve_day(store, found, day_ref, "DAY")
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

    click.echo()
    click.secho("Itinerary", bold=True)
    if not shown.itinerary:
        click.echo("  (nothing scheduled)")
    for item in shown.itinerary:
        when = clock(item.start, with_date=shown.date)
        if item.end is not None:
            when += f" → {clock(item.end, with_date=shown.date)}"
        click.echo(f"  {when}  {item.kind}  {item.title}  [{item.visibility}]  {short(item.id)}")
        if item.location:
            click.echo(f"      {item.location}")
        if item.details:
            wrapped(item.details, "      ")

    click.echo()
    click.secho("Meetings", bold=True)
    if not shown.meetings:
        click.echo("  (none)")
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
            for line in entry.notes.strip().splitlines():
                wrapped(line, "        ", keep_blank=True)

    click.echo()
    click.secho("Follow-ups", bold=True)
    if not shown.followups:
        click.echo("  (none)")
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

    post = shown.post
    click.echo()
    click.secho("Post", bold=True)
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
        for line in post.body.strip().splitlines():
            wrapped(line, "  ", keep_blank=True)


@cli.group(cls=DiaryGroup)
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
        when = resolve_day(store, found, day_ref, "DAY")
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


# publishing -----------------------------------------------------------------------------


@cli.command()
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
@click.option("--theme", default="default", show_default=True, help="A theme in themes/.")
@click.option(
    "--base-url",
    default=None,
    type=BASE_URL,
    help="The members' site address, for absolute links in the feed and WordPress file.",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write into (created if missing).",
)
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
            when = resolve_day(store, found, ref, field_name)
            results = [publish_day(store, found, when, who, out_dir, formats, theme=theme)]
    if results[0].empty:
        note(
            f"Day {results[0].day_number} ({human_date(results[0].date)}) has nothing for "
            f"{who.value}: no words or entries it may see; nothing was written"
        )
        return
    withheld = 0
    for result in results:
        for path in result.paths:
            click.echo(click.format_filename(path))
        withheld += result.withheld
    note(f"{plural(withheld, 'entry', 'entries')} withheld from {who.value}")


# search ---------------------------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("--mission", "mission_ref", metavar="MISSION", help="Only this mission.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_diary
def search(diary: Diary, query: str, mission_ref: str | None, as_json: bool) -> None:
    """Search everything: titles, notes, outcomes, follow-ups, posts, people, organisations."""
    hits: list[SearchHit] = []
    if diary.exists or mission_ref:
        with diary.open(reading=True) as store:
            found = store.find_mission(mission_ref) if mission_ref else None
            hits = store.search(query, found.id if found else None)
    if as_json:
        emit_json([hit_json(hit) for hit in hits])
        return
    if not hits:
        note(f"No matches for '{query}'.")
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


# changes: delete, visibility, undo, trash ------------------------------------------------


def resolve_entry(
    store: Store, ref: str, field_name: str = "ID", entities: tuple[str, ...] = ENTRIES
) -> tuple[str, str]:
    """(entity, id) of the entry of one of `entities` an id prefix names."""
    found: list[tuple[str, str]] = []
    for entity in entities:
        try:
            found.append((entity, store.resolve_id(entity, ref, field_name)))
        except AmbiguousId:
            raise
        except NotFound:
            continue
    if not found:
        labels = [ENTRY_LABELS[entity] for entity in entities]
        kinds = f"{', '.join(labels[:-1])} or {labels[-1]}" if len(labels) > 1 else labels[0]
        raise NotFound(f"{field_name}: no {kinds} with id '{ref}'")
    if len(found) > 1:
        shown = ", ".join(f"{ENTRY_LABELS[entity]} {short(i)}" for entity, i in found)
        raise AmbiguousId(
            f"{field_name}: '{ref}' matches several entries ({shown}); type more of it"
        )
    return found[0]


@cli.command()
@click.argument("ref", metavar="ID")
@pass_diary
def delete(diary: Diary, ref: str) -> None:
    """Delete an itinerary item, meeting or follow-up (it waits in the trash)."""
    with diary.open() as store:
        entity, entry_id = resolve_entry(store, ref)
        label = store.delete_entry(entity, entry_id)
    click.echo(
        f"Deleted {ENTRY_LABELS[entity]} {short(entry_id)} '{label}'; "
        f"'missiondiary trash restore {short(entry_id)}' puts it back"
    )


@cli.command()
@click.argument("ref", metavar="ID")
@click.argument("visibility", type=VISIBILITY, metavar="VISIBILITY")
@pass_diary
def visibility(diary: Diary, ref: str, visibility: str) -> None:
    """Set who may see an entry or a day post: private, members or public.

    A day post's id is shown by 'missiondiary day show'."""
    with diary.open() as store:
        entity, entry_id = resolve_entry(store, ref, entities=WITH_VISIBILITY)
        store.set_visibility(entity, entry_id, Visibility(visibility.lower()))
    click.echo(f"{ENTRY_LABELS[entity].capitalize()} {short(entry_id)} is now {visibility.lower()}")


@cli.command()
@pass_diary
def undo(diary: Diary) -> None:
    """Undo the most recent change (from the command line or the app)."""
    with diary.open() as store:
        change = store.undo()
    click.echo(f"Undone: {change.describe()}")


@cli.group(cls=DiaryGroup)
def trash() -> None:
    """Deleted entries, until restored."""


@trash.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_diary
def trash_list(diary: Diary, as_json: bool) -> None:
    """List deleted entries, most recent first."""
    changes = []
    if diary.exists:
        with diary.open(reading=True) as store:
            changes = store.trash()
    if as_json:
        emit_json(
            [
                {"id": c.entity_id, "kind": c.entity, "label": c.label, "deleted_at": c.at}
                for c in changes
            ]
        )
        return
    if not changes:
        note("The trash is empty.")
        return
    emit_table(
        ["ID", "KIND", "DELETED (UTC)", "WHAT"],
        [
            [
                short(c.entity_id),
                ENTRY_LABELS.get(c.entity, c.entity),
                c.at[:16].replace("T", " "),
                c.label,
            ]
            for c in changes
        ],
    )


@trash.command("restore")
@click.argument("ref", metavar="ID")
@pass_diary
def trash_restore(diary: Diary, ref: str) -> None:
    """Put a deleted entry back."""
    with diary.open() as store:
        change = store.restore_from_trash(ref)
    label = ENTRY_LABELS.get(change.entity, change.entity)
    click.echo(f"Restored {label} {short(change.entity_id)} '{change.label}'")


# backups --------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    help="A new file, or a folder to put the copy in (default: backups/ beside the diary).",
)
@pass_diary
def backup(diary: Diary, out: Path | None) -> None:
    """Copy the diary now, while it may be in use; prints where the copy is.

    The copy is a whole diary: 'missiondiary --db COPY ...' opens it. The first command
    of each day also makes one (the last 7 are kept in backups/ beside the diary).
    """
    with diary.open(reading=True) as store:
        made = store.backup_to(out) if out is not None else store.backup_now()
    click.echo(click.format_filename(made))  # a name that is not UTF-8 prints, not crashes


# calendars and the exchange file (cli_exchange.py) ------------------------------------------
from missiondiary.cli_exchange import export_command, ics, import_command  # noqa: E402

cli.add_command(ics)
cli.add_command(export_command)
cli.add_command(import_command)

# the counterpart register and the mission report (cli_register.py) -------------------------
from missiondiary.cli_register import org_group, person_group, report_command  # noqa: E402

cli.add_command(org_group)
cli.add_command(person_group)
cli.add_command(report_command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
