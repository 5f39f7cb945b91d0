"""The diary file a command works on, from --db, $MISSIONDIARY_DB or the default place."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

import click

from missiondiary.cli.output import note
from missiondiary.errors import NotFound

if TYPE_CHECKING:
    from pathlib import Path

    from missiondiary.store import Store


class Diary:
    """Where the diary is; opened per command so a failing command never half-opens it.

    The default path comes from the store, which is only imported once a command needs
    the diary (so `COMMAND --help` stays fast)."""

    def __init__(self, given: str | Path | None) -> None:
        from pathlib import Path  # here: `missiondiary --version` never needs pathlib

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
    def open(
        self, *, create: bool = False, reading: bool = False, ask: bool = True
    ) -> Iterator[Store]:
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
        opened = open_diary(
            self.path, fall_back=reading and existed, ask=ask_passphrase if ask else None
        )
        try:
            for line in filter(None, [opened.reading_note, *opened.warnings]):
                note(line)
            # A whole-file check (about 160 ms at 100,000 entries) before a change, not
            # before every search. A read of a damaged page still fails in one line.
            for line in opened.look_after(check=not reading, back_up=existed, waiting=note):
                note(line)
            yield opened.store
        finally:
            opened.store.close()


def ask_passphrase(path: Path) -> str | None:
    """The hidden prompt for an encrypted diary, only on a terminal (a script gets the
    one-line error and exit 1 instead of a prompt that waits for ever)."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    return click.prompt(f"Passphrase for {path}", hide_input=True, err=True, show_default=False)


pass_diary = click.make_pass_decorator(Diary)
