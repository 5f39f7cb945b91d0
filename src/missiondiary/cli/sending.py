"""`send` (set up a WordPress site or a mailing list; send a day or a mission) and `outbox`
(what waits, went or failed; retry). Offline is normal: a day that cannot go now waits in
the outbox and the command still succeeds."""

from __future__ import annotations

import sys
from typing import Any

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import DiaryGroup, emit_table, note, one_line, said_without_table
from missiondiary.cli.params import AUDIENCE, json_option

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class SendGroup(DiaryGroup):
    """`send MISSION ...` is `send post MISSION ...`: the day is what one sends most (a
    mission named like a subcommand, `list` or `setup`, is sent with `send post`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["post", *args]
        return super().parse_args(ctx, args)


@click.group(cls=SendGroup)
def send() -> None:
    """Send posts to the members' WordPress or their inbox, through the outbox.

    \b
    missiondiary send setup wordpress NAME --url URL --user USER
    missiondiary send setup email NAME --smtp HOST[:PORT] --from ADDR --to ADDR...
    missiondiary send MISSION (--day N | --all) --to NAME

    A day that cannot go now (no connection) waits in the outbox: `missiondiary outbox
    retry`, or the app, sends it later. A day sent again updates the same WordPress post.
    """


@send.group(cls=DiaryGroup)
def setup() -> None:
    """Add or change where posts go (passwords go to the system keyring)."""


def _read_secret(prompt: str) -> str:
    """Asked without echo on a terminal; read as one line from a pipe (scripts)."""
    if not sys.stdin or not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n") if sys.stdin else ""
    else:  # pragma: no cover - needs a terminal
        line = click.prompt(prompt, hide_input=True)
    if not line.strip():
        raise click.BadParameter("no password was given", param_hint="password")
    return line.strip()


def _keep_secret(store, destination, secret: str) -> None:
    from missiondiary.send.secrets import store_secret

    warning = store_secret(store, destination, secret)
    if warning:
        note(f"Warning: {warning}")


@setup.command("wordpress")
@click.argument("name")
@click.option("--url", required=True, help="The site's address, e.g. https://chamber.example.")
@click.option("--user", required=True, help="The WordPress user the posts are written as.")
@pass_diary
def setup_wordpress(diary: Diary, name: str, url: str, user: str) -> None:
    """A WordPress site (5.6 or later), reached with an application password.

    Make one in WordPress under Users → Profile → Application Passwords; it is asked for
    here (not shown) and kept in the system keyring.
    """
    import httpx

    from missiondiary.domain.sending import DestinationKind
    from missiondiary.send.errors import Offline, Refused
    from missiondiary.send.wordpress import WordPress

    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise click.BadParameter(f"'{url}' is not a web address (https://...)", param_hint="--url")
    if parsed.scheme == "http" and parsed.host not in _LOCAL_HOSTS:
        note("Note: WordPress offers application passwords over https only (except local sites)")
    password = _read_secret(f"Application password for {user} at {url}")
    clean_url = str(parsed).rstrip("/")
    try:
        with WordPress(clean_url, user, password, name=name) as site:
            site.check()
        checked = "signed in"
    except Refused as problem:
        raise click.ClickException(one_line(f"{problem.reason}; nothing was kept")) from None
    except Offline as problem:
        checked = f"not checked now ({problem.reason})"
    with diary.open(create=True) as store:
        destination = store.save_destination(
            name, DestinationKind.WORDPRESS, {"url": clean_url, "user": user}
        )
        _keep_secret(store, destination, password)
    click.echo(f"{destination.name}: {destination.describe()}; {checked}")


@setup.command("email")
@click.argument("name")
@click.option("--smtp", "smtp", required=True, metavar="HOST[:PORT]", help="The mail server.")
@click.option("--from", "sender", required=True, metavar="ADDR", help="Who the mail is from.")
@click.option(
    "--to",
    "members",
    required=True,
    multiple=True,
    metavar="ADDR",
    help="A member's address (repeatable, or comma-separated); sent as Bcc.",
)
@click.option("--starttls", "security", flag_value="starttls", default=True, help="(default)")
@click.option("--ssl", "security", flag_value="ssl", help="TLS from the start (port 465).")
@click.option(
    "--plain", "security", flag_value="none", help="No encryption: a server on this machine."
)
@click.option("--login", default=None, metavar="USER", help="Log in (the password is asked).")
@pass_diary
def setup_email(
    diary: Diary,
    name: str,
    smtp: str,
    sender: str,
    members: tuple[str, ...],
    security: str,
    login: str | None,
) -> None:
    """A members' mailing list: one message per day, each member in Bcc."""
    from missiondiary.domain.sending import DestinationKind
    from missiondiary.send.email import parse_address, parse_smtp

    host, port = parse_smtp(smtp)
    addresses = []
    for given in members:
        for part in given.split(","):
            if part.strip():
                address = parse_address(part.strip(), "--to")
                if address not in addresses:
                    addresses.append(address)
    if not addresses:
        raise click.BadParameter("name at least one member's address", param_hint="--to")
    settings: dict[str, Any] = {
        "host": host,
        "port": port,
        "security": security,
        "from": parse_address(sender, "--from"),
        "to": addresses,
        "login": login,
    }
    if security == "none" and host not in _LOCAL_HOSTS:
        note(f"Warning: mail to {host} goes unencrypted (--plain); use --starttls or --ssl")
    password = _read_secret(f"SMTP password for {login} at {host}") if login else None
    with diary.open(create=True) as store:
        destination = store.save_destination(name, DestinationKind.EMAIL, settings)
        if password is not None:
            _keep_secret(store, destination, password)
    click.echo(f"{destination.name}: {destination.describe()}")


@send.command("list")
@json_option
@pass_diary
def send_list(diary: Diary, as_json: bool) -> None:
    """Where posts can go (set up with `send setup`); passwords are never shown."""
    with diary.open(reading=True) as store:
        found = store.destinations()
    rows = [
        {"name": d.name, "kind": d.kind.value, "settings": d.settings, "about": d.describe()}
        for d in found
    ]
    if said_without_table(
        as_json, rows, "No destinations yet: 'missiondiary send setup wordpress|email NAME ...'"
    ):
        return
    emit_table(["NAME", "KIND", "WHERE"], [[r["name"], r["kind"], r["about"]] for r in rows])


def _report(attempts, notes: list[str]) -> None:
    for line in notes:
        note(line)
    failed = 0
    for attempt in attempts:
        if attempt.outcome == "failed":
            failed += 1
            click.echo(f"Error: {one_line(attempt.line)}", err=True)
        elif attempt.outcome in ("waiting", "skipped"):
            note(one_line(attempt.line))
        else:
            click.echo(one_line(attempt.line))
    if failed:
        raise click.exceptions.Exit(1)


@send.command("post")
@click.argument("mission_ref", metavar="MISSION")
@click.option("--day", "day_number", type=int, help="The day number to send.")
@click.option("--all", "all_days", is_flag=True, help="Every day with something to send.")
@click.option("--to", "destination_name", required=True, metavar="NAME", help="Where to.")
@click.option("--audience", type=AUDIENCE, default="members", show_default=True)
@click.option(
    "--status",
    "post_status",
    type=click.Choice(["draft", "publish"], case_sensitive=False),
    default=None,
    help="WordPress: a draft for the editor to look at first (the default for a new post), "
    "or published at once. A day sent again keeps its last status unless given.",
)
@click.option("--again", is_flag=True, help="E-mail: send a second mail for a day already sent.")
@pass_diary
def send_post(
    diary: Diary,
    mission_ref: str,
    day_number: int | None,
    all_days: bool,
    destination_name: str,
    audience: str,
    post_status: str | None,
    again: bool,
) -> None:
    """Send a day (or every day) of a mission; `send MISSION ...` says the same."""
    if (day_number is None) == (not all_days):
        raise click.UsageError(
            "choose what to send: --day N or --all"
            if day_number is None
            else "--day and --all cannot be used together; choose one"
        )
    from missiondiary.send.outbox import check_post_status, days_to_send, send_days

    who = audience.lower()
    with diary.open() as store:
        found = store.find_mission(mission_ref)
        destination = store.destination(destination_name)
        status = post_status.lower() if post_status else None
        check_post_status(status, destination)
        if all_days:
            numbers = days_to_send(store, found, destination, who)
        else:
            numbers = [found.day_number(store.day_of(found, day_number, "--day"))]
        notes, attempts = send_days(
            store,
            found,
            numbers,
            destination,
            audience=who,
            post_status=status,
            again=again,
        )
    if not attempts and not notes:
        notes = [f"{found.slug} has nothing for {who}; nothing queued"]
    _report(attempts, notes)


# the outbox -------------------------------------------------------------------------------


def _when(value: str | None) -> str:
    return (value or "")[:16].replace("T", " ")


def outbox_rows(store) -> list[dict[str, Any]]:
    from missiondiary.send.outbox import changed_since_sent

    rows = []
    for item in store.outbox():
        rows.append(
            {
                "id": item.id,
                "mission": item.mission_slug,
                "day": item.day,
                "destination": item.destination.name,
                "kind": item.destination.kind.value,
                "audience": item.audience,
                "status": item.status.value,
                "post_status": item.post_status,
                "reason": item.reason,
                "remote_id": item.remote_id,
                "link": item.remote_link,
                "message_id": item.message_id,
                "attempts": item.attempts,
                "queued_at": item.queued_at,
                "tried_at": item.tried_at,
                "sent_at": item.sent_at,
                "changed_since_sent": changed_since_sent(store, item),
            }
        )
    return rows


@click.group(cls=DiaryGroup, invoke_without_command=True)
@json_option
@click.pass_context
def outbox(ctx: click.Context, as_json: bool) -> None:
    """What waits to be sent, what went (where, when, post id or Message-ID), what failed
    and why; `outbox retry` tries again now."""
    if ctx.invoked_subcommand is not None:
        return
    diary: Diary = ctx.find_object(Diary)
    with diary.open(reading=True) as store:
        rows = outbox_rows(store)
    if said_without_table(as_json, rows, "The outbox is empty: nothing sent or waiting"):
        return
    table = []
    for row in rows:
        status = row["status"]
        if row["changed_since_sent"]:
            status += " (changed since sent)"
        if row["status"] == "sent":
            where = row["link"] or row["message_id"] or ""
            detail = f"post {row['remote_id']} {where}" if row["remote_id"] else where
            detail = f"{detail} {row['reason']}".strip()
        else:
            detail = row["reason"]
        colour = {"sent": "green", "failed": "red"}.get(row["status"], "yellow")
        table.append(
            [
                row["mission"],
                str(row["day"]),
                row["destination"],
                (status, {"fg": colour}),
                _when(row["sent_at"] or row["tried_at"] or row["queued_at"]),
                one_line(detail),
            ]
        )
    emit_table(["MISSION", "DAY", "TO", "STATUS", "WHEN (UTC)", "DETAIL"], table)


@outbox.command("retry")
@pass_diary
def outbox_retry(diary: Diary) -> None:
    """Try what waits now (and what failed: it may have been fixed since)."""
    from missiondiary.send.outbox import retry

    with diary.open() as store:
        if not store.outbox():
            note("The outbox is empty: nothing to send")
            return
        attempts = retry(store)
    if not attempts:
        note("Nothing waits to be sent")
    _report(attempts, [])
