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
    ok(db, "demo", "--no-tui")
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
    assert '"missions"' in export.stdout and "pa55-Word-xyz" not in export.stdout
    listed = ok(db, "outbox", "--json")
    assert "pa55-Word-xyz" not in listed.output


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


def test_an_empty_outbox_says_so(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    ok(db, "demo", "--no-tui")
    assert as_json(db, "outbox") == []
    assert "empty" in ok(db, "outbox").stderr
