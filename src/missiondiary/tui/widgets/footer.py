"""The day screen's footer: rebuilt only when the keys it shows change, and never while a
dialog covers it.

Textual's footer rebuilds all its keys whenever its screen's bindings may have changed: each
time a dialog opens over the screen (the screen is suspended) and again when it closes. Under
an opaque dialog nothing of it is seen, and after the dialog the keys are mostly the same, so
that work (a few thousand calls per key shown) only delayed the dialog's first frame.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[Any]) -> tuple[tuple[object, ...], ...]:
    """What the footer would show: each shown binding, whether enabled, and its tooltip."""
    return tuple(
        (binding.key, binding.action, binding.description, binding.key_display, enabled, tip)
        for _, binding, enabled, tip in screen.active_bindings.values()
        if binding.show
    )


class QuietFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and not screen.is_active:
            return  # under a dialog: rebuilt, if need be, when the screen is shown again
        if self._bindings_ready and self.is_attached and screen is self.screen:
            keys = shown_keys(screen)
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)
