"""One line under the day's panes: how many photos the day has and their captions.

Hidden on a day without photos, so the panes keep every line at 80x24; `i` opens them."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from missiondiary.domain import Day
from missiondiary.domain.text import plural


class PhotoStrip(Static):
    DEFAULT_CSS = """
    PhotoStrip {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        display: none;
        &.-has-photos { display: block; }
    }
    """

    day: reactive[Day | None] = reactive(None, init=False)

    def watch_day(self, day: Day | None) -> None:
        photos = day.photos if day else ()
        self.set_class(bool(photos), "-has-photos")
        if not photos:
            self.update("")
            return
        captions = " · ".join(
            f"{photo.at.local:%H:%M} {photo.caption or photo.file_name}" for photo in photos
        )
        count = plural(len(photos), "photo")
        self.update(f"[b]{count}[/b] (i shows them): {captions}")
