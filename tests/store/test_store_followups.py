"""Follow-ups across days: carried over while open, gone the day after they are closed."""

from __future__ import annotations

from datetime import date

import pytest

from missiondiary.domain import FollowUpStatus, Mission, Visibility
from missiondiary.store import Store
from missiondiary.timeline import today_in
from store_helpers import START, at, china_mission

DAY1, DAY2, DAY3 = date(2011, 11, 21), date(2011, 11, 22), date(2011, 11, 23)


@pytest.fixture
def mission(diary: Store) -> Mission:
    return china_mission(diary)


def _texts(followups) -> list[str]:
    return [f.text for f in followups]


def test_open_followup_from_day_one_is_carried_over_to_day_three(
    diary: Store, mission: Mission
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1, due=DAY2)
    assert _texts(diary.followups_for_day(mission.id, DAY3)) == ["Send the MOU"]
    day3 = diary.day(mission.id, DAY3)
    assert [f.id for f in day3.followups] == [followup.id]
    assert [f.id for f in day3.next_steps()] == [followup.id]


def test_followup_is_not_shown_before_the_day_it_was_noted(diary: Store, mission: Mission) -> None:
    diary.add_followup(mission.id, "Thank the vice mayor", DAY2)
    assert diary.followups_for_day(mission.id, DAY1) == []
    assert _texts(diary.followups_for_day(mission.id, DAY2)) == ["Thank the vice mayor"]


def test_followup_closed_on_day_two_shows_on_day_two_but_not_day_three(
    diary: Store, mission: Mission
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1)
    closed = diary.set_followup_status(followup.id, FollowUpStatus.DONE, on=DAY2)
    assert closed.status is FollowUpStatus.DONE
    assert closed.closed_on == DAY2
    assert _texts(diary.followups_for_day(mission.id, DAY1)) == ["Send the MOU"]
    assert _texts(diary.followups_for_day(mission.id, DAY2)) == ["Send the MOU"]
    assert diary.followups_for_day(mission.id, DAY3) == []
    # Still a next step at the end of Day 1; done by the end of Day 2.
    assert [f.id for f in diary.day(mission.id, DAY1).next_steps()] == [followup.id]
    assert diary.day(mission.id, DAY2).next_steps() == []


def test_open_at_end_of_a_day_follows_the_closing_day(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1)
    closed = diary.set_followup_status(followup.id, FollowUpStatus.DONE, on=DAY3)
    assert not closed.open_at_end_of(date(2011, 11, 20))
    assert closed.open_at_end_of(DAY1)
    assert closed.open_at_end_of(DAY2)
    assert not closed.open_at_end_of(DAY3)


def test_closing_is_never_dated_before_the_day_it_was_noted(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY2)
    closed = diary.set_followup_status(followup.id, FollowUpStatus.DROPPED, on=DAY1)
    assert closed.closed_on == DAY2


def test_closing_without_a_date_is_dated_today_in_the_mission_zone(
    diary: Store, mission: Mission
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1)
    closed = diary.set_followup_status(followup.id, FollowUpStatus.DONE)
    assert closed.closed_on == today_in(mission.tz)
    # Months later, the mission's own days still show it as a next step that was open then.
    assert closed.open_at_end_of(DAY1)


def test_status_may_be_given_as_text(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1)
    dropped = diary.set_followup_status(followup.id, "dropped", on=DAY2)  # type: ignore[arg-type]
    assert dropped.status is FollowUpStatus.DROPPED
    assert dropped.closed_on == DAY2


def test_reopening_clears_the_closing_day(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1)
    diary.set_followup_status(followup.id, FollowUpStatus.DONE, on=DAY2)
    reopened = diary.set_followup_status(followup.id, FollowUpStatus.OPEN)
    assert reopened.status is FollowUpStatus.OPEN
    assert reopened.closed_on is None
    assert _texts(diary.followups_for_day(mission.id, DAY3)) == ["Send the MOU"]


def test_day_lists_open_followups_before_closed_ones_then_by_due(
    diary: Store, mission: Mission
) -> None:
    done = diary.add_followup(mission.id, "Done already", DAY1, due=DAY1)
    later = diary.add_followup(mission.id, "Due later", DAY1, due=DAY3)
    sooner = diary.add_followup(mission.id, "Due sooner", DAY2, due=DAY2)
    undated = diary.add_followup(mission.id, "Some day", DAY1)
    diary.set_followup_status(done.id, FollowUpStatus.DONE, on=DAY2)
    assert [f.id for f in diary.followups_for_day(mission.id, DAY2)] == [
        sooner.id,
        later.id,
        undated.id,
        done.id,
    ]


def test_followups_open_only_and_overdue(diary: Store, mission: Mission) -> None:
    overdue = diary.add_followup(mission.id, "Overdue", DAY1, due=DAY1)
    due_today = diary.add_followup(mission.id, "Due today", DAY1, due=DAY2)
    undated = diary.add_followup(mission.id, "Undated", DAY1)
    closed = diary.add_followup(mission.id, "Closed", DAY1, due=DAY1)
    diary.set_followup_status(closed.id, FollowUpStatus.DONE, on=DAY1)
    assert {f.id for f in diary.followups(mission.id)} == {
        overdue.id,
        due_today.id,
        undated.id,
        closed.id,
    }
    assert {f.id for f in diary.followups(mission.id, open_only=True)} == {
        overdue.id,
        due_today.id,
        undated.id,
    }
    assert [f.id for f in diary.followups(mission.id, overdue_on=DAY2)] == [overdue.id]
    assert [f.id for f in diary.followups(overdue_on=DAY2, open_only=True)] == [overdue.id]


def test_followups_across_all_missions(diary: Store, mission: Mission) -> None:
    other = diary.create_mission("Expo", date(2012, 11, 5), date(2012, 11, 9), "Asia/Shanghai")
    diary.add_followup(mission.id, "China one", DAY1)
    diary.add_followup(other.id, "Expo one", date(2012, 11, 5))
    assert sorted(_texts(diary.followups())) == ["China one", "Expo one"]
    assert _texts(diary.followups(other.id)) == ["Expo one"]


def test_followup_due_words_from_the_store(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1, due=DAY2)
    assert followup.due_in_words(DAY1) == "due tomorrow"
    assert diary.followup(followup.id).due_in_words(date(2011, 11, 25)) == "3 days overdue"


def test_update_followup_can_clear_the_due_date(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", DAY1, due=DAY2)
    assert diary.update_followup(followup.id, text=" Send the signed MOU ").due == DAY2
    cleared = diary.update_followup(followup.id, due=None, visibility=Visibility.PUBLIC)
    assert cleared.due is None
    assert cleared.text == "Send the signed MOU"
    assert cleared.visibility is Visibility.PUBLIC


def test_followup_keeps_its_meeting_link(diary: Store, mission: Mission) -> None:
    meeting = diary.add_meeting(mission.id, "Jinshan Group", at("2011-11-21 10:00"))
    followup = diary.add_followup(mission.id, "Send the MOU", START, meeting_id=meeting.id)
    assert diary.followup(followup.id).meeting_id == meeting.id
