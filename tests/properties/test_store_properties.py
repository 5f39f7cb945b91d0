"""Whatever a delegate types (or pastes) comes back exactly, or is refused with a diary error."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from missiondiary.domain import Attendee, Mission
from missiondiary.errors import InvalidInput
from missiondiary.store import Store, open_store
from store_helpers import START, at, china_mission, row_counts

SHARED_DIARY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

TRICKY = [
    "مرحبا بالوفد التجاري",  # right to left
    "שלום\u200fעולם",  # RTL mark
    "重庆市人民政府 🇨🇳🤝🇨🇦",
    "e\u0301 combining",
    "tab\there\nnew line\r\nwindows",
    "nul\x00inside",
    "\x01\x02\x1b[31mred\x1b[0m\x7f",
    "\u2028line separator\u2029",
    "'; DROP TABLE meetings; --",
    '"quoted" *star* (paren) -minus AND OR NEAR',
]


@pytest.fixture
def mission(diary: Store) -> Mission:
    return china_mission(diary)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


@SHARED_DIARY
@given(title=st.text(), notes=st.text(), summary=st.text())
@example(title=TRICKY[0], notes=TRICKY[5], summary=TRICKY[2])
@example(title=TRICKY[6], notes=TRICKY[4], summary=TRICKY[7])
@example(title=TRICKY[8], notes=TRICKY[9], summary=TRICKY[3])
def test_meeting_text_round_trips(
    diary: Store, mission: Mission, title: str, notes: str, summary: str
) -> None:
    if not _collapsed(title):
        with pytest.raises(InvalidInput, match="--title"):
            diary.add_meeting(mission.id, title, at("2011-11-21 10:00"), notes=notes)
        return
    meeting = diary.add_meeting(
        mission.id, title, at("2011-11-21 10:00"), notes=notes, summary=summary
    )
    loaded = diary.meeting(meeting.id)
    assert loaded.title == _collapsed(title)
    assert loaded.notes == notes
    assert loaded.summary == summary
    edited = diary.save_meeting_text(meeting.id, notes=summary, summary=notes)
    assert (edited.notes, edited.summary) == (summary, notes)
    assert diary.meeting(meeting.id) == edited


@SHARED_DIARY
@given(text=st.text(), owner=st.text())
@example(text=TRICKY[1], owner=TRICKY[5])
@example(text=TRICKY[9], owner=TRICKY[0])
def test_followup_text_round_trips(diary: Store, mission: Mission, text: str, owner: str) -> None:
    if not _collapsed(text):
        with pytest.raises(InvalidInput, match="TEXT"):
            diary.add_followup(mission.id, text, START, owner=owner)
        return
    followup = diary.add_followup(mission.id, text, START, owner=owner)
    loaded = diary.followup(followup.id)
    assert loaded.text == _collapsed(text)
    assert loaded.owner == _collapsed(owner)
    assert loaded == followup


@SHARED_DIARY
@given(name=st.text(min_size=1), role=st.text(), organisation=st.text())
@example(name="李伟", role="董事长", organisation="金山集团有限公司")
@example(name="nul\x00name", role="", organisation="Jinshan Group Co., Ltd.")
def test_attendees_round_trip(
    diary: Store, mission: Mission, name: str, role: str, organisation: str
) -> None:
    attendee = Attendee(name, role, organisation)
    if not _collapsed(name):
        with pytest.raises(InvalidInput, match="--with"):
            diary.add_meeting(mission.id, "Talks", at("2011-11-21 10:00"), attendees=[attendee])
        return
    meeting = diary.add_meeting(mission.id, "Talks", at("2011-11-21 10:00"), attendees=[attendee])
    (loaded,) = diary.meeting(meeting.id).attendees
    # The directory keeps the first spelling of a name it already knows.
    (person,) = [p for p in diary.people() if p.name.casefold() == loaded.name.casefold()]
    assert loaded.name == person.name
    assert loaded.name.casefold() == _collapsed(name).casefold()
    assert loaded.role == _collapsed(role)
    assert loaded.organisation.casefold() == _collapsed(organisation).casefold()


@SHARED_DIARY
@given(notes=st.text(min_size=1))
@example(notes="🙂 nul\x00 and emoji")
def test_searching_stored_text_never_fails(diary: Store, mission: Mission, notes: str) -> None:
    diary.add_meeting(mission.id, "Notes", at("2011-11-21 10:00"), notes=notes)
    for hit in diary.search(notes):
        assert hit.mission_id == mission.id


@pytest.mark.parametrize("bad", ["\udcff", "half a pair \ud83d"])
def test_undecodable_text_is_refused_and_nothing_written(
    diary: Store, diary_path: Path, mission: Mission, bad: str
) -> None:
    """Text a shell could not decode arrives as lone surrogates; it cannot be stored as UTF-8."""
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match="UTF-8"):
        diary.add_meeting(mission.id, "Talks", at("2011-11-21 10:00"), notes=bad)
    with pytest.raises(InvalidInput, match="UTF-8"):
        diary.add_followup(mission.id, f"Send {bad}", START)
    assert row_counts(diary_path) == before


def test_text_round_trips_across_a_reopen(diary_path: Path) -> None:
    with open_store(diary_path) as store:
        mission = china_mission(store)
        ids = [
            store.add_meeting(mission.id, "Tricky", at("2011-11-21 10:00"), notes=text).id
            for text in TRICKY
        ]
    with open_store(diary_path, readonly=True) as store:
        assert [store.meeting(i).notes for i in ids] == TRICKY
        assert store.day(mission.id, date(2011, 11, 21)).meetings[0].notes in TRICKY
