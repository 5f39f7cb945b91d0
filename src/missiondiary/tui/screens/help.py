"""Every key of the app and what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

# The mission day (issue 4's key list); the day screen is where most of the typing happens.
DAY_KEYS: tuple[tuple[str, str], ...] = (
    ("[  ]", "previous / next day"),
    ("t", "today (or the mission's Day 1)"),
    ("tab  shift+tab", "move between the panes"),
    ("a", "add to the focused pane"),
    ("enter", "open or edit the selected entry"),
    ("s", "the selected meeting's summary / working notes"),
    ("e", "edit the selected meeting's notes in $EDITOR"),
    ("escape", "leave the notes editor (it has saved itself)"),
    ("ctrl+s", "save notes now; to a file if the diary refuses"),
    ("space", "tick a follow-up done (again to reopen)"),
    ("v", "cycle visibility: private, members, public"),
    ("d", "delete the selected entry (asks first)"),
    ("u", "undo the last change"),
    ("/", "search every mission"),
    ("p", "publish this day (preview first)"),
    ("m", "missions: open, create, edit"),
    ("r", "review past missions"),
    ("c", "contacts: organisations and people met, every meeting with them"),
    ("?", "this help"),
    ("ctrl+p", "command palette: themes and every command"),
    ("q  ctrl+q", "quit (everything is already saved)"),
)
SEARCH_KEYS = (
    ("type", "results update as you type"),
    ("down", "move into the results"),
    ("enter", "open the day with that entry selected"),
    ("ctrl+t", "this mission only / every mission"),
    ("escape", "back"),
)
PUBLISH_KEYS = (
    ("a", "audience: members or public"),
    ("e", "edit the day's own words (they save themselves)"),
    ("o", "the output folder"),
    ("w", "write Markdown and HTML to the output folder"),
    ("A", "publish every day of the mission"),
    ("escape", "leave a field, then back"),
)
MISSIONS_KEYS = (
    ("enter", "open the mission (today, or Day 1)"),
    ("n", "new mission"),
    ("e", "edit the selected mission"),
    ("escape", "back"),
)
REVIEW_KEYS = (
    ("enter", "open the day read-only"),
    ("e", "open the day to edit"),
    ("tab", "between missions and days"),
    ("escape", "back"),
)
FORM_KEYS = (
    ("tab", "next field"),
    ("enter  ctrl+s", "save"),
    ("escape", "cancel (nothing is changed)"),
)
SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("A mission day", DAY_KEYS),
    ("Search", SEARCH_KEYS),
    ("Publish", PUBLISH_KEYS),
    ("Missions", MISSIONS_KEYS),
    ("Review", REVIEW_KEYS),
    ("Forms", FORM_KEYS),
)


def section_content(title: str, keys: tuple[tuple[str, str], ...]) -> Content:
    lines = [Content.styled(title, "bold $text-primary")]
    lines += [
        Content.assemble((f"  {key:<16}", "bold $accent"), description) for key, description in keys
    ]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape closes"
            with VerticalScroll(id="help-sections"):
                for title, keys in SECTIONS:
                    yield Static(section_content(title, keys), classes="help-section")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
