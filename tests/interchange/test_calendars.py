"""Calendar files in and out: what travel agents send becomes itinerary items, and the
itinerary goes back out as a calendar other programs read."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from missiondiary.domain import FollowUpStatus, Mission, Visibility
from missiondiary.errors import InvalidInput
from missiondiary.interchange.calendars import export_ics, guess_kind, import_ics
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


def test_a_skipped_time_keeps_its_whole_reason_when_the_title_holds_a_colon(
    diary: Store,
) -> None:
    trip = diary.create_mission("Toronto", date(2012, 3, 10), date(2012, 3, 12), "America/Toronto")
    event = "UID:dst\nSUMMARY:Flight: YYZ to PEK\nDTSTART;TZID=America/Toronto:20120311T023000"
    ((label, why),) = import_ics(diary, trip, calendar(event)).skipped
    assert label.startswith("Flight: YYZ to PEK")
    assert why.startswith("2012-03-11 02:30 does not exist in America/Toronto")


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


# time zones in exports -----------------------------------------------------------------------

# Each mission has times in a zone with northern daylight saving, one with southern, and one
# without; 2005 lies before Toronto's (2007) and Sydney's (2008) current rules.
MISSIONS = {
    2005: (
        date(2005, 3, 18),
        date(2005, 3, 31),
        [
            ("Toronto breakfast", "2005-03-20 08:00", "America/Toronto"),  # EST; EDT from 2007
            ("Sydney lunch", "2005-03-30 12:00", "Australia/Sydney"),  # AEST; AEDT from 2008
            ("Shanghai visit", "2005-03-25 10:00", "Asia/Shanghai"),
        ],
    ),
    2011: (
        date(2011, 10, 28),
        date(2011, 11, 12),
        [
            ("Toronto talks", "2011-11-05 09:00", "America/Toronto"),  # EDT
            ("Toronto dinner", "2011-11-07 19:00", "America/Toronto"),  # EST
            ("Sydney briefing", "2011-11-01 10:00", "Australia/Sydney"),  # AEDT
            ("Shanghai expo", "2011-11-09 10:00", "Asia/Shanghai"),
        ],
    ),
    2024: (
        date(2024, 3, 28),
        date(2024, 4, 12),
        [
            ("Toronto forum", "2024-04-01 09:00", "America/Toronto"),  # EDT
            ("Sydney reception", "2024-04-05 18:00", "Australia/Sydney"),  # AEDT
            ("Sydney site visit", "2024-04-10 10:00", "Australia/Sydney"),  # AEST
            ("Shanghai signing", "2024-04-11 10:00", "Asia/Shanghai"),
        ],
    ),
}


def exports(store: Store, folder: Path) -> tuple[dict[int, Path], dict[int, dict[str, str]]]:
    """One .ics per mission year, and the UTC instant each event's start and end must be."""
    files: dict[int, Path] = {}
    expected: dict[int, dict[str, str]] = {}
    for year, (first, last, times) in MISSIONS.items():
        trip = store.create_mission(f"Mission {year}", first, last, "America/Toronto")
        expected[year] = {}
        for title, text, tz in times:
            start = at(text, tz)
            end = moment_from_text(text.replace(text[11:13], f"{int(text[11:13]) + 1:02}"), tz)
            item = store.add_itinerary_item(trip.id, title, start, end.moment)
            expected[year][f"{item.id}@missiondiary dtstart"] = start.utc.isoformat()
            expected[year][f"{item.id}@missiondiary dtend"] = end.moment.utc.isoformat()
        files[year] = folder / f"mission-{year}.ics"
        files[year].write_bytes(export_ics(store, trip))
    return files, expected


# vobject keeps the first VTIMEZONE it reads under a TZID for the whole process: a fresh
# process per order of reading, so no earlier test has taught it a zone.
VOBJECT_READER = """
import json, sys
from datetime import UTC
import vobject
seen = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        calendar = vobject.readOne(handle.read())
    for event in calendar.vevent_list:
        for name in ("dtstart", "dtend"):
            value = getattr(event, name).value
            assert value.tzinfo is not None, (path, name)
            seen[f"{event.uid.value} {name}"] = value.astimezone(UTC).isoformat()
print(json.dumps(seen))
"""


@pytest.mark.parametrize("order", [(2005, 2011, 2024), (2011, 2024), (2024, 2011)])
def test_vobject_reads_exports_of_different_years_in_one_process_right(
    diary: Store, tmp_path: Path, order: tuple[int, ...]
) -> None:
    pytest.importorskip("vobject", reason="pip install vobject")
    files, expected = exports(diary, tmp_path)
    paths = [str(files[year]) for year in order]
    done = subprocess.run(
        [sys.executable, "-c", VOBJECT_READER, *paths], capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout)
    wanted = {key: instant for year in order for key, instant in expected[year].items()}
    assert len(seen) == len(wanted) >= 14
    assert seen == wanted


def test_icalendar_reads_every_export_right(diary: Store, tmp_path: Path) -> None:
    files, expected = exports(diary, tmp_path)
    seen = {}
    for path in files.values():
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            seen[f"{event['UID']} dtstart"] = event.start.astimezone(UTC).isoformat()
            seen[f"{event['UID']} dtend"] = event.end.astimezone(UTC).isoformat()
    assert seen == {key: instant for each in expected.values() for key, instant in each.items()}


def test_a_zone_is_written_as_rules_that_hold_after_the_file(diary: Store, tmp_path: Path) -> None:
    files, _ = exports(diary, tmp_path)
    zones = {
        str(zone["TZID"]): zone
        for zone in icalendar.Calendar.from_ical(files[2024].read_bytes()).walk("VTIMEZONE")
    }
    assert set(zones) == {"America/Toronto", "Australia/Sydney", "Asia/Shanghai"}
    toronto = zones["America/Toronto"]
    (summer,) = toronto.walk("DAYLIGHT")
    (winter,) = toronto.walk("STANDARD")
    assert summer["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"
    assert summer["DTSTART"].dt == datetime(2007, 3, 11, 2, 0)  # since the rules began
    assert winter["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"
    sydney = zones["Australia/Sydney"]
    assert sydney.walk("DAYLIGHT")[0]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=10"
    (shanghai,) = zones["Asia/Shanghai"].subcomponents
    assert shanghai.name == "STANDARD" and "RRULE" not in shanghai
    assert shanghai["TZOFFSETTO"].td == timedelta(hours=8)
    # The same zone in a file of another year under the same rules is written the same.
    in_2011 = {
        str(zone["TZID"]): zone.to_ical()
        for zone in icalendar.Calendar.from_ical(files[2011].read_bytes()).walk("VTIMEZONE")
    }
    assert in_2011 == {name: zone.to_ical() for name, zone in zones.items()}


@pytest.mark.parametrize(
    ("tz", "first"),
    [
        ("America/Toronto", date(2005, 3, 1)),
        ("Australia/Sydney", date(2005, 3, 1)),
        ("Australia/Lord_Howe", date(2011, 1, 1)),  # half an hour of daylight saving
        ("Asia/Shanghai", date(1988, 1, 1)),  # daylight saving 1986-1991
        ("Asia/Jerusalem", date(2011, 1, 1)),  # the Friday before the last Sunday
        ("America/Nuuk", date(2022, 1, 1)),  # new standard time in 2023
        ("Europe/Dublin", date(2024, 1, 1)),  # winter is the "saving" in tzdata
        ("Europe/Moscow", date(2010, 1, 1)),  # no daylight saving since 2011
        ("America/Santiago", date(2015, 1, 1)),
        ("Africa/Casablanca", date(2024, 1, 1)),  # Ramadan: no yearly rule
    ],
)
def test_every_written_zone_agrees_with_tzdata_from_the_file_on(tz: str, first: date) -> None:
    from missiondiary.interchange.calendar_zones import vtimezone

    component = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + vtimezone(tz, first).to_ical() + b"END:VCALENDAR\r\n"
    ).walk("VTIMEZONE")[0]
    ours, real = component.to_tz(lookup_tzid=False), ZoneInfo(tz)
    # Every 53 hours (so at every hour of the day over the years) to 2050; the reader's zone
    # is slow, so it is asked each tenth time and on both sides of every change in tzdata.
    instant = datetime.combine(first + timedelta(days=1), datetime.min.time(), UTC)
    before, asked = None, 0
    while instant.year < 2050:
        offset = instant.astimezone(real).utcoffset()
        near_change = before is not None and offset != before[1]
        pairs = [before, (instant, offset)] if near_change else [(instant, offset)]
        for when, real_offset in pairs:
            if near_change or asked % 10 == 0:
                assert when.astimezone(ours).utcoffset() == real_offset, (
                    f"{tz} at {when:%Y-%m-%d %H:%M} UTC"
                )
        asked += 1
        before = (instant, offset)
        instant += timedelta(hours=53)


# refusals in words --------------------------------------------------------------------------

WHOLE = calendar(FLIGHT)
WEIRD_ZONE = (
    "BEGIN:VTIMEZONE\nTZID:Agent time\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
    "TZOFFSETFROM:+0800\nTZOFFSETTO:+5744\nEND:STANDARD\nEND:VTIMEZONE"
)
BROKEN = {
    "cut short": (
        WHOLE[: WHOLE.index(b"END:VEVENT")],
        "not a complete calendar: it stops inside the VEVENT begun on line 4",
    ),
    "cut after the event": (
        WHOLE[: WHOLE.index(b"END:VCALENDAR")],
        "not a complete calendar: it stops inside the VCALENDAR begun on line 1",
    ),
    "bad month": (
        WHOLE.replace(b"DTSTART;TZID=America/Toronto:20111120T005500", b"DTSTART:20240001T0900"),
        "line 7 (in VEVENT begun on line 4): DTSTART '20240001T0900' is not a date",
    ),
    "month zero": (
        WHOLE.replace(b"20111120T005500", b"20240001T090000"),
        "line 7 (in VEVENT begun on line 4): DTSTART '20240001T090000' is not a real date "
        "(no month 00)",
    ),
    "empty date": (
        WHOLE.replace(b"DTSTART;TZID=America/Toronto:20111120T005500", b"DTSTART:"),
        "DTSTART '' is not a date",
    ),
    "huge offset": (
        calendar(FLIGHT, head=WEIRD_ZONE),
        "line 9 (in STANDARD begun on line 6): TZOFFSETTO '+5744' is not a UTC offset: "
        "57 hours 44 minutes is beyond a day",
    ),
    "no colon": (
        WHOLE.replace(b"SUMMARY:Air Canada", b"SUMMARY Air Canada"),
        "line 6 (in VEVENT begun on line 4): 'SUMMARY Air Canada AC031 Toronto to Bei…' has "
        "no colon between the property name and its value",
    ),
    "binary junk": (
        b"BEGIN:VCALENDAR\r\n\x1b[2J\x1b]0;owned\x07\x00\x00\xff\xfe" + bytes(range(256)),
        "line 2 (in VCALENDAR begun on line 1): binary data (control characters), not calendar",
    ),
    "escape in a summary": (
        WHOLE.replace(b"SUMMARY:Air Canada", b"SUMMARY:\x1b[31mAir Canada"),
        "line 6 (in VEVENT begun on line 4): SUMMARY holds a control character (\\x1b)",
    ),
    "binary from the start": (b"\x1b[2J\x00\x01" + bytes(range(256)), "starts with binary data"),
    "empty": (b"", "not a calendar file (.ics): the file is empty"),
    "a bad parameter": (
        WHOLE.replace(b"DTSTART;TZID=", b"DTSTART;TZID"),
        "line 7 (in VEVENT begun on line 4): a parameter of DTSTART is not NAME=value",
    ),
    "the wrong end": (
        WHOLE.replace(b"END:VEVENT", b"END:VTODO"),
        "line 11 (in VEVENT begun on line 4): END:VTODO where VEVENT should end",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_calendar_is_refused_in_one_worded_line(tmp_path: Path, case: str) -> None:
    from click.testing import CliRunner

    from missiondiary.cli import cli
    from missiondiary.store import open_store

    db, path = tmp_path / "diary.db", tmp_path / "agent's trip.ics"
    with open_store(db) as store:
        trip = mission(store)
        import_ics(store, trip, calendar(SERIES))
        before = export_ics(store, trip)
    data, words = BROKEN[case]
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["--db", str(db), "ics", "import", trip.slug, str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}")
    assert words in line
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr)
    with open_store(db) as store:
        assert export_ics(store, store.find_mission(trip.slug)) == before


def test_a_file_name_with_control_characters_is_shown_escaped(diary: Store) -> None:
    trip = mission(diary)
    with pytest.raises(InvalidInput) as refused:
        import_ics(diary, trip, b"", source="trip\x1b[2J.ics")
    assert str(refused.value).startswith("trip\\x1b[2J.ics: not a calendar file")


def test_several_calendars_in_one_file_still_import(diary: Store) -> None:
    trip = mission(diary)
    report = import_ics(diary, trip, calendar(FLIGHT) + b"\r\n" + calendar(SERIES))
    assert len(report.added) > 1


def test_slips_every_calendar_program_forgives_are_not_refused(diary: Store) -> None:
    trip = mission(diary)
    data = calendar(
        "UID:fair@agent\nSUMMARY:Trade\n\n  fair\nDTSTART:20111122T090000\nEXDATE:",
        head="X-WR-CALNAME:Agent",
    )
    report = import_ics(diary, trip, data + b"X-COMMENT:cached by the agent's server\r\n")
    assert [item.title for item in report.added] == ["Trade fair"]
