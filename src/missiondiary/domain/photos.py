"""Photos as entries: what one is, and the pure rules of which day it belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from missiondiary.domain.model import Mission, Moment, Visibility

PHOTO_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})
STORED_LONG_SIDE = 2560  # the copy kept in the diary
PUBLISHED_SIDES = (1600, 800)  # the copies written beside a post

_EXIF_TIME = re.compile(r"^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$")


class TimeSource:
    """Where a photo's time came from, as `photo list` says it."""

    EXIF = "camera, with its offset"
    CAMERA_CLOCK = "camera clock, read in the mission's zone"
    GIVEN = "--at"
    FILE = "file's modification time"


@dataclass(frozen=True)
class Photo:
    """A picture of a mission day. The image itself stays in the store (by `content_hash`);
    this is what the app, the command line and the publisher read."""

    id: str
    mission_id: str
    at: Moment
    file_name: str
    content_hash: str
    width: int
    height: int
    caption: str = ""
    meeting_id: str | None = None
    visibility: Visibility = Visibility.MEMBERS
    original_path: str = ""
    time_source: str = TimeSource.EXIF
    latitude: float | None = None  # the delegate's own record; never published
    longitude: float | None = None
    stored_bytes: int = 0
    created_at: str = ""
    updated_at: str = ""

    @property
    def local_date(self) -> date:
        return self.at.local_date

    @property
    def label(self) -> str:
        return self.caption or self.file_name

    @property
    def place(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"{self.latitude:.5f}, {self.longitude:.5f}"


def parse_exif_time(value: str | bytes | None) -> datetime | None:
    """EXIF 'YYYY:MM:DD HH:MM:SS' -> naive wall time; None for blanks and nonsense
    ('0000:00:00 00:00:00' is what some cameras write when they do not know)."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    match = _EXIF_TIME.match(value or "")
    if not match:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_exif_offset(value: str | bytes | None) -> timedelta | None:
    """EXIF OffsetTimeOriginal '+08:00' -> the offset; None when absent or malformed."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    match = _OFFSET.match(value or "")
    if not match:
        return None
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    if offset > timedelta(hours=14):
        return None
    return -offset if sign == "-" else offset


def mission_window(mission: Mission, first_entry: date | None, last_entry: date | None):
    """The days a photo may belong to without `--at`: the mission's days, a travel day
    either side, and any earlier or later day that already holds an entry."""
    low = mission.start_date - timedelta(days=1)
    high = mission.end_date + timedelta(days=1)
    if first_entry is not None:
        low = min(low, first_entry)
    if last_entry is not None:
        high = max(high, last_entry)
    return low, high


def outside_window(day: date, window: tuple[date, date]) -> bool:
    return not window[0] <= day <= window[1]
