"""A published day's photos: where each goes in the post, what its files are called, and
the files themselves (written beside the posts in `images/`, with no metadata at all).

Names are stable (`<mission>-day-<N>-<photo id>-<width>.jpg`), so publishing again
overwrites the same files; the same photo always makes the same bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from missiondiary.domain import Audience, Day, Meeting, Photo, visible_to
from missiondiary.domain.photos import PUBLISHED_SIDES
from missiondiary.publish import files, safety

IMAGES_FOLDER = "images"
SITE_BASE = f"/{IMAGES_FOLDER}/"  # Hugo's static/images, Jekyll's images/ at the site root
PAGE_BASE = f"{IMAGES_FOLDER}/"  # the HTML page and the feed, beside the images folder
LARGE, SMALL = PUBLISHED_SIDES


@dataclass(frozen=True)
class PostImage:
    photo: Photo
    stem: str  # the name without its width and extension

    def name(self, side: int = LARGE) -> str:
        return f"{self.stem}-{side}.jpg"

    @property
    def caption(self) -> str:
        return self.photo.caption


def visible_photos(day: Day, meetings: tuple[Meeting, ...], audience: Audience) -> tuple:
    """The photos this audience may see: the photo's own visibility allows it, and a photo
    of a meeting only with that meeting (a private meeting's photos stay private; so do
    those of a meeting on another day, which this post does not show)."""
    shown_meetings = {meeting.id for meeting in meetings}
    return tuple(
        photo
        for photo in day.photos
        if visible_to(photo.visibility, audience)
        and (photo.meeting_id is None or photo.meeting_id in shown_meetings)
    )


def post_images(stem: str, photos: tuple[Photo, ...]) -> tuple[PostImage, ...]:
    return tuple(PostImage(photo, f"{stem}-{photo.id[:8]}") for photo in photos)


def figure(image: PostImage, base: str) -> list[str]:
    """`![caption](…-1600.jpg)` and the caption on the line below (in italics), as Hugo and
    Jekyll show it; our own HTML turns the pair into a <figure> (see html.figures)."""
    caption = safety.plain(image.caption)
    lines = [f"![{caption}]({base}{image.name(LARGE)})"]
    if caption:
        lines.append(f"*{caption}*")
    return [*lines, ""]


def write_images(store, images: tuple[PostImage, ...], out_dir: Path) -> list[Path]:
    """Each photo at 1,600 and 800 pixels, stripped of every tag, into out_dir/images."""
    from missiondiary.media.images import published_copy

    folder = Path(out_dir) / IMAGES_FOLDER
    written = []
    for image in images:
        stored = store.photo_jpeg(image.photo.content_hash)
        for side in PUBLISHED_SIDES:
            written.append(
                files.write_atomic(folder, image.name(side), published_copy(stored, side))
            )
    return written


def remove_withdrawn(out_dir: Path, day_slug: str, images: tuple[PostImage, ...]) -> list[Path]:
    """The day's earlier picture files of photos it no longer shows (made private, of a
    meeting made private, deleted): left in images/, they would go to the members' site with
    the rest of the folder. Only our own names for this day are touched."""
    folder = Path(out_dir) / IMAGES_FOLDER
    if not folder.is_dir():
        return []
    ours = re.compile(rf"{re.escape(day_slug)}-[0-9a-f]{{8}}-({LARGE}|{SMALL})\.jpg")
    shown = {image.name(side) for image in images for side in PUBLISHED_SIDES}
    removed = []
    for path in sorted(folder.iterdir()):
        if ours.fullmatch(path.name) and path.name not in shown:
            removed.append(files.remove(path))
    return removed
