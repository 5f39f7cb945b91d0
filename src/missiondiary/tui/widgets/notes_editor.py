"""The selected meeting's working notes or summary, saved as the delegate types.

The editor never writes: it asks for a save (`Save`) a moment after the last keystroke, at
least every `MAX_WAIT_SECONDS` while the typing goes on, and when it loses focus, and keeps
what was typed as a draft until the screen reports it stored (`mark_saved`). A draft always
wins over older text coming back from the store, and a save that failed keeps its draft on
screen for the screen to try again (`failed`) or write elsewhere (`unsaved`).

The promise (tests/test_crash.py, with the app killed at random): whatever was typed more
than a second ago is in the diary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from importlib.util import find_spec
from typing import ClassVar, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Label, TextArea

from missiondiary.domain import Meeting

Field = Literal["notes", "summary"]
Key = tuple[str, Field]


def markdown_language() -> str | None:
    """Markdown highlighting needs tree-sitter and its grammar; plain text otherwise."""
    if find_spec("tree_sitter") and find_spec("tree_sitter_markdown"):
        return "markdown"
    return None


class NotesEditor(Vertical):
    # A save is asked for after a pause in the typing, or at the latest MAX_WAIT after the
    # first unsaved key, so a key is on its way to the diary within half a second even
    # mid-sentence; the write itself takes milliseconds. Together: typed a second ago,
    # stored, with half a second to spare for a busy machine.
    DEBOUNCE_SECONDS = 0.3
    MAX_WAIT_SECONDS = 0.5
    LABELS: ClassVar[dict[Field, str]] = {
        "notes": "Working notes — private, never published",
        "summary": "Summary — what members read",
    }
    # Where the whole label would be cut (three panes side by side), the words that say the
    # most in the width there is: never an ellipsis in what says who reads the text.
    SHORT_LABELS: ClassVar[dict[Field, str]] = {
        "notes": "Working notes — private",
        "summary": "Summary — members read it",
    }
    STATUS_ROOM = 10  # the status's width and margin, kept free so the label stays put

    DEFAULT_CSS = """
    NotesEditor {
        height: 1fr;
        #editor-head { height: 1; }
        #editor-label { width: 1fr; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
        #editor-label.-summary { color: $text-success; }
        #editor-label.-notes { color: $text-error; }
        /* One width for every status, so a new one is drawn without a new layout. */
        #editor-status {
            width: 9; text-align: right; color: $text-muted; margin-left: 1; display: none;
        }
        #editor-status.-shown { display: block; }
        #editor-status.-error { color: $text-error; }
        TextArea { height: 1fr; border: round $foreground 25%; padding: 0 1; }
        TextArea:focus { border: round $primary; }
    }
    """

    field: reactive[Field] = reactive("notes", init=False)
    status: reactive[str] = reactive("")
    read_only: reactive[bool] = reactive(False, init=False)

    @dataclass
    class Save(Message):
        """Store this text as the meeting's notes or summary."""

        meeting_id: str
        field: Field
        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._meeting: Meeting | None = None
        self._drafts: dict[Key, str] = {}  # typed, not yet confirmed stored
        self._sent: dict[Key, str] = {}  # handed to the screen, save under way
        self._failed: set[Key] = set()  # a save of these failed: retry, or write elsewhere
        self._timer: Timer | None = None
        self._first_unsaved: float | None = None  # monotonic time of the oldest unsent key
        self._shown: Key | None = None
        self._settled = ""  # the area's text as last loaded or taken as typing

    def compose(self) -> ComposeResult:
        with Horizontal(id="editor-head"):
            yield Label(self.LABELS["notes"], id="editor-label", classes="-notes")
            yield Label("", id="editor-status")
        yield TextArea(
            language=markdown_language(),
            soft_wrap=True,
            tab_behavior="focus",
            placeholder="Select or add a meeting to take notes.",
            id="editor-text",
        )

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#editor-text", TextArea)

    @property
    def meeting_id(self) -> str | None:
        return self._meeting.id if self._meeting else None

    @property
    def current_text(self) -> str:
        return self.text_area.text

    # what the screen gives ------------------------------------------------
    def show_meeting(self, meeting: Meeting | None) -> None:
        """Show this meeting (or a newer copy of it); unsaved drafts stay on screen."""
        self._meeting = meeting
        self._load()

    @property
    def failed(self) -> bool:
        """A save failed and its text is still only here."""
        return bool(self._failed & self._drafts.keys())

    @property
    def unsaved(self) -> dict[Key, str]:
        """Every text typed and not yet confirmed stored, by (meeting id, field)."""
        return dict(self._drafts)

    def mark_saved(self, meeting_id: str, field: Field, text: str) -> None:
        key: Key = (meeting_id, field)
        if self._drafts.get(key) == text:
            del self._drafts[key]
            self._failed.discard(key)
        if self._sent.get(key) == text:
            del self._sent[key]
        if self._meeting and self._meeting.id == meeting_id:
            self._meeting = replace(self._meeting, **{field: text})
        if key == self._key() and key not in self._drafts:
            self._set_status("saved")

    def mark_failed(self, meeting_id: str, field: Field, text: str | None = None) -> None:
        key: Key = (meeting_id, field)
        if text is None or self._sent.get(key) == text:
            self._sent.pop(key, None)  # the next flush tries again
        if key in self._drafts:
            self._failed.add(key)
        if key == self._key():
            self._set_status("not saved", error=True)

    def forget_draft(self, meeting_id: str, field: Field) -> None:
        """The meeting is gone (deleted elsewhere): its text can only be written elsewhere,
        which the screen has done; stop trying to save it."""
        key: Key = (meeting_id, field)
        self._drafts.pop(key, None)
        self._sent.pop(key, None)
        self._failed.discard(key)

    def take_pending(self) -> list[Save]:
        """Every draft not yet handed over, for the screen to save now (day change, quit)."""
        self._stop_timer()
        self._first_unsaved = None
        pending = []
        for key, text in self._drafts.items():
            if self._sent.get(key) != text:  # not already on its way
                self._sent[key] = text
                pending.append(self.Save(key[0], key[1], text))
        if pending and self._key() in self._drafts and self._key() not in self._failed:
            self._set_status("saving…")
        return pending

    def take_external(self, text: str) -> None:
        """Text edited outside the app ($EDITOR): show it and save it at once."""
        key = self._key()
        if key is None:
            return
        self._drafts[key] = text
        self._load()
        self._request_save()

    # internals -------------------------------------------------------------
    def _key(self) -> Key | None:
        return (self._meeting.id, self.field) if self._meeting else None

    def _stored(self) -> str:
        return getattr(self._meeting, self.field) if self._meeting else ""

    def _known(self) -> str:
        key = self._key()
        return self._drafts.get(key, self._stored()) if key else ""

    def _load(self) -> None:
        area = self.text_area
        key = self._key()
        if key is not None and key == self._shown and area.text != self._settled:
            # Keys typed a moment ago whose Changed message is still on its way: they are
            # the newest text, and text coming back from the diary must not undo them.
            self._note_typing(key, area.text)
        text = self._known()
        self._settled = text
        if area.text != text:
            # The same text changed elsewhere (another window, the command line): keep the
            # cursor where it was, as far as the new text allows.
            cursor = area.cursor_location if key == self._shown else None
            area.load_text(text)
            if cursor is not None:
                area.move_cursor(cursor)  # clamped to the new text
        area.read_only = self.read_only or self._meeting is None
        if self._meeting is None:
            area.placeholder = "Select or add a meeting to take notes."
        elif self.field == "notes":
            area.placeholder = "Type your notes on this meeting; they save themselves."
        else:
            area.placeholder = "What members may read about this meeting."
        if key != self._shown:  # another meeting or field: its own status
            self._shown = key
            if key in self._failed and key in self._drafts:
                self._set_status("not saved", error=True)
            elif key in self._drafts:
                self._set_status("editing…")
            else:
                self._set_status("")

    def _set_status(self, text: str, *, error: bool = False) -> None:
        """The words beside the label. Typing sets them at every key and saves every half
        second: only showing or hiding them lays the screen out again."""
        status = self.query_one("#editor-status", Label)
        if text == self.status and status.has_class("-error") == error:
            return
        self.status = text
        status.update(text, layout=False)
        status.set_class(error, "-error")
        status.set_class(bool(text), "-shown")

    def label_for(self, field: Field, width: int) -> str:
        """The field's label, whole when it fits beside the status, else its short form."""
        whole = self.LABELS[field]
        return whole if len(whole) <= width - self.STATUS_ROOM else self.SHORT_LABELS[field]

    def on_resize(self) -> None:
        self._fit_label()

    def _fit_label(self) -> None:
        label = self.query_one("#editor-label", Label)
        text = self.label_for(self.field, self.content_region.width)
        if str(label.content) != text:
            label.update(text)

    def watch_field(self, field: Field) -> None:
        label = self.query_one("#editor-label", Label)
        label.update(self.label_for(field, self.content_region.width))
        label.set_class(field == "notes", "-notes")
        label.set_class(field == "summary", "-summary")
        self._load()

    def watch_read_only(self, read_only: bool) -> None:
        self._load()

    def toggle_field(self) -> None:
        self.field = "summary" if self.field == "notes" else "notes"

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        key = self._key()
        if key is None or self.read_only or event.text_area.text == self._known():
            return  # the text we loaded ourselves, not typing
        self._note_typing(key, event.text_area.text)

    def _note_typing(self, key: Key, text: str) -> None:
        self._drafts[key] = text
        self._settled = text
        if key not in self._failed:
            self._set_status("editing…")
        now = time.monotonic()
        if self._first_unsaved is None:
            self._first_unsaved = now
        wait = min(self.DEBOUNCE_SECONDS, self._first_unsaved + self.MAX_WAIT_SECONDS - now)
        self._stop_timer()
        if wait < 0.01:
            # Past the longest wait (a busy machine may run a timer late): save now. Not a
            # timer of 0 s either: Textual's timers divide by their interval.
            self._request_save()
        else:
            self._timer = self.set_timer(wait, self._request_save)

    @on(events.DescendantFocus)
    def _entered(self, event: events.DescendantFocus) -> None:
        area = self.text_area
        if event.widget is area and area.cursor_location == (0, 0) and area.text:
            area.move_cursor(area.document.end)  # notes grow at the end

    @on(events.DescendantBlur)
    def _left(self, event: events.DescendantBlur) -> None:
        if self._drafts:
            self._request_save()

    def _request_save(self) -> None:
        for save in self.take_pending():
            self.post_message(save)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
