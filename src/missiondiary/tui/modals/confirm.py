"""Ask before something the delegate may regret (deleting an entry)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmModal(ModalScreen[bool]):
    BINDINGS: ClassVar = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; background: $background 60%; }
    ConfirmModal > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $error 70%; background: $surface; padding: 1 2;
    }
    ConfirmModal #question { width: 100%; margin-bottom: 1; }
    ConfirmModal #detail { width: 100%; color: $text-muted; margin-bottom: 1; }
    ConfirmModal Horizontal { height: auto; align-horizontal: right; }
    ConfirmModal Button { margin-left: 2; }
    """

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str = "Delete",
        no: str = "Keep",
        danger: bool = True,
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question", markup=False)
            if self.detail:
                yield Label(self.detail, id="detail", markup=False)
            with Horizontal():
                yield Button(f"{self.no} (n)", id="no", action="screen.answer(False)")
                yield Button(
                    f"{self.yes} (y)",
                    id="yes",
                    variant="error" if self.danger else "primary",
                    action="screen.answer(True)",
                )

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
