"""Calendar files in and out: what travel agents send becomes itinerary items, and the
itinerary goes back out as a calendar other programs read."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from missiondiary.calendars import export_ics, guess_kind, import_ics
from missiondiary.domain import FollowUpStatus, Mission, Visibility
from missiondiary.errors import InvalidInput
from missiondiary.store import Store
from missiondiary.timeline import moment_from_text

CHONGQING = "Asia/Chongqing"


def at(text: str, tz: str = CHONGQING):
    return moment_from_text(text, tz).moment


def mission(store: Store, slug: str = "china-2011") -> Mission:
    return store.create_mission(
        "Chamber mission to China",
        date(2011, 11, 21),
        date(2011, 11, 30),
        CHONGQING,
        "America/Toronto",
        slug=slug,
    )


def calendar(*events: str, head: str = "") -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Travel agent//EN", *head.split("\n")]
        if head
        else ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Travel agent//EN"]
    )
    for event in events:
        body += "\r\nBEGIN:VEVENT\r\n" + event.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT"
    return (body + "\r\nEND:VCALENDAR\r\n").encode()


def rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


FLIGHT = """UID:flight-ac031@agent
SUMMARY:Air Canada AC031 Toronto to Beijing
DTSTART;TZID=America/Toronto:20111120T005500
DTEND;TZID=Asia/Shanghai:20111121T034000
LOCATION:Toronto Pearson
DESCRIPTION:Seat 4A\\, booking XY12Z"""


def test_an_event_keeps_its_own_zone_and_wall_time(diary: Store) -> None:
    trip = mission(diary)
    report = import_ics(diary, trip, calendar(FLIGHT))
    (item,) = report.added
    assert item.kind == "flight"
    assert (item.start.local, item.start.tz) == (datetime(2011, 11, 20, 0, 55), "America/Toronto")
    assert item.end is not None
    assert (item.end.local, item.end.tz) == (datetime(2011, 11, 21, 3, 40), "Asia/Shanghai")
    assert item.location == "Toronto Pearson"
    assert item.details == "Seat 4A, booking XY12Z"
    assert item.visibility is Visibility.MEMBERS
    assert diary.itinerary_for_mission(trip.id) == [item]


def test_utc_times_keep_the_instant_on_the_missions_clock(diary: Store) -> None:
    trip = mission(diary)
    report = import_ics(
        diary, trip, calendar("UID:u1\nSUMMARY:Call home\nDTSTART:20111121T233000Z")
    )
    (item,) = report.added
    # 23:30 UTC is 07:30 the next morning in Chongqing: Day 2, not Day 1.
    assert (item.start.local, item.start.tz) == (datetime(2011, 11, 22, 7, 30), CHONGQING)
    assert item.start.utc == datetime(2011, 11, 21, 23, 30, tzinfo=UTC)


def test_x_wr_timezone_places_utc_times_in_the_calendars_zone(diary: Store) -> None:
    trip = mission(diary)
    data = calendar(
        "UID:g1\nSUMMARY:Lunch\nDTSTART:20111122T040000Z", head="X-WR-TIMEZONE:Asia/Shanghai"
    )
    (item,) = import_ics(diary, trip, data).added
    assert (item.start.local, item.start.tz) == (datetime(2011, 11, 22, 12, 0), "Asia/Shanghai")


def test_floating_times_are_read_in_the_missions_zone(diary: Store) -> None:
    trip = mission(diary)
    (item,) = import_ics(
        diary, trip, calendar("UID:f1\nSUMMARY:Briefing\nDTSTART:20111122T090000")
    ).added
    assert (item.start.local, item.start.tz) == (datetime(2011, 11, 22, 9, 0), CHONGQING)
    assert item.kind == "meeting"


def test_windows_zone_names_become_iana_zones(diary: Store) -> None:
    trip = mission(diary)
    event = "UID:w1\nSUMMARY:Visit the plant\nDTSTART;TZID=China Standard Time:20111123T100000"
    (item,) = import_ics(diary, trip, calendar(event)).added
    assert (item.start.local, item.start.tz) == (datetime(2011, 11, 23, 10, 0), "Asia/Shanghai")
    assert item.kind == "visit"


def test_a_zone_known_only_from_the_files_vtimezone_keeps_the_instant(diary: Store) -> None:
    trip = mission(diary)
    zone = (
        "BEGIN:VTIMEZONE\nTZID:Delegation Time\nBEGIN:STANDARD\nDTSTART:16010101T000000\n"
        "TZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nEND:STANDARD\nEND:VTIMEZONE"
    )
    event = "UID:c1\nSUMMARY:Call\nDTSTART;TZID=Delegation Time:20111122T090000"
    report = import_ics(diary, trip, calendar(event, head=zone))
    (item,) = report.added
    assert item.start.utc == datetime(2011, 11, 22, 3, 30, tzinfo=UTC)
    assert item.start.tz == CHONGQING
    assert any("Delegation Time" in note for note in report.notes)


def test_all_day_events_start_at_midnight_and_a_hotel_stay_is_one_item(diary: Store) -> None:
    trip = mission(diary)
    data = calendar(
        "UID:d1\nSUMMARY:Canton Fair\nDTSTART;VALUE=DATE:20111122",
        "UID:h1\nSUMMARY:Marriott Chongqing\nCATEGORIES:Hotel\n"
        "DTSTART;VALUE=DATE:20111121\nDTEND;VALUE=DATE:20111124",
    )
    fair, hotel = sorted(import_ics(diary, trip, data).added, key=lambda i: i.title)
    assert (fair.start.local, fair.start.tz, fair.end) == (
        datetime(2011, 11, 22, 0, 0),
        CHONGQING,
        None,
    )
    assert hotel.kind == "hotel"
    assert hotel.start.local == datetime(2011, 11, 21, 0, 0)
    assert hotel.end is not None and hotel.end.local == datetime(2011, 11, 24, 0, 0)


def test_a_timed_hotel_stay_spans_its_nights(diary: Store) -> None:
    trip = mission(diary)
    event = (
        "UID:h2\nSUMMARY:Check-in: Jinjiang Hotel\nDTSTART;TZID=Asia/Shanghai:20111124T150000\n"
        "DTEND;TZID=Asia/Shanghai:20111129T120000"
    )
    (item,) = import_ics(diary, trip, calendar(event)).added
    assert item.kind == "hotel"
    assert item.end is not None and item.end.local == datetime(2011, 11, 29, 12, 0)


SERIES = """UID:breakfast@agent
SUMMARY:Delegation breakfast briefing
DTSTART;TZID=Asia/Shanghai:20111118T073000
DTEND;TZID=Asia/Shanghai:20111118T080000
RRULE:FREQ=DAILY;COUNT=20
EXDATE;TZID=Asia/Shanghai:20111123T073000"""
MOVED = """UID:breakfast@agent
RECURRENCE-ID;TZID=Asia/Shanghai:20111122T073000
SUMMARY:Delegation breakfast briefing (late start)
DTSTART;TZID=Asia/Shanghai:20111122T090000
DTEND;TZID=Asia/Shanghai:20111122T093000"""


def test_repeating_events_are_expanded_within_the_missions_dates(diary: Store) -> None:
    trip = mission(diary)
    report = import_ics(diary, trip, calendar(SERIES, MOVED))
    days = sorted(item.start.local for item in report.added)
    # 21..30 November, less the 23rd (EXDATE); the 22nd moved to 09:00.
    assert len(days) == 9
    assert datetime(2011, 11, 23, 7, 30) not in days
    assert datetime(2011, 11, 22, 9, 0) in days
    assert min(days).date() == date(2011, 11, 21) and max(days).date() == date(2011, 11, 30)
    assert all(item.kind == "meeting" for item in report.added)


def test_importing_the_same_file_twice_adds_nothing(diary: Store, diary_path: Path) -> None:
    trip = mission(diary)
    data = calendar(FLIGHT, SERIES, MOVED, "UID:d1\nSUMMARY:Fair\nDTSTART;VALUE=DATE:20111122")
    first = import_ics(diary, trip, data)
    count = rows(diary_path, "itinerary_items")
    second = import_ics(diary, trip, data)
    assert second.added == ()
    assert second.already == len(first.added) == count
    assert rows(diary_path, "itinerary_items") == count


def test_the_same_file_may_be_imported_into_another_mission(diary: Store) -> None:
    first, other = mission(diary), mission(diary, "china-2012")
    assert len(import_ics(diary, first, calendar(FLIGHT)).added) == 1
    assert len(import_ics(diary, other, calendar(FLIGHT)).added) == 1


def test_what_cannot_be_imported_is_skipped_with_a_reason(diary: Store) -> None:
    trip = mission(diary)
    data = calendar(
        "UID:far\nSUMMARY:Board meeting at home\nDTSTART;TZID=America/Toronto:20120301T090000",
        "UID:gone\nSUMMARY:Cancelled dinner\nSTATUS:CANCELLED\nDTSTART:20111122T190000",
        "UID:backwards\nSUMMARY:Night train\nDTSTART;TZID=America/Toronto:20111119T230000\n"
        "DTEND;TZID=America/Toronto:20111119T220000",
        "UID:nostart\nSUMMARY:Someday",
        "UID:old\nSUMMARY:Weekly call\nDTSTART:20100104T090000\nRRULE:FREQ=WEEKLY;COUNT=3",
        "UID:ok\nSUMMARY:Factory tour\nDTSTART:20111125T100000",
    )
    report = import_ics(diary, trip, data)
    assert [item.title for item in report.added] == ["Factory tour"]
    reasons = dict(report.skipped)
    assert "outside the mission's dates" in reasons["Board meeting at home (1 Mar 2012)"]
    assert reasons["Cancelled dinner (22 Nov 2011)"] == "cancelled"
    assert reasons["Night train (19 Nov 2011)"] == "it ends before it starts"
    assert "no readable start" in reasons["Someday"]
    assert "never within the mission's dates" in reasons["Weekly call"]


def test_a_time_the_clocks_skipped_is_skipped_not_guessed(diary: Store) -> None:
    trip = diary.create_mission("Toronto", date(2012, 3, 10), date(2012, 3, 12), "America/Toronto")
    event = "UID:dst\nSUMMARY:Early flight\nDTSTART;TZID=America/Toronto:20120311T023000"
    report = import_ics(diary, trip, calendar(event))
    assert report.added == ()
    ((label, why),) = report.skipped
    assert label.startswith("Early flight") and "does not exist" in why


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is not a calendar",
        b'{"format": "missiondiary"}',
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zhou Min\r\nEND:VCARD\r\n",
        bytes(range(256)),
    ],
)
def test_a_file_that_is_not_a_calendar_changes_nothing(
    diary: Store, diary_path: Path, data: bytes
) -> None:
    trip = mission(diary)
    with pytest.raises(InvalidInput, match=r"^trip\.ics: not a calendar file"):
        import_ics(diary, trip, data, source="trip.ics")
    assert rows(diary_path, "itinerary_items") == 0


def test_an_import_is_one_transaction(
    diary: Store, diary_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trip = mission(diary)
    real = Store.add_itinerary_item
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise InvalidInput("--title: the disk gave up")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "add_itinerary_item", failing)
    with pytest.raises(InvalidInput):
        import_ics(diary, trip, calendar(SERIES))
    assert rows(diary_path, "itinerary_items") == 0


def test_private_classification_makes_a_private_item(diary: Store) -> None:
    trip = mission(diary)
    event = "UID:p1\nSUMMARY:Doctor\nCLASS:PRIVATE\nDTSTART:20111122T180000"
    (item,) = import_ics(diary, trip, calendar(event)).added
    assert item.visibility is Visibility.PRIVATE


@pytest.mark.parametrize(
    ("summary", "categories", "kind"),
    [
        ("Air Canada AC031 Toronto–Beijing", [], "flight"),
        ("CA4302 to Chongqing", [], "flight"),
        ("Airport transfer to the hotel", [], "transfer"),
        ("High-speed train to Chengdu", [], "train"),
        ("Check in: Marriott", [], "hotel"),
        ("Welcome dinner at the hotel", [], "reception"),
        ("MOU signing at City Hall", [], "ceremony"),
        ("Breakfast briefing", [], "meeting"),
        ("Jinshan Group", ["Meeting"], "meeting"),
        ("Giant Panda Base", ["Sightseeing", "Visit"], "visit"),
        ("Free evening", [], "other"),
    ],
)
def test_the_kind_is_guessed_from_categories_then_summary(
    summary: str, categories: list[str], kind: str
) -> None:
    assert guess_kind(summary, categories) == kind


# export -------------------------------------------------------------------------------------


def build_itinerary(store: Store) -> Mission:
    trip = mission(store)
    store.add_itinerary_item(
        trip.id,
        "AC031 Toronto to Beijing",
        at("2011-11-20 00:55", "America/Toronto"),
        at("2011-11-21 03:40", "Asia/Shanghai"),
        kind="flight",
        location="Toronto Pearson",
        details="Seat 4A",
    )
    store.add_itinerary_item(
        trip.id, "MOU signing", at("2011-11-23 10:00"), at("2011-11-23 11:30"), kind="ceremony"
    )
    store.add_itinerary_item(
        trip.id, "Massage", at("2011-11-23 22:00"), kind="other", visibility=Visibility.PRIVATE
    )
    store.add_itinerary_item(
        trip.id, "Press conference", at("2011-11-24 09:00"), visibility=Visibility.PUBLIC
    )
    store.add_followup(
        trip.id, "Send the MOU", date(2011, 11, 21), owner="Joaquim", due=date(2011, 11, 22)
    )
    store.add_followup(trip.id, "Set up the Asian business committee", date(2011, 11, 21))
    done = store.add_followup(trip.id, "Book the train", date(2011, 11, 21))
    store.set_followup_status(done.id, FollowUpStatus.DONE, date(2011, 11, 22))
    return trip


def test_the_export_parses_back_with_zones_and_todos(diary: Store) -> None:
    trip = build_itinerary(diary)
    parsed = icalendar.Calendar.from_ical(export_ics(diary, trip))
    events = list(parsed.walk("VEVENT"))
    items = {f"{i.id}@missiondiary": i for i in diary.itinerary_for_mission(trip.id)}
    assert {str(e["UID"]) for e in events} == set(items)
    for event in events:
        item = items[str(event["UID"])]
        assert str(event["SUMMARY"]) == item.title
        assert event["DTSTART"].params["TZID"] == item.start.tz
        assert event.start.replace(tzinfo=None) == item.start.local
        assert event.start.astimezone(UTC) == item.start.utc
        if item.end:
            assert event["DTEND"].params["TZID"] == item.end.tz
            assert event.end.astimezone(UTC) == item.end.utc
    zones = {str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")}
    assert zones == {"America/Toronto", "Asia/Shanghai", CHONGQING}
    todos = list(parsed.walk("VTODO"))
    assert sorted(str(t["SUMMARY"]) for t in todos) == [
        "Send the MOU",
        "Set up the Asian business committee",
    ]
    due = next(t for t in todos if str(t["SUMMARY"]) == "Send the MOU")
    assert due["DUE"].dt == date(2011, 11, 22)
    private = next(e for e in events if str(e["SUMMARY"]) == "Massage")
    assert str(private["CLASS"]) == "PRIVATE"


def test_uids_are_stable_across_exports(diary: Store) -> None:
    trip = build_itinerary(diary)
    assert export_ics(diary, trip) == export_ics(diary, trip)


def test_export_then_import_into_a_new_mission_adds_the_same_items(diary: Store) -> None:
    trip = build_itinerary(diary)
    other = mission(diary, "copy")
    report = import_ics(diary, other, export_ics(diary, trip))

    def shape(item):
        end = (item.end.local, item.end.tz, item.end.utc) if item.end else None
        start = (item.start.local, item.start.tz, item.start.utc)
        return (item.kind, item.title, start, end, item.location, item.details, item.visibility)

    original = sorted(shape(i) for i in diary.itinerary_for_mission(trip.id))
    assert sorted(shape(i) for i in report.added) == original
    assert sorted(shape(i) for i in diary.itinerary_for_mission(other.id)) == original


def test_export_read_back_into_its_own_mission_adds_nothing(diary: Store) -> None:
    trip = build_itinerary(diary)
    report = import_ics(diary, trip, export_ics(diary, trip))
    assert report.added == ()
    assert report.already == 4


def test_a_diary_from_before_calendar_imports_gains_the_source_column(
    diary_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missiondiary.store import migrations, open_store

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        with open_store(diary_path) as old:
            trip = mission(old)
            old.db.execute(
                "INSERT INTO itinerary_items (id, mission_id, kind, title, start_local, start_tz,"
                " start_utc, local_date, created_at, updated_at) VALUES ('00000000-0000-4000-8000"
                "-000000000001', ?, 'other', 'Old item', '2011-11-22T09:00', ?, "
                "'2011-11-22T01:00:00+00:00', '2011-11-22', 'x', 'x')",
                (trip.id, CHONGQING),
            )
    with open_store(diary_path) as new:
        (item,) = new.itinerary_for_mission(trip.id)
        assert item.title == "Old item" and item.source_uid is None
        assert len(import_ics(new, trip, calendar(FLIGHT)).added) == 1
        version = new.db.execute("PRAGMA user_version").fetchone()[0]
    assert version == len(migrations.MIGRATIONS) >= 2


def test_one_undo_takes_back_a_whole_calendar_import(diary: Store, diary_path: Path) -> None:
    trip = mission(diary)
    assert len(import_ics(diary, trip, calendar(SERIES, MOVED)).added) == 9
    diary.undo()
    assert rows(diary_path, "itinerary_items") == 0
