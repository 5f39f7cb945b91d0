"""Where the delegate is: mission, Day N of M, the date, the place and its zone, home time."""

from __future__ import annotations

from datetime import datetime, time

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from missiondiary.domain import Day, zone_city
from missiondiary.timeline import now_in, place, today_in, wall_time_in, zone_abbreviation


def day_words(day: Day) -> str:
    number, count = day.number, day.mission.day_count
    if number < 1:
        return f"Day {number} (before the mission)" if number < 0 else "Day 0 (travel)"
    if number > count:
        return f"Day {number} (after the mission)"
    return f"Day {number} of {count}"


def hours_apart(here: datetime, home: datetime) -> str:
    minutes = round((home - here).total_seconds() / 60)
    if minutes == 0:
        return "same time"
    hours, rest = divmod(abs(minutes), 60)
    amount = f"{hours} h" if not rest else f"{hours} h {rest} min"
    return f"{amount} {'ahead' if minutes > 0 else 'behind'}"


def home_words(day: Day, now: datetime, *, short: bool = False) -> str:
    """The time back home when it differs; on days other than today, only how far apart."""
    home_tz = day.mission.home_tz
    if not home_tz or home_tz == day.tz:
        return ""
    if today_in(day.tz, now) == day.date:
        here = now_in(day.tz, now)
        home = now_in(home_tz, now)
        label = f"{home:%H:%M}, "
    else:
        noon = place(datetime.combine(day.date, time(12)), day.tz).moment
        here, home = noon.local, wall_time_in(noon, home_tz)
        label = ""
    if here.replace(second=0) == home.replace(second=0):
        return ""
    if short:
        return f"{zone_city(home_tz)} {label}{hours_apart(here, home)}"
    return f"home in {zone_city(home_tz)}: {label}{hours_apart(here, home)}"


class TitleLine(Static):
    DEFAULT_CSS = """
    TitleLine {
        height: 2;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    day: reactive[Day | None] = reactive(None)
    now: reactive[datetime | None] = reactive(None)
    waiting: reactive[int] = reactive(0)  # days in the outbox waiting to be sent
    changed: reactive[bool] = reactive(False)  # this day was edited after it was sent

    def render(self) -> Content:
        day, now = self.day, self.now
        if day is None or now is None:
            return Content("")
        short = self.size.width < 100
        noon = place(datetime.combine(day.date, time(12)), day.tz).moment
        where = f"{day.place} · {zone_abbreviation(noon)}" if day.place else day.tz
        first = Content.assemble(
            (day.mission.title, "bold $text-primary"),
            "   ",
            (day_words(day), "bold $text-accent"),
        )
        full_zone = not short and day.place and zone_city(day.tz) not in day.place
        parts: list[str | tuple[str, str]] = [
            (f"{day.date:%a %-d %b %Y}" if short else f"{day.date:%A %-d %B %Y}", "bold"),
            " · " if short else "  ·  ",
            (where, ""),
            (f" ({day.tz})" if full_zone else "", "$text-muted"),
        ]
        home = home_words(day, now, short=short)
        if home:
            parts += [" · " if short else "  ·  ", (home, "$text-muted")]
        sending = [
            text
            for text in (
                "changed since sent" if self.changed else "",
                f"{self.waiting} waiting to send" if self.waiting else "",
            )
            if text
        ]
        if sending:
            first = Content.assemble(first, "   ", (" · ".join(sending), "$text-warning"))
        return Content.assemble(first, "\n", *parts)
