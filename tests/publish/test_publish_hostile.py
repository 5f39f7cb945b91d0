"""Publishing what a hostile diary holds: files land only inside --out whatever the mission is
called; front matter parses back to exactly what was meant; the index, feed and WordPress file
stay well-formed with markup escaped and script links dropped; and, over random diaries, no
private entry, working note or contact detail reaches any published file for any audience.

(test_publish.py covers a single day's post; test_site.py the site files with
fixed text; this file adds the hostile and random cases across every file written.)
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cli_helpers import invoke, ok
from missiondiary.domain import Attendee, Audience, Outcome, Visibility
from missiondiary.errors import InvalidInput
from missiondiary.publish import render_day
from missiondiary.publish.site import publish_site
from missiondiary.store import Store, open_store
from missiondiary.timeline import moment_from_text
from property_helpers import at_length

AFTER = datetime(2012, 1, 15, 12, 0, tzinfo=UTC)
ALL_FORMATS = ("md", "html", "wxr")
HOSTILE_TITLES = [
    "../../etc/x",
    "/etc/passwd",
    "..",
    "a/b\\c/../../d",
    "Ontario/Chongqing/Chengdu",
    "\u202e<script>alert(1)</script>",
    'title: "x"\n---\nlayout: evil',
    "]]><!-- & ' \" -->",
    "{{ site.title }} {% include x %}",
    "[x](javascript:alert(1))",
]


def at(text: str, tz: str = "UTC"):
    return moment_from_text(text, tz).moment


def files_under(folder: Path) -> set[Path]:
    return {Path(root) / name for root, _, names in os.walk(folder) for name in names}


# paths --------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", HOSTILE_TITLES)
@pytest.mark.parametrize("with_slug", [False, True], ids=["title", "title and --slug"])
def test_a_hostile_mission_name_writes_only_inside_out(
    tmp_path: Path, title: str, with_slug: bool
) -> None:
    db = tmp_path / "work" / "diary.db"
    slug = ["--slug", title] if with_slug else []
    result = invoke(
        db,
        *["mission", "new", title, "--start", "2011-11-21", "--end", "2011-11-22"],
        *["--tz", "UTC", *slug],
    )
    if result.exit_code != 0:  # a slug with no letters or digits is refused, in one line
        assert with_slug and "--slug" in result.stderr and result.stderr.count("\n") == 1
        return
    [slug_made] = [line.split()[2] for line in result.stdout.splitlines()]
    ok(db, "itinerary", "add", slug_made, "--at", "2011-11-21 10:00", "--title", title)
    ok(db, "post", "write", slug_made, "1", "--text", title, "--title", title)
    before = files_under(tmp_path)
    out = tmp_path / "work" / "site" / "posts"
    ok(db, "publish", slug_made, "--all", "--format", "md,html,wxr", "--out", str(out))
    ok(db, "publish", slug_made, "--day", "1", "--format", "md,html", "--out", str(out))
    written = files_under(tmp_path) - before
    assert written, "nothing was published"
    for path in written:
        assert path.resolve().parent == out.resolve(), path
    assert not (tmp_path / "etc").exists() and not (tmp_path / "work" / "etc").exists()


# front matter ----------------------------------------------------------------------------

_counter = itertools.count()


@pytest.fixture(scope="module")
def shared_diary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One diary for a whole property: each example adds a mission of its own."""
    with open_store(tmp_path_factory.mktemp("shared") / "diary.db") as store:
        yield store


any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
text_or_nasty = st.one_of(st.sampled_from(HOSTILE_TITLES), any_text)


FRONT_MATTER = {
    "title": text_or_nasty,
    "post_title": st.one_of(st.none(), text_or_nasty),
    "author": text_or_nasty,
    "categories": st.lists(text_or_nasty, max_size=3),
    "tags": st.lists(text_or_nasty, max_size=3),
}


@settings(
    max_examples=30,  # 300 under `pytest -m slow` (below)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(**FRONT_MATTER)
def test_front_matter_parses_back_to_exactly_what_was_meant(
    shared_diary: Store,
    title: str,
    post_title: str | None,
    author: str,
    categories: list[str],
    tags: list[str],
) -> None:
    store = shared_diary
    try:
        mission = store.create_mission(
            title,
            date(2011, 11, 21),
            date(2011, 11, 22),
            "UTC",
            author=author,
            slug=f"fm-{next(_counter)}",
            categories=categories,
            tags=tags,
        )
    except InvalidInput:
        assume(False)  # an empty title is refused before anything is written
    try:
        store.write_post(mission.id, 1, "Words.", title=post_title)
    except InvalidInput:
        assume(False)
    post = render_day(store.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS, now=AFTER)
    head, sep, _ = post.markdown.removeprefix("---\n").partition("\n---\n")
    assert post.markdown.startswith("---\n") and sep
    parsed = yaml.safe_load(head)
    expected = {key: value for key, value in post.front_matter.items() if key != "date"}
    assert {key: value for key, value in parsed.items() if key != "date"} == expected
    assert set(parsed) == set(post.front_matter)
    assert parsed["title"] and "\n" not in parsed["title"]


test_front_matter_parses_back_at_length = at_length(
    test_front_matter_parses_back_to_exactly_what_was_meant, 300, **FRONT_MATTER
)


# the site files --------------------------------------------------------------------------


def test_index_feed_and_wordpress_stay_well_formed_with_hostile_text(tmp_path: Path) -> None:
    with open_store(tmp_path / "diary.db") as store:
        trip = store.create_mission(
            "]]> <script>alert(1)</script> & \u202e \x00 \x1b[31m",
            date(2011, 11, 21),
            date(2011, 11, 23),
            "UTC",
            author="<b>Author</b> & co",
            tags=["<i>", "]]>"],
        )
        for number, title in enumerate(HOSTILE_TITLES[:3], start=1):
            store.write_post(
                trip.id,
                number,
                f"{title} [click](javascript:alert(1)) ![x](data:image/png;base64,AAAA) "
                "<script>alert(2)</script> <img src=x onerror=alert(3)> ]]> \x00\x07",
                title=title,
            )
        store.add_itinerary_item(trip.id, "<script>alert(4)</script>", at("2011-11-21 10:00"))
        for audience in (Audience.MEMBERS, Audience.PUBLIC):
            out = tmp_path / audience.value
            publish_site(
                store,
                trip,
                audience,
                out,
                ("md", "html", "wxr"),
                now=AFTER,
                base_url="https://members.example.org/posts/",
            )
            for path in out.glob("*.xml"):
                ET.parse(path)  # well-formed, whatever the titles hold
            for path in out.glob("*.html"):
                page = path.read_text(encoding="utf-8")
                assert "<script>alert" not in page, path.name
                assert "<img src=x" not in page, path.name
                assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data):""", page, re.I)
            for path in out.iterdir():
                raw = path.read_bytes()
                assert b"\x00" not in raw and b"\x1b" not in raw, path.name
            feed = (out / "feed.xml").read_text(encoding="utf-8")
            assert "javascript:" not in feed.lower().replace("&lt;", "<").split("<content")[0]
            links = [
                link.get("href")
                for link in ET.parse(out / "feed.xml").iter("{http://www.w3.org/2005/Atom}link")
            ]
            assert links and all(h.startswith("https://members.example.org/posts/") for h in links)


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "data:text/html,x", "members site", "https://a b", "\x00"]
)
def test_a_base_url_that_is_not_a_web_address_is_refused(tmp_path: Path, address: str) -> None:
    db = tmp_path / "diary.db"
    ok(db, "mission", "new", "T", "--start", "2011-11-21", "--end", "2011-11-21", "--tz", "UTC")
    result = invoke(db, "publish", "t-2011", "--all", "--base-url", address, "--out", "site")
    assert result.exit_code == 2
    assert "--base-url" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "site").exists()


# privacy, over random diaries, every file, every audience --------------------------------

noise = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="⟦⟧"), max_size=25
)
entry = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["itinerary", "meeting", "followup"]),
        "visibility": st.sampled_from(list(Visibility)),
        "day": st.integers(min_value=0, max_value=2),
        "noise": noise,
        "linked": st.booleans(),
    }
)


def secret(label: str) -> str:
    return f"⟦{label}{next(_counter)}⟧"


def _contact_details(path: Path) -> list[str]:
    """Contact details, protocol notes and notes on organisations are never published: set
    them for everyone where the schema has them (the counterpart register), and return what
    must not appear."""
    conn = sqlite3.connect(path)
    try:
        hidden = []
        for table, columns in (
            ("people", ("email", "phone", "messaging", "card", "protocol")),
            ("organisations", ("notes",)),
        ):
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            for (row_id,) in conn.execute(f"SELECT id FROM {table}").fetchall():
                for column in columns:
                    if column in present:
                        value = secret(f"{table}-{column}")
                        conn.execute(
                            f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row_id)
                        )
                        hidden.append(value)
        conn.commit()
        return hidden
    finally:
        conn.close()


@settings(
    max_examples=20,  # 200 under `pytest -m slow` (below)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entries=st.lists(entry, min_size=1, max_size=10),
    words=noise,
    audience=st.sampled_from([Audience.MEMBERS, Audience.PUBLIC]),
)
def test_nothing_private_reaches_any_published_file(
    tmp_path_factory: pytest.TempPathFactory,
    shared_diary: Store,
    entries: list[dict],
    words: str,
    audience: Audience,
) -> None:
    folder = tmp_path_factory.mktemp("private")
    path = shared_diary.path
    slug = f"random-{next(_counter)}"
    hidden: list[str] = []

    def keep_from(text: str, vis: Visibility) -> None:
        if vis is Visibility.PRIVATE or (
            audience is Audience.PUBLIC and vis is not Visibility.PUBLIC
        ):
            hidden.append(text)

    store = shared_diary  # shared: each example publishes a mission of its own
    trip = store.create_mission(
        "Random mission", date(2024, 5, 6), date(2024, 5, 8), "Europe/Paris", slug=slug
    )
    last_meeting = None
    for n, item in enumerate(entries):
        when = at(f"2024-05-0{5 + item['day']} {7 + n:02d}:10", "Europe/Paris")
        vis = item["visibility"]
        tag = secret(vis.value)
        text = f"{item['noise']} {tag}"
        if item["kind"] == "itinerary":
            where, details = secret("where"), secret("details")
            store.add_itinerary_item(
                trip.id, text, when, location=where, details=details, visibility=vis
            )
            keep_from(where, vis)
            hidden.append(details)  # booking references and seats never leave the diary
        elif item["kind"] == "meeting":
            notes = secret("notes")
            org, person = secret("org"), secret("person")
            met = store.add_meeting(
                trip.id,
                text,
                when,
                organisations=[org],
                attendees=[Attendee(person, "Chair", org)],
                notes=f"{item['noise']} {notes}",
                summary=f"summary {tag}",
                outcomes=[Outcome(f"deal {tag}")],
                visibility=vis,
            )
            last_meeting = met
            hidden.append(notes)  # working notes: never, for anyone
            keep_from(org, vis)
            keep_from(person, vis)
        else:
            store.add_followup(
                trip.id,
                text,
                when.local_date,
                owner=secret("owner"),
                meeting_id=last_meeting.id if item["linked"] and last_meeting else None,
                visibility=vis,
            )
        keep_from(tag, vis)
    store.write_post(trip.id, 1, words)
    hidden += _contact_details(path)
    out = folder / "site"
    result = invoke(
        path,
        "publish",
        slug,
        "--all",
        "--audience",
        audience.value,
        "--format",
        "md,html,wxr",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    written = sorted(out.iterdir())
    assert {"index.md", "index.html", "feed.xml", f"{slug}-wordpress.xml"} <= {
        p.name for p in written
    }
    for published in written:
        content = published.read_text(encoding="utf-8")
        for text in hidden:
            assert text not in content, f"{text} leaked to {audience.value} in {published.name}"


test_nothing_private_reaches_any_published_file_at_length = at_length(
    test_nothing_private_reaches_any_published_file,
    200,
    entries=st.lists(entry, min_size=1, max_size=10),
    words=noise,
    audience=st.sampled_from([Audience.MEMBERS, Audience.PUBLIC]),
)
