"""Commands for the counterpart register (`org`, `person`) and the mission report (`report`).
cli.py attaches them to the main group:

    cli.add_command(org_group)
    cli.add_command(person_group)
    cli.add_command(report_command)

Like the rest of the command line they parse, call the library, print; the library's
DiaryErrors become one line and exit status 1 in the main group, and a value of the wrong
form (a --kind, an --email, a date) is a usage error, exit 2, before the diary is opened.
The diary comes from the main group's context object (`Diary`, with `open()`), so this
module never imports cli.py.

NAME is a name or other name in any case, a unique part of one ("Jinshan Group"), or an id
prefix. Contact details and protocol notes are shown here, in the delegate's own terminal,
and never written into anything published.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from missiondiary.domain import Audience, FollowUp, parse_date
from missiondiary.domain.register import (
    ORGANISATION_KINDS,
    MeetingSeen,
    OrganisationProfile,
    PersonProfile,
    RegisterEntry,
    parse_email,
    parse_organisation_kind,
)
from missiondiary.errors import InvalidInput

if TYPE_CHECKING:
    from missiondiary.store import Store

REPORT_AUDIENCES = tuple(a.value for a in (Audience.MEMBERS, Audience.PUBLIC, Audience.PRIVATE))


class _Parsed(click.ParamType):
    """A value checked by one of the library's parsers: a bad one is a usage error (exit 2)
    naming the option, raised before the diary is opened."""

    def __init__(self, name: str, parse: Callable[[str, str], Any]) -> None:
        self.name = name
        self.parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        option = max(param.opts, key=len) if isinstance(param, click.Option) else "value"
        try:
            return self.parse(value, option)
        except InvalidInput as error:
            _, sep, rest = str(error).partition(": ")
            self.fail(rest if sep else str(error), param, ctx)


def _report_formats(value: str, field_name: str) -> tuple[str, ...]:
    from missiondiary.publish import parse_formats

    try:
        return parse_formats(value)
    except InvalidInput as error:
        raise InvalidInput(str(error).replace("--format", field_name, 1)) from None


KIND = _Parsed("kind", parse_organisation_kind)
EMAIL = _Parsed("email", parse_email)
DATE = _Parsed("date", parse_date)
REPORT_FORMATS = _Parsed("formats", _report_formats)


# output helpers ---------------------------------------------------------------------------


def _short(entry_id: str | None) -> str:
    return (entry_id or "")[:8]


def _day(value: date | None) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}" if value else ""


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [
        max([len(header), *(len(row[index]) for row in rows)])
        for index, header in enumerate(headers)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    click.secho(line, bold=True)
    for row in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _wrapped(text: str, indent: str) -> None:
    import shutil
    import textwrap

    width = max(40, shutil.get_terminal_size((100, 24)).columns - 1)
    for paragraph in text.strip().splitlines():
        flat = " ".join(paragraph.split())
        if not flat:
            click.echo("")
            continue
        click.echo(
            textwrap.fill(
                flat,
                width=width,
                initial_indent=indent,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )


def _met_line(meetings: Sequence[MeetingSeen]) -> str:
    if not meetings:
        return "not met at any meeting yet"
    missions = len({m.mission_id for m in meetings})
    times = "once" if len(meetings) == 1 else f"{len(meetings)} times"
    span = (
        f"on {_day(meetings[0].day)}"
        if len(meetings) == 1
        else f"first {_day(meetings[-1].day)}, last {_day(meetings[0].day)}"
    )
    return f"met {times} on {_plural(missions, 'mission')}: {span}"


def _print_meetings(meetings: Sequence[MeetingSeen], people_word: str) -> None:
    click.echo()
    click.secho("Meetings (newest first)", bold=True)
    if not meetings:
        click.echo("  (none)")
    for seen in meetings:
        click.echo(
            f"  {_day(seen.day)}  {seen.mission_slug}  Day {seen.day_number}  {seen.title}"
            f"  [{seen.visibility}]  {_short(seen.meeting_id)}"
        )
        if seen.people:
            _wrapped(f"{people_word}: {', '.join(seen.people)}", "      ")
        if seen.summary.strip():
            _wrapped(f"summary: {seen.summary}", "      ")
        for outcome in seen.outcomes:
            money = f" — {outcome.money()}" if outcome.amount is not None else ""
            _wrapped(f"agreed: {outcome.text}{money}", "      ")


def _print_followups(followups: Sequence[FollowUp], missions: dict[str, str]) -> None:
    click.echo()
    click.secho("Open follow-ups", bold=True)
    if not followups:
        click.echo("  (none)")
    for item in followups:
        bits = [item.text]
        if item.owner:
            bits.append(item.owner)
        if item.due:
            bits.append(f"due {item.due}")
        click.echo(
            f"  [ ] {' — '.join(bits)}  ({missions.get(item.mission_id, '')})  "
            f"[{item.visibility}]  {_short(item.id)}"
        )


def _meeting_json(seen: MeetingSeen) -> dict[str, Any]:
    return {
        "id": seen.meeting_id,
        "date": seen.day,
        "mission": seen.mission_slug,
        "mission_title": seen.mission_title,
        "day": seen.day_number,
        "title": seen.title,
        "summary": seen.summary,
        "outcomes": [
            {"text": o.text, "amount": o.amount, "currency": o.currency} for o in seen.outcomes
        ],
        "organisations": list(seen.organisations),
        "people": list(seen.people),
        "visibility": seen.visibility.value,
    }


def _followup_json(item: FollowUp, missions: dict[str, str]) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "owner": item.owner,
        "due": item.due,
        "mission": missions.get(item.mission_id, ""),
        "meeting_id": item.meeting_id,
        "visibility": item.visibility.value,
    }


def _entry_json(entry: RegisterEntry, detail_key: str) -> dict[str, Any]:
    return {
        "id": entry.id,
        "name": entry.name,
        "aliases": list(entry.aliases),
        detail_key: entry.detail,
        "meetings": entry.meetings,
        "missions": entry.missions,
        "last_met": entry.last_met,
    }


def _list(entries: list[RegisterEntry], as_json: bool, detail: str, empty: str) -> None:
    if as_json:
        _emit_json([_entry_json(entry, detail.lower()) for entry in entries])
        return
    if not entries:
        click.echo(empty, err=True)
        return
    _table(
        ["ID", "NAME", detail.upper(), "MEETINGS", "MISSIONS", "LAST MET", "ALSO KNOWN AS"],
        [
            [
                _short(e.id),
                e.name,
                e.detail,
                str(e.meetings),
                str(e.missions),
                str(e.last_met or ""),
                ", ".join(e.aliases),
            ]
            for e in entries
        ],
    )


def _mission_slugs(store: Store) -> dict[str, str]:
    return {m.id: m.slug for m in store.missions()}


# organisations ----------------------------------------------------------------------------


@click.group("org")
def org_group() -> None:
    """The organisations met: other names, kind, place, every meeting across missions."""


@org_group.command("list")
@click.argument("text", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def org_list(diary: Any, text: str, as_json: bool) -> None:
    """List organisations A to Z with their meetings; TEXT keeps those with it in a name."""
    entries: list[RegisterEntry] = []
    if diary.exists:
        with diary.open(reading=True) as store:
            entries = store.organisation_list(text)
    empty = f"No organisation matches '{text}'." if text else "No organisations yet."
    _list(entries, as_json, "Kind", empty)


@org_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def org_show(diary: Any, name: str, as_json: bool) -> None:
    """Every meeting with an organisation across missions, the people met from it, and the
    follow-ups still open.

    NAME: a name or other name (any case), a unique part of one, or an id prefix.
    """
    with diary.open(reading=True) as store:
        found = store.find_organisation(name)
        profile = store.organisation_profile(found.id)
        missions = _mission_slugs(store)
    if as_json:
        _emit_json(_org_profile_json(profile, missions))
        return
    _print_org(profile, missions)


def _org_profile_json(profile: OrganisationProfile, missions: dict[str, str]) -> dict[str, Any]:
    org = profile.organisation
    return {
        "id": org.id,
        "name": org.name,
        "aliases": list(org.aliases),
        "kind": org.kind,
        "city": org.city,
        "country": org.country,
        "notes": org.notes,
        "first_met": profile.first_met,
        "last_met": profile.last_met,
        "meetings": [_meeting_json(m) for m in profile.meetings],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "meetings": p.meetings,
                "last_met": p.last_met,
            }
            for p in profile.people
        ],
        "open_followups": [_followup_json(f, missions) for f in profile.open_followups],
    }


def _print_org(profile: OrganisationProfile, missions: dict[str, str]) -> None:
    org = profile.organisation
    click.secho(f"{org.name}  ({_short(org.id)})", bold=True)
    if org.aliases:
        click.echo(f"  also known as: {', '.join(org.aliases)}")
    about = " · ".join(part for part in (org.kind, org.place) if part)
    if about:
        click.echo(f"  {about}")
    click.echo(f"  {_met_line(profile.meetings)}")
    if org.notes.strip():
        click.echo("  notes (private):")
        _wrapped(org.notes, "    ")
    _print_meetings(profile.meetings, "met")
    click.echo()
    click.secho("People met", bold=True)
    if not profile.people:
        click.echo("  (none)")
    for person in profile.people:
        bits = [person.name, person.role] if person.role else [person.name]
        seen = f"{_plural(person.meetings, 'meeting')}"
        if person.last_met:
            seen += f", last {_day(person.last_met)}"
        click.echo(f"  {' — '.join(bits)}  ({seen})")
    _print_followups(profile.open_followups, missions)


@org_group.command("edit")
@click.argument("name")
@click.option("--name", "new_name", help="A new name; the old one stays as another name.")
@click.option("--alias", "aliases", multiple=True, help="Another name it goes by (repeatable).")
@click.option("--drop-alias", "dropped", multiple=True, help="Forget another name (repeatable).")
@click.option("--city", help="Its city.")
@click.option("--country", help="Its country.")
@click.option("--kind", type=KIND, help=f"One of {', '.join(ORGANISATION_KINDS)}.")
@click.option("--notes", help="Private notes (never published); replaces the old ones.")
@click.pass_obj
def org_edit(
    diary: Any,
    name: str,
    new_name: str | None,
    aliases: tuple[str, ...],
    dropped: tuple[str, ...],
    city: str | None,
    country: str | None,
    kind: str | None,
    notes: str | None,
) -> None:
    """Change an organisation; what is not given stays as it was. One change to undo."""
    given = (new_name, city, country, kind, notes)
    if not aliases and not dropped and all(value is None for value in given):
        raise click.UsageError(
            "nothing to change: give --alias, --city, --country, --kind, --notes or --name"
        )
    with diary.open() as store:
        found = store.find_organisation(name)
        changed = store.update_organisation(
            found.id,
            name=new_name,
            add_aliases=aliases,
            drop_aliases=dropped,
            city=city,
            country=country,
            kind=kind,
            notes=notes,
        )
    about = " · ".join(part for part in (changed.kind, changed.place) if part)
    known = f"; also known as {', '.join(changed.aliases)}" if changed.aliases else ""
    click.echo(
        f"Changed organisation {changed.name} ({_short(changed.id)})"
        + (f": {about}" if about else "")
        + known
    )


@org_group.command("merge")
@click.argument("keep")
@click.argument("other")
@click.pass_obj
def org_merge(diary: Any, keep: str, other: str) -> None:
    """Merge OTHER into KEEP: every meeting and person linked to OTHER moves to KEEP, and
    OTHER's names become KEEP's other names. 'missiondiary undo' takes it back."""
    with diary.open() as store:
        kept = store.find_organisation(keep, "KEEP")
        gone = store.find_organisation(other, "OTHER")
        if gone.id == kept.id:
            raise InvalidInput(f"OTHER: '{other}' is {kept.name} itself; nothing to merge")
        moved = len(store.organisation_profile(gone.id).meetings)
        merged = store.merge_organisations(kept.id, gone.id)
    click.echo(
        f"Merged {gone.name} into {merged.name} ({_short(merged.id)}): "
        f"{_plural(moved, 'meeting')} moved; also known as {', '.join(merged.aliases)}. "
        "'missiondiary undo' takes it back."
    )


# people -----------------------------------------------------------------------------------


@click.group("person")
def person_group() -> None:
    """The people met: other names, titles over time, contact details (private)."""


@person_group.command("list")
@click.argument("text", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def person_list(diary: Any, text: str, as_json: bool) -> None:
    """List people A to Z with their latest title; TEXT keeps those with it in a name."""
    entries: list[RegisterEntry] = []
    if diary.exists:
        with diary.open(reading=True) as store:
            entries = store.person_list(text)
    empty = f"No one matches '{text}'." if text else "No people yet."
    _list(entries, as_json, "Title", empty)


@person_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def person_show(diary: Any, name: str, as_json: bool) -> None:
    """Someone's titles over time, contact details and protocol notes (private), every
    meeting across missions, and the follow-ups still open.

    NAME: a name or other name (any case), a unique part of one, or an id prefix.
    """
    with diary.open(reading=True) as store:
        found = store.find_person(name)
        profile = store.person_profile(found.id)
        missions = _mission_slugs(store)
    if as_json:
        _emit_json(_person_profile_json(profile, missions))
        return
    _print_person(profile, missions)


def _person_profile_json(profile: PersonProfile, missions: dict[str, str]) -> dict[str, Any]:
    who = profile.person
    return {
        "id": who.id,
        "name": who.name,
        "aliases": list(who.aliases),
        "titles": [
            {"title": t.title, "organisation": t.organisation, "since": t.since, "until": t.until}
            for t in profile.titles
        ],
        "contact": {
            "email": who.contact.email,
            "phone": who.contact.phone,
            "messaging": who.contact.messaging,
            "card": who.contact.card,
        },
        "protocol": who.protocol,
        "first_met": profile.first_met,
        "last_met": profile.last_met,
        "meetings": [_meeting_json(m) for m in profile.meetings],
        "organisations": [
            {"id": o.id, "name": o.name, "role": o.role, "meetings": o.meetings}
            for o in profile.organisations
        ],
        "open_followups": [_followup_json(f, missions) for f in profile.open_followups],
    }


def _print_person(profile: PersonProfile, missions: dict[str, str]) -> None:
    who = profile.person
    click.secho(f"{who.name}  ({_short(who.id)})", bold=True)
    if who.aliases:
        click.echo(f"  also known as: {', '.join(who.aliases)}")
    if profile.current_title:
        click.echo(f"  {profile.current_title} (as of {_day(profile.current_title.until)})")
    click.echo(f"  {_met_line(profile.meetings)}")
    if len(profile.titles) > 1:
        click.echo()
        click.secho("Titles over time (newest first)", bold=True)
        for title in profile.titles:
            span = (
                _day(title.since)
                if title.since == title.until
                else f"{_day(title.since)} to {_day(title.until)}"
            )
            click.echo(f"  {span}  {title}")
    contact = who.contact
    if contact or who.protocol.strip():
        click.echo()
        click.secho("Contact and protocol (private: never published)", bold=True)
        for label, value in (
            ("email", contact.email),
            ("phone", contact.phone),
            ("messaging", contact.messaging),
        ):
            if value:
                click.echo(f"  {label}: {value}")
        if contact.card.strip():
            click.echo("  business card:")
            _wrapped(contact.card, "    ")
        if who.protocol.strip():
            click.echo("  protocol:")
            _wrapped(who.protocol, "    ")
    _print_meetings(profile.meetings, "with")
    if profile.organisations:
        click.echo()
        click.secho("Organisations", bold=True)
        for entry in profile.organisations:
            bits = [entry.name, entry.role] if entry.role else [entry.name]
            click.echo(f"  {' — '.join(bits)}  ({_plural(entry.meetings, 'meeting')})")
    _print_followups(profile.open_followups, missions)


@person_group.command("edit")
@click.argument("name")
@click.option("--name", "new_name", help="A new name; the old one stays as another name.")
@click.option("--alias", "aliases", multiple=True, help="Another name they go by (repeatable).")
@click.option("--drop-alias", "dropped", multiple=True, help="Forget another name (repeatable).")
@click.option("--title", help="A title they hold (recorded as of --as-of).")
@click.option("--org", "title_org", help="The organisation they hold it at.")
@click.option("--as-of", "as_of", type=DATE, help="When the title was seen (default: today).")
@click.option("--email", type=EMAIL, help="E-mail address (private).")
@click.option("--phone", help="Phone number (private).")
@click.option("--messaging", help='Messaging ids, e.g. "WeChat: zhangrui_cq" (private).')
@click.option("--card", help="What the business card says (private).")
@click.option("--protocol", help="Gifts, form of address, preferences (private).")
@click.pass_obj
def person_edit(
    diary: Any,
    name: str,
    new_name: str | None,
    aliases: tuple[str, ...],
    dropped: tuple[str, ...],
    title: str | None,
    title_org: str | None,
    as_of: date | None,
    email: str | None,
    phone: str | None,
    messaging: str | None,
    card: str | None,
    protocol: str | None,
) -> None:
    """Change a person; what is not given stays as it was. One change to undo.

    Contact details and protocol notes are private always: no post or report shows them.
    """
    if as_of is not None and title is None and title_org is None:
        raise click.UsageError("--as-of goes with --title or --org")
    given = (new_name, title, title_org, email, phone, messaging, card, protocol)
    if not aliases and not dropped and all(value is None for value in given):
        raise click.UsageError(
            "nothing to change: give --alias, --title, --org, --email, --phone, --messaging, "
            "--card, --protocol or --name"
        )
    if title is not None or title_org is not None:
        as_of = as_of or date.today()
    with diary.open() as store:
        found = store.find_person(name)
        changed = store.update_person(
            found.id,
            name=new_name,
            add_aliases=aliases,
            drop_aliases=dropped,
            email=email,
            phone=phone,
            messaging=messaging,
            card=card,
            protocol=protocol,
            title=title,
            title_organisation=title_org,
            as_of=as_of,
        )
    known = f"; also known as {', '.join(changed.aliases)}" if changed.aliases else ""
    click.echo(f"Changed person {changed.name} ({_short(changed.id)}){known}")


@person_group.command("merge")
@click.argument("keep")
@click.argument("other")
@click.pass_obj
def person_merge(diary: Any, keep: str, other: str) -> None:
    """Merge OTHER into KEEP: every meeting and title of OTHER moves to KEEP, and OTHER's
    names become KEEP's other names. 'missiondiary undo' takes it back."""
    with diary.open() as store:
        kept = store.find_person(keep, "KEEP")
        gone = store.find_person(other, "OTHER")
        if gone.id == kept.id:
            raise InvalidInput(f"OTHER: '{other}' is {kept.name} themself; nothing to merge")
        moved = len(store.person_profile(gone.id).meetings)
        merged = store.merge_people(kept.id, gone.id)
    click.echo(
        f"Merged {gone.name} into {merged.name} ({_short(merged.id)}): "
        f"{_plural(moved, 'meeting')} moved; also known as {', '.join(merged.aliases)}. "
        "'missiondiary undo' takes it back."
    )


# the mission report -----------------------------------------------------------------------


@click.command("report")
@click.argument("mission_ref", metavar="MISSION")
@click.option(
    "--format",
    "formats",
    type=REPORT_FORMATS,
    default="md",
    show_default=True,
    help="Comma-separated: md, html.",
)
@click.option(
    "--audience",
    type=click.Choice(REPORT_AUDIENCES, case_sensitive=False),
    default="members",
    show_default=True,
    help="private: the delegation's own record, private entries included.",
)
@click.option("--theme", default="default", show_default=True, help="A theme in themes/.")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write into (created if missing).",
)
@click.pass_obj
def report_command(
    diary: Any, mission_ref: str, formats: tuple[str, ...], audience: str, theme: str, out_dir: Path
) -> None:
    """Write the mission report: dates and route, each day in a line, meetings by
    organisation, agreements and totals per currency, follow-ups, organisations met for the
    first time.

    Entries reach it as they would a post for the audience; working notes, contact details
    and protocol notes never do.
    """
    from missiondiary.publish.report import publish_report

    who = Audience(audience.lower())
    with diary.open(reading=True) as store:
        found = store.find_mission(mission_ref)
        rendered, paths = publish_report(store, found, who, out_dir, formats, theme=theme)
    for path in paths:
        click.echo(click.format_filename(path))
    if who is Audience.PRIVATE:
        click.echo("Private report: it includes private entries; keep it to yourself.", err=True)
    else:
        withheld = _plural(rendered.withheld, "entry", "entries")
        click.echo(f"{withheld} withheld from {who.value}", err=True)
