"""Encryption at rest on real files: the diary, its WAL and its copies hold none of the
private words; plain SQLite cannot read it; a wrong or missing passphrase changes nothing;
encrypt, use, change the passphrase and decrypt gives back the same diary."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from cli_helpers import SLUG, invoke, new_mission, ok
from missiondiary.store import open_store

PASSPHRASE = "Jiefangbei at dusk"
WITH_PASSPHRASE = {"MISSIONDIARY_PASSPHRASE": PASSPHRASE}
NO_PASSPHRASE = {"MISSIONDIARY_PASSPHRASE": None}
# Words that must never be readable in the diary's files once it is encrypted.
MARKERS = {
    "notes": "Xq7-do-not-mention-outside-the-board",
    "email": "zhang.rui.xq7@example.cn",
    "phone": "+86 23 6xq7 1234",
    "protocol": "Xq7 prefers tea; the jade seal was a gift",
    "later": "Xq7-written-after-encryption",
}


def run(db: Path, *args: str, input: str | None = None, env: dict | None = None):
    result = invoke(db, *args, input=input, env=env)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def diary_with_secrets(db: Path) -> None:
    new_mission(db, SLUG)
    ok(
        db,
        "meeting",
        "add",
        SLUG,
        "--at",
        "2011-11-22 10:00",
        "--title",
        "Jinshan hospital",
        "--with",
        "Zhang Rui, Director, Jinshan",
        "--notes",
        MARKERS["notes"],
    )
    ok(
        db,
        "person",
        "edit",
        "Zhang Rui",
        "--email",
        MARKERS["email"],
        "--phone",
        MARKERS["phone"],
        "--protocol",
        MARKERS["protocol"],
    )


def files_beside(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.rglob("*") if p.is_file() and p.suffix != ".json")


def exported(db: Path, out: Path, env: dict) -> dict:
    run(db, "export", "--out", str(out), env=env)
    document = json.loads(out.read_text(encoding="utf-8"))
    document.pop("exported_at")
    return document


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One encrypted diary with secrets (and its backups) per test process: the tests get
    copies, which share its salt, so the key is derived once."""
    db = tmp_path_factory.mktemp("encrypted") / "diary.db"
    diary_with_secrets(db)
    plain_bytes = b"".join(p.read_bytes() for p in files_beside(db))
    assert MARKERS["notes"].encode() in plain_bytes  # the scan below can find them
    result = run(db, "encrypt", env=WITH_PASSPHRASE)
    assert "Encrypted" in result.stdout
    return db


@pytest.fixture
def encrypted(encrypted_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "diary"
    shutil.copytree(encrypted_template.parent, folder)
    return folder / encrypted_template.name


def test_the_diary_its_wal_and_its_backups_hold_no_private_words(encrypted: Path) -> None:
    ok_backup = run(encrypted, "backup", env=WITH_PASSPHRASE)
    assert "backups" in ok_backup.stdout
    with _store(encrypted) as store:
        meeting = store.db.execute("SELECT id FROM meetings").fetchone()[0]
        store.update_meeting(meeting, notes=MARKERS["later"])
        wal = Path(f"{encrypted}-wal")
        assert wal.stat().st_size > 0  # the change is in the WAL, not yet in the file
        found = files_beside(encrypted)
        assert len([p for p in found if "backups" in p.parts]) >= 2  # daily copy + backup
        everything = {p: p.read_bytes() for p in found}
    for path, content in everything.items():
        for marker in MARKERS.values():
            assert marker.encode() not in content, (path, marker)
            assert marker.encode("utf-16-le") not in content, (path, marker)


class _store:
    """open_store with the passphrase given through the environment for the block."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def __enter__(self):
        os.environ["MISSIONDIARY_PASSPHRASE"] = PASSPHRASE
        self.opened = open_store(self.db)
        return self.opened.__enter__()

    def __exit__(self, *exc):
        try:
            return self.opened.__exit__(*exc)
        finally:
            os.environ.pop("MISSIONDIARY_PASSPHRASE", None)


def test_plain_sqlite_cannot_read_an_encrypted_diary(encrypted: Path) -> None:
    conn = sqlite3.connect(encrypted)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        conn.close()
    assert not encrypted.read_bytes().startswith(b"SQLite format 3")


def test_no_passphrase_and_no_terminal_is_one_line_and_exit_1(encrypted: Path) -> None:
    before = encrypted.read_bytes()
    result = invoke(encrypted, "day", "show", SLUG, "2011-11-22", env=NO_PASSPHRASE)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {encrypted} is encrypted: give its passphrase "
        "(MISSIONDIARY_PASSPHRASE, or run in a terminal)"
    )
    assert encrypted.read_bytes() == before


def test_a_wrong_passphrase_is_one_line_naming_the_file_and_changes_nothing(
    encrypted: Path,
) -> None:
    before = {p: p.read_bytes() for p in files_beside(encrypted)}
    # A real process: SQLCipher logs to the process's own stderr, past click's runner.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "missiondiary",
            "--db",
            str(encrypted),
            "followup",
            "add",
            SLUG,
            "Never stored",
            "--date",
            "2011-11-22",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MISSIONDIARY_PASSPHRASE": "Jiefangbei at dawn"},
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(encrypted) in lines[0] and "wrong passphrase" in lines[0]
    assert {p: p.read_bytes() for p in files_beside(encrypted)} == before


def test_encrypt_use_change_passphrase_and_decrypt_give_back_the_same_diary(
    encrypted: Path, tmp_path: Path
) -> None:
    run(
        encrypted,
        "followup",
        "add",
        SLUG,
        "Send the brochure",
        "--date",
        "2011-11-22",
        env=WITH_PASSPHRASE,
    )
    while_encrypted = exported(encrypted, tmp_path / "one.json", WITH_PASSPHRASE)
    assert "Send the brochure" in json.dumps(while_encrypted)

    changed = run(
        encrypted, "passphrase", input=f"{PASSPHRASE}\nnew words\nnew words\n", env=NO_PASSPHRASE
    )
    assert "Changed the passphrase" in changed.stdout
    refused = invoke(encrypted, "search", "brochure", env=WITH_PASSPHRASE)
    assert refused.exit_code == 1 and "wrong passphrase" in refused.stderr
    for copy in (encrypted.parent / "backups").iterdir():  # the copies took the new one too
        with _keyed(copy, "new words"):
            pass

    plain_copy = tmp_path / "plain-copy.db"
    new_words = {"MISSIONDIARY_PASSPHRASE": "new words"}
    run(encrypted, "decrypt", "--out", str(plain_copy), env=new_words)
    conn = sqlite3.connect(plain_copy)
    assert conn.execute("SELECT COUNT(*) FROM followups").fetchone()[0] >= 1
    conn.close()
    run(encrypted, "decrypt", "--yes", env=new_words)
    assert encrypted.read_bytes().startswith(b"SQLite format 3\x00")
    assert exported(encrypted, tmp_path / "two.json", NO_PASSPHRASE) == while_encrypted


class _keyed:
    def __init__(self, db: Path, passphrase: str) -> None:
        self.db, self.passphrase = db, passphrase

    def __enter__(self):
        from missiondiary.store import Store

        self.store = Store.open(self.db, passphrase=self.passphrase, readonly=True)
        return self.store

    def __exit__(self, *exc):
        self.store.close()


def test_export_of_an_encrypted_diary_warns_that_it_is_in_the_clear(
    encrypted: Path, tmp_path: Path
) -> None:
    result = run(encrypted, "export", "--out", str(tmp_path / "out.json"), env=WITH_PASSPHRASE)
    assert "in the clear" in result.stderr
    assert MARKERS["protocol"] in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_a_plain_diary_never_asks_and_exports_without_a_warning(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db, SLUG)
    result = run(db, "export", "--out", str(tmp_path / "out.json"), env=NO_PASSPHRASE)
    assert "Warning" not in result.stderr


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test (no system keyring is touched)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    from keyring.backends import fail

    monkeypatch.setenv("MISSIONDIARY_CONFIG", str(tmp_path / "config.toml"))
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(fail.Keyring())


def test_a_passphrase_kept_in_the_keyring_opens_the_diary_only_when_chosen(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    db = tmp_path / "diary.db"
    new_mission(db, SLUG)
    run(db, "encrypt", input=f"{PASSPHRASE}\n{PASSPHRASE}\n", env=NO_PASSPHRASE)
    assert memory_keyring.saved == {}
    refused = invoke(db, "mission", "list", env=NO_PASSPHRASE)
    assert refused.exit_code == 1 and "is encrypted" in refused.stderr

    memory_keyring.saved[("missiondiary", str(db.resolve()))] = PASSPHRASE
    refused = invoke(db, "mission", "list", env=NO_PASSPHRASE)  # not chosen: not asked
    assert refused.exit_code == 1

    run(db, "passphrase", "--remember", input=f"{PASSPHRASE}\nsecond\nsecond\n", env=NO_PASSPHRASE)
    assert memory_keyring.saved[("missiondiary", str(db.resolve()))] == "second"
    assert SLUG in run(db, "mission", "list", env=NO_PASSPHRASE).stdout


def test_encrypting_twice_or_decrypting_a_plain_diary_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db, SLUG)
    result = invoke(db, "decrypt", "--yes", env=WITH_PASSPHRASE)
    assert result.exit_code == 1 and "is not encrypted" in result.stderr
    run(db, "encrypt", env=WITH_PASSPHRASE)
    result = invoke(db, "encrypt", env=WITH_PASSPHRASE)
    assert result.exit_code == 1 and "already encrypted" in result.stderr


@pytest.mark.slow
def test_an_encrypt_killed_half_way_leaves_a_working_plain_diary(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    run(db, "demo", "--no-tui")
    with open_store(db) as store:
        wanted = {t: store.db[t].count for t in ("meetings", "followups", "people")}
    process = subprocess.Popen(
        [sys.executable, "-m", "missiondiary", "--db", str(db), "encrypt"],
        env={**os.environ, **WITH_PASSPHRASE},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    part = db.with_name(f".{db.name}.converting.part")
    deadline = time.monotonic() + 60
    while not part.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert db.read_bytes().startswith(b"SQLite format 3\x00"), "killed after the rename"
    with open_store(db) as store:
        store.check_integrity()
        assert {t: store.db[t].count for t in wanted} == wanted
    run(db, "encrypt", env=WITH_PASSPHRASE)  # and it can still be encrypted afterwards
    assert not part.exists()


def test_an_encrypted_connection_keeps_a_large_page_cache(encrypted: Path) -> None:
    """Each page read again from the disk cache is decrypted again: a small page cache made
    search as you type on a large encrypted diary several times slower than on a plain one."""
    from missiondiary.store import crypto

    key = crypto.derive(PASSPHRASE, encrypted.read_bytes()[:16])  # SQLCipher's salt
    conn = crypto.connect(str(encrypted), key=key)
    try:
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -crypto.ENCRYPTED_CACHE_KIB
        assert conn.execute("SELECT COUNT(*) FROM missions").fetchone()[0] >= 1
    finally:
        conn.close()


def test_the_days_whole_check_of_an_encrypted_diary_is_said_before_it_runs(
    encrypted: Path,
) -> None:
    shutil.rmtree(encrypted.parent / "backups", ignore_errors=True)  # no copy today yet
    first = run(encrypted, "followup", "add", SLUG, "Call the consul", env=WITH_PASSPHRASE)
    assert "Checking" in first.stderr and "once a day" in first.stderr
    assert any((encrypted.parent / "backups").iterdir())
    again = run(encrypted, "followup", "add", SLUG, "Call again", env=WITH_PASSPHRASE)
    assert "Checking" not in again.stderr
