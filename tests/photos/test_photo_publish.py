"""A published day with photos: figures where they belong, image files with no metadata,
stable names, the audience's photos only, and Hugo and Jekyll sites that show them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser

from missiondiary.domain import Audience, Visibility
from missiondiary.interchange.photo_files import add_photo_files
from missiondiary.publish import publish_day, render_day
from missiondiary.publish.site import publish_site
from missiondiary.store import Store
from photo_helpers import OWNER, SERIAL, make_jpeg, metadata_of
from site_builders import NEEDS_HUGO, NEEDS_JEKYLL, hugo_build, jekyll_build
from store_helpers import at, china_mission

DAY1 = "2011-11-21"


def _day_with_photos(store: Store, tmp_path: Path):
    """Day 1: a public meeting with a public photo of it, a private meeting with a members
    photo of it, a members photo of the day, and a private photo."""
    mission = china_mission(store)
    public_meeting = store.add_meeting(
        mission.id, "Signing at City Hall", at(f"{DAY1} 10:00"), visibility=Visibility.PUBLIC
    )
    private_meeting = store.add_meeting(
        mission.id, "Dinner with the vice-mayor", at(f"{DAY1} 19:00")
    )
    photos = {}
    for name, hour, meeting, visibility, size in (
        ("signing", 10, public_meeting.id, Visibility.PUBLIC, (2000, 1500)),
        ("dinner", 19, private_meeting.id, Visibility.MEMBERS, (1200, 900)),
        ("skyline", 16, None, Visibility.MEMBERS, (1200, 1600)),
        ("hotel-room", 22, None, Visibility.PRIVATE, (800, 600)),
    ):
        path = make_jpeg(
            tmp_path / f"{name}.jpg", size=size, taken=f"2011:11:21 {hour}:30:00", offset="+08:00"
        )
        [photo] = add_photo_files(
            store,
            mission,
            [path],
            caption=f"Caption {name}",
            meeting_id=meeting,
            visibility=visibility,
            workers=1,
        ).added
        photos[name] = photo
    return mission, photos


def test_members_see_their_photos_under_the_meeting_or_after_the_words(
    diary: Store, tmp_path: Path
) -> None:
    mission, photos = _day_with_photos(diary, tmp_path)
    diary.write_post(mission.id, 1, "The city met us with cranes on every skyline.")
    post = render_day(diary.day(mission.id, photos["signing"].local_date), Audience.MEMBERS)
    body = post.body
    assert "Caption signing" in body and "Caption skyline" in body
    assert "Caption dinner" not in body  # its meeting is private
    assert "Caption hotel-room" not in body
    words, meeting = body.index("cranes"), body.index("#### Signing at City Hall")
    assert words < body.index("Caption skyline") < meeting < body.index("Caption signing")
    signing = f"{mission.slug}-day-1-{photos['signing'].id[:8]}"
    assert f"![Caption signing](/images/{signing}-1600.jpg)\n*Caption signing*" in body
    assert (
        post.front_matter["image"]
        == f"/images/{mission.slug}-day-1-{photos['signing'].id[:8]}-1600.jpg"
    )
    assert re.search(
        rf'<figure><img src="images/{signing}-1600.jpg" alt="Caption signing" '
        rf'srcset="images/{signing}-800.jpg 800w, images/{signing}-1600.jpg 1600w"[^>]*>'
        r"<figcaption>Caption signing</figcaption></figure>",
        post.html,
    )


def test_the_public_sees_only_public_photos_of_public_meetings(
    diary: Store, tmp_path: Path
) -> None:
    mission, photos = _day_with_photos(diary, tmp_path)
    post = render_day(diary.day(mission.id, photos["signing"].local_date), Audience.PUBLIC)
    assert "Caption signing" in post.body
    for name in ("dinner", "skyline", "hotel-room"):
        assert f"Caption {name}" not in post.body + post.html
        assert photos[name].id[:8] not in post.markdown + post.html


def test_published_images_are_stripped_sized_and_stably_named(diary: Store, tmp_path: Path) -> None:
    mission, photos = _day_with_photos(diary, tmp_path)
    out = tmp_path / "out"
    when = photos["signing"].local_date
    publish_day(diary, mission, when, Audience.MEMBERS, out, ("md", "html"))
    images = sorted((out / "images").iterdir())
    first = {path.name: path.read_bytes() for path in images}
    assert len(images) == 4  # signing and skyline, 1600 and 800 each
    for path in images:
        meta = metadata_of(path.read_bytes())
        assert meta["exif"] == {} and meta["gps"] == {} and meta["inner"] == {}
        assert SERIAL.encode() not in path.read_bytes() and OWNER.encode() not in path.read_bytes()
        assert "exif" not in meta["info"]
        side = int(path.stem.rsplit("-", 1)[1])
        assert max(meta["size"]) == side
    skyline_id = photos["skyline"].id[:8]  # random: "800" may be in it, so match the end
    skyline = next(p for p in images if p.name.endswith(f"-{skyline_id}-800.jpg"))
    assert metadata_of(skyline.read_bytes())["size"] == (600, 800)  # portrait stays portrait
    publish_day(diary, mission, when, Audience.MEMBERS, out, ("md", "html"))
    again = {path.name: path.read_bytes() for path in sorted((out / "images").iterdir())}
    assert again == first


def test_publishing_again_takes_out_the_pictures_the_day_no_longer_shows(
    diary: Store, tmp_path: Path
) -> None:
    mission, photos = _day_with_photos(diary, tmp_path)
    out = tmp_path / "out"
    when = photos["signing"].local_date
    publish_day(diary, mission, when, Audience.MEMBERS, out, ("md",))
    theirs = ["logo.jpg", f"{mission.slug}-day-10-0123abcd-800.jpg"]  # not this day's
    for name in theirs:
        (out / "images" / name).write_bytes(b"kept")
    skyline, signing = (photos[name].id[:8] for name in ("skyline", "signing"))
    assert any(skyline in path.name for path in (out / "images").iterdir())
    diary.update_photo(photos["skyline"].id, visibility=Visibility.PRIVATE)
    publish_day(diary, mission, when, Audience.MEMBERS, out, ("md",))
    left = sorted(path.name for path in (out / "images").iterdir())
    assert not any(skyline in name for name in left)  # made private: its files are gone
    assert sum(signing in name for name in left) == 2 and set(theirs) <= set(left)
    diary.delete_entry("photo", photos["signing"].id)
    publish_day(diary, mission, when, Audience.MEMBERS, out, ("md",))
    assert sorted(path.name for path in (out / "images").iterdir()) == sorted(theirs)


def test_the_feed_and_the_wordpress_file_carry_the_photos(diary: Store, tmp_path: Path) -> None:
    mission, photos = _day_with_photos(diary, tmp_path)
    out = tmp_path / "site"
    base = "https://members.example.org/posts"
    publish_site(diary, mission, Audience.MEMBERS, out, ("md", "html", "wxr"), base_url=base)
    name = f"{mission.slug}-day-1-{photos['signing'].id[:8]}-1600.jpg"
    feed = feedparser.parse((out / "feed.xml").read_text(encoding="utf-8"))
    assert f'src="{base}/images/{name}"' in feed.entries[0].content[0].value
    wxr = (out / f"{mission.slug}-wordpress.xml").read_text(encoding="utf-8")
    assert f"<wp:attachment_url><![CDATA[{base}/images/{name}]]></wp:attachment_url>" in wxr
    assert "<wp:post_type><![CDATA[attachment]]></wp:post_type>" in wxr
    assert "_thumbnail_id" in wxr
    assert "Caption hotel-room" not in wxr and "Caption dinner" not in wxr


def _all_sources_resolve(built: Path) -> int:
    count = 0
    for page in built.rglob("*.html"):
        for source in re.findall(r'<img[^>]*src="([^"]+)"', page.read_text(encoding="utf-8")):
            assert source.startswith("/images/"), source
            assert (built / source.lstrip("/")).is_file(), (page, source)
            count += 1
    return count


@NEEDS_HUGO
def test_a_hugo_site_shows_the_photos(diary: Store, tmp_path: Path) -> None:
    mission, photos = _day_with_photos(diary, tmp_path)
    site = tmp_path / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text('title = "Chamber"\n', encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(
        '<h1>{{ .Title }}</h1><img class="cover" src="{{ .Params.image }}">{{ .Content }}',
        encoding="utf-8",
    )
    (site / "layouts" / "_default" / "list.html").write_text("list", encoding="utf-8")
    (site / "layouts" / "index.html").write_text("home", encoding="utf-8")
    posts = site / "content" / "posts"
    publish_day(diary, mission, photos["signing"].local_date, Audience.MEMBERS, posts)
    (site / "static").mkdir()
    shutil.move(posts / "images", site / "static" / "images")  # as docs/photos.md says
    run = hugo_build(site)
    assert run.returncode == 0, run.stderr
    assert _all_sources_resolve(site / "public") == 3  # the cover and two figures


@NEEDS_JEKYLL
def test_a_jekyll_site_shows_the_photos(diary: Store, tmp_path: Path) -> None:
    mission, photos = _day_with_photos(diary, tmp_path)
    site = tmp_path / "jekyll"
    (site / "_layouts").mkdir(parents=True)
    (site / "_config.yml").write_text(
        "title: Chamber\ndefaults:\n  - scope: {path: ''}\n    values: {layout: post}\n",
        encoding="utf-8",
    )
    (site / "_layouts" / "post.html").write_text(
        '<h1>{{ page.title }}</h1><img class="cover" src="{{ page.image }}">{{ content }}',
        encoding="utf-8",
    )
    posts = site / "_posts"
    publish_day(diary, mission, photos["signing"].local_date, Audience.MEMBERS, posts)
    shutil.move(posts / "images", site / "images")  # as docs/photos.md says
    run = jekyll_build(site)
    assert run.returncode == 0, run.stderr
    assert _all_sources_resolve(site / "_site") == 3
