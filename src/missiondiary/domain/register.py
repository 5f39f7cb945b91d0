"""The counterpart register: organisations and people met, as the store returns them, and the
pure rules over them (kinds, titles over time). No I/O, no Textual.

Contact details and protocol notes live on `Person` and nowhere else: nothing in `publish/`
reads them, so no audience ever sees them in a post or a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from missiondiary.domain.model import FollowUp, Outcome, Visibility
from missiondiary.errors import InvalidInput

ORGANISATION_KINDS = ("company", "government", "chamber", "trade-promotion", "other")


def parse_organisation_kind(value: str, field_name: str = "--kind") -> str:
    """One of ORGANISATION_KINDS ("trade promotion" and "Trade_Promotion" too); empty clears."""
    cleaned = "-".join((value or "").replace("_", " ").split()).lower()
    if cleaned and cleaned not in ORGANISATION_KINDS:
        raise InvalidInput(field_name, f"'{value}' is not one of {', '.join(ORGANISATION_KINDS)}")
    return cleaned


def parse_email(value: str, field_name: str = "--email") -> str:
    """An address that at least looks like one; empty clears it."""
    clean = (value or "").strip()
    if clean and (" " in clean or clean.count("@") != 1 or clean.startswith("@")):
        raise InvalidInput(field_name, f"'{value}' is not an e-mail address")
    return clean


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    city: str = ""
    country: str = ""
    kind: str = ""  # one of ORGANISATION_KINDS, or "" while nobody has said
    notes: str = ""  # private, always
    created_at: str = ""
    updated_at: str = ""

    @property
    def place(self) -> str:
        """'Chongqing, China', or whichever half is known."""
        return ", ".join(part for part in (self.city, self.country) if part)

    def known_as(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class ContactDetails:
    """How to reach someone: private always, never published in any form."""

    email: str = ""
    phone: str = ""
    messaging: str = ""  # "WeChat: zhangrui_cq; WhatsApp +86 ..."
    card: str = ""  # what the business card says, as typed

    def __bool__(self) -> bool:
        return any((self.email, self.phone, self.messaging, self.card))


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    contact: ContactDetails = field(default_factory=ContactDetails)
    protocol: str = ""  # gifts given and received, form of address, preferences: private
    created_at: str = ""
    updated_at: str = ""

    def known_as(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class TitleSeen:
    """A title (and the organisation it was held at) from `since` until at least `until`."""

    title: str
    organisation: str
    since: date
    until: date
    times: int = 1  # meetings and edits that showed it

    def __str__(self) -> str:
        return ", ".join(part for part in (self.title, self.organisation) if part)


@dataclass(frozen=True)
class TitleSighting:
    """One record of a title: a meeting where it was seen, or an edit saying so."""

    day: date
    title: str
    organisation: str
    meeting_id: str | None = None


def titles_over_time(sightings: Iterable[TitleSighting]) -> tuple[TitleSeen, ...]:
    """Newest first; a title seen at several meetings in a row is one entry with its span.

    Sightings with neither a title nor an organisation say nothing and are skipped."""
    ordered = sorted(
        (s for s in sightings if s.title or s.organisation),
        key=lambda s: (s.day, s.meeting_id is None),
    )
    runs: list[TitleSeen] = []
    for sighting in ordered:
        last = runs[-1] if runs else None
        if last and (last.title.casefold(), last.organisation.casefold()) == (
            sighting.title.casefold(),
            sighting.organisation.casefold(),
        ):
            runs[-1] = TitleSeen(
                last.title, last.organisation, last.since, sighting.day, last.times + 1
            )
        else:
            runs.append(
                TitleSeen(sighting.title, sighting.organisation, sighting.day, sighting.day)
            )
    return tuple(reversed(runs))


@dataclass(frozen=True)
class MeetingSeen:
    """One meeting in a profile: when, on which mission, and what came of it."""

    meeting_id: str
    mission_id: str
    mission_slug: str
    mission_title: str
    day: date
    day_number: int
    title: str
    summary: str = ""
    outcomes: tuple[Outcome, ...] = ()
    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # who was there from the organisation (or with the person)
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class Acquaintance:
    """Someone met from an organisation, or an organisation someone was met with."""

    id: str
    name: str
    role: str = ""  # the latest title seen
    meetings: int = 0
    last_met: date | None = None


class _MeetingsNewestFirst:
    """First and last met, for a profile whose meetings are newest first."""

    meetings: tuple[MeetingSeen, ...]

    @property
    def first_met(self) -> date | None:
        return self.meetings[-1].day if self.meetings else None

    @property
    def last_met(self) -> date | None:
        return self.meetings[0].day if self.meetings else None


@dataclass(frozen=True)
class OrganisationProfile(_MeetingsNewestFirst):
    organisation: Organisation
    meetings: tuple[MeetingSeen, ...]  # newest first
    people: tuple[Acquaintance, ...]
    open_followups: tuple[FollowUp, ...]  # from those meetings

    @property
    def missions(self) -> int:
        return len({m.mission_id for m in self.meetings})


@dataclass(frozen=True)
class PersonProfile(_MeetingsNewestFirst):
    person: Person
    titles: tuple[TitleSeen, ...]  # newest first
    meetings: tuple[MeetingSeen, ...]  # newest first
    organisations: tuple[Acquaintance, ...]
    open_followups: tuple[FollowUp, ...]

    @property
    def current_title(self) -> TitleSeen | None:
        return self.titles[0] if self.titles else None


@dataclass(frozen=True)
class RegisterEntry:
    """One line of `org list` / `person list` and of the Contacts screen."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    detail: str = ""  # an organisation's kind and place; a person's latest title
    meetings: int = 0
    missions: int = 0
    last_met: date | None = None
