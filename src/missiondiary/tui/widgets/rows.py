"""How one entry reads in a pane: small pure functions from domain objects to Content.

User text goes in as plain strings (never markup), so a title with brackets stays a title.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content

from missiondiary.domain import (
    FollowUp,
    FollowUpStatus,
    ItineraryItem,
    Meeting,
    Moment,
    Visibility,
)
from missiondiary.timeline import zone_abbreviation

# Traffic lights: red stays with the delegate, amber reaches members, green anyone.
_TAG_STYLE = {
    Visibility.PRIVATE: "$text-error on $error-muted",
    Visibility.MEMBERS: "$text-accent on $accent-muted",
    Visibility.PUBLIC: "$text-success on $success-muted",
}
MUTED = "$text-muted"


def visibility_tag(visibility: Visibility) -> Content:
    return Content.assemble((f" {visibility.value} ", _TAG_STYLE[visibility]))


def clock(moment: Moment) -> str:
    return f"{moment.local:%H:%M}"


def itinerary_time(item: ItineraryItem) -> str:
    """'08:30', '08:30–10:00', or both local clocks when travel crosses zones."""
    start, end = item.start, item.end
    if end is None:
        return clock(start)
    if item.crosses_zones:
        days = (end.local.date() - start.local.date()).days
        later = f" (+{days}d)" if days > 0 else ""
        return (
            f"{clock(start)} {zone_abbreviation(start)} → "
            f"{clock(end)} {zone_abbreviation(end)}{later}"
        )
    days = (end.local.date() - start.local.date()).days
    later = f" (+{days}d)" if days > 0 else ""
    return f"{clock(start)}–{clock(end)}{later}"


def itinerary_row(item: ItineraryItem) -> Content:
    details = " · ".join(part for part in (item.kind, item.location) if part)
    return Content.assemble(
        (itinerary_time(item), "bold"),
        "  ",
        visibility_tag(item.visibility),
        "\n",
        (item.title, "bold"),
        "\n",
        (details, MUTED),
    )


def _some(names: list[str], shown: int) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" +{more}" if more > 0 else "")


def meeting_row(meeting: Meeting, own_organisation: str = "") -> Content:
    """Title line, then whom it was with: the other side first (the delegate's own
    organisation is left out), a few names, and any amount agreed."""
    parts: list[str | Content | tuple[str, str]] = [
        (clock(meeting.at), "bold"),
        "  ",
        (meeting.title, "bold"),
        "  ",
        visibility_tag(meeting.visibility),
    ]
    own = own_organisation.casefold()
    organisations = [name for name in meeting.organisations if name.casefold() != own]
    if organisations:
        parts += ["\n", (_some(organisations, 2), "$text-secondary")]
    people = [p.name for p in meeting.attendees if not own or p.organisation.casefold() != own]
    if people:
        parts += ["\n", ("with " + _some(people, 3), MUTED)]
    agreed = [outcome.money() for outcome in meeting.outcomes if outcome.money()]
    if agreed:
        parts += ["\n", ("agreed " + ", ".join(agreed), "$text-success")]
    return Content.assemble(*parts)


def followup_row(followup: FollowUp, today: date) -> Content:
    """`today` is the day on screen: due words read as they did on that day."""
    done = followup.status is not FollowUpStatus.OPEN
    box = "[x]" if followup.status is FollowUpStatus.DONE else "[-]" if done else "[ ]"
    text_style = f"strike {MUTED}" if done else ""
    parts: list[str | Content | tuple[str, str]] = [
        (box, MUTED if done else "bold"),
        " ",
        (followup.text, text_style),
        "\n",
        visibility_tag(followup.visibility),
    ]
    if followup.owner:
        parts += ["  ", (followup.owner, MUTED if done else "$text-secondary")]
    words = followup.due_in_words(today)
    if done:
        closed = followup.status.value
        parts += ["  ", (closed, MUTED)]
    elif words:
        style = "bold $warning" if followup.overdue(today) else MUTED
        parts += ["  ", (words, style)]
    if followup.day < today and not done:
        parts += ["  ", (f"noted {followup.day:%-d %b}", MUTED)]
    return Content.assemble(*parts)


def empty_row(text: str) -> Content:
    return Content.assemble((text, f"italic {MUTED}"))
