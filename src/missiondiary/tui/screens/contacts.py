"""Contacts: the organisations and people met, filtered as you type; enter shows one with
every meeting across missions (newest first) and its open follow-ups; enter on a meeting
jumps to that day.

Contact details and protocol notes show here, on the delegate's own screen, marked private;
nothing on this screen is ever published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from missiondiary.domain.register import (
    MeetingSeen,
    OrganisationProfile,
    PersonProfile,
    RegisterEntry,
)
from missiondiary.domain.text import plural
from missiondiary.errors import DiaryError
from missiondiary.store import Store, open_store
from missiondiary.tui.handles import Child, KeyedScreen
from missiondiary.tui.messages import Jump
from missiondiary.tui.widgets.footer import FittingFooter
from missiondiary.tui.workers import post_outcome

DEBOUNCE_SECONDS = 0.15
MUTED = "$text-muted"
VISIBILITY_STYLES = {
    "private": "$text-error",
    "members": "$text-primary",
    "public": "$text-success",
}
ORG, PERSON = "org", "person"


def entry_prompt(entry: RegisterEntry) -> Content:
    """Name, then what it is and when it was last met; other names under it."""
    last = f"last met {entry.last_met:%-d %b %Y}" if entry.last_met else "not met yet"
    meetings = plural(entry.meetings, "meeting")
    second = " · ".join(part for part in (entry.detail, meetings, last) if part)
    parts: list[str | tuple[str, str]] = [(entry.name, "bold"), "\n", (second, MUTED)]
    if entry.aliases:
        parts += ["\n", (f"also {', '.join(entry.aliases)}", f"italic {MUTED}")]
    return Content.assemble(*parts)


def meeting_prompt(seen: MeetingSeen) -> Content:
    """'Wed 23 Nov 2011 · Day 3 · mission', the title, and who was there."""
    head: list[str | tuple[str, str]] = [
        (f"{seen.day:%a %-d %b %Y}", "bold $accent"),
        (f"  Day {seen.day_number}  ", MUTED),
        (seen.visibility.value, f"italic {VISIBILITY_STYLES[seen.visibility.value]}"),
        ("  " + seen.mission_title, MUTED),
        "\n",
        (seen.title, "bold"),
    ]
    if seen.people:
        head += ["\n", (", ".join(seen.people), MUTED)]
    for outcome in seen.outcomes:
        money = f"  {outcome.money()}" if outcome.amount is not None else ""
        head += ["\n", ("agreed: ", MUTED), outcome.text, (money, "bold")]
    return Content.assemble(*head)


def profile_heading(profile: OrganisationProfile | PersonProfile) -> Content:
    """Who or what it is, where, other names, and first and last met."""
    meetings = profile.meetings
    if meetings:
        missions = len({m.mission_id for m in meetings})
        met = (
            f"{plural(len(meetings), 'meeting')} on {plural(missions, 'mission')} "
            f"· first {profile.first_met:%-d %b %Y} · "
            f"last {profile.last_met:%-d %b %Y}"
        )
    else:
        met = "not met at any meeting yet"
    if isinstance(profile, OrganisationProfile):
        org = profile.organisation
        lines: list[str | tuple[str, str]] = [(org.name, "bold $text-primary")]
        about = " · ".join(part for part in (org.kind, org.place) if part)
        if about:
            lines += ["\n", about]
        aliases = org.aliases
    else:
        who = profile.person
        lines = [(who.name, "bold $text-primary")]
        if profile.current_title:
            lines += ["\n", str(profile.current_title)]
        aliases = who.aliases
    if aliases:
        lines += ["\n", (f"also known as {', '.join(aliases)}", f"italic {MUTED}")]
    lines += ["\n", (met, MUTED)]
    return Content.assemble(*lines)


def private_lines(profile: OrganisationProfile | PersonProfile) -> Content:
    """Notes, contact details and protocol: the delegate's eyes only."""
    parts: list[str | tuple[str, str]] = []
    if isinstance(profile, OrganisationProfile):
        if profile.organisation.notes.strip():
            parts += [("Notes  ", MUTED), profile.organisation.notes.strip()]
    else:
        who = profile.person
        for label, value in (
            ("Email", who.contact.email),
            ("Phone", who.contact.phone),
            ("Messaging", who.contact.messaging),
            ("Card", who.contact.card.strip()),
            ("Protocol", who.protocol.strip()),
        ):
            if value:
                parts += [*(["\n"] if parts else []), (f"{label}  ", MUTED), value]
    if not parts:
        return Content("")
    return Content.assemble(("Private  ", "bold $text-error"), "\n", *parts)


def followup_lines(profile: OrganisationProfile | PersonProfile) -> Content:
    if not profile.open_followups:
        return Content.styled("No open follow-ups.", MUTED)
    parts: list[str | tuple[str, str]] = [("Open follow-ups", "bold")]
    for followup in profile.open_followups:
        due = f"due {followup.due:%-d %b %Y}" if followup.due else ""
        detail = ", ".join(part for part in (followup.owner, due) if part)
        parts += ["\n", ("○ ", "$text-warning"), followup.text]
        if detail:
            parts.append((f"  {detail}", MUTED))
    return Content.assemble(*parts)


class ContactsScreen(KeyedScreen, Screen[Jump | None], keys="contacts"):
    """Everyone and every organisation met; dismisses with a Jump to a meeting's day."""

    AUTO_FOCUS = "#contacts-filter"

    @dataclass
    class EntriesLoaded(Message):
        """A worker listed the register for `text`."""

        text: str
        organisations: list[RegisterEntry]
        people: list[RegisterEntry]

    @dataclass
    class ProfileLoaded(Message):
        profile: OrganisationProfile | PersonProfile

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.entries: dict[str, tuple[str, RegisterEntry]] = {}  # option id -> (kind, entry)
        self.profile: OrganisationProfile | PersonProfile | None = None
        self._timer: Timer | None = None
        self.listed_for: str | None = None  # the filter the list on show was made for

    def compose(self) -> ComposeResult:
        yield Label("Contacts: organisations and people met", id="contacts-title")
        yield Input(placeholder="Filter by any name, in any script…", id="contacts-filter")
        with Horizontal(id="contacts-body"):
            yield OptionList(id="contacts-list")
            with Vertical(id="contacts-detail"):
                with VerticalScroll(id="contacts-about", can_focus=False):
                    yield Static("Choose an organisation or a person.", id="contacts-heading")
                    yield Static("", id="contacts-private")
                yield OptionList(id="contacts-meetings")
                with VerticalScroll(id="contacts-followups-box", can_focus=False):
                    yield Static("", id="contacts-followups")
        yield FittingFooter()

    filter_input = Child("#contacts-filter", Input)
    entry_list = Child("#contacts-list", OptionList)
    meeting_list = Child("#contacts-meetings", OptionList)

    def on_mount(self) -> None:
        self.entry_list.border_title = "Register"
        self.meeting_list.border_title = "Meetings, newest first"
        self.load_entries("")

    # --- filtering -----------------------------------------------------------
    @on(Input.Changed, "#contacts-filter")
    def filter_changed(self) -> None:
        """Wait for a pause in typing, then filter; each keystroke restarts the wait."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(
            DEBOUNCE_SECONDS, lambda: self.load_entries(self.filter_input.value.strip())
        )

    @work(thread=True, exclusive=True, group="contacts-list")
    def load_entries(self, text: str) -> None:
        worker = get_current_worker()
        try:
            with open_store(self.db_path) as store:
                organisations = store.organisation_list(text)
                people = [] if worker.is_cancelled else store.person_list(text)
        except DiaryError as error:
            self.post_message(self.Failed(str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(self.EntriesLoaded(text, organisations, people))

    @on(EntriesLoaded)
    def entries_loaded(self, message: EntriesLoaded) -> None:
        if message.text != self.filter_input.value.strip():
            return  # the delegate has typed on; a newer list is coming
        self.entries = {}
        options: list[Option | None] = []
        for kind, heading, entries in (
            (ORG, "Organisations", message.organisations),
            (PERSON, "People", message.people),
        ):
            if not entries:
                continue
            if options:
                options.append(None)
            options.append(
                Option(Content.styled(f"{heading} ({len(entries)})", "bold $accent"), disabled=True)
            )
            for entry in entries:
                option_id = f"{kind}:{entry.id}"
                self.entries[option_id] = (kind, entry)
                options.append(Option(entry_prompt(entry), id=option_id))
        listing = self.entry_list
        listing.clear_options()
        listing.add_options(options)
        if self.entries:
            listing.highlighted = next(
                index for index, option in enumerate(listing.options) if not option.disabled
            )
        else:
            listing.add_option(
                Option(Content.styled(f"Nothing called '{message.text}'.", MUTED), disabled=True)
                if message.text
                else Option(Content.styled("No one met yet.", MUTED), disabled=True)
            )
        self.listed_for = message.text

    # --- one entry -----------------------------------------------------------
    @on(Input.Submitted, "#contacts-filter")
    def filter_submitted(self) -> None:
        """Enter in the box opens the highlighted entry."""
        option = self.entry_list.highlighted_option
        if option is not None and option.id in self.entries:
            self.open_entry(option.id)

    @on(OptionList.OptionSelected, "#contacts-list")
    def entry_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self.entries:
            self.open_entry(event.option.id)

    def open_entry(self, option_id: str) -> None:
        kind, entry = self.entries[option_id]
        self.load_profile(kind, entry.id)

    @work(thread=True, exclusive=True, group="contacts-profile")
    def load_profile(self, kind: str, entry_id: str) -> None:
        def profile(store: Store) -> OrganisationProfile | PersonProfile:
            if kind == ORG:
                return store.organisation_profile(entry_id)
            return store.person_profile(entry_id)

        post_outcome(self, self.db_path, profile, self.ProfileLoaded, self.Failed)

    @on(ProfileLoaded)
    def profile_loaded(self, message: ProfileLoaded) -> None:
        profile = self.profile = message.profile
        self.query_one("#contacts-heading", Static).update(profile_heading(profile))
        private = private_lines(profile)
        hidden = self.query_one("#contacts-private", Static)
        hidden.update(private)
        hidden.display = bool(private.plain)
        self.query_one("#contacts-followups", Static).update(followup_lines(profile))
        meetings = self.meeting_list
        meetings.clear_options()
        if profile.meetings:
            options: list[Option | None] = []
            for index, seen in enumerate(profile.meetings):
                if index:
                    options.append(None)
                options.append(Option(meeting_prompt(seen), id=str(index)))
            meetings.add_options(options)
            meetings.highlighted = 0
            meetings.focus()
        else:
            meetings.add_option(Option(Content.styled("No meetings yet.", MUTED), disabled=True))

    @on(OptionList.OptionSelected, "#contacts-meetings")
    def meeting_selected(self, event: OptionList.OptionSelected) -> None:
        if self.profile is None or event.option.id is None:
            return
        seen = self.profile.meetings[int(event.option.id)]
        self.dismiss(Jump(seen.mission_id, seen.day, entry_id=seen.meeting_id, kind="meeting"))

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.notify(message.error, title="Contacts", severity="error")

    # --- moving about ----------------------------------------------------------
    def action_to_list(self) -> None:
        if self.focused is self.filter_input:
            self.entry_list.focus()

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_back(self) -> None:
        """Back to where Contacts was opened from, with one press from anywhere on it."""
        self.dismiss(None)
