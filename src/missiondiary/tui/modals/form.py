"""The one form framework: every form of the app (mission, itinerary item, meeting, follow-up)
is an `EntryForm`.

A form composes labelled fields with `field()`, turns them into a draft in `build()`, and the
draft knows how to apply itself to the store (`draft.apply(store)`), so a screen only opens a
form and hands its draft to the writer. When the store refuses the draft, the screen reopens
the form with `form.reopen(draft.values, error)`: everything typed comes back and the message
stands next to the field the error names. A form never loses what was typed: escape on a
changed form asks first.

Speed: a form of the day screen is built once and refilled on each open (`refill()`, kept by
`FormPool`): building the widgets is nearly all of what opening a form costs, and it is Textual's
work, not ours. A refilled form carries nothing over from its last opening: values, errors,
focus, scroll position and undo history start afresh.

Fit: the fields scroll inside the form, the focused field is always scrolled into view, and the
form's title line says who may read the entry, so the choice is seen before saving.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, TextArea

from missiondiary.domain import Visibility
from missiondiary.errors import InvalidInput

if TYPE_CHECKING:
    from typing import Self

    from textual.app import App

    from missiondiary.domain import Day
    from missiondiary.store import Store

Result = TypeVar("Result")
Parsed = TypeVar("Parsed")

VISIBILITY_CHOICES = [
    ("private: only me", Visibility.PRIVATE.value),
    ("members: our members' posts", Visibility.MEMBERS.value),
    ("public: anyone", Visibility.PUBLIC.value),
]
VISIBILITY_WORDS = {
    Visibility.PRIVATE.value: "private: only you will read it",
    Visibility.MEMBERS.value: "members: in your members' posts",
    Visibility.PUBLIC.value: "public: anyone may read it",
}


@dataclass(frozen=True)
class Saved:
    """What applying a draft did, for the screen to show."""

    notice: str = ""
    select: tuple[str, str] | None = None  # (pane kind, entry id) to select afterwards
    day: date | None = None  # the day the entry landed on


class Draft(Protocol):
    """A form's result: what was typed (to reopen the form) and how to store it."""

    values: dict[str, str]

    def apply(self, store: Store) -> Any: ...


# defaults ------------------------------------------------------------------------------------
def default_time(day: date, now: datetime) -> str:
    """The form's day at the next round hour of the clock where the delegate is."""
    hour = min(now.hour + 1, 23)
    return f"{datetime.combine(day, datetime.min.time()) + timedelta(hours=hour):%Y-%m-%d %H:%M}"


def next_free_hour(day: date, taken: Iterable[datetime]) -> str:
    """The round hour after the day's last entry (its end, if it has one), or 09:00 on a
    day with nothing in it yet: where the next meeting most likely goes."""
    last = max((moment for moment in taken if moment.date() == day), default=None)
    if last is None:
        return f"{datetime.combine(day, time(9)):%Y-%m-%d %H:%M}"
    hour = min(last.hour + 1, 23)
    return f"{datetime.combine(day, time(hour)):%Y-%m-%d %H:%M}"


def next_free_hour_on(day: Day) -> str:
    """`next_free_hour` after every time the day's itinerary and meetings already hold."""
    taken = [item.start.local for item in day.itinerary]
    taken += [item.end.local for item in day.itinerary if item.end]
    taken += [meeting.at.local for meeting in day.meetings]
    return next_free_hour(day.date, taken)


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def with_day(text: str, day_of: str) -> str:
    """'13:10' on the day of `day_of` ('2011-11-20 09:05'), as the command line reads --end;
    anything else as typed."""
    match = _CLOCK.match(text)
    if not match or not re.match(r"^\d{4}-\d{2}-\d{2}", day_of.strip()):
        return text
    return f"{day_of.strip()[:10]} {int(match[1]):02d}:{match[2]}"


def without_field(error: InvalidInput) -> str:
    """The message as shown under its field: the field's name is already beside it."""
    return error.text if error.field else str(error)


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """IANA zone names for completion; reading the zone database takes a few frames."""
    from zoneinfo import available_timezones

    return tuple(sorted(available_timezones()))


def canonical_zone(value: str) -> str:
    """'america/los_angeles' as the zone database spells it; completion keeps typed case."""
    cleaned = value.strip()
    folded = cleaned.casefold()
    return next((name for name in zone_names() if name.casefold() == folded), cleaned)


class ZoneSuggester(Suggester):
    """Completes 'asia/sh' to 'Asia/Shanghai'; the zone list is read on the first key, not
    while the form opens."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.casefold()
        if not typed:
            return None
        return next((name for name in zone_names() if name.casefold().startswith(typed)), None)


class LastPartSuggester(Suggester):
    """Completes the part after the last separator from a list (names in a comma list)."""

    def __init__(self, choices: Iterable[str], *, separators: str = ",;", skip: int = 0) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._given = choices
        self._sorted: list[str] | None = None
        self.separators = separators
        self.skip = skip  # complete only after this many separators (Name, Role, Organisation)

    @property
    def choices(self) -> list[str]:
        """Sorted on the first key typed: a long register costs nothing while opening."""
        if self._sorted is None:
            self._sorted = sorted(set(self._given), key=str.casefold)
        return self._sorted

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


# the form --------------------------------------------------------------------------------
class EntryForm(ModalScreen[Result | None], Generic[Result]):
    """Subclasses compose fields with `field()` and turn them into a draft in `build()`.

    Dismissed with the draft, or None when cancelled. `context` holds what the form was
    opened with besides the values (mission, entry id, names for completion), so that
    `reopen()` can open the same form again.
    """

    CSS_PATH = "form.tcss"
    AUTO_FOCUS = "#title"
    # The store names its fields as the command line does ("--end"): which field here.
    FIELD_ALIASES: ClassVar[dict[str, str]] = {}
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
        # Checked before a key is handed to a field, so the focus has moved before the
        # keys typed right after tab are handed on: they land in the new field.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        values: dict[str, str],
        *,
        title: str,
        error: InvalidInput | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.values = values
        self.form_title = title
        self.context = context or {}
        self._errors: list[InvalidInput] = []
        self._first_error = error  # shown on opening (the store refused what was typed)
        self._opened_with: dict[str, str] | None = None
        self._marked: dict[str, str] = {}  # field -> the text its message is about
        self._captions: dict[str, str] = {}
        self._refilled = False  # set by refill(): the next resume is a new opening

    def reopen(self, values: dict[str, str], error: InvalidInput) -> Self:
        """The same form again, with what was typed and the store's refusal beside its field."""
        return type(self)(values, error=error, **self.context)

    # reuse ----------------------------------------------------------------------------------
    def configure(self, **context: Any) -> None:
        """What the form is about besides its values (the entry, the mission, the names to
        complete): forms that can be refilled set their attributes, `context` and
        `form_title` here, from `__init__` and again from `refill()`."""
        raise NotImplementedError(f"{type(self).__name__} cannot be refilled")

    def keep_context(self, **context: Any) -> None:
        """For `configure`: each part of the context as an attribute, and all of it as
        `context`, what `reopened` and `refill` build the form again with."""
        for name, value in context.items():
            setattr(self, name, value)
        self.context = context

    def refill(
        self, values: dict[str, str], *, error: InvalidInput | None = None, **context: Any
    ) -> Self:
        """This built form, made ready for a new opening as if it had just been built with
        these arguments: nothing of the last opening is left (values, marks and messages,
        focus, scroll position, undo history). Call it while the form is not shown."""
        self.configure(**context)
        self.values = values
        self._errors = []
        self._first_error = error
        self._opened_with = None
        self._refilled = True
        if self.is_mounted:
            self.query_one("#form").border_title = self.form_title
            self.clear_errors()
            self.fill_fields()
            self.set_focus(None)  # pushing the form focuses AUTO_FOCUS again
            self.query_one("#fields", VerticalScroll).scroll_home(animate=False)
        return self

    def field_value(self, name: str) -> str:
        """What a field shows for the values the form was given."""
        return self.values.get(name, "")

    def fill_fields(self) -> None:
        """Every field set from `values`, as `fields()` composes them."""
        for name in self._captions:
            widget = self.query_one(f"#{name}")
            value = self.field_value(name)
            if isinstance(widget, Input):
                widget.value = value
                # As in a new field: the cursor after the text, the text shown from its start.
                widget.cursor_position = len(value)
                widget.scroll_home(animate=False, immediate=True)
            elif isinstance(widget, TextArea):
                widget.load_text(value)  # clears the undo history too
                widget.move_cursor((0, 0))
                widget.scroll_home(animate=False)
            elif isinstance(widget, Select):
                widget.value = value

    def on_screen_resume(self) -> None:
        """A refilled form shown again: the same start as a new one (see on_mount). A resume
        after a question asked on top of the form (discard? same person?) changes nothing."""
        if self._refilled:
            self._refilled = False
            self._opening()

    # composing ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = self.form_title
            form.border_subtitle = "ctrl+s save · esc cancel"
            with VerticalScroll(id="fields", can_focus=False):
                yield from self.fields()
            with Horizontal(id="buttons"):
                yield Label("", id="form-note", markup=False)
                yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
                yield Button(
                    "Save", id="save", variant="primary", compact=True, action="screen.submit"
                )

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def build(self) -> Result:
        """The draft from the fields. Parse each field with `parse()` so every wrong field
        gets its message; raise InvalidInput (naming the field) for rules across fields."""
        raise NotImplementedError

    @staticmethod
    @contextmanager
    def pair() -> Iterator[None]:
        """Two fields side by side (a time and its zone)."""
        with Horizontal(classes="pair"):
            yield

    def field(self, name: str, caption: str, widget: Widget, hint: str = "") -> ComposeResult:
        """The caption beside the widget, and an optional hint under it: a one-line field
        takes one line, so most of a form shows at 80x24. Kept flat (a row of two widgets)
        because every nested container of automatic height is laid out again and again
        while a form opens; a message under a field is added only when there is one."""
        if isinstance(widget, Input):
            widget.select_on_focus = False  # typing goes on after what is there
        if isinstance(widget, Input | TextArea | Select):
            widget.compact = True
        self._captions[name] = caption
        with Horizontal(classes="field", id=f"field-{name}"):
            yield Label(caption, classes="caption", markup=False)
            yield widget
        if hint:
            yield Label(hint, classes="hint", markup=False)

    def time_and_zone(
        self, name: str, caption: str, placeholder: str, zone: str, zone_placeholder: str = ""
    ) -> ComposeResult:
        """A local time and its zone side by side; the zone completes from the IANA names."""
        with self.pair():
            time = Input(self.values[name], id=name, placeholder=placeholder)
            yield from self.field(name, caption, time)
            zone_input = Input(
                self.values[zone], id=zone, placeholder=zone_placeholder, suggester=ZoneSuggester()
            )
            yield from self.field(zone, "Zone", zone_input)

    def visibility_field(self) -> ComposeResult:
        """Who may read the entry, near the top of every form: decided before anything else
        is written, and repeated in the form's title line."""
        value = self.values.get("visibility") or Visibility.PRIVATE.value
        select = Select(VISIBILITY_CHOICES, value=value, allow_blank=False, id="visibility")
        yield from self.field("visibility", "Who may read it", select)

    # reading fields ---------------------------------------------------------------------
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

    def typed(self) -> dict[str, str]:
        """Every field as it stands, to reopen the form with."""
        return {name: self.text(name) for name in self.values}

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

    # opening ------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._refilled = False  # built for this opening; nothing to refill
        self._opening()

    def _opening(self) -> None:
        self._show_visibility()
        if self._first_error is not None:
            self.show_errors([self._first_error])
        self.call_after_refresh(self._remember_opening)

    def _remember_opening(self) -> None:
        self._opened_with = self.typed()

    @property
    def changed(self) -> bool:
        """Something was typed since the form opened."""
        return self._opened_with is not None and self.typed() != self._opened_with

    @on(Select.Changed, "#visibility")
    def _show_visibility(self) -> None:
        form = self.query_one("#form")
        if self.query("#visibility"):
            words = VISIBILITY_WORDS.get(self.text("visibility"), "")
            form.border_subtitle = f"{words} · ctrl+s save · esc cancel"

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The whole field (caption and widget) comes into view, not just its widget."""
        self.call_after_refresh(self._scroll_to_focused)

    def _scroll_to_focused(self) -> None:
        """Whatever has the focus once the keys typed so far are handled: several tabs in
        one burst must end with the last field in view, not the first."""
        focused = self.focused
        if focused is None:
            return
        row = next((a for a in focused.ancestors if a.has_class("field")), focused)
        fields = self.query_one("#fields", VerticalScroll)
        if row in fields.ancestors or row is fields:
            return
        fields.scroll_to_widget(row, animate=False)

    @on(Input.Submitted)
    def _enter_in_field(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.enter_pressed(event.input):
            self.action_submit()

    def enter_pressed(self, field: Input) -> bool:
        """Enter in a one-line field saves the form unless this returns True (handled)."""
        return False

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typing_again(self, event: Input.Changed | TextArea.Changed) -> None:
        """Typing in a marked field clears its mark: the delegate is fixing it."""
        widget = event.control
        name = widget.id or ""
        if name in self._marked and self._marked[name] != self.text(name):
            del self._marked[name]
            widget.remove_class("-invalid")
            for label in self.query(f"#{widget.id}-error"):
                label.remove_class("-shown")

    # errors ---------------------------------------------------------------------------------
    def field_for(self, error: InvalidInput) -> str:
        """The field here that an error names (the store's names too), or ''."""
        name = self.FIELD_ALIASES.get(error.field, error.field)
        return name if name in self._captions else ""

    def _error_label(self, name: str) -> Label:
        """The line under a field that holds its message, added the first time it has one."""
        found = self.query(f"#{name}-error")
        if found:
            return found.first(Label)
        label = Label("", classes="field-error", id=f"{name}-error", markup=False)
        row = self.query_one(f"#field-{name}")
        parent = row.parent
        if isinstance(parent, Widget) and parent.has_class("pair"):
            row = parent  # a message under the pair, naming which of the two it is about
            label.add_class("-in-pair")
        self.query_one("#fields").mount(label, after=row)
        return label

    def show_errors(self, errors: Sequence[InvalidInput], *, focus: bool = True) -> None:
        """Each message under its field; one naming no field goes to the note by the
        buttons. Focus goes to the first field that is wrong, scrolled into view."""
        first: Widget | None = None
        notes: list[str] = []
        for error in errors:
            name = self.field_for(error)
            if not name:
                notes.append(str(error))
                continue
            label = self._error_label(name)
            message = without_field(error)
            label.update(
                f"{self._captions[name]}: {message}" if label.has_class("-in-pair") else message
            )
            label.add_class("-shown")
            widget = self.query_one(f"#{name}")
            widget.add_class("-invalid")
            self._marked[name] = self.text(name)
            first = first or widget
        note = self.query_one("#form-note", Label)
        note.update("; ".join(notes) if notes else "Fix the marked fields" if first else "")
        if first is not None and focus:
            first.focus()
            self.call_after_refresh(first.scroll_visible, animate=False)

    def clear_errors(self) -> None:
        for label in self.query(".field-error.-shown"):
            label.remove_class("-shown")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        self._marked.clear()
        self.query_one("#form-note", Label).update("")

    # actions --------------------------------------------------------------------------------
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
        """Close; what was typed is thrown away only once the delegate says so."""
        if not self.changed:
            self.dismiss(None)
            return
        from missiondiary.tui.modals.confirm import ConfirmModal

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal(
                "Throw away what you typed in this form?",
                "Keep editing to go back to the form; ctrl+s there saves it.",
                yes="Throw away",
                no="Keep editing",
            ),
            answered,
        )


# reuse --------------------------------------------------------------------------------------
Form = TypeVar("Form", bound=EntryForm[Any])


class FormPool:
    """One built form per kind for a screen (the day screen's itinerary, meeting and follow-up
    forms): taken, refilled and shown again instead of built on every opening.

    A form is kept by installing it in the app (Textual removes a dismissed screen unless it
    is installed). While a kind's form is on the screen stack (a second form of the same kind
    opened before the first is dismissed), another one is built for that opening only.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._forms: dict[type[EntryForm[Any]], EntryForm[Any]] = {}

    def take(self, kind: type[Form], values: dict[str, str], **context: Any) -> Form:
        """The kind's form, ready to push, filled with `values` and nothing else."""
        form = self._forms.get(kind)
        if form is None:
            return self._keep(kind(values, **context))
        if form in self.app.screen_stack:
            return kind(values, **context)
        return form.refill(values, **context)  # type: ignore[return-value]

    def _keep(self, form: Form) -> Form:
        self._forms[type(form)] = form
        self.app.install_screen(form, f"missiondiary-form-{id(self)}-{type(form).__name__}")
        return form

    def close(self) -> None:
        """Let the forms go with the screen that kept them."""
        for form in self._forms.values():
            if form in self.app.screen_stack:
                continue  # removed by Textual when it is dismissed, once uninstalled
            self.app.uninstall_screen(form)
            if form.is_running:
                form.remove()
        self._forms.clear()
