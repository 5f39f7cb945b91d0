"""Click parameter types over the library's parsers, and the few parsing helpers commands
share. Every value is parsed before the store is asked to change anything, so a bad one is a
usage error (exit 2) naming the option, and nothing is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from missiondiary.cli.output import note
from missiondiary.domain import (
    ITINERARY_KINDS,
    Attendee,
    Audience,
    Outcome,
    Visibility,
    parse_amount,
    parse_currency,
    parse_date,
)
from missiondiary.domain.register import parse_email, parse_organisation_kind
from missiondiary.errors import InvalidInput

if TYPE_CHECKING:
    from missiondiary.domain import Moment


def _reason(error: InvalidInput) -> str:
    """The message without its leading "--field: ", for click to put the field back."""
    head, sep, rest = str(error).partition(": ")
    return rest if sep and " " not in head.strip() else str(error)


def bad(error: InvalidInput, hint: str) -> click.BadParameter:
    return click.BadParameter(_reason(error), param_hint=f"'{hint}'")


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "value"
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


class ParsedType(click.ParamType):
    """A click type over one of the library's parsers: a bad value is a usage error (exit 2)
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


# parsers that load their library only when a value comes ----------------------------------


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


def _site_formats(value: str, field_name: str) -> tuple[str, ...]:
    from missiondiary.publish.site import parse_site_formats

    return parse_site_formats(value)


def _report_formats(value: str, field_name: str) -> tuple[str, ...]:
    from missiondiary.publish import parse_formats

    return parse_formats(value)


DATE = ParsedType("date", parse_date)
ZONE = ParsedType("zone", _zone)
WALL_TIME = ParsedType("time", _wall)
END_TIME = ParsedType("time", _end_wall)
DAY = ParsedType("day", _day_ref)
AMOUNT = ParsedType("amount", parse_amount)
CURRENCY = ParsedType("currency", parse_currency)
ATTENDEE = ParsedType("attendee", Attendee.parse)
FORMAT_LIST = ParsedType("formats", _site_formats)
REPORT_FORMATS = ParsedType("formats", _report_formats)
BASE_URL = ParsedType("address", _base_url)
ORG_KIND = ParsedType("kind", parse_organisation_kind)
EMAIL = ParsedType("email", parse_email)
VISIBILITY = click.Choice(tuple(v.value for v in Visibility), case_sensitive=False)
KIND = click.Choice(ITINERARY_KINDS, case_sensitive=False)
AUDIENCE = click.Choice([Audience.MEMBERS.value, Audience.PUBLIC.value], case_sensitive=False)
REPORT_AUDIENCE = click.Choice(
    [a.value for a in (Audience.MEMBERS, Audience.PUBLIC, Audience.PRIVATE)], case_sensitive=False
)
IN_FILE = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
OUT_FILE = click.Path(dir_okay=False, allow_dash=True, path_type=Path)

json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
theme_option = click.option(
    "--theme", default="default", show_default=True, help="A theme in themes/."
)
out_dir_option = click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write into (created if missing).",
)


# values that need more than one option ----------------------------------------------------


def place_time(local: datetime, tz: str, option: str) -> Moment:
    """Pin a wall time in a zone; a skipped time is the user's input to fix (exit 2)."""
    from missiondiary.timeline import place

    try:
        placed = place(local, tz, option)
    except InvalidInput as error:
        raise bad(error, option) from None
    if placed.note:
        note(f"Note: {placed.note}")
    return placed.moment


def end_moment(
    end: datetime | tuple[int, int], start: Moment, tz: str, option: str = "--end"
) -> Moment:
    """An end time (a full time, or HH:MM on the start's date) that is not before the start."""
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


def read_text(source: IO[str], option: str) -> str:
    try:
        return source.read()
    except UnicodeDecodeError:
        raise click.BadParameter("the file is not UTF-8 text", param_hint=f"'{option}'") from None


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
