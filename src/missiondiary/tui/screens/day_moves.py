"""The day screen's moves: to the day before or after, to today, and to the other screens
(search, publish, missions, contacts, review), whose answer may be a day to show.

A part of `DayScreen` (screens/day.py). Typed notes are saved before another screen opens,
so it sees them; the other screens are imported when first opened, not at start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from textual.screen import Screen

from missiondiary.timeline import today_in
from missiondiary.tui.messages import Jump


class DayMoves:
    """The moves' part of the day screen."""

    def action_prev_day(self) -> None:
        """Back to Day 0 (travel before the start) always, earlier only to days with entries."""
        if self.loaded is None:
            return
        day_zero = self.loaded.mission.start_date - timedelta(days=1)
        if self.day <= min(self.first_day, day_zero):
            self.notify("Day 0 is the first: travel before the mission starts.")
            return
        self.day -= timedelta(days=1)

    def action_next_day(self) -> None:
        if self.loaded is None:
            return
        if self.day >= self.loaded.mission.end_date:
            self.notify("This is the last day of the mission.")
            return
        self.day += timedelta(days=1)

    def action_today(self) -> None:
        if self.loaded is None:
            return
        mission = self.loaded.mission
        today = today_in(self.loaded.tz or mission.tz, self.clock())
        if not self.first_day <= today <= mission.end_date:
            self.notify(f"Today ({today:%-d %b %Y}) is not a day of this mission: here is Day 1.")
            today = mission.start_date
        self.day = today

    async def _open_screen(self, screen: Screen, *, after: Callable | None = None) -> None:
        """Save typed notes first, so the other screen sees them; refresh the day after."""
        await self.flush()

        def closed(result: object) -> None:
            if isinstance(result, Jump):
                self.show_jump(result)
            else:
                self.reload()
            if after is not None:
                after(result)

        await self.app.push_screen(screen, closed)

    async def action_search(self) -> None:
        from missiondiary.tui.screens.search import SearchScreen

        await self._open_screen(
            SearchScreen(self.db_path, self.mission_id, readonly=self._store_readonly)
        )

    async def action_photos(self) -> None:
        """The day's photos, to see, caption and add (tui/screens/photos.py); a day without
        any opens the screen empty, ready for `a`."""
        if self.loaded is None:
            return
        readonly = self.read_only or self._store_readonly
        if not self.loaded.photos and readonly:
            self.notify("No photos on this day.")
            return
        from missiondiary.tui.screens.photos import PhotosScreen

        await self._open_screen(PhotosScreen(self.db_path, self.loaded, readonly=readonly))

    async def action_publish(self) -> None:
        if self.diary_read_only and self._refuse():
            return  # publishing records the post in the diary
        from missiondiary.tui.screens.publish import PublishScreen

        await self._open_screen(PublishScreen(self.db_path, self.mission_id, self.day))

    async def action_missions(self) -> None:
        if self.diary_read_only and self._refuse():
            return  # r (review) switches missions without writing
        from missiondiary.tui.screens.missions import MissionsScreen

        await self._open_screen(MissionsScreen(self.db_path, self.mission_id))

    async def action_contacts(self) -> None:
        """Organisations and people met on every mission; enter on a meeting opens its day."""
        if self.diary_read_only and self._refuse():
            return  # the register edits and merges; it opens the diary for writing
        from missiondiary.tui.screens.contacts import ContactsScreen

        await self._open_screen(ContactsScreen(self.db_path))

    async def action_review(self) -> None:
        from missiondiary.tui.screens.review import ReviewScreen

        if self.came_from == "review":
            at: tuple[str, date] | None = (self.mission_id, self.day)  # back on the day read
        else:
            at = None
            self._before_review = Jump(self.mission_id, self.day)

        def closed(result: object) -> None:
            """Esc from Review goes back to the day Review was opened from, not to a day
            read from it."""
            if result is None and self.came_from == "review" and self._before_review:
                self.show_jump(self._before_review)

        await self._open_screen(
            ReviewScreen(self.db_path, readonly=self._store_readonly, select=at), after=closed
        )
