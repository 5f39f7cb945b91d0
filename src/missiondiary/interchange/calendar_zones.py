"""VTIMEZONE definitions that stay right after the file's own dates, for every reader.

vobject (and the programs built on it) keeps the first definition of a TZID it reads for the
whole process, so a definition that covers only one export's dates makes the next export's
times wrong by an hour. Each zone is therefore written the way calendar programs write it:

- the current rules as yearly RRULEs (one DAYLIGHT, one STANDARD) from the year they began,
  which hold for every date after; a zone without daylight saving today gets one component
  from its last change, which holds for ever;
- before that, only if the file has dates from before the current rules began, the real
  transitions from January of the file's first year (DTSTART and RDATEs, as tzdata has them).

So two exports whose dates fall under the same rules define a zone identically, and a file
with older dates carries the history it needs. The rules are read from zoneinfo itself and
checked against its transitions up to HORIZON: a rule that does not fit exactly is never
written, the transitions are listed instead.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

HORIZON = datetime(2100, 1, 1)  # naive UTC: transitions are read from zoneinfo up to here
_CYCLE = 28  # years in which every date of a month falls on every weekday (no 1900 or 2100)
_STEP = timedelta(days=6)  # since 1970 no zone changed and changed back within 6 days
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Shift:
    """One change of a zone's offset, name or daylight flag."""

    utc: datetime  # naive UTC
    before: timedelta
    after: timedelta
    name: str
    dst: bool

    @property
    def local(self) -> datetime:
        """The wall time of the change on the clock before it (RFC 5545 DTSTART and RDATE)."""
        return self.utc + self.before

    @property
    def kind(self) -> tuple[timedelta, timedelta, str, bool]:
        return (self.before, self.after, self.name, self.dst)


@dataclass(frozen=True)
class _Rule:
    """A yearly change on a weekday within seven days of a month: the tzdata shape."""

    kind: tuple[timedelta, timedelta, str, bool]
    month: int
    weekday: int
    first_day: int  # the change falls on `weekday` between first_day and first_day + 6
    at: tuple[int, int, int]  # wall time on the clock before the change

    def fits(self, shift: _Shift) -> bool:
        local = shift.local
        return (
            shift.kind == self.kind
            and (local.month, local.weekday(), (local.hour, local.minute, local.second))
            == (self.month, self.weekday, self.at)
            and self.first_day <= local.day <= self.first_day + 6
        )

    def rrule(self) -> dict:
        day = _WEEKDAYS[self.weekday]
        recur: dict = {"FREQ": "YEARLY", "BYMONTH": self.month}
        last_week = _days_in_month(2001, self.month) - 6  # February never has a rule
        if (self.first_day - 1) % 7 == 0 and self.first_day <= 22:
            recur["BYDAY"] = f"{(self.first_day - 1) // 7 + 1}{day}"  # 2SU: second Sunday
        elif self.first_day == last_week and self.month != 2:
            recur["BYDAY"] = f"-1{day}"  # -1SU: last Sunday
        else:  # Fri>=23 (Israel): a weekday in a run of seven days
            recur["BYDAY"] = day
            recur["BYMONTHDAY"] = list(range(self.first_day, self.first_day + 7))
        return recur


@dataclass(frozen=True)
class Observance:
    """One STANDARD or DAYLIGHT component, as plain data."""

    daylight: bool
    offset_from: timedelta
    offset_to: timedelta
    name: str
    start: datetime  # local, on the clock before the change
    rdates: tuple[datetime, ...] = ()
    rrule: dict | None = None


def _days_in_month(year: int, month: int) -> int:
    return ((date(year + month // 12, month % 12 + 1, 1)) - date(year, month, 1)).days


def _state(zone: ZoneInfo, seconds: int) -> tuple[timedelta, str, bool]:
    local = datetime.fromtimestamp(seconds, zone)
    return local.utcoffset() or timedelta(0), local.tzname() or "", bool(local.dst())


def _shifts(zone: ZoneInfo, start: datetime) -> list[_Shift]:
    """Every change from `start` (naive UTC) to HORIZON, to the second."""
    found: list[_Shift] = []
    step = int(_STEP.total_seconds())
    low, end = _epoch(start), _epoch(HORIZON)
    state = _state(zone, low)
    while low < end:
        high = min(low + step, end)
        if _state(zone, high) == state:
            low = high
            continue
        # The first change in (low, high]; a second one in the same week is found next round.
        a, b = low, high
        while b - a > 1:
            middle = (a + b) // 2
            if _state(zone, middle) == state:
                a = middle
            else:
                b = middle
        after = _state(zone, b)
        utc = datetime.fromtimestamp(b, UTC).replace(tzinfo=None)
        found.append(_Shift(utc, state[0], after[0], after[1], after[2]))
        low, state = b, after
    return found


def _epoch(naive_utc: datetime) -> int:
    return int(naive_utc.replace(tzinfo=UTC).timestamp())


def _rules(shifts: list[_Shift]) -> list[_Rule] | None:
    """The two yearly rules the last `_CYCLE` years follow, [] if they have no changes, or
    None if they follow no rule we can write (the changes are listed instead)."""
    tail = [s for s in shifts if s.local.year >= HORIZON.year - _CYCLE]
    if not tail:
        return []
    kinds: dict[tuple, list[_Shift]] = {}
    for shift in tail:
        kinds.setdefault(shift.kind, []).append(shift)
    if len(kinds) != 2:
        return None
    rules = []
    for kind, group in kinds.items():
        shapes = {
            (s.local.month, s.local.weekday(), (s.local.hour, s.local.minute, s.local.second))
            for s in group
        }
        days = [s.local.day for s in group]
        years = [s.local.year for s in group]
        if len(shapes) != 1 or max(days) - min(days) != 6 or len(set(years)) != len(years):
            return None
        ((month, weekday, at),) = shapes
        rules.append(_Rule(kind, month, weekday, min(days), at))
    return rules


def _era(shifts: list[_Shift], rules: list[_Rule]) -> int:
    """The index of the first change made by today's rules, every year since."""
    index = len(shifts)
    last_year: dict[tuple, int] = {}
    while index > 0:
        shift = shifts[index - 1]
        if not any(rule.fits(shift) for rule in rules):
            break
        later = last_year.get(shift.kind)
        if later is not None and later != shift.local.year + 1:
            break  # a year without daylight saving in between
        last_year[shift.kind] = shift.local.year
        index -= 1
    return index


@functools.lru_cache(maxsize=64)
def observances(tz: str, first_year: int) -> tuple[Observance, ...]:
    """The components of `tz`'s VTIMEZONE for a file whose dates start in `first_year`."""
    zone = ZoneInfo(tz)
    history_from = datetime(first_year, 1, 1)
    scan_from = datetime(min(first_year, 1970), 1, 1)
    shifts = _shifts(zone, scan_from)
    rules = _rules(shifts)
    written: list[Observance] = []
    if rules:
        era = _era(shifts, rules)
        summer = max(rules, key=lambda rule: rule.kind[1])
        for rule in rules:
            first = next(s for s in shifts[era:] if s.kind == rule.kind)
            # The longer day is DAYLIGHT even where tzdata calls winter the saving (Dublin).
            written.append(_observance(first, rule.rrule(), daylight=rule is summer))
    elif rules == [] and shifts:
        era = len(shifts) - 1  # the last change holds for ever
        written.append(_observance(shifts[era]))
    else:
        era = len(shifts)  # no changes at all, or none we can write as a rule
    era_start = shifts[era].local if era < len(shifts) else HORIZON
    if not written and not shifts:
        offset, name, dst = _state(zone, _epoch(scan_from))
        return (Observance(dst, offset, offset, name, scan_from),)
    if era_start <= history_from:
        return tuple(written)
    # The file has dates before today's rules began: the real changes from its first year.
    offset, name, dst = _state(zone, _epoch(history_from - _offset_guess(shifts, history_from)))
    groups: dict[tuple, list[datetime]] = {(offset, offset, name, dst): [history_from]}
    for shift in shifts[:era]:
        if shift.local >= history_from:
            groups.setdefault(shift.kind, []).append(shift.local)
    history = [
        Observance(kind[3], kind[0], kind[1], kind[2], starts[0], tuple(starts[1:]))
        for kind, starts in groups.items()
    ]
    return (*history, *written)


def _offset_guess(shifts: list[_Shift], local: datetime) -> timedelta:
    """The offset in force at a wall time, near enough to turn it into UTC."""
    offset = shifts[0].before if shifts else timedelta(0)
    for shift in shifts:
        if shift.local > local:
            break
        offset = shift.after
    return offset


def _observance(
    shift: _Shift, rrule: dict | None = None, daylight: bool | None = None
) -> Observance:
    daylight = shift.dst if daylight is None else daylight
    return Observance(daylight, shift.before, shift.after, shift.name, shift.local, (), rrule)


def vtimezone(tz: str, first_date: date):
    """An icalendar VTIMEZONE for `tz`, right for every date from `first_date` on."""
    import icalendar

    component = icalendar.Timezone()
    component.add("tzid", tz)
    for observance in observances(tz, first_date.year):
        part = icalendar.TimezoneDaylight() if observance.daylight else icalendar.TimezoneStandard()
        part.add("dtstart", observance.start)
        if observance.rrule:
            part.add("rrule", observance.rrule)
        if observance.rdates:
            part.add("rdate", list(observance.rdates))
        part.add("tzoffsetfrom", observance.offset_from)
        part.add("tzoffsetto", observance.offset_to)
        if observance.name:
            part.add("tzname", observance.name)
        component.add_component(part)
    return component
