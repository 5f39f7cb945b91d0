"""Create or edit a mission: title, dates, zones, who writes and for whom, its slug.

An `EntryForm` like every other form: it dismisses with a `MissionDraft` that creates or
updates the mission (`draft.apply(store)`); a refusal from the store reopens it with the
message beside the field it names. A blank optional field takes the default its placeholder
shows (the zone, the end date, the home zone, the slug).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from missiondiary.domain import Mission, mission_slug, parse_date, slugify
from missiondiary.errors import InvalidInput
from missiondiary.timeline import check_zone
from missiondiary.tui.modals.form import EntryForm, ZoneSuggester, canonical_zone, zone_names

if TYPE_CHECKING:
    from missiondiary.store import Store

__all__ = ["MissionDraft", "MissionForm", "mission_values", "parse_form", "zone_names"]

DEFAULT_ZONE = "Asia/Shanghai"  # shown in the Zone field, and taken when it is left blank


def _title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise InvalidInput("--title", "a mission needs a title")
    return title


def _zone(value: str) -> str:
    return check_zone(canonical_zone(value) or DEFAULT_ZONE, "--tz")


def _home_zone(value: str) -> str | None:
    return check_zone(canonical_zone(value), "--home-tz") if value.strip() else None


def _end(value: str) -> date | None:
    return parse_date(value, "--end") if value.strip() else None


def _slug(value: str) -> str | None:
    if not value.strip():
        return None
    if not slugify(value):
        raise InvalidInput("--slug", f"'{value}' has no letters or digits")
    return slugify(value)


def _words(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _text(value: str) -> str:
    return value.strip()


@dataclass(frozen=True)
class Field:
    name: str  # the key in the store's arguments (create_mission's)
    label: str
    parse: Callable[[str], Any]
    placeholder: str = ""
    zone: bool = False


FIELDS = (
    Field("title", "Title", _title, "China trade mission"),
    Field("start_date", "Start", lambda v: parse_date(v, "--start"), "YYYY-MM-DD (Day 1)"),
    Field("end_date", "End", _end, "YYYY-MM-DD (last day; blank: a one-day mission)"),
    Field("tz", "Zone", _zone, f"{DEFAULT_ZONE} (where Day 1 happens)", zone=True),
    Field("home_tz", "Home zone", _home_zone, "blank: the same as Zone", zone=True),
    Field("organisation", "Organisation", _text, "Chamber of Commerce"),
    Field("author", "Author", _text, "who signs the posts"),
    Field("categories", "Categories", _words, "Trade missions, China"),
    Field("tags", "Tags", _words, "chongqing, chengdu"),
    Field("slug", "Slug", _slug, "from the title and year"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


def mission_values(mission: Mission) -> dict[str, str]:
    """A mission as the text its form fields show."""
    return {
        "title": mission.title,
        "start_date": mission.start_date.isoformat(),
        "end_date": mission.end_date.isoformat(),
        "tz": mission.tz,
        "home_tz": mission.home_tz if mission.home_tz != mission.tz else "",
        "organisation": mission.organisation,
        "author": mission.author,
        "categories": ", ".join(mission.categories),
        "tags": ", ".join(mission.tags),
        "slug": mission.slug,
    }


def parse_form(typed: dict[str, str]) -> tuple[dict[str, Any], list[InvalidInput]]:
    """The store's arguments, and a refusal per field that could not be read."""
    values: dict[str, Any] = {}
    errors: list[InvalidInput] = []
    for spec in FIELDS:
        try:
            values[spec.name] = spec.parse(typed.get(spec.name, ""))
        except InvalidInput as error:
            errors.append(error)
    start: date | None = values.get("start_date")
    if start and "end_date" in values and values["end_date"] is None:
        values["end_date"] = start  # blank: a one-day mission
    end: date | None = values.get("end_date")
    if start and end and end < start:
        errors.append(InvalidInput("--end", f"{end} is before the start {start}"))
    if "tz" in values and not values.get("home_tz"):
        values["home_tz"] = values["tz"]
    return values, errors


@dataclass(frozen=True)
class MissionDraft:
    values: dict[str, str]  # as typed, to reopen the form if the store refuses it
    fields: dict[str, Any]  # create_mission's keyword arguments
    mission_id: str | None = None  # None: a new mission
    notices: tuple[str, ...] = field(default=())

    def apply(self, store: Store) -> Mission:
        if self.mission_id is None:
            return store.create_mission(**self.fields)
        return store.update_mission(self.mission_id, **self.fields)


class MissionForm(EntryForm[MissionDraft]):
    """Dismisses with a MissionDraft, or None when cancelled."""

    FIELD_ALIASES: ClassVar[dict[str, str]] = {
        "TITLE": "title",
        "start": "start_date",
        "end": "end_date",
        "home-tz": "home_tz",
    }

    def __init__(
        self,
        mission: Mission | None = None,
        *,
        values: dict[str, str] | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        """`values` are texts typed earlier (reopening after the store refused them) and
        `error` is that refusal, shown beside the field it names."""
        initial = dict.fromkeys(FIELD_NAMES, "")
        initial.update(mission_values(mission) if mission else {})
        initial.update(values or {})
        super().__init__(
            initial,
            title=f"Edit {mission.title}" if mission else "New mission",
            error=error,
            context={"mission": mission},
        )
        self.mission = mission

    def reopen(self, values: dict[str, str], error: InvalidInput) -> MissionForm:
        return MissionForm(self.mission, values=values, error=error)

    def fields(self) -> ComposeResult:
        for spec in FIELDS:
            yield from self.field(
                spec.name,
                spec.label,
                Input(
                    self.values.get(spec.name, ""),
                    placeholder=spec.placeholder,
                    id=spec.name,
                    suggester=ZoneSuggester() if spec.zone else None,
                ),
            )

    def on_mount(self) -> None:
        super().on_mount()
        self._suggest_slug()

    @on(Input.Changed, "#title, #start_date")
    def _suggest_slug(self) -> None:
        """The slug a blank Slug field stands for, from the title and year as typed."""
        try:
            start = parse_date(self.text("start_date"), "--start")
        except InvalidInput:
            start = date.today()
        title = self.text("title")
        slug = mission_slug(title, start) if title.strip() else ""
        self.query_one("#slug", Input).placeholder = slug or "from the title and year"

    @on(Input.Blurred)
    def _check_on_leaving(self, event: Input.Blurred) -> None:
        """A field left with something wrong in it says so at once."""
        name = event.input.id or ""
        spec = next((s for s in FIELDS if s.name == name), None)
        if spec is None or not event.value.strip():
            return
        try:
            spec.parse(event.value)
        except InvalidInput as error:
            self.show_errors([error], focus=False)  # the delegate has moved on: no jump back

    def build(self) -> MissionDraft:
        values, errors = parse_form(self.typed())
        self._errors.extend(errors)
        self.stop_if_invalid()
        if self.mission is not None and not values.get("slug"):
            values.pop("slug", None)  # blank: the slug stays as it is
        return MissionDraft(
            values=self.typed(),
            fields=values,
            mission_id=self.mission.id if self.mission else None,
        )
