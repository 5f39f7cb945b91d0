"""The day screen's entries: add, open, tick, change who may read, delete and undo.

A part of `DayScreen` (screens/day.py): each action becomes one change run by the screen's
`write`, so writes keep the order the delegate made them in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from missiondiary.domain import FollowUp, FollowUpStatus, ItineraryItem, Meeting
from missiondiary.store import Store
from missiondiary.tui.widgets.pane import EntryPane
from missiondiary.tui.writer import Written

if TYPE_CHECKING:
    from missiondiary.errors import InvalidInput
    from missiondiary.tui.modals.form import Draft, EntryForm

PANES = ("itinerary", "meeting", "followup")
ENTITY_WORDS = {"itinerary": "itinerary item", "meeting": "meeting", "followup": "follow-up"}


class EntryActions:
    """The entries' part of the day screen."""

    def _selected(self) -> tuple[str, str] | None:
        """The entry the delegate is on: the selected one in the active pane."""
        entry_id = self.pane(self.active_pane).selected_id
        return (self.active_pane, entry_id) if entry_id else None

    def _target(self) -> tuple[str, str] | None:
        """The selected entry, to change: None when there is none or the day is read-only
        (which the delegate is told)."""
        if self._refuse() or self.loaded is None:
            return None
        return self._selected()

    def _loaded_entry(
        self, kind: str, entry_id: str | None
    ) -> ItineraryItem | Meeting | FollowUp | None:
        """The entry of that kind as the day was last loaded; None if it is not there."""
        if self.loaded is None:
            return None
        entries = {
            "itinerary": self.loaded.itinerary,
            "meeting": self.loaded.meetings,
            "followup": self.loaded.followups,
        }.get(kind, ())
        return next((entry for entry in entries if entry.id == entry_id), None)

    def _form(self, kind: str, values: dict[str, str], **context: Any) -> EntryForm[Any]:
        """A kept form of the kind, refilled with `values`; the names it completes from."""
        from missiondiary.tui.modals import followup_form, itinerary_form, meeting_form

        names: dict[str, Any] = {}
        if kind in ("meeting", "followup"):
            names["people"] = self.people
        if kind == "meeting":
            names["organisations"] = self.organisations
        form = {
            "itinerary": itinerary_form.ItineraryForm,
            "meeting": meeting_form.MeetingForm,
            "followup": followup_form.FollowUpForm,
        }[kind]
        return self.forms.take(form, values, mission_id=self.mission_id, **names, **context)

    def action_add(self) -> None:
        if self._refuse() or self.loaded is None:
            return
        from missiondiary.tui.modals import followup_form, itinerary_form, meeting_form

        kind, day = self.active_pane, self.loaded
        if kind == "itinerary":
            self.open_form(self._form(kind, itinerary_form.values_for_new(day)))
        elif kind == "meeting":
            self.open_form(self._form(kind, meeting_form.values_for_new(day)))
        else:
            self.open_form(self._form(kind, followup_form.values_for_new(), day=self.day))

    def action_open(self) -> None:
        selected = self._selected()
        if selected:
            self.open_entry(*selected)

    def on_entry_pane_opened(self, message: EntryPane.Opened) -> None:
        self.open_entry(message.kind, message.entry_id)

    def open_entry(self, kind: str, entry_id: str) -> None:
        """The entry's form, filled in with what is stored (notes as typed, if newer)."""
        if self._refuse() or self.loaded is None:
            return
        from missiondiary.tui.modals import followup_form, itinerary_form, meeting_form

        entry = self._loaded_entry(kind, entry_id)
        if isinstance(entry, ItineraryItem):
            values = itinerary_form.values_for_item(entry)
            self.open_form(self._form(kind, values, item_id=entry.id))
        elif isinstance(entry, Meeting):
            editing = self.editor.meeting_id == entry.id and self.editor.field == "notes"
            notes = self.editor.current_text if editing else None
            self._flush_editor()
            values = meeting_form.values_for_meeting(entry, notes)
            self.open_form(self._form(kind, values, meeting_id=entry.id))
        elif isinstance(entry, FollowUp):
            values = followup_form.values_for_followup(entry)
            self.open_form(self._form(kind, values, followup_id=entry.id))

    def open_form(self, form: EntryForm[Any]) -> None:
        """A form whose draft becomes one write; if the store refuses it, the form comes
        back with what was typed and the message beside its field."""
        kind, context = type(form), dict(form.context)  # a kept form is refilled later

        def done(draft: Draft | None) -> None:
            if draft is None:
                return

            def change(store: Store) -> Written:
                saved = draft.apply(store)
                return Written(notice=saved.notice, select=saved.select, day=saved.day)

            def retry(error: InvalidInput) -> None:
                self.open_form(self.forms.take(kind, draft.values, error=error, **context))

            self.write(change, retry=retry)

        self.app.push_screen(form, done)

    def action_toggle_done(self) -> None:
        if self._refuse():
            return
        if self.active_pane != "followup":
            self.notify("Space ticks a follow-up: move to Follow-ups with tab first.")
            return
        followup = self._loaded_entry("followup", self.followup_pane.selected_id)
        if not isinstance(followup, FollowUp):
            return
        status = (
            FollowUpStatus.OPEN
            if followup.status is not FollowUpStatus.OPEN
            else (FollowUpStatus.DONE)
        )
        when = self.day

        def change(store: Store) -> Written:
            store.set_followup_status(followup.id, status, on=when)
            return Written(select=("followup", followup.id))

        self.write(change)

    def action_cycle_visibility(self) -> None:
        selected = self._target()
        if selected is None:
            return
        kind, entry_id = selected
        entry = self._loaded_entry(kind, entry_id)
        if entry is None:
            return
        visibility = entry.visibility.next()

        def change(store: Store) -> Written:
            store.set_visibility(kind, entry_id, visibility)
            return Written(select=(kind, entry_id))

        self.write(change)

    def action_delete(self) -> None:
        selected = self._target()
        if selected is None:
            return
        kind, entry_id = selected
        from missiondiary.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if kind == "meeting":
                self._flush_editor()  # the notes go with it, and come back with undo

            def change(store: Store) -> Written:
                label = store.delete_entry(kind, entry_id)
                return Written(notice=f"Deleted {ENTITY_WORDS[kind]} '{label}'. Press u to undo.")

            self.write(change)

        label = self._label(kind, entry_id)
        question = f"Delete the {ENTITY_WORDS[kind]} '{label}'?"
        self.app.push_screen(ConfirmModal(question, "u brings it back."), answered)

    def _label(self, kind: str, entry_id: str) -> str:
        entry = self._loaded_entry(kind, entry_id)
        if entry is None:
            return ENTITY_WORDS.get(kind, "entry")
        return entry.text if isinstance(entry, FollowUp) else entry.title

    def action_undo(self) -> None:
        if self._refuse():
            return
        self._flush_editor()

        def change(store: Store) -> Written:
            undone = store.undo()
            entity = undone.entity if undone.entity in PANES else None
            select = (entity, undone.entity_id) if entity and undone.action != "insert" else None
            return Written(notice=undone.undone_words(), select=select)

        self.write(change)
