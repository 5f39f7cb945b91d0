"""InvalidInput carries its field; its message is the one line the user has always read."""

from __future__ import annotations

import pytest

from missiondiary.domain import parse_date
from missiondiary.errors import AmbiguousId, InvalidInput


def test_the_field_and_the_text_make_the_old_message() -> None:
    error = InvalidInput("--at", "'9am' is not a time")
    assert str(error) == "--at: '9am' is not a time"
    assert (error.label, error.field, error.text) == ("--at", "at", "'9am' is not a time")


def test_the_one_argument_form_still_names_its_field() -> None:
    error = InvalidInput("TITLE: a mission needs a title")
    assert (error.field, error.text) == ("TITLE", "a mission needs a title")
    loose = InvalidInput("Day 3 of Shanghai: no such day")
    assert (loose.field, loose.text, str(loose)) == (
        "",
        str(loose),
        "Day 3 of Shanghai: no such day",
    )


def test_no_field_gives_the_text_alone() -> None:
    assert str(InvalidInput("", "nothing to merge")) == "nothing to merge"


def test_a_parse_rule_names_the_field_it_was_given() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date("2026-13-40", "--due")
    assert caught.value.field == "due"
    assert str(caught.value) == "--due: '2026-13-40' is not a date (YYYY-MM-DD)"


def test_an_ambiguous_id_is_invalid_input_with_its_field() -> None:
    error = AmbiguousId("ID", "'ab' matches several entries")
    assert isinstance(error, InvalidInput)
    assert (str(error), error.field) == ("ID: 'ab' matches several entries", "ID")


def test_a_field_with_a_place_in_it_is_still_that_field() -> None:
    error = InvalidInput("outcomes: line 2", "'€' is not a currency code")
    assert str(error) == "outcomes: line 2: '€' is not a currency code"
    assert error.field == "outcomes"
