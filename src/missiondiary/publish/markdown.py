"""A mission day -> a Markdown post with YAML front matter that Hugo and Jekyll accept.

Only what the audience may see is written: entries are filtered by visibility, working
notes are never read, and the post never hints that anything was left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from missiondiary.domain import (
    Audience,
    Day,
    DayPost,
    FollowUp,
    ItineraryItem,
    Meeting,
    slugify,
    visible_to,
)
from missiondiary.publish import images as pictures
from missiondiary.publish import safety
from missiondiary.timeline import iso_with_offset, now_in, zone_abbreviation

EVENING = time(21, 0)


@dataclass(frozen=True)
class DayContent:
    """The parts of a day an audience may see, and how many were held back."""

    itinerary: tuple[ItineraryItem, ...]
    meetings: tuple[Meeting, ...]
    next_steps: tuple[FollowUp, ...]
    withheld: int
    post: DayPost | None = None  # the day's post when the audience may read its words
    noted_today: int = 0  # of next_steps, those noted on this day (not carried over)
    images: tuple[pictures.PostImage, ...] = ()  # the photos it may see, named for the post

    @property
    def words(self) -> str:
        return self.post.body if self.post else ""

    @property
    def empty(self) -> bool:
        """Nothing for this audience: no words it may read and no entry of the day it may
        see. Such a day is no post in any output (day files, index, feed, WordPress file);
        follow-ups carried over from earlier days do not make one."""
        return not (
            self.words.strip() or self.itinerary or self.meetings or self.noted_today or self.images
        )


def visible_content(day: Day, audience: Audience) -> DayContent:
    """The one filter every published output goes through."""
    items = tuple(i for i in day.itinerary if visible_to(i.visibility, audience))
    meetings = tuple(m for m in day.meetings if visible_to(m.visibility, audience))
    steps_all = day.next_steps()
    steps = tuple(f for f in steps_all if visible_to(f.visibility, audience))
    withheld = (len(day.itinerary) - len(items) + len(day.meetings) - len(meetings)) + (
        len(steps_all) - len(steps)
    )
    post = day.post if day.post and visible_to(day.post.visibility, audience) else None
    noted = sum(1 for step in steps if step.day == day.date)
    photos = pictures.visible_photos(day, meetings, audience)
    withheld += len(day.photos) - len(photos)
    shown = pictures.post_images(post_slug(day), photos)
    return DayContent(items, meetings, steps, withheld, post, noted, shown)


def post_title(day: Day, content: DayContent) -> str:
    """The post's own title only where its words may be read (a title is words too)."""
    if content.post and content.post.title:
        return content.post.title
    return f"{day.mission.title} – Day {day.number}"


def post_stem(day: Day) -> str:
    slug = slugify(day.mission.slug) or "mission"
    return f"{day.date.isoformat()}-{slug}-day-{day.number}"


def post_slug(day: Day) -> str:
    return f"{slugify(day.mission.slug) or 'mission'}-day-{day.number}"


def post_path(day: Day) -> str:
    """Where the members' site serves the post, the same in Hugo (`url`) and Jekyll
    (`permalink`): the date and slug only, so a category ("Trade missions") never puts a
    space into an address, and the feed can link to the page before the site is built."""
    return f"/{day.date:%Y/%m/%d}/{post_slug(day)}/"


def post_datetime(day: Day, now: datetime | None = None) -> str:
    """The evening of the day, or now if the post goes out earlier that same day
    (a date in the future would hide the post on Hugo and Jekyll sites)."""
    evening = datetime.combine(day.date, EVENING)
    current = now_in(day.tz, now)
    stamp = current if day.date == current.date() and current < evening else evening
    return iso_with_offset(stamp, day.tz)


def tags_for(day: Day) -> list[str]:
    """The mission's tags, then the place's parts ("China / Chongqing" -> china, chongqing)."""
    tags: list[str] = []
    for tag in [*day.mission.tags, *(slugify(part) for part in day.place.split("/"))]:
        clean = tag.strip()
        if clean and clean not in tags:
            tags.append(clean)
    return tags


def front_matter(day: Day, content: DayContent, now: datetime | None = None) -> dict[str, object]:
    cover = (
        {
            # The first photo the audience may see: `image` (Jekyll's SEO tag, most themes),
            # `images` (Hugo's own Open Graph and Twitter card templates).
            "image": pictures.SITE_BASE + content.images[0].name(),
            "images": [pictures.SITE_BASE + content.images[0].name()],
        }
        if content.images
        else {}
    )
    return {
        "title": post_title(day, content),
        "date": post_datetime(day, now),
        "author": day.mission.author,
        "categories": list(day.mission.categories),
        "tags": tags_for(day),
        "mission": day.mission.slug,
        "day": day.number,
        "slug": post_slug(day),
        "url": post_path(day),  # Hugo
        "permalink": post_path(day),  # Jekyll
        # Jekyll would run Liquid over the delegate's text ({{ }} and {% %}): a stray
        # brace could break the members' site build.
        "render_with_liquid": False,
        **cover,
    }


def front_matter_yaml(fields: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif key == "date" or isinstance(value, int):
            lines.append(f"{key}: {value}")
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(safety.yaml_string(str(v)) for v in value)}]")
        else:
            lines.append(f"{key}: {safety.yaml_string(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _clock(item_time: datetime) -> str:
    return f"{item_time:%H:%M}"


def itinerary_time(item: ItineraryItem) -> str:
    """Local times where each end happened; both zones when travel crosses them."""
    start = _clock(item.start.local)
    if item.end is None:
        return start
    end = _clock(item.end.local)
    if item.crosses_zones:
        day_note = (
            "" if item.end.local_date == item.start.local_date else f" {item.end.local:%-d %b}"
        )
        start_zone, end_zone = zone_abbreviation(item.start), zone_abbreviation(item.end)
        return f"{start} {start_zone} → {end}{day_note} {end_zone}"
    if item.end.local_date != item.start.local_date:
        return f"{start} → {end} ({item.end.local:%-d %b})"
    return f"{start}–{end}"


def sentence(text: str) -> str:
    """A full stop, unless the last name brings its own ("Co., Ltd.")."""
    return text if text.endswith(".") else text + "."


def attendees_sentence(meeting: Meeting) -> str:
    """'With Name (Role, Organisation) and Name.' as inert Markdown; empty with nobody."""
    people = []
    for person in meeting.attendees:
        details = ", ".join(part for part in (person.role, person.organisation) if part)
        name = safety.plain(person.name)
        people.append(f"{name} ({safety.plain(details)})" if details else name)
    if not people:
        return ""
    if len(people) == 1:
        return sentence(f"With {people[0]}")
    return sentence(f"With {', '.join(people[:-1])} and {people[-1]}")


def _meeting(meeting: Meeting, own: str, figures: list[str] | None = None) -> list[str]:
    lines = [f"#### {safety.plain(meeting.title)}", ""]
    # The delegation's own organisation is at every meeting; name only the hosts.
    hosts = [org for org in meeting.organisations if org.casefold() != own.casefold()]
    if hosts:
        lines += ["*" + " · ".join(safety.plain(org) for org in hosts) + "*", ""]
    return lines + meeting_body(meeting) + (figures or [])


def meeting_body(meeting: Meeting) -> list[str]:
    """Who was there, the summary and the outcomes: what any audience may read of a meeting
    (never its working notes). Posts and the mission report both print it."""
    lines: list[str] = []
    with_line = attendees_sentence(meeting)
    if with_line:
        lines += [with_line, ""]
    summary = safety.markdown(meeting.summary)
    if summary:
        lines += [summary, ""]
    for outcome in meeting.outcomes:
        money = f" — **{outcome.money()}**" if outcome.amount is not None else ""
        lines.append(f"- {safety.plain(outcome.text)}{money}")
    if meeting.outcomes:
        lines.append("")
    return lines


def _due(due: date | None) -> str:
    return f"due {due:%-d %B %Y}" if due else ""


def body_markdown(day: Day, content: DayContent, image_base: str = pictures.SITE_BASE) -> str:
    """The post's Markdown; photos point into `image_base` (the site's /images/ for Hugo and
    Jekyll, images/ beside an HTML page or a feed)."""
    lines = [f"## {safety.plain(day.place)}", ""]
    words = safety.markdown(content.words)
    if words:
        lines += [words, ""]
    for image in content.images:
        if image.photo.meeting_id is None:
            lines += pictures.figure(image, image_base)
    if content.meetings:
        lines += ["### Meetings", ""]
        for meeting in content.meetings:
            figures = [
                line
                for image in content.images
                if image.photo.meeting_id == meeting.id
                for line in pictures.figure(image, image_base)
            ]
            lines += _meeting(meeting, day.mission.organisation, figures)
    if content.itinerary:
        lines += ["### Itinerary", "", "| Local time | Kind | Item |", "|---|---|---|"]
        for item in content.itinerary:
            where = f" · {safety.cell(item.location)}" if item.location else ""
            lines.append(
                f"| {itinerary_time(item)} | {item.kind.capitalize()} | "
                f"{safety.cell(item.title)}{where} |"
            )
        lines.append("")
    if content.next_steps:
        lines += ["### Next steps", ""]
        for step in content.next_steps:
            who = ", ".join(part for part in (safety.plain(step.owner), _due(step.due)) if part)
            lines.append(f"- {safety.plain(step.text)}" + (f" — {who}" if who else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def long_date(day: Day) -> str:
    return f"{day.date:%A} {day.date.day} {day.date:%B %Y}"
