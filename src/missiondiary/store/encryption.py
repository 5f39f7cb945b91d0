"""Turning a diary's encryption on, off, or to a new passphrase, through a verified copy.

Each conversion writes a whole new file beside the diary with SQLCipher's
`sqlcipher_export`, checks it (integrity_check, and every table holds as many rows as in the
diary), and only then renames it over the diary. Until that rename the diary is untouched
apart from leaving WAL mode (the next open takes it back), so a conversion killed at any
point leaves the diary as it was, plus a `.part` file that the next conversion removes.

The diary must not be open elsewhere: switching it out of WAL mode needs every other
connection gone, and while the copy is made this connection holds the diary's only lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from missiondiary.errors import DiaryBusy, DiaryError
from missiondiary.store import crypto
from missiondiary.store.backup import backups_folder, file_stem, remove_with_sidecars
from missiondiary.store.db import BUSY_TIMEOUT_MS, inspect_file

__all__ = [
    "change_passphrase",
    "decrypt_diary",
    "encrypt_backups",
    "encrypt_diary",
    "is_encrypted",
]

PART_SUFFIX = ".converting.part"


def is_encrypted(path: Path) -> bool:
    exists, salt = inspect_file(Path(path).expanduser())
    return exists and salt is not None


def _source_key(path: Path, passphrase: str | None) -> crypto.Key | None:
    exists, salt = inspect_file(path)
    if not exists:
        raise DiaryError(f"--db: there is no diary at {path}")
    if salt is None:
        return None
    if not passphrase:
        raise crypto.PassphraseNeeded(path)
    return crypto.derive(passphrase, salt)


def encrypt_diary(path: Path, passphrase: str) -> list[str]:
    """Encrypt the diary, then its copies in backups/; the lines for copies left alone."""
    path = Path(path).expanduser()
    if _source_key(path, None) is not None:
        raise DiaryError(f"--db: {path} is already encrypted; 'missiondiary passphrase' changes it")
    key = crypto.new_key(passphrase)
    _convert(path, None, key, path)
    return encrypt_backups(path, None, key)


def encrypt_backups(path: Path, old: str | None, key: crypto.Key) -> list[str]:
    """Bring this diary's copies in backups/ (daily, before-upgrade, `backup`) under `key`:
    plain ones are encrypted, ones under the old passphrase `old` take the new one. A copy
    that cannot be converted is left as it was and named in the returned warnings."""
    problems = []
    folder = backups_folder(path)
    copies = sorted(folder.glob(f"{file_stem(path)}-*.db")) if folder.is_dir() else []
    for copy in copies:
        try:
            _, salt = inspect_file(copy)
            if salt is not None and old is None:
                continue  # already encrypted, and no old passphrase to open it with
            _convert(copy, crypto.derive(old, salt) if salt and old else None, key, copy)
        except DiaryError as error:
            problems.append(f"Warning: the copy {copy} was left as it was: {error}")
    return problems


def decrypt_diary(path: Path, passphrase: str | None, out: Path | None = None) -> Path:
    """A plain copy at `out` (the diary stays encrypted), or the diary itself made plain."""
    path = Path(path).expanduser()
    key = _source_key(path, passphrase)
    if key is None:
        raise DiaryError(f"--db: {path} is not encrypted; nothing to do")
    if out is not None:
        out = Path(out).expanduser()
        if out.exists():
            raise DiaryError(f"--out: {out} already exists; name a new file")
    _convert(path, key, None, out or path)
    return out or path


def change_passphrase(path: Path, old: str, new: str) -> list[str]:
    """The diary and its copies under the new passphrase; the lines for copies left alone."""
    path = Path(path).expanduser()
    key = _source_key(path, old)
    if key is None:
        raise DiaryError(f"--db: {path} is not encrypted; 'missiondiary encrypt' encrypts it")
    new_key = crypto.new_key(new)
    _convert(path, key, new_key, path)
    return encrypt_backups(path, old, new_key)


def _convert(path: Path, key: crypto.Key | None, new_key: crypto.Key | None, target: Path) -> None:
    in_place = target == path
    part = path.with_name(f".{path.name}{PART_SUFFIX}") if in_place else target
    remove_with_sidecars(part)
    try:
        conn = crypto.connect(str(path), key=key) if key else crypto.cipher().connect(str(path))
    except crypto.DATABASE_ERRORS as error:
        if key is not None:
            raise crypto.WrongPassphrase(path) from None
        raise DiaryError(f"--db: {path} cannot be read: {error}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _take_alone(conn, path, hold=in_place)
        tables = _row_counts(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.execute(
            "ATTACH DATABASE ? AS converted KEY " + (new_key.attach() if new_key else "''"),
            (str(part),),
        )
        # No journal and no syncs while the copy is written (a half-written copy is thrown
        # away, never used): 40 times faster. The whole file is synced before the rename.
        conn.execute("PRAGMA converted.synchronous = OFF")
        conn.execute("PRAGMA converted.journal_mode = OFF")
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute(f"PRAGMA converted.application_id = {int(app_id)}")
        conn.execute("DETACH DATABASE converted")
        _verify(part, new_key, tables)
        _sync(part)
        if in_place:
            os.replace(part, path)
            _sync_folder(path.parent)
            crypto.forget(path)
            crypto.note_open(path, new_key)
    except crypto.ERRORS as error:
        remove_with_sidecars(part)
        raise DiaryError(
            f"--db: {path} could not be converted: {error}; nothing was changed"
        ) from None
    except BaseException:
        remove_with_sidecars(part)
        raise
    finally:
        conn.close()


def _take_alone(conn: Any, path: Path, hold: bool) -> None:
    """Leave WAL mode (only possible with no other connection: the proof that the diary is
    not open elsewhere), then, for a conversion in place, hold the diary's lock to the end
    so nothing is written to the file about to be replaced."""
    mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise DiaryBusy(
            f"--db: {path} is open in another program (the app?); close it and try again"
        )
    if hold:
        conn.execute("PRAGMA main.locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")


def _row_counts(conn: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: conn.execute(f'SELECT COUNT(*) FROM main."{name}"').fetchone()[0] for name in names
    }


def _verify(part: Path, key: crypto.Key | None, wanted: dict[str, int]) -> None:
    check = crypto.connect(str(part), key=key)
    try:
        result = [row[0] for row in check.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise DiaryError(f"the converted copy failed its check ({'; '.join(result[:3])})")
        found = _row_counts(check)
    finally:
        check.close()
    if found != wanted:
        raise DiaryError("the converted copy does not hold every row; nothing was changed")


def _sync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
