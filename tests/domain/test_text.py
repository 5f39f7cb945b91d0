"""The small words every door shares: a count with its noun, typed text as one line."""

from __future__ import annotations

import pytest

from missiondiary.domain.text import one_line, plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 entries"), (1, "1 entry"), (2, "2 entries")],
)
def test_a_count_takes_its_own_plural(count: int, expected: str) -> None:
    assert plural(count, "entry", "entries") == expected


def test_without_a_plural_an_s_is_added() -> None:
    assert [plural(n, "photo") for n in (1, 3)] == ["1 photo", "3 photos"]


def test_typed_text_becomes_one_line() -> None:
    assert one_line("  Signing\tat\nCity   Hall \n") == "Signing at City Hall"
    assert one_line(None) == "" and one_line(" \n ") == ""
