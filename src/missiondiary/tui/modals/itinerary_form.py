"""Add or edit an itinerary item: kind, title, start and end in their zones, place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Select

from missiondiary.domain import ITINERARY_KINDS, Day, ItineraryItem, Moment, Visibility, parse_kind
from missiondiary.errors import InvalidInput
from missiondiary.timeline import check_zone, moment_from_text
from missiondiary.tui.modals.form import (
    EntryForm,
    Saved,
    canonical_zone,
    next_free_hour_on,
    with_day,
)

if TYPE_CHECKING:
    from missiondiary.store import Store


@dataclass(frozen=True)
class ItineraryDraft:
    values: dict[str, str]  # as typed, to reopen the form if the store refuses it
    kind: str
    title: str
    start: Moment
    end: Moment | None
    location: str
    visibility: Visibility
    item_id: str | None = None  # None: a new item
    notices: tuple[str, ...] = field(default=())  # e.g. a time that happens twice
    mission_id: str = ""

    def apply(self, store: Store) -> Saved:
        """One write: the item added to the mission's itinerary, or the one edited changed."""
        fields = {
            "kind": self.kind,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "location": self.location,
            "visibility": self.visibility,
        }
        if self.item_id:
            item = store.update_itinerary_item(self.item_id, **fields)
        else:
            item = store.add_itinerary_item(self.mission_id, **fields)
        return Saved(
            notice="; ".join(self.notices), select=("itinerary", item.id), day=item.local_date
        )


def travelling(day: Day) -> bool:
    return not day.mission.start_date <= day.date <= day.mission.end_date


def values_for_new(day: Day, now: datetime | None = None) -> dict[str, str]:
    """A new item at the round hour after the day's last entry, in the day's zone: a flight on
    the travel days before and after the mission (what the empty itinerary offers), else a
    meeting."""
    return {
        "kind": "flight" if travelling(day) else "meeting",
        "title": "",
        "visibility": Visibility.MEMBERS.value,
        "start": next_free_hour_on(day),
        "tz": day.tz,
        "end": "",
        "end_tz": "",
        "location": "",
    }


def values_for_item(item: ItineraryItem) -> dict[str, str]:
    end = item.end
    return {
        "kind": item.kind,
        "title": item.title,
        "visibility": item.visibility.value,
        "start": f"{item.start.local:%Y-%m-%d %H:%M}",
        "tz": item.start.tz,
        "end": f"{end.local:%Y-%m-%d %H:%M}" if end else "",
        "end_tz": end.tz if end and end.tz != item.start.tz else "",
        "location": item.location,
    }


class ItineraryForm(EntryForm[ItineraryDraft]):
    FIELD_ALIASES: ClassVar[dict[str, str]] = {"at": "start"}

    def __init__(
        self,
        values: dict[str, str],
        *,
        mission_id: str = "",
        item_id: str | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        super().__init__(values, title="", error=error)
        self.configure(mission_id=mission_id, item_id=item_id)

    def configure(self, *, mission_id: str = "", item_id: str | None = None) -> None:  # type: ignore[override]
        self.keep_context(mission_id=mission_id, item_id=item_id)
        self.form_title = "Edit itinerary item" if item_id else "Add to the itinerary"

    def field_value(self, name: str) -> str:
        value = super().field_value(name)
        if name == "kind" and value not in ITINERARY_KINDS:
            return "other"
        return value

    def fields(self) -> ComposeResult:
        values = self.values
        kinds = [(kind, kind) for kind in ITINERARY_KINDS]
        kind = self.field_value("kind")
        yield from self.field(
            "kind", "Kind", Select(kinds, value=kind, allow_blank=False, id="kind")
        )
        yield from self.field("title", "Title", Input(values["title"], id="title"))
        yield from self.visibility_field()
        yield from self.time_and_zone("start", "Starts", "YYYY-MM-DD HH:MM", "tz")
        yield from self.time_and_zone(
            "end", "Ends (optional)", "HH:MM, or with a date", "end_tz", "same as the start"
        )
        yield from self.field("location", "Location", Input(values["location"], id="location"))

    def build(self) -> ItineraryDraft:
        kind = self.parse(parse_kind, self.text("kind"), "kind")
        title = " ".join(self.text("title").split())
        if not title:
            self._errors.append(InvalidInput("title", "an itinerary item needs a title"))
        tz = self.parse(check_zone, canonical_zone(self.text("tz")), "tz")
        start = self.parse(moment_from_text, self.text("start"), tz, "start") if tz else None
        end_tz = (
            self.parse(check_zone, canonical_zone(self.text("end_tz")), "end_tz")
            if self.text("end_tz").strip()
            else tz
        )
        end = None
        end_text = with_day(self.text("end"), self.text("start"))  # 13:10: the start's day
        if end_text.strip() and end_tz:
            end = self.parse(moment_from_text, end_text, end_tz, "end")
        self.stop_if_invalid()
        assert kind is not None and start is not None
        if end is not None and end.moment.utc < start.moment.utc:
            raise InvalidInput(
                f"end: {end.moment.local:%Y-%m-%d %H:%M} {end.moment.tz} is before the start"
            )
        return ItineraryDraft(
            values=self.typed(),
            kind=kind,
            title=title,
            start=start.moment,
            end=end.moment if end else None,
            location=self.text("location").strip(),
            visibility=Visibility(self.text("visibility")),
            item_id=self.item_id,
            notices=tuple(n for n in (start.note, end.note if end else "") if n),
            mission_id=self.mission_id,
        )
