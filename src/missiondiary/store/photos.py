"""Photos: entries of a day whose picture is kept inside the diary file.

A photo's row holds its time, caption, meeting and visibility; the picture (a JPEG of at
most 2,560 pixels) sits in `photo_images` under the hash of the original file, so undo and
the trash never have to carry the picture, and the same file is stored once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from missiondiary.domain import Moment, Visibility
from missiondiary.domain.photos import Photo
from missiondiary.domain.text import one_line
from missiondiary.errors import NotFound
from missiondiary.store.base import new_id
from missiondiary.store.history import HistoryMixin
from missiondiary.store.rows import (
    UNSET,
    changed_columns,
    dated_columns,
    from_row,
    new_row,
    visibility_column,
)
from missiondiary.timeline import moment_from_stored, stamp

_COLUMNS = "p.*, length(i.jpeg) AS stored_bytes, i.width, i.height"
_FROM = "photos p JOIN photo_images i ON i.hash = p.content_hash"


@dataclass(frozen=True)
class NewPhoto:
    """A photo ready to be added: placed in time, with the copy to keep."""

    at: Moment
    file_name: str
    content_hash: str
    jpeg: bytes
    width: int
    height: int
    time_source: str = ""
    original_path: str = ""
    caption: str = ""
    meeting_id: str | None = None
    visibility: Visibility = Visibility.MEMBERS
    latitude: float | None = None
    longitude: float | None = None


def photo_from_row(row: dict) -> Photo:
    return from_row(
        Photo,
        row,
        at=moment_from_stored(row["at_local"], row["at_tz"], row["at_utc"]),
        visibility=Visibility(row["visibility"]),
        stored_bytes=row["stored_bytes"] or 0,
    )


class PhotosMixin(HistoryMixin):
    def add_photos(self, mission_id: str, photos: list[NewPhoto]) -> list[Photo]:
        """All of them or none: one transaction, one step for undo."""
        ids = []
        with self.write():
            self.mission(mission_id)  # type: ignore[attr-defined]
            checked: set[str] = set()  # meetings already known to be this mission's
            for photo in photos:
                if photo.meeting_id and photo.meeting_id not in checked:
                    self.meeting_of_mission(photo.meeting_id, mission_id)  # type: ignore[attr-defined]
                    checked.add(photo.meeting_id)
                row = new_row(
                    new_id(),
                    mission_id=mission_id,
                    caption=one_line(photo.caption),
                    **dated_columns("at", photo.at),
                    time_source=photo.time_source,
                    latitude=photo.latitude,
                    longitude=photo.longitude,
                    meeting_id=photo.meeting_id or None,
                    visibility=visibility_column(photo.visibility),
                    file_name=photo.file_name,
                    original_path=photo.original_path,
                    content_hash=photo.content_hash,
                )
                self.db.execute(
                    "INSERT OR IGNORE INTO photo_images (hash, jpeg, width, height, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (photo.content_hash, photo.jpeg, photo.width, photo.height, row["created_at"]),
                )
                self._insert("photo", row, row["caption"] or photo.file_name)
                ids.append(row["id"])
        return [self.photo(photo_id) for photo_id in ids]

    def photo(self, photo_id: str) -> Photo:
        row = self._found_row(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE p.id = ?",
            (photo_id,),
            f"ID: no photo with id '{photo_id}'",
        )
        return photo_from_row(row)

    def _photos_where(self, condition: str, params: tuple) -> list[Photo]:
        """In the order they were taken (then added)."""
        sql = f"SELECT {_COLUMNS} FROM {_FROM} WHERE {condition} ORDER BY p.at_utc, p.created_at"
        return [photo_from_row(row) for row in self._rows(sql, params)]

    def photos_for_day(self, mission_id: str, day: date) -> list[Photo]:
        return self._photos_where(
            "p.mission_id = ? AND p.local_date = ?", (mission_id, day.isoformat())
        )

    def photos_for_mission(self, mission_id: str) -> list[Photo]:
        return self._photos_where("p.mission_id = ?", (mission_id,))

    def photo_hashes(self, mission_id: str) -> dict[str, str]:
        """Hash of each original file already in the mission -> that photo's id."""
        return {
            row["content_hash"]: row["id"]
            for row in self._rows(
                "SELECT content_hash, id FROM photos WHERE mission_id = ?", (mission_id,)
            )
        }

    def photo_jpeg(self, content_hash: str) -> bytes:
        """The stored copy (a JPEG with the time and place tags kept for the delegate)."""
        data = self._scalar("SELECT jpeg FROM photo_images WHERE hash = ?", (content_hash,))
        if data is None:
            raise NotFound(f"ID: no picture stored for '{content_hash[:12]}'")
        return bytes(data)

    def photo_images(self, hashes: list[str]) -> dict[str, bytes]:
        """Stored copies by hash, for the exchange file."""
        found: dict[str, bytes] = {}
        for content_hash in dict.fromkeys(hashes):
            found[content_hash] = self.photo_jpeg(content_hash)
        return found

    def last_photo_date(self, mission_id: str) -> date | None:
        value = self._scalar(
            "SELECT MAX(local_date) FROM photos WHERE mission_id = ?", (mission_id,)
        )
        return date.fromisoformat(value) if value else None

    def update_photo(
        self,
        photo_id: str,
        *,
        caption: str | None = None,
        at: Moment | None = None,
        meeting_id: str | object | None = UNSET,
        visibility: Visibility | None = None,
        time_source: str | None = None,
    ) -> Photo:
        current = self.photo(photo_id)
        values = changed_columns(
            caption=(caption, one_line),
            visibility=(visibility, visibility_column),
        )
        if at is not None:
            values.update(dated_columns("at", at))
            values["time_source"] = time_source or "--at"
        with self.write():
            if meeting_id is not UNSET:  # None takes the photo off its meeting
                if meeting_id:
                    self.meeting_of_mission(str(meeting_id), current.mission_id)  # type: ignore[attr-defined]
                values["meeting_id"] = meeting_id or None
            self._update("photo", photo_id, values, current.label)
        return self.photo(photo_id)

    def save_photo_caption(self, photo_id: str, caption: str) -> Photo:
        """The app's path: a burst of typing is one change to undo."""
        current = self.photo(photo_id)
        values = {"caption": one_line(caption), "updated_at": stamp()}
        with self.write():
            self._update("photo", photo_id, values, current.label, action="edit")
        return self.photo(photo_id)
