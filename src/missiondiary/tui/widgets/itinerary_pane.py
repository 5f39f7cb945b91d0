"""The day's itinerary in local time order: kind, time, place; travel shows both clocks."""

from __future__ import annotations

from missiondiary.domain import Day
from missiondiary.tui.widgets.pane import EntryPane
from missiondiary.tui.widgets.rows import itinerary_row


class ItineraryPane(EntryPane):
    KIND = "itinerary"
    TITLE = "Itinerary"

    def show(self, day: Day | None) -> None:
        items = day.itinerary if day else ()
        self.entries.show_entries(
            [(item.id, itinerary_row(item)) for item in items],
            empty=self.empty_text(
                "Nothing on the itinerary. Press a to add the flight here."
                if day is not None and day.number == 0
                else "Nothing on the itinerary. Press a to add a flight, hotel or event."
            ),
        )
