"""The members' site for a whole mission: the index page, the Atom feed and the WordPress
import file, each parsed back, and none of them showing more than the audience may see."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiondiary.domain import Attendee, Audience, Outcome, Visibility
from missiondiary.errors import InvalidInput
from missiondiary.publish.site import cdata, parse_site_formats, publish_site
from missiondiary.store import Store, open_store
from missiondiary.timeline import moment_from_text
from property_helpers import at_length

AFTER_THE_TRIP = datetime(2012, 1, 15, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
CHONGQING = "Asia/Chongqing"


def at(text: str, tz: str = CHONGQING):
    return moment_from_text(text, tz).moment


def build(store: Store):
    trip = store.create_mission(
        "Chamber mission to China",
        date(2011, 11, 21),
        date(2011, 11, 23),
        CHONGQING,
        "America/Toronto",
        organisation="London Chamber of Commerce",
        author="Joaquim Balles",
        slug="china-2011",
        tags=["china"],
    )
    store.add_itinerary_item(trip.id, "Check in", at("2011-11-21 11:00"), kind="hotel")
    store.add_meeting(
        trip.id,
        "Hospital partnership talks",
        at("2011-11-22 14:00"),
        organisations=["Jinshan Group"],
        summary="We agreed next steps.",
        notes="WORKING-NOTES never to be seen",
        visibility=Visibility.PUBLIC,
    )
    store.add_meeting(
        trip.id,
        "PRIVATE-MEETING side talk",
        at("2011-11-22 19:00"),
        organisations=["PRIVATE-ORG"],
        visibility=Visibility.PRIVATE,
    )
    store.add_itinerary_item(
        trip.id, "MEMBERS-ONLY dinner", at("2011-11-23 19:00"), visibility=Visibility.MEMBERS
    )
    store.write_post(trip.id, 1, "Cranes on every skyline.\n\nA second paragraph.", title="Arrival")
    store.write_post(trip.id, 3, "Signed at City Hall]]> with <b>cameras</b>.")
    return trip


def publish(store: Store, out: Path, audience=Audience.MEMBERS, formats=("md", "html", "wxr")):
    trip = build(store)
    return trip, publish_site(store, trip, audience, out, formats, now=AFTER_THE_TRIP)


def test_the_index_lists_days_newest_first_with_links_and_first_lines(
    diary: Store, tmp_path: Path
) -> None:
    _, result = publish(diary, tmp_path)
    text = (tmp_path / "index.md").read_text(encoding="utf-8")
    fields = yaml.safe_load(text.split("---\n")[1])
    assert fields["title"] == "Chamber mission to China"
    assert str(fields["date"]).startswith("2011-11-23")
    assert fields["mission"] == "china-2011"
    links = re.findall(r"\]\(([^)]+\.md)\)", text)
    assert links == [
        "2011-11-23-china-2011-day-3.md",
        "2011-11-22-china-2011-day-2.md",
        "2011-11-21-china-2011-day-1.md",
    ]
    assert all((tmp_path / link).is_file() for link in links)
    assert "[Arrival](2011-11-21-china-2011-day-1.md)" in text
    assert "Cranes on every skyline." in text and "A second paragraph" not in text
    assert "Meetings: Hospital partnership talks." in text  # Day 2 has no words of its own
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    html_links = re.findall(r'href="([^"]+)"', page)
    assert html_links == [link.replace(".md", ".html") for link in links]
    assert all((tmp_path / link).is_file() for link in html_links)
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert {p.name for p in result.paths} >= {"index.md", "index.html", "feed.xml"}


def test_the_feed_is_valid_atom(diary: Store, tmp_path: Path) -> None:
    publish(diary, tmp_path)
    feed = ET.parse(tmp_path / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{required}") or "").strip(), required
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Joaquim Balles"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Chamber mission to China – Day 3",
        "Chamber mission to China – Day 2",
        "Arrival",
    ]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert (tmp_path / link).is_file()
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html" and content.text.startswith("<h2>")
    assert "]]&gt;" in entries[0].find(f"{ATOM}content").text


def test_the_feed_has_absolute_links_when_the_site_address_is_known(
    diary: Store, tmp_path: Path
) -> None:
    trip = build(diary)
    publish_site(
        diary, trip, Audience.PUBLIC, tmp_path, ("html",), base_url="https://chamber.example/m/"
    )
    feed = ET.parse(tmp_path / "feed.xml").getroot()
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith("https://chamber.example/m/") for h in hrefs)


def test_the_wordpress_file_holds_one_published_post_per_day(diary: Store, tmp_path: Path) -> None:
    publish(diary, tmp_path)
    root = ET.parse(tmp_path / "china-2011-wordpress.xml").getroot()
    assert root.tag == "rss"
    channel = root.find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        "Arrival",
        "Chamber mission to China – Day 2",
        "Chamber mission to China – Day 3",
    ]
    for item in items:
        assert item.findtext(f"{WP}status") == "publish"
        assert item.findtext(f"{WP}post_type") == "post"
        assert re.fullmatch(r"2011-11-2\d 2\d:00:00", item.findtext(f"{WP}post_date"))
        domains = {(c.get("domain"), c.text) for c in item.findall("category")}
        assert ("category", "Trade missions") in domains
        assert ("post_tag", "china") in domains
    day3 = items[2].findtext(f"{CONTENT}encoded")
    assert "Signed at City Hall]]&gt; with &lt;b&gt;cameras&lt;/b&gt;." in day3
    assert "Cranes on every skyline." in items[0].findtext(f"{CONTENT}encoded")


@pytest.mark.parametrize("text", ["", "plain", "a]]>b", "]]>]]>", "x]]", "]]>\x01\ufffe end"])
def test_cdata_carries_any_text(text: str) -> None:
    parsed = ET.fromstring(f"<a>{cdata(text)}</a>").text or ""
    assert parsed == text.replace("\x01", "").replace("\ufffe", "")


def test_wxr_alone_writes_only_the_wordpress_file(diary: Store, tmp_path: Path) -> None:
    out = tmp_path / "site"
    _, result = publish(diary, out, formats=("wxr",))
    assert [p.name for p in result.paths] == ["china-2011-wordpress.xml"]
    assert sorted(p.name for p in out.iterdir()) == ["china-2011-wordpress.xml"]
    assert [r.day_number for r in result.days] == [1, 2, 3]


def test_site_formats_are_checked_by_name() -> None:
    assert parse_site_formats("md, wxr,md") == ("md", "wxr")
    with pytest.raises(InvalidInput, match="--format: 'pdf' is not one of md, html, wxr"):
        parse_site_formats("md,pdf")
    with pytest.raises(InvalidInput, match="--format"):
        parse_site_formats(" , ")


@pytest.mark.parametrize("audience", [Audience.MEMBERS, Audience.PUBLIC])
def test_private_entries_never_reach_the_index_feed_or_wordpress(
    diary: Store, tmp_path: Path, audience: Audience
) -> None:
    publish(diary, tmp_path, audience)
    for name in ("index.md", "index.html", "feed.xml", "china-2011-wordpress.xml"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        for secret in ("PRIVATE-MEETING", "PRIVATE-ORG", "WORKING-NOTES"):
            assert secret not in text, (secret, name)
        if audience is Audience.PUBLIC:
            assert "MEMBERS-ONLY" not in text, name
        elif not name.startswith("index"):  # the index shows Day 3's words, not its items
            assert "MEMBERS-ONLY" in text, name


# property: nothing hidden reaches any site file --------------------------------------------

_counter = itertools.count()
noise = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="⟦⟧"), max_size=30
)
entry = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["itinerary", "meeting", "followup"]),
        "visibility": st.sampled_from(list(Visibility)),
        "day": st.integers(min_value=0, max_value=2),
        "noise": noise,
    }
)


def secret(label: str) -> str:
    return f"⟦{label}-{next(_counter)}⟧"


@settings(
    max_examples=8,  # 100 under `pytest -m slow` (below)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entries=st.lists(entry, min_size=1, max_size=8),
    words=noise,
    post_visibility=st.sampled_from(list(Visibility)),
)
def test_no_hidden_text_in_the_index_feed_or_wordpress_file(
    tmp_path_factory, entries: list[dict], words: str, post_visibility: Visibility
) -> None:
    folder: Path = tmp_path_factory.mktemp("site")
    hidden: dict[Audience, list[str]] = {Audience.MEMBERS: [], Audience.PUBLIC: []}
    with open_store(folder / "diary.db") as store:
        trip = store.create_mission(
            "Property mission", date(2024, 5, 6), date(2024, 5, 8), "Europe/Paris"
        )
        for n, item in enumerate(entries):
            when = at(f"2024-05-0{5 + item['day']} {8 + n:02d}:15", "Europe/Paris")
            vis = item["visibility"]
            tag = secret(vis.value)
            text = f"{item['noise']} {tag}"
            if item["kind"] == "itinerary":
                store.add_itinerary_item(trip.id, text, when, visibility=vis)
            elif item["kind"] == "meeting":
                notes, org = secret("notes"), secret("org")
                store.add_meeting(
                    trip.id,
                    text,
                    when,
                    organisations=[org],
                    attendees=[Attendee(secret("person") if vis is Visibility.PRIVATE else "X")],
                    notes=notes,
                    summary=f"summary {tag}",
                    outcomes=[Outcome(f"deal {tag}")],
                    visibility=vis,
                )
                hidden[Audience.MEMBERS].append(notes)
                hidden[Audience.PUBLIC].append(notes)
                if vis is Visibility.PRIVATE:
                    hidden[Audience.MEMBERS].append(org)
                if vis is not Visibility.PUBLIC:
                    hidden[Audience.PUBLIC].append(org)
            else:
                store.add_followup(trip.id, text, when.local_date, visibility=vis)
            if vis is Visibility.PRIVATE:
                hidden[Audience.MEMBERS].append(tag)
            if vis is not Visibility.PUBLIC:
                hidden[Audience.PUBLIC].append(tag)
        tag, title = secret(f"post-{post_visibility.value}"), secret("title")
        store.write_post(trip.id, 1, f"{words} {tag}", title=title, visibility=post_visibility)
        for text in (tag, title):
            if post_visibility is Visibility.PRIVATE:
                hidden[Audience.MEMBERS].append(text)
            if post_visibility is not Visibility.PUBLIC:
                hidden[Audience.PUBLIC].append(text)
        for audience in (Audience.MEMBERS, Audience.PUBLIC):
            out = folder / audience.value
            publish_site(store, trip, audience, out, ("md", "html", "wxr"), now=AFTER_THE_TRIP)
            for name in (
                "index.md",
                "index.html",
                "feed.xml",
                "property-mission-2024-wordpress.xml",
            ):
                path = out / name
                if not path.exists():
                    continue
                written = path.read_text(encoding="utf-8")
                for text in hidden[audience]:
                    assert text not in written, f"{text} leaked to {audience} in {name}"


test_no_hidden_text_in_the_index_feed_or_wordpress_file_at_length = at_length(
    test_no_hidden_text_in_the_index_feed_or_wordpress_file,
    100,
    entries=st.lists(entry, min_size=1, max_size=8),
    words=noise,
    post_visibility=st.sampled_from(list(Visibility)),
)


def test_a_one_day_mission_names_its_day_once_on_the_index(diary: Store, tmp_path: Path) -> None:
    trip = diary.create_mission(
        "Day at the fair", date(2011, 11, 21), date(2011, 11, 21), "Asia/Shanghai"
    )
    diary.write_post(trip.id, 1, "One long day at the fair.")
    publish_site(diary, trip, Audience.MEMBERS, tmp_path, ("md", "html"), now=AFTER_THE_TRIP)
    for name in ("index.md", "index.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "21 November 2011" in text and "21–21" not in text, name
