"""Calendar files (.ics) in and out: what travel agents and organisers send, and the
itinerary back out for the delegate's own calendar program.

Reading an event's time, in order of preference:

- ``DTSTART;TZID=...``: the wall time as written, in that zone. IANA names, Windows names
  ("China Standard Time") and vendor-prefixed ids (``/mozilla.org/.../Asia/Shanghai``) are
  understood; a zone known only from the file's own VTIMEZONE keeps the exact instant and
  is shown on the mission's clock.
- ``...Z`` (UTC): the exact instant, shown on the mission's clock (or the calendar's
  ``X-WR-TIMEZONE``, as Google writes it). A UTC wall time is never where the delegate
  stands, and would put an evening event on the wrong mission day.
- A floating time (no zone): the mission's zone.
- An all-day event starts at 00:00 in the mission's zone, so it sorts first in its day;
  one spanning several days (a hotel stay) is one item ending at 00:00 after its last day,
  exactly the dates the calendar program showed (DTEND is exclusive for dates).

Which events are read: one-off events starting between two days before the mission's
first day and two days after its last (travel days), and the occurrences of repeating
events (RRULE/RDATE, with EXDATE and moved occurrences honoured) within the mission's own
dates. Each item remembers its source (the event's UID, plus ``#`` and the recurrence id
for one occurrence of a series), so importing the same file again adds nothing; an item
already imported is left as it is, so the delegate's own edits survive.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from missiondiary.domain import (
    ITINERARY_KINDS,
    ItineraryItem,
    Mission,
    Moment,
    Visibility,
)
from missiondiary.errors import InvalidInput, NotFound
from missiondiary.interchange.calendar_refusals import checked_text, shown
from missiondiary.interchange.calendar_zones import vtimezone
from missiondiary.timeline import check_zone, place

PRODID = "-//missiondiary//missiondiary//EN"
UID_DOMAIN = "missiondiary"
TRAVEL_MARGIN = timedelta(days=2)
_UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/Zulu", "Zulu", "Etc/GMT", "GMT"})
_KIND_PROPERTY = "X-MISSIONDIARY-KIND"
_VISIBILITY_PROPERTY = "X-MISSIONDIARY-VISIBILITY"

# Earlier rules win: "Airport transfer" is a transfer, "Breakfast briefing" a meeting,
# "Dinner at the Hilton hotel" a reception. Words are whole words, any case.
_KIND_WORDS = {
    "ceremony": "ceremony|signing|sign|mou|ribbon|inauguration",
    "transfer": "transfer|shuttle|taxi|car|pick up|pickup|pick-up|drive|driver|coach|bus|"
    "limo|limousine|chauffeur",
    "flight": "flight|flights|fly|airline|airlines|boarding|depart|departure|arrival|airport",
    "train": "train|rail|railway|high-speed|high speed|metro",
    "meeting": "meeting|meet|talks|call|briefing|roundtable|round table|forum|session|"
    "interview|consultation|negotiation|workshop|seminar|conference",
    "reception": "reception|dinner|banquet|lunch|luncheon|breakfast|cocktail|cocktails|gala|"
    "welcome|toast|drinks",
    "visit": "visit|tour|site|factory|plant|campus|museum|expo|fair|exhibition|showroom",
    "hotel": "hotel|check-in|check in|checkin|check-out|check out|checkout|stay|"
    "accommodation|lodging|inn|resort|hostel",
}
_PATTERNS = [
    (
        kind,
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words.split("|"))) + r")(?!\w)", re.I),
    )
    for kind, words in _KIND_WORDS.items()
]
# "AC031", "CA 4302", "MU5401": an airline code and a flight number.
_FLIGHT_NUMBER = re.compile(r"(?<!\w)(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\s?\d{2,4}(?!\w)")


def guess_kind(summary: str, categories: Iterable[str] = ()) -> str:
    """The itinerary kind an event most likely is: its categories first, then its summary."""
    for category in categories:
        name = category.strip().lower()
        if name in ITINERARY_KINDS:
            return name
    for text in [*categories, summary]:
        for kind, pattern in _PATTERNS:
            if pattern.search(text or ""):
                return kind
        if _FLIGHT_NUMBER.search(text or ""):
            return "flight"
    return "other"


@dataclass(frozen=True)
class IcsReport:
    added: tuple[ItineraryItem, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (summary, why)
    already: int = 0  # events imported before (same UID and recurrence id)
    notes: tuple[str, ...] = ()  # ambiguous wall times, zones read from the file's VTIMEZONE


@dataclass
class _Event:
    """One occurrence, read and checked, waiting to become an itinerary item."""

    key: str
    title: str
    kind: str
    start: Moment
    end: Moment | None
    location: str
    details: str
    visibility: Visibility
    notes: list[str] = field(default_factory=list)


class _Skip(Exception):
    """This one event cannot be imported. Like `InvalidInput(field, text)` it carries what it
    is about (an iCalendar property, or the field a timeline error named) apart from the
    reason, which goes into the report as it is: nothing is parsed back out of a message."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


# reading -----------------------------------------------------------------------------------


def _parse(data: bytes | str, source: str):
    import icalendar

    text = checked_text(data, source)  # worded refusals for what breaks the libraries
    name = shown(source, 200)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception:  # the library's errors vary with the damage; its words are not ours
        raise InvalidInput(
            f"{name}: not a calendar file (.ics): its lines do not form an iCalendar calendar"
        ) from None
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    if not calendars:
        raise InvalidInput(f"{name}: not a calendar file (.ics): it holds no VCALENDAR")
    import x_wr_timezone

    standard = []
    for calendar in calendars:
        try:
            standard.append(x_wr_timezone.to_standard(calendar))
        except Exception:  # as above
            zone = shown(str(calendar.get("X-WR-TIMEZONE", "")))
            raise InvalidInput(
                f"{name}: the calendar's X-WR-TIMEZONE '{zone}' cannot be applied to its times"
            ) from None
    return standard


def _text(component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _categories(component) -> list[str]:
    found: list[str] = []
    values = component.get("CATEGORIES")
    if values is None:
        return found
    for value in values if isinstance(values, list) else [values]:
        cats = getattr(value, "cats", None)
        if cats is None:
            cats = str(value).split(",")
        found += [str(cat).strip() for cat in cats if str(cat).strip()]
    return found


def _uid(component) -> str:
    uid = _text(component, "UID")
    if uid:
        return uid
    # No UID (against the standard, but seen): the summary and start stand in for it.
    raw = component.get("DTSTART")
    start = raw.to_ical().decode() if raw is not None else ""
    digest = hashlib.sha1(f"{_text(component, 'SUMMARY')}|{start}".encode()).hexdigest()
    return f"no-uid-{digest[:16]}"


def _recurrence_id(component) -> str:
    value = component.get("RECURRENCE-ID") or component.get("DTSTART")
    return value.to_ical().decode() if value is not None else ""


def _iana(tzid: str) -> str | None:
    """An IANA zone for a TZID as calendar programs write it, if there is one."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    cleaned = tzid.strip().strip("/")
    candidates = [cleaned, WINDOWS_TO_OLSON.get(cleaned, "")]
    parts = cleaned.split("/")
    candidates += ["/".join(parts[start:]) for start in range(1, len(parts))]
    for name in candidates:
        if not name:
            continue
        try:
            return check_zone(name)
        except InvalidInput:
            continue
    return None


def _instant_on(instant: datetime, tz: str) -> Moment:
    utc = instant.astimezone(UTC).replace(microsecond=0)
    local = utc.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return Moment(local=local, tz=tz, utc=utc)


def _same_offset(instant: datetime, tz: str) -> bool:
    return instant.utcoffset() == instant.astimezone(ZoneInfo(tz)).utcoffset()


def _moment(value: datetime, prop, mission: Mission, what: str, notes: list[str]) -> Moment:
    """A DTSTART/DTEND value -> where and when, following the rules in the module docstring."""
    if value.tzinfo is None:
        return _placed(value, mission.tz, what, notes)
    key = getattr(value.tzinfo, "key", None)
    tzid = prop.params.get("TZID") if prop is not None else None
    if key in _UTC_KEYS or (key is None and tzid is None and value.utcoffset() == timedelta(0)):
        return _instant_on(value, mission.tz)
    zone = _iana(key) if key else None
    if zone is None and tzid:
        zone = _iana(str(tzid))
    if zone is not None:
        return _placed(value.replace(tzinfo=None), zone, what, notes)
    # A zone the file defines by itself: keep the instant, on a clock we know.
    clock = next(
        (tz for tz in (mission.tz, mission.home_tz) if _same_offset(value, tz)), mission.tz
    )
    notes.append(
        f"{what}: time zone '{tzid or value.tzname()}' read from the file, shown in {clock}"
    )
    return _instant_on(value, clock)


def _placed(local: datetime, tz: str, what: str, notes: list[str]) -> Moment:
    try:
        placed = place(local.replace(second=0, microsecond=0), tz, what)
    except InvalidInput as error:
        raise _Skip(error.label, error.text) from None
    if placed.note:
        notes.append(placed.note)
    return placed.moment


def _midnight(day: date, tz: str, field: str = "DTSTART") -> Moment:
    """00:00 on a date, or the first minute that exists (a few zones skip midnight)."""
    for hour in range(3):
        try:
            return place(datetime.combine(day, time(hour)), tz).moment
        except InvalidInput:
            continue
    raise _Skip(field, f"{day} has no midnight in {tz}")


def _visibility(component) -> Visibility:
    marked = _text(component, _VISIBILITY_PROPERTY).lower()
    if marked in {v.value for v in Visibility}:
        return Visibility(marked)
    if _text(component, "CLASS").upper() in ("PRIVATE", "CONFIDENTIAL"):
        return Visibility.PRIVATE
    return Visibility.MEMBERS


def _read_event(component, key: str, mission: Mission) -> _Event:
    """One VEVENT occurrence -> an _Event, or _Skip with the reason."""
    if _text(component, "STATUS").upper() == "CANCELLED":
        raise _Skip("STATUS", "cancelled")
    title = " ".join(_text(component, "SUMMARY").split()) or "Untitled event"
    try:
        start_value = component.start
    except (ValueError, KeyError, TypeError, AttributeError):
        start_value = None
    if start_value is None:
        raise _Skip("DTSTART", "no readable start time (DTSTART)")
    try:
        end_value = component.end if ("DTEND" in component or "DURATION" in component) else None
    except (ValueError, KeyError, TypeError, AttributeError):
        end_value = None
    notes: list[str] = []
    if isinstance(start_value, datetime):
        start = _moment(start_value, component.get("DTSTART"), mission, title, notes)
        end = None
        if isinstance(end_value, datetime):
            end = _moment(end_value, component.get("DTEND"), mission, title, notes)
        elif isinstance(end_value, date):
            end = _midnight(end_value, start.tz, "DTEND")
    else:
        start = _midnight(start_value, mission.tz)
        end = None
        spans_days = isinstance(end_value, date) and not isinstance(end_value, datetime)
        if spans_days and end_value > start_value + timedelta(days=1):
            end = _midnight(end_value, mission.tz, "DTEND")
    if end is not None and end.utc < start.utc:
        raise _Skip("DTEND", "it ends before it starts")
    if end is not None and end.utc == start.utc:
        end = None
    kind = _text(component, _KIND_PROPERTY).lower()
    if kind not in ITINERARY_KINDS:
        kind = guess_kind(title, _categories(component))
    return _Event(
        key=key,
        title=title,
        kind=kind,
        start=start,
        end=end,
        location=" ".join(_text(component, "LOCATION").split()),
        details=_text(component, "DESCRIPTION").replace("\r\n", "\n"),
        visibility=_visibility(component),
        notes=notes,
    )


def _start_date(component, mission: Mission) -> date | None:
    """The local date an event starts on, for the travel-days window."""
    try:
        value = component.start
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.date()
        if getattr(value.tzinfo, "key", None) in _UTC_KEYS:
            return value.astimezone(ZoneInfo(mission.tz)).date()
        return value.date()
    return value if isinstance(value, date) else None


def _label(title: str, day: date | None) -> str:
    """An event as named in a skipped line: one line, control characters escaped."""
    title = shown(" ".join(title.split()), 80)
    return f"{title} ({day:%-d %b %Y})" if day else title


def _collect(calendars, mission: Mission) -> tuple[list[_Event], list[tuple[str, str]]]:
    """Every occurrence to import, in file order, and what was skipped and why."""
    import icalendar
    import recurring_ical_events

    events: list[_Event] = []
    skipped: list[tuple[str, str]] = []
    first_day, last_day = mission.start_date, mission.end_date
    window = (first_day - TRAVEL_MARGIN, last_day + TRAVEL_MARGIN)
    for calendar in calendars:
        components = list(calendar.walk("VEVENT"))
        by_uid: dict[str, list] = defaultdict(list)
        for component in components:
            by_uid[_uid(component)].append(component)
        timezones = list(calendar.walk("VTIMEZONE"))
        for uid, group in by_uid.items():
            masters = [c for c in group if "RECURRENCE-ID" not in c]
            repeating = any(("RRULE" in c or "RDATE" in c) for c in masters)
            if not repeating:
                for component in group:
                    title = _text(component, "SUMMARY") or "Untitled event"
                    day = _start_date(component, mission)
                    key = uid if len(group) == 1 else f"{uid}#{_recurrence_id(component)}"
                    if day is None:
                        skipped.append((_label(title, None), "no readable start time (DTSTART)"))
                    elif not window[0] <= day <= window[1]:
                        why = (
                            f"outside the mission's dates ({first_day} to {last_day}, "
                            "with two travel days either side)"
                        )
                        skipped.append((_label(title, day), why))
                    else:
                        _add(events, skipped, component, key, mission, _label(title, day))
                continue
            series = icalendar.Calendar()
            for part in [*timezones, *group]:
                series.add_component(part)
            title = _text(masters[0] if masters else group[0], "SUMMARY") or "Untitled event"
            try:
                occurrences = list(
                    recurring_ical_events.of(series).between(first_day, last_day + timedelta(1))
                )
            except Exception:  # the library's errors vary with the broken rule
                skipped.append((_label(title, None), "its repeat rule (RRULE) cannot be read"))
                continue
            inside = [
                o
                for o in occurrences
                if first_day <= (_start_date(o, mission) or date.min) <= last_day
            ]
            if not inside:
                why = "it repeats, but never within the mission's dates"
                skipped.append((_label(title, None), why))
            for occurrence in inside:
                key = f"{uid}#{_recurrence_id(occurrence)}"
                label = _label(
                    _text(occurrence, "SUMMARY") or title, _start_date(occurrence, mission)
                )
                _add(events, skipped, occurrence, key, mission, label)
    return events, skipped


def _add(events, skipped, component, key: str, mission: Mission, label: str) -> None:
    try:
        events.append(_read_event(component, key, mission))
    except _Skip as why:
        skipped.append((label, why.reason))


def import_ics(store, mission: Mission, data: bytes | str, source: str = "FILE") -> IcsReport:
    """Events -> itinerary items of `mission`, in one transaction; `source` names the file in
    errors. A file that is not a calendar changes nothing and raises InvalidInput."""
    # The libraries warn on stderr about zone ids they guess (/mozilla.org/.../Asia/Shanghai);
    # we read those ourselves, and their words are not for the delegate's terminal.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendars = _parse(data, source)
        try:
            events, skipped = _collect(calendars, mission)
        except Exception:  # a library's words about a value it could not take
            raise InvalidInput(
                f"{shown(source, 200)}: the calendar cannot be read: one of its events holds a "
                "value of the wrong kind (a date, time, zone or repeat rule)"
            ) from None
    added: list[ItineraryItem] = []
    notes: list[str] = []
    already = 0
    seen: set[str] = set()
    own = f"@{UID_DOMAIN}"
    with store.write():
        for event in events:
            if event.key in seen:
                already += 1
                continue
            seen.add(event.key)
            if store.itinerary_by_source_uid(mission.id, event.key) is not None:
                already += 1
                continue
            if event.key.endswith(own) and _is_own_item(store, mission, event.key[: -len(own)]):
                already += 1  # our own export read back into the mission it came from
                continue
            added.append(
                store.add_itinerary_item(
                    mission.id,
                    event.title,
                    event.start,
                    event.end,
                    kind=event.kind,
                    location=event.location,
                    details=event.details,
                    visibility=event.visibility,
                    source_uid=event.key,
                )
            )
            notes += event.notes
    return IcsReport(tuple(added), tuple(skipped), already, tuple(notes))


def _is_own_item(store, mission: Mission, item_id: str) -> bool:
    try:
        return store.itinerary_item(item_id).mission_id == mission.id
    except NotFound:
        return False


# writing -----------------------------------------------------------------------------------


def _aware(moment: Moment) -> datetime:
    """The moment as a datetime in its zone (zoneinfo, which icalendar writes as TZID)."""
    if moment.tz in _UTC_KEYS:
        return moment.utc
    return moment.utc.astimezone(ZoneInfo(moment.tz))


def _stamp(text: str, fallback: datetime) -> datetime:
    try:
        return datetime.fromisoformat(text).astimezone(UTC).replace(microsecond=0)
    except (TypeError, ValueError):
        return fallback


def export_ics(store, mission: Mission, now: datetime | None = None) -> bytes:
    """The mission's itinerary as VEVENTs and its open follow-ups as VTODOs, with
    VTIMEZONEs that hold for every later date too (see calendar_zones). UIDs are
    `<entry id>@missiondiary`, so exporting again updates the same entries in a calendar
    program instead of adding copies. Everything is included, private entries too (marked
    CLASS:PRIVATE): this file is for the delegate's own calendar."""
    import icalendar

    fallback = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", mission.title)
    items = store.itinerary_for_mission(mission.id)
    followups = store.followups(mission.id, open_only=True)
    # Zones first, each right from the file's first date on, whatever the reader read before.
    first = min([mission.start_date, *(i.local_date for i in items)]) - timedelta(days=1)
    zones = {m.tz for i in items for m in (i.start, i.end) if m is not None} - _UTC_KEYS
    for tz in sorted(zones):
        calendar.add_component(vtimezone(tz, first))
    for item in items:
        event = icalendar.Event()
        event.add("uid", f"{item.id}@{UID_DOMAIN}")
        event.add("dtstamp", _stamp(item.updated_at, fallback))
        event.add("created", _stamp(item.created_at, fallback))
        event.add("last-modified", _stamp(item.updated_at, fallback))
        event.add("summary", item.title)
        event.add("dtstart", _aware(item.start))
        if item.end is not None:
            event.add("dtend", _aware(item.end))
        if item.location:
            event.add("location", item.location)
        if item.details:
            event.add("description", item.details)
        event.add("categories", [item.kind])
        event.add("class", "PRIVATE" if item.visibility is Visibility.PRIVATE else "PUBLIC")
        event.add(_KIND_PROPERTY, item.kind)
        event.add(_VISIBILITY_PROPERTY, item.visibility.value)
        calendar.add_component(event)
    for followup in followups:
        todo = icalendar.Todo()
        todo.add("uid", f"{followup.id}@{UID_DOMAIN}")
        todo.add("dtstamp", _stamp(followup.updated_at, fallback))
        todo.add("created", _stamp(followup.created_at, fallback))
        todo.add("summary", followup.text)
        if followup.due is not None:
            todo.add("due", followup.due)
        todo.add("status", "NEEDS-ACTION")
        if followup.owner:
            todo.add("description", f"Owner: {followup.owner}")
        todo.add("categories", ["follow-up"])
        todo.add("class", "PRIVATE" if followup.visibility is Visibility.PRIVATE else "PUBLIC")
        todo.add(_VISIBILITY_PROPERTY, followup.visibility.value)
        calendar.add_component(todo)
    return calendar.to_ical()
