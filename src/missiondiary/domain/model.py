"""The diary's nouns and the pure rules over them (day numbers, who may see what); no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from missiondiary.errors import InvalidInput


class Visibility(StrEnum):
    PRIVATE = "private"
    MEMBERS = "members"
    PUBLIC = "public"

    def next(self) -> Visibility:
        """The next visibility in the cycle the app's `v` key walks."""
        order = list(Visibility)
        return order[(order.index(self) + 1) % len(order)]


class Audience(StrEnum):
    """Who a publish run is for; `private` is the delegate's own record (reports only)."""

    MEMBERS = "members"
    PUBLIC = "public"
    PRIVATE = "private"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class PostStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


ITINERARY_KINDS = (
    "flight",
    "train",
    "transfer",
    "hotel",
    "meeting",
    "reception",
    "ceremony",
    "visit",
    "other",
)
TRAVEL_KINDS = frozenset({"flight", "train", "transfer"})

_SEES: dict[Audience, frozenset[Visibility]] = {
    Audience.PUBLIC: frozenset({Visibility.PUBLIC}),
    Audience.MEMBERS: frozenset({Visibility.MEMBERS, Visibility.PUBLIC}),
    Audience.PRIVATE: frozenset(Visibility),
}


def visible_to(visibility: Visibility, audience: Audience) -> bool:
    """The one rule of publishing: private entries reach only the delegate's own record."""
    return visibility in _SEES[audience]


def parse_choice(value: str, choices: Iterable[str], field_name: str) -> str:
    options = tuple(choices)
    cleaned = (value or "").strip().lower()
    if cleaned not in options:
        raise InvalidInput(field_name, f"'{value}' is not one of {', '.join(options)}")
    return cleaned


def parse_visibility(value: str, field_name: str = "--visibility") -> Visibility:
    return Visibility(parse_choice(value, [v.value for v in Visibility], field_name))


def parse_audience(value: str, field_name: str = "--audience") -> Audience:
    return Audience(parse_choice(value, [a.value for a in Audience], field_name))


def parse_kind(value: str, field_name: str = "--kind") -> str:
    return parse_choice(value, ITINERARY_KINDS, field_name)


def parse_date(value: str, field_name: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(field_name, f"'{value}' is not a date (YYYY-MM-DD)") from None


MAX_AMOUNT_DIGITS = 18  # digits before the decimal point


def parse_amount(value: str | Decimal | int | float | None, field_name: str = "--amount"):
    """Amounts are decimals kept as text, so a signed MOU never loses a cent to floats."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().replace(",", "").replace("_", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(field_name, f"'{value}' is not a number") from None
    if not amount.is_finite():
        raise InvalidInput(field_name, f"'{value}' is not a finite number")
    if amount < 0:
        raise InvalidInput(field_name, f"'{value}' is negative")
    if amount and amount.adjusted() >= MAX_AMOUNT_DIGITS:
        # Beyond any deal, and '1e5000' would not even print.
        raise InvalidInput(field_name, f"'{value}' is too large")
    return amount


_CURRENCY = re.compile(r"^[A-Z]{3}$")


def parse_currency(value: str | None, field_name: str = "--currency") -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if not _CURRENCY.match(code):
        raise InvalidInput(field_name, f"'{value}' is not a three-letter ISO currency code")
    return code


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
# Latin letters that Unicode does not decompose into ASCII ones.
_SLUG_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip


def slugify(text: str) -> str:
    """URL-safe slug; only ASCII letters and digits survive so it is safe as a file name.

    May be empty (a title all in Chinese): callers supply a fallback."""
    import unicodedata

    folded = (
        unicodedata.normalize("NFKD", text.translate(_SLUG_LETTERS))
        .encode("ascii", "ignore")
        .decode()
        .lower()
    )
    slug = _SLUG_STRIP.sub("-", folded).strip("-")
    return slug[:60].strip("-")


def mission_slug(title: str, start: date) -> str:
    """The slug a mission gets from its title: its words and the year, the year once
    ("Expo 2019" starting in 2019 is expo-2019, not expo-2019-2019)."""
    stem = slugify(title)[:50].strip("-")
    if not stem:
        return f"mission-{start:%Y%m%d}"
    last = stem.rsplit("-", 1)[-1]
    if str(start.year) in stem.split("-") or (len(last) == 4 and last.isdigit()):
        return stem
    return f"{stem}-{start.year}"


def name_key(name: str) -> str:
    """Directory names match case-insensitively and ignore runs of spaces."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Moment:
    """A wall time where it happened, its zone, and the instant it names."""

    local: datetime  # naive wall time
    tz: str
    utc: datetime  # aware, UTC

    @property
    def local_date(self) -> date:
        return self.local.date()


@dataclass(frozen=True)
class Mission:
    id: str
    slug: str
    title: str
    start_date: date
    end_date: date
    tz: str
    home_tz: str
    organisation: str = ""
    author: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""

    @property
    def day_count(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def day_number(self, day: date) -> int:
        """Day 1 is the start date; travel before it is Day 0 (or earlier)."""
        return (day - self.start_date).days + 1

    def date_of(self, number: int) -> date:
        from datetime import timedelta

        return self.start_date + timedelta(days=number - 1)


@dataclass(frozen=True)
class ItineraryItem:
    id: str
    mission_id: str
    kind: str
    title: str
    start: Moment
    end: Moment | None = None
    location: str = ""
    details: str = ""
    visibility: Visibility = Visibility.MEMBERS
    created_at: str = ""
    updated_at: str = ""
    source_uid: str | None = None  # the calendar event it was imported from, if any

    @property
    def local_date(self) -> date:
        return self.start.local_date

    @property
    def crosses_zones(self) -> bool:
        return self.end is not None and self.end.tz != self.start.tz


_LEGAL_SUFFIX = re.compile(
    r"^(ltd|limited|inc|incorporated|llc|l\.l\.c|llp|plc|co|corp|corporation|gmbh|ag|kg|"
    r"s\.?a|s\.?a\.?s|s\.?p\.?a|s\.?r\.?l|n\.?v|b\.?v|pty\.? ltd|oy|ab|as|a/s|se|k\.?k)\.?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str = ""
    organisation: str = ""

    @classmethod
    def parse(cls, text: str, field_name: str = "--with") -> Attendee:
        """'Name, Role, Organisation': role and organisation may be left out.

        Organisations often carry commas ("Jinshan Group Co., Ltd."): a legal suffix after a
        comma stays with the name before it, so "Li Wei, Jinshan Group Co., Ltd." is a person
        and an organisation, not a person with the role "Jinshan Group Co."."""
        parts = [" ".join(part.split()) for part in text.split(",")]
        if not parts or not parts[0]:
            raise InvalidInput(field_name, f"'{text}' needs a name (Name, Role, Organisation)")
        merged = parts[:2]
        suffixed = False
        for part in parts[2:]:
            if _LEGAL_SUFFIX.match(part) and merged[-1]:
                merged[-1] = f"{merged[-1]}, {part}"
                suffixed = True
            else:
                merged.append(part)
        if len(merged) == 2 and suffixed:
            merged = [merged[0], "", merged[1]]
        if len(merged) > 3:
            merged = [merged[0], merged[1], ", ".join(merged[2:])]
        name, role, organisation = ([*merged, "", ""])[:3]
        return cls(name=name, role=role, organisation=organisation)

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.role, self.organisation) if part)


def split_organisations(text: str) -> tuple[str, ...]:
    """Organisations typed on one line: commas separate them, a legal suffix after a comma
    stays with its name ("Shanghai Ocean Foods Co., Ltd., CCPIT" is two), and a semicolon
    separates instead when names carry other commas."""
    separator = ";" if ";" in text else ","
    names: list[str] = []
    for part in (" ".join(piece.split()) for piece in (text or "").split(separator)):
        if not part:
            continue
        if separator == "," and names and _LEGAL_SUFFIX.match(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return tuple(names)


@dataclass(frozen=True)
class Outcome:
    text: str
    amount: Decimal | None = None
    currency: str | None = None

    def money(self) -> str:
        if self.amount is None:
            return ""
        return f"{self.currency or ''} {format_amount(self.amount)}".strip()


def format_amount(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


@dataclass(frozen=True)
class Meeting:
    id: str
    mission_id: str
    title: str
    at: Moment
    location: str = ""
    organisations: tuple[str, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    notes: str = ""  # working notes: never published
    summary: str = ""  # what the audience may read
    outcomes: tuple[Outcome, ...] = ()
    visibility: Visibility = Visibility.PRIVATE
    itinerary_id: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def local_date(self) -> date:
        return self.at.local_date


@dataclass(frozen=True)
class FollowUp:
    id: str
    mission_id: str
    text: str
    day: date  # the mission day it was noted on
    owner: str = ""
    due: date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    closed_on: date | None = None
    meeting_id: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    created_at: str = ""
    updated_at: str = ""

    def open_at_end_of(self, day: date) -> bool:
        """Noted by that day and not yet closed by its end: a next step for that day's post."""
        if self.day > day:
            return False
        return self.status is FollowUpStatus.OPEN or (
            self.closed_on is not None and self.closed_on > day
        )

    def due_in_words(self, today: date) -> str:
        if self.due is None:
            return ""
        delta = (self.due - today).days
        if delta == 0:
            return "due today"
        if delta == 1:
            return "due tomorrow"
        if delta == -1:
            return "1 day overdue"
        if delta < 0:
            return f"{-delta} days overdue"
        if delta < 14:
            return f"due in {delta} days"
        return f"due {self.due.day} {self.due:%b %Y}"

    def overdue(self, today: date) -> bool:
        return self.status is FollowUpStatus.OPEN and self.due is not None and self.due < today


@dataclass(frozen=True)
class DayPost:
    id: str
    mission_id: str
    day: int
    body: str = ""
    title: str = ""
    place: str = ""
    status: str = PostStatus.DRAFT
    published_at: str | None = None
    created_at: str = ""
    updated_at: str = ""
    visibility: Visibility = Visibility.MEMBERS  # who may read the words (not the entries)


@dataclass(frozen=True)
class Day:
    """Everything the app shows and the publisher reads for one mission day."""

    mission: Mission
    date: date
    itinerary: tuple[ItineraryItem, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    followups: tuple[FollowUp, ...] = ()  # noted that day or carried over, plus closed that day
    post: DayPost | None = None
    place: str = ""
    tz: str = ""
    photos: tuple = ()  # domain.photos.Photo, in the order they were taken

    @property
    def number(self) -> int:
        return self.mission.day_number(self.date)

    def next_steps(self) -> list[FollowUp]:
        """Follow-ups still open when the day ended, soonest due first."""
        steps = [f for f in self.followups if f.open_at_end_of(self.date)]
        return sorted(steps, key=lambda f: (f.due is None, f.due or self.date))


@dataclass(frozen=True)
class MissionSummary:
    mission: Mission
    itinerary_count: int = 0
    meeting_count: int = 0
    followup_count: int = 0
    open_followups: int = 0


@dataclass(frozen=True)
class SearchHit:
    kind: str  # itinerary | meeting | followup | post | outcome
    entry_id: str
    mission_id: str
    mission_slug: str
    mission_title: str
    day: date | None
    title: str
    snippet: str
    visibility: Visibility | None = None
    extra: dict = field(default_factory=dict)
    # Where the words matched ("notes", "summary", "text", "body", "outcome", "name", ...)
    # and who may read that field: a members meeting's working notes are still private.
    field: str = ""
    snippet_visibility: Visibility | None = None


def day_zone(mission: Mission, day: date, spans: Iterable[tuple[Moment, Moment | None]]) -> str:
    """Where the delegate's clock is on a day: the zone most of that day's times are in
    (a morning flight from Beijing doesn't make a Chongqing day a Beijing one; on a tie,
    where the day began), else the arrival zone of the latest earlier entry, else the
    mission's zone."""
    ordered = sorted(spans, key=lambda span: span[0].utc)
    same_day = [span for span in ordered if span[0].local_date == day]
    if same_day:
        zones = [moment.tz for span in same_day for moment in span if moment is not None]
        return max(dict.fromkeys(zones), key=zones.count)
    earlier = [span for span in ordered if span[0].local_date < day]
    if earlier:
        start, end = earlier[-1]
        return (end or start).tz
    return mission.tz


def zone_city(tz: str) -> str:
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def date_span(first: date, last: date, *, short: bool = False) -> str:
    """'21–30 November 2011', '28 November – 2 December 2011' ('Nov' when short)."""
    month = "%b" if short else "%B"
    if first == last:
        return f"{first.day} {first:{month} %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:{month} %Y}"
    if first.year == last.year:
        return f"{first.day} {first:{month}} – {last.day} {last:{month} %Y}"
    return f"{first.day} {first:{month} %Y} – {last.day} {last:{month} %Y}"
