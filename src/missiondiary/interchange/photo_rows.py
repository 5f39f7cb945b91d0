"""Photos in the JSON exchange file: each photo's entry with its stored copy as base64.

Base64 inside the one file rather than a side folder: the file stays one thing to carry
(a side folder gets left behind), and the stored copies are small (a few hundred KB each).
The picture is keyed by the hash of the original file, so importing the same file twice
adds nothing, and two diaries that added the same photo keep one picture."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from missiondiary.interchange.rows import VISIBILITIES, _Entry

_JPEG_START = b"\xff\xd8"


def photo_out(row: dict, jpeg: bytes) -> dict:
    return {
        "id": row["id"],
        "mission_id": row["mission_id"],
        "meeting_id": row["meeting_id"],
        "caption": row["caption"],
        "taken": {"local": row["at_local"], "tz": row["at_tz"], "utc": row["at_utc"]},
        "time_source": row["time_source"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "visibility": row["visibility"],
        "file_name": row["file_name"],
        "original_path": row["original_path"],
        "content_hash": row["content_hash"],
        "image": {
            "width": row["width"],
            "height": row["height"],
            "jpeg_base64": base64.b64encode(jpeg).decode("ascii"),
        },
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _number(entry: _Entry, key: str) -> float | None:
    value = entry.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise entry._fail(key, "expected a number")
    return float(value)


def photo_in(entry: _Entry) -> tuple[dict, dict[str, Any]]:
    """(the photo's row, its picture) from one entry of the file, checked."""
    taken = entry.moment("taken", "at", required=True)
    image = _Entry(entry.data.get("image"), f"{entry.where}.image")
    if not isinstance(image.data, dict):
        raise entry._fail("image", "missing (the photo's picture)")
    try:
        jpeg = base64.b64decode(image.text("jpeg_base64", required=True), validate=True)
    except (binascii.Error, ValueError):
        raise image._fail("jpeg_base64", "not base64") from None
    if not jpeg.startswith(_JPEG_START):
        raise image._fail("jpeg_base64", "not a JPEG")
    content_hash = entry.text("content_hash", required=True)
    row = {
        "id": entry.id(),
        "mission_id": entry.id("mission_id"),
        "meeting_id": entry.id("meeting_id", required=False),
        "caption": entry.text("caption"),
        **taken,
        "local_date": str(taken["at_local"])[:10],
        "time_source": entry.text("time_source"),
        "latitude": _number(entry, "latitude"),
        "longitude": _number(entry, "longitude"),
        "visibility": entry.choice("visibility", VISIBILITIES),
        "file_name": entry.text("file_name", required=True),
        "original_path": entry.text("original_path"),
        "content_hash": content_hash,
        **entry.times(),
    }
    picture = {
        "hash": content_hash,
        "jpeg": jpeg,
        "width": image.integer("width"),
        "height": image.integer("height"),
    }
    return row, picture
