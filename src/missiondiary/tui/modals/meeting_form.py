"""Add or edit a meeting: when, with whom, what was said and agreed, who may read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from missiondiary.domain import (
    Attendee,
    Day,
    Meeting,
    Moment,
    Outcome,
    Visibility,
    format_amount,
    name_key,
    parse_amount,
    parse_currency,
    split_organisations,
)
from missiondiary.domain.names import similar_names
from missiondiary.errors import InvalidInput
from missiondiary.timeline import check_zone, moment_from_text
from missiondiary.tui.modals.form import (
    EntryForm,
    LastPartSuggester,
    Saved,
    canonical_zone,
    next_free_hour_on,
)

if TYPE_CHECKING:
    from missiondiary.store import Store


@dataclass(frozen=True)
class MeetingDraft:
    values: dict[str, str]  # as typed, to reopen the form if the store refuses it
    title: str
    at: Moment
    location: str
    organisations: tuple[str, ...]
    attendees: tuple[Attendee, ...]
    notes: str
    summary: str
    outcomes: tuple[Outcome, ...]
    visibility: Visibility
    meeting_id: str | None = None
    notices: tuple[str, ...] = field(default=())
    mission_id: str = ""

    def apply(self, store: Store) -> Saved:
        """One write: the meeting added to the mission, or the one edited changed."""
        fields = {
            "title": self.title,
            "at": self.at,
            "location": self.location,
            "organisations": self.organisations,
            "attendees": self.attendees,
            "notes": self.notes,
            "summary": self.summary,
            "outcomes": self.outcomes,
            "visibility": self.visibility,
        }
        if self.meeting_id:
            meeting = store.update_meeting(self.meeting_id, **fields)
        else:
            meeting = store.add_meeting(self.mission_id, **fields)
        return Saved(
            notice="; ".join(self.notices),
            select=("meeting", meeting.id),
            day=meeting.local_date,
        )


FIELDS = (
    "title",
    "visibility",
    "at",
    "tz",
    "location",
    "organisations",
    "attendees",
    "notes",
    "summary",
    "outcomes",
)


def values_for_new(day: Day, now: datetime | None = None) -> dict[str, str]:
    """A new meeting: at the round hour after the day's last entry (09:00 on an empty day),
    in the day's zone, private until the delegate says otherwise."""
    values = dict.fromkeys(FIELDS, "")
    values.update(at=next_free_hour_on(day), tz=day.tz, visibility=Visibility.PRIVATE.value)
    return values


def outcome_line(outcome: Outcome) -> str:
    if outcome.amount is None:
        return outcome.text
    amount = format_amount(outcome.amount).replace(",", "")
    return f"{outcome.text} | {amount} | {outcome.currency or ''}".rstrip(" |")


def values_for_meeting(meeting: Meeting, notes: str | None = None) -> dict[str, str]:
    """`notes`: the editor's text, which may be newer than the stored copy."""
    separator = "; " if any("," in name for name in meeting.organisations) else ", "
    return {
        "title": meeting.title,
        "visibility": meeting.visibility.value,
        "at": f"{meeting.at.local:%Y-%m-%d %H:%M}",
        "tz": meeting.at.tz,
        "location": meeting.location,
        "organisations": separator.join(meeting.organisations),
        "attendees": "\n".join(str(person) for person in meeting.attendees),
        "notes": meeting.notes if notes is None else notes,
        "summary": meeting.summary,
        "outcomes": "\n".join(outcome_line(outcome) for outcome in meeting.outcomes),
    }


def parse_outcome(line: str, number: int) -> Outcome:
    """'text | amount | CUR' (amount and currency optional)."""
    parts = [part.strip() for part in line.split("|")]
    text = parts[0]
    where = f"outcomes: line {number}"
    if not text:
        raise InvalidInput("outcomes", f"line {number} needs some text before the first |")
    amount = parse_amount(parts[1], where) if len(parts) > 1 else None
    currency = parse_currency(parts[2], where) if len(parts) > 2 else None
    if amount is not None and currency is None:
        raise InvalidInput(
            "outcomes", f"line {number}: the amount needs a currency (text | 180000 | CAD)"
        )
    return Outcome(text, amount, currency)


class MeetingForm(EntryForm[MeetingDraft]):
    FIELD_ALIASES: ClassVar[dict[str, str]] = {
        "with": "attendees",
        "outcome": "outcomes",
        "currency": "outcomes",
    }

    def __init__(
        self,
        values: dict[str, str],
        *,
        mission_id: str = "",
        people: Sequence[str] = (),
        organisations: Sequence[str] = (),
        meeting_id: str | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        super().__init__(values, title="", error=error)
        self.configure(
            mission_id=mission_id,
            people=people,
            organisations=organisations,
            meeting_id=meeting_id,
        )

    def configure(  # type: ignore[override]
        self,
        *,
        mission_id: str = "",
        people: Sequence[str] = (),
        organisations: Sequence[str] = (),
        meeting_id: str | None = None,
    ) -> None:
        names_changed = self.is_mounted and (
            people is not self.people or organisations is not self.organisations
        )
        self.keep_context(
            mission_id=mission_id,
            people=people,
            organisations=organisations,
            meeting_id=meeting_id,
        )
        self.form_title = "Edit meeting" if meeting_id else "Add a meeting"
        if names_changed:  # completion from the register as it is now
            organisations_box = self.query_one("#organisations", Input)
            organisations_box.suggester = LastPartSuggester(organisations)
            add = self.query_one("#attendee-add", Input)
            add.suggester = AttendeeSuggester(people, organisations)

    def fields(self) -> ComposeResult:
        values = self.values
        yield from self.field("title", "Title", Input(values["title"], id="title"))
        yield from self.visibility_field()
        yield from self.time_and_zone("at", "When", "YYYY-MM-DD HH:MM", "tz")
        yield from self.field("location", "Where", Input(values["location"], id="location"))
        yield from self.field(
            "organisations",
            "Organisations",
            Input(
                values["organisations"],
                id="organisations",
                placeholder="separated by commas (by ; when a name has a comma)",
                suggester=LastPartSuggester(self.organisations),
            ),
        )
        yield from self.field(
            "attendees",
            "People",
            TextArea(
                values["attendees"],
                id="attendees",
                soft_wrap=True,
                placeholder="one per line: Name, Role, Organisation",
            ),
        )
        yield from self.field(
            "attendee-add",
            "Add a person",
            Input(
                id="attendee-add",
                placeholder="names complete as you type; enter adds the line",
                suggester=AttendeeSuggester(self.people, self.organisations),
            ),
        )
        yield from self.field(
            "notes",
            "Working notes",
            TextArea(values["notes"], id="notes", soft_wrap=True),
            hint="private: never published, whoever may read the meeting",
        )
        yield from self.field(
            "summary",
            "Summary",
            TextArea(values["summary"], id="summary", soft_wrap=True),
            hint="what readers of the meeting see in the post",
        )
        yield from self.field(
            "outcomes",
            "Agreed",
            TextArea(
                values["outcomes"],
                id="outcomes",
                soft_wrap=True,
                placeholder="one per line: what | amount | currency",
            ),
        )

    def enter_pressed(self, field: Input) -> bool:
        if field.id != "attendee-add":
            return False
        line = field.value.strip()
        if line:
            attendees = self.query_one("#attendees", TextArea)
            text = attendees.text.rstrip("\n")
            attendees.load_text(f"{text}\n{line}" if text else line)
            field.value = ""
        return True

    def finish(self, result: MeetingDraft) -> None:
        """Before closing, ask about each new name that looks like one already met."""
        self._ask(result, name_questions(result, self.people, self.organisations))

    def _ask(self, draft: MeetingDraft, questions: list[NameQuestion]) -> None:
        if not questions:
            self.dismiss(draft)
            return
        question, rest = questions[0], questions[1:]
        from missiondiary.tui.modals.confirm import ConfirmModal

        def answered(same: bool | None) -> None:
            self._ask(apply_answer(draft, question) if same else draft, rest)

        noun = "organisation" if question.kind == "organisation" else "person"
        self.app.push_screen(
            ConfirmModal(
                f"Is '{question.typed}' the same {noun} as '{question.known}'?",
                f"Yes: this meeting is linked to '{question.known}'. "
                f"No: '{question.typed}' is added as a new {noun}.",
                yes="Same",
                no="New",
                danger=False,
            ),
            answered,
        )

    def build(self) -> MeetingDraft:
        title = " ".join(self.text("title").split())
        if not title:
            self._errors.append(InvalidInput("title", "a meeting needs a title"))
        tz = self.parse(check_zone, canonical_zone(self.text("tz")), "tz")
        at = self.parse(moment_from_text, self.text("at"), tz, "at") if tz else None
        attendees = [
            self.parse(Attendee.parse, line, "attendees") for line in self.lines("attendees")
        ]
        outcomes = [
            self.parse(parse_outcome, line, number)
            for number, line in enumerate(self.lines("outcomes"), start=1)
        ]
        self.stop_if_invalid()
        assert at is not None
        return MeetingDraft(
            values=self.typed(),
            title=title,
            at=at.moment,
            location=self.text("location").strip(),
            organisations=split_organisations(self.text("organisations")),
            attendees=tuple(a for a in attendees if a is not None),
            notes=self.text("notes"),
            summary=self.text("summary"),
            outcomes=tuple(o for o in outcomes if o is not None),
            visibility=Visibility(self.text("visibility")),
            meeting_id=self.meeting_id,
            notices=(at.note,) if at.note else (),
            mission_id=self.mission_id,
        )


class AttendeeSuggester(LastPartSuggester):
    """Names complete from people met before; after the second comma, organisations."""

    def __init__(self, people: Sequence[str], organisations: Sequence[str]) -> None:
        super().__init__(people, separators=",")
        self.organisations = LastPartSuggester(organisations, separators=",", skip=2)

    async def get_suggestion(self, value: str) -> str | None:
        commas = value.count(",")
        if commas == 0:
            return await super().get_suggestion(value)
        if commas >= 2:
            return await self.organisations.get_suggestion(value)
        return None


@dataclass(frozen=True)
class NameQuestion:
    """A typed name that is probably one the register already knows."""

    kind: str  # "organisation" | "person"
    typed: str
    known: str


def name_questions(
    draft: MeetingDraft, people: Sequence[str], organisations: Sequence[str]
) -> list[NameQuestion]:
    """New names close to known ones (case, punctuation, "Co., Ltd."): one question each."""
    questions: list[NameQuestion] = []
    asked: set[str] = set()

    def check(kind: str, name: str, known: Sequence[str]) -> None:
        key = name_key(name)
        if not name or key in asked or key in {name_key(k) for k in known}:
            return
        asked.add(key)
        close = similar_names(name, known)
        if close:
            questions.append(NameQuestion(kind, name, close[0]))

    for organisation in draft.organisations:
        check("organisation", organisation, organisations)
    for attendee in draft.attendees:
        check("person", attendee.name, people)
        check("organisation", attendee.organisation, organisations)
    return questions


def apply_answer(draft: MeetingDraft, question: NameQuestion) -> MeetingDraft:
    """'Yes, the same': the typed name becomes the known one everywhere in the draft."""
    key = name_key(question.typed)

    def same(name: str) -> str:
        return question.known if name and name_key(name) == key else name

    if question.kind == "organisation":
        return replace(
            draft,
            organisations=tuple(same(name) for name in draft.organisations),
            attendees=tuple(replace(a, organisation=same(a.organisation)) for a in draft.attendees),
        )
    return replace(draft, attendees=tuple(replace(a, name=same(a.name)) for a in draft.attendees))
