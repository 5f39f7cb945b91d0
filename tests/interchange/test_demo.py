"""The demo mission: built once, from the reference post's facts, with every feature in use."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

from missiondiary.demo import DEMO_SLUG, build_demo
from missiondiary.domain import FollowUpStatus, Visibility
from missiondiary.store import Store


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_building_the_demo_twice_changes_nothing(diary: Store, diary_path: Path) -> None:
    first = build_demo(diary)
    before = dump(diary_path)
    second = build_demo(diary)
    assert second == first
    assert dump(diary_path) == before
    assert [m.slug for m in diary.missions()] == [DEMO_SLUG]


def test_the_demo_sits_beside_other_missions(diary: Store) -> None:
    diary.create_mission("Another trip", date(2024, 5, 1), date(2024, 5, 3), "Europe/Paris")
    mission = build_demo(diary)
    assert {m.slug for m in diary.missions()} == {DEMO_SLUG, "another-trip-2024"}
    assert build_demo(diary) == mission


def test_the_demo_mission_is_the_chambers_china_trip(demo_diary: Store) -> None:
    mission = demo_diary.find_mission(DEMO_SLUG)
    assert mission.start_date == date(2011, 11, 21)
    assert mission.day_count == 10
    assert mission.tz == "Asia/Chongqing"  # the legacy alias, on purpose
    assert mission.home_tz == "America/Toronto"
    assert mission.author == "Joaquim Balles"


def test_day_0_is_the_overnight_flight_that_lands_on_day_1(demo_diary: Store) -> None:
    mission = demo_diary.find_mission(DEMO_SLUG)
    day0 = demo_diary.day(mission.id, date(2011, 11, 20))
    [flight] = day0.itinerary
    assert day0.number == 0
    assert flight.kind == "flight"
    assert flight.crosses_zones
    assert flight.start.tz == "America/Toronto"
    assert flight.end is not None
    assert flight.end.tz == "Asia/Shanghai"
    assert flight.end.local_date == date(2011, 11, 21)
    assert demo_diary.first_entry_date(mission.id) == date(2011, 11, 20)


def test_days_one_to_three_follow_the_reference_post(demo_diary: Store) -> None:
    mission = demo_diary.find_mission(DEMO_SLUG)
    day1 = demo_diary.day(mission.id, date(2011, 11, 21))
    assert day1.place == "China / Chongqing"
    assert any(m.title.startswith("Jinshan Group") for m in day1.meetings)
    assert day1.post is not None and "Jinshan" in day1.post.body
    day2 = demo_diary.day(mission.id, date(2011, 11, 22))
    organisations = {org for m in day2.meetings for org in m.organisations}
    assert "CCPIT Chongqing Sub-Council" in organisations
    assert "Chongqing Municipal People's Government" in organisations
    day3 = demo_diary.day(mission.id, date(2011, 11, 23))
    assert any(item.kind == "ceremony" for item in day3.itinerary)
    day4 = demo_diary.day(mission.id, date(2011, 11, 24))
    assert day4.place == "China / Chengdu"
    assert any(item.kind == "train" for item in day4.itinerary)
    for number in (1, 2, 3, 4):
        post = demo_diary.post(mission.id, number)
        assert post is not None and post.body.strip()


def test_the_demo_holds_agreements_with_and_without_amounts(demo_diary: Store) -> None:
    mission = demo_diary.find_mission(DEMO_SLUG)
    outcomes = [o for m in demo_diary.meetings_for_mission(mission.id) for o in m.outcomes]
    priced = {(o.currency, o.amount) for o in outcomes if o.amount is not None}
    assert ("CNY", Decimal("1250000")) in priced
    assert ("CAD", Decimal("45000")) in priced
    assert any("MOU" in o.text and o.amount is None for o in outcomes)


def test_private_facts_stay_in_private_places(demo_diary: Store) -> None:
    mission = demo_diary.find_mission(DEMO_SLUG)
    meetings = demo_diary.meetings_for_mission(mission.id)
    vancouver = [m for m in meetings if "Vancouver" in m.notes]
    assert vancouver
    for meeting in meetings:
        assert "Vancouver" not in meeting.summary
    for number in range(0, 11):
        post = demo_diary.post(mission.id, number)
        assert post is None or "Vancouver" not in post.body
    visibilities = {m.visibility for m in meetings}
    assert visibilities == set(Visibility)


def test_followups_have_owners_due_dates_and_every_status(demo_diary: Store) -> None:
    mission = demo_diary.find_mission(DEMO_SLUG)
    followups = demo_diary.followups(mission.id)
    by_text = {f.text: f for f in followups}
    mou = by_text["Send the MOU text to the Chamber board"]
    assert mou.status is FollowUpStatus.DONE
    assert mou.closed_on == date(2011, 11, 22)
    committee = next(f for f in followups if "Asian Business Opportunities" in f.text)
    assert committee.owner == "Lily Wang"
    assert committee.status is FollowUpStatus.OPEN
    assert any(f.due and f.due.month == 4 and f.due.year == 2012 for f in followups)
    assert {f.status for f in followups} == set(FollowUpStatus)
    assert all(f.owner and f.due for f in followups)
    assert {f.visibility for f in followups} >= {Visibility.PRIVATE, Visibility.MEMBERS}


def test_the_mission_ends_with_the_flight_home(demo_diary: Store) -> None:
    mission = demo_diary.find_mission(DEMO_SLUG)
    last = demo_diary.day(mission.id, mission.end_date)
    [flight] = [item for item in last.itinerary if item.kind == "flight"]
    assert flight.end is not None and flight.end.tz == "America/Toronto"
