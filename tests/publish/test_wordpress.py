"""The WordPress import file: titles and names that WordPress prints as HTML show exactly
what the delegate typed, and every parser of the official importer reads the same file the
same way (WordPress's own exporter's CDATA, `]]>` split across two sections)."""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from missiondiary.domain import Audience, Visibility
from missiondiary.publish.site import publish_site, wp_text
from missiondiary.store import Store
from missiondiary.timeline import moment_from_text
from wxr_readers import read_as_regex, read_as_xml, read_as_xml_parser

GOLDEN = Path(__file__).parent / "golden" / "hostile-wordpress.xml"
AFTER_THE_TRIP = datetime(2012, 1, 15, 12, 0, tzinfo=UTC)
MISSION_TITLE = 'Trade "mission" & <script>alert(1)</script>'
DAY_TITLE = 'Day two: "talks" & <tea>'
AUTHOR = "Siobhán O'Neill & <Sons>"
CATEGORY = "R&D <China>"
TAG = "\"dim sum\" & 'tea'"
WORDS = 'Tea & <biscuits> at "noon" ]]> sharp.\nA second line of the same paragraph.'


def build(store: Store) -> Path:
    trip = store.create_mission(
        MISSION_TITLE,
        date(2011, 11, 21),
        date(2011, 11, 22),
        "Asia/Chongqing",
        "America/Toronto",
        organisation="Chamber & Co",
        author=AUTHOR,
        slug="hostile",
        categories=["Trade missions", CATEGORY],
        tags=[TAG],
    )
    at = moment_from_text("2011-11-21 11:00", "Asia/Chongqing").moment
    store.add_itinerary_item(trip.id, "Check in", at, kind="hotel", visibility=Visibility.PUBLIC)
    store.write_post(trip.id, 2, WORDS, title=DAY_TITLE)
    return trip


def wordpress_file(store: Store, out: Path) -> str:
    trip = build(store)
    publish_site(store, trip, Audience.MEMBERS, out, ("wxr",), now=AFTER_THE_TRIP)
    return (out / "hostile-wordpress.xml").read_text(encoding="utf-8")


def stable(text: str) -> str:
    """The file without what changes from run to run: random ids, and when it was edited."""
    text = re.sub(r"urn:uuid:[0-9a-f-]{36}", "urn:uuid:ID", text)
    return re.sub(
        r"(<wp:post_modified(?:_gmt)?>)<!\[CDATA\[[^]]*\]\]>", r"\1<![CDATA[WHEN]]>", text
    )


class Tags(HTMLParser):
    """Every element an HTML string would make in a browser (what WordPress prints)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append(tag)


def elements(markup: str) -> list[str]:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def test_the_hostile_wordpress_file_matches_its_golden_copy(diary: Store, tmp_path: Path) -> None:
    written = stable(wordpress_file(diary, tmp_path))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(written, encoding="utf-8")
    assert written == GOLDEN.read_text(encoding="utf-8")


def test_text_wordpress_prints_as_html_is_escaped_inside_cdata(
    diary: Store, tmp_path: Path
) -> None:
    text = wordpress_file(diary, tmp_path)
    escaped = "Trade &quot;mission&quot; &amp; &lt;script&gt;alert(1)&lt;/script&gt; – Day 1"
    assert f"<title><![CDATA[{escaped}]]></title>" in text
    assert "<title><![CDATA[Day two: &quot;talks&quot; &amp; &lt;tea&gt;]]></title>" in text
    assert "<wp:cat_name><![CDATA[R&amp;D &lt;China&gt;]]></wp:cat_name>" in text
    assert "<wp:tag_name><![CDATA[&quot;dim sum&quot; &amp; &#039;tea&#039;]]>" in text
    assert "<wp:author_display_name><![CDATA[Siobhán O&#039;Neill &amp; &lt;Sons&gt;]]>" in text
    for tag in ("title", "content:encoded", "excerpt:encoded", "dc:creator", "wp:post_name"):
        inside_items = re.findall(f"<item>.*?<{tag}>(.*?)</{tag}>", text, re.S)
        assert len(inside_items) == 2 and all(v.startswith("<![CDATA[") for v in inside_items)
    assert "<script" not in text


def test_what_wordpress_shows_is_exactly_what_was_typed(diary: Store, tmp_path: Path) -> None:
    read = read_as_xml(wordpress_file(diary, tmp_path))
    titles = [post["title"] for post in read.posts]
    # WordPress prints a title as HTML: a browser decodes it once, and makes no element of it.
    assert [html.unescape(title) for title in titles] == [f"{MISSION_TITLE} – Day 1", DAY_TITLE]
    assert all(elements(title) == [] for title in titles)
    for name in [*read.categories, *read.tags, *read.display_names]:
        assert elements(name) == []
    assert {html.unescape(n) for n in read.categories} == {"Trade missions", CATEGORY}
    assert [html.unescape(n) for n in read.tags] == [TAG, "chongqing"]
    assert [html.unescape(n) for n in read.display_names] == [AUTHOR]
    day2 = read.posts[1]
    assert {(d, html.unescape(n)) for d, n in day2["terms"]} >= {
        ("category", CATEGORY),
        ("post_tag", TAG),
    }
    assert html.unescape(day2["excerpt"]) == " ".join(WORDS.split())
    assert elements(day2["excerpt"]) == []
    assert (
        "<p>Tea &amp; &lt;biscuits&gt; at &quot;noon&quot; ]]&gt; sharp. A second"
        in (day2["content"])
    )


@pytest.mark.parametrize(
    "reader", [read_as_xml_parser, read_as_regex], ids=["XMLParser", "regex fallback"]
)
def test_every_importer_parser_reads_the_same_file_the_same_way(
    diary: Store, tmp_path: Path, reader
) -> None:
    text = wordpress_file(diary, tmp_path)
    expected, read = read_as_xml(text), reader(text)
    assert read.display_names == expected.display_names
    assert read.categories == expected.categories
    assert read.tags == expected.tags
    assert [p["title"] for p in read.posts] == [p["title"] for p in expected.posts]
    assert [p["excerpt"] for p in read.posts] == [p["excerpt"] for p in expected.posts]
    assert [p["terms"] for p in read.posts] == [p["terms"] for p in expected.posts]
    for got, want in zip(read.posts, expected.posts, strict=True):
        # XMLParser drops the chunks that are only a newline: between blocks, harmless.
        assert got["content"].replace("\n", "") == want["content"].replace("\n", "")


@pytest.mark.parametrize(
    "text", ["a & b", "<tea>", "\"q\" 'a'", "&amp; stays visible", "]]>", "x\x00y"]
)
def test_wordpress_text_decodes_once_to_what_was_typed(text: str) -> None:
    shown = wp_text(text)
    assert html.unescape(shown) == text.replace("\x00", "")
    assert elements(shown) == [] and "'" not in shown and '"' not in shown
