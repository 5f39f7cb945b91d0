"""Wall time + zone -> instant. The only module that imports pendulum.

A delegate types the time on the clock where they stand; we keep that wall time, its zone
and the UTC instant. Times that do not exist (spring-forward gaps) are refused; times that
happen twice (autumn folds) take the first and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import pendulum

from missiondiary.domain import Moment
from missiondiary.errors import InvalidInput


@lru_cache(maxsize=512)
def _zone(name: str) -> pendulum.Timezone:
    return pendulum.timezone(name)


def check_zone(name: str, field_name: str = "--tz") -> str:
    """An IANA zone name, legacy aliases (Asia/Chongqing) included; returned as typed."""
    cleaned = (name or "").strip()
    if not cleaned or cleaned.startswith(("/", ".")) or ".." in cleaned or "\x00" in cleaned:
        raise InvalidInput(f"{field_name}: unknown time zone '{name}'")
    try:
        _zone(cleaned)
    except Exception:
        raise InvalidInput(f"{field_name}: unknown time zone '{name}'") from None
    return cleaned


_LOCAL = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def parse_wall_time(text: str, field_name: str = "--at") -> datetime:
    """'YYYY-MM-DD HH:MM' (or with T, or seconds) -> naive wall time."""
    match = _LOCAL.match(text or "")
    if not match:
        raise InvalidInput(f"{field_name}: '{text}' is not a time (YYYY-MM-DD HH:MM)")
    day, hour, minute, second = match.groups()
    try:
        return datetime.combine(
            date.fromisoformat(day),
            datetime.min.time().replace(
                hour=int(hour), minute=int(minute), second=int(second or 0)
            ),
        )
    except ValueError:
        raise InvalidInput(f"{field_name}: '{text}' is not a real date and time") from None


@dataclass(frozen=True)
class Placed:
    moment: Moment
    note: str = ""  # set when the wall time was ambiguous


def place(local: datetime, tz: str, field_name: str = "--at") -> Placed:
    """Pin a wall time in a zone; refuse a time the clocks skipped, pick the first of two."""
    zone = _zone(check_zone(tz, "--tz"))
    naive = local.replace(tzinfo=None, microsecond=0)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    utc = first.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise InvalidInput(
            f"{field_name}: {naive:%Y-%m-%d %H:%M} does not exist in {tz} "
            "(the clocks skipped it); use a time before or after the change"
        )
    note = ""
    if first.utcoffset() != second.utcoffset():
        note = (
            f"{field_name}: {naive:%Y-%m-%d %H:%M} happens twice in {tz}; "
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


def stamp() -> str:
    """Created/updated timestamps: UTC, ISO 8601, to the millisecond so order is kept."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


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
