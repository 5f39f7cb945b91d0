"""The first screen of an empty diary: create a mission, or load the demo to look around."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Label, LoadingIndicator, Static

from missiondiary.domain import Mission
from missiondiary.errors import DiaryError, InvalidInput
from missiondiary.store import crypto, open_store
from missiondiary.tui.handles import KeyedScreen
from missiondiary.tui.messages import Jump
from missiondiary.tui.modals.mission_form import MissionDraft, MissionForm
from missiondiary.tui.widgets.footer import FittingFooter
from missiondiary.tui.workers import post_outcome

INTRO = (
    "An offline diary for trade missions: the itinerary, every meeting and what was "
    "agreed, the follow-ups you owe, and each evening a post for your members.\n\n"
    "Your diary is empty. Start your own mission, or load the demo (a chamber of "
    "commerce's ten days in China) to look around first."
)


class WelcomeScreen(KeyedScreen, Screen[Jump | None], keys="welcome"):
    """Dismisses with a Jump to Day 1 of the mission just created or loaded."""

    AUTO_FOCUS = "#create"

    @dataclass
    class Ready(Message):
        mission: Mission

    @dataclass
    class Failed(Message):
        error: str

    class Encrypted(Message):
        """The empty diary is now encrypted (and this process holds its passphrase)."""

    @dataclass
    class Refused(Message):
        values: dict[str, str]  # as typed, to reopen the form with
        error: InvalidInput

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Label("missiondiary", id="welcome-title")
            yield Static(INTRO, id="welcome-intro")
            with Horizontal(id="welcome-choices"):
                yield Button(
                    "Create a mission", id="create", variant="primary", action="screen.create"
                )
                yield Button("Load the demo", id="demo", action="screen.demo")
                yield Button("Encrypt it", id="encrypt", action="screen.encrypt")
            yield LoadingIndicator(id="welcome-busy")
            yield Label(f"Diary: {self.db_path}", id="welcome-path")
        yield FittingFooter()

    def busy(self, working: bool) -> None:
        self.query_one("#welcome-busy").display = working
        for button in self.query(Button):
            button.disabled = working

    # --- creating ------------------------------------------------------------
    def action_create(self) -> None:
        self.open_form()

    def open_form(
        self, values: dict[str, str] | None = None, error: InvalidInput | None = None
    ) -> None:
        def chosen(result: MissionDraft | None) -> None:
            if result is not None:
                self.busy(True)
                self.create(result)

        self.app.push_screen(MissionForm(None, values=values, error=error), chosen)

    @work(thread=True, exclusive=True, group="welcome")
    def create(self, draft: MissionDraft) -> None:
        try:
            with open_store(self.db_path) as store:
                mission = draft.apply(store)
        except InvalidInput as error:
            self.post_message(self.Refused(draft.values, error))
            return
        except DiaryError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Ready(mission))

    @on(Refused)
    def refused(self, message: Refused) -> None:
        self.busy(False)
        self.open_form(message.values, message.error)

    # --- the demo ------------------------------------------------------------
    def action_demo(self) -> None:
        self.busy(True)
        self.load_demo()

    @work(thread=True, exclusive=True, group="welcome")
    def load_demo(self) -> None:
        from missiondiary.demo import build_demo

        post_outcome(self, self.db_path, build_demo, self.Ready, self.Failed)

    # --- encryption ----------------------------------------------------------
    def action_encrypt(self) -> None:
        from missiondiary.tui.screens.passphrase import PassphraseScreen

        if crypto.key_of(self.db_path) is not None:
            self.notify("This diary is already encrypted.")
            return

        def chosen(passphrase: str | None) -> None:
            if passphrase:
                self.busy(True)
                self.encrypt(passphrase)

        self.app.push_screen(PassphraseScreen(self.db_path, new=True), chosen)

    @work(thread=True, exclusive=True, group="welcome")
    def encrypt(self, passphrase: str) -> None:
        from missiondiary.store.encryption import encrypt_diary

        try:
            for line in encrypt_diary(self.db_path, passphrase):
                self.app.call_from_thread(self.notify, line, severity="warning")
            crypto.give(self.db_path, passphrase)
        except DiaryError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Encrypted())

    @on(Encrypted)
    def encrypted(self) -> None:
        self.busy(False)
        self.query_one("#encrypt", Button).display = False
        self.query_one("#welcome-path", Label).update(f"Diary (encrypted): {self.db_path}")
        self.notify("The diary is encrypted: it asks for its passphrase when it opens.")

    # --- done ----------------------------------------------------------------
    @on(Ready)
    def ready(self, message: Ready) -> None:
        from missiondiary.tui.screens.missions import opening_day

        self.dismiss(Jump(message.mission.id, opening_day(message.mission)))

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.busy(False)
        self.notify(message.error, title="Nothing was changed", severity="error")
