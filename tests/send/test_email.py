"""E-mail to the members' list, through a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import as_json, dump, invoke, ok
from missiondiary.domain import Visibility
from missiondiary.store import open_store
from missiondiary.timeline import moment_from_text
from smtp_local import SmtpServer, free_port
from store_helpers import chamber_mission

MEMBERS = ["ann@members.example", "Bob Brown <bob@members.example>"]


def _diary(path: Path) -> str:
    """A mission with a members' meeting, a private one and a non-ASCII post title."""
    with open_store(path) as store:
        mission = chamber_mission(store, "cq-2011", home_tz="Europe/London", author="Zoë Ångström")
        at = moment_from_text("2011-11-23 10:00", "Asia/Chongqing").moment
        store.add_meeting(
            mission.id,
            "Jinshan port visit",
            at,
            summary="Toured the new container terminal.",
            visibility=Visibility.MEMBERS,
        )
        store.add_meeting(
            mission.id,
            "Confidential pricing talk",
            at,
            summary="SECRET-MARGIN-42",
            visibility=Visibility.PRIVATE,
        )
        store.write_post(
            mission.id,
            3,
            "Fog on the Yangtze, then **sun**.",
            title="Día 3: 重庆",
            visibility="public",
        )
    return "cq-2011"


def _setup(db: Path, port: int, *extra: str, name: str = "members", password: str = "") -> None:
    args = ["send", "setup", "email", name, "--smtp", f"127.0.0.1:{port}", "--plain"]
    args += ["--from", "Chambre de Commerce – Zoë <desk@chamber.example>"]
    for member in MEMBERS:
        args += ["--to", member]
    ok(db, *args, *extra, input=password or None)


def test_one_message_per_day_multipart_with_members_in_bcc(tmp_path: Path, smtp) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    _setup(db, smtp.port)
    result = ok(db, "send", slug, "--day", "3", "--to", "members")
    assert "mailed to 2 of 2" in result.stdout
    [got] = smtp.inbox.received
    assert sorted(got.rcpt_tos) == ["ann@members.example", "bob@members.example"]
    assert got.mail_from == "desk@chamber.example"
    message = got.message
    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    raw_headers = got.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # every header is ASCII
    assert "=?utf-8?" in raw_headers  # the non-ASCII subject is encoded
    assert message["Subject"] == "Día 3: 重庆"
    assert message["From"].addresses[0].display_name == "Chambre de Commerce – Zoë"
    assert "members.example" not in raw_headers  # no member sees the others
    assert message["Bcc"] is None
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Fog on the Yangtze, then **sun**." in text
    assert "Zoë Ångström" in text
    assert "<strong" in html and 'style="' in html and "<style" not in html
    assert "Jinshan port visit" in html
    assert b"SECRET-MARGIN-42" not in got.raw and b"Confidential pricing" not in got.raw


def test_only_what_the_audience_may_see_is_mailed(tmp_path: Path, smtp) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    _setup(db, smtp.port)
    ok(db, "send", slug, "--day", "3", "--to", "members", "--audience", "public")
    [got] = smtp.inbox.received
    assert b"SECRET-MARGIN-42" not in got.raw and b"Confidential pricing" not in got.raw
    public = got.message.get_body(("plain",)).get_content()
    assert "Fog on the Yangtze" in public  # the words are public
    assert "Jinshan" not in public  # a members' meeting is not for the public


def test_sending_again_mails_nothing_unless_asked(tmp_path: Path, smtp) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    _setup(db, smtp.port)
    ok(db, "send", slug, "--day", "3", "--to", "members")
    again = ok(db, "send", slug, "--day", "3", "--to", "members")
    assert "not sent again" in again.stderr
    ok(db, "outbox", "retry")
    ok(db, "outbox", "retry")
    assert len(smtp.inbox.received) == 1
    ok(db, "send", slug, "--day", "3", "--to", "members", "--again")
    first, second = smtp.inbox.received
    assert first.message["Message-ID"] != second.message["Message-ID"]


def test_offline_queues_and_one_retry_sends_it_once(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    port = free_port()  # nothing listens there yet: the hotel's Wi-Fi is down
    _setup(db, port)
    queued = ok(db, "send", slug, "--day", "3", "--to", "members")
    assert "queued: no connection" in queued.stderr
    ok(db, "outbox", "retry")  # still down: still waiting, still exit 0
    [row] = as_json(db, "outbox")
    assert row["status"] == "waiting" and row["attempts"] == 2 and row["message_id"]
    server = SmtpServer(port).start()
    try:
        ok(db, "outbox", "retry")
        ok(db, "outbox", "retry")
        ok(db, "send", slug, "--day", "3", "--to", "members")
    finally:
        server.stop()
    [got] = server.inbox.received
    assert got.message["Message-ID"] == row["message_id"]  # the one kept before trying


def test_refused_login_fails_in_words_and_stays_failed(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    server = SmtpServer(login=("desk", "right")).start()
    try:
        _setup(db, server.port, "--login", "desk", password="wrong\n")
    except AssertionError:
        server.stop()
        raise
    try:
        result = invoke(db, "send", slug, "--day", "3", "--to", "members")
    finally:
        server.stop()
    assert result.exit_code == 1
    assert "refused the login for desk" in result.stderr
    assert "Traceback" not in result.output
    row = as_json(db, "outbox")[0]
    assert row["status"] == "failed" and "refused the login" in row["reason"]
    assert server.inbox.received == []


def test_a_rejected_member_is_named_and_the_others_get_it_once(tmp_path: Path, smtp) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    _setup(db, smtp.port)
    smtp.inbox.reject.add("bob@members.example")
    result = ok(db, "send", slug, "--day", "3", "--to", "members")
    assert "mailed to 1 of 2" in result.stdout
    ok(db, "outbox", "retry")
    [got] = smtp.inbox.received
    assert got.rcpt_tos == ["ann@members.example"]
    row = as_json(db, "outbox")[0]
    assert row["status"] == "sent" and "bob@members.example" in row["reason"]


def test_every_member_rejected_fails_with_the_reason(tmp_path: Path, smtp) -> None:
    db = tmp_path / "diary.db"
    slug = _diary(db)
    _setup(db, smtp.port)
    smtp.inbox.reject.update({"ann@members.example", "bob@members.example"})
    result = invoke(db, "send", slug, "--day", "3", "--to", "members")
    assert result.exit_code == 1
    assert "rejected every recipient" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_setup_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    _diary(db)
    before = dump(db)
    result = invoke(
        db, "send", "setup", "email", "x", "--smtp", "127.0.0.1", "--from", "desk", "--to", "a@b.c"
    )
    assert result.exit_code == 1 and "--from: 'desk' is not an e-mail address" in result.stderr
    result = invoke(db, "send", "cq-2011", "--day", "3", "--to", "nowhere")
    assert result.exit_code == 1 and "--to: no destination named 'nowhere'" in result.stderr
    result = invoke(db, "send", "cq-2011", "--to", "nowhere")
    assert result.exit_code == 2 and "choose what to send: --day N or --all" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before
