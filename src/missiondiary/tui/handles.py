"""What every screen's class repeats, said once.

`KeyedScreen` gives a screen its keys from the one table in `keymap.py` (`BINDINGS`, and
`KEYS_SCREEN` for the command palette) and its stylesheet beside it (`<keys>.tcss`).
`Child` is a typed handle on a child the screen composed, found when it is read, as the
property `self.query_one("#results", OptionList)` would be.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar, overload

from textual.dom import DOMNode
from textual.widget import Widget

from missiondiary.tui import keymap

W = TypeVar("W", bound=Widget)


class KeyedScreen:
    """Mixin before the Textual base: `class SearchScreen(KeyedScreen, Screen[X], keys="search")`.
    `css=False` for a screen with no stylesheet of its own."""

    KEYS_SCREEN: ClassVar[str] = ""

    def __init_subclass__(cls, keys: str = "", css: bool = True, **kwargs: Any) -> None:
        if keys:  # before Textual's own hook, which merges the bindings
            cls.KEYS_SCREEN = keys
            cls.BINDINGS = keymap.bindings(keys)  # type: ignore[attr-defined]
            if css:
                cls.CSS_PATH = f"{keys}.tcss"  # type: ignore[attr-defined]
        super().__init_subclass__(**kwargs)


class Child(Generic[W]):
    """`results = Child("#results", OptionList)`, or `Child(TitleLine)` for the only one."""

    @overload
    def __init__(self, selector: str, kind: type[W]) -> None: ...
    @overload
    def __init__(self, selector: type[W]) -> None: ...
    def __init__(self, selector: str | type[W], kind: type[W] | None = None) -> None:
        self.selector = selector
        self.kind = kind

    @overload
    def __get__(self, node: None, owner: type | None = None) -> Child[W]: ...
    @overload
    def __get__(self, node: DOMNode, owner: type | None = None) -> W: ...
    def __get__(self, node: DOMNode | None, owner: type | None = None) -> Child[W] | W:
        if node is None:
            return self
        if self.kind is None:
            return node.query_one(self.selector)  # type: ignore[return-value]
        return node.query_one(self.selector, self.kind)  # type: ignore[arg-type]
