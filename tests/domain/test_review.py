"""The mission report, computed without the app from what the store returns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from missiondiary.domain import Attendee, FollowUpStatus, Outcome, Visibility
from missiondiary.domain.review import mission_report, organisations_met, totals_per_currency
from missiondiary.store import Store
from store_helpers import at, china_mission


def report_of(store: Store, mission_id: str):
    mission = store.mission(mission_id)
    return mission_report(
        mission,
        store.meetings_for_mission(mission_id),
        store.followups(mission_id),
        store.itinerary_for_mission(mission_id),
    )


def test_agreement_values_are_totalled_per_currency_never_converted(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_meeting(
        mission.id,
        "Jinshan Group",
        at("2011-11-22 10:00"),
        outcomes=[
            Outcome("MOU on logistics", Decimal("5000000"), "CNY"),
            Outcome("Pilot shipment", Decimal("120000"), "GBP"),
            Outcome("Visit Toronto in spring"),  # agreed, but no value
        ],
    )
    diary.add_meeting(
        mission.id,
        "Chengdu Hi-Tech Zone",
        at("2011-11-24 14:00"),
        outcomes=[
            Outcome("Office lease", Decimal("300000.50"), "CNY"),
            Outcome("Training", Decimal("0.25"), "GBP"),
        ],
        visibility=Visibility.PRIVATE,  # the delegate's own record counts private ones too
    )

    report = report_of(diary, mission.id)

    assert report.meetings_held == 2
    assert len(report.agreements) == 5
    assert report.totals == {"CNY": Decimal("5300000.50"), "GBP": Decimal("120000.25")}
    assert list(report.totals) == ["CNY", "GBP"]
    assert report.totals_in_words() == "CNY 5,300,000.50 · GBP 120,000.25"


def test_a_mission_without_amounts_has_no_totals(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_meeting(mission.id, "Courtesy call", at("2011-11-22 10:00"))
    report = report_of(diary, mission.id)
    assert report.totals == {}
    assert report.totals_in_words() == ""


def test_totals_per_currency_adds_like_with_like() -> None:
    outcomes = [
        Outcome("a", Decimal("1.10"), "USD"),
        Outcome("b", Decimal("2.20"), "USD"),
        Outcome("c", Decimal("3"), "EUR"),
        Outcome("d"),
    ]
    assert totals_per_currency(outcomes) == {"EUR": Decimal("3"), "USD": Decimal("3.30")}


def test_organisations_met_counts_each_once_whatever_its_spelling(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_meeting(
        mission.id,
        "Morning",
        at("2011-11-22 09:00"),
        organisations=["Jinshan Group"],
        attendees=[Attendee("Li Wei", "VP", "Chongqing Council")],
    )
    diary.add_meeting(
        mission.id, "Afternoon", at("2011-11-23 15:00"), organisations=["jinshan  group"]
    )
    meetings = diary.meetings_for_mission(mission.id)
    assert organisations_met(meetings) == ("Chongqing Council", "Jinshan Group")


def test_followups_done_open_and_dropped_are_counted_apart(diary: Store) -> None:
    mission = china_mission(diary)
    send = diary.add_followup(mission.id, "Send the MOU", date(2011, 11, 22), due=date(2011, 12, 1))
    diary.add_followup(mission.id, "Call the consul", date(2011, 11, 23))
    book = diary.add_followup(mission.id, "Book the train", date(2011, 11, 22))
    drop = diary.add_followup(mission.id, "Visit the zoo", date(2011, 11, 22))
    diary.set_followup_status(book.id, FollowUpStatus.DONE, date(2011, 11, 23))
    diary.set_followup_status(drop.id, FollowUpStatus.DROPPED, date(2011, 11, 24))

    report = report_of(diary, mission.id)

    assert (report.followups_done, report.followups_open, report.followups_dropped) == (1, 2, 1)
    # The dated one first: it is what the chamber chases.
    assert [f.text for f in report.open_followups] == [send.text, "Call the consul"]


def test_meetings_per_day_cover_travel_before_day_one(diary: Store) -> None:
    mission = china_mission(diary)  # 21 to 30 November 2011
    diary.add_itinerary_item(
        mission.id,
        "AC 31 Toronto to Beijing",
        at("2011-11-20 13:00", "America/Toronto"),
        at("2011-11-21 15:30", "Asia/Shanghai"),
        kind="flight",
    )
    diary.add_meeting(mission.id, "One", at("2011-11-22 09:00"))
    diary.add_meeting(mission.id, "Two", at("2011-11-22 15:00"))
    diary.add_meeting(mission.id, "Three", at("2011-11-30 15:00"))

    report = report_of(diary, mission.id)

    assert report.days[0].number == 0
    assert report.days[0].place == "Toronto"
    assert report.days[-1].number == 10
    assert report.meetings_per_day == [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert report.days[1].itinerary == 0 and report.days[0].itinerary == 1


def test_an_empty_mission_reports_zeros(diary: Store) -> None:
    mission = china_mission(diary)
    report = report_of(diary, mission.id)
    assert report.meetings_held == 0
    assert report.organisations == ()
    assert report.meetings_per_day == [0] * 10
