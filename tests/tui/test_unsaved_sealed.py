"""Notes the app saves beside an encrypted diary when the diary will not take them stay
encrypted: a small SQLCipher file under the diary's key, not a Markdown file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from missiondiary.store import Store, open_store
from missiondiary.store.encryption import decrypt_diary, encrypt_diary
from missiondiary.tui.unsaved import UnsavedText, write_unsaved_notes

SECRET = "Xq7: the board must not hear of the Chengdu offer"


def test_notes_saved_beside_an_encrypted_diary_are_encrypted_with_it(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    with open_store(db):
        pass
    encrypt_diary(db, "tea at the Hongyadong")
    store = Store.open(db, passphrase="tea at the Hongyadong")
    try:
        path = write_unsaved_notes(db, [UnsavedText("Jinshan hospital", "notes", SECRET)])
    finally:
        store.close()
    assert path.parent == tmp_path and path.suffix == ".db"
    assert SECRET.encode() not in path.read_bytes()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM notes").fetchall()
    conn.close()
    plain = decrypt_diary(path, "tea at the Hongyadong", tmp_path / "notes-plain.db")
    conn = sqlite3.connect(plain)
    (text,) = conn.execute("SELECT text FROM notes").fetchone()
    conn.close()
    assert SECRET in text


def test_notes_beside_a_plain_diary_stay_markdown(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    with open_store(db):
        path = write_unsaved_notes(db, [UnsavedText("Jinshan hospital", "notes", SECRET)])
    assert path.suffix == ".md" and SECRET in path.read_text(encoding="utf-8")
