"""A day's photos in the members' mail: inline parts the HTML names by Content-ID, stripped
800-pixel copies, the audience's photos only, one message however many retries."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from cli_helpers import as_json, ok
from missiondiary.domain import Visibility
from missiondiary.store import open_store
from photo_helpers import metadata_of
from send_photo_helpers import photo_diary


def _setup(db: Path, port: int) -> None:
    ok(
        db,
        *("send", "setup", "email", "members", "--smtp", f"127.0.0.1:{port}", "--plain"),
        *("--from", "Chamber <desk@chamber.example>", "--to", "ann@members.example"),
    )


def _images(message) -> list:
    return [part for part in message.walk() if part.get_content_maintype() == "image"]


@pytest.mark.parametrize(
    ("audience", "captions"),
    [
        ("members", ["Caption skyline", "Caption terminal"]),
        ("public", ["Caption skyline"]),
    ],
)
def test_photos_go_inline_stripped_and_only_those_the_audience_may_see(
    tmp_path: Path, smtp, audience: str, captions: list[str]
) -> None:
    db = tmp_path / "diary.db"
    photo_diary(db, tmp_path)
    _setup(db, smtp.port)
    ok(db, "send", "cq-2011", "--day", "3", "--to", "members", "--audience", audience)
    [got] = smtp.inbox.received
    message = got.message
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.iter_parts()
    assert related.get_content_type() == "multipart/related"
    assert related.get_param("type") == "text/html"
    html = message.get_body(("html",)).get_content()
    images = _images(message)
    assert len(images) == len(captions)
    for part in images:
        cid = part["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html  # the HTML shows it from the message itself
        data = part.get_content()
        found = metadata_of(data)
        assert found["exif"] == {} and found["gps"] == {} and found["info"] == {}
        assert max(found["size"]) <= 800
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "JPEG"
    assert "/images/" not in html  # no address of the delegate's own site folder
    text = plain.get_content()
    for caption in captions:
        assert f"[Photo: {caption}]" in text and caption in html
        assert text.count(caption) == 1  # the caption line under it is not repeated
    for secret in (b"margins", b"hotel-room", b"SECRET-MARGIN-42"):
        assert secret not in got.raw


def test_a_day_with_photos_is_one_message_however_many_retries(tmp_path: Path, smtp) -> None:
    db = tmp_path / "diary.db"
    photo_diary(db, tmp_path)
    _setup(db, smtp.port)
    ok(db, "send", "cq-2011", "--day", "3", "--to", "members")
    ok(db, "outbox", "retry")
    ok(db, "outbox", "retry")
    [got] = smtp.inbox.received
    assert len(_images(got.message)) == 2


def test_the_featured_photo_and_places_are_in_the_wordpress_html_only_as_uploaded() -> None:
    """The WordPress HTML: each photo at its media address with WordPress's class, the
    local 800-pixel srcset gone, a photo that could not be uploaded left out entirely."""
    from missiondiary.send.photos import wordpress_html

    body = (
        "## Chongqing\n\nWords.\n\n"
        "![A](/images/d-1-aaaa-1600.jpg)\n*A*\n\n"
        "![B](/images/d-1-bbbb-1600.jpg)\n*B*\n"
    )
    html = wordpress_html(
        body,
        {"/images/d-1-aaaa-1600.jpg": ("17", "http://127.0.0.1/wp-content/uploads/a.jpg")},
        frozenset({"/images/d-1-bbbb-1600.jpg"}),
    )
    assert 'src="http://127.0.0.1/wp-content/uploads/a.jpg"' in html
    assert 'class="wp-image-17"' in html and "<figcaption" in html
    assert "srcset" not in html and "/images/" not in html
    assert "bbbb" not in html and ">B<" not in html
    assert "<p>Words.</p>" in html


def test_a_photo_made_private_after_mailing_marks_the_day_changed(tmp_path: Path, smtp) -> None:
    db = tmp_path / "diary.db"
    ids = photo_diary(db, tmp_path)
    _setup(db, smtp.port)
    ok(db, "send", "cq-2011", "--day", "3", "--to", "members")
    assert as_json(db, "outbox")[0]["changed_since_sent"] is False
    with open_store(db) as store:
        store.update_photo(ids["terminal"], visibility=Visibility.PRIVATE)
    assert as_json(db, "outbox")[0]["changed_since_sent"] is True
