"""The diary's themes (plain data in themes/) as Textual themes, and a palette to pick one.

Only the diary's own themes are offered: the theme also styles the published posts, so the
app and what members read stay in step.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.theme import Theme

from missiondiary.errors import DiaryError
from missiondiary.themes import DEFAULT_THEME, ThemeSpec, available_themes, load_theme


def to_textual(spec: ThemeSpec) -> Theme:
    """A Textual theme named like the diary's theme, so the stored setting is the same name."""
    colors = spec.colors
    return Theme(
        name=spec.name,
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        accent=colors.get("accent"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        success=colors.get("success"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        foreground=colors.get("foreground"),
        dark=spec.dark,
        variables={"footer-key-foreground": colors.get("accent") or colors["primary"]},
    )


def diary_themes() -> list[ThemeSpec]:
    """Every theme that loads; a broken theme folder is skipped rather than stopping the app."""
    specs = []
    for name in available_themes():
        try:
            specs.append(load_theme(name))
        except DiaryError:
            continue
    return specs


def pick_theme(stored: str, known: list[str]) -> str | None:
    """The stored theme if it still exists, else the default, else any; None if there are none."""
    for name in (stored, DEFAULT_THEME, *known):
        if name and name in known:
            return name
    return None


class DiaryThemeProvider(Provider):
    """Command palette entries for the diary's themes (replaces Textual's list of its own)."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        labels: dict[str, str] = getattr(self.app, "theme_labels", {})

        def use(name: str) -> None:
            self.app.theme = name

        return [(f"Theme: {label}", partial(use, name)) for name, label in labels.items()]

    async def discover(self) -> Hits:
        for title, callback in self.commands:
            yield DiscoveryHit(title, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback in self.commands:
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback)
