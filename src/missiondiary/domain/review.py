"""A mission looked back on: what was held, met, agreed and promised. Pure; no I/O, no Textual.

The review is the delegate's own record, so it counts every entry whatever its visibility.
Amounts are totalled per currency and never converted: a chamber reports "CNY 5,000,000 and
GBP 120,000", not a sum at some day's exchange rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from missiondiary.domain.model import (
    FollowUp,
    FollowUpStatus,
    ItineraryItem,
    Meeting,
    Mission,
    Outcome,
    day_zone,
    format_amount,
    name_key,
    zone_city,
)


@dataclass(frozen=True)
class Agreement:
    """One outcome of a meeting, with the meeting it came from."""

    meeting_id: str
    meeting_title: str
    day: date
    outcome: Outcome


@dataclass(frozen=True)
class ReviewDay:
    """One line of the day list: a local date of the mission and what happened on it."""

    date: date
    number: int  # Day N; travel before Day 1 is Day 0 or less
    place: str
    meetings: int = 0
    itinerary: int = 0


@dataclass(frozen=True)
class MissionReport:
    mission: Mission
    meetings_held: int
    organisations: tuple[str, ...]
    agreements: tuple[Agreement, ...]
    totals: Mapping[str, Decimal]  # currency -> total value of agreements in it
    followups_done: int
    followups_open: int
    followups_dropped: int
    open_followups: tuple[FollowUp, ...]
    days: tuple[ReviewDay, ...] = field(default=())

    @property
    def meetings_per_day(self) -> list[int]:
        """The sparkline's data: one value per day of the day list, in date order."""
        return [day.meetings for day in self.days]

    def totals_in_words(self) -> str:
        """'CNY 5,000,000 · GBP 120,000' in currency order; empty when nothing had a value."""
        return " · ".join(
            f"{currency} {format_amount(total)}" for currency, total in self.totals.items()
        )


def totals_per_currency(outcomes: Iterable[Outcome]) -> dict[str, Decimal]:
    """Sum the amounts of each currency separately; outcomes without an amount add nothing."""
    totals: dict[str, Decimal] = {}
    for outcome in outcomes:
        if outcome.amount is None:
            continue
        currency = outcome.currency or "?"
        totals[currency] = totals.get(currency, Decimal(0)) + outcome.amount
    return dict(sorted(totals.items()))


def organisations_met(meetings: Iterable[Meeting]) -> tuple[str, ...]:
    """Every organisation at any meeting, named as first written, once each, A to Z."""
    seen: dict[str, str] = {}
    for meeting in meetings:
        names = [*meeting.organisations, *(a.organisation for a in meeting.attendees)]
        for name in names:
            if name and name_key(name) not in seen:
                seen[name_key(name)] = name
    return tuple(sorted(seen.values(), key=str.casefold))


def review_days(
    mission: Mission,
    meetings: Iterable[Meeting],
    itinerary: Iterable[ItineraryItem] = (),
    places: Mapping[int, str] | None = None,
) -> tuple[ReviewDay, ...]:
    """Every date from the earlier of Day 1 and the first entry to the later of the last day
    and the last entry, so travel before and after the mission is browsable too."""
    meetings = list(meetings)
    itinerary = list(itinerary)
    entry_dates = [m.local_date for m in meetings] + [i.local_date for i in itinerary]
    first = min([mission.start_date, *entry_dates])
    last = max([mission.end_date, *entry_dates])
    per_day_meetings = Counter(m.local_date for m in meetings)
    per_day_items = Counter(i.local_date for i in itinerary)
    spans = [(item.start, item.end) for item in itinerary]
    spans += [(meeting.at, None) for meeting in meetings]
    places = places or {}
    days = []
    current = first
    while current <= last:
        number = mission.day_number(current)
        place = places.get(number) or zone_city(day_zone(mission, current, spans))
        days.append(
            ReviewDay(
                date=current,
                number=number,
                place=place,
                meetings=per_day_meetings[current],
                itinerary=per_day_items[current],
            )
        )
        current += timedelta(days=1)
    return tuple(days)


def mission_report(
    mission: Mission,
    meetings: Iterable[Meeting],
    followups: Iterable[FollowUp],
    itinerary: Iterable[ItineraryItem] = (),
    places: Mapping[int, str] | None = None,
) -> MissionReport:
    """The summary the Review screen shows, from what the store returns for one mission."""
    meetings = sorted(meetings, key=lambda m: m.at.utc)
    followups = list(followups)
    agreements = tuple(
        Agreement(m.id, m.title, m.local_date, outcome) for m in meetings for outcome in m.outcomes
    )
    statuses = Counter(f.status for f in followups)
    return MissionReport(
        mission=mission,
        meetings_held=len(meetings),
        organisations=organisations_met(meetings),
        agreements=agreements,
        totals=totals_per_currency(a.outcome for a in agreements),
        followups_done=statuses[FollowUpStatus.DONE],
        followups_open=statuses[FollowUpStatus.OPEN],
        followups_dropped=statuses[FollowUpStatus.DROPPED],
        open_followups=tuple(
            sorted(
                (f for f in followups if f.status is FollowUpStatus.OPEN),
                key=lambda f: (f.due is None, f.due or f.day, f.day),
            )
        ),
        days=review_days(mission, meetings, itinerary, places),
    )
