"""Photos travel in the JSON exchange file (base64) and come back once, however often."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import SLUG, as_json, new_mission, ok
from photo_helpers import make_jpeg


def test_export_and_import_carry_photos_and_importing_twice_adds_nothing(
    tmp_path: Path,
) -> None:
    first = tmp_path / "first.db"
    new_mission(first)
    ok(first, "photo", "add", SLUG, str(make_jpeg(tmp_path / "a.jpg", offset="+08:00")))
    [photo] = as_json(first, "photo", "list", SLUG)
    ok(first, "photo", "edit", photo["id"][:8], "--caption", "At the signing")
    exported = tmp_path / "out.json"
    ok(first, "export", "--out", str(exported))
    document = json.loads(exported.read_text())
    assert document["photos"][0]["image"]["jpeg_base64"]

    second = tmp_path / "second.db"
    assert "added" in ok(second, "import", str(exported)).stdout
    [copied] = as_json(second, "photo", "list", SLUG)
    assert copied["caption"] == "At the signing"
    assert copied["content_hash"] == photo["content_hash"]
    again = ok(second, "import", str(exported)).stdout
    assert "added 0" in again
    assert len(as_json(second, "photo", "list", SLUG)) == 1
    out = tmp_path / "copy.jpg"
    ok(second, "photo", "export", copied["id"][:8], "--out", str(out))
    assert out.read_bytes()[:2] == b"\xff\xd8"
