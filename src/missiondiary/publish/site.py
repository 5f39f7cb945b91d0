"""The members' site for a whole mission: the day posts, an index page (Markdown and HTML),
an Atom feed, and a WordPress import file (WXR).

Everything here is built from the same rendered posts the day files are, so it can show
nothing a day post would not: entries are already filtered for the audience, working notes
were never read, and the first lines of a day come from its rendered (escaped) body.
"""

from __future__ import annotations

import html as html_escape
import itertools
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path

from missiondiary.domain import Audience, Mission, date_span, slugify
from missiondiary.errors import InvalidInput
from missiondiary.publish import (
    PublishResult,
    RenderedPost,
    files,
    html,
    markdown,
    mission_days,
    parse_formats,
    publish_mission,
    render_day,
    safety,
)
from missiondiary.publish.feed_history import ATOM, Seen, previous_entries, settled
from missiondiary.themes import DEFAULT_THEME, load_theme

SITE_FORMATS = ("md", "html", "wxr")
DAY_FORMATS = ("md", "html")
INDEX_STEM = "index"
IMAGES_PATH = "images/"
FEED_NAME = "feed.xml"
EXCERPT_CHARS = 240
_NAMESPACE = uuid.UUID("7b0c6f0e-3a55-4f4e-9a59-6d1ad3a6a1e7")  # missiondiary's own ids
# Characters XML 1.0 cannot carry at all, even escaped or in CDATA.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class SiteResult:
    days: list[PublishResult] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)  # every file written, day posts first
    withheld: int = 0  # entries left out of the day posts (the index, feed, WXR show no more)


_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'\\\x00-\x1f\x7f\ud800-\udfff]+", re.IGNORECASE)


def parse_base_url(value: str, field_name: str = "--base-url") -> str:
    """`--base-url`: an http(s) address, so the feed and the WordPress file never carry a
    `javascript:` link or text an XML file cannot hold."""
    address = value.strip()
    if not _WEB_ADDRESS.fullmatch(address):
        shown = address.encode("utf-8", "backslashreplace").decode("utf-8")
        raise InvalidInput(
            field_name, f"'{shown}' is not a web address (https://members.example.org/posts)"
        )
    return address


def parse_site_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """`--format` for `publish --all`: md, html and wxr (WordPress), comma-separated."""
    return parse_formats(value, SITE_FORMATS)


def publish_site(
    store,
    mission: Mission,
    audience: Audience,
    out_dir: Path,
    formats: tuple[str, ...] = ("md",),
    theme: str = DEFAULT_THEME,
    now: datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    base_url: str | None = None,
) -> SiteResult:
    """`publish MISSION --all`: the day posts (as publish_mission writes them), then, for md
    and html, `index.md`/`index.html` and `feed.xml`; for wxr, `<slug>-wordpress.xml`.
    `base_url` (the members' site address) makes the feed's and WXR's links absolute."""
    load_theme(theme)
    day_formats = tuple(f for f in formats if f in DAY_FORMATS)
    if day_formats:
        results = publish_mission(
            store, mission, audience, out_dir, day_formats, theme, now, on_progress
        )
        dates = [result.date for result in results]
    else:
        dates = _content_days(store, mission, audience, on_progress)
        results = []
    posts = [render_day(store.day(mission.id, when), audience, theme, now) for when in dates]
    if not day_formats:
        from missiondiary.timeline import stamp

        store.mark_days_published(mission.id, [post.day.number for post in posts], stamp())
        results = [
            PublishResult(post.day.number, post.day.date, [], post.withheld) for post in posts
        ]
    paths = [path for result in results for path in result.paths]
    newest_first = sorted(posts, key=lambda post: post.day.date, reverse=True)
    spec = load_theme(theme)
    if "md" in day_formats:
        paths.append(
            files.write_atomic(out_dir, f"{INDEX_STEM}.md", index_markdown(mission, newest_first))
        )
    if "html" in day_formats:
        paths.append(
            files.write_atomic(
                out_dir, f"{INDEX_STEM}.html", index_html(mission, newest_first, spec)
            )
        )
    if day_formats:
        link_format = "html" if "html" in day_formats else "md"
        seen = previous_entries(Path(out_dir).expanduser() / FEED_NAME)
        feed = atom_feed(mission, audience, newest_first, link_format, base_url, now, seen)
        paths.append(files.write_atomic(out_dir, FEED_NAME, feed))
    if "wxr" in formats:
        name = f"{slugify(mission.slug) or 'mission'}-wordpress.xml"
        paths.append(files.write_atomic(out_dir, name, wxr(mission, posts, base_url, now)))
    return SiteResult(results, paths, sum(result.withheld for result in results))


def _content_days(store, mission: Mission, audience: Audience, on_progress) -> list[date]:
    """The days publish_mission would write (those holding anything for the audience),
    without writing."""
    from missiondiary.publish import has_content

    days = mission_days(store, mission)
    found = []
    for index, when in enumerate(days, start=1):
        if has_content(store.day(mission.id, when), audience):
            found.append(when)
        if on_progress:
            on_progress(index, len(days))
    return found


# first lines --------------------------------------------------------------------------------


def _plain_text(markdown_text: str) -> list[str]:
    """Top-level paragraphs of Markdown as plain text (headings, lists, tables left out)."""
    tokens = html.renderer().parse(markdown_text)
    paragraphs: list[str] = []
    for opening, inline in itertools.pairwise(tokens):
        if opening.type != "paragraph_open" or opening.level != 0 or inline.type != "inline":
            continue
        parts = []
        for child in inline.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            paragraphs.append(text)
    return paragraphs


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:–- ")
    return f"{cut}…"


def _names(titles: list[str]) -> str:
    if len(titles) <= 1:
        return "".join(titles)
    return f"{', '.join(titles[:-1])} and {titles[-1]}"


def first_lines(post: RenderedPost, limit: int = EXCERPT_CHARS) -> str:
    """The opening of a day as plain text: the first paragraph of the delegate's own words,
    else what the audience may see of the day's meetings or itinerary, cut at a word."""
    content = markdown.visible_content(post.day, post.audience)
    paragraphs = _plain_text(safety.markdown(content.words))
    if paragraphs:
        return _cut(paragraphs[0], limit)
    if content.meetings:
        titles = [" ".join(m.title.split()) for m in content.meetings]
        return _cut(f"Meetings: {_names(titles)}.", limit)
    if content.itinerary:
        titles = [" ".join(i.title.split()) for i in content.itinerary]
        return _cut(f"{_names(titles)}.", limit)
    return ""


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# index page ---------------------------------------------------------------------------------


def _index_body(
    mission: Mission, posts: list[RenderedPost], extension: str, *, about: bool = True
) -> str:
    """The days newest first; `about` opens with the dates and organisation (the HTML page's
    header already shows them)."""
    lines: list[str] = []
    if about:
        parts = (date_span(mission.start_date, mission.end_date), mission.organisation)
        lines += [" · ".join(safety.plain(part) for part in parts if part), ""]
    for post in posts:
        title = safety.plain(str(post.front_matter["title"]))
        lines += [f"### [{title}]({post.stem}.{extension})", ""]
        lines += [f"*{_long_date(post.day.date)} · {safety.plain(post.day.place)}*", ""]
        opening = first_lines(post)
        if opening:
            lines += [safety.plain(opening), ""]
    return "\n".join(lines).rstrip() + "\n"


def index_front_matter(mission: Mission, posts: list[RenderedPost]) -> dict[str, object]:
    newest = posts[0].front_matter["date"] if posts else None
    fields: dict[str, object] = {"title": mission.title}
    if newest:
        fields["date"] = newest
    fields.update(
        {
            "author": mission.author,
            "categories": list(mission.categories),
            "tags": list(mission.tags),
            "mission": mission.slug,
            "slug": slugify(mission.slug) or "mission",
            "render_with_liquid": False,  # as the posts: titles and first lines are user text
        }
    )
    return fields


def index_markdown(mission: Mission, posts: list[RenderedPost]) -> str:
    """index.md: front matter, then the days newest first, linking to the .md posts."""
    fields = index_front_matter(mission, posts)
    return markdown.front_matter_yaml(fields) + "\n" + _index_body(mission, posts, "md")


def index_html(mission: Mission, posts: list[RenderedPost], spec) -> str:
    """index.html: the same list in the theme's page, linking to the .html posts."""
    body = _index_body(mission, posts, "html", about=False)
    return html.markdown_page(
        spec,
        title=mission.title,
        kicker=mission.organisation or mission.title,
        meta=(date_span(mission.start_date, mission.end_date), mission.author),
        body=body,
    )


# Atom ---------------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, ':'.join(str(part) for part in parts))}"


def _link(base_url: str | None, name: str) -> str:
    return f"{base_url.rstrip('/')}/{name}" if base_url else name


def _rfc3339(value: datetime) -> str:
    # Edits are stamped to the millisecond: two within a second still move `updated`.
    precision = "milliseconds" if value.microsecond else "seconds"
    return value.astimezone(UTC).isoformat(timespec=precision).replace("+00:00", "Z")


def _stamp(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def last_changed(post: RenderedPost) -> datetime:
    """When the day's post last changed for its audience: its date, or, if later, the last
    edit of the delegate's words (title, place), of the mission (title, author, categories,
    tags) or of an entry the audience may see. Feed readers show an entry again when this
    moves; nothing the audience may not see can move it."""
    changes = [datetime.fromisoformat(str(post.front_matter["date"]))]
    words = post.day.post
    # A post row publishing left behind for a day without words was never edited.
    if words and (words.body or words.title or words.place or words.updated_at != words.created_at):
        changes.append(_stamp(words.updated_at))
    content = markdown.visible_content(post.day, post.audience)
    photos = [image.photo for image in content.images]
    for entry in [
        post.day.mission,
        *content.itinerary,
        *content.meetings,
        *content.next_steps,
        *photos,
    ]:
        changes.append(_stamp(entry.updated_at))
    return max(when for when in changes if when is not None)


def page_link(post: RenderedPost, link_format: str, base_url: str | None = None) -> str:
    """The page a member opens for a day: the HTML file when one is written, else the address
    the Hugo or Jekyll site serves the post at (its `url`/`permalink`), under base_url."""
    if link_format == "html":
        return _link(base_url, f"{post.stem}.html")
    return _link(base_url, markdown.post_path(post.day).lstrip("/"))


def atom_feed(
    mission: Mission,
    audience: Audience,
    posts: list[RenderedPost],
    link_format: str = "html",
    base_url: str | None = None,
    now: datetime | None = None,
    previous: dict[str, Seen] | None = None,
) -> str:
    """feed.xml (RFC 4287), newest first; links are relative unless base_url is given.

    Each entry links to the page a member opens (see page_link); `updated` is when the post
    last changed (see last_changed), so an edit shows again in feed readers; ids never move.
    `previous` (the folder's last feed) moves `updated` for a change no stamp shows."""
    previous = previous or {}
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = _xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    sub(feed, "id", _urn(mission.id, audience.value))
    sub(feed, "title", mission.title)
    if mission.organisation:
        sub(feed, "subtitle", mission.organisation)
    dates = [datetime.fromisoformat(str(post.front_matter["date"])) for post in posts]
    changed = [last_changed(post) for post in posts]
    feed_updated = sub(feed, "updated")
    author = sub(feed, "author")
    sub(author, "name", mission.author or mission.organisation or "missiondiary")
    sub(feed, "link", rel="self", href=_link(base_url, FEED_NAME), type="application/atom+xml")
    # Without an HTML index, the site's own front page is the page to open.
    home = f"{INDEX_STEM}.html" if link_format == "html" else ""
    sub(feed, "link", rel="alternate", href=_link(base_url, home) or "./", type="text/html")
    sub(feed, "generator", "missiondiary")
    entries_updated = []
    for post, when, last in zip(posts, dates, changed, strict=True):
        entry = sub(feed, "entry")
        entry_id = _urn(mission.id, "day", post.day.number)
        sub(entry, "id", entry_id)
        sub(entry, "title", str(post.front_matter["title"]))
        entry_updated = sub(entry, "updated")
        sub(entry, "published", _rfc3339(when))
        href = page_link(post, link_format, base_url)
        sub(entry, "link", rel="alternate", href=href, type="text/html")
        for category in [*post.front_matter["categories"], *post.front_matter["tags"]]:  # type: ignore[misc]
            sub(entry, "category", term=_xml_text(str(category)))
        opening = first_lines(post)
        if opening:
            sub(entry, "summary", opening, type="text")
        # Photos point into images/ beside the feed (absolute under base_url).
        body = post.body_with_images_at(_link(base_url, IMAGES_PATH))
        sub(entry, "content", html.render_fragment(body), type="html")
        last = settled(last, entry, previous.get(entry_id), now)
        entry_updated.text = _rfc3339(last)
        entries_updated.append(last)
    if previous.keys() - {_urn(mission.id, "day", post.day.number) for post in posts}:
        entries_updated.append(now or datetime.now(UTC))  # a day left the feed: it changed
    feed_updated.text = _rfc3339(max(entries_updated, default=now or datetime.now(UTC)))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


# WordPress eXtended RSS ---------------------------------------------------------------------

WXR_NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}


def cdata(text: str) -> str:
    """A CDATA section that holds any text: "]]>" is split across two sections, the way
    WordPress's own exporter does it, and characters XML cannot carry are dropped."""
    return "<![CDATA[" + _xml_text(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _esc(text: str) -> str:
    return html_escape.escape(_xml_text(text), quote=True)


def wp_text(text: str) -> str:
    """Text WordPress keeps as HTML (post titles, category and tag names, display names,
    excerpts), escaped as WordPress's own esc_html() does, so a title typed with `&`, `<` or
    quotes shows those very characters and never becomes markup."""
    return _esc(text).replace("&#x27;", "&#039;")


def wp_cdata(text: str) -> str:
    """wp_text in a CDATA section, as WordPress's exporter writes it: every parser the
    importer may use (SimpleXML, XMLParser, the XML processor, the regex fallback) then
    reads the same characters, with no entity for XMLParser to cut spaces around or for the
    regex fallback to leave undecoded."""
    return cdata(wp_text(text))


def _nicename(text: str) -> str:
    return slugify(text) or uuid.uuid5(_NAMESPACE, text).hex[:12]


def _spaced_softbreak(self, tokens, idx, options, env) -> str:
    return " "


_WP_MARKDOWN = html.renderer()
# A line break typed inside a paragraph is a space in Markdown; in WordPress a newline in a
# post's HTML becomes <br /> (wpautop), and the importer's XMLParser drops it, gluing words.
_WP_MARKDOWN.add_render_rule("softbreak", _spaced_softbreak)


def wp_content(markdown_text: str) -> str:
    """A post's HTML for WordPress: newlines only between blocks (and inside code)."""
    return _WP_MARKDOWN.render(markdown_text)


def wxr(
    mission: Mission,
    posts: list[RenderedPost],
    base_url: str | None = None,
    now: datetime | None = None,
) -> str:
    """A WXR 1.2 file WordPress's importer (Tools → Import → WordPress) reads: one published
    post per day, with its title, date, author, categories, tags and HTML content."""
    site = (base_url or "").rstrip("/")
    login = slugify(mission.author) or "delegate"
    display = mission.author or mission.organisation or "Delegate"
    when = (now or datetime.now(UTC)).astimezone(UTC)
    categories: dict[str, str] = {}
    tags: dict[str, str] = {}
    for post in posts:
        for name in post.front_matter["categories"]:  # type: ignore[union-attr]
            categories.setdefault(_nicename(str(name)), str(name))
        for name in post.front_matter["tags"]:  # type: ignore[union-attr]
            tags.setdefault(_nicename(str(name)), str(name))
    out = ['<?xml version="1.0" encoding="UTF-8" ?>']
    spaces = " ".join(f'xmlns:{key}="{url}"' for key, url in WXR_NAMESPACES.items())
    out.append(f'<rss version="2.0" {spaces}>')
    out.append("<channel>")
    out.append(f"<title>{_esc(mission.title)}</title>")
    out.append(f"<link>{_esc(site)}</link>")
    out.append(f"<description>{_esc(mission.organisation)}</description>")
    out.append(f"<pubDate>{format_datetime(when)}</pubDate>")
    out.append("<language>en</language>")
    out.append("<wp:wxr_version>1.2</wp:wxr_version>")
    out.append(f"<wp:base_site_url>{_esc(site)}</wp:base_site_url>")
    out.append(f"<wp:base_blog_url>{_esc(site)}</wp:base_blog_url>")
    out.append(
        "<wp:author><wp:author_id>1</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata('')}</wp:author_email>"
        f"<wp:author_display_name>{wp_cdata(display)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>"
    )
    term = 0
    for nicename, name in categories.items():
        term += 1
        out.append(
            f"<wp:category><wp:term_id>{term}</wp:term_id>"
            f"<wp:category_nicename>{cdata(nicename)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata('')}</wp:category_parent>"
            f"<wp:cat_name>{wp_cdata(name)}</wp:cat_name></wp:category>"
        )
    for nicename, name in tags.items():
        term += 1
        out.append(
            f"<wp:tag><wp:term_id>{term}</wp:term_id><wp:tag_slug>{cdata(nicename)}</wp:tag_slug>"
            f"<wp:tag_name>{wp_cdata(name)}</wp:tag_name></wp:tag>"
        )
    out.append("<generator>missiondiary</generator>")
    from missiondiary.publish.wxr_media import wxr_attachment

    ordered = sorted(posts, key=lambda p: p.day.date)
    attachment_id = len(ordered)
    for number, post in enumerate(ordered, start=1):
        first = attachment_id + 1 if post.images else None
        out.append(_wxr_item(mission, post, number, site, login, first))
        for image in post.images:
            attachment_id += 1
            out.append(wxr_attachment(post, image, attachment_id, number, site, login))
    out.append("</channel>")
    out.append("</rss>")
    return "\n".join(out) + "\n"


def _wp_body(post: RenderedPost, site: str) -> str:
    """The post's Markdown with photos at the addresses its attachments are fetched from,
    which the importer then rewrites to WordPress's own copies."""
    if not post.images:
        return post.body
    return post.body_with_images_at(f"{site}/{IMAGES_PATH}" if site else f"/{IMAGES_PATH}")


def _wp_clock(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _wxr_item(
    mission: Mission,
    post: RenderedPost,
    number: int,
    site: str,
    login: str,
    featured: int | None = None,
) -> str:
    fields = post.front_matter
    local = datetime.fromisoformat(str(fields["date"]))
    gmt = local.astimezone(UTC)
    changed = last_changed(post)
    slug = str(fields["slug"])
    link = f"{site}/{slug}/" if site else ""
    parts = [
        "<item>",
        f"<title>{wp_cdata(str(fields['title']))}</title>",
        f"<link>{_esc(link)}</link>",
        f"<pubDate>{format_datetime(gmt)}</pubDate>",
        f"<dc:creator>{cdata(login)}</dc:creator>",
        f'<guid isPermaLink="false">{_urn(mission.id, "day", post.day.number)}</guid>',
        "<description></description>",
        f"<content:encoded>{cdata(wp_content(_wp_body(post, site)))}</content:encoded>",
        f"<excerpt:encoded>{wp_cdata(first_lines(post))}</excerpt:encoded>",
        f"<wp:post_id>{number}</wp:post_id>",
        f"<wp:post_date>{cdata(local.strftime('%Y-%m-%d %H:%M:%S'))}</wp:post_date>",
        f"<wp:post_date_gmt>{cdata(gmt.strftime('%Y-%m-%d %H:%M:%S'))}</wp:post_date_gmt>",
        f"<wp:post_modified>{cdata(_wp_clock(changed.astimezone(local.tzinfo)))}"
        "</wp:post_modified>",
        f"<wp:post_modified_gmt>{cdata(_wp_clock(changed.astimezone(UTC)))}</wp:post_modified_gmt>",
        f"<wp:comment_status>{cdata('closed')}</wp:comment_status>",
        f"<wp:ping_status>{cdata('closed')}</wp:ping_status>",
        f"<wp:post_name>{cdata(slug)}</wp:post_name>",
        f"<wp:status>{cdata('publish')}</wp:status>",
        "<wp:post_parent>0</wp:post_parent>",
        "<wp:menu_order>0</wp:menu_order>",
        f"<wp:post_type>{cdata('post')}</wp:post_type>",
        f"<wp:post_password>{cdata('')}</wp:post_password>",
        "<wp:is_sticky>0</wp:is_sticky>",
    ]
    if featured is not None:  # the first photo is the post's featured image
        parts.append(
            f"<wp:postmeta><wp:meta_key>{cdata('_thumbnail_id')}</wp:meta_key>"
            f"<wp:meta_value>{cdata(str(featured))}</wp:meta_value></wp:postmeta>"
        )
    for name in fields["categories"]:  # type: ignore[union-attr]
        parts.append(
            f'<category domain="category" nicename="{_esc(_nicename(str(name)))}">'
            f"{wp_cdata(str(name))}</category>"
        )
    for name in fields["tags"]:  # type: ignore[union-attr]
        parts.append(
            f'<category domain="post_tag" nicename="{_esc(_nicename(str(name)))}">'
            f"{wp_cdata(str(name))}</category>"
        )
    parts.append("</item>")
    return "\n".join(parts)
