"""The counterpart register: `org` and `person` (list, show, edit, merge).

NAME is a name or other name in any case, a unique part of one ("Jinshan Group"), or an id
prefix. Contact details and protocol notes are shown here, in the delegate's own terminal,
and never written into anything published. The two groups have the same shape, so `list`,
`show` and `merge` share their bodies, told apart by a `Register` row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import (
    emit_json,
    emit_table,
    human_date,
    said_without_table,
    section,
    short,
    wrapped_lines,
)
from missiondiary.cli.params import DATE, EMAIL, ORG_KIND, json_option
from missiondiary.cli.shapes import outcome_json
from missiondiary.domain import FollowUp
from missiondiary.domain.register import (
    ORGANISATION_KINDS,
    MeetingSeen,
    OrganisationProfile,
    PersonProfile,
    RegisterEntry,
)
from missiondiary.domain.text import plural
from missiondiary.errors import InvalidInput

if TYPE_CHECKING:
    from missiondiary.store import Store


@dataclass(frozen=True)
class Register:
    """What differs between organisations and people; the rest of a command is shared."""

    detail: str  # the list's third column
    nobody: str  # an empty list
    no_match: str  # a list filtered to nothing, {text} for the filter
    itself: str  # "itself" / "themself": OTHER is KEEP
    entries: Callable[[Store], Callable[[str], list[RegisterEntry]]]
    find: Callable[[Store], Callable[..., Any]]
    profile: Callable[[Store], Callable[[str], Any]]
    merge: Callable[[Store], Callable[[str, str], Any]]
    to_json: Callable[[Any, dict[str, str]], dict[str, Any]]
    show: Callable[[Any, dict[str, str]], None]
    list_help: str  # the help of `list`, `show` and `merge`
    show_help: str
    merge_help: str


# shared bodies ----------------------------------------------------------------------------


def _list(diary: Diary, register: Register, text: str, as_json: bool) -> None:
    entries: list[RegisterEntry] = []
    if diary.exists:
        with diary.open(reading=True) as store:
            entries = register.entries(store)(text)
    empty = register.no_match.format(text=text) if text else register.nobody
    detail_key = register.detail.lower()
    if said_without_table(as_json, entries, empty, lambda e: _entry_json(e, detail_key)):
        return
    emit_table(
        [
            "ID",
            "NAME",
            register.detail.upper(),
            "MEETINGS",
            "MISSIONS",
            "LAST MET",
            "ALSO KNOWN AS",
        ],
        [
            [
                short(e.id),
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


def _show(diary: Diary, register: Register, name: str, as_json: bool) -> None:
    with diary.open(reading=True) as store:
        found = register.find(store)(name)
        profile = register.profile(store)(found.id)
        missions = {m.id: m.slug for m in store.missions()}
    if as_json:
        emit_json(register.to_json(profile, missions))
        return
    register.show(profile, missions)


def _merge(diary: Diary, register: Register, keep: str, other: str) -> None:
    with diary.open() as store:
        kept = register.find(store)(keep, "KEEP")
        gone = register.find(store)(other, "OTHER")
        if gone.id == kept.id:
            raise InvalidInput(
                f"OTHER: '{other}' is {kept.name} {register.itself}; nothing to merge"
            )
        moved = len(register.profile(store)(gone.id).meetings)
        merged = register.merge(store)(kept.id, gone.id)
    click.echo(
        f"Merged {gone.name} into {merged.name} ({short(merged.id)}): "
        f"{plural(moved, 'meeting')} moved; also known as {', '.join(merged.aliases)}. "
        "'missiondiary undo' takes it back."
    )


def _nothing_given(*values: Any) -> bool:
    return all(value is None or value == () for value in values)


# JSON -------------------------------------------------------------------------------------


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


def _meeting_json(seen: MeetingSeen) -> dict[str, Any]:
    return {
        "id": seen.meeting_id,
        "date": seen.day,
        "mission": seen.mission_slug,
        "mission_title": seen.mission_title,
        "day": seen.day_number,
        "title": seen.title,
        "summary": seen.summary,
        "outcomes": [outcome_json(o) for o in seen.outcomes],
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


def _profile_json(
    profile: OrganisationProfile | PersonProfile,
    missions: dict[str, str],
    own: dict[str, Any],
    linked: dict[str, Any],
) -> dict[str, Any]:
    """Both profiles: who (id and names), what is `own` to the kind, when and where met, who
    they are `linked` with (the people of an organisation, the organisations of a person), and
    what is still open."""
    who = profile.organisation if isinstance(profile, OrganisationProfile) else profile.person
    return {
        "id": who.id,
        "name": who.name,
        "aliases": list(who.aliases),
        **own,
        "first_met": profile.first_met,
        "last_met": profile.last_met,
        "meetings": [_meeting_json(m) for m in profile.meetings],
        **linked,
        "open_followups": [_followup_json(f, missions) for f in profile.open_followups],
    }


def _org_json(profile: OrganisationProfile, missions: dict[str, str]) -> dict[str, Any]:
    org = profile.organisation
    own = {"kind": org.kind, "city": org.city, "country": org.country, "notes": org.notes}
    people = [
        {"id": p.id, "name": p.name, "role": p.role, "meetings": p.meetings, "last_met": p.last_met}
        for p in profile.people
    ]
    return _profile_json(profile, missions, own, {"people": people})


def _person_json(profile: PersonProfile, missions: dict[str, str]) -> dict[str, Any]:
    who = profile.person
    own = {
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
    }
    organisations = [
        {"id": o.id, "name": o.name, "role": o.role, "meetings": o.meetings}
        for o in profile.organisations
    ]
    return _profile_json(profile, missions, own, {"organisations": organisations})


# text -------------------------------------------------------------------------------------


def _met_line(meetings: Sequence[MeetingSeen]) -> str:
    if not meetings:
        return "not met at any meeting yet"
    missions = len({m.mission_id for m in meetings})
    times = "once" if len(meetings) == 1 else f"{len(meetings)} times"
    span = (
        f"on {human_date(meetings[0].day)}"
        if len(meetings) == 1
        else f"first {human_date(meetings[-1].day)}, last {human_date(meetings[0].day)}"
    )
    return f"met {times} on {plural(missions, 'mission')}: {span}"


def _print_heading(name: str, entry_id: str, aliases: Sequence[str]) -> None:
    click.secho(f"{name}  ({short(entry_id)})", bold=True)
    if aliases:
        click.echo(f"  also known as: {', '.join(aliases)}")


def _print_meetings(meetings: Sequence[MeetingSeen], people_word: str) -> None:
    section("Meetings (newest first)", meetings)
    for seen in meetings:
        click.echo(
            f"  {human_date(seen.day)}  {seen.mission_slug}  Day {seen.day_number}  {seen.title}"
            f"  [{seen.visibility}]  {short(seen.meeting_id)}"
        )
        if seen.people:
            wrapped_lines(f"{people_word}: {', '.join(seen.people)}", "      ")
        if seen.summary.strip():
            wrapped_lines(f"summary: {seen.summary}", "      ")
        for outcome in seen.outcomes:
            money = f" — {outcome.money()}" if outcome.amount is not None else ""
            wrapped_lines(f"agreed: {outcome.text}{money}", "      ")


def _print_followups(followups: Sequence[FollowUp], missions: dict[str, str]) -> None:
    section("Open follow-ups", followups)
    for item in followups:
        bits = [item.text]
        if item.owner:
            bits.append(item.owner)
        if item.due:
            bits.append(f"due {item.due}")
        click.echo(
            f"  [ ] {' — '.join(bits)}  ({missions.get(item.mission_id, '')})  "
            f"[{item.visibility}]  {short(item.id)}"
        )


def _print_org(profile: OrganisationProfile, missions: dict[str, str]) -> None:
    org = profile.organisation
    _print_heading(org.name, org.id, org.aliases)
    about = " · ".join(part for part in (org.kind, org.place) if part)
    if about:
        click.echo(f"  {about}")
    click.echo(f"  {_met_line(profile.meetings)}")
    if org.notes.strip():
        click.echo("  notes (private):")
        wrapped_lines(org.notes, "    ")
    _print_meetings(profile.meetings, "met")
    section("People met", profile.people)
    for person in profile.people:
        bits = [person.name, person.role] if person.role else [person.name]
        seen = f"{plural(person.meetings, 'meeting')}"
        if person.last_met:
            seen += f", last {human_date(person.last_met)}"
        click.echo(f"  {' — '.join(bits)}  ({seen})")
    _print_followups(profile.open_followups, missions)


def _print_person(profile: PersonProfile, missions: dict[str, str]) -> None:
    who = profile.person
    _print_heading(who.name, who.id, who.aliases)
    if profile.current_title:
        click.echo(f"  {profile.current_title} (as of {human_date(profile.current_title.until)})")
    click.echo(f"  {_met_line(profile.meetings)}")
    if len(profile.titles) > 1:
        section("Titles over time (newest first)")
        for title in profile.titles:
            span = (
                human_date(title.since)
                if title.since == title.until
                else f"{human_date(title.since)} to {human_date(title.until)}"
            )
            click.echo(f"  {span}  {title}")
    contact = who.contact
    if contact or who.protocol.strip():
        section("Contact and protocol (private: never published)")
        for label, value in (
            ("email", contact.email),
            ("phone", contact.phone),
            ("messaging", contact.messaging),
        ):
            if value:
                click.echo(f"  {label}: {value}")
        if contact.card.strip():
            click.echo("  business card:")
            wrapped_lines(contact.card, "    ")
        if who.protocol.strip():
            click.echo("  protocol:")
            wrapped_lines(who.protocol, "    ")
    _print_meetings(profile.meetings, "with")
    if profile.organisations:
        section("Organisations")
        for entry in profile.organisations:
            bits = [entry.name, entry.role] if entry.role else [entry.name]
            click.echo(f"  {' — '.join(bits)}  ({plural(entry.meetings, 'meeting')})")
    _print_followups(profile.open_followups, missions)


ORGANISATIONS = Register(
    detail="Kind",
    nobody="No organisations yet.",
    no_match="No organisation matches '{text}'.",
    itself="itself",
    entries=lambda store: store.organisation_list,
    find=lambda store: store.find_organisation,
    profile=lambda store: store.organisation_profile,
    merge=lambda store: store.merge_organisations,
    to_json=_org_json,
    show=_print_org,
    list_help="List organisations A to Z with their meetings; TEXT keeps those with it in a name.",
    show_help="""Every meeting with an organisation across missions, the people met from it, and the
    follow-ups still open.

    NAME: a name or other name (any case), a unique part of one, or an id prefix.
    """,
    merge_help="""Merge OTHER into KEEP: every meeting and person linked to OTHER moves to KEEP, and
    OTHER's names become KEEP's other names. 'missiondiary undo' takes it back.""",
)
PEOPLE = Register(
    detail="Title",
    nobody="No people yet.",
    no_match="No one matches '{text}'.",
    itself="themself",
    entries=lambda store: store.person_list,
    find=lambda store: store.find_person,
    profile=lambda store: store.person_profile,
    merge=lambda store: store.merge_people,
    to_json=_person_json,
    show=_print_person,
    list_help="List people A to Z with their latest title; TEXT keeps those with it in a name.",
    show_help="""Someone's titles over time, contact details and protocol notes (private), every
    meeting across missions, and the follow-ups still open.

    NAME: a name or other name (any case), a unique part of one, or an id prefix.
    """,
    merge_help="""Merge OTHER into KEEP: every meeting and title of OTHER moves to KEEP, and OTHER's
    names become KEEP's other names. 'missiondiary undo' takes it back.""",
)


def _add_shared_commands(group: click.Group, register: Register) -> None:
    """`list`, `show` and `merge`, the same for both groups but for their help."""

    @group.command("list", help=register.list_help)
    @click.argument("text", required=False, default="")
    @json_option
    @pass_diary
    def list_command(diary: Diary, text: str, as_json: bool) -> None:
        _list(diary, register, text, as_json)

    @group.command("show", help=register.show_help)
    @click.argument("name")
    @json_option
    @pass_diary
    def show_command(diary: Diary, name: str, as_json: bool) -> None:
        _show(diary, register, name, as_json)

    @group.command("merge", help=register.merge_help)
    @click.argument("keep")
    @click.argument("other")
    @pass_diary
    def merge_command(diary: Diary, keep: str, other: str) -> None:
        _merge(diary, register, keep, other)


def _name_options(goes_by: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """NAME and the options every `edit` takes to rename; GOES_BY is "it goes" or "they go"."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(
            (
                click.argument("name"),
                click.option(
                    "--name", "new_name", help="A new name; the old one stays as another name."
                ),
                click.option(
                    "--alias",
                    "aliases",
                    multiple=True,
                    help=f"Another name {goes_by} by (repeatable).",
                ),
                click.option(
                    "--drop-alias",
                    "dropped",
                    multiple=True,
                    help="Forget another name (repeatable).",
                ),
            )
        ):
            command = option(command)
        return command

    return decorate


# organisations ----------------------------------------------------------------------------


@click.group("org")
def org() -> None:
    """The organisations met: other names, kind, place, every meeting across missions."""


_add_shared_commands(org, ORGANISATIONS)


@org.command("edit")
@_name_options("it goes")
@click.option("--city", help="Its city.")
@click.option("--country", help="Its country.")
@click.option("--kind", type=ORG_KIND, help=f"One of {', '.join(ORGANISATION_KINDS)}.")
@click.option("--notes", help="Private notes (never published); replaces the old ones.")
@pass_diary
def org_edit(
    diary: Diary,
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
    if _nothing_given(aliases, dropped, new_name, city, country, kind, notes):
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
        f"Changed organisation {changed.name} ({short(changed.id)})"
        + (f": {about}" if about else "")
        + known
    )


# people -----------------------------------------------------------------------------------


@click.group("person")
def person() -> None:
    """The people met: other names, titles over time, contact details (private)."""


_add_shared_commands(person, PEOPLE)


@person.command("edit")
@_name_options("they go")
@click.option("--title", help="A title they hold (recorded as of --as-of).")
@click.option("--org", "title_org", help="The organisation they hold it at.")
@click.option("--as-of", "as_of", type=DATE, help="When the title was seen (default: today).")
@click.option("--email", type=EMAIL, help="E-mail address (private).")
@click.option("--phone", help="Phone number (private).")
@click.option("--messaging", help='Messaging ids, e.g. "WeChat: zhangrui_cq" (private).')
@click.option("--card", help="What the business card says (private).")
@click.option("--protocol", help="Gifts, form of address, preferences (private).")
@pass_diary
def person_edit(
    diary: Diary,
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
    if _nothing_given(aliases, dropped, *given):
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
    click.echo(f"Changed person {changed.name} ({short(changed.id)}){known}")
