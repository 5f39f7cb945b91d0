"""Add or edit an itinerary item: kind, title, start and end in their zones, place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from missiondiary.domain import ITINERARY_KINDS, Day, ItineraryItem, Moment, Visibility, parse_kind
from missiondiary.errors import InvalidInput
from missiondiary.timeline import check_zone, moment_from_text
from missiondiary.tui.modals.form import EntryForm, default_time, zone_names


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


def values_for_new(day: Day, now: datetime) -> dict[str, str]:
    return {
        "kind": "meeting",
        "title": "",
        "start": default_time(day.date, now),
        "tz": day.tz,
        "end": "",
        "end_tz": "",
        "location": "",
        "visibility": Visibility.MEMBERS.value,
    }


def values_for_item(item: ItineraryItem) -> dict[str, str]:
    end = item.end
    return {
        "kind": item.kind,
        "title": item.title,
        "start": f"{item.start.local:%Y-%m-%d %H:%M}",
        "tz": item.start.tz,
        "end": f"{end.local:%Y-%m-%d %H:%M}" if end else "",
        "end_tz": end.tz if end and end.tz != item.start.tz else "",
        "location": item.location,
        "visibility": item.visibility.value,
    }


class ItineraryForm(EntryForm[ItineraryDraft]):
    TITLE = "Itinerary item"

    def __init__(
        self,
        values: dict[str, str],
        *,
        item_id: str | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        title = "Edit itinerary item" if item_id else "Add to the itinerary"
        super().__init__(title=title, error=error)
        self.values = values
        self.item_id = item_id

    def fields(self) -> ComposeResult:
        values = self.values
        zones = SuggestFromList(zone_names(), case_sensitive=False)
        kinds = [(kind, kind) for kind in ITINERARY_KINDS]
        kind = values["kind"] if values["kind"] in ITINERARY_KINDS else "other"
        yield from self.field(
            "kind", "Kind", Select(kinds, value=kind, allow_blank=False, id="kind")
        )
        yield from self.field("title", "Title", Input(values["title"], id="title"))
        with self.pair():
            yield from self.field(
                "start", "Starts (YYYY-MM-DD HH:MM, local time)", Input(values["start"], id="start")
            )
            yield from self.field("tz", "Time zone", Input(values["tz"], id="tz", suggester=zones))
        with self.pair():
            yield from self.field(
                "end",
                "Ends (optional)",
                Input(values["end"], id="end", placeholder="YYYY-MM-DD HH:MM"),
            )
            yield from self.field(
                "end_tz",
                "Zone at the end (if it changes)",
                Input(values["end_tz"], id="end_tz", placeholder="same", suggester=zones),
            )
        yield from self.field("location", "Location", Input(values["location"], id="location"))
        yield from self.field(
            "visibility",
            "Who may read it",
            self.visibility_select(Visibility(values["visibility"])),
        )

    def typed(self) -> dict[str, str]:
        return {name: self.text(name) for name in self.values}

    def build(self) -> ItineraryDraft:
        kind = self.parse(parse_kind, self.text("kind"), "kind")
        title = " ".join(self.text("title").split())
        if not title:
            self._errors.append(InvalidInput("title: an itinerary item needs a title"))
        tz = self.parse(check_zone, self.text("tz"), "tz")
        start = self.parse(moment_from_text, self.text("start"), tz, "start") if tz else None
        end_tz = (
            self.parse(check_zone, self.text("end_tz"), "end_tz")
            if self.text("end_tz").strip()
            else tz
        )
        end = None
        if self.text("end").strip() and end_tz:
            end = self.parse(moment_from_text, self.text("end"), end_tz, "end")
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
        )
