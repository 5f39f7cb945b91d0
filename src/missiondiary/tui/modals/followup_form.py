"""Add or edit a follow-up: what, who owns it, by when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input

from missiondiary.domain import FollowUp, Visibility, parse_date
from missiondiary.errors import InvalidInput
from missiondiary.tui.modals.form import EntryForm, LastPartSuggester


@dataclass(frozen=True)
class FollowUpDraft:
    values: dict[str, str]
    text: str
    owner: str
    due: date | None
    visibility: Visibility
    followup_id: str | None = None


def values_for_new() -> dict[str, str]:
    return {"text": "", "owner": "", "due": "", "visibility": Visibility.PRIVATE.value}


def values_for_followup(followup: FollowUp) -> dict[str, str]:
    return {
        "text": followup.text,
        "owner": followup.owner,
        "due": followup.due.isoformat() if followup.due else "",
        "visibility": followup.visibility.value,
    }


class FollowUpForm(EntryForm[FollowUpDraft]):
    AUTO_FOCUS = "#text"

    def __init__(
        self,
        values: dict[str, str],
        *,
        people: Sequence[str] = (),
        followup_id: str | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        super().__init__(title="Edit follow-up" if followup_id else "Add a follow-up", error=error)
        self.values = values
        self.people = people
        self.followup_id = followup_id

    def fields(self) -> ComposeResult:
        values = self.values
        yield from self.field(
            "text",
            "What happens next",
            Input(values["text"], id="text", placeholder="Send the MOU to the Jinshan Group"),
        )
        yield from self.field(
            "owner",
            "Who owns it",
            Input(values["owner"], id="owner", suggester=LastPartSuggester(self.people)),
        )
        yield from self.field(
            "due",
            "Due (YYYY-MM-DD, optional)",
            Input(values["due"], id="due", placeholder="YYYY-MM-DD"),
        )
        yield from self.field(
            "visibility",
            "Who may read it",
            self.visibility_select(Visibility(values["visibility"])),
        )

    def build(self) -> FollowUpDraft:
        text = " ".join(self.text("text").split())
        if not text:
            self._errors.append(InvalidInput("text: a follow-up needs some text"))
        due_text = self.text("due").strip()
        due = self.parse(parse_date, due_text, "due") if due_text else None
        self.stop_if_invalid()
        return FollowUpDraft(
            values={name: self.text(name) for name in self.values},
            text=text,
            owner=" ".join(self.text("owner").split()),
            due=due,
            visibility=Visibility(self.text("visibility")),
            followup_id=self.followup_id,
        )
