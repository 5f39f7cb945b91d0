"""The mission report: the document a delegation hands its board after the trip.

Dates and route, each day in one line, meetings grouped by organisation, agreements with
their amounts and totals per currency (never converted), follow-ups done and still open,
and the organisations met for the first time. The audience rules are those of posts: an
entry reaches a report only if its visibility lets the audience see it; working notes never
do. Contact details, protocol notes and an organisation's private notes are never even read
here: whatever the audience, they cannot reach a report. A `private` report (the
delegation's own record) includes private entries and says so at its top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from missiondiary.domain import (
    Audience,
    FollowUp,
    FollowUpStatus,
    ItineraryItem,
    Meeting,
    Mission,
    date_span,
    day_zone,
    format_amount,
    name_key,
    slugify,
    visible_to,
)
from missiondiary.domain.review import MissionReport, ReviewDay, mission_report
from missiondiary.domain.text import plural
from missiondiary.publish import files, html, markdown, safety
from missiondiary.themes import DEFAULT_THEME, load_theme
from missiondiary.timeline import iso_with_offset, now_in

FORMATS = ("md", "html")
EVENING = time(21, 0)
DAY_LINE_ENTRIES = 3  # titles named on one day's line before "and N more"
PRIVATE_NOTICE = (
    "> **Private report.** It includes entries marked private and is for the delegation's "
    "own record: do not circulate it."
)


@dataclass(frozen=True)
class RegisterFacts:
    """What a report may say about an organisation: its other names, kind and place.
    Its private notes are deliberately not here."""

    aliases: tuple[str, ...] = ()
    kind: str = ""
    city: str = ""
    country: str = ""

    def line(self) -> str:
        """'Company · Chongqing, China · also known as 金山集团, Jinshan'."""
        place = ", ".join(part for part in (self.city, self.country) if part)
        kind = self.kind.replace("-", " ").capitalize()
        known = f"also known as {', '.join(self.aliases)}" if self.aliases else ""
        return " · ".join(part for part in (kind, place, known) if part)


@dataclass(frozen=True)
class RouteStop:
    """Consecutive days in one place (and zone)."""

    place: str
    tz: str
    first: ReviewDay
    last: ReviewDay

    def days(self) -> str:
        if self.first.number == self.last.number:
            return f"Day {self.first.number}"
        return f"Days {self.first.number}–{self.last.number}"

    def dates(self) -> str:
        return date_span(self.first.date, self.last.date, short=True)


@dataclass(frozen=True)
class OrganisationMeetings:
    """The meetings an organisation hosted (the first organisation named, the delegation's
    own aside), oldest first, so each meeting is told once."""

    name: str
    facts: RegisterFacts
    meetings: tuple[Meeting, ...]
    first_time: bool


@dataclass(frozen=True)
class ReportContent:
    """Everything a report for one audience shows, and how much it held back."""

    mission: Mission
    audience: Audience
    summary: MissionReport  # counts, agreements and totals over the visible entries only
    route: tuple[RouteStop, ...]
    day_titles: dict[date, tuple[str, ...]]
    groups: tuple[OrganisationMeetings, ...]
    followups: tuple[FollowUp, ...]
    first_met: tuple[tuple[str, RegisterFacts], ...]
    withheld: int
    own: frozenset[str] = frozenset()  # the delegation's own organisation, as name keys

    def is_own(self, name: str) -> bool:
        return name_key(name) in self.own


@dataclass(frozen=True)
class RenderedReport:
    content: ReportContent
    front_matter: dict[str, object]
    body: str
    markdown: str
    html: str
    stem: str

    @property
    def withheld(self) -> int:
        return self.content.withheld


# gathering ---------------------------------------------------------------------------------


def gather_report(store, mission: Mission, audience: Audience) -> ReportContent:
    """Read the mission from the store and keep what the audience may see."""
    meetings = store.meetings_for_mission(mission.id)
    items = store.itinerary_for_mission(mission.id)
    followups = store.followups(mission.id)
    places = {n: store.place_for_day(mission.id, n) for n in range(1, mission.day_count + 1)}
    registry = store.organisations_of_mission(mission.id)
    facts = {
        name: RegisterFacts(org.aliases, org.kind, org.city, org.country)
        for name, org in registry.items()
    }
    own = _own_names(mission, registry)
    return build_content(
        mission,
        audience,
        meetings,
        items,
        followups,
        places=places,
        facts=facts,
        first_met=store.organisations_first_met(mission.id),
        own=own,
    )


def _own_names(mission: Mission, registry: dict) -> set[str]:
    """The delegation's own organisation by every name it is known by."""
    own = name_key(mission.organisation)
    names = {own} if own else set()
    for name, org in registry.items():
        if own and own in {name_key(n) for n in org.known_as()}:
            names.add(name_key(name))
    return names


def build_content(
    mission: Mission,
    audience: Audience,
    meetings: Sequence[Meeting],
    items: Sequence[ItineraryItem],
    followups: Sequence[FollowUp],
    *,
    places: dict[int, str] | None = None,
    facts: dict[str, RegisterFacts] | None = None,
    first_met: set[str] | None = None,
    own: set[str] | None = None,
) -> ReportContent:
    """Pure: the report's content from the mission's entries (all of them; this filters)."""
    facts = facts or {}
    own = own if own is not None else {name_key(mission.organisation)}
    shown_meetings = sorted(
        (m for m in meetings if visible_to(m.visibility, audience)), key=lambda m: m.at.utc
    )
    shown_items = [i for i in items if visible_to(i.visibility, audience)]
    shown_followups = [f for f in followups if visible_to(f.visibility, audience)]
    withheld = (
        len(meetings) - len(shown_meetings)
        + len(items) - len(shown_items)
        + len(followups) - len(shown_followups)
    )  # fmt: skip
    summary = mission_report(mission, shown_meetings, shown_followups, shown_items, places)

    spans = [(i.start, i.end) for i in shown_items] + [(m.at, None) for m in shown_meetings]
    route: list[RouteStop] = []
    for day in summary.days:
        tz = day_zone(mission, day.date, spans)
        if route and route[-1].place == day.place and route[-1].tz == tz:
            route[-1] = RouteStop(day.place, tz, route[-1].first, day)
        else:
            route.append(RouteStop(day.place, tz, day, day))

    titles: dict[date, list[str]] = defaultdict(list)
    for meeting in shown_meetings:
        titles[meeting.local_date].append(meeting.title)
    meeting_days = set(titles)
    for item in sorted(shown_items, key=lambda i: i.start.utc):
        if item.local_date not in meeting_days and item.kind != "hotel":
            titles[item.local_date].append(item.title)

    grouped: dict[str, list[Meeting]] = {}
    for meeting in shown_meetings:
        hosts = [o for o in meeting.organisations if name_key(o) not in own]
        grouped.setdefault(hosts[0] if hosts else "", []).append(meeting)
    first = first_met or set()
    groups = tuple(
        OrganisationMeetings(name, facts.get(name, RegisterFacts()), tuple(found), name in first)
        for name, found in grouped.items()
    )
    met_names = {
        name
        for m in shown_meetings
        for name in (*m.organisations, *(a.organisation for a in m.attendees))
    }
    newly_met = tuple(
        (name, facts.get(name, RegisterFacts()))
        for name in summary.organisations
        if name in first and name in met_names and name_key(name) not in own
    )
    return ReportContent(
        mission=mission,
        audience=audience,
        summary=summary,
        route=tuple(route),
        day_titles={day: tuple(names) for day, names in titles.items()},
        groups=groups,
        followups=tuple(shown_followups),
        first_met=newly_met,
        withheld=withheld,
        own=frozenset(own),
    )


# writing -----------------------------------------------------------------------------------


def report_title(mission: Mission) -> str:
    return f"{mission.title} – Mission report"


def report_stem(mission: Mission, audience: Audience) -> str:
    return f"{slugify(mission.slug) or 'mission'}-report-{audience.value}"


def report_datetime(mission: Mission, now: datetime | None = None) -> str:
    """The evening of the last day, or now if the report is written before then (a date in
    the future would hide it on Hugo and Jekyll sites)."""
    evening = datetime.combine(mission.end_date, EVENING)
    current = now_in(mission.tz, now)
    return iso_with_offset(min(current, evening), mission.tz)


def front_matter(content: ReportContent, now: datetime | None = None) -> dict[str, object]:
    mission = content.mission
    return {
        "title": report_title(mission),
        "date": report_datetime(mission, now),
        "author": mission.author,
        "categories": list(mission.categories),
        "tags": list(mission.tags),
        "mission": mission.slug,
        "slug": f"{slugify(mission.slug) or 'mission'}-report",
        "audience": content.audience.value,
        "render_with_liquid": False,
    }


def _money(totals: dict) -> str:
    return " · ".join(f"{currency} {format_amount(total)}" for currency, total in totals.items())


def _long(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _summary_lines(content: ReportContent) -> list[str]:
    mission, summary = content.mission, content.summary
    first, last = summary.days[0].date, summary.days[-1].date
    dates = f"{date_span(mission.start_date, mission.end_date)}, {plural(mission.day_count, 'day')}"
    travel = []
    if first < mission.start_date:
        travel.append(f"leaving {first.day} {first:%b}")
    if last > mission.end_date:
        travel.append(f"home {last.day} {last:%b}")
    if travel:
        dates += f" ({', '.join(travel)})"
    route = " → ".join(safety.plain(stop.place) for stop in content.route)
    orgs = [o for o in summary.organisations if not content.is_own(o)]
    meetings = plural(summary.meetings_held, "meeting")
    if orgs:
        meetings += f" with {plural(len(orgs), 'organisation')}"
        if content.first_met:
            meetings += f" ({len(content.first_met)} met for the first time)"
    agreements = plural(len(summary.agreements), "agreement")
    if summary.totals:
        agreements += f"; with a value: {_money(dict(summary.totals))}"
    followups = f"{summary.followups_done} done, {summary.followups_open} still open" + (
        f", {summary.followups_dropped} dropped" if summary.followups_dropped else ""
    )
    return [
        f"- **Dates:** {dates}",
        f"- **Route:** {route}",
        f"- **Meetings:** {meetings}",
        f"- **Agreements:** {agreements}",
        f"- **Follow-ups:** {followups}",
        "",
    ]


def _route_lines(content: ReportContent) -> list[str]:
    lines = ["### Route", "", "| Days | Dates | Place | Time zone |", "|---|---|---|---|"]
    for stop in content.route:
        lines.append(
            f"| {stop.days()} | {stop.dates()} | {safety.cell(stop.place)} | "
            f"{safety.cell(stop.tz)} |"
        )
    return [*lines, ""]


def _day_lines(content: ReportContent) -> list[str]:
    lines = ["### Day by day", ""]
    for day in content.summary.days:
        names = content.day_titles.get(day.date, ())
        shown = "; ".join(safety.plain(name) for name in names[:DAY_LINE_ENTRIES])
        if len(names) > DAY_LINE_ENTRIES:
            shown += f"; and {len(names) - DAY_LINE_ENTRIES} more"
        head = f"- **Day {day.number}** · {day.date:%a} {day.date.day} {day.date:%b} · "
        lines.append(head + safety.plain(day.place) + (f" — {shown}" if shown else ""))
    return [*lines, ""]


def _meeting_lines(content: ReportContent) -> list[str]:
    if not content.groups:
        return []
    lines = ["### Meetings by organisation", ""]
    for group in content.groups:
        lines += [f"#### {safety.plain(group.name) if group.name else 'Other meetings'}", ""]
        about = group.facts.line()
        if group.first_time:
            about = " · ".join(part for part in (about, "first met on this mission") if part)
        if about:
            lines += [f"*{safety.plain(about)}*", ""]
        for meeting in group.meetings:
            number = content.mission.day_number(meeting.local_date)
            lines += [
                f"**{_long(meeting.local_date)} (Day {number})** · {safety.plain(meeting.title)}",
                "",
            ]
            others = [o for o in meeting.organisations if o != group.name and not content.is_own(o)]
            if others:
                lines += [
                    markdown.sentence("Also: " + ", ".join(safety.plain(o) for o in others)),
                    "",
                ]
            lines += markdown.meeting_body(meeting)
    return lines


def _agreement_lines(content: ReportContent) -> list[str]:
    summary = content.summary
    if not summary.agreements:
        return []
    hosts = {m.id: g.name for g in content.groups for m in g.meetings}
    lines = [
        "### Agreements",
        "",
        "| Day | With | Agreement | Amount |",
        "|---|---|---|---|",
    ]
    for agreement in summary.agreements:
        number = content.mission.day_number(agreement.day)
        lines.append(
            f"| Day {number} · {agreement.day.day} {agreement.day:%b} | "
            f"{safety.cell(hosts.get(agreement.meeting_id, ''))} | "
            f"{safety.cell(agreement.outcome.text)} | {agreement.outcome.money()} |"
        )
    lines.append("")
    if summary.totals:
        lines += ["**Totals per currency** (not converted):", ""]
        lines += [f"- {cur} {format_amount(total)}" for cur, total in summary.totals.items()]
        lines.append("")
    return lines


def _followup_line(followup: FollowUp) -> str:
    parts = [safety.plain(followup.owner)] if followup.owner else []
    if followup.status is FollowUpStatus.OPEN:
        if followup.due:
            parts.append(f"due {followup.due.day} {followup.due:%B %Y}")
    elif followup.closed_on:
        word = "done" if followup.status is FollowUpStatus.DONE else "dropped"
        parts.append(f"{word} {followup.closed_on.day} {followup.closed_on:%B %Y}")
    tail = f" — {', '.join(parts)}" if parts else ""
    return f"- {safety.plain(followup.text)}{tail}"


def _followup_lines(content: ReportContent) -> list[str]:
    if not content.followups:
        return []
    lines = ["### Follow-ups", ""]
    by_status: dict[FollowUpStatus, list[FollowUp]] = defaultdict(list)
    for followup in content.followups:
        by_status[followup.status].append(followup)
    for status, heading in (
        (FollowUpStatus.OPEN, "Still open"),
        (FollowUpStatus.DONE, "Done"),
        (FollowUpStatus.DROPPED, "Dropped"),
    ):
        found = by_status.get(status)
        if not found:
            continue
        if status is FollowUpStatus.OPEN:
            found.sort(key=lambda f: (f.due is None, f.due or f.day, f.day))
        else:
            found.sort(key=lambda f: (f.closed_on or f.day, f.day))
        lines += [f"#### {heading}", "", *(_followup_line(f) for f in found), ""]
    return lines


def _first_met_lines(content: ReportContent) -> list[str]:
    if not content.first_met:
        return []
    lines = ["### Organisations met for the first time", ""]
    for name, facts in content.first_met:
        about = facts.line()
        lines.append(f"- {safety.plain(name)}" + (f" — {safety.plain(about)}" if about else ""))
    return [*lines, ""]


def body_markdown(content: ReportContent) -> str:
    mission = content.mission
    lines = [f"## {date_span(mission.start_date, mission.end_date)}", ""]
    if content.audience is Audience.PRIVATE:
        lines += [PRIVATE_NOTICE, ""]
    lines += _summary_lines(content)
    lines += _route_lines(content)
    lines += _day_lines(content)
    lines += _meeting_lines(content)
    lines += _agreement_lines(content)
    lines += _followup_lines(content)
    lines += _first_met_lines(content)
    return "\n".join(lines).rstrip() + "\n"


def render_report(
    content: ReportContent, theme: str = DEFAULT_THEME, now: datetime | None = None
) -> RenderedReport:
    """Everything that would be written, without writing."""
    mission = content.mission
    fields = front_matter(content, now)
    body = body_markdown(content)
    kicker = mission.organisation or mission.title
    if content.audience is Audience.PRIVATE:
        kicker = f"Private report · {kicker}"
    page = html.markdown_page(
        load_theme(theme),
        title=report_title(mission),
        kicker=kicker,
        meta=(date_span(mission.start_date, mission.end_date), mission.author),
        body=body,
    )
    return RenderedReport(
        content=content,
        front_matter=fields,
        body=body,
        markdown=markdown.front_matter_yaml(fields) + "\n" + body,
        html=page,
        stem=report_stem(mission, content.audience),
    )


def publish_report(
    store,
    mission: Mission,
    audience: Audience,
    out_dir: Path,
    formats: tuple[str, ...] = FORMATS,
    theme: str = DEFAULT_THEME,
    now: datetime | None = None,
) -> tuple[RenderedReport, list[Path]]:
    """Gather, render and write; an unknown theme fails before anything is written."""
    load_theme(theme)
    report = render_report(gather_report(store, mission, audience), theme, now)
    return report, files.write_page(out_dir, report, formats)
