"""Publishing: a mission day -> Markdown (front matter for Hugo/Jekyll) and themed HTML."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from missiondiary.domain import Audience, Day, Mission
from missiondiary.errors import InvalidInput
from missiondiary.publish import files, html, markdown
from missiondiary.publish import images as pictures
from missiondiary.themes import DEFAULT_THEME, load_theme

FORMATS = ("md", "html")

__all__ = [
    "FORMATS",
    "PublishResult",
    "RenderedPost",
    "parse_formats",
    "publish_day",
    "publish_mission",
    "render_day",
    "withdraw_day",
    "write_rendered",
]


@dataclass(frozen=True)
class RenderedPost:
    day: Day
    audience: Audience
    front_matter: dict[str, object]
    body: str  # Markdown without front matter
    markdown: str  # the whole .md file
    html: str  # the whole .html page
    withheld: int
    stem: str
    empty: bool = False  # nothing for this audience: not a post (see DayContent.empty)
    images: tuple[pictures.PostImage, ...] = ()  # the photos shown, written beside the post

    def body_with_images_at(self, base: str) -> str:
        """The body with its photos pointing into `base` (a feed's, WordPress's address)."""
        content = markdown.visible_content(self.day, self.audience)
        return markdown.body_markdown(self.day, content, base)


@dataclass(frozen=True)
class PublishResult:
    day_number: int
    date: date
    paths: list[Path]
    withheld: int
    empty: bool = False  # the day had nothing for the audience: nothing was written
    removed: tuple[Path, ...] = ()  # an empty day's earlier files, taken out of the folder


def parse_formats(
    value: str | Iterable[str], allowed: tuple[str, ...] = FORMATS
) -> tuple[str, ...]:
    """`--format`: comma-separated names from `allowed`, each once, in the order given."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    chosen: list[str] = []
    for part in parts:
        name = part.strip().lower()
        if not name:
            continue
        if name not in allowed:
            raise InvalidInput("--format", f"'{part}' is not one of {', '.join(allowed)}")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise InvalidInput("--format", f"name at least one of {', '.join(allowed)}")
    return tuple(chosen)


def render_day(
    day: Day, audience: Audience, theme: str = DEFAULT_THEME, now: datetime | None = None
) -> RenderedPost:
    """Everything that would be written, without writing: the app previews exactly this."""
    content = markdown.visible_content(day, audience)
    fields = markdown.front_matter(day, content, now)
    body = markdown.body_markdown(day, content)
    page_body = markdown.body_markdown(day, content, pictures.PAGE_BASE)
    source = markdown.front_matter_yaml(fields) + "\n" + body
    page = html.markdown_page(
        load_theme(theme),
        title=str(fields["title"]),
        kicker=day.mission.organisation or day.mission.title,
        meta=(markdown.long_date(day), day.mission.author),
        body=page_body,
    )
    return RenderedPost(
        day=day,
        audience=audience,
        front_matter=fields,
        body=body,
        markdown=source,
        html=page,
        withheld=content.withheld,
        stem=markdown.post_stem(day),
        empty=content.empty,
        images=content.images,
    )


def write_rendered(
    post: RenderedPost, out_dir: Path, formats: tuple[str, ...] = FORMATS, store=None
) -> list[Path]:
    """The post's files; with `store`, its photos too (into out_dir/images), and the day's
    earlier pictures of photos it no longer shows taken out of there."""
    written = files.write_page(out_dir, post, formats)
    if store is not None:
        written += pictures.write_images(store, post.images, out_dir)
        pictures.remove_withdrawn(out_dir, markdown.post_slug(post.day), post.images)
    return written


def withdraw_day(post: RenderedPost, out_dir: Path) -> tuple[Path, ...]:
    """A day with nothing for the audience now (made private since, say): the post and
    pictures an earlier publish wrote for it come out of the folder, which goes to the
    members' site as it is."""
    folder = Path(out_dir).expanduser()
    if not folder.is_dir():
        return ()
    pages = [folder / f"{post.stem}.{kind}" for kind in FORMATS]
    removed = [files.remove(page) for page in pages if page.is_file()]
    removed += pictures.remove_withdrawn(folder, markdown.post_slug(post.day), ())
    return tuple(removed)


def publish_day(
    store,
    mission: Mission,
    when: date,
    audience: Audience,
    out_dir: Path,
    formats: tuple[str, ...] = ("md",),
    theme: str = DEFAULT_THEME,
    now: datetime | None = None,
) -> PublishResult:
    """One day; a day with nothing for the audience writes nothing (`empty` says so)."""
    load_theme(theme)  # an unknown theme fails before anything is written
    day = store.day(mission.id, when)
    post = render_day(day, audience, theme, now)
    if post.empty:
        removed = withdraw_day(post, out_dir)
        return PublishResult(day.number, when, [], post.withheld, empty=True, removed=removed)
    paths = write_rendered(post, out_dir, formats, store)
    from missiondiary.timeline import stamp

    store.mark_published(mission.id, day.number, stamp())
    return PublishResult(day.number, when, paths, post.withheld)


def mission_days(store, mission: Mission) -> list[date]:
    """Every day from the first entry (travel before Day 1 included) to the last day."""
    first = min(store.first_entry_date(mission.id) or mission.start_date, mission.start_date)
    count = (mission.end_date - first).days + 1
    return [first + timedelta(days=offset) for offset in range(count)]


def has_content(day: Day, audience: Audience) -> bool:
    """A day is a post for this audience (every output asks this, through DayContent.empty)."""
    return not markdown.visible_content(day, audience).empty


def publish_mission(
    store,
    mission: Mission,
    audience: Audience,
    out_dir: Path,
    formats: tuple[str, ...] = ("md",),
    theme: str = DEFAULT_THEME,
    now: datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[PublishResult]:
    """Each day that holds something for the audience; the other days are no post."""
    load_theme(theme)
    days = mission_days(store, mission)
    results = []
    for index, when in enumerate(days, start=1):
        post = render_day(store.day(mission.id, when), audience, theme, now)
        if not post.empty:
            paths = write_rendered(post, out_dir, formats, store)
            results.append(PublishResult(post.day.number, when, paths, post.withheld))
        else:
            withdraw_day(post, out_dir)
        if on_progress:
            on_progress(index, len(days))
    if results:
        from missiondiary.timeline import stamp

        days = [result.day_number for result in results]
        store.mark_days_published(mission.id, days, stamp())  # one disk write, not one a day
    return results
