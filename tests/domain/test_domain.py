"""The pure rules: attendees, amounts, currencies, slugs, visibility, follow-up timing."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missiondiary.domain import (
    Attendee,
    Audience,
    FollowUp,
    FollowUpStatus,
    Outcome,
    Visibility,
    format_amount,
    name_key,
    parse_amount,
    parse_audience,
    parse_currency,
    parse_date,
    parse_kind,
    parse_visibility,
    slugify,
    visible_to,
)
from missiondiary.errors import InvalidInput
from property_helpers import at_length

JINSHAN = "Jinshan Group Co., Ltd."

# attendees -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Li Wei", Attendee("Li Wei")),
        ("Li Wei, Chairman", Attendee("Li Wei", "Chairman")),
        ("Li Wei, Chairman, Jinshan Group", Attendee("Li Wei", "Chairman", "Jinshan Group")),
        (f"Li Wei, Chairman, {JINSHAN}", Attendee("Li Wei", "Chairman", JINSHAN)),
        (f"Li Wei, , {JINSHAN}", Attendee("Li Wei", "", JINSHAN)),
        (f"Li Wei, {JINSHAN}", Attendee("Li Wei", "", JINSHAN)),
        ("Anna Schmidt, CEO, Müller Bau GmbH", Attendee("Anna Schmidt", "CEO", "Müller Bau GmbH")),
        ("Bob Ray, Acme, Inc.", Attendee("Bob Ray", "", "Acme, Inc.")),
        (
            "  Li  Wei ,  Chairman ,  Jinshan Group  ",
            Attendee("Li Wei", "Chairman", "Jinshan Group"),
        ),
        (
            "Li Wei, Chairman, Jinshan Group, Chongqing",
            Attendee("Li Wei", "Chairman", "Jinshan Group, Chongqing"),
        ),
        ("Li Wei, Co.", Attendee("Li Wei", "Co.")),
        ("Anna Berg, CFO, Volvo Cars AB", Attendee("Anna Berg", "CFO", "Volvo Cars AB")),
        ("Anna Berg, Nordic Trade, AB", Attendee("Anna Berg", "", "Nordic Trade, AB")),
    ],
)
def test_attendee_is_parsed_from_name_role_organisation(text: str, expected: Attendee) -> None:
    assert Attendee.parse(text) == expected


@pytest.mark.parametrize("text", ["", "   ", ", Chairman, Jinshan", ","])
def test_attendee_without_a_name_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--with: .* needs a name"):
        Attendee.parse(text)


def test_attendee_prints_back_as_typed() -> None:
    assert str(Attendee("Li Wei", "Chairman", JINSHAN)) == f"Li Wei, Chairman, {JINSHAN}"
    assert str(Attendee("Li Wei", "", JINSHAN)) == f"Li Wei, {JINSHAN}"
    assert Attendee.parse(str(Attendee("Li Wei", "Chairman", JINSHAN))) == Attendee(
        "Li Wei", "Chairman", JINSHAN
    )


# amounts and currencies ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1500000", Decimal("1500000")),
        ("1,500,000.50", Decimal("1500000.50")),
        ("1_000", Decimal("1000")),
        (" 0.10 ", Decimal("0.10")),
        (Decimal("2.5"), Decimal("2.5")),
        (7, Decimal("7")),
        ("999999999999999999.99", Decimal("999999999999999999.99")),
        ("1e-9", Decimal("1e-9")),
        ("", None),
        (None, None),
    ],
)
def test_amounts_are_exact_decimals(text, expected) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text", ["lots", "NaN", "Infinity", "-5", "1e", "$100", "1e5000", "1" + "0" * 18]
)
def test_bad_amount_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--amount: "):
        parse_amount(text)


def test_currency_is_three_letters_upper_cased() -> None:
    assert parse_currency(" cny ") == "CNY"
    assert parse_currency("") is None
    assert parse_currency(None) is None
    for bad in ("RMB1", "dollars", "C$", "€"):
        with pytest.raises(InvalidInput, match=r"^--currency: "):
            parse_currency(bad)


def test_money_is_shown_with_currency_and_thousands() -> None:
    assert Outcome("MOU", Decimal("1500000"), "CNY").money() == "CNY 1,500,000"
    assert Outcome("MOU", Decimal("1234.5"), "USD").money() == "USD 1,234.50"
    assert Outcome("MOU").money() == ""
    assert format_amount(Decimal("1E+6")) == "1,000,000"


# choices and dates ---------------------------------------------------------------------


def test_choices_are_case_insensitive_and_bad_ones_named() -> None:
    assert parse_visibility(" Members ") is Visibility.MEMBERS
    assert parse_audience("PUBLIC") is Audience.PUBLIC
    assert parse_kind("Flight") == "flight"
    with pytest.raises(InvalidInput, match=r"^--visibility: 'secret' is not one of private"):
        parse_visibility("secret")
    with pytest.raises(InvalidInput, match=r"^--kind: 'zeppelin'"):
        parse_kind("zeppelin")


def test_bad_date_is_refused_naming_the_field() -> None:
    assert parse_date("2011-11-21", "--due") == date(2011, 11, 21)
    with pytest.raises(InvalidInput, match=r"^--due: '21/11/2011' is not a date"):
        parse_date("21/11/2011", "--due")


def test_visibility_cycle_visits_every_level() -> None:
    seen = [Visibility.PRIVATE]
    for _ in range(3):
        seen.append(seen[-1].next())
    assert seen == [Visibility.PRIVATE, Visibility.MEMBERS, Visibility.PUBLIC, Visibility.PRIVATE]


@pytest.mark.parametrize(
    ("visibility", "audience", "sees"),
    [
        (Visibility.PRIVATE, Audience.MEMBERS, False),
        (Visibility.PRIVATE, Audience.PUBLIC, False),
        (Visibility.MEMBERS, Audience.MEMBERS, True),
        (Visibility.MEMBERS, Audience.PUBLIC, False),
        (Visibility.PUBLIC, Audience.MEMBERS, True),
        (Visibility.PUBLIC, Audience.PUBLIC, True),
        (Visibility.PRIVATE, Audience.PRIVATE, True),
    ],
)
def test_private_entries_reach_only_the_delegates_own_record(
    visibility: Visibility, audience: Audience, sees: bool
) -> None:
    assert visible_to(visibility, audience) is sees


def test_name_key_ignores_case_and_runs_of_spaces() -> None:
    assert name_key("  Jinshan\tGROUP  co.,  Ltd. ") == name_key("jinshan group co., ltd.")
    assert name_key("STRASSE") == name_key("straße")


# follow-up timing ----------------------------------------------------------------------

DAY1, DAY2, DAY3 = date(2011, 11, 21), date(2011, 11, 22), date(2011, 11, 23)


def _followup(**kwargs) -> FollowUp:
    return FollowUp(id="f", mission_id="m", text="Send the MOU", day=DAY1, **kwargs)


def test_open_followup_is_a_next_step_from_its_day_on() -> None:
    followup = _followup()
    assert not followup.open_at_end_of(date(2011, 11, 20))
    assert followup.open_at_end_of(DAY1)
    assert followup.open_at_end_of(DAY3)


def test_followup_closed_on_day_two_is_a_next_step_on_day_one_only() -> None:
    followup = _followup(status=FollowUpStatus.DONE, closed_on=DAY2)
    assert followup.open_at_end_of(DAY1)
    assert not followup.open_at_end_of(DAY2)
    assert not followup.open_at_end_of(DAY3)


def test_dropped_followup_is_no_longer_a_next_step() -> None:
    followup = _followup(status=FollowUpStatus.DROPPED, closed_on=DAY1)
    assert not followup.open_at_end_of(DAY1)


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (None, ""),
        (DAY2, "due today"),
        (DAY3, "due tomorrow"),
        (date(2011, 11, 27), "due in 5 days"),
        (date(2011, 12, 25), "due 25 Dec 2011"),
        (date(2011, 12, 5), "due in 13 days"),
        (date(2011, 12, 6), "due 6 Dec 2011"),
        (DAY1, "1 day overdue"),
        (date(2011, 11, 19), "3 days overdue"),
    ],
)
def test_due_in_words(due: date | None, words: str) -> None:
    assert _followup(due=due).due_in_words(DAY2) == words


def test_only_open_followups_are_overdue() -> None:
    assert _followup(due=DAY1).overdue(DAY2)
    assert not _followup(due=DAY2).overdue(DAY2)
    assert not _followup(due=DAY1, status=FollowUpStatus.DONE, closed_on=DAY2).overdue(DAY3)
    assert not _followup().overdue(DAY3)


# slugs ---------------------------------------------------------------------------------

SAFE_SLUG = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*)?$")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Chongqing and Chengdu 2011", "chongqing-and-chengdu-2011"),
        ("Ontario → Chongqing: Day 1!", "ontario-chongqing-day-1"),
        ("Café São Paulo", "cafe-sao-paulo"),
        ("Straße Øresund Łódź", "strasse-oresund-lodz"),
        ("../../etc/passwd", "etc-passwd"),
        ("重庆", ""),
    ],
)
def test_slugify_examples(text: str, slug: str) -> None:
    assert slugify(text) == slug


@settings(max_examples=25, deadline=None)  # 400 under `pytest -m slow` (below)
@given(st.text())
def test_slugify_always_gives_a_file_name_safe_slug(text: str) -> None:
    slug = slugify(text)
    assert SAFE_SLUG.match(slug)
    assert len(slug) <= 60
    assert slugify(slug) == slug


test_slugify_always_gives_a_file_name_safe_slug_at_length = at_length(
    test_slugify_always_gives_a_file_name_safe_slug, 400, text=st.text()
)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "Nd"]), min_size=1))
def test_slugify_keeps_something_of_any_ascii_word(text: str) -> None:
    assert slugify(text)
