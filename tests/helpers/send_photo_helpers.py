"""A mission day with photos of every kind, for the sending tests (pictures made by Pillow
with the tags a phone writes: time, GPS, serial number, owner)."""

from __future__ import annotations

from pathlib import Path

from missiondiary.domain import Visibility
from missiondiary.interchange.photo_files import add_photo_files
from missiondiary.store import open_store
from missiondiary.timeline import moment_from_text
from photo_helpers import make_jpeg
from store_helpers import chamber_mission

DAY3 = "2011:11:23"

# name: (hour, meeting, visibility, size). Day 3 of the mission, in time order.
PHOTOS = {
    "skyline": (9, None, Visibility.PUBLIC, (1200, 900)),
    "terminal": (10, "port", Visibility.MEMBERS, (900, 1200)),
    "margins": (15, "pricing", Visibility.MEMBERS, (600, 400)),
    "hotel-room": (22, None, Visibility.PRIVATE, (600, 400)),
}


def photo_diary(path: Path, folder: Path, slug: str = "cq-2011") -> dict[str, str]:
    """Day 3: a members' meeting (the port) and a private one (pricing), public words, and
    four photos: public, of the members' meeting, of the private meeting, private.
    Returns each photo's id by name."""
    with open_store(path) as store:
        mission = chamber_mission(store, slug, categories=["Trade missions"])
        meetings = {
            "port": store.add_meeting(
                mission.id,
                "Jinshan port visit",
                moment_from_text("2011-11-23 10:00", "Asia/Chongqing").moment,
                summary="Toured the new container terminal.",
                visibility=Visibility.MEMBERS,
            ).id,
            "pricing": store.add_meeting(
                mission.id,
                "Confidential pricing talk",
                moment_from_text("2011-11-23 15:00", "Asia/Chongqing").moment,
                summary="SECRET-MARGIN-42",
                visibility=Visibility.PRIVATE,
            ).id,
        }
        store.write_post(mission.id, 3, "Fog on the Yangtze, then sun.", visibility="public")
        ids = {}
        for name, (hour, meeting, visibility, size) in PHOTOS.items():
            picture = make_jpeg(
                folder / f"{name}.jpg", size=size, taken=f"{DAY3} {hour:02d}:30:00", offset="+08:00"
            )
            [photo] = add_photo_files(
                store,
                mission,
                [picture],
                caption=f"Caption {name}",
                meeting_id=meetings[meeting] if meeting else None,
                visibility=visibility,
                workers=1,
            ).added
            ids[name] = photo.id
    return ids
