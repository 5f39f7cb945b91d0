"""Every theme gives the app its colours and the posts a page and a stylesheet."""

from __future__ import annotations

import pytest

from missiondiary.errors import InvalidInput
from missiondiary.themes import COLOR_KEYS, available_themes, load_theme


def test_the_default_and_a_high_contrast_theme_ship() -> None:
    assert {"default", "high-contrast"} <= set(available_themes())


@pytest.mark.parametrize("name", available_themes())
def test_each_theme_is_complete(name: str) -> None:
    theme = load_theme(name)
    assert set(COLOR_KEYS) <= set(theme.colors)
    assert "$body" in theme.page_template and "$css" in theme.page_template
    assert "body" in theme.post_css


def test_an_unknown_theme_names_the_field_and_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match=r"--theme: unknown theme 'neon' \(known: default"):
        load_theme("neon")
