"""Sending to a real WordPress (Debian's packages, PHP's server on 127.0.0.1; see
tests/helpers/wordpress_local.py). Slow to set up: one site for every test here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from cli_helpers import as_json, invoke, ok
from missiondiary.domain import Visibility
from missiondiary.store import open_store
from missiondiary.timeline import moment_from_text
from store_helpers import chamber_mission

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wordpress")]


def _diary(path: Path, slug: str) -> None:
    with open_store(path) as store:
        mission = chamber_mission(store, slug, categories=["Trade missions"], tags=["china"])
        at = moment_from_text("2011-11-23 10:00", "Asia/Chongqing").moment
        store.add_meeting(
            mission.id, "Jinshan port visit", at, summary="Terminal.", visibility=Visibility.MEMBERS
        )
        store.add_meeting(
            mission.id, "Pricing", at, summary="SECRET-MARGIN-42", visibility=Visibility.PRIVATE
        )
        store.write_post(mission.id, 3, "Fog, then sun.", title="Rock & <Roll> in Chongqing")


def _setup(db: Path, site, user: str, name: str = "chamber") -> None:
    password = site.passwords[user]
    ok(db, "send", "setup", "wordpress", name, "--url", site.url, "--user", user, input=password)


def _read(site, post_id: str) -> dict[str, Any]:
    """The post as the site's admin sees it."""
    answer = httpx.get(
        f"{site.url}/wp-json/wp/v2/posts/{post_id}",
        params={"context": "edit"},
        auth=("admin", site.passwords["admin"]),
        timeout=20,
    )
    answer.raise_for_status()
    return answer.json()


def _posts_with_slug(site, slug: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{site.url}/wp-json/wp/v2/posts",
        params={"slug": slug, "status": "draft,publish,pending", "context": "edit"},
        auth=("admin", site.passwords["admin"]),
        timeout=20,
    )
    answer.raise_for_status()
    return answer.json()


def _terms(site, taxonomy: str, ids: list[int]) -> list[str]:
    names = []
    for term_id in ids:
        answer = httpx.get(f"{site.url}/wp-json/wp/v2/{taxonomy}/{term_id}", timeout=20)
        names.append(answer.json()["name"])
    return names


def test_a_day_is_created_once_then_updated_in_place(tmp_path: Path, wordpress_site) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-create")
    _setup(db, wordpress_site, "author")
    ok(db, "send", "wp-create", "--day", "3", "--to", "chamber")
    [row] = as_json(db, "outbox")
    post = _read(wordpress_site, row["remote_id"])
    assert post["status"] == "draft"
    assert post["title"]["raw"] == "Rock &amp; &lt;Roll&gt; in Chongqing"  # shown as typed
    assert post["date_gmt"] == "2011-11-23T13:00:00"  # 21:00 in Chongqing
    assert "Jinshan port visit" in post["content"]["raw"]
    assert "SECRET-MARGIN-42" not in post["content"]["raw"]
    with open_store(db) as store:
        mission = store.find_mission("wp-create")
        store.write_post(mission.id, 3, "Fog, then sun, then a banquet.")
    assert as_json(db, "outbox")[0]["changed_since_sent"] is True
    ok(db, "send", "wp-create", "--day", "3", "--to", "chamber")
    [again] = as_json(db, "outbox")
    assert again["remote_id"] == row["remote_id"] and again["changed_since_sent"] is False
    assert "a banquet" in _read(wordpress_site, row["remote_id"])["content"]["raw"]
    assert len(_posts_with_slug(wordpress_site, "wp-create-day-3")) == 1


def test_a_day_taken_back_comes_off_the_site_and_goes_up_again_when_it_has_something(
    tmp_path: Path, wordpress_site
) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-back")
    _setup(db, wordpress_site, "author")
    ok(db, "send", "wp-back", "--day", "3", "--to", "chamber", "--status", "publish")
    [row] = as_json(db, "outbox")
    anyone = f"{wordpress_site.url}/wp-json/wp/v2/posts/{row['remote_id']}"
    assert httpx.get(anyone, timeout=20).status_code == 200  # members can read it
    with open_store(db) as store:  # the partner asked: nothing of that day for members
        mission = store.find_mission("wp-back")
        [port] = [
            m
            for m in store.day(mission.id, mission.date_of(3)).meetings
            if m.title == "Jinshan port visit"
        ]
        store.update_meeting(port.id, visibility=Visibility.PRIVATE)
        store.write_post(mission.id, 3, visibility=Visibility.PRIVATE)
    assert as_json(db, "outbox")[0]["changed_since_sent"] is True
    result = ok(db, "send", "wp-back", "--all", "--to", "chamber")
    assert f"post {row['remote_id']} taken down" in result.stdout
    assert httpx.get(anyone, timeout=20).status_code != 200  # no longer for anyone to read
    assert _read(wordpress_site, row["remote_id"])["status"] == "trash"  # an editor may undo
    [down] = as_json(db, "outbox")
    assert down["changed_since_sent"] is False and "site's trash" in down["reason"]
    again = ok(db, "send", "wp-back", "--all", "--to", "chamber")
    assert "nothing queued" in again.stderr and as_json(db, "outbox") == [down]

    with open_store(db) as store:  # members may read the day's words after all
        store.write_post(mission.id, 3, visibility=Visibility.MEMBERS)
    ok(db, "send", "wp-back", "--day", "3", "--to", "chamber")
    back = _read(wordpress_site, row["remote_id"])
    assert back["status"] == "publish" and "Fog, then sun." in back["content"]["raw"]
    assert "Jinshan port visit" not in back["content"]["raw"]  # still private
    assert len(_posts_with_slug(wordpress_site, "wp-back-day-3")) == 1


def test_categories_and_tags_are_found_or_created(tmp_path: Path, wordpress_site) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-terms")
    _setup(db, wordpress_site, "admin")
    ok(db, "send", "wp-terms", "--day", "3", "--to", "chamber")
    [row] = as_json(db, "outbox")
    post = _read(wordpress_site, row["remote_id"])
    assert _terms(wordpress_site, "categories", post["categories"]) == ["Trade missions"]
    assert sorted(_terms(wordpress_site, "tags", post["tags"])) == ["china", "chongqing"]
    # An author may not create categories but finds the admin's: no second one is made.
    db2 = tmp_path / "author.db"
    _diary(db2, "wp-terms-author")
    _setup(db2, wordpress_site, "author")
    ok(db2, "send", "wp-terms-author", "--day", "3", "--to", "chamber")
    other = _read(wordpress_site, as_json(db2, "outbox")[0]["remote_id"])
    assert other["categories"] == post["categories"]


def test_draft_then_publish(tmp_path: Path, wordpress_site) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-publish")
    _setup(db, wordpress_site, "author")
    ok(db, "send", "wp-publish", "--day", "3", "--to", "chamber")
    result = ok(db, "send", "wp-publish", "--day", "3", "--to", "chamber", "--status", "publish")
    assert "(publish)" in result.stdout
    [row] = as_json(db, "outbox")
    assert _read(wordpress_site, row["remote_id"])["status"] == "publish"
    page = httpx.get(row["link"], timeout=20)
    assert page.status_code == 200 and "Fog, then sun." in page.text
    ok(db, "send", "wp-publish", "--day", "3", "--to", "chamber")  # no --status: stays live
    assert _read(wordpress_site, row["remote_id"])["status"] == "publish"


def test_a_wrong_password_is_refused_in_words(tmp_path: Path, wordpress_site) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-401")
    url = wordpress_site.url
    refused = invoke(
        db, "send", "setup", "wordpress", "chamber", "--url", url, "--user", "author",
        input="not-the-password\n",
    )  # fmt: skip
    assert (
        refused.exit_code == 1
        and "(401)" in refused.stderr
        and "nothing was kept" in refused.stderr
    )
    _setup(db, wordpress_site, "author")
    with open_store(db) as store:  # the password was revoked on the site since
        store.keep_secret_in_diary(store.destination("chamber").id, "revoked-password")
    result = invoke(db, "send", "wp-401", "--day", "3", "--to", "chamber")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "refused the user name or application password (401)" in line
    [row] = as_json(db, "outbox")
    assert row["status"] == "failed" and "(401)" in row["reason"]


def test_a_contributor_may_not_publish(tmp_path: Path, wordpress_site) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-403")
    _setup(db, wordpress_site, "contributor")
    result = invoke(db, "send", "wp-403", "--day", "3", "--to", "chamber", "--status", "publish")
    assert result.exit_code == 1
    assert "contributor may not publish posts" in result.stderr and "(403)" in result.stderr
    [row] = as_json(db, "outbox")
    assert row["status"] == "failed" and row["remote_id"] is None
    ok(db, "send", "wp-403", "--day", "3", "--to", "chamber")  # a draft is theirs to write
    assert as_json(db, "outbox")[0]["status"] == "sent"


def test_server_gone_queues_then_one_post_on_retry(tmp_path: Path, wordpress_site) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-offline")
    _setup(db, wordpress_site, "author")
    wordpress_site.stop_server()
    try:
        queued = ok(db, "send", "wp-offline", "--day", "3", "--to", "chamber")
        assert "queued: no connection" in queued.stderr
        assert as_json(db, "outbox")[0]["status"] == "waiting"
    finally:
        wordpress_site.start()
    ok(db, "outbox", "retry")
    [row] = as_json(db, "outbox")
    assert row["status"] == "sent"
    # Killed after WordPress made the post, before the diary kept its id: found by slug.
    with open_store(db) as store:
        store.keep_remote(row["id"], remote_id=None, status="waiting")
    ok(db, "outbox", "retry")
    ok(db, "outbox", "retry")
    assert as_json(db, "outbox")[0]["remote_id"] == row["remote_id"]
    assert len(_posts_with_slug(wordpress_site, "wp-offline-day-3")) == 1


def test_a_site_without_pretty_links_is_reached_by_rest_route(
    tmp_path: Path, wordpress_site
) -> None:
    db = tmp_path / "diary.db"
    _diary(db, "wp-plain")
    url, process = wordpress_site.serve_without_pretty_links()
    try:
        assert httpx.get(f"{url}/wp-json/wp/v2/posts", timeout=20).status_code == 404
        password = wordpress_site.passwords["author"]
        ok(db, "send", "setup", "wordpress", "plain", "--url", url, "--user", "author",
           input=password)  # fmt: skip
        ok(db, "send", "wp-plain", "--day", "3", "--to", "plain")
    finally:
        process.terminate()
        process.wait(10)
    [row] = as_json(db, "outbox")
    assert row["status"] == "sent"
    assert _read(wordpress_site, row["remote_id"])["slug"] == "wp-plain-day-3"
