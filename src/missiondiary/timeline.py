"""Wall time + zone -> instant. The only module that imports pendulum.

A delegate types the time on the clock where they stand; we keep that wall time, its zone
and the UTC instant. Times that do not exist (spring-forward gaps) are refused; times that
happen twice (autumn folds) take the first and say so.
"""

from __future__ import annotations

import os
import re
import threading
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import pendulum

from missiondiary.domain import Moment
from missiondiary.errors import InvalidInput


@lru_cache(maxsize=512)
def _zone(name: str) -> pendulum.Timezone:
    return pendulum.timezone(name)


# Zone files that name this computer's zone, not a place: a diary must mean the same anywhere.
_NOT_PORTABLE = frozenset({"localtime", "posixrules"})


@lru_cache(maxsize=1)
def _known_zones() -> dict[str, str]:
    """Every IANA name (legacy aliases included), by its case-folded spelling."""
    return {
        name.casefold(): name
        for name in zoneinfo.available_timezones()
        if name.casefold() not in _NOT_PORTABLE
    }


@lru_cache(maxsize=512)
def _spelled_as_in_database(name: str) -> bool:
    """True when a system zone file has exactly this name, each part spelled as the file
    system lists it: the usual case (a zone read back from the diary) answered from one or
    two folder listings instead of walking the whole database (a few frames at start)."""
    parts = name.split("/")
    if parts[0] in ("posix", "right"):  # copies of the database, which it leaves out too
        return False
    for root in zoneinfo.TZPATH:
        folder = root
        for part in parts:
            try:
                found = part in os.listdir(folder)
            except OSError:
                break
            if not found:
                break
            folder = os.path.join(folder, part)
        else:
            return os.path.isfile(folder)
    return False


def check_zone(name: str, field_name: str = "--tz") -> str:
    """An IANA zone name, legacy aliases (Asia/Chongqing) included; returned as typed but
    in the database's own spelling ("asia/shanghai" -> "Asia/Shanghai"), so a diary written
    on a computer whose files ignore case still opens on one whose files do not."""
    cleaned = (name or "").strip()
    if cleaned.casefold() in _NOT_PORTABLE:
        raise InvalidInput(
            field_name,
            f"'{name}' is whatever zone this computer is set to; "
            "name the place's zone instead (e.g. Asia/Shanghai)",
        )
    if not cleaned or cleaned.startswith(("/", ".")) or ".." in cleaned or "\x00" in cleaned:
        raise InvalidInput(field_name, f"unknown time zone '{name}'")
    if _spelled_as_in_database(cleaned):
        canonical: str | None = cleaned
    else:
        known = _known_zones()
        canonical = known.get(cleaned.casefold()) if known else cleaned
    if canonical is None:
        raise InvalidInput(field_name, f"unknown time zone '{name}'")
    try:
        _zone(canonical)
    except Exception:
        raise InvalidInput(field_name, f"unknown time zone '{name}'") from None
    return canonical


_LOCAL = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def parse_wall_time(text: str, field_name: str = "--at") -> datetime:
    """'YYYY-MM-DD HH:MM' (or with T, or seconds) -> naive wall time."""
    match = _LOCAL.match(text or "")
    if not match:
        raise InvalidInput(field_name, f"'{text}' is not a time (YYYY-MM-DD HH:MM)")
    day, hour, minute, second = match.groups()
    try:
        return datetime.combine(
            date.fromisoformat(day),
            datetime.min.time().replace(
                hour=int(hour), minute=int(minute), second=int(second or 0)
            ),
        )
    except ValueError:
        raise InvalidInput(field_name, f"'{text}' is not a real date and time") from None


@dataclass(frozen=True)
class Placed:
    moment: Moment
    note: str = ""  # set when the wall time was ambiguous


def _wall(naive: datetime) -> str:
    """2025-03-09 02:30, zero-padded even for early years (strftime's %Y is not)."""
    return naive.isoformat(sep=" ", timespec="minutes")


def place(local: datetime, tz: str, field_name: str = "--at") -> Placed:
    """Pin a wall time in a zone; refuse a time the clocks skipped, pick the first of two."""
    tz = check_zone(tz, "--tz")
    zone = _zone(tz)
    naive = local.replace(tzinfo=None, microsecond=0)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    try:
        utc = first.astimezone(UTC)
        round_trip = utc.astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        # Year 1 or 9999 pushed past the calendar's edge by the zone's offset.
        raise InvalidInput(field_name, f"{_wall(naive)} in {tz} is outside the calendar") from None
    if round_trip != naive:
        raise InvalidInput(
            field_name,
            f"{_wall(naive)} does not exist in {tz} "
            "(the clocks skipped it); use a time before or after the change",
        )
    note = ""
    if first.utcoffset() != second.utcoffset():
        note = (
            f"{field_name}: {_wall(naive)} happens twice in {tz}; "
            f"using the first ({first.tzname()}, UTC{_offset(first)})"
        )
    return Placed(Moment(local=naive, tz=tz, utc=utc), note)


def moment_from_text(text: str, tz: str, field_name: str = "--at") -> Placed:
    return place(parse_wall_time(text, field_name), tz, field_name)


def moment_from_stored(local_iso: str, tz: str, utc_iso: str) -> Moment:
    return Moment(
        local=datetime.fromisoformat(local_iso),
        tz=tz,
        utc=datetime.fromisoformat(utc_iso).astimezone(UTC),
    )


def aware(moment: Moment) -> datetime:
    """The moment as an aware datetime in its own zone (for offsets and abbreviations)."""
    return moment.utc.astimezone(_zone(moment.tz))


def _offset(value: datetime) -> str:
    offset = value.utcoffset() or timedelta(0)
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_abbreviation(moment: Moment) -> str:
    name = aware(moment).tzname() or ""
    # Zones without a letter abbreviation report "+08"; show the offset instead.
    return name if name[:1].isalpha() else f"UTC{_offset(aware(moment))}"


def iso_with_offset(local: datetime, tz: str) -> str:
    """ISO 8601 with the local offset, as front matter wants it (2011-11-21T21:00:00+08:00)."""
    value = place(local, tz).moment
    return aware(value).isoformat(timespec="seconds")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


_last_stamp = datetime.min.replace(tzinfo=UTC)
_stamp_lock = threading.Lock()


def stamp() -> str:
    """Created/updated timestamps: UTC, ISO 8601, to the millisecond so order is kept.

    Strictly increasing within a process, so an update in the same millisecond as the
    insert before it still moves `updated_at` forward."""
    global _last_stamp
    with _stamp_lock:
        current = datetime.now(UTC)
        now = current.replace(microsecond=current.microsecond // 1000 * 1000)
        if now <= _last_stamp:
            now = _last_stamp + timedelta(milliseconds=1)
        _last_stamp = now
    return now.isoformat(timespec="milliseconds")


def today_in(tz: str, now: datetime | None = None) -> date:
    instant = now or datetime.now(UTC)
    return instant.astimezone(_zone(tz)).date()


def now_in(tz: str, now: datetime | None = None) -> datetime:
    """Naive wall time now in a zone."""
    instant = now or datetime.now(UTC)
    return instant.astimezone(_zone(tz)).replace(tzinfo=None, microsecond=0)


def wall_time_in(moment: Moment, tz: str) -> datetime:
    """The same instant read on another clock (e.g. the time back home)."""
    return moment.utc.astimezone(_zone(tz)).replace(tzinfo=None)


def moment_with_offset(local: datetime, offset: timedelta, zones: list[str]) -> Moment:
    """A wall time whose offset from UTC is known (a camera that wrote OffsetTimeOriginal).

    The zone is the first of `zones` (the day's, the mission's, home) that had that offset
    at that instant; else a fixed-offset zone (Etc/GMT-8 is UTC+8) when the offset is whole
    hours; else the first zone, with the wall time read on its clock."""
    naive = local.replace(tzinfo=None, microsecond=0)
    utc = (naive - offset).replace(tzinfo=UTC)
    for name in zones:
        if utc.astimezone(_zone(name)).utcoffset() == offset:
            return Moment(local=naive, tz=name, utc=utc)
    minutes = int(offset.total_seconds()) // 60
    if minutes % 60 == 0 and -12 <= minutes // 60 <= 14:
        hours = minutes // 60
        name = "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
        return Moment(local=naive, tz=name, utc=utc)
    first = zones[0]
    return Moment(local=utc.astimezone(_zone(first)).replace(tzinfo=None), tz=first, utc=utc)


def moment_from_timestamp(seconds: float, tz: str) -> Moment:
    """A file's modification time (seconds since the epoch) on a zone's clock."""
    utc = datetime.fromtimestamp(int(seconds), UTC)
    local = utc.astimezone(_zone(tz)).replace(tzinfo=None)
    return Moment(local=local, tz=tz, utc=utc)
