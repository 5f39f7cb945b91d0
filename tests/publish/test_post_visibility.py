"""A day post's words reach exactly the audiences its visibility allows, in every output
(day files, index, feed, WordPress file, report); a day with nothing for an audience is no
post anywhere; and the visibility is set, undone and carried like any entry's."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli_helpers import as_json, assert_refused, dump, invoke, ok
from missiondiary.demo import DEMO_SLUG
from missiondiary.domain import Audience, Visibility, visible_to
from missiondiary.interchange.json_format import export_json, import_json
from missiondiary.publish.report import publish_report
from missiondiary.publish.site import publish_site
from missiondiary.store import Store, open_store
from store_helpers import at, china_mission

NOW = datetime(2012, 1, 15, 12, 0, tzinfo=UTC)
WORDS = "Quokka-words of the delegate"
TITLE = "Wombat-title of the day"
PLACE = "China / Chongqing"
PUBLIC_MEETING = "Signing at City Hall"
MEMBERS_ONLY_WORDS = "Kiwi-words for members only"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
AUDIENCES = (Audience.MEMBERS, Audience.PUBLIC)


def build(store: Store, visibility: Visibility):
    """Day 1: a public meeting and the delegate's words with the given visibility; Day 2:
    words for members and nothing else."""
    trip = china_mission(store, slug="china-2011", tags=["china"])
    store.add_meeting(
        trip.id,
        PUBLIC_MEETING,
        at("2011-11-21 10:00"),
        organisations=["Chongqing City Hall"],
        summary="The MOU was signed.",
        visibility=Visibility.PUBLIC,
    )
    store.write_post(trip.id, 1, WORDS, title=TITLE, place=PLACE, visibility=visibility)
    store.write_post(trip.id, 2, MEMBERS_ONLY_WORDS)
    return trip


def publish_everything(store: Store, trip, audience: Audience, out: Path) -> dict[str, str]:
    site = publish_site(store, trip, audience, out, ("md", "html", "wxr"), now=NOW)
    _, report_paths = publish_report(store, trip, audience, out, now=NOW)
    return {path.name: path.read_text(encoding="utf-8") for path in [*site.paths, *report_paths]}


@pytest.mark.parametrize("audience", AUDIENCES, ids=lambda a: a.value)
@pytest.mark.parametrize("visibility", list(Visibility), ids=lambda v: v.value)
def test_a_posts_words_and_title_reach_only_the_audiences_its_visibility_allows(
    tmp_path: Path, visibility: Visibility, audience: Audience
) -> None:
    with open_store(tmp_path / "diary.db") as store:
        trip = build(store, visibility)
        files = publish_everything(store, trip, audience, tmp_path / "out")
    shown = visible_to(visibility, audience)
    day_files = [f"2011-11-21-china-2011-day-1.{ext}" for ext in ("md", "html")]
    site_files = ["index.md", "index.html", "feed.xml", "china-2011-wordpress.xml"]
    reports = [name for name in files if "report" in name]
    assert set(day_files + site_files) <= set(files) and len(reports) == 2
    for name in day_files + site_files:
        assert (WORDS in files[name]) is shown, name
        assert (TITLE in files[name]) is shown, name
    for name in reports:  # a report tells the mission, never a day's own words
        assert WORDS not in files[name] and TITLE not in files[name]
    for name in day_files:  # the day's public meeting and its place are still there
        assert PUBLIC_MEETING in files[name] and PLACE in files[name]
    if not shown:
        assert "Chongqing and Chengdu – Day 1" in files[day_files[0]]


@pytest.mark.parametrize("audience", AUDIENCES, ids=lambda a: a.value)
def test_a_day_with_nothing_for_the_audience_is_no_post_anywhere(
    tmp_path: Path, audience: Audience
) -> None:
    with open_store(tmp_path / "diary.db") as store:
        trip = build(store, Visibility.MEMBERS)
        files = publish_everything(store, trip, audience, tmp_path / "out")
        published = store.post(trip.id, 2)
    is_post = audience is Audience.MEMBERS
    assert ("2011-11-22-china-2011-day-2.md" in files) is is_post
    assert ("2011-11-22-china-2011-day-2.html" in files) is is_post
    assert ("day-2" in files["index.md"]) is is_post
    assert ("day-2" in files["index.html"]) is is_post
    feed = ET.fromstring(files["feed.xml"])
    feed_days = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert any("day-2" in link for link in feed_days) is is_post
    wxr = ET.fromstring(files["china-2011-wordpress.xml"])
    items = [i.findtext("title") for i in wxr.iter("item")]
    assert any("Day 2" in title for title in items) is is_post
    assert published is not None and (published.status == "published") is is_post


def _without_heading(html_or_markdown: str) -> str:
    """What is left of a post's body once its place heading is taken out."""
    text = re.sub(r"<h2>[^<]*</h2>|^## .*$", "", html_or_markdown, flags=re.MULTILINE)
    return re.sub(r"<[^>]+>", "", text).strip()


def test_the_public_demo_has_no_post_that_holds_only_a_place_heading(
    demo_diary: Store, tmp_path: Path
) -> None:
    [demo] = demo_diary.missions()
    out = tmp_path / "public"
    site = publish_site(demo_diary, demo, Audience.PUBLIC, out, ("md", "html", "wxr"), now=NOW)
    day_files = [p for p in site.paths if "-day-" in p.name and p.suffix == ".md"]
    assert day_files, "the demo has public entries on some days"
    for path in day_files:
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        assert _without_heading(body), path.name
    feed = ET.parse(out / "feed.xml").getroot()
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == len(day_files)
    for entry in entries:
        assert _without_heading(entry.findtext(f"{ATOM}content") or "")
    wxr = ET.parse(out / f"{DEMO_SLUG}-wordpress.xml").getroot()
    items = list(wxr.iter("item"))
    assert len(items) == len(day_files)
    for item in items:
        assert _without_heading(item.findtext(f"{CONTENT}encoded") or "")


# the command line ---------------------------------------------------------------------------


@pytest.fixture
def demo_db(demo_db_path: Path) -> Path:
    return demo_db_path


def test_visibility_takes_a_post_id_like_any_entrys_and_undo_puts_it_back(
    demo_db: Path, tmp_path: Path
) -> None:
    post = as_json(demo_db, "day", "show", DEMO_SLUG, "1")["post"]
    assert post["visibility"] == "members"
    assert post["id"][:8] in ok(demo_db, "day", "show", DEMO_SLUG, "1").stdout
    result = ok(demo_db, "visibility", post["id"][:8], "PUBLIC")
    assert result.stdout == f"Day post {post['id'][:8]} is now public\n"
    assert as_json(demo_db, "day", "show", DEMO_SLUG, "1")["post"]["visibility"] == "public"
    out = tmp_path / "public"
    ok(demo_db, "publish", DEMO_SLUG, "--day", "1", "--audience", "public", "--out", str(out))
    [written] = out.iterdir()
    assert "Door to door" in written.read_text(encoding="utf-8")  # the demo's Day 1 words
    assert "'Day 1' changed" in ok(demo_db, "undo").stdout
    assert as_json(demo_db, "day", "show", DEMO_SLUG, "1")["post"]["visibility"] == "members"


@pytest.mark.parametrize(
    ("value", "status", "words"),
    [("everyone", 2, ["VISIBILITY", "everyone"]), ("", 2, ["VISIBILITY"])],
)
def test_a_bad_visibility_for_a_post_is_one_line_and_changes_nothing(
    demo_db: Path, value: str, status: int, words: list[str]
) -> None:
    post_id = as_json(demo_db, "day", "show", DEMO_SLUG, "1")["post"]["id"]
    before = dump(demo_db)
    assert_refused(invoke(demo_db, "visibility", post_id[:8], value), status, *words)
    assert dump(demo_db) == before


def test_an_unknown_id_names_day_posts_among_what_it_looked_for(demo_db: Path) -> None:
    before = dump(demo_db)
    line = assert_refused(invoke(demo_db, "visibility", "fffff", "public"), 1, "ID", "fffff")
    assert "day post" in line
    assert dump(demo_db) == before


def test_delete_still_refuses_a_day_post(demo_db: Path) -> None:
    post_id = as_json(demo_db, "day", "show", DEMO_SLUG, "1")["post"]["id"]
    before = dump(demo_db)
    assert_refused(invoke(demo_db, "delete", post_id[:8]), 1, "ID")
    assert dump(demo_db) == before


def test_post_write_sets_the_visibility_and_keeps_it_when_not_given(demo_db: Path) -> None:
    ok(demo_db, "post", "write", DEMO_SLUG, "3", "--visibility", "private")
    ok(demo_db, "post", "write", DEMO_SLUG, "3", "--text", "New words")
    post = as_json(demo_db, "day", "show", DEMO_SLUG, "3")["post"]
    assert (post["body"], post["visibility"]) == ("New words", "private")


def test_publishing_one_day_with_nothing_for_the_audience_says_so_and_writes_nothing(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    before = dump(demo_db)
    result = invoke(
        demo_db, "publish", DEMO_SLUG, "--day", "1", "--audience", "public", "--out", str(out)
    )
    assert result.exit_code == 0 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "Day 1" in line and "public" in line and "nothing was written" in line
    assert not out.exists()
    assert dump(demo_db) == before  # not marked published either


def test_a_day_made_private_after_publishing_takes_its_earlier_files_out(tmp_path: Path) -> None:
    db, out = tmp_path / "diary.db", tmp_path / "site"
    with open_store(db) as store:
        mission = china_mission(store)
        meeting = store.add_meeting(
            mission.id, PUBLIC_MEETING, at("2011-11-21 10:00"), visibility=Visibility.MEMBERS
        )
        store.add_meeting(mission.id, "Port visit", at("2011-11-22 10:00"))
        second = store.add_meeting(
            mission.id, "Port visit", at("2011-11-22 11:00"), visibility=Visibility.MEMBERS
        )
    ok(db, "publish", mission.slug, "--all", "--format", "md,html", "--out", str(out))
    day_1 = [path.name for kind in ("md", "html") for path in out.glob(f"2011-11-21-*.{kind}")]
    assert len(day_1) == 2 and len(list(out.glob("2011-11-22-*"))) == 2
    (out / "notes.md").write_text("the member site's own page")
    with open_store(db) as store:  # the partner asked: not for members after all
        store.update_meeting(meeting.id, visibility=Visibility.PRIVATE)
        store.update_meeting(second.id, visibility=Visibility.PRIVATE)
    result = ok(db, "publish", mission.slug, "--day", "1", "--out", str(out))
    assert "nothing was written" in result.stderr
    assert f"Its earlier files were taken out of {out}: {', '.join(day_1)}" in result.stderr
    assert not list(out.glob("2011-11-21-*"))
    ok(db, "publish", mission.slug, "--all", "--format", "md,html", "--out", str(out))
    assert not list(out.glob("2011-11-22-*"))  # --all takes out every day that is empty now
    assert (out / "notes.md").read_text() == "the member site's own page"
    assert PUBLIC_MEETING not in (out / "index.md").read_text()


# the exchange file ---------------------------------------------------------------------------


def test_the_exchange_file_carries_a_posts_visibility_and_older_files_import_as_members(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path / "a.db") as first:
        trip = build(first, Visibility.PUBLIC)
        document = export_json(first)
    by_day = {p["day"]: p for p in document["posts"]}
    assert (by_day[1]["visibility"], by_day[2]["visibility"]) == ("public", "members")
    with open_store(tmp_path / "b.db") as second:
        import_json(second, json.dumps(document))
        assert second.post(trip.id, 1).visibility is Visibility.PUBLIC
    older = copy.deepcopy(document)
    older["version"] = 2
    for post in older["posts"]:
        del post["visibility"]
    with open_store(tmp_path / "c.db") as third:
        import_json(third, json.dumps(older))
        assert third.post(trip.id, 1).visibility is Visibility.MEMBERS
    with open_store(tmp_path / "a.db") as first:  # an older file leaves this diary's choice
        report = import_json(first, json.dumps(older))
        assert (report.added, report.updated, report.kept) == (0, 0, 0)
        assert first.post(trip.id, 1).visibility is Visibility.PUBLIC


def test_a_bad_visibility_in_the_exchange_file_names_the_post_and_imports_nothing(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first, Visibility.PUBLIC)
        document = export_json(first)
    document["posts"][0]["visibility"] = "everyone"
    path = tmp_path / "b.db"
    with open_store(path):
        pass  # an empty diary
    before = dump(path)
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert_refused(invoke(path, "import", str(source)), 1, "posts[0]", "visibility")
    assert dump(path) == before
