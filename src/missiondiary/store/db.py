"""Opening a diary file: checks before touching it, pragmas, migrations."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database

from missiondiary.errors import DiaryBusy, DiaryError, DiaryFileError, DiskFull, ReadOnlyDiary
from missiondiary.store import crypto
from missiondiary.store.backup import (
    BackupFailed,
    backup_before_migration,
    damaged,
    integrity_problem,
    nearly_full,
)
from missiondiary.store.migrations import APPLICATION_ID, CORE_TABLES, SCHEMA_VERSION, migrate

__all__ = [
    "APPLICATION_ID",
    "check_file",
    "default_path",
    "explain_sqlite_error",
    "open_database",
    "sqlite_connect",
    "writable",
]
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
ENCRYPTED_PAGE = 512  # an encrypted diary is whole pages (4096 bytes; 512 at the least)

# Closing any descriptor on a file drops every POSIX lock this process holds on it, SQLite's
# own included (https://www.sqlite.org/howtocorrupt.html, section 2.2). With its locks gone,
# another program (the command line beside the app) may checkpoint and delete the WAL under
# this process's open connections, and the diary is corrupted. So `check_file` reads the
# header only while this process has no descriptor on the file (an open connection is proof
# enough that it is SQLite), and no connection is opened while it reads: both hold OPENING.
OPENING = threading.RLock()


def default_path() -> Path:
    env = os.environ.get("MISSIONDIARY_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("missiondiary", appauthor=False) / "diary.db"


def check_file(path: Path) -> bool:
    """Refuse anything that is not a diary before SQLite can touch it; True if it exists."""
    return inspect_file(path)[0]


def inspect_file(path: Path) -> tuple[bool, bytes | None]:
    """Whether the file exists, and its SQLCipher salt when it is encrypted (None: plain).

    An encrypted diary has no SQLite header: it starts with its 16-byte salt and is whole
    pages long. Anything else without the header is refused before SQLite can touch it."""
    if path.is_dir():
        raise DiaryFileError(f"--db: {path} is a folder, not a diary file; name a file inside it")
    if not path.exists():
        return False, None
    try:
        with OPENING:
            if _open_in_this_process(path):
                return True, crypto.salt_of(path)
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
            size = path.stat().st_size
    except OSError as error:
        raise DiaryFileError(f"--db: cannot read {path}: {error.strerror}") from None
    if not header:
        raise DiaryFileError(
            f"--db: {path} is an empty file (0 bytes), not a diary; "
            "move it aside or name another file"
        )
    if header != SQLITE_HEADER and size >= ENCRYPTED_PAGE and size % ENCRYPTED_PAGE == 0:
        return True, header[: crypto.SALT_BYTES]
    if header != SQLITE_HEADER:
        raise DiaryFileError(
            f"--db: {path} is not a SQLite file; it was left untouched. Name another file"
        )
    return True, None


def _open_in_this_process(path: Path) -> bool:
    """Whether a descriptor of this process is on the file (an open SQLite connection);
    found with fstat on /dev/fd, which opens nothing. False where /dev/fd is missing."""
    try:
        wanted = path.stat()
        names = os.listdir("/dev/fd")
    except OSError:
        return False
    for name in names:
        try:
            found = os.fstat(int(name))
        except (OSError, ValueError):
            continue
        if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
            return True
    return False


def sqlite_connect(
    target: str, *, uri: bool = False, key: crypto.Key | None = None
) -> sqlite3.Connection:
    """A connection (SQLCipher's with `key`), never while `check_file` has the file open
    (see OPENING)."""
    with OPENING:
        return crypto.connect(target, uri=uri, key=key)


def writable(path: Path) -> bool:
    """Whether a diary can be written: the file and its folder (WAL needs files beside it).

    os.access, not a trial write: nothing is touched. It also answers for root, for whom
    permission bits do not count but a read-only mount or an immutable file still does."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_database(
    path: Path,
    *,
    readonly: bool = False,
    warnings: list[str] | None = None,
    passphrase: str | None = None,
) -> tuple[Database, crypto.Key | None]:
    """Open (or create) a diary, and the key it was opened with (None: a plain diary).
    Refused files are left byte-for-byte as they were.

    A diary that cannot be written raises `ReadOnlyDiary` unless `readonly`: the caller
    chooses to go on read-only (read commands, the app with its banner) or to stop.
    Before a migration the diary is checked and copied into `backups/`; a copy that cannot
    be made adds a line to `warnings` (shown to the user) and does not stop the upgrade.

    An encrypted diary needs its passphrase (`passphrase`, else `crypto.passphrase_for`):
    `PassphraseNeeded` when there is none, `WrongPassphrase` when it does not open the file."""
    path = Path(path).expanduser()
    since = crypto.forgotten_count(path)
    existed, salt = inspect_file(path)
    key = _key_for(path, salt, passphrase)
    if not existed:
        if readonly:
            raise DiaryFileError(f"--db: {path} does not exist")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DiaryFileError(
                f"--db: cannot create the folder {path.parent}: {error.strerror}"
            ) from None
        if not os.access(path.parent, os.W_OK):
            raise ReadOnlyDiary(
                f"--db: cannot create {path}: the folder {path.parent} cannot be written; "
                "name a file in a folder you can write to"
            )
    elif not readonly and not writable(path):
        raise ReadOnlyDiary(
            f"--db: {path} is read-only (the file or its folder cannot be written); "
            "nothing was changed. Copy it to a folder you can write to, or change its permissions"
        )
    conn: sqlite3.Connection | None = None
    try:
        conn = _open_connection(path, key, readonly)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # No sqlite-utils plugins: finding them scans every installed package (~20 ms a start),
        # and none of theirs may change how the diary's connection behaves.
        db = Database(conn, execute_plugins=False)
        # Everything before this line only reads: a refused file is left as it was.
        version = _check_schema(db, path, existed, readonly)
        if not readonly:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            if existed and 1 <= version < SCHEMA_VERSION:
                _before_migration(conn, path, warnings, key)
            migrate(db)
            if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                # A diary from before the mark was set with its schema: mark it now.
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except crypto.DATABASE_ERRORS as error:
        _close(conn)
        raise explain_sqlite_error(path, error, "cannot be used as a diary") from None
    except BaseException:
        _close(conn)
        raise
    crypto.note_open(path, key, since)
    return db, key


def _key_for(path: Path, salt: bytes | None, passphrase: str | None) -> crypto.Key | None:
    if salt is None:
        return None
    passphrase = passphrase or crypto.passphrase_for(path)
    if not passphrase:
        raise crypto.PassphraseNeeded(path)
    return crypto.derive(passphrase, salt)


def _open_connection(path: Path, key: crypto.Key | None, readonly: bool) -> sqlite3.Connection:
    """The diary's connection; a key that does not open the file is a wrong passphrase,
    and nothing was written."""
    try:
        return _connect_readonly(path, key) if readonly else sqlite_connect(str(path), key=key)
    except crypto.DATABASE_ERRORS as error:
        if key is not None and getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
            crypto.forget(path)  # a passphrase typed wrong is not kept
            raise crypto.WrongPassphrase(path) from None
        raise


def _connect_readonly(path: Path, key: crypto.Key | None = None) -> sqlite3.Connection:
    """Read-only; where SQLite cannot make the shared-memory file a WAL diary needs (a
    read-only folder, a full disk), immutable too. Not while a -wal file holds changes that
    are not yet in the diary: those would be missed, so refuse instead."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = None
    try:
        conn = sqlite_connect(uri, uri=True, key=key)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except crypto.OPERATIONAL_ERRORS as error:
        _close(conn)
        if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise DiaryFileError(
            f"--db: {path} has changes in {wal.name} that cannot be read here (a read-only "
            "folder or a full disk); copy the diary with its -wal file to a folder you can "
            "write to"
        )
    return sqlite_connect(uri + "&immutable=1", uri=True, key=key)


def _before_migration(
    conn: sqlite3.Connection,
    path: Path,
    warnings: list[str] | None,
    key: crypto.Key | None = None,
) -> None:
    """A damaged diary is not upgraded; a sound one is copied first."""
    problem = integrity_problem(conn)
    if problem is not None:
        raise damaged(path, problem)
    try:
        backup_before_migration(conn, path, SCHEMA_VERSION, key=key)
    except BackupFailed as error:
        if warnings is not None:
            warnings.append(f"Warning: {error}; upgrading without a copy")


def explain_sqlite_error(
    path: Path, error: sqlite3.Error, what: str = "cannot be used"
) -> DiaryError:
    """A storage error from SQLite, worded for the user and naming the file."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return damaged(path, text)
    if name == "SQLITE_FULL" or "disk is full" in text or _nearly_full(path, name):
        return DiskFull(f"--db: {path}: the disk is full; nothing was changed. Free some space")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return ReadOnlyDiary(
            f"--db: {path} cannot be written (read-only file or folder); nothing was changed"
        )
    if name.startswith("SQLITE_BUSY") or "locked" in text:
        return DiaryBusy(f"--db: {path} is busy in another program; nothing was changed, try again")
    return DiaryFileError(f"--db: {path} {what}: {text}")


def _nearly_full(path: Path, name: str) -> bool:
    """An I/O error with next to no free space left is a full disk (tmpfs says it so)."""
    return name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and nearly_full(path.parent)


def _close(conn: sqlite3.Connection | None) -> None:
    """A refused file is not kept open (another program may want its lock)."""
    if conn is not None:
        conn.close()


def _check_schema(db: Database, path: Path, existed: bool, readonly: bool = False) -> int:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if existed:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        objects = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        tables = set(db.table_names())
        ours = app_id == APPLICATION_ID or (
            app_id == 0
            and (objects == 0 or (1 <= version <= SCHEMA_VERSION and tables >= CORE_TABLES))
        )
        if not ours:
            raise DiaryFileError(
                f"--db: {path} is a SQLite file of another program, not a diary; "
                "it was left untouched. Name another file"
            )
    if version > SCHEMA_VERSION:
        raise DiaryFileError(
            f"--db: {path} was written by a newer missiondiary (schema {version}, "
            f"this one knows {SCHEMA_VERSION}); upgrade missiondiary to open it"
        )
    if readonly and version < SCHEMA_VERSION:
        raise DiaryFileError(
            f"--db: {path} needs upgrading (schema {version}, this one knows "
            f"{SCHEMA_VERSION}) and cannot be while opened read-only; "
            "open it once without read-only"
        )
    return version
