"""Every key of the app and what it does, made from the keymap table (with the delegate's own
rebindings), one section per screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from missiondiary.tui import keymap
from missiondiary.tui.handles import KeyedScreen
from missiondiary.tui.widgets.footer import FittingFooter


class HelpScreen(KeyedScreen, ModalScreen[None], keys="help"):
    def compose(self) -> ComposeResult:
        rebound = dict(getattr(self.app, "_keymap", {}))
        with Vertical(id="help") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            with VerticalScroll(id="help-sections"):
                for title, rows in keymap.help_sections():
                    yield Label(title, classes="help-title")
                    # Two columns: a description that wraps stays in its own column.
                    with Grid(classes="help-section"):
                        for row in rows:
                            keys = keymap.effective_keys(row, rebound) or "palette"
                            yield Static(keys, classes="help-key", markup=False)
                            yield Static(row.does, classes="help-does", markup=False)
        yield FittingFooter()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        """The help key again closes it."""
        self.dismiss(None)
