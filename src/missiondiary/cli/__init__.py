"""The command line: parse, call the store or the publisher, print.

The root group is here; each command group is a module beside it (missions, entries,
followups, days, publishing, search, history, register, interchange, app), sharing
`params` (click types over the library's parsers) and `output` (tables, JSON, one-line
errors; see there for the exit statuses). Every value is parsed before the store is asked
to change anything, so a bad one leaves the diary as it was.

Start-up stays fast: the root group knows its commands by name only (`COMMANDS`) and imports
a command's module when that command is run, completed or shown in help, so `--version`
loads no command module and a command loads only its own. The store (sqlite-utils),
pendulum, the publisher and Textual are imported inside the commands that need them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping

import click

from missiondiary import __version__
from missiondiary.cli.diary import Diary
from missiondiary.cli.output import DiaryGroup

# Every command of the root group: its name -> "module:attribute" in this package. A test
# (tests/cli/test_lazy_commands.py) fails when a command module's command is missing here or
# an entry loads a command of another name.
COMMANDS: dict[str, str] = {
    "demo": "app:demo",
    "mission": "missions:mission",
    "itinerary": "entries:itinerary",
    "meeting": "entries:meeting",
    "followup": "followups:followup",
    "photo": "photos:photo",
    "day": "days:day",
    "post": "days:post",
    "publish": "publishing:publish",
    "report": "publishing:report",
    "search": "search:search",
    "delete": "history:delete",
    "visibility": "history:visibility",
    "undo": "history:undo",
    "trash": "history:trash",
    "backup": "history:backup",
    "org": "register:org",
    "person": "register:person",
    "ics": "interchange:ics",
    "export": "interchange:export",
    "import": "interchange:import_",
    "send": "sending:send",
    "outbox": "sending:outbox",
    "encrypt": "encryption:encrypt",
    "decrypt": "encryption:decrypt",
    "passphrase": "encryption:passphrase",
}


def load_command(target: str) -> click.Command:
    """The command that `COMMANDS` names by "module:attribute" (importing its module)."""
    module_name, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(f"{__name__}.{module_name}"), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's `commands` whose names are known at once and whose commands are imported on
    first use: click's lazy subcommands, one level down. `Group.list_commands` sorts the
    names (no import), `get_command` reads one (its module only), while `cli.commands` still
    holds every command for mkdocs-click and "Did you mean" suggestions."""

    def __init__(self, table: dict[str, str]) -> None:
        self._table = dict(table)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            self._loaded[name] = load_command(self._table[name])
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command  # `add_command`: already loaded

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._table.pop(name, None)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._table, *self._loaded]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*self._table, *self._loaded]))

    def __contains__(self, name: object) -> bool:
        return name in self._table or name in self._loaded


@click.group(
    "missiondiary",
    cls=DiaryGroup,
    commands=LazyCommands(COMMANDS),
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(),  # a str, made a Path by `Diary`: --version never loads pathlib
    envvar="MISSIONDIARY_DB",
    show_envvar=True,
    metavar="PATH",
    help="The diary file (default: diary.db in your user data folder).",
)
@click.version_option(__version__, "--version", prog_name="missiondiary")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """An offline diary for trade missions: capture, publish a day for members, review.

    With no command, opens the app on the diary.
    """
    ctx.obj = Diary(db_path)
    if ctx.invoked_subcommand is None:
        diary: Diary = ctx.obj
        from missiondiary.cli.app import run_app
        from missiondiary.store.crypto import PassphraseNeeded

        try:
            with diary.open(create=True, reading=True, ask=False):
                pass  # a folder, a foreign file or a newer diary stops here, in one line
        except PassphraseNeeded:
            pass  # encrypted: the app's passphrase screen asks
        run_app(diary.path, None)


def main() -> None:
    cli(prog_name="missiondiary")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
