"""A pane's list of entries: keeps the selected entry across reloads, says when it is empty."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from missiondiary.tui.widgets.rows import empty_row


class EntryList(OptionList):
    """Options are entries, keyed by entry id; the placeholder has no id."""

    DEFAULT_CSS = """
    EntryList {
        height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
        &:focus { border: none; background-tint: transparent; }
        /* A tint rather than a solid bar, so the coloured parts of an entry stay readable. */
        & > .option-list--option-highlighted {
            color: $foreground;
            background: $foreground 8%;
            text-style: none;
        }
        &:focus > .option-list--option-highlighted {
            color: $foreground;
            background: $primary 30%;
            text-style: none;
        }
    }
    """

    async def _on_click(self, event: events.Click) -> None:
        """A click selects an entry; a click on the selected one (or a double click) opens it."""
        event.prevent_default()  # instead of OptionList's select-on-every-click
        clicked: int | None = event.style.meta.get("option")
        if clicked is None or self._options[clicked].disabled:
            return
        if clicked == self.highlighted or event.chain > 1:
            self.action_select()
        self.highlighted = clicked

    _shown: tuple = ()

    def show_entries(self, rows: Sequence[tuple[str, Content]], empty: str) -> None:
        """Replace the rows, keeping the highlight on the same entry (or near where it was).

        Rows that look exactly as shown are left alone: the day is fetched again after
        every autosave and every change made elsewhere, and rebuilding unchanged lists
        then would slow the typing down."""
        shown = (
            tuple((entry_id, prompt.plain, tuple(prompt.spans)) for entry_id, prompt in rows),
            empty,
        )
        if shown == self._shown and self.option_count:
            return
        self._shown = shown
        keep_id = self.selected_id
        keep_index = self.highlighted or 0
        options: list[Option | None] = []
        for index, (entry_id, prompt) in enumerate(rows):
            if index:
                options.append(None)  # a separator line between entries
            options.append(Option(prompt, id=entry_id))
        if not rows:
            options.append(Option(empty_row(empty), disabled=True))
        self.set_options(options)
        if not rows:
            self.highlighted = None
            return
        ids = [entry_id for entry_id, _ in rows]
        if keep_id in ids:
            self.highlighted = self.get_option_index(keep_id)
        else:
            self.highlighted = min(keep_index, self.option_count - 1)

    def forget_highlight(self) -> None:
        self.highlighted = None
        self.scroll_home(animate=False)

    @property
    def selected_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def select_id(self, entry_id: str) -> bool:
        try:
            self.highlighted = self.get_option_index(entry_id)
        except OptionDoesNotExist:  # the entry is not on this day
            return False
        return True
