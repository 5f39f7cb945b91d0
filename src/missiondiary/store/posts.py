"""Day posts: the delegate's own words for a day, and whether it went out."""

from __future__ import annotations

from collections.abc import Iterable

from missiondiary.domain import DayPost, PostStatus, Visibility
from missiondiary.domain.text import one_line
from missiondiary.store import rows
from missiondiary.store.base import new_id
from missiondiary.store.history import HistoryMixin
from missiondiary.store.rows import as_typed, changed_columns, new_row, visibility_column
from missiondiary.timeline import stamp


class PostsMixin(HistoryMixin):
    def post(self, mission_id: str, day: int) -> DayPost | None:
        row = self._row(
            "SELECT * FROM day_posts WHERE mission_id = ? AND day = ?", (mission_id, day)
        )
        return rows.day_post(row) if row else None

    def write_post(
        self,
        mission_id: str,
        day: int,
        body: str | None = None,
        *,
        title: str | None = None,
        place: str | None = None,
        visibility: Visibility | str | None = None,
    ) -> DayPost:
        """Create or replace the day's words; title, place and visibility stay as they were
        unless given (a new post is `members`)."""
        current = self.post(mission_id, day)
        values = changed_columns(
            visibility=(visibility, visibility_column),
            body=(body, as_typed),
            title=(title, one_line),
            place=(place, one_line),
        )
        with self.write():
            self.mission(mission_id)  # type: ignore[attr-defined]
            if current is None:
                row = _new_post(mission_id, day, **values)
                self._insert("post", row, f"Day {day}")
            else:
                self._update("post", current.id, values, f"Day {day}", action="edit")
        post = self.post(mission_id, day)
        assert post is not None
        return post

    def set_post_visibility(self, mission_id: str, day: int, visibility: Visibility) -> DayPost:
        """Who may read a day's words; a day without a post gets one (empty, so nothing but
        the choice is kept). One change to undo, never merged with the typing before it."""
        value = visibility_column(visibility)
        current = self.post(mission_id, day)
        if current is None:
            return self.write_post(mission_id, day, visibility=value)
        with self.write():
            self._update(
                "post",
                current.id,
                {"visibility": value, "updated_at": stamp()},
                current.title or f"Day {day}",
            )
        post = self.post(mission_id, day)
        assert post is not None
        return post

    def mark_published(self, mission_id: str, day: int, at_utc: str) -> None:
        """Note that a day went out. From a diary open read-only the files are still
        written; only this note is skipped."""
        self.mark_days_published(mission_id, [day], at_utc)

    def mark_days_published(self, mission_id: str, days: Iterable[int], at_utc: str) -> None:
        """Note that days went out, in one transaction: a whole mission is one write to disk,
        not one a day."""
        if self.readonly:
            return
        with self.write():
            for day in days:
                self._mark_published(mission_id, day, at_utc)

    def _mark_published(self, mission_id: str, day: int, at_utc: str) -> None:
        if self.post(mission_id, day) is None:
            self.db["day_posts"].insert(
                _new_post(mission_id, day, status=PostStatus.PUBLISHED.value, published_at=at_utc)
            )
        else:
            self.db.execute(
                "UPDATE day_posts SET status = 'published', published_at = ? "
                "WHERE mission_id = ? AND day = ?",
                (at_utc, mission_id, day),
            )

    def place_for_day(self, mission_id: str, day: int) -> str:
        """The place a day's post is headed with, carried forward from the last day that set one."""
        return (
            self._scalar(
                "SELECT place FROM day_posts WHERE mission_id = ? AND day <= ? AND place != '' "
                "ORDER BY day DESC LIMIT 1",
                (mission_id, day),
            )
            or ""
        )


def _new_post(mission_id: str, day: int, **values: str | None) -> dict[str, object]:
    """A day post row with nothing written yet (a members' draft); `values` hold what is
    known, and the first write and the first publishing both start from it (made and last
    changed at one instant, whatever `updated_at` they hold)."""
    draft = {
        "mission_id": mission_id,
        "day": day,
        "title": "",
        "place": "",
        "body": "",
        "status": PostStatus.DRAFT.value,
        "published_at": None,
        "visibility": Visibility.MEMBERS.value,
    }
    return new_row(new_id(), **(draft | values))
