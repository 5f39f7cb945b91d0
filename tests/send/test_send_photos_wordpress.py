"""A day's photos on a real WordPress (tests/helpers/wordpress_local.py): uploaded once each
as media, the post showing them from there, the first the featured image, private photos
never uploaded. Slow to set up: the site is shared with test_wordpress_site.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from cli_helpers import as_json, ok
from missiondiary.domain import Visibility
from missiondiary.store import open_store
from photo_helpers import make_jpeg, metadata_of
from send_photo_helpers import photo_diary

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wordpress")]


def _admin(site, route: str, **params: Any) -> Any:
    answer = httpx.get(
        f"{site.url}/wp-json/wp/v2/{route}",
        params={"context": "edit", **params},
        auth=("admin", site.passwords["admin"]),
        timeout=20,
    )
    answer.raise_for_status()
    return answer.json()


def _media_of(site, slug: str) -> list[dict[str, Any]]:
    """Every upload of this mission (their slugs start with the post's)."""
    return [m for m in _admin(site, "media", per_page=100) if m["slug"].startswith(slug)]


def _send(db: Path, site, user: str, slug: str) -> dict[str, Any]:
    password = site.passwords[user]
    ok(db, "send", "setup", "wordpress", "wp", "--url", site.url, "--user", user, input=password)
    ok(db, "send", slug, "--day", "3", "--to", "wp", "--status", "draft")
    [row] = as_json(db, "outbox")
    return row


def test_photos_are_uploaded_once_and_the_first_is_featured(tmp_path: Path, wordpress_site) -> None:
    db = tmp_path / "diary.db"
    ids = photo_diary(db, tmp_path, slug="wp-photos")
    row = _send(db, wordpress_site, "author", "wp-photos")
    assert row["status"] == "sent"
    media = _media_of(wordpress_site, "wp-photos-day-3")
    by_slug = {m["slug"]: m for m in media}
    skyline, terminal = (f"wp-photos-day-3-{ids[name][:8]}" for name in ("skyline", "terminal"))
    assert set(by_slug) == {skyline, terminal}  # never the private ones
    post = _admin(wordpress_site, f"posts/{row['remote_id']}")
    assert post["featured_media"] == by_slug[skyline]["id"]
    content = post["content"]["raw"]
    for upload in media:
        assert upload["source_url"] in content and f"wp-image-{upload['id']}" in content
        assert upload["alt_text"].startswith("Caption ")
        picture = httpx.get(upload["source_url"], timeout=20).content
        found = metadata_of(picture)
        assert found["exif"] == {} and found["gps"] == {}
    assert "/images/" not in content and "SECRET-MARGIN-42" not in content

    with open_store(db) as store:  # edit the day, then send again: no second upload
        store.update_photo(ids["terminal"], caption="Caption terminal, edited")
    ok(db, "send", "wp-photos", "--day", "3", "--to", "wp")
    ok(db, "outbox", "retry")
    again = _media_of(wordpress_site, "wp-photos-day-3")
    assert sorted(m["id"] for m in again) == sorted(m["id"] for m in media)
    assert (
        "Caption terminal, edited"
        in _admin(wordpress_site, f"posts/{row['remote_id']}")["content"]["raw"]
    )


def test_a_photo_made_private_leaves_the_post_and_its_featured_place(
    tmp_path: Path, wordpress_site
) -> None:
    db = tmp_path / "diary.db"
    ids = photo_diary(db, tmp_path, slug="wp-private")
    row = _send(db, wordpress_site, "author", "wp-private")
    media = _media_of(wordpress_site, "wp-private-day-3")
    with open_store(db) as store:
        store.update_photo(ids["skyline"], visibility=Visibility.PRIVATE)
    ok(db, "send", "wp-private", "--day", "3", "--to", "wp")
    post = _admin(wordpress_site, f"posts/{row['remote_id']}")
    [terminal] = [
        m for m in _media_of(wordpress_site, "wp-private-day-3") if ids["terminal"][:8] in m["slug"]
    ]
    assert post["featured_media"] == terminal["id"]
    assert ids["skyline"][:8] not in post["content"]["raw"]
    [row] = as_json(db, "outbox")
    assert "took 1 photo no longer in the post off the site" in row["reason"]
    [gone] = [m for m in media if ids["skyline"][:8] in m["slug"]]
    assert _media_of(wordpress_site, "wp-private-day-3") == [terminal]  # off the media list
    assert httpx.get(gone["source_url"], timeout=20).status_code == 404  # and its file gone


def test_a_deleted_photo_comes_off_the_site_and_undoing_puts_it_back(
    tmp_path: Path, wordpress_site
) -> None:
    db = tmp_path / "diary.db"
    ids = photo_diary(db, tmp_path, slug="wp-deleted")
    _send(db, wordpress_site, "author", "wp-deleted")
    with open_store(db) as store:
        store.delete_entry("photo", ids["terminal"])
    ok(db, "send", "wp-deleted", "--day", "3", "--to", "wp")
    [skyline] = _media_of(wordpress_site, "wp-deleted-day-3")
    assert ids["skyline"][:8] in skyline["slug"]
    ok(db, "undo")
    ok(db, "send", "wp-deleted", "--day", "3", "--to", "wp")
    back = {m["slug"] for m in _media_of(wordpress_site, "wp-deleted-day-3")}
    assert back == {skyline["slug"], f"wp-deleted-day-3-{ids['terminal'][:8]}"}


def test_only_who_may_delete_an_upload_takes_it_off(tmp_path: Path, wordpress_site) -> None:
    from missiondiary.send.wordpress import WordPress

    url, passwords = wordpress_site.url, wordpress_site.passwords
    jpeg = make_jpeg(tmp_path / "p.jpg").read_bytes()
    with WordPress(url, "admin", passwords["admin"], name="wp") as admin:
        media_id, _ = admin.upload_media("p.jpg", jpeg, slug="not-the-authors", caption="")
        with WordPress(url, "author", passwords["author"], name="wp") as author:
            assert author.delete_media(media_id) is False  # another user's upload
        assert [m["id"] for m in _admin(wordpress_site, "media", slug="not-the-authors")]
        assert admin.delete_media(media_id) is True
        assert _admin(wordpress_site, "media", slug="not-the-authors") == []
        assert admin.delete_media(media_id) is True  # already gone is gone


def test_a_contributor_sends_the_post_without_photos_and_is_told(
    tmp_path: Path, wordpress_site
) -> None:
    db = tmp_path / "diary.db"
    photo_diary(db, tmp_path, slug="wp-contrib")
    row = _send(db, wordpress_site, "contributor", "wp-contrib")
    assert row["status"] == "sent" and "left out 2 photos" in row["reason"]
    post = _admin(wordpress_site, f"posts/{row['remote_id']}")
    assert "<img" not in post["content"]["raw"] and "Fog on the Yangtze" in post["content"]["raw"]
    assert post["featured_media"] == 0
    assert _media_of(wordpress_site, "wp-contrib-day-3") == []


def test_an_upload_whose_answer_was_lost_is_found_and_one_deleted_is_uploaded_again(
    tmp_path: Path, wordpress_site
) -> None:
    db = tmp_path / "diary.db"
    ids = photo_diary(db, tmp_path, slug="wp-lost")
    row = _send(db, wordpress_site, "author", "wp-lost")
    media = {m["slug"]: m for m in _media_of(wordpress_site, "wp-lost-day-3")}
    skyline, terminal = (media[f"wp-lost-day-3-{ids[n][:8]}"] for n in ("skyline", "terminal"))
    with open_store(db) as store:  # as if the send was cut off before the id was kept
        destination = store.destination("wp")
        store.forget_media(destination.id, store.photo(ids["skyline"]).content_hash)
    gone = httpx.delete(
        f"{wordpress_site.url}/wp-json/wp/v2/media/{terminal['id']}",
        params={"force": "true"},
        auth=("admin", wordpress_site.passwords["admin"]),
        timeout=20,
    )
    gone.raise_for_status()  # an editor deleted it on the site
    ok(db, "send", "wp-lost", "--day", "3", "--to", "wp")
    after = {m["slug"]: m for m in _media_of(wordpress_site, "wp-lost-day-3")}
    assert len(after) == 2
    assert after[skyline["slug"]]["id"] == skyline["id"]  # found by its slug, not uploaded
    [new_terminal] = [m for m in after.values() if m["id"] != skyline["id"]]
    assert new_terminal["id"] != terminal["id"]  # uploaded again
    content = _admin(wordpress_site, f"posts/{row['remote_id']}")["content"]["raw"]
    assert f"wp-image-{new_terminal['id']}" in content
    assert f"wp-image-{terminal['id']}" not in content
