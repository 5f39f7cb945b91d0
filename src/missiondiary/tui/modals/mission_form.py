"""Create or edit a mission: title, dates, zones, who writes and for whom.

The form returns plain values ready for `store.create_mission(**values)` or
`store.update_mission(mission_id, **values)`. A bad field gets its message beside it and the
form stays open with everything typed; the caller can reopen the form with `values=` and the
store's `error=` when the store refuses (a mission of that name already exists, say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Footer, Input, Label

from missiondiary.domain import Mission, parse_date
from missiondiary.errors import InvalidInput
from missiondiary.timeline import check_zone


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """IANA zone names for completion; reading the zone database takes a few frames."""
    import zoneinfo

    return tuple(sorted(zoneinfo.available_timezones()))


class ZoneSuggester(Suggester):
    """Completes 'asia/sh' to 'Asia/Shanghai' (and 'chong' to 'Asia/Chongqing')."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.casefold()
        if not typed:
            return None
        names = zone_names()
        for name in names:
            if name.casefold().startswith(typed):
                return name
        return None


def field_message(error: InvalidInput) -> str:
    """The message without its field name: it is shown next to the field already."""
    text = str(error)
    return text.partition(":")[2].strip() if error.field else text


def _title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise InvalidInput("--title: a mission needs a title")
    return title


def canonical_zone(value: str) -> str:
    """'america/los_angeles' as the zone database spells it; completion keeps typed case."""
    cleaned = value.strip()
    folded = cleaned.casefold()
    return next((name for name in zone_names() if name.casefold() == folded), cleaned)


def _zone(value: str) -> str:
    return check_zone(canonical_zone(value), "--tz")


def _home_zone(value: str) -> str | None:
    return check_zone(canonical_zone(value), "--home-tz") if value.strip() else None


def _words(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _text(value: str) -> str:
    return value.strip()


@dataclass(frozen=True)
class Field:
    name: str  # the key in the returned dict (create_mission's argument)
    label: str
    parse: Callable[[str], Any]
    placeholder: str = ""
    zone: bool = False


FIELDS = (
    Field("title", "Title", _title, "China trade mission"),
    Field("start_date", "Start", lambda v: parse_date(v, "--start"), "YYYY-MM-DD (Day 1)"),
    Field("end_date", "End", lambda v: parse_date(v, "--end"), "YYYY-MM-DD (last day)"),
    Field("tz", "Zone", _zone, "Asia/Shanghai (where Day 1 happens)", zone=True),
    Field("home_tz", "Home zone", _home_zone, "America/Toronto (blank: same)", zone=True),
    Field("organisation", "Organisation", _text, "Chamber of Commerce"),
    Field("author", "Author", _text, "who signs the posts"),
    Field("categories", "Categories", _words, "Trade missions, China"),
    Field("tags", "Tags", _words, "chongqing, chengdu"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)

# The store words its refusals for the CLI ("--end: ..."); which form field each one means.
STORE_FIELDS = {
    "TITLE": "title",
    "title": "title",
    "slug": "title",
    "start": "start_date",
    "end": "end_date",
    "tz": "tz",
    "home-tz": "home_tz",
}


class DiaryValidator(Validator):
    """Runs one of the diary's own parsers, so the form and the CLI refuse the same things."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        super().__init__()
        self.parse = parse

    def validate(self, value: str) -> ValidationResult:
        try:
            self.parse(value)
        except InvalidInput as error:
            return self.failure(field_message(error), value)
        return self.success()


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
    }


def values_as_text(values: dict[str, Any]) -> dict[str, str]:
    """The form's own result turned back into field texts, to reopen it after a refusal."""
    texts = {}
    for name, value in values.items():
        if isinstance(value, date):
            texts[name] = value.isoformat()
        elif isinstance(value, list | tuple):
            texts[name] = ", ".join(value)
        else:
            texts[name] = "" if value is None else str(value)
    if texts.get("home_tz") == texts.get("tz"):
        texts["home_tz"] = ""
    return texts


class MissionForm(ModalScreen[dict | None]):
    """Dismisses with create_mission's keyword arguments, or None when cancelled."""

    CSS_PATH = "mission_form.tcss"
    AUTO_FOCUS = "#title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        mission: Mission | None = None,
        *,
        values: dict[str, str] | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        """`values` are texts typed earlier (reopening after the store refused them) and
        `error` is that refusal, shown beside the field it names."""
        super().__init__()
        self.mission = mission
        self.initial = {**(mission_values(mission) if mission else {}), **(values or {})}
        self.initial_error = error
        self.refused: dict[str, str | None] = {}  # field -> the text its message is about

    def compose(self) -> ComposeResult:
        with Vertical(id="mission-form") as form:
            form.border_title = f"Edit {self.mission.title}" if self.mission else "New mission"
            with VerticalScroll(id="fields", can_focus=False):
                for spec in FIELDS:
                    with Horizontal(classes="field", id=f"field-{spec.name}"):
                        yield Label(spec.label, classes="field-label")
                        with Vertical(classes="field-body"):
                            yield Input(
                                self.initial.get(spec.name, ""),
                                placeholder=spec.placeholder,
                                id=spec.name,
                                compact=True,
                                validators=[DiaryValidator(spec.parse)],
                                validate_on=["blur", "submitted"],
                                suggester=ZoneSuggester() if spec.zone else None,
                            )
                            yield Label("", classes="field-error", id=f"error-{spec.name}")
            with Horizontal(id="buttons"):
                yield Label("", id="form-note")
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.load_zone_names()
        if self.initial_error is not None:
            name = STORE_FIELDS.get(self.initial_error.field, "")
            if name:
                self.show_error(name, field_message(self.initial_error))
                self.query_one(f"#{name}", Input).focus()
            else:
                self.query_one("#form-note", Label).update(str(self.initial_error))

    @work(thread=True, group="zones")
    def load_zone_names(self) -> None:
        """Warm the completion list off the UI thread."""
        zone_names()

    # --- errors beside fields ------------------------------------------------
    def show_error(self, name: str, message: str) -> None:
        self.refused[name] = self.query_one(f"#{name}", Input).value if message else None
        label = self.query_one(f"#error-{name}", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")
        self.query_one(f"#{name}", Input).set_class(bool(message), "-invalid")

    @on(Input.Blurred)
    def blurred(self, event: Input.Blurred) -> None:
        result = event.validation_result
        if result is not None and event.input.id:
            self.show_error(event.input.id, "" if result.is_valid else _first(result))

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        """Typing again clears the message: the delegate is fixing it."""
        name = event.input.id
        if name and self.refused.get(name) not in (None, event.value):
            self.show_error(name, "")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    # --- actions -----------------------------------------------------------
    def typed(self) -> dict[str, str]:
        """What is in each field right now, as typed."""
        return {name: self.query_one(f"#{name}", Input).value for name in FIELD_NAMES}

    def action_save(self) -> None:
        values, errors = parse_form(self.typed())
        for name in FIELD_NAMES:
            self.show_error(name, errors.get(name, ""))
        if errors:
            self.query_one(f"#{next(iter(errors))}", Input).focus()
            self.query_one("#form-note", Label).update("Fix the marked fields")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


def parse_form(typed: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Values for create_mission, and a message per field that could not be read."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in FIELDS:
        try:
            values[spec.name] = spec.parse(typed.get(spec.name, ""))
        except InvalidInput as error:
            errors[spec.name] = field_message(error)
    start: date | None = values.get("start_date")
    end: date | None = values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = f"{end} is before the start {start}"
    if "tz" in values and not values.get("home_tz"):
        values["home_tz"] = values["tz"]
    return values, errors


def _first(result: ValidationResult) -> str:
    descriptions = result.failure_descriptions
    return descriptions[0] if descriptions else "not valid"
