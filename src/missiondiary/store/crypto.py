"""Encryption at rest with SQLCipher: the connection, the key, and where the passphrase
comes from.

A plain diary is opened with Python's own sqlite3 and never asks for anything; sqlcipher3
is only imported for an encrypted one. The key is what SQLCipher 4 derives from the
passphrase (PBKDF2-HMAC-SHA512, 256,000 rounds, the file's 16-byte salt), so SQLCipher's
own tools open the file with `PRAGMA key = 'passphrase'`. Deriving it takes about half a
second; this process does it once per passphrase and file and hands SQLCipher the raw key
after that, so a worker or a backup opening the diary again pays nothing.

Where the passphrase comes from, in order: one given in this process (the prompt, the app's
passphrase screen), MISSIONDIARY_PASSPHRASE, the system keyring when the delegate chose to
keep it there (`store.config`), else the caller asks (`PassphraseNeeded`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from missiondiary.errors import DiaryError

__all__ = [
    "DATABASE_ERRORS",
    "ENV_VAR",
    "ERRORS",
    "OPERATIONAL_ERRORS",
    "Key",
    "PassphraseNeeded",
    "WrongPassphrase",
    "cipher",
    "connect",
    "derive",
    "forget",
    "give",
    "key_of",
    "keyring_passphrase",
    "new_key",
    "passphrase_for",
]

ENV_VAR = "MISSIONDIARY_PASSPHRASE"
KEYRING_SERVICE = "missiondiary"
SALT_BYTES = 16
KDF_ROUNDS = 256_000  # SQLCipher 4's default

# The storage errors the store catches: sqlite3's, and sqlcipher3's once it is loaded (its
# classes are its own, not sqlite3's). Read them as `crypto.ERRORS` at the `except`, never
# imported by name, so the ones added later count.
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError,)

_lock = threading.RLock()
_cipher: ModuleType | None = None
_given: dict[Path, str] = {}
_derived: dict[tuple[str, bytes], bytes] = {}
_open: dict[Path, Key] = {}
_salts: dict[Path, bytes | None] = {}  # not secret: kept when the key is forgotten
# How often each diary's key was forgotten: an open that began before the latest `forget`
# (a worker's, racing the app's lock) must not bring the key back once it ends.
_forgotten: dict[Path, int] = {}


class PassphraseNeeded(DiaryError):
    """The diary is encrypted and no passphrase was found: the caller asks for one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} is encrypted: give its passphrase "
            "(MISSIONDIARY_PASSPHRASE, or run in a terminal)"
        )


class WrongPassphrase(DiaryError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"--db: {path}: wrong passphrase (or not a diary); nothing was changed")


@dataclass(frozen=True)
class Key:
    """SQLCipher's key for one file: the derived key and the file's salt."""

    raw: bytes
    salt: bytes

    def pragma(self, schema: str = "main") -> str:
        # A PRAGMA takes no parameters; the value is hex digits only, made here.
        return f"PRAGMA {schema}.key = \"x'{self.raw.hex()}{self.salt.hex()}'\""

    def attach(self) -> str:
        return f"\"x'{self.raw.hex()}{self.salt.hex()}'\""


def cipher() -> ModuleType:
    """sqlcipher3's DB-API module, loaded on first use, its log to stderr silenced."""
    global _cipher, ERRORS, DATABASE_ERRORS, OPERATIONAL_ERRORS
    with _lock:
        if _cipher is None:
            import sqlcipher3.dbapi2 as module

            probe = module.connect(":memory:")
            try:
                # SQLCipher writes "ERROR CORE ... hmac check failed" to stderr on a wrong
                # key; the user gets one line from us instead.
                probe.execute("PRAGMA cipher_log_level = NONE")
            finally:
                probe.close()
            ERRORS = (sqlite3.Error, module.Error)
            DATABASE_ERRORS = (sqlite3.DatabaseError, module.DatabaseError)
            OPERATIONAL_ERRORS = (sqlite3.OperationalError, module.OperationalError)
            _cipher = module
        return _cipher


def derive(passphrase: str, salt: bytes) -> Key:
    """SQLCipher 4's key for this passphrase and salt; derived once per process."""
    with _lock:
        raw = _derived.get((passphrase, salt))
    if raw is None:
        raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, 32)
        with _lock:
            _derived[(passphrase, salt)] = raw
    return Key(raw, salt)


def new_key(passphrase: str) -> Key:
    """A key for a new encrypted file, with a fresh random salt."""
    return derive(passphrase, os.urandom(SALT_BYTES))


ENCRYPTED_CACHE_KIB = 65536


def connect(target: str, *, uri: bool = False, key: Key | None = None) -> Any:
    """A connection: sqlite3's for a plain file, SQLCipher's with the key for an encrypted
    one. A connection on a file that exists is tried at once: `DATABASE_ERRORS` (not a
    database) there means the key is wrong."""
    if key is None:
        return sqlite3.connect(target, uri=uri)
    conn = cipher().connect(target, uri=uri)
    try:
        conn.execute(key.pragma())
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        # Every page SQLite reads again from the disk cache is decrypted again: a page cache
        # of up to 64 MiB (filled only as pages are read) keeps search as you type on a
        # 100,000-entry diary at a plain diary's pace instead of three to four times slower.
        conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


def _key_path(path: Path) -> Path:
    with contextlib.suppress(OSError):
        return Path(path).expanduser().resolve()
    return Path(path).expanduser().absolute()


def give(path: Path, passphrase: str) -> None:
    """A passphrase the delegate typed for this diary, kept for this process only."""
    with _lock:
        _given[_key_path(path)] = passphrase


def forget(path: Path) -> None:
    """Forget what this process knows of the diary's passphrase (the app's lock)."""
    resolved = _key_path(path)
    with _lock:
        _forgotten[resolved] = _forgotten.get(resolved, 0) + 1
        passphrase = _given.pop(resolved, None)
        _open.pop(resolved, None)
        for known in [known for known in _derived if known[0] == passphrase]:
            del _derived[known]


def forgotten_count(path: Path) -> int:
    """Read as an open begins, and handed to `note_open` as it ends."""
    with _lock:
        return _forgotten.get(_key_path(path), 0)


def given(path: Path) -> str | None:
    with _lock:
        return _given.get(_key_path(path))


def note_open(path: Path, key: Key | None, since: int | None = None) -> None:
    """The key a diary was opened with in this process (None: plain), for the connections
    opened on it later while it is open (the watcher, copies). `since` (`forgotten_count`
    as the open began): a key forgotten in the meantime stays forgotten."""
    resolved = _key_path(path)
    with _lock:
        _salts[resolved] = key.salt if key is not None else None
        if key is None:
            _open.pop(resolved, None)
        elif since is None or since == _forgotten.get(resolved, 0):
            _open[resolved] = key
        else:  # locked while this open ran: its derived key goes too
            for known in [known for known, raw in _derived.items() if raw == key.raw]:
                del _derived[known]


def salt_of(path: Path) -> bytes | None:
    """The salt of a diary this process opened (None: plain), even once its key is
    forgotten: how `db.inspect_file` knows a file it must not read while it is open."""
    with _lock:
        return _salts.get(_key_path(path))


def key_of(path: Path) -> Key | None:
    with _lock:
        return _open.get(_key_path(path))


def passphrase_for(path: Path) -> str | None:
    """The passphrase from the first source that has one, or None: the caller asks."""
    return given(path) or os.environ.get(ENV_VAR) or keyring_passphrase(path)


def keyring_passphrase(path: Path) -> str | None:
    """From the system keyring, only for a diary the delegate chose to keep there."""
    from missiondiary.store.config import keyring_diaries

    resolved = str(_key_path(path))
    if resolved not in keyring_diaries():
        return None
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, resolved)
    except Exception:  # no backend, a locked keyring: ask instead
        return None


def keep_in_keyring(path: Path, passphrase: str | None) -> None:
    """Keep the passphrase in the system keyring (None: remove it). Raises DiaryError when
    there is no keyring to keep it in."""
    from missiondiary.store.config import set_keyring_diary

    resolved = _key_path(path)
    try:
        import keyring

        if passphrase is None:
            with contextlib.suppress(Exception):
                keyring.delete_password(KEYRING_SERVICE, str(resolved))
        else:
            keyring.set_password(KEYRING_SERVICE, str(resolved), passphrase)
    except Exception as error:
        raise DiaryError(
            f"--remember: no system keyring to keep the passphrase in ({error})"
        ) from None
    set_keyring_diary(resolved, passphrase is not None)


def seal_text(path: Path, key: Key, text: str) -> None:
    """Write `text` into a new one-table SQLCipher file under the diary's key (the notes the
    app saves beside an encrypted diary when the diary will not take them). The same
    passphrase opens it: `missiondiary --db FILE decrypt --out plain.db`, or sqlcipher."""
    if path.exists():
        raise FileExistsError(path)
    conn = connect(str(path), key=key)
    try:
        conn.execute("CREATE TABLE notes (written TEXT, text TEXT)")
        conn.execute("INSERT INTO notes VALUES (datetime('now'), ?)", (text,))
        conn.commit()
    finally:
        conn.close()
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
