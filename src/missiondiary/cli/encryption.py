"""`encrypt`, `decrypt` and `passphrase`: the diary's encryption at rest (SQLCipher).

The conversions themselves are the store's (`store.encryption`); here the passphrases are
asked for, twice for a new one, and the outcome is said in one or two lines."""

from __future__ import annotations

import os
from pathlib import Path

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import note
from missiondiary.errors import DiaryError, InvalidInput, NotFound

ENV_VAR = "MISSIONDIARY_PASSPHRASE"  # the store's crypto.ENV_VAR, without importing it here


def _existing(diary: Diary) -> Path:
    if not diary.exists:
        raise NotFound(f"--db: there is no diary at {diary.path} yet")
    return diary.path


def _new_passphrase() -> str:
    """MISSIONDIARY_PASSPHRASE for scripts, else asked twice without echo."""
    return os.environ.get(ENV_VAR) or _ask_new_passphrase()


def _ask_new_passphrase() -> str:
    """Asked twice without echo; an empty one changes nothing."""
    passphrase = click.prompt(
        "New passphrase",
        hide_input=True,
        confirmation_prompt="Repeat the new passphrase",
        err=True,
    )
    if not passphrase.strip():
        raise InvalidInput("passphrase", "is empty; nothing was changed")
    return passphrase


def _current_passphrase(path: Path) -> str:
    from missiondiary.store import crypto

    known = crypto.passphrase_for(path)
    if known:
        return known
    return click.prompt(f"Passphrase for {path}", hide_input=True, err=True)


def _remember(path: Path, passphrase: str | None) -> None:
    from missiondiary.store import crypto

    crypto.keep_in_keyring(path, passphrase)
    if passphrase is None:
        click.echo("The passphrase is no longer kept in the system keyring.")
    else:
        click.echo("The passphrase is kept in the system keyring for this diary.")


@click.command("encrypt")
@click.option("--remember", is_flag=True, help="Keep the passphrase in the system keyring.")
@pass_diary
def encrypt(diary: Diary, remember: bool) -> None:
    """Encrypt the diary (and its backups) with a new passphrase, in place.

    The diary is copied encrypted, the copy is checked, and only then does it replace the
    diary: an interruption leaves the plain diary as it was. Close the app first."""
    from missiondiary.store.encryption import encrypt_diary, is_encrypted

    path = _existing(diary)
    if is_encrypted(path):
        raise DiaryError(f"--db: {path} is already encrypted; 'missiondiary passphrase' changes it")
    passphrase = _new_passphrase()
    for line in encrypt_diary(path, passphrase):
        note(line)
    click.echo(
        f"Encrypted {path} and its backups. Without the passphrase nobody can read them, "
        "you included: keep it somewhere safe."
    )
    if remember:
        _remember(path, passphrase)


@click.command("decrypt")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write a plain copy here (for sqlite3, sqlite-utils, Datasette); the diary stays "
    "encrypted.",
)
@click.option("--yes", is_flag=True, help="Decrypt in place without asking.")
@pass_diary
def decrypt(diary: Diary, out: Path | None, yes: bool) -> None:
    """A plain copy of an encrypted diary, or (without --out) the diary made plain again."""
    from missiondiary.store import crypto
    from missiondiary.store.encryption import decrypt_diary, is_encrypted

    path = _existing(diary)
    if not is_encrypted(path):
        raise DiaryError(f"--db: {path} is not encrypted; nothing to do")
    if out is None and not yes:
        click.confirm(
            f"Make {path} a plain file that anyone holding it can read?", abort=True, err=True
        )
    written = decrypt_diary(path, _current_passphrase(path), out)
    if out is not None:
        click.echo(f"Wrote a plain copy to {written}; the diary stays encrypted.")
        note(f"Warning: {written} holds the diary's private notes in the clear")
        return
    if str(path.resolve()) in _keyring_listed():
        crypto.keep_in_keyring(path, None)
    click.echo(f"{path} is a plain diary again (its backups stay encrypted).")


def _keyring_listed() -> list[str]:
    from missiondiary.store.config import keyring_diaries

    return keyring_diaries()


@click.command("passphrase")
@click.option(
    "--remember/--forget",
    default=None,
    help="Keep the new passphrase in the system keyring, or take it out.",
)
@pass_diary
def passphrase(diary: Diary, remember: bool | None) -> None:
    """Change the diary's passphrase (asks the current one, then the new one twice)."""
    from missiondiary.store.encryption import change_passphrase, is_encrypted

    path = _existing(diary)
    if not is_encrypted(path):
        raise DiaryError(f"--db: {path} is not encrypted; 'missiondiary encrypt' encrypts it")
    old = click.prompt(f"Current passphrase for {path}", hide_input=True, err=True)
    new = _ask_new_passphrase()
    for line in change_passphrase(path, old, new):
        note(line)
    click.echo(f"Changed the passphrase of {path} and its backups.")
    listed = str(path.resolve()) in _keyring_listed()
    if remember or (remember is None and listed):
        _remember(path, new)
    elif remember is False and listed:
        _remember(path, None)


COMMANDS = (encrypt, decrypt, passphrase)
