"""Add or edit a follow-up: what, who owns it, by when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.widgets import Input

from missiondiary.domain import FollowUp, Visibility, parse_date
from missiondiary.errors import InvalidInput
from missiondiary.tui.modals.form import EntryForm, LastPartSuggester, Saved

if TYPE_CHECKING:
    from missiondiary.store import Store


@dataclass(frozen=True)
class FollowUpDraft:
    values: dict[str, str]
    text: str
    owner: str
    due: date | None
    visibility: Visibility
    followup_id: str | None = None
    mission_id: str = ""
    day: date | None = None  # the day it was noted (a new follow-up)

    def apply(self, store: Store) -> Saved:
        """One write: the follow-up noted on its day, or the one edited changed."""
        fields = {
            "text": self.text,
            "owner": self.owner,
            "due": self.due,
            "visibility": self.visibility,
        }
        if self.followup_id:
            followup = store.update_followup(self.followup_id, **fields)
        else:
            assert self.day is not None, "a new follow-up is noted on a day"
            followup = store.add_followup(self.mission_id, day=self.day, **fields)
        return Saved(select=("followup", followup.id))


def values_for_new() -> dict[str, str]:
    return {"text": "", "visibility": Visibility.PRIVATE.value, "owner": "", "due": ""}


def values_for_followup(followup: FollowUp) -> dict[str, str]:
    return {
        "text": followup.text,
        "visibility": followup.visibility.value,
        "owner": followup.owner,
        "due": followup.due.isoformat() if followup.due else "",
    }


class FollowUpForm(EntryForm[FollowUpDraft]):
    AUTO_FOCUS = "#text"
    FIELD_ALIASES: ClassVar[dict[str, str]] = {"TEXT": "text"}

    def __init__(
        self,
        values: dict[str, str],
        *,
        mission_id: str = "",
        day: date | None = None,
        people: Sequence[str] = (),
        followup_id: str | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        super().__init__(values, title="", error=error)
        self.configure(mission_id=mission_id, day=day, people=people, followup_id=followup_id)

    def configure(  # type: ignore[override]
        self,
        *,
        mission_id: str = "",
        day: date | None = None,
        people: Sequence[str] = (),
        followup_id: str | None = None,
    ) -> None:
        self.keep_context(mission_id=mission_id, day=day, people=people, followup_id=followup_id)
        self.form_title = "Edit follow-up" if followup_id else "Add a follow-up"
        if self.is_mounted:
            self.query_one("#owner", Input).suggester = LastPartSuggester(people)

    def fields(self) -> ComposeResult:
        values = self.values
        yield from self.field(
            "text",
            "What is owed",
            Input(values["text"], id="text", placeholder="Send the MOU to the Jinshan Group"),
        )
        yield from self.visibility_field()
        yield from self.field(
            "owner",
            "Who owns it",
            Input(values["owner"], id="owner", suggester=LastPartSuggester(self.people)),
        )
        yield from self.field(
            "due", "Due (optional)", Input(values["due"], id="due", placeholder="YYYY-MM-DD")
        )

    def build(self) -> FollowUpDraft:
        text = " ".join(self.text("text").split())
        if not text:
            self._errors.append(InvalidInput("text", "a follow-up needs some text"))
        due_text = self.text("due").strip()
        due = self.parse(parse_date, due_text, "due") if due_text else None
        self.stop_if_invalid()
        return FollowUpDraft(
            values=self.typed(),
            text=text,
            owner=" ".join(self.text("owner").split()),
            due=due,
            visibility=Visibility(self.text("visibility")),
            followup_id=self.followup_id,
            mission_id=self.mission_id,
            day=self.day,
        )
