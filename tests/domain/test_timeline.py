"""Wall time + zone -> instant, and which mission day an entry belongs to."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missiondiary import timeline
from missiondiary.domain import Mission
from missiondiary.errors import InvalidInput
from missiondiary.store import Store
from missiondiary.timeline import (
    check_zone,
    iso_with_offset,
    moment_from_text,
    parse_wall_time,
    place,
    wall_time_in,
    zone_abbreviation,
)
from store_helpers import CHONGQING, SHANGHAI, START, TORONTO, at, china_mission

# zones ---------------------------------------------------------------------------------


def test_legacy_alias_asia_chongqing_is_accepted_as_typed() -> None:
    assert check_zone("Asia/Chongqing") == "Asia/Chongqing"
    placed = moment_from_text("2011-11-21 10:00", "Asia/Chongqing")
    assert placed.moment.tz == "Asia/Chongqing"
    assert placed.moment.utc == datetime(2011, 11, 21, 2, 0, tzinfo=UTC)
    assert placed.note == ""


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "   ", "../etc/passwd", "/etc/localtime"])
def test_unknown_zone_names_the_tz_option(name: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--tz: unknown time zone") as caught:
        check_zone(name)
    assert caught.value.field == "tz"


def test_unknown_zone_in_place_names_the_tz_option() -> None:
    with pytest.raises(InvalidInput, match="--tz: unknown time zone 'Mars/Olympus'"):
        moment_from_text("2011-11-21 10:00", "Mars/Olympus")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("asia/shanghai", SHANGHAI), ("ASIA/CHONGQING", CHONGQING), ("utc", "UTC")],
)
def test_zone_typed_in_another_case_is_kept_in_the_databases_spelling(
    typed: str, kept: str
) -> None:
    """A Mac's files ignore case, Linux's do not: the diary must open on both."""
    assert check_zone(typed) == kept
    assert moment_from_text("2011-11-21 10:00", typed).moment.tz == kept


@pytest.mark.parametrize("typed", ["localtime", "posixrules"])
def test_this_computers_zone_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--tz: .*this computer"):
        check_zone(typed)


def test_zone_typed_with_spaces_is_kept_clean() -> None:
    moment = moment_from_text("2011-11-21 10:00", "  Asia/Shanghai ").moment
    assert moment.tz == SHANGHAI
    assert zone_abbreviation(moment) == "CST"


# wall times ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-11-21 09:05", datetime(2011, 11, 21, 9, 5)),
        ("2011-11-21T9:05", datetime(2011, 11, 21, 9, 5)),
        (" 2011-11-21 09:05:30 ", datetime(2011, 11, 21, 9, 5, 30)),
    ],
)
def test_wall_time_formats_accepted(text: str, expected: datetime) -> None:
    assert parse_wall_time(text) == expected


@pytest.mark.parametrize(
    "text", ["2011-02-30 10:00", "2011-11-21 25:00", "2011-11-21 10:61", "tomorrow", "", "10:00"]
)
def test_bad_wall_time_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--end: ") as caught:
        parse_wall_time(text, "--end")
    assert caught.value.field == "end"


def test_time_in_a_dst_gap_is_refused_with_a_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        moment_from_text("2025-03-09 02:30", TORONTO)
    message = str(caught.value)
    assert message.startswith("--at: 2025-03-09 02:30 does not exist in America/Toronto")
    assert "skipped" in message


def test_times_either_side_of_a_dst_gap_are_placed() -> None:
    before = moment_from_text("2025-03-09 01:59", TORONTO).moment
    after = moment_from_text("2025-03-09 03:00", TORONTO).moment
    assert after.utc - before.utc == timedelta(minutes=1)


def test_time_in_a_dst_fold_takes_the_first_and_says_so() -> None:
    placed = moment_from_text("2025-11-02 01:30", TORONTO)
    assert placed.moment.utc == datetime(2025, 11, 2, 5, 30, tzinfo=UTC)  # EDT, UTC-4
    assert placed.moment.local == datetime(2025, 11, 2, 1, 30)
    assert "happens twice" in placed.note
    assert "first" in placed.note
    assert "EDT" in placed.note
    assert "UTC-04:00" in placed.note


def test_ordinary_time_has_no_note() -> None:
    assert moment_from_text("2025-11-02 03:30", TORONTO).note == ""


def test_seconds_of_a_wall_time_survive_the_store(diary: Store) -> None:
    mission = china_mission(diary)
    moment = at("2011-11-21 10:00:30")
    meeting = diary.add_meeting(mission.id, "Precise", moment)
    loaded = diary.meeting(meeting.id).at
    assert loaded == moment
    assert loaded.local.second == 30
    assert loaded.utc.second == 30


def test_far_edges_of_the_calendar_are_refused_not_crashed() -> None:
    with pytest.raises(InvalidInput, match="--at"):
        moment_from_text("9999-12-31 23:59", TORONTO)
    with pytest.raises(InvalidInput, match="--at"):
        moment_from_text("0001-01-01 00:00", "Asia/Tokyo")


def test_store_keeps_wall_time_zone_and_instant(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(mission.id, "Call home", at("2011-11-21 21:00", TORONTO))
    loaded = diary.itinerary_item(item.id).start
    assert loaded.local == datetime(2011, 11, 21, 21, 0)
    assert loaded.tz == TORONTO
    assert loaded.utc == datetime(2011, 11, 22, 2, 0, tzinfo=UTC)
    assert loaded.utc.tzinfo is not None
    assert loaded.local.tzinfo is None


def test_iso_with_offset_gives_the_local_offset() -> None:
    assert iso_with_offset(datetime(2011, 11, 21, 21, 0), CHONGQING) == "2011-11-21T21:00:00+08:00"
    assert iso_with_offset(datetime(2011, 7, 1, 9, 0), TORONTO) == "2011-07-01T09:00:00-04:00"


def test_zone_without_letters_shows_its_offset() -> None:
    assert zone_abbreviation(at("2011-11-21 10:00", "Asia/Dubai")) == "UTC+04:00"
    assert zone_abbreviation(at("2011-11-21 10:00", "Asia/Kolkata")) == "IST"


def test_the_same_instant_read_on_the_home_clock() -> None:
    landing = at("2011-11-21 03:05", SHANGHAI)
    assert wall_time_in(landing, TORONTO) == datetime(2011, 11, 20, 14, 5)


def test_today_and_now_follow_the_zone() -> None:
    instant = datetime(2011, 11, 20, 20, 0, tzinfo=UTC)  # 04:00 next day in Chongqing
    assert timeline.today_in(CHONGQING, instant) == date(2011, 11, 21)
    assert timeline.today_in(TORONTO, instant) == date(2011, 11, 20)
    assert timeline.now_in(CHONGQING, instant) == datetime(2011, 11, 21, 4, 0)


def test_stamps_are_utc_and_strictly_increasing() -> None:
    stamps = [timeline.stamp() for _ in range(50)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert all(datetime.fromisoformat(s).utcoffset() == timedelta(0) for s in stamps)


# days ----------------------------------------------------------------------------------


def _mission() -> Mission:
    return Mission(
        id="m", slug="china", title="China", start_date=START, end_date=START, tz=CHONGQING,
        home_tz=TORONTO,
    )  # fmt: skip


def test_day_one_is_the_start_date_and_day_zero_the_day_before() -> None:
    mission = _mission()
    assert mission.day_number(START) == 1
    assert mission.day_number(date(2011, 11, 20)) == 0
    assert mission.day_number(date(2011, 11, 23)) == 3
    assert mission.date_of(1) == START
    assert mission.date_of(0) == date(2011, 11, 20)
    assert mission.date_of(-1) == date(2011, 11, 19)


def test_store_day_has_its_number(diary: Store) -> None:
    mission = china_mission(diary)
    assert diary.day(mission.id, START).number == 1
    assert diary.day(mission.id, date(2011, 11, 20)).number == 0
    assert diary.day(mission.id, date(2011, 11, 30)).number == 10


def test_entry_belongs_to_its_own_local_date_not_the_utc_date(diary: Store) -> None:
    mission = china_mission(diary)
    # 00:30 on the 22nd in Chongqing is still the 21st in UTC.
    early = diary.add_meeting(mission.id, "Night market", at("2011-11-22 00:30"))
    # 21:00 on the 21st in Toronto is already the 22nd in UTC.
    late = diary.add_itinerary_item(mission.id, "Call home", at("2011-11-21 21:00", TORONTO))
    assert early.at.utc.date() == date(2011, 11, 21)
    assert late.start.utc.date() == date(2011, 11, 22)
    day_21 = diary.day(mission.id, date(2011, 11, 21))
    day_22 = diary.day(mission.id, date(2011, 11, 22))
    assert [m.id for m in day_22.meetings] == [early.id]
    assert day_21.meetings == ()
    assert [i.id for i in day_21.itinerary] == [late.id]
    assert day_22.itinerary == ()


def test_day_with_nothing_uses_the_mission_zone(diary: Store) -> None:
    mission = china_mission(diary)
    day = diary.day(mission.id, date(2011, 11, 25))
    assert day.tz == CHONGQING
    assert day.place == "Chongqing"
    assert day.itinerary == day.meetings == day.followups == ()
    assert day.post is None


def test_day_zone_is_that_of_its_first_entry(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_meeting(mission.id, "Breakfast in Chengdu", at("2011-11-24 08:00", "Asia/Shanghai"))
    diary.add_itinerary_item(mission.id, "Call home", at("2011-11-24 21:00", TORONTO))
    assert diary.day(mission.id, date(2011, 11, 24)).tz == SHANGHAI


def test_post_place_heads_the_day_over_the_zone_city(diary: Store) -> None:
    mission = china_mission(diary)
    diary.write_post(mission.id, 1, "Words", place="China / Chongqing")
    assert diary.day(mission.id, START).place == "China / Chongqing"
    assert diary.day(mission.id, START).post.body == "Words"


# the Toronto -> Chongqing flight -------------------------------------------------------


@pytest.fixture
def flight(diary: Store):
    mission = china_mission(diary)
    item = diary.add_itinerary_item(
        mission.id,
        "Air Canada to Chongqing via Beijing",
        moment_from_text("2011-11-20 00:40", TORONTO).moment,
        moment_from_text("2011-11-21 03:05", SHANGHAI).moment,
        kind="flight",
    )
    return mission, item


def test_flight_from_toronto_belongs_to_its_departure_day(diary: Store, flight) -> None:
    mission, item = flight
    day_zero = diary.day(mission.id, date(2011, 11, 20))
    assert day_zero.number == 0
    assert [i.id for i in day_zero.itinerary] == [item.id]
    assert day_zero.tz == TORONTO
    assert diary.first_entry_date(mission.id) == date(2011, 11, 20)


def test_flight_keeps_both_zones_and_both_local_times(diary: Store, flight) -> None:
    _, item = flight
    loaded = diary.itinerary_item(item.id)
    assert loaded.crosses_zones
    assert loaded.start.tz == TORONTO
    assert loaded.start.local == datetime(2011, 11, 20, 0, 40)
    assert loaded.start.utc == datetime(2011, 11, 20, 5, 40, tzinfo=UTC)
    assert loaded.end is not None
    assert loaded.end.tz == SHANGHAI
    assert loaded.end.local == datetime(2011, 11, 21, 3, 5)
    assert loaded.end.utc == datetime(2011, 11, 20, 19, 5, tzinfo=UTC)
    assert loaded.local_date == date(2011, 11, 20)


def test_arrival_day_does_not_list_the_flight_but_takes_its_arrival_zone(
    diary: Store, flight
) -> None:
    mission, _ = flight
    day_one = diary.day(mission.id, date(2011, 11, 21))
    assert day_one.itinerary == ()
    assert day_one.tz == SHANGHAI
    assert day_one.place == "Shanghai"


def test_arrival_day_with_its_own_entry_takes_that_entrys_zone(diary: Store, flight) -> None:
    mission, _ = flight
    diary.add_meeting(mission.id, "Jinshan Group", at("2011-11-21 10:00", CHONGQING))
    assert diary.day(mission.id, date(2011, 11, 21)).tz == CHONGQING


def test_a_landing_before_take_off_is_refused(diary: Store) -> None:
    mission = china_mission(diary)
    with pytest.raises(InvalidInput, match="--end: 2011-11-20 18:00 Asia/Shanghai is before"):
        diary.add_itinerary_item(
            mission.id,
            "Time machine",
            moment_from_text("2011-11-20 09:00", TORONTO).moment,
            moment_from_text("2011-11-20 18:00", SHANGHAI).moment,  # 05:00 in Toronto
            kind="flight",
        )


# properties ----------------------------------------------------------------------------

ZONES = sorted(zoneinfo.available_timezones())


@settings(max_examples=100, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    wall=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
)
def test_any_valid_zone_and_wall_time_is_placed_or_refused_cleanly(
    zone: str, wall: datetime
) -> None:
    try:
        placed = place(wall, zone)
    except InvalidInput as error:
        assert str(error).startswith(("--at: ", "--tz: "))
        return
    moment = placed.moment
    assert moment.tz.casefold() == zone.casefold()
    assert moment.local == wall.replace(microsecond=0)
    assert moment.utc.utcoffset() == timedelta(0)
    # The instant read back on that zone's clock is the wall time typed.
    assert wall_time_in(moment, zone) == moment.local
    if placed.note:
        assert placed.note.startswith("--at: ")
        assert "happens twice" in placed.note


@settings(max_examples=60, deadline=None)
@given(wall=st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2037, 12, 31)))
def test_placing_is_stable_through_text(wall: datetime) -> None:
    text = f"{wall:%Y-%m-%d %H:%M}"
    try:
        placed = moment_from_text(text, TORONTO)
    except InvalidInput:
        return
    assert f"{placed.moment.local:%Y-%m-%d %H:%M}" == text


def test_a_zone_spelled_as_in_the_database_is_known_without_reading_all_of_it() -> None:
    timeline._known_zones.cache_clear()
    assert check_zone("Asia/Shanghai") == "Asia/Shanghai"
    assert check_zone("America/Argentina/Buenos_Aires") == "America/Argentina/Buenos_Aires"
    assert timeline._known_zones.cache_info().currsize == 0  # no walk of the whole database
    assert check_zone("asia/SHANGHAI") == "Asia/Shanghai"  # other spellings: the whole list


def test_every_zone_of_the_database_is_known_as_itself_and_nothing_else_slips_in() -> None:
    for name in sorted(zoneinfo.available_timezones() - {"localtime", "posixrules"}):
        assert check_zone(name) == name
    for name in ("right/UTC", "posix/Asia/Shanghai", "zone.tab", "Asia", "Asia/Nowhere"):
        with pytest.raises(InvalidInput):
            check_zone(name)
