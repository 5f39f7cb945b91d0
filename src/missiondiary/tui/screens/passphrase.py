"""The passphrase screen: an encrypted diary asks for its passphrase before it shows a word
of itself, at start and after the app locked; and, for a new diary, asks for one twice.

A whole screen, not a modal: nothing of the diary shows behind it. The passphrase is tried
in a worker (SQLCipher's key derivation takes about half a second)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, LoadingIndicator, Static

from missiondiary.errors import DiaryError
from missiondiary.store import Store, crypto

UNLOCK_WORDS = "This diary is encrypted. Type its passphrase to open it."
LOCKED_WORDS = "The diary is locked. Type its passphrase to go back where you were."
NEW_WORDS = (
    "Choose a passphrase for this diary. Without it nobody can read the diary or its "
    "backups, you included: keep it somewhere safe."
)


class PassphraseScreen(Screen[str | None]):
    """Dismisses with the passphrase that opened the diary (or, `new`, the one chosen);
    None when the delegate turned away (escape: only when choosing a new one)."""

    CSS_PATH = "passphrase.tcss"
    KEYS_SCREEN: ClassVar[str] = "passphrase"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    @dataclass
    class Tried(Message):
        passphrase: str
        error: str  # empty when it opened the diary

    def __init__(self, db_path: Path, *, locked: bool = False, new: bool = False) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.locked = locked
        self.new = new

    def compose(self) -> ComposeResult:
        words = NEW_WORDS if self.new else LOCKED_WORDS if self.locked else UNLOCK_WORDS
        with Vertical(id="passphrase"):
            yield Label(
                "missiondiary — locked" if not self.new else "Encrypt this diary",
                id="passphrase-title",
            )
            yield Static(words, id="passphrase-words")
            yield Input(password=True, placeholder="Passphrase", id="passphrase-input")
            if self.new:
                yield Input(password=True, placeholder="Repeat it", id="passphrase-again")
            yield Label("", id="passphrase-error")
            yield LoadingIndicator(id="passphrase-busy")
            yield Label(f"Diary: {self.db_path}", id="passphrase-path")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#passphrase-input", Input).focus()

    def _error(self, text: str) -> None:
        self.query_one("#passphrase-error", Label).update(text)

    def _busy(self, working: bool) -> None:
        self.query_one("#passphrase-busy").display = working
        for box in self.query(Input):
            box.disabled = working
        if not working:
            self.query_one("#passphrase-input", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.query_one("#passphrase-input", Input).value
        if not first.strip():
            self._error("Type a passphrase first.")
            return
        if self.new:
            if event.input.id == "passphrase-input":
                self.query_one("#passphrase-again", Input).focus()
                return
            if self.query_one("#passphrase-again", Input).value != first:
                self._error("The two passphrases differ; type them again.")
                self.query_one("#passphrase-again", Input).value = ""
                return
            self.dismiss(first)
            return
        self._busy(True)
        self._error("")
        self.try_passphrase(first)

    @work(thread=True, exclusive=True, group="passphrase")
    def try_passphrase(self, passphrase: str) -> None:
        try:
            store = Store.open(self.db_path, readonly=True, passphrase=passphrase)
        except crypto.WrongPassphrase:
            self.post_message(self.Tried(passphrase, "Wrong passphrase; try again."))
            return
        except DiaryError as error:
            self.post_message(self.Tried(passphrase, str(error)))
            return
        store.close()
        crypto.give(self.db_path, passphrase)
        self.post_message(self.Tried(passphrase, ""))

    @on(Tried)
    def _tried(self, message: Tried) -> None:
        self._busy(False)
        if message.error:
            self.query_one("#passphrase-input", Input).value = ""
            self._error(message.error)
            return
        self.dismiss(message.passphrase)

    def action_cancel(self) -> None:
        if self.new:
            self.dismiss(None)
