"""Publishing a day: the golden post, audiences, front matter, escaping, file safety."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from missiondiary.domain import Attendee, Audience, Outcome, Visibility, parse_amount
from missiondiary.errors import InvalidInput
from missiondiary.publish import parse_formats, publish_day, publish_mission, render_day
from missiondiary.store import Store
from missiondiary.timeline import moment_from_text
from site_builders import NEEDS_HUGO, NEEDS_JEKYLL, hugo_build, jekyll_build

GOLDEN = Path(__file__).parent / "golden"
AFTER_THE_TRIP = datetime(2012, 1, 15, 12, 0, tzinfo=UTC)


def at(text: str, tz: str = "Asia/Chongqing"):
    return moment_from_text(text, tz).moment


def build_sample(store: Store):
    """A small mission with one entry of each visibility on Day 1."""
    mission = store.create_mission(
        "London Chamber mission to China",
        date(2011, 11, 21),
        date(2011, 11, 30),
        "Asia/Chongqing",
        "America/Toronto",
        organisation="London Chamber of Commerce",
        author="Joaquim Balles",
        tags=["china", "chamber"],
    )
    store.add_itinerary_item(
        mission.id,
        "Overnight to Beijing",
        at("2011-11-20 00:40", "America/Toronto"),
        at("2011-11-21 03:05", "Asia/Shanghai"),
        kind="flight",
        location="Toronto Pearson",
    )
    store.add_itinerary_item(
        mission.id, "Check in", at("2011-11-21 11:00"), kind="hotel", location="Jiefangbei"
    )
    store.add_itinerary_item(
        mission.id,
        "Massage appointment",
        at("2011-11-21 22:00"),
        kind="other",
        visibility=Visibility.PRIVATE,
    )
    store.add_meeting(
        mission.id,
        "Hospital partnership talks",
        at("2011-11-21 14:00"),
        organisations=["Jinshan Group"],
        attendees=[Attendee("Zhou Min", "Vice-chair", "Jinshan Group"), Attendee("Dr Chen Li")],
        notes="Working notes: they asked us to keep the Vancouver approach quiet.",
        summary="We discussed next steps for the hospital relationships.",
        outcomes=[
            Outcome("Sign an MOU at City Hall"),
            Outcome("Trial order of imaging kits", parse_amount("180000"), "CAD"),
        ],
        visibility=Visibility.PUBLIC,
    )
    store.add_meeting(
        mission.id,
        "Dinner with the Private Enterprise Association",
        at("2011-11-21 19:00"),
        organisations=["Private Enterprise Association"],
        summary="Agreed to set up an Asian Business Opportunities Committee.",
        visibility=Visibility.MEMBERS,
    )
    store.add_meeting(
        mission.id,
        "Side conversation about a rival bid",
        at("2011-11-21 21:00"),
        summary="Rival bid figures",
        visibility=Visibility.PRIVATE,
    )
    store.add_followup(
        mission.id,
        "Send the MOU text to the board",
        date(2011, 11, 21),
        owner="Joaquim Balles",
        due=date(2011, 11, 22),
        visibility=Visibility.MEMBERS,
    )
    store.add_followup(
        mission.id, "Check the rival's pricing", date(2011, 11, 21), visibility=Visibility.PRIVATE
    )
    store.write_post(
        mission.id,
        1,
        "Door to door, the trip took more than a day. Chongqing is **building everywhere**.",
        place="China / Chongqing",
    )
    return mission


def test_golden_members_post(diary: Store) -> None:
    mission = build_sample(diary)
    post = render_day(
        diary.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS, now=AFTER_THE_TRIP
    )
    expected = (GOLDEN / "day1-members.md").read_text(encoding="utf-8")
    assert post.markdown == expected


def test_members_see_members_and_public_but_nothing_private(diary: Store) -> None:
    mission = build_sample(diary)
    post = render_day(diary.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS)
    for text in ("Hospital partnership talks", "Private Enterprise Association", "Check in"):
        assert text in post.markdown
    for secret in ("Massage", "rival", "Vancouver", "Working notes"):
        assert secret not in post.markdown
        assert secret not in post.html
    assert post.withheld == 3


def test_public_sees_only_public_entries(diary: Store) -> None:
    mission = build_sample(diary)
    post = render_day(diary.day(mission.id, date(2011, 11, 21)), Audience.PUBLIC)
    assert "Hospital partnership talks" in post.markdown
    assert "Private Enterprise Association" not in post.markdown
    assert "Check in" not in post.markdown  # itinerary items default to members
    assert "Send the MOU" not in post.markdown
    assert post.withheld == 6


def test_the_post_never_says_something_was_withheld(diary: Store) -> None:
    mission = build_sample(diary)
    post = render_day(diary.day(mission.id, date(2011, 11, 21)), Audience.PUBLIC)
    assert "withheld" not in post.markdown.lower()
    assert "private" not in post.markdown.lower()


def test_front_matter_parses_back_with_the_local_offset(diary: Store) -> None:
    mission = build_sample(diary)
    post = render_day(
        diary.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS, now=AFTER_THE_TRIP
    )
    fields = yaml.safe_load(post.markdown.split("---\n")[1])
    assert fields["title"] == "London Chamber mission to China – Day 1"
    assert fields["date"].isoformat() == "2011-11-21T21:00:00+08:00"
    assert fields["day"] == 1
    assert fields["tags"] == ["china", "chamber", "chongqing"]
    assert fields["slug"] == "london-chamber-mission-to-china-2011-day-1"


def test_a_post_sent_during_the_day_is_not_dated_in_the_future(diary: Store) -> None:
    mission = build_sample(diary)
    afternoon = datetime(2011, 11, 21, 9, 30, tzinfo=UTC)  # 17:30 in Chongqing
    post = render_day(diary.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS, now=afternoon)
    assert post.front_matter["date"] == "2011-11-21T17:30:00+08:00"


@pytest.mark.parametrize(
    "title",
    [
        'He said "MOU": signed',
        "title: with colon\nand: newline",
        "- [ ] # & * ! | > ' % @ `",
        "\u202eRTL override \u0000 nul \x85 nel \u2028 sep 🎉",
        "---",
    ],
)
def test_front_matter_stays_valid_yaml_whatever_the_title(diary: Store, title: str) -> None:
    mission = build_sample(diary)
    diary.write_post(mission.id, 1, "words", title=title)
    post = render_day(diary.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS)
    fields = yaml.safe_load(post.markdown.split("\n---\n")[0].removeprefix("---\n"))
    assert fields["title"] == " ".join(title.split())


def test_travel_across_zones_shows_both_local_times(diary: Store) -> None:
    mission = build_sample(diary)
    post = render_day(diary.day(mission.id, date(2011, 11, 20)), Audience.MEMBERS)
    assert "| 00:40 EST → 03:05 21 Nov CST | Flight | Overnight to Beijing · Toronto Pearson |" in (
        post.markdown
    )
    assert post.front_matter["day"] == 0


def test_html_escapes_markup_and_drops_script_links(diary: Store) -> None:
    mission = build_sample(diary)
    diary.write_post(
        mission.id,
        1,
        "<script>alert(1)</script> [click](javascript:alert(2)) ![x](data:image/png;base64,AAA)"
        " <img src=x onerror=alert(3)> [ok](https://example.org)",
    )
    post = render_day(diary.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS)
    assert "<script>" not in post.html
    assert "<img src=x" not in post.html
    assert 'href="javascript:' not in post.html.lower()
    assert "data:image" not in post.html
    assert '<a href="https://example.org">ok</a>' in post.html
    assert "](javascript:" not in post.markdown
    assert re.search(r"(?<!\\)<script>", post.markdown) is None  # only as escaped text


def test_publish_day_writes_markdown_and_html_atomically(diary: Store, tmp_path: Path) -> None:
    mission = build_sample(diary)
    out = tmp_path / "posts"
    result = publish_day(diary, mission, date(2011, 11, 21), Audience.MEMBERS, out, ("md", "html"))
    names = sorted(p.name for p in result.paths)
    stem = "2011-11-21-london-chamber-mission-to-china-2011-day-1"
    assert names == [f"{stem}.html", f"{stem}.md"]
    assert sorted(p.name for p in out.iterdir()) == names  # no temp files left behind
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in result.paths)  # a web server reads
    assert result.withheld == 3
    assert diary.post(mission.id, 1).status == "published"
    again = publish_day(diary, mission, date(2011, 11, 21), Audience.MEMBERS, out, ("md",))
    assert again.paths[0].read_text(encoding="utf-8").startswith("---\n")


def test_a_hostile_slug_writes_only_inside_out(diary: Store, tmp_path: Path) -> None:
    mission = diary.create_mission(
        "../../etc/x", date(2011, 11, 21), date(2011, 11, 22), "UTC", slug="../../etc/x"
    )
    diary.add_itinerary_item(mission.id, "Arrive", at("2011-11-21 10:00", "UTC"))
    out = tmp_path / "site" / "posts"
    result = publish_day(diary, mission, date(2011, 11, 21), Audience.MEMBERS, out, ("md", "html"))
    for path in result.paths:
        assert path.resolve().parent == out.resolve()
    assert not (tmp_path / "etc").exists()


def test_publish_mission_writes_each_day_with_content_and_reports_progress(
    diary: Store, tmp_path: Path
) -> None:
    mission = build_sample(diary)
    seen: list[tuple[int, int]] = []
    results = publish_mission(
        diary,
        mission,
        Audience.MEMBERS,
        tmp_path,
        ("md", "html"),
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert [r.day_number for r in results] == [0, 1]
    assert seen[-1] == (11, 11)  # Day 0 (travel) to Day 10
    assert len(list(tmp_path.glob("*.html"))) == 2


def test_formats_are_checked_by_name() -> None:
    assert parse_formats("md,html") == ("md", "html")
    with pytest.raises(InvalidInput, match="--format: 'pdf'"):
        parse_formats("md,pdf")


def test_unknown_theme_is_refused_before_writing(diary: Store, tmp_path: Path) -> None:
    mission = build_sample(diary)
    with pytest.raises(InvalidInput, match="--theme: unknown theme 'neon'"):
        publish_day(
            diary, mission, date(2011, 11, 21), Audience.MEMBERS, tmp_path / "o", theme="neon"
        )
    assert not (tmp_path / "o").exists()


def test_text_that_kramdown_or_liquid_would_interpret_stays_literal(diary: Store) -> None:
    mission = build_sample(diary)
    diary.write_post(mission.id, 1, "Price $$x$$ {::comment}hidden{:/comment} {{ site.title }}")
    diary.add_itinerary_item(
        mission.id, "Visit", at("2011-11-21 16:00"), location="1. Jiefang Road"
    )
    post = render_day(diary.day(mission.id, date(2011, 11, 21)), Audience.MEMBERS)
    assert post.front_matter["render_with_liquid"] is False
    assert "\\$\\$x\\$\\$" in post.markdown
    assert "\\{\\:comment}" not in post.markdown and "\\{\\::comment}" in post.markdown
    assert "Visit · 1\\. Jiefang Road" in post.markdown
    assert "{{ site.title }}" in post.html  # our own renderer shows it as typed


def assert_no_space_in_urls(built: Path) -> None:
    """No built page sits at an address with a space, and no page links to one."""
    paths = [path.relative_to(built).as_posix() for path in built.rglob("*")]
    assert paths and not [path for path in paths if " " in path]
    for page in built.rglob("*.html"):
        hrefs = re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))
        assert not [h for h in hrefs if " " in h or "%20" in h.lower()], page


@NEEDS_HUGO
def test_hugo_builds_the_posts_unchanged(diary: Store, tmp_path: Path) -> None:
    mission = build_sample(diary)
    site = tmp_path / "site"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text('title = "Chamber"\n', encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(
        '<h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</time>'
        '{{ range .Params.categories }}<p class="category">{{ . }}</p>{{ end }}'
        '{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">c</a>{{ end }}'
        "{{ .Content }}",
        encoding="utf-8",
    )
    (site / "layouts" / "_default" / "list.html").write_text(
        '{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}',
        encoding="utf-8",
    )
    (site / "layouts" / "index.html").write_text("home", encoding="utf-8")
    publish_mission(diary, mission, Audience.MEMBERS, site / "content" / "posts", ("md",))
    run = hugo_build(site)
    assert run.returncode == 0, run.stderr
    assert "WARN" not in run.stdout + run.stderr
    page = site / "public/2011/11/21/london-chamber-mission-to-china-2011-day-1/index.html"
    html_text = page.read_text(encoding="utf-8")
    assert "<h1>London Chamber mission to China – Day 1</h1>" in html_text
    assert "<time>2011-11-21T21:00:00&#43;08:00</time>" in html_text  # Hugo escapes the +
    assert '<p class="category">Trade missions</p>' in html_text  # shown as typed
    assert_no_space_in_urls(site / "public")
    assert (site / "public/categories/trade-missions/index.html").is_file()


@NEEDS_JEKYLL
def test_jekyll_builds_the_posts_unchanged(diary: Store, tmp_path: Path) -> None:
    mission = build_sample(diary)
    diary.write_post(mission.id, 1, "Unbalanced {% liquid and {{ braces")
    site = tmp_path / "site"
    (site / "_layouts").mkdir(parents=True)
    # Jekyll's own permalink style (`date`) starts with the categories: /trade missions/...
    (site / "_config.yml").write_text(
        "title: Chamber\ntimezone: Asia/Shanghai\n"
        "defaults:\n  - scope: {path: ''}\n    values: {layout: post}\n",
        encoding="utf-8",
    )
    (site / "_layouts" / "post.html").write_text(
        "<h1>{{ page.title }}</h1><time>{{ page.date | date_to_xmlschema }}</time>"
        '<p class="category">{{ page.categories | join: ", " }}</p>{{ content }}',
        encoding="utf-8",
    )
    publish_mission(diary, mission, Audience.MEMBERS, site / "_posts", ("md",))
    run = jekyll_build(site)
    assert run.returncode == 0, run.stderr
    assert "warn" not in (run.stdout + run.stderr).lower()
    page = site / "_site/2011/11/21/london-chamber-mission-to-china-2011-day-1/index.html"
    html_text = page.read_text(encoding="utf-8")
    assert "<h1>London Chamber mission to China – Day 1</h1>" in html_text
    assert "<time>2011-11-21T21:00:00+08:00</time>" in html_text
    assert "Unbalanced {% liquid and {{ braces" in html_text
    assert '<p class="category">Trade missions</p>' in html_text  # shown as typed
    assert_no_space_in_urls(site / "_site")
