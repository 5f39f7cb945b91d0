"""The command line: parse, call the store or the publisher, print.

The root group is here; each command group is a module beside it (missions, entries,
followups, days, publishing, search, history, register, interchange, app), sharing
`params` (click types over the library's parsers) and `output` (tables, JSON, one-line
errors; see there for the exit statuses). Every value is parsed before the store is asked
to change anything, so a bad one leaves the diary as it was.

Start-up stays fast: the store (sqlite-utils), pendulum, the publisher and Textual are
imported inside the commands that need them, so `--version` and `--help` load none of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from missiondiary import __version__
from missiondiary.cli import (
    days,
    encryption,
    entries,
    followups,
    history,
    interchange,
    missions,
    photos,
    publishing,
    register,
    sending,
)
from missiondiary.cli.app import demo, run_app
from missiondiary.cli.diary import Diary
from missiondiary.cli.output import DiaryGroup
from missiondiary.cli.search import search


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
        from missiondiary.store.crypto import PassphraseNeeded

        try:
            with diary.open(create=True, reading=True, ask=False):
                pass  # a folder, a foreign file or a newer diary stops here, in one line
        except PassphraseNeeded:
            pass  # encrypted: the app's passphrase screen asks
        run_app(diary.path, None)


for command in (
    demo,
    missions.mission,
    entries.itinerary,
    entries.meeting,
    followups.followup,
    photos.photo,
    days.day,
    days.post,
    publishing.publish,
    publishing.report,
    search,
    history.delete,
    history.visibility,
    history.undo,
    history.trash,
    history.backup,
    register.org,
    register.person,
    interchange.ics,
    interchange.export,
    interchange.import_,
    sending.send,
    sending.outbox,
    *encryption.COMMANDS,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="missiondiary")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
