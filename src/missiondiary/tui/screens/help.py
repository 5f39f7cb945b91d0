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

# From these the keys for everywhere, at the top, are the first thing to read.
_OPENS_AT_TOP = ("", "app", "day")


class HelpScreen(KeyedScreen, ModalScreen[None], keys="help"):
    """`opened_on`: the keymap screen it was asked from; it opens at that screen's keys (the
    others are a scroll away), so help on the publish screen shows publishing's keys."""

    def __init__(self, opened_on: str = "") -> None:
        super().__init__()
        self.opened_on = opened_on

    def compose(self) -> ComposeResult:
        rebound = dict(getattr(self.app, "_keymap", {}))
        names = {title: name for name, title in keymap.SCREENS.items()}
        with Vertical(id="help") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            with VerticalScroll(id="help-sections"):
                for title, rows in keymap.help_sections():
                    yield Label(title, classes="help-title", id=f"help-{names[title]}")
                    # Two columns: a description that wraps stays in its own column.
                    with Grid(classes="help-section"):
                        for row in rows:
                            keys = keymap.effective_keys(row, rebound) or "palette"
                            yield Static(keys, classes="help-key", markup=False)
                            yield Static(row.does, classes="help-does", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        if self.opened_on not in _OPENS_AT_TOP:
            self.call_after_refresh(self._show_own_keys)

    def _show_own_keys(self) -> None:
        found = self.query(f"#help-{self.opened_on}")
        if found:
            sections = self.query_one("#help-sections", VerticalScroll)
            sections.scroll_to_widget(found.first(), top=True, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        """The help key again closes it."""
        self.dismiss(None)
