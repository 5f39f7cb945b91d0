"""Full-text search across every mission: 'when did we last meet the Jinshan Group?'"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiondiary.domain import Attendee, Mission, Outcome, Visibility
from missiondiary.store import Store
from missiondiary.store.search import fts_query, snippet_parts
from store_helpers import SHANGHAI, START, at, china_mission


@pytest.fixture
def mission(diary: Store) -> Mission:
    return china_mission(diary)


def _ids(hits) -> list[str]:
    return [hit.entry_id for hit in hits]


def test_finds_words_in_meeting_notes(diary: Store, mission: Mission) -> None:
    meeting = diary.add_meeting(
        mission.id, "Lunch", at("2011-11-21 12:00"), notes="They asked about icewine exports."
    )
    (hit,) = diary.search("icewine")
    assert hit.entry_id == meeting.id
    assert hit.kind == "meeting"
    assert hit.mission_slug == mission.slug
    assert hit.mission_title == mission.title
    assert hit.day == START
    assert hit.title == "Lunch"
    assert hit.visibility is Visibility.PRIVATE
    assert ("icewine", True) in snippet_parts(hit.snippet)


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("summarised", "meeting"),
        ("consortium", "meeting"),  # an outcome's text finds its meeting
        ("Raffles", "itinerary"),
        ("brochures", "followup"),
        ("hotpot", "post"),
    ],
)
def test_finds_words_in_every_kind_of_entry(
    diary: Store, mission: Mission, word: str, kind: str
) -> None:
    diary.add_meeting(
        mission.id,
        "Trade bureau",
        at("2011-11-21 10:00"),
        summary="Warmly summarised.",
        outcomes=[Outcome("A consortium of five firms", Decimal(10), "USD")],
    )
    diary.add_itinerary_item(
        mission.id, "Check in", at("2011-11-21 15:00"), kind="hotel", location="Raffles City"
    )
    diary.add_followup(mission.id, "Print more brochures", START)
    diary.write_post(mission.id, 2, "Dinner was a fiery hotpot.")
    hits = diary.search(word)
    assert [hit.kind for hit in hits] == [kind]


def test_post_hit_is_dated_by_its_day_number(diary: Store, mission: Mission) -> None:
    diary.write_post(mission.id, 2, "Dinner was a fiery hotpot.")
    diary.write_post(mission.id, 0, "Packing the hotpot spices.", title="Before we left")
    hits = diary.search("hotpot")
    assert [(hit.day, hit.title) for hit in hits] == [
        (date(2011, 11, 22), "Day 2"),
        (date(2011, 11, 20), "Before we left"),
    ]


def test_prefix_of_the_last_word_matches(diary: Store, mission: Mission) -> None:
    meeting = diary.add_meeting(mission.id, "Jinshan Group board", at("2011-11-21 10:00"))
    assert _ids(diary.search("jins")) == [meeting.id]
    assert _ids(diary.search("group jins")) == [meeting.id]
    assert diary.search("jins group") == []  # only the last word is a prefix


def test_search_ignores_case_and_accents(diary: Store, mission: Mission) -> None:
    meeting = diary.add_meeting(mission.id, "Café with the Préfet", at("2011-11-21 10:00"))
    assert _ids(diary.search("CAFE prefet")) == [meeting.id]


def test_every_word_must_appear(diary: Store, mission: Mission) -> None:
    both = diary.add_meeting(mission.id, "Jinshan signing", at("2011-11-21 10:00"))
    diary.add_meeting(mission.id, "Jinshan dinner", at("2011-11-21 19:00"))
    assert _ids(diary.search("jinshan signing")) == [both.id]


def test_searching_an_organisation_finds_meetings_with_it(diary: Store, mission: Mission) -> None:
    with_org = diary.add_meeting(
        mission.id, "Morning talks", at("2011-11-21 10:00"), organisations=["Jinshan Group"]
    )
    with_attendee = diary.add_meeting(
        mission.id,
        "Evening banquet",
        at("2011-11-22 19:00"),
        attendees=[Attendee("Li Wei", "Chairman", "Jinshan Group Co., Ltd.")],
    )
    diary.add_meeting(mission.id, "Other", at("2011-11-23 10:00"), organisations=["CCPIT"])
    hits = diary.search("jinshan")
    assert _ids(hits) == [with_attendee.id, with_org.id]
    assert hits[1].snippet == "with Jinshan Group"
    assert _ids(diary.search("Li Wei")) == [with_attendee.id]


def test_results_are_newest_first(diary: Store, mission: Mission) -> None:
    later_mission = diary.create_mission(
        "Import expo", date(2012, 11, 5), date(2012, 11, 9), SHANGHAI
    )
    day2 = diary.add_meeting(mission.id, "MOU talks", at("2011-11-22 10:00"))
    day1 = diary.add_meeting(mission.id, "MOU first", at("2011-11-21 10:00"))
    day1_late = diary.add_followup(mission.id, "Send the MOU", date(2011, 11, 21))
    next_year = diary.add_meeting(later_mission.id, "MOU renewal", at("2012-11-06 09:00", SHANGHAI))
    assert _ids(diary.search("mou")) == [next_year.id, day2.id, day1.id, day1_late.id]


def test_mission_filter_keeps_one_mission(diary: Store, mission: Mission) -> None:
    other = diary.create_mission("Import expo", date(2012, 11, 5), date(2012, 11, 9), SHANGHAI)
    china = diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00"))
    expo = diary.add_meeting(other.id, "Jinshan again", at("2012-11-06 10:00", SHANGHAI))
    assert _ids(diary.search("jinshan", mission_id=mission.id)) == [china.id]
    assert _ids(diary.search("jinshan", mission_id=other.id)) == [expo.id]
    assert _ids(diary.search("jinshan")) == [expo.id, china.id]


def test_a_meeting_found_several_ways_is_listed_once(diary: Store, mission: Mission) -> None:
    meeting = diary.add_meeting(
        mission.id,
        "Jinshan",
        at("2011-11-21 10:00"),
        notes="Jinshan wants more.",
        organisations=["Jinshan Group"],
        outcomes=[Outcome("Jinshan MOU")],
    )
    assert _ids(diary.search("jinshan")) == [meeting.id]


def test_limit_caps_the_hits(diary: Store, mission: Mission) -> None:
    for n in range(5):
        diary.add_followup(mission.id, f"Call supplier {n}", START)
    assert len(diary.search("supplier", limit=3)) == 3


def test_index_follows_updates_deletes_and_undo(diary: Store, mission: Mission) -> None:
    meeting = diary.add_meeting(mission.id, "Lunch", at("2011-11-21 12:00"), notes="noodles")
    diary.save_meeting_text(meeting.id, notes="dumplings")
    assert diary.search("noodles") == []
    assert _ids(diary.search("dumplings")) == [meeting.id]
    diary.delete_entry("meeting", meeting.id)
    assert diary.search("dumplings") == []
    diary.undo()
    assert _ids(diary.search("dumplings")) == [meeting.id]


@pytest.mark.parametrize(
    ("typed", "finds"),
    [
        ('"', False),
        ('"jinshan', True),
        ("*", False),
        ("jin*", True),
        ("AND", True),
        ("jinshan AND", True),
        ("OR NOT", False),
        ("-", False),
        ("-jinshan", True),
        ("(", False),
        ("jinshan)", True),
        ("(jinshan AND partners)", True),
        ("NEAR(jinshan", False),
        ("col:jinshan", False),
        ("meetings_fts:jinshan", False),
        ("^jinshan", True),
        ("'", False),
        ("_", False),
        ("\x00", False),
        ("", False),
        ("   ", False),
        ("😀", False),
    ],
)
def test_fts_syntax_typed_by_a_user_never_raises(
    diary: Store, mission: Mission, typed: str, finds: bool
) -> None:
    """Operators and quotes are taken as plain words, never as FTS5 syntax."""
    meeting = diary.add_meeting(mission.id, "Jinshan AND partners", at("2011-11-21 10:00"))
    assert _ids(diary.search(typed)) == ([meeting.id] if finds else [])


def test_fts_query_quotes_every_word_and_prefixes_the_last() -> None:
    assert fts_query('jinshan "group') == '"jinshan" "group"*'
    assert fts_query("---") == ""


def test_search_finds_chinese_names_typed_whole(diary: Store, mission: Mission) -> None:
    meeting = diary.add_meeting(mission.id, "会见 金山集团", at("2011-11-21 10:00"))
    assert _ids(diary.search("金山集团")) == [meeting.id]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=40))
def test_any_typed_text_searches_without_error(diary: Store, typed: str) -> None:
    hits = diary.search(typed)
    assert isinstance(hits, list)


# which field matched, and who may read it -------------------------------------------------


def test_working_notes_hit_is_private_in_a_members_meeting(diary: Store, mission: Mission) -> None:
    diary.add_meeting(
        mission.id,
        "Trade bureau",
        at("2011-11-21 10:00"),
        notes="Their icewine quota is soft.",
        summary="A warm welcome.",
        visibility=Visibility.MEMBERS,
    )
    (hit,) = diary.search("icewine")
    assert hit.visibility is Visibility.MEMBERS
    assert (hit.field, hit.snippet_visibility) == ("notes", Visibility.PRIVATE)
    (hit,) = diary.search("welcome")
    assert (hit.field, hit.snippet_visibility) == ("summary", Visibility.MEMBERS)


def test_itinerary_details_are_private_and_titles_follow_their_entry(
    diary: Store, mission: Mission
) -> None:
    diary.add_itinerary_item(
        mission.id,
        "Flight to Chongqing",
        at("2011-11-21 08:00"),
        details="Seat 14A, booking QX7",
        visibility=Visibility.PUBLIC,
    )
    (hit,) = diary.search("QX7")
    assert (hit.field, hit.snippet_visibility) == ("details", Visibility.PRIVATE)
    (hit,) = diary.search("Chongqing")
    assert (hit.field, hit.snippet_visibility) == ("title", Visibility.PUBLIC)


def test_outcomes_and_names_carry_their_meetings_visibility(diary: Store, mission: Mission) -> None:
    diary.add_meeting(
        mission.id,
        "Signing",
        at("2011-11-21 10:00"),
        organisations=["Jinshan Group"],
        outcomes=[Outcome("A consortium of five firms", Decimal(10), "USD")],
        visibility=Visibility.MEMBERS,
    )
    (hit,) = diary.search("consortium")
    assert (hit.field, hit.snippet_visibility) == ("outcome", Visibility.MEMBERS)
    (hit,) = diary.search("Jinshan")
    assert (hit.field, hit.snippet_visibility) == ("name", Visibility.MEMBERS)


def test_post_snippet_reads_as_plain_text(diary: Store, mission: Mission) -> None:
    diary.write_post(
        mission.id,
        2,
        "## Chongqing\n\n> We met the **Jinshan** team at [the expo](https://e.x/1) "
        "and _tasted_ hotpot.",
    )
    (hit,) = diary.search("Jinshan")
    text = "".join(part for part, _ in snippet_parts(hit.snippet))
    assert text == "Chongqing We met the Jinshan team at the expo and tasted hotpot."
    assert ("Jinshan", True) in snippet_parts(hit.snippet)
    # A day post's words are read by whom the post's own visibility allows (members, new).
    assert (hit.field, hit.snippet_visibility) == ("body", Visibility.MEMBERS)
    diary.set_post_visibility(mission.id, 2, Visibility.PUBLIC)
    (hit,) = diary.search("Jinshan")
    assert hit.snippet_visibility == Visibility.PUBLIC


def test_snippet_is_wider_than_a_dozen_words(diary: Store, mission: Mission) -> None:
    words = " ".join(f"word{n}" for n in range(60))
    diary.add_followup(mission.id, f"Call Mr Li about {words}", START)
    (hit,) = diary.search("Li")
    assert len(hit.snippet) > 120
    assert hit.field == "text"


def test_a_title_match_is_shown_rather_than_the_private_notes(
    diary: Store, mission: Mission
) -> None:
    diary.add_meeting(
        mission.id,
        "Jinshan Group",
        at("2011-11-21 10:00"),
        notes="Jinshan Jinshan Jinshan: their quota is soft.",
        visibility=Visibility.MEMBERS,
    )
    (hit,) = diary.search("Jinshan")
    assert (hit.field, hit.snippet_visibility) == ("title", Visibility.MEMBERS)
    assert "quota" not in hit.snippet
