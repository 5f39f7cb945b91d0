"""Destinations, secrets and the outbox in a real diary file."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import as_json, ok
from missiondiary.domain.sending import DestinationKind, OutboxStatus
from missiondiary.store import open_store
from missiondiary.store.migrations import SCHEMA_VERSION
from smtp_local import free_port


def test_a_new_diary_has_the_outbox_at_the_current_schema(diary) -> None:
    version = diary.db.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
    assert {"send_destinations", "send_secrets", "outbox"} <= set(diary.db.table_names())


def test_without_a_keyring_the_password_stays_in_the_diary_only(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    result = ok(
        db,
        "send",
        "setup",
        "email",
        "desk",
        "--smtp",
        f"127.0.0.1:{free_port()}",
        "--plain",
        "--from",
        "desk@chamber.example",
        "--to",
        "a@members.example,b@members.example",
        "--login",
        "desk",
        input="pa55-Word-xyz\n",
    )
    assert "no system keyring" in result.stderr and "encrypted" in result.stderr
    assert "pa55-Word-xyz" not in result.output
    with open_store(db) as store:
        [destination] = store.destinations()
        assert destination.kind is DestinationKind.EMAIL
        assert destination.settings["to"] == ["a@members.example", "b@members.example"]
        assert "pa55-Word-xyz" not in json.dumps(destination.settings)
        assert store.secret_in_diary(destination.id) == "pa55-Word-xyz"
    export = ok(db, "export", "--out", "-")
    assert '"format"' in export.stdout and "pa55-Word-xyz" not in export.stdout
    listed = ok(db, "outbox", "--json")
    assert "pa55-Word-xyz" not in listed.output
    [shown] = as_json(db, "send", "list")
    assert shown["name"] == "desk" and shown["kind"] == "email"
    assert "pa55-Word-xyz" not in ok(db, "send", "list").stdout


def test_queueing_twice_keeps_one_row_and_its_message_id(diary) -> None:
    from datetime import date

    mission = diary.create_mission(
        "Mission", date(2011, 11, 21), date(2011, 11, 30), "Asia/Shanghai"
    )
    destination = diary.save_destination(
        "desk", DestinationKind.EMAIL, {"host": "127.0.0.1", "from": "a@b.c", "to": ["d@e.f"]}
    )
    [first] = diary.queue_send(
        mission.id, [3], destination, audience="members", post_status="draft"
    )
    assert diary.claim(first.id) and not diary.claim(first.id)  # one attempt at a time
    diary.keep_remote(first.id, message_id="<one@b.c>")
    [again] = diary.queue_send(mission.id, [3], destination, audience="public", post_status="draft")
    assert again.id == first.id and again.message_id == "<one@b.c>"
    assert again.audience == "public" and again.status is OutboxStatus.WAITING
    assert diary.waiting_count() == 1
    [second_mail] = diary.queue_send(
        mission.id, [3], destination, audience="members", post_status="draft", new_message=True
    )
    assert second_mail.message_id is None


def test_an_empty_outbox_says_so(diary, diary_path: Path) -> None:
    assert as_json(diary_path, "outbox") == []
    assert "empty" in ok(diary_path, "outbox").stderr


class _MemoryKeyring:
    """A keyring backend of our own (as a desktop's would be): secrets in a dict."""

    def __init__(self) -> None:
        from keyring.backend import KeyringBackend

        class Backend(KeyringBackend):
            priority = 1  # type: ignore[assignment]
            secrets: dict[tuple[str, str], str] = {}  # noqa: RUF012

            def set_password(self, service: str, username: str, password: str) -> None:
                self.secrets[(service, username)] = password

            def get_password(self, service: str, username: str) -> str | None:
                return self.secrets.get((service, username))

            def delete_password(self, service: str, username: str) -> None:
                self.secrets.pop((service, username), None)

        self.backend = Backend()


def test_with_a_keyring_the_password_goes_there_and_not_into_the_diary(
    tmp_path: Path, monkeypatch
) -> None:
    import keyring

    from missiondiary.send.secrets import load_secret

    memory = _MemoryKeyring().backend
    monkeypatch.setattr(keyring.core, "_keyring_backend", memory)
    db = tmp_path / "diary.db"
    result = ok(
        db, "send", "setup", "email", "desk", "--smtp", "127.0.0.1:2525", "--plain",
        "--from", "desk@chamber.example", "--to", "a@members.example", "--login", "desk",
        input="kr-Secret-77\n",
    )  # fmt: skip
    assert "keyring" not in result.stderr
    assert list(memory.secrets.values()) == ["kr-Secret-77"]
    with open_store(db) as store:
        [destination] = store.destinations()
        assert store.secret_in_diary(destination.id) is None
        assert load_secret(store, destination) == "kr-Secret-77"
    assert b"kr-Secret-77" not in db.read_bytes()


def test_an_upload_knows_the_days_its_picture_is_on_until_the_photo_is_deleted(
    tmp_path: Path,
) -> None:
    from send_photo_helpers import photo_diary

    db = tmp_path / "diary.db"
    ids = photo_diary(db, tmp_path, slug="uploads")
    with open_store(db) as store:
        mission = store.find_mission("uploads")
        site = store.save_destination("wp", DestinationKind.WORDPRESS, {"url": "https://x"})
        skyline = store.photo(ids["skyline"]).content_hash
        store.keep_media(site.id, skyline, "17", "https://x/skyline.jpg")
        [upload] = store.uploads(site.id)
        assert (upload.photo_hash, upload.media_id) == (skyline, "17")
        assert upload.places == {(mission.id, "2011-11-23")}
        assert upload.shown_only_on(mission.id, "2011-11-23")
        assert not upload.shown_only_on(mission.id, "2011-11-24")  # its day decides, no other
        store.delete_entry("photo", ids["skyline"])
        [deleted] = store.uploads(site.id)
        assert deleted.places == frozenset() and deleted.shown_only_on(mission.id, "2011-11-24")
