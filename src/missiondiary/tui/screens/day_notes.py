"""The day screen's notes: typed notes save themselves a moment after the last key, are tried
again while the diary refuses them, and go to a file when they cannot go in (ctrl+s, quitting).

A part of `DayScreen` (screens/day.py), kept apart so the screen's loading and writing read on
their own; its handlers are named after the messages they take (`on_text_saved`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from missiondiary.domain import Meeting
from missiondiary.errors import DiaryError, InvalidInput, NotFound
from missiondiary.tui.external_editor import edit_in_editor
from missiondiary.tui.unsaved import UnsavedText, write_unsaved_notes
from missiondiary.tui.widgets.notes_editor import NotesEditor
from missiondiary.tui.writer import Superseded

if TYPE_CHECKING:
    from textual.timer import Timer


@dataclass
class TextSaved(Message):
    meeting: Meeting
    field: str
    text: str


@dataclass
class TextFailed(Message):
    meeting_id: str
    field: str
    text: str
    message: str
    retry: bool  # worth trying again (a lock, a full disk), not a meeting that is gone


@dataclass
class TextSuperseded(Message):
    """A save skipped because a newer one of the same text follows it."""


@dataclass
class NotesWritten(Message):
    path: Path | None
    message: str
    keys: tuple[tuple[str, str], ...] = ()  # drafts that can now be let go


class NotesKeeping:
    """The notes' part of the day screen (its state is set in `DayScreen.__init__`)."""

    # A busy diary is tried again by the app's writer (tui/writer.py); notes that still could
    # not be saved stay in the editor and are tried again every RETRY_SECONDS.
    RETRY_SECONDS = 3.0
    _retry_timer: Timer | None

    # autosave -----------------------------------------------------------------
    def on_notes_editor_save(self, message: NotesEditor.Save) -> None:
        message.stop()
        self._save(message)

    def _save(self, save: NotesEditor.Save) -> None:
        self._writes_running += 1
        ticket = self.writer.ticket()
        self._text_tickets[(save.meeting_id, save.field)] = ticket
        self._save_text(ticket, save)

    @work(thread=True, group="write")
    def _save_text(self, ticket: int, save: NotesEditor.Save) -> None:
        key = (save.meeting_id, save.field)
        try:
            meeting = self.writer.run(
                ticket,
                lambda store: store.save_meeting_text(save.meeting_id, **{save.field: save.text}),
                stale=lambda: self._text_tickets.get(key) != ticket,
            )
        except Superseded:
            self.post_message(TextSuperseded())
            return
        except DiaryError as error:
            retry = not isinstance(error, NotFound | InvalidInput)
            self.post_message(TextFailed(save.meeting_id, save.field, save.text, str(error), retry))
            return
        self._stored_texts[key] = save.text
        self.post_message(TextSaved(meeting, save.field, save.text))

    def on_text_saved(self, message: TextSaved) -> None:
        meeting = message.meeting
        if self.loaded is not None and any(m.id == meeting.id for m in self.loaded.meetings):
            # Keep the day's copy current so the editor never falls back to older text.
            meetings = tuple(meeting if m.id == meeting.id else m for m in self.loaded.meetings)
            self.loaded = replace(self.loaded, meetings=meetings)
            self.meetings_pane.day = self.loaded
        self.editor.mark_saved(meeting.id, message.field, message.text)  # type: ignore[arg-type]
        if self._saves_failing and not self.editor.failed:
            self._saves_failing = False
            self.notify("Your notes are in the diary now.", title="Notes saved")
        self._write_settled()

    def on_text_superseded(self, message: TextSuperseded) -> None:
        self._write_settled()

    def on_text_failed(self, message: TextFailed) -> None:
        """The text stays in the editor ("not saved"): tried again every few seconds, or
        written to a file with ctrl+s. Text for a meeting that is gone goes to a file now."""
        self._write_settled()
        field = message.field
        self.editor.mark_failed(message.meeting_id, field, message.text)  # type: ignore[arg-type]
        if not message.retry:
            self.notify(message.message, title="Notes not saved", severity="error")
            self.save_elsewhere([(message.meeting_id, field)], forget=True)
            return
        if not self._saves_failing:
            self._saves_failing = True
            self.notify(
                f"{message.message}\nYour notes stay here and are tried again every "
                f"{self.RETRY_SECONDS:g} s; ctrl+s writes them to a file.",
                title="Notes not saved",
                severity="error",
                timeout=12,
            )
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(self.RETRY_SECONDS, self._retry_saves)

    def _retry_saves(self) -> None:
        if not self.editor.failed:
            if self._retry_timer is not None:
                self._retry_timer.stop()
                self._retry_timer = None
            return
        self._flush_editor()

    # notes to a file ------------------------------------------------------------------
    def action_save_now(self) -> None:
        """ctrl+s, as in the forms: the notes save themselves, so this only hurries them;
        while the diary refuses them, it writes them to a file instead."""
        if self.editor.failed:
            self.action_save_elsewhere()
        else:
            self._flush_editor()

    def action_save_elsewhere(self) -> None:
        """Typed notes to a file the delegate can find: every unsaved draft, or, when all
        is saved, the notes on screen (a copy on request)."""
        keys = list(self.editor.unsaved)
        if not keys and self.editor.meeting_id is not None:
            keys = [(self.editor.meeting_id, self.editor.field)]
        if not keys:
            self.notify("Select a meeting first: its notes are what gets written.")
            return
        self.save_elsewhere(keys)

    def save_elsewhere(self, keys: list[tuple[str, str]], *, forget: bool = False) -> None:
        titles = {m.id: m.title for m in (self.loaded.meetings if self.loaded else ())}
        unsaved = self.editor.unsaved
        texts = []
        for meeting_id, field in keys:
            if (meeting_id, field) in unsaved:
                text = unsaved[(meeting_id, field)]  # type: ignore[index]
            elif meeting_id == self.editor.meeting_id and field == self.editor.field:
                text = self.editor.current_text
            else:
                continue
            texts.append(UnsavedText(titles.get(meeting_id, f"meeting {meeting_id}"), field, text))
        if texts:
            self._write_notes_file(texts, tuple(keys) if forget else ())

    @work(thread=True, group="notes-file")
    def _write_notes_file(
        self, texts: list[UnsavedText], forget: tuple[tuple[str, str], ...]
    ) -> None:
        try:
            path = write_unsaved_notes(self.db_path, texts)
        except DiaryError as error:
            self.post_message(NotesWritten(None, str(error)))
            return
        self.post_message(NotesWritten(path, f"Notes written to {path}", forget))

    def on_notes_written(self, message: NotesWritten) -> None:
        if message.path is None:
            self.notify(message.message, title="Notes not written", severity="error", timeout=20)
            return
        for meeting_id, field in message.keys:
            self.editor.forget_draft(meeting_id, field)  # type: ignore[arg-type]
        self.notify(message.message, title="Notes saved to a file", timeout=20)

    def unsaved_notes_to_file(self) -> Path | None:
        """At quit: drafts the diary would not take go to a file (on the UI thread; the
        app is closing). None when there were none."""
        unsaved = {
            key: text
            for key, text in self.editor.unsaved.items()
            if self._stored_texts.get(key) != text
        }
        if not unsaved:
            return None
        titles = {m.id: m.title for m in (self.loaded.meetings if self.loaded else ())}
        texts = [
            UnsavedText(titles.get(meeting_id, f"meeting {meeting_id}"), field, text)
            for (meeting_id, field), text in unsaved.items()
        ]
        return write_unsaved_notes(self.db_path, texts)

    def _flush_editor(self) -> None:
        for save in self.editor.take_pending():
            self._save(save)

    async def flush(self) -> None:
        """Save whatever was typed and wait until it is in the diary (quitting, publishing)."""
        self._flush_editor()
        await self.workers_done("write")

    async def workers_done(self, group: str) -> None:
        for worker in list(self.workers):
            if worker.node is self and worker.group == group and not worker.is_finished:
                await worker.wait()

    # notes -------------------------------------------------------------------------------
    def action_toggle_text(self) -> None:
        self.editor.toggle_field()
        self.refresh_bindings()

    def action_show_text(self, field: str) -> None:
        self.editor.field = "summary" if field == "summary" else "notes"
        self.refresh_bindings()

    def action_external_edit(self) -> None:
        """The selected meeting's notes (or summary) in $EDITOR; saved when it closes."""
        if self._refuse():
            return
        meeting = self.meetings_pane.selected_meeting
        if meeting is None:
            self.notify("Select a meeting first: its notes open in your editor.")
            return
        if self.editor.meeting_id != meeting.id:
            self.editor.show_meeting(meeting)
        before = self.editor.current_text
        after, problem = edit_in_editor(self.app, before)
        if problem:
            self.notify(problem, title="Editor did not run", severity="error")
            return
        if after is not None and after != before:
            self.editor.take_external(after)
