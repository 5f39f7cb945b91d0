"""The Atom feed as a feed reader sees it (feedparser): entries link to the web page a member
opens, and an edited day shows again because its `updated` moves while its id stays."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import pytest

from missiondiary.domain import Audience, Visibility
from missiondiary.publish.site import publish_site
from missiondiary.store import Store
from missiondiary.timeline import moment_from_text

AFTER_THE_TRIP = datetime(2012, 1, 15, 12, 0, tzinfo=UTC)
SITE = "https://chamber.example/members"


def build(store: Store):
    trip = store.create_mission(
        "Chamber mission to China",
        date(2011, 11, 21),
        date(2011, 11, 23),
        "Asia/Chongqing",
        "America/Toronto",
        author="Joaquim Balles",
        slug="china-2011",
    )
    at = moment_from_text("2011-11-22 14:00", "Asia/Chongqing").moment
    store.add_meeting(trip.id, "Hospital talks", at, visibility=Visibility.PUBLIC)
    store.write_post(trip.id, 1, "Cranes on every skyline.", title="Arrival")
    store.write_post(trip.id, 3, "Signed at City Hall.")
    return trip


def instant(text: str) -> datetime:
    """An Atom date to the millisecond (feedparser's struct_time stops at the second)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def read_feed(store: Store, trip, out: Path, formats=("md",), base_url=SITE):
    publish_site(store, trip, Audience.MEMBERS, out, formats, now=AFTER_THE_TRIP, base_url=base_url)
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def test_markdown_sites_link_each_entry_to_the_page_the_site_serves(
    diary: Store, tmp_path: Path
) -> None:
    parsed = read_feed(diary, build(diary), tmp_path)
    links = [entry.link for entry in parsed.entries]
    assert links == [
        f"{SITE}/2011/11/23/china-2011-day-3/",
        f"{SITE}/2011/11/22/china-2011-day-2/",
        f"{SITE}/2011/11/21/china-2011-day-1/",
    ]
    for entry in parsed.entries:
        alternate = [link for link in entry.links if link.rel == "alternate"]
        assert [link.type for link in alternate] == ["text/html"]
        assert not entry.link.endswith(".md") and entry.link != entry.id
    assert parsed.feed.link == f"{SITE}/"
    # the same address the post's front matter gives Hugo (url) and Jekyll (permalink)
    day1 = (tmp_path / "2011-11-21-china-2011-day-1.md").read_text(encoding="utf-8")
    assert 'url: "/2011/11/21/china-2011-day-1/"' in day1
    assert 'permalink: "/2011/11/21/china-2011-day-1/"' in day1


def test_without_a_site_address_links_are_relative_web_pages(diary: Store, tmp_path: Path) -> None:
    parsed = read_feed(diary, build(diary), tmp_path, base_url=None)
    assert [entry.link for entry in parsed.entries][-1] == "2011/11/21/china-2011-day-1/"
    assert all(not entry.link.startswith("urn:") for entry in parsed.entries)


@pytest.mark.parametrize("formats", [("html",), ("md", "html")])
def test_when_html_is_written_entries_link_to_the_html_files(
    diary: Store, tmp_path: Path, formats: tuple[str, ...]
) -> None:
    parsed = read_feed(diary, build(diary), tmp_path, formats, base_url=None)
    links = [entry.link for entry in parsed.entries]
    assert links == [
        "2011-11-23-china-2011-day-3.html",
        "2011-11-22-china-2011-day-2.html",
        "2011-11-21-china-2011-day-1.html",
    ]
    assert all((tmp_path / link).is_file() for link in links)
    assert parsed.feed.link == "index.html"


def test_an_edited_day_moves_its_updated_and_keeps_its_id(diary: Store, tmp_path: Path) -> None:
    trip = build(diary)
    first = read_feed(diary, trip, tmp_path / "first")
    again = read_feed(diary, trip, tmp_path / "again")
    unchanged = {entry.id: entry.updated for entry in first.entries}
    assert {entry.id: entry.updated for entry in again.entries} == unchanged
    assert again.feed.updated == first.feed.updated

    diary.write_post(trip.id, 1, "Cranes on every skyline, and fog.")
    edited = read_feed(diary, trip, tmp_path / "edited")
    after = {entry.id: instant(entry.updated) for entry in edited.entries}
    before = {entry.id: instant(entry.updated) for entry in first.entries}
    assert list(after) == list(before)  # same ids, same order
    day1 = first.entries[-1].id
    assert after[day1] > before[day1]
    assert edited.entries[-1].published == first.entries[-1].published
    assert {i: t for i, t in after.items() if i != day1} == {
        i: t for i, t in before.items() if i != day1
    }
    assert instant(edited.feed.updated) == after[day1]


def test_an_entry_edited_out_of_sight_does_not_move_updated(diary: Store, tmp_path: Path) -> None:
    trip = build(diary)
    first = read_feed(diary, trip, tmp_path / "first")
    at = moment_from_text("2011-11-22 19:00", "Asia/Chongqing").moment
    diary.add_meeting(trip.id, "Side talk", at, visibility=Visibility.PRIVATE)
    later = read_feed(diary, trip, tmp_path / "later")
    assert [e.updated for e in later.entries] == [e.updated for e in first.entries]
    diary.add_meeting(trip.id, "Dinner", at, visibility=Visibility.MEMBERS)
    seen = read_feed(diary, trip, tmp_path / "seen")
    assert instant(seen.entries[1].updated) > instant(first.entries[1].updated)


def now_to_the_millisecond() -> datetime:
    """Later than every stamp the diary holds, as precise as the feed writes it."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _feed(store: Store, trip, out: Path, now: datetime):
    publish_site(store, trip, Audience.MEMBERS, out, ("md",), now=now, base_url=SITE)
    return feedparser.parse((out / "feed.xml").read_bytes())


def test_a_meeting_taken_out_of_sight_moves_its_day_so_readers_drop_it(
    diary: Store, tmp_path: Path
) -> None:
    trip = build(diary)
    at = moment_from_text("2011-11-22 19:00", "Asia/Chongqing").moment
    dinner = diary.add_meeting(trip.id, "Dinner with the consul", at, visibility=Visibility.MEMBERS)
    first = _feed(diary, trip, tmp_path, AFTER_THE_TRIP)
    assert "Dinner with the consul" in first.entries[1].content[0].value
    diary.update_meeting(dinner.id, visibility=Visibility.PRIVATE)  # the consul asked
    taken_back = now_to_the_millisecond()
    second = _feed(diary, trip, tmp_path, taken_back)
    assert "Dinner with the consul" not in second.entries[1].content[0].value
    assert instant(second.entries[1].updated) == taken_back  # readers show it again
    others = [(e.id, e.updated) for e in second.entries if e.id != second.entries[1].id]
    assert others == [(e.id, e.updated) for e in first.entries if e.id != first.entries[1].id]
    assert instant(second.feed.updated) == taken_back
    third = _feed(diary, trip, tmp_path, now_to_the_millisecond())  # nothing changed since
    assert [e.updated for e in third.entries] == [e.updated for e in second.entries]
    assert third.feed.updated == second.feed.updated


def test_a_day_leaving_the_feed_moves_the_feeds_updated(diary: Store, tmp_path: Path) -> None:
    trip = build(diary)
    first = _feed(diary, trip, tmp_path, AFTER_THE_TRIP)
    diary.write_post(trip.id, 3, visibility=Visibility.PRIVATE)
    gone = now_to_the_millisecond()
    second = _feed(diary, trip, tmp_path, gone)
    assert len(second.entries) == len(first.entries) - 1
    assert instant(second.feed.updated) == gone


def test_an_unreadable_old_feed_leaves_the_stamps_to_decide(diary: Store, tmp_path: Path) -> None:
    trip = build(diary)
    first = _feed(diary, trip, tmp_path / "first", AFTER_THE_TRIP)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "feed.xml").write_text("<feed><entry>half a file", encoding="utf-8")
    again = _feed(diary, trip, tmp_path / "site", now_to_the_millisecond())
    assert [e.updated for e in again.entries] == [e.updated for e in first.entries]
