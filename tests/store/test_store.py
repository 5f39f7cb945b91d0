"""Store round trips on a real diary file: every entity comes back as it went in."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from missiondiary.domain import (
    Attendee,
    FollowUpStatus,
    Outcome,
    PostStatus,
    Visibility,
)
from missiondiary.errors import AmbiguousId, DiaryError, InvalidInput, NotFound, ReadOnlyDiary
from missiondiary.store import Store, open_store
from store_helpers import (
    CHONGQING,
    END,
    SHANGHAI,
    START,
    TORONTO,
    at,
    china_mission,
    raw_connection,
    row_counts,
)


def _is_uuid4(value: str) -> bool:
    return uuid.UUID(value).version == 4 and str(uuid.UUID(value)) == value


# missions ------------------------------------------------------------------------------


def test_mission_round_trips_every_field(diary: Store) -> None:
    created = diary.create_mission(
        "  Chongqing   and Chengdu ",
        START,
        END,
        CHONGQING,
        home_tz=TORONTO,
        organisation=" Ontario Chamber ",
        author="Jane Roe",
        categories=["Trade missions", "China"],
        tags=["chongqing, chengdu", "mou"],
    )
    loaded = diary.mission(created.id)
    assert loaded == created
    assert loaded.title == "Chongqing and Chengdu"
    assert loaded.slug == "chongqing-and-chengdu-2011"
    assert (loaded.start_date, loaded.end_date) == (START, END)
    assert (loaded.tz, loaded.home_tz) == (CHONGQING, TORONTO)
    assert loaded.organisation == "Ontario Chamber"
    assert loaded.author == "Jane Roe"
    assert loaded.categories == ("Trade missions", "China")
    assert loaded.tags == ("chongqing", "chengdu", "mou")
    assert loaded.day_count == 10


def test_mission_home_zone_defaults_to_the_mission_zone(diary: Store) -> None:
    mission = diary.create_mission("Shanghai expo", START, END, SHANGHAI)
    assert mission.home_tz == SHANGHAI


def test_mission_ending_before_it_starts_is_refused(diary: Store) -> None:
    with pytest.raises(InvalidInput, match="--end"):
        diary.create_mission("Backwards", END, START, SHANGHAI)
    assert diary.missions() == []


def test_mission_with_a_taken_slug_is_refused(diary: Store) -> None:
    china_mission(diary, slug="china-2011")
    with pytest.raises(InvalidInput, match="--slug: a mission called 'china-2011'"):
        china_mission(diary, title="Another", slug="China 2011")
    assert len(diary.missions()) == 1


def test_mission_of_only_symbols_gets_a_dated_slug(diary: Store) -> None:
    mission = diary.create_mission("重庆 · 成都", START, END, SHANGHAI)
    assert mission.slug == "mission-20111121"


def test_missions_with_the_same_title_and_year_get_numbered_slugs(diary: Store) -> None:
    first = diary.create_mission("China mission", START, END, SHANGHAI)
    second = diary.create_mission("China mission", date(2011, 12, 1), date(2011, 12, 5), SHANGHAI)
    third = diary.create_mission("China  Mission", date(2011, 12, 6), date(2011, 12, 9), SHANGHAI)
    assert [m.slug for m in (first, second, third)] == [
        "china-mission-2011",
        "china-mission-2011-2",
        "china-mission-2011-3",
    ]


def test_long_title_keeps_the_year_in_its_slug(diary: Store) -> None:
    mission = diary.create_mission("Trade " * 30, START, END, SHANGHAI)
    assert mission.slug.endswith("-2011")
    assert len(mission.slug) <= 60


def test_slug_of_symbols_only_is_refused(diary: Store) -> None:
    with pytest.raises(InvalidInput, match="--slug: '!!!' has no letters or digits"):
        china_mission(diary, slug="!!!")


def test_update_mission_changes_fields_and_keeps_created_at(diary: Store) -> None:
    mission = china_mission(diary)
    updated = diary.update_mission(mission.id, title="China 2011", end_date=date(2011, 12, 1))
    assert updated.title == "China 2011"
    assert updated.end_date == date(2011, 12, 1)
    assert updated.start_date == START
    assert updated.created_at == mission.created_at
    assert updated.updated_at > mission.updated_at


def test_update_mission_refuses_an_end_before_the_start(diary: Store) -> None:
    mission = china_mission(diary)
    with pytest.raises(InvalidInput, match="--end"):
        diary.update_mission(mission.id, end_date=date(2011, 11, 1))
    assert diary.mission(mission.id).end_date == END


def test_mission_summaries_count_entries(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_itinerary_item(mission.id, "Hotel", at("2011-11-21 15:00"), kind="hotel")
    meeting = diary.add_meeting(mission.id, "Jinshan Group", at("2011-11-21 10:00"))
    diary.add_followup(mission.id, "Send MOU", START, meeting_id=meeting.id)
    done = diary.add_followup(mission.id, "Book dinner", START)
    diary.set_followup_status(done.id, FollowUpStatus.DONE, on=START)
    (summary,) = diary.mission_summaries()
    assert summary.mission.id == mission.id
    assert (summary.itinerary_count, summary.meeting_count) == (1, 1)
    assert (summary.followup_count, summary.open_followups) == (2, 1)


# itinerary -----------------------------------------------------------------------------


def test_itinerary_item_without_end_round_trips(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(
        mission.id,
        "Visit to the Liangjiang New Area",
        at("2011-11-22 14:30"),
        kind="visit",
        location="Liangjiang",
        details="Bus from the hotel at 14:00",
        visibility=Visibility.PUBLIC,
    )
    loaded = diary.itinerary_item(item.id)
    assert loaded == item
    assert loaded.end is None
    assert loaded.kind == "visit"
    assert loaded.location == "Liangjiang"
    assert loaded.details == "Bus from the hotel at 14:00"
    assert loaded.visibility is Visibility.PUBLIC
    assert loaded.start.local.isoformat() == "2011-11-22T14:30:00"
    assert loaded.start.tz == CHONGQING
    assert loaded.start.utc.isoformat() == "2011-11-22T06:30:00+00:00"


def test_itinerary_item_with_end_round_trips(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(
        mission.id,
        "Train to Chengdu",
        at("2011-11-24 09:00"),
        at("2011-11-24 11:15"),
        kind="train",
    )
    loaded = diary.itinerary_item(item.id)
    assert loaded == item
    assert loaded.end is not None
    assert loaded.end.local.isoformat() == "2011-11-24T11:15:00"
    assert not loaded.crosses_zones


def test_itinerary_defaults_to_members_visibility(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(mission.id, "Hotel", at("2011-11-21 15:00"))
    assert diary.itinerary_item(item.id).visibility is Visibility.MEMBERS


def test_itinerary_end_before_start_is_refused(diary: Store, diary_path: Path) -> None:
    mission = china_mission(diary)
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match="--end"):
        diary.add_itinerary_item(
            mission.id, "Dinner", at("2011-11-21 19:00"), at("2011-11-21 18:00")
        )
    assert row_counts(diary_path) == before


def test_itinerary_unknown_kind_is_refused(diary: Store) -> None:
    mission = china_mission(diary)
    with pytest.raises(InvalidInput, match="--kind: 'zeppelin'"):
        diary.add_itinerary_item(mission.id, "Airship", at("2011-11-21 10:00"), kind="zeppelin")


def test_set_visibility_refuses_an_unknown_level_and_changes_nothing(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(mission.id, "Hotel", at("2011-11-21 15:00"))
    with pytest.raises(InvalidInput, match="visibility"):
        diary.set_visibility("itinerary", item.id, "everyone")  # type: ignore[arg-type]
    assert diary.itinerary_item(item.id) == item
    assert diary.last_change().action == "insert"
    diary.set_visibility("itinerary", item.id, "public")  # type: ignore[arg-type]
    assert diary.itinerary_item(item.id).visibility is Visibility.PUBLIC


def test_missions_and_posts_cannot_be_deleted_as_entries(diary: Store) -> None:
    mission = china_mission(diary)
    with pytest.raises(InvalidInput, match="cannot be changed this way"):
        diary.delete_entry("mission", mission.id)
    assert diary.mission(mission.id) == mission


def test_unknown_visibility_is_refused_with_a_diary_error(diary: Store) -> None:
    mission = china_mission(diary)
    with pytest.raises(InvalidInput, match="visibility"):
        diary.add_itinerary_item(
            mission.id,
            "Hotel",
            at("2011-11-21 15:00"),
            visibility="secret",  # type: ignore[arg-type]
        )
    assert diary.itinerary_for_mission(mission.id) == []


def test_update_itinerary_item_can_clear_the_end(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(
        mission.id, "Dinner", at("2011-11-21 19:00"), at("2011-11-21 21:00")
    )
    updated = diary.update_itinerary_item(item.id, end=None, location="Hongya Cave")
    assert updated.end is None
    assert updated.location == "Hongya Cave"
    assert updated.title == "Dinner"
    assert updated.created_at == item.created_at
    assert updated.updated_at > item.updated_at


def test_update_itinerary_item_moves_it_to_its_new_day(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(mission.id, "Factory visit", at("2011-11-22 10:00"))
    diary.update_itinerary_item(item.id, start=at("2011-11-23 10:00"))
    assert diary.itinerary_for_day(mission.id, date(2011, 11, 22)) == []
    assert [i.id for i in diary.itinerary_for_day(mission.id, date(2011, 11, 23))] == [item.id]


def test_itinerary_for_day_is_in_local_time_order(diary: Store) -> None:
    mission = china_mission(diary)
    late = diary.add_itinerary_item(mission.id, "Banquet", at("2011-11-21 19:00"))
    early = diary.add_itinerary_item(mission.id, "Breakfast", at("2011-11-21 07:30"))
    diary.add_itinerary_item(mission.id, "Next day", at("2011-11-22 07:30"))
    day = diary.itinerary_for_day(mission.id, START)
    assert [i.id for i in day] == [early.id, late.id]


# meetings ------------------------------------------------------------------------------


JINSHAN = "Jinshan Group Co., Ltd."


def test_meeting_round_trips_organisations_attendees_and_outcomes(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(
        mission.id,
        "Jinshan Group",
        at("2011-11-21 10:00"),
        location="Jinshan HQ",
        organisations=["Chongqing Trade Promotion Bureau"],
        attendees=[
            Attendee.parse(f"Li Wei, Chairman, {JINSHAN}"),
            Attendee.parse("Zhang Min, Vice Mayor, Chongqing Municipal Government"),
            Attendee.parse("Tom Smith"),
        ],
        notes="They want **exclusive** rights. Do not publish.",
        summary="A warm first meeting.",
        outcomes=[
            Outcome("MOU on a joint venture", Decimal("1500000.50"), "CNY"),
            Outcome("Set up an Asian business committee"),
        ],
        visibility=Visibility.MEMBERS,
    )
    loaded = diary.meeting(meeting.id)
    assert loaded == meeting
    assert loaded.organisations == (
        "Chongqing Trade Promotion Bureau",
        JINSHAN,
        "Chongqing Municipal Government",
    )
    assert loaded.attendees == (
        Attendee("Li Wei", "Chairman", JINSHAN),
        Attendee("Zhang Min", "Vice Mayor", "Chongqing Municipal Government"),
        Attendee("Tom Smith", "", ""),
    )
    assert loaded.notes == "They want **exclusive** rights. Do not publish."
    assert loaded.summary == "A warm first meeting."
    assert loaded.outcomes == (
        Outcome("MOU on a joint venture", Decimal("1500000.50"), "CNY"),
        Outcome("Set up an Asian business committee", None, None),
    )
    assert isinstance(loaded.outcomes[0].amount, Decimal)
    assert loaded.outcomes[0].money() == "CNY 1,500,000.50"
    assert loaded.visibility is Visibility.MEMBERS
    assert loaded.location == "Jinshan HQ"


def test_meeting_defaults_to_private(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(mission.id, "Quiet chat", at("2011-11-21 10:00"))
    assert diary.meeting(meeting.id).visibility is Visibility.PRIVATE


def test_outcome_amount_keeps_every_digit(diary: Store) -> None:
    mission = china_mission(diary)
    amounts = [Decimal("0.10"), Decimal("123456789012345678.99"), Decimal("1E+6")]
    meeting = diary.add_meeting(
        mission.id,
        "Signing",
        at("2011-11-21 10:00"),
        outcomes=[Outcome(f"Deal {n}", amount, "USD") for n, amount in enumerate(amounts)],
    )
    assert [o.amount for o in diary.meeting(meeting.id).outcomes] == amounts


def test_outcome_currency_is_normalised_to_upper_case(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(
        mission.id, "Signing", at("2011-11-21 10:00"), outcomes=[Outcome("MOU", Decimal(5), "cad")]
    )
    assert diary.meeting(meeting.id).outcomes[0].currency == "CAD"


@pytest.mark.parametrize(
    ("outcome", "field"),
    [
        (Outcome("MOU", Decimal("100")), "--currency"),
        (Outcome("MOU", Decimal("100"), "dollars"), "--currency"),
        (Outcome("MOU", Decimal("-5"), "USD"), "--amount"),
        (Outcome("   "), "--outcome"),
    ],
)
def test_bad_outcome_is_refused_and_nothing_written(
    diary: Store, diary_path: Path, outcome: Outcome, field: str
) -> None:
    mission = china_mission(diary)
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match=field):
        diary.add_meeting(mission.id, "Signing", at("2011-11-21 10:00"), outcomes=[outcome])
    assert row_counts(diary_path) == before


def test_attendee_without_a_name_is_refused_and_nothing_written(
    diary: Store, diary_path: Path
) -> None:
    mission = china_mission(diary)
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match="--with"):
        diary.add_meeting(
            mission.id,
            "Lunch",
            at("2011-11-21 12:00"),
            organisations=["Jinshan Group"],
            attendees=[Attendee("Li Wei"), Attendee("   ", "Driver", "Jinshan Group")],
        )
    assert row_counts(diary_path) == before
    assert diary.people() == []


def test_meeting_for_a_missing_mission_leaves_no_rows(diary: Store, diary_path: Path) -> None:
    china_mission(diary)
    before = row_counts(diary_path)
    with pytest.raises(NotFound):
        diary.add_meeting(
            str(uuid.uuid4()),
            "Ghost meeting",
            at("2011-11-21 10:00"),
            organisations=["Jinshan Group"],
            attendees=[Attendee("Li Wei", "Chairman", "Jinshan Group")],
            outcomes=[Outcome("MOU", Decimal(1), "USD")],
        )
    assert row_counts(diary_path) == before


def test_outcome_amount_typed_as_text_is_kept_exact(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(
        mission.id,
        "Signing",
        at("2011-11-21 10:00"),
        outcomes=[Outcome("MOU", "1,500,000.05", "cny")],  # type: ignore[arg-type]
    )
    assert diary.meeting(meeting.id).outcomes == (Outcome("MOU", Decimal("1500000.05"), "CNY"),)


def test_a_write_failing_half_way_leaves_no_rows(diary: Store, diary_path: Path) -> None:
    """The meeting, its organisation and the person are written before the attendee's
    undecodable role fails: all of it goes."""
    mission = china_mission(diary)
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match="UTF-8"):
        diary.add_meeting(
            mission.id,
            "Jinshan",
            at("2011-11-21 10:00"),
            organisations=["Jinshan Group"],
            attendees=[Attendee("Li Wei", "Chair\udcff", "Jinshan Group")],
            outcomes=[Outcome("MOU", Decimal(1), "USD")],
        )
    assert row_counts(diary_path) == before
    assert diary.organisations() == []
    assert diary.meetings_for_day(mission.id, START) == []


def test_meeting_linked_to_a_missing_itinerary_item_leaves_no_rows(
    diary: Store, diary_path: Path
) -> None:
    mission = china_mission(diary)
    before = row_counts(diary_path)
    with pytest.raises(NotFound):
        diary.add_meeting(
            mission.id,
            "Linked",
            at("2011-11-21 10:00"),
            organisations=["Jinshan Group"],
            itinerary_id=str(uuid.uuid4()),
        )
    assert row_counts(diary_path) == before


def test_meeting_linked_to_an_itinerary_item_keeps_the_link(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(mission.id, "Meeting", at("2011-11-21 10:00"), kind="meeting")
    meeting = diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00"), itinerary_id=item.id)
    assert diary.meeting(meeting.id).itinerary_id == item.id


def test_update_meeting_replaces_attendees_and_outcomes(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(
        mission.id,
        "Jinshan",
        at("2011-11-21 10:00"),
        attendees=[Attendee("Li Wei", "Chairman", "Jinshan Group")],
        outcomes=[Outcome("Draft MOU")],
    )
    updated = diary.update_meeting(
        meeting.id,
        attendees=[Attendee("Wang Fang", "CFO", "Jinshan Group")],
        outcomes=[Outcome("Signed MOU", Decimal("2000000"), "CNY")],
        summary="Signed.",
    )
    assert updated.attendees == (Attendee("Wang Fang", "CFO", "Jinshan Group"),)
    assert updated.outcomes == (Outcome("Signed MOU", Decimal("2000000"), "CNY"),)
    assert updated.summary == "Signed."
    assert updated.title == "Jinshan"
    assert updated.updated_at > meeting.updated_at


def test_update_meeting_attendees_adds_their_organisations_to_the_meeting(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(
        mission.id, "Jinshan", at("2011-11-21 10:00"), organisations=["Jinshan Group"]
    )
    updated = diary.update_meeting(
        meeting.id, attendees=[Attendee("Chen Jie", "Director", "CCPIT Chongqing")]
    )
    assert updated.organisations == ("Jinshan Group", "CCPIT Chongqing")


def test_update_meeting_organisations_keeps_those_of_its_attendees(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(
        mission.id,
        "Jinshan",
        at("2011-11-21 10:00"),
        organisations=["City of Chongqing"],
        attendees=[Attendee("Li Wei", "Chairman", "Jinshan Group")],
    )
    updated = diary.update_meeting(meeting.id, organisations=["CCPIT Chongqing"])
    assert updated.organisations == ("CCPIT Chongqing", "Jinshan Group")
    assert updated.attendees == meeting.attendees
    assert [hit.entry_id for hit in diary.search("jinshan")] == [meeting.id]


def test_update_meeting_moves_it_to_another_day(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00"))
    diary.update_meeting(meeting.id, at=at("2011-11-22 09:00"))
    assert diary.meetings_for_day(mission.id, START) == []
    assert [m.id for m in diary.meetings_for_day(mission.id, date(2011, 11, 22))] == [meeting.id]


def test_meetings_for_day_keep_each_meetings_own_links(diary: Store) -> None:
    mission = china_mission(diary)
    first = diary.add_meeting(
        mission.id,
        "Jinshan",
        at("2011-11-21 10:00"),
        attendees=[Attendee("Li Wei", "Chairman", "Jinshan Group")],
        outcomes=[Outcome("MOU")],
    )
    second = diary.add_meeting(
        mission.id,
        "City",
        at("2011-11-21 15:00"),
        attendees=[Attendee("Zhang Min", "Vice Mayor", "City of Chongqing")],
    )
    day = diary.meetings_for_day(mission.id, START)
    assert [m.id for m in day] == [first.id, second.id]
    assert day[0].attendees == (Attendee("Li Wei", "Chairman", "Jinshan Group"),)
    assert day[0].outcomes == (Outcome("MOU"),)
    assert day[1].organisations == ("City of Chongqing",)
    assert day[1].outcomes == ()


# follow-ups and posts ------------------------------------------------------------------


def test_followup_round_trips(diary: Store) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00"))
    followup = diary.add_followup(
        mission.id,
        "Send  the MOU draft ",
        START,
        owner=" Jane  Roe ",
        due=date(2011, 11, 22),
        meeting_id=meeting.id,
        visibility=Visibility.MEMBERS,
    )
    loaded = diary.followup(followup.id)
    assert loaded == followup
    assert loaded.text == "Send the MOU draft"
    assert loaded.owner == "Jane Roe"
    assert loaded.day == START
    assert loaded.due == date(2011, 11, 22)
    assert loaded.status is FollowUpStatus.OPEN
    assert loaded.closed_on is None
    assert loaded.meeting_id == meeting.id
    assert loaded.visibility is Visibility.MEMBERS


def test_followup_defaults_to_private_and_open(diary: Store) -> None:
    mission = china_mission(diary)
    followup = diary.add_followup(mission.id, "Thank-you letters", START)
    assert followup.visibility is Visibility.PRIVATE
    assert followup.status is FollowUpStatus.OPEN


def test_followup_for_a_meeting_of_another_mission_is_refused(
    diary: Store, diary_path: Path
) -> None:
    china = china_mission(diary)
    other = diary.create_mission("Los Angeles", START, END, "America/Los_Angeles")
    meeting = diary.add_meeting(other.id, "Port of LA", at("2011-11-21 10:00", other.tz))
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match="--meeting"):
        diary.add_followup(china.id, "Send brochure", START, meeting_id=meeting.id)
    assert row_counts(diary_path) == before


def test_followup_for_a_missing_mission_leaves_no_rows(diary: Store, diary_path: Path) -> None:
    before = row_counts(diary_path)
    with pytest.raises(NotFound):
        diary.add_followup(str(uuid.uuid4()), "Orphan", START)
    assert row_counts(diary_path) == before


def test_day_post_round_trips_and_is_replaced_in_place(diary: Store) -> None:
    mission = china_mission(diary)
    first = diary.write_post(mission.id, 1, "We landed.", title="Day 1: Chongqing", place="China")
    assert first.status == PostStatus.DRAFT
    assert first.published_at is None
    second = diary.write_post(mission.id, 1, "We landed in the fog.")
    assert second.id == first.id
    assert second.body == "We landed in the fog."
    assert second.title == "Day 1: Chongqing"
    assert second.place == "China"
    assert diary.post(mission.id, 1) == second
    assert diary.post(mission.id, 2) is None


def test_mark_published_records_the_time(diary: Store) -> None:
    mission = china_mission(diary)
    diary.write_post(mission.id, 1, "Words")
    diary.mark_published(mission.id, 1, "2011-11-21T14:00:00+00:00")
    diary.mark_published(mission.id, 2, "2011-11-22T14:00:00+00:00")
    assert diary.post(mission.id, 1).status == PostStatus.PUBLISHED
    assert diary.post(mission.id, 1).body == "Words"
    assert diary.post(mission.id, 2).published_at == "2011-11-22T14:00:00+00:00"


def test_place_is_carried_forward_from_the_last_day_that_set_one(diary: Store) -> None:
    mission = china_mission(diary)
    diary.write_post(mission.id, 1, "", place="China / Chongqing")
    diary.write_post(mission.id, 4, "", place="China / Chengdu")
    assert diary.place_for_day(mission.id, 3) == "China / Chongqing"
    assert diary.place_for_day(mission.id, 5) == "China / Chengdu"
    assert diary.place_for_day(mission.id, 0) == ""


def test_settings_round_trip(diary: Store) -> None:
    assert diary.setting("theme", "default") == "default"
    diary.set_setting("theme", "harbour")
    diary.set_setting("theme", "ink")
    assert diary.setting("theme") == "ink"


# timestamps and ids --------------------------------------------------------------------


def test_every_row_has_created_and_updated_timestamps(diary: Store) -> None:
    mission = china_mission(diary)
    item = diary.add_itinerary_item(mission.id, "Hotel", at("2011-11-21 15:00"))
    meeting = diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00"))
    followup = diary.add_followup(mission.id, "Send MOU", START)
    post = diary.write_post(mission.id, 1, "Words")
    for entry in (mission, item, meeting, followup, post):
        assert entry.created_at.endswith("+00:00")
        assert entry.created_at == entry.updated_at
        assert entry.created_at >= mission.created_at


def test_updated_at_advances_on_every_change_even_within_a_millisecond(diary: Store) -> None:
    mission = china_mission(diary)
    followup = diary.add_followup(mission.id, "Send MOU", START)
    stamps = [followup.updated_at]
    for owner in ("Jane", "Tom", "Li"):
        stamps.append(diary.update_followup(followup.id, owner=owner).updated_at)
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert diary.followup(followup.id).created_at == followup.created_at


def test_ids_are_uuid4_and_unique_across_entities(diary: Store) -> None:
    mission = china_mission(diary)
    ids = [
        mission.id,
        diary.add_itinerary_item(mission.id, "Hotel", at("2011-11-21 15:00")).id,
        diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00")).id,
        diary.add_followup(mission.id, "Send MOU", START).id,
        diary.write_post(mission.id, 1, "Words").id,
    ]
    assert all(_is_uuid4(entry_id) for entry_id in ids)
    assert len(set(ids)) == len(ids)
    assert diary.entity_of(ids[2]) == "meeting"
    assert diary.entity_of(ids[3]) == "followup"


def test_unique_id_prefix_resolves_to_the_full_id(diary: Store) -> None:
    mission = china_mission(diary)
    followup = diary.add_followup(mission.id, "Send MOU", START)
    assert diary.resolve_id("followup", followup.id[:8]) == followup.id
    assert diary.resolve_id("followup", followup.id[:8].upper()) == followup.id
    assert diary.resolve_id("followup", f"  {followup.id} ") == followup.id


def test_ambiguous_id_prefix_lists_the_matches(diary: Store) -> None:
    mission = china_mission(diary)
    # Seventeen ids cannot all start with different hex digits.
    ids = [diary.add_followup(mission.id, f"Task {n}", START).id for n in range(17)]
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) > 1)
    matching = sorted(i for i in ids if i.startswith(shared))
    with pytest.raises(AmbiguousId) as caught:
        diary.resolve_id("followup", shared)
    message = str(caught.value)
    assert message.startswith("ID:")
    for entry_id in matching[:5]:
        assert entry_id[:8] in message
    assert isinstance(caught.value, InvalidInput)


@pytest.mark.parametrize("ref", ["ffffffff-dead", "", "not-an-id!", "'; DROP TABLE missions; --"])
def test_unknown_id_is_not_found(diary: Store, ref: str) -> None:
    china_mission(diary)
    with pytest.raises(NotFound, match="no follow-up"):
        diary.resolve_id("followup", ref)


def test_id_prefix_only_matches_entries_of_the_asked_kind(diary: Store) -> None:
    mission = china_mission(diary)
    with pytest.raises(NotFound):
        diary.resolve_id("meeting", mission.id[:8])


def test_find_mission_by_slug_and_by_id_prefix(diary: Store) -> None:
    mission = china_mission(diary)
    assert diary.find_mission("chongqing-and-chengdu-2011") == mission
    assert diary.find_mission("Chongqing-And-Chengdu-2011 ") == mission
    assert diary.find_mission(mission.id[:6]) == mission


def test_find_mission_by_an_ambiguous_prefix_lists_the_matches(diary: Store) -> None:
    missions = [china_mission(diary) for _ in range(17)]
    ids = [m.id for m in missions]
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) > 1)
    with pytest.raises(AmbiguousId, match=rf"^MISSION: '{shared}' matches several missions"):
        diary.find_mission(shared)


def test_find_mission_unknown_names_the_known_ones(diary: Store) -> None:
    china_mission(diary)
    with pytest.raises(NotFound, match=r"MISSION: no mission 'peru'.*chongqing-and-chengdu-2011"):
        diary.find_mission("peru")


def test_find_mission_in_an_empty_diary_says_so(diary: Store) -> None:
    with pytest.raises(NotFound, match="no missions yet"):
        diary.find_mission("china")


def test_missions_are_listed_newest_first(diary: Store) -> None:
    older = diary.create_mission("Expo", date(2010, 5, 1), date(2010, 5, 3), SHANGHAI)
    newer = china_mission(diary)
    assert [m.id for m in diary.missions()] == [newer.id, older.id]


# directory -----------------------------------------------------------------------------


def test_directory_matches_names_ignoring_case_and_spacing(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_meeting(mission.id, "One", at("2011-11-21 10:00"), organisations=["Jinshan Group"])
    diary.add_meeting(mission.id, "Two", at("2011-11-22 10:00"), organisations=["JINSHAN  group"])
    diary.add_meeting(
        mission.id,
        "Three",
        at("2011-11-23 10:00"),
        attendees=[Attendee("li  wei", "Chairman", " jinshan group ")],
    )
    diary.add_meeting(mission.id, "Four", at("2011-11-24 10:00"), attendees=[Attendee("LI WEI")])
    (org,) = diary.organisations()
    assert org.name == "Jinshan Group"  # the first spelling stays
    assert org.meetings == 3
    (person,) = diary.people()
    assert person.name == "li wei"
    assert person.meetings == 2


def test_directory_is_shared_across_missions(diary: Store) -> None:
    china = china_mission(diary)
    expo = diary.create_mission("Import expo", date(2012, 11, 5), date(2012, 11, 10), SHANGHAI)
    diary.add_meeting(
        china.id, "First", at("2011-11-21 10:00"), attendees=[Attendee("Li Wei", "", JINSHAN)]
    )
    diary.add_meeting(
        expo.id,
        "Again",
        at("2012-11-06 10:00", SHANGHAI),
        attendees=[Attendee("Li Wei", "", "jinshan group co., ltd.")],
    )
    orgs = {o.name: o.meetings for o in diary.organisations()}
    assert orgs == {JINSHAN: 2}
    assert [(p.name, p.meetings) for p in diary.people()] == [("Li Wei", 2)]


def test_directory_lookup_by_prefix(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_meeting(
        mission.id,
        "Round table",
        at("2011-11-21 10:00"),
        organisations=["Jinshan Group", "Jiangbei Airport", "CCPIT"],
    )
    assert [o.name for o in diary.organisations("ji")] == ["Jiangbei Airport", "Jinshan Group"]
    assert [o.name for o in diary.organisations("JINS")] == ["Jinshan Group"]
    assert diary.organisations("zz") == []


def test_directory_lists_names_starting_with_any_character(diary: Store) -> None:
    mission = china_mission(diary)
    names = ["Ångström AB", "金山集团", "😀 Smiles Ltd", "\uffff Edge", "zeta"]
    diary.add_meeting(mission.id, "All", at("2011-11-21 10:00"), organisations=names)
    assert sorted(o.name for o in diary.organisations()) == sorted(names)
    assert [o.name for o in diary.organisations("😀")] == ["😀 Smiles Ltd"]
    assert [o.name for o in diary.organisations("金山")] == ["金山集团"]
    assert [o.name for o in diary.organisations("ång")] == ["Ångström AB"]


def test_directory_name_must_have_letters(diary: Store, diary_path: Path) -> None:
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match="needs a name"):
        diary.ensure_organisation("   ")
    with pytest.raises(InvalidInput, match="needs a name"):
        diary.ensure_person("")
    assert row_counts(diary_path) == before


def test_ensure_organisation_outside_a_meeting_is_one_write(diary: Store) -> None:
    first = diary.ensure_organisation("Chongqing Municipal Government")
    again = diary.ensure_organisation("chongqing  municipal government")
    assert first == again
    assert [o.name for o in diary.organisations()] == ["Chongqing Municipal Government"]


# read-only -----------------------------------------------------------------------------


def test_readonly_store_reads_and_refuses_every_write(diary_path: Path) -> None:
    with open_store(diary_path) as store:
        mission = china_mission(store)
        followup = store.add_followup(mission.id, "Send MOU", START)
    before = diary_path.read_bytes()
    with open_store(diary_path, readonly=True) as store:
        assert store.find_mission(mission.slug) == mission
        assert store.followup(followup.id).text == "Send MOU"
        assert store.search("MOU")[0].entry_id == followup.id
        attempts = [
            lambda: china_mission(store, title="Another"),
            lambda: store.add_followup(mission.id, "More", START),
            lambda: store.set_followup_status(followup.id, FollowUpStatus.DONE),
            lambda: store.delete_entry("followup", followup.id),
            lambda: store.write_post(mission.id, 1, "Words"),
            lambda: store.set_setting("theme", "ink"),
            lambda: store.ensure_organisation("Jinshan Group"),
            lambda: store.undo(),
        ]
        for attempt in attempts:
            with pytest.raises(ReadOnlyDiary):
                attempt()
    assert diary_path.read_bytes() == before
    with open_store(diary_path) as store:
        assert store.followup(followup.id).status is FollowUpStatus.OPEN
        assert len(store.missions()) == 1


def test_readonly_errors_are_diary_errors(diary_path: Path) -> None:
    with open_store(diary_path):
        pass
    with open_store(diary_path, readonly=True) as store, pytest.raises(DiaryError):
        store.set_setting("theme", "ink")


def test_readonly_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "diary.db"
    with pytest.raises(DiaryError, match="does not exist"):
        Store.open(path, readonly=True)
    assert not path.parent.exists()


def test_a_second_store_sees_committed_writes(diary: Store, diary_path: Path) -> None:
    mission = china_mission(diary)
    with open_store(diary_path) as other:
        assert other.mission(mission.id) == mission
        other.add_followup(mission.id, "From the other window", START)
    assert [f.text for f in diary.followups(mission.id)] == ["From the other window"]


def test_store_rows_survive_close_and_reopen(diary_path: Path) -> None:
    with open_store(diary_path) as store:
        mission = china_mission(store)
        meeting = store.add_meeting(
            mission.id, "Jinshan", at("2011-11-21 10:00"), attendees=[Attendee("Li Wei")]
        )
    conn = raw_connection(diary_path)
    assert conn.execute("SELECT title FROM meetings").fetchall() == [("Jinshan",)]
    conn.close()
    with open_store(diary_path) as store:
        assert store.meeting(meeting.id) == meeting
