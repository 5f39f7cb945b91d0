"""The app's lock makes the process forget an encrypted diary's key. An open that began
before the lock (a worker's, in another thread) must not bring the key back when it ends,
and the store it opened keeps its own key, so its backups stay encrypted."""

from __future__ import annotations

from pathlib import Path

import pytest

from missiondiary.store import crypto, open_store
from missiondiary.store.encryption import encrypt_diary

PASSPHRASE = "Chongqing by night, 2011"


def test_a_lock_during_an_open_keeps_the_key_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MISSIONDIARY_PASSPHRASE", raising=False)
    path = tmp_path / "diary.db"
    with open_store(path):
        pass
    encrypt_diary(path, PASSPHRASE)
    crypto.forget(path)
    crypto.give(path, PASSPHRASE)  # typed on the passphrase screen
    derive = crypto.derive

    def locked_meanwhile(passphrase: str, salt: bytes) -> crypto.Key:
        key = derive(passphrase, salt)
        crypto.forget(path)  # the app locks while this open is under way
        return key

    monkeypatch.setattr(crypto, "derive", locked_meanwhile)
    with open_store(path) as store:
        assert crypto.key_of(path) is None  # the lock holds
        assert store.key is not None  # this store's own key: its copies stay encrypted
        copy = store.backup_to(tmp_path / "copy.db")
    assert not copy.read_bytes().startswith(b"SQLite format 3")  # not a plain SQLite file
