"""Footers that show only whole keys, and the day screen's footer that is rebuilt only when
the keys it shows change.

Textual's footer scrolls sideways when its keys are wider than the screen, so at 80 columns
the last key it can show is cut mid-word ("v Vi"). The keymap orders the footer so the keys
that matter most come first; `FittingFooter` hides the keys that do not fit whole, and the
help screen (? or f1) lists them all.

Textual's footer also rebuilds all its keys whenever its screen's bindings may have changed:
each time a dialog opens over the screen (the screen is suspended) and again when it closes.
Under an opaque dialog nothing of it is seen, and after the dialog the keys are mostly the
same, so that work (a few thousand calls per key shown) only delayed the dialog's first frame.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def shown_keys(screen: Screen[Any]) -> tuple[tuple[object, ...], ...]:
    """What the footer would show: each shown binding, whether enabled, and its tooltip."""
    return tuple(
        (binding.key, binding.action, binding.description, binding.key_display, enabled, tip)
        for _, binding, enabled, tip in screen.active_bindings.values()
        if binding.show
    )


class FittingFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit_keys)

    def on_resize(self) -> None:
        for key in self.query(FooterKey):
            key.display = True
        self.call_after_refresh(self.fit_keys)

    def fit_keys(self, tries: int = 20) -> None:
        """Hide, from the first key that does not fit whole, that key and every key after it."""
        keys = [key for key in self.query(FooterKey) if key.display]
        palette = [key for key in keys if key.has_class("-command-palette")]
        others = [key for key in keys if key not in palette]
        if any(key.virtual_region.width == 0 for key in keys):
            if tries:  # not laid out yet
                self.call_after_refresh(self.fit_keys, tries - 1)
            return
        right = palette[0].region.x - self.region.x if palette else self.size.width
        overflowing = False
        for key in others:
            overflowing = overflowing or key.virtual_region.right > right
            if overflowing:
                key.display = False

    @property
    def hidden_keys(self) -> list[str]:
        """The keys the footer could not show whole (their help screen lines still do)."""
        return [str(key.key) for key in self.query(FooterKey) if not key.display]


class QuietFooter(FittingFooter):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            if not screen.is_active:
                return  # under a dialog: rebuilt, if need be, when the screen is shown again
            keys = shown_keys(screen)
            if keys == self._shown:
                return
            if screen.app.app_focus:  # Footer rebuilds only then, and with these keys
                self._shown = keys
        super().bindings_changed(screen)
