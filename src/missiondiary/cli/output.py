"""What the command line prints, and how a failure becomes one line and an exit status.

Exit status: 0 done; 2 the command line itself is wrong (a missing or unknown option, a value
of the wrong form); 1 the diary cannot do it (unknown mission or id, a file that is not a
diary). Either way the user gets one line on stderr naming the field.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any

import click

from missiondiary.errors import DiaryError

if TYPE_CHECKING:
    from pathlib import Path

    from missiondiary.domain import Moment

# errors -----------------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """One line, and no control characters: an error that quotes what was typed never
    sends the terminal an escape sequence or a NUL (they are shown as \\x1b, \\x00)."""
    flat = " ".join(str(text).split())
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", flat)


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line (click's default adds the usage and a blank line)."""

    def show(self, file: IO[Any] | None = None) -> None:
        message = one_line(self.format_message())
        if self.ctx is not None:
            message = message if message.endswith((".", "!", "?")) else message + "."
            message += f" See '{self.ctx.command_path} --help'."
        click.echo(f"Error: {message}", err=True, file=file)


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


def _diary_path(ctx: click.Context) -> Path | None:
    """The diary the root group holds (a `Diary`), if it got that far."""
    holder = ctx.find_root().obj
    return getattr(holder, "path", None) if holder is not None else None


def _storage_errors() -> tuple[type[Exception], ...]:
    """sqlite3's, and SQLCipher's once an encrypted diary loaded it (the store's list)."""
    crypto = sys.modules.get("missiondiary.store.crypto")
    if crypto is not None:
        return crypto.DATABASE_ERRORS
    import sqlite3  # here, not at the top: `missiondiary --version` never needs it

    return (sqlite3.DatabaseError,)


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
            raise click.ClickException(one_line(str(error))) from error
        except _storage_errors() as error:
            from missiondiary.store.db import explain_sqlite_error

            path = _diary_path(ctx)
            if path is None:
                raise click.ClickException(
                    one_line(f"--db: the diary cannot be read or written: {error}")
                ) from error
            problem = explain_sqlite_error(path, error, "cannot be read or written")
            raise click.ClickException(one_line(str(problem))) from error
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # a closed pipe (`| head`): click leaves quietly
            where = f" {error.filename}" if error.filename else ""
            raise click.ClickException(
                one_line(f"cannot use{where}: {error.strerror or error}")
            ) from error


# words ------------------------------------------------------------------------------------


def note(text: str) -> None:
    """A note, warning or "nothing found" goes to stderr, so stdout stays the answer."""
    click.echo(text, err=True)


def short(entry_id: str | None) -> str:
    return (entry_id or "")[:8]


def human_date(day: date | None) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}" if day else ""


def clock(moment: Moment, *, with_date: date | None = None) -> str:
    """'09:30 CST', plus the date when it is not the day being shown."""
    from missiondiary.timeline import zone_abbreviation

    text = f"{moment.local:%H:%M} {zone_abbreviation(moment)}"
    if with_date is not None and moment.local_date != with_date:
        text += f" ({moment.local:%a} {moment.local.day} {moment.local:%b})"
    return text


# JSON and tables --------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    from decimal import Decimal
    from pathlib import Path

    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal | Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def emit_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def said_without_table(
    as_json: bool,
    items: Sequence[Any],
    empty: str,
    to_json: Callable[[Any], Any] | None = None,
) -> bool:
    """The endings every list command shares: the items as JSON (an empty list too), or a
    note that there are none. True when that was all there is to say; else the caller's
    table or lines follow."""
    if as_json:
        emit_json([to_json(item) for item in items] if to_json else list(items))
        return True
    if not items:
        note(empty)
        return True
    return False


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


# paragraphs -------------------------------------------------------------------------------


def wrapped(text: str, indent: str, *, keep_blank: bool = False) -> None:
    """One paragraph, folded to the terminal's width under its indent."""
    import shutil
    import textwrap

    flat = one_line(text)
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


def section(title: str, listed: Sequence[Any] | None = None, empty: str = "(none)") -> None:
    """A blank line and a bold heading; `empty` under it when `listed` is given and empty."""
    click.echo()
    click.secho(title, bold=True)
    if listed is not None and not listed:
        click.echo(f"  {empty}")


def wrapped_lines(text: str, indent: str) -> None:
    """Several paragraphs (notes, a post, a business card): each line folded, blank lines kept."""
    for line in text.strip().splitlines():
        wrapped(line, indent, keep_blank=True)
