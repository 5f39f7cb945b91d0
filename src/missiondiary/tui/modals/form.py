"""What every entry form shares: labelled fields, a message under a field that is wrong,
and a result only when everything parses. A form never loses what was typed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, TextArea

from missiondiary.domain import Visibility
from missiondiary.errors import InvalidInput

Result = TypeVar("Result")
Parsed = TypeVar("Parsed")

VISIBILITY_CHOICES = [
    ("private: only me", Visibility.PRIVATE.value),
    ("members: our members' posts", Visibility.MEMBERS.value),
    ("public: anyone", Visibility.PUBLIC.value),
]


def default_time(day: date, now: datetime) -> str:
    """The form's day at the next round hour of the clock where the delegate is."""
    hour = min(now.hour + 1, 23)
    return f"{datetime.combine(day, datetime.min.time()) + timedelta(hours=hour):%Y-%m-%d %H:%M}"


def without_field(error: InvalidInput) -> str:
    """The message as shown under its field: the field's name is already above it."""
    text = str(error)
    return text.partition(":")[2].strip() if error.field else text


@lru_cache(maxsize=1)
def zone_names() -> list[str]:
    from zoneinfo import available_timezones

    return sorted(available_timezones())


class LastPartSuggester(Suggester):
    """Completes the part after the last separator from a list (names in a comma list)."""

    def __init__(self, choices: Iterable[str], *, separators: str = ",;", skip: int = 0) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.choices = sorted(set(choices), key=str.casefold)
        self.separators = separators
        self.skip = skip  # complete only after this many separators (Name, Role, Organisation)

    async def get_suggestion(self, value: str) -> str | None:
        cut = max(value.rfind(sep) for sep in self.separators)
        if self.skip and sum(value.count(sep) for sep in self.separators) < self.skip:
            return None
        head, tail = value[: cut + 1], value[cut + 1 :]
        typed = tail.lstrip()
        if not typed:
            return None
        for choice in self.choices:
            if choice.casefold().startswith(typed.casefold()) and choice != typed:
                return head + tail[: len(tail) - len(typed)] + typed + choice[len(typed) :]
        return None


class Incomplete(Exception):
    """Some field did not parse; its message is already noted."""


class EntryForm(ModalScreen[Result | None], Generic[Result]):
    """Subclasses compose fields with `field()` and turn them into a result in `build()`.

    Dismissed with the result, or None when cancelled.
    """

    CSS_PATH = "form.tcss"
    TITLE: ClassVar[str] = ""
    AUTO_FOCUS = "#title"
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save entry"),
    ]

    def __init__(self, *, title: str = "", error: InvalidInput | None = None) -> None:
        super().__init__()
        self.form_title = title or self.TITLE
        self._errors: list[InvalidInput] = []
        self._first_error = error  # shown on opening (the store refused what was typed)

    def on_mount(self) -> None:
        if self._first_error is not None:
            self.show_errors([self._first_error])

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = self.form_title
            form.border_subtitle = "ctrl+s save · esc cancel"
            with VerticalScroll(id="fields", can_focus=False):
                yield from self.fields()
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def build(self) -> Result:
        """The result from the fields. Parse each field with `parse()` so every wrong field
        gets its message; raise InvalidInput (naming the field) for rules across fields."""
        raise NotImplementedError

    def parse(self, parser: Callable[..., Parsed], *args: Any) -> Parsed | None:
        """Run a parser; a refusal is noted for its field and None comes back."""
        try:
            return parser(*args)
        except InvalidInput as error:
            self._errors.append(error)
            return None

    def stop_if_invalid(self) -> None:
        """Call before rules that need every field parsed."""
        if self._errors:
            raise Incomplete

    # building blocks for fields() -------------------------------------------
    @staticmethod
    @contextmanager
    def pair() -> Iterator[None]:
        """Two fields side by side (a time and its zone)."""
        with Horizontal(classes="pair"):
            yield

    def field(self, name: str, caption: str, widget: Widget, hint: str = "") -> ComposeResult:
        if isinstance(widget, Input | TextArea | Select):
            widget.compact = True  # one line per field: the form fits 80x24
        with Vertical(classes="field", id=f"field-{name}"):
            yield Label(caption, classes="caption")
            yield widget
            if hint:
                yield Label(hint, classes="hint")
            yield Label("", classes="field-error", id=f"{name}-error")

    @staticmethod
    def visibility_select(value: Visibility) -> Select[str]:
        return Select(VISIBILITY_CHOICES, value=value.value, allow_blank=False, id="visibility")

    # reading fields --------------------------------------------------------
    def text(self, name: str) -> str:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            value = widget.value
            return "" if value is Select.NULL else str(value)
        raise TypeError(name)

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.text(name).splitlines() if line.strip()]

    # errors -----------------------------------------------------------------
    def show_errors(self, errors: list[InvalidInput]) -> None:
        """Each message under its field (under the first field if it names none we have);
        focus goes to the first field that is wrong."""
        first: Widget | None = None
        for error in errors:
            name = error.field
            if not name or not self.query(f"#{name}-error"):
                name = (self.query(".field-error").first().id or "").removesuffix("-error")
            label = self.query_one(f"#{name}-error", Label)
            label.update(without_field(error) if error.field == name else str(error))
            label.add_class("-shown")
            widget = self.query_one(f"#{name}")
            widget.add_class("-invalid")
            first = first or widget
        if first is not None:
            first.focus()
            first.scroll_visible()

    def clear_errors(self) -> None:
        for label in self.query(".field-error.-shown"):
            label.remove_class("-shown")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")

    # actions ----------------------------------------------------------------
    def action_submit(self) -> None:
        self.clear_errors()
        self._errors = []
        try:
            result = self.build()
        except InvalidInput as error:
            self._errors.append(error)
        except Incomplete:
            pass
        if self._errors:
            self.show_errors(self._errors)
            return
        self.finish(result)

    def finish(self, result: Result) -> None:
        """A valid result: forms with a last question ask it here before closing."""
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter_in_field(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.enter_pressed(event.input):
            self.action_submit()

    def enter_pressed(self, field: Input) -> bool:
        """Enter in a one-line field saves the form unless this returns True (handled)."""
        return False
