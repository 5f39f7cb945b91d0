"""The JSON exchange file: lossless round trips, merging by id, conflicts settled by the
most recent update with the other version kept, and bad files refused without a trace."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from missiondiary.domain import Attendee, Outcome, Visibility, parse_amount
from missiondiary.errors import InvalidInput
from missiondiary.interchange.json_format import VERSION, dumps, export_json, import_json
from missiondiary.interchange.rows import ORG_COLUMNS, PERSON_COLUMNS
from missiondiary.store import Store, open_store
from missiondiary.timeline import moment_from_text

CHONGQING = "Asia/Chongqing"


def at(text: str, tz: str = CHONGQING):
    return moment_from_text(text, tz).moment


def build(store: Store, slug: str = "china-2011"):
    trip = store.create_mission(
        "Chamber mission to China",
        date(2011, 11, 21),
        date(2011, 11, 30),
        CHONGQING,
        "America/Toronto",
        organisation="London Chamber of Commerce",
        author="Joaquim Balles",
        slug=slug,
        tags=["china"],
    )
    flight = store.add_itinerary_item(
        trip.id,
        "AC031 Toronto to Beijing",
        at("2011-11-20 00:55", "America/Toronto"),
        at("2011-11-21 03:40", "Asia/Shanghai"),
        kind="flight",
    )
    store.add_itinerary_item(
        trip.id, "Massage", at("2011-11-21 22:00"), visibility=Visibility.PRIVATE
    )
    meeting = store.add_meeting(
        trip.id,
        "Hospital partnership talks",
        at("2011-11-21 14:00"),
        organisations=["Jinshan Group"],
        attendees=[Attendee("Zhou Min", "Vice-chair", "Jinshan Group"), Attendee("Dr Chen Li")],
        notes="Keep the Vancouver approach quiet.",
        summary="Next steps for the hospitals.",
        outcomes=[
            Outcome("Sign an MOU"),
            Outcome("Trial order of imaging kits", parse_amount("180000.50"), "CAD"),
        ],
        visibility=Visibility.MEMBERS,
        itinerary_id=flight.id,
    )
    store.add_followup(
        trip.id,
        "Send the MOU",
        date(2011, 11, 21),
        owner="Joaquim",
        due=date(2011, 11, 22),
        meeting_id=meeting.id,
    )
    store.write_post(trip.id, 1, "Cranes on every skyline.", title="Arrival", place="Chongqing")
    return trip


def without_stamp(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def changes(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
    finally:
        conn.close()


def test_the_file_is_versioned_and_keeps_every_time_with_its_zone(diary: Store) -> None:
    build(diary)
    document = json.loads(dumps(export_json(diary)))
    assert (document["format"], document["version"]) == ("missiondiary", VERSION)
    flight = next(i for i in document["itinerary"] if i["kind"] == "flight")
    assert flight["start"]["tz"] == "America/Toronto"
    assert flight["start"]["local"].startswith("2011-11-20T00:55")
    assert flight["end"]["tz"] == "Asia/Shanghai"
    assert flight["end"]["utc"].startswith("2011-11-20T19:40")
    meeting = document["meetings"][0]
    assert meeting["notes"] == "Keep the Vancouver approach quiet."
    assert meeting["outcomes"][1]["amount"] == "180000.50"
    assert [a["name"] for a in meeting["attendees"]] == ["Zhou Min", "Dr Chen Li"]
    assert {o["name"] for o in document["organisations"]} == {"Jinshan Group"}
    assert all(entry["created_at"] and entry["updated_at"] for entry in document["itinerary"])


def test_export_import_export_gives_the_same_file(tmp_path: Path) -> None:
    from missiondiary.demo import build_demo

    with open_store(tmp_path / "laptop.db") as first:
        build_demo(first)
        build(first)
        original = export_json(first)
    with open_store(tmp_path / "second.db") as second:
        report = import_json(second, dumps(original))
        again = export_json(second)
    assert report.added > 0 and report.updated == report.kept == 0
    assert dumps(without_stamp(again)) == dumps(without_stamp(original))


def test_importing_twice_changes_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        data = dumps(export_json(first))
    path = tmp_path / "b.db"
    with open_store(path) as second:
        import_json(second, data)
        before, history = export_json(second), changes(path)
        report = import_json(second, data)
        assert (report.added, report.updated, report.kept) == (0, 0, 0)
        assert report.unchanged > 0
        assert without_stamp(export_json(second)) == without_stamp(before)
    assert changes(path) == history


def test_one_mission_carries_only_the_people_it_met(diary: Store) -> None:
    build(diary)
    other = build(diary, "china-2012")
    diary.add_meeting(other.id, "Another", at("2011-11-22 09:00"), organisations=["Elsewhere"])
    document = export_json(diary, other)
    assert [m["slug"] for m in document["missions"]] == ["china-2012"]
    assert document["mission"] == "china-2012"
    assert {o["name"] for o in document["organisations"]} == {"Jinshan Group", "Elsewhere"}
    assert all(entry["mission_id"] == other.id for entry in document["itinerary"])


def edited(document: dict, section: str, entry_id: str, updated_at: str, **fields) -> dict:
    changed = copy.deepcopy(document)
    entry = next(e for e in changed[section] if e["id"] == entry_id)
    entry.update(fields, updated_at=updated_at)
    return changed


def test_a_newer_version_in_the_file_wins_and_the_old_one_can_be_undone(diary: Store) -> None:
    trip = build(diary)
    item = diary.itinerary_for_mission(trip.id)[0]
    document = edited(
        export_json(diary),
        "itinerary",
        item.id,
        "2099-01-01T00:00:00.000+00:00",
        title="AC031 (delayed)",
    )
    report = import_json(diary, document)
    assert (report.updated, report.kept) == (1, 0)
    assert ("itinerary", "AC031 (delayed)", "file") in report.conflicts
    assert diary.itinerary_item(item.id).title == "AC031 (delayed)"
    diary.undo()  # the diary's own version waits in history
    assert diary.itinerary_item(item.id).title == "AC031 Toronto to Beijing"


def test_a_newer_version_in_the_diary_stays_and_the_files_is_kept(diary: Store) -> None:
    trip = build(diary)
    meeting = diary.meetings_for_mission(trip.id)[0]
    document = edited(
        export_json(diary),
        "meetings",
        meeting.id,
        "2000-01-01T00:00:00.000+00:00",
        summary="An older summary from the other laptop.",
    )
    report = import_json(diary, document)
    assert (report.updated, report.kept) == (0, 1)
    assert diary.meeting(meeting.id).summary == "Next steps for the hospitals."
    (kept,) = diary.kept_versions(meeting.id)
    assert kept["row"]["summary"] == "An older summary from the other laptop."
    assert len(kept["children"]["outcomes"]) == 2
    import_json(diary, document)  # importing it again files nothing twice
    assert len(diary.kept_versions(meeting.id)) == 1
    assert diary.last_change() is None or diary.last_change().action != "kept"


def test_meetings_merge_with_their_attendees_and_outcomes(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        trip = build(first)
        meeting = first.meetings_for_mission(trip.id)[0]
        first.update_meeting(
            meeting.id,
            attendees=[Attendee("Zhou Min", "Chair", "Jinshan Group")],
            outcomes=[Outcome("Signed the MOU")],
        )
        data = dumps(export_json(first))
    with open_store(tmp_path / "b.db") as second:
        import_json(second, data)
        copied = second.meeting(meeting.id)
    assert copied.attendees == (Attendee("Zhou Min", "Chair", "Jinshan Group"),)
    assert copied.outcomes == (Outcome("Signed the MOU"),)
    assert copied.notes == "Keep the Vancouver approach quiet."


def test_the_same_mission_and_people_created_on_two_laptops_merge(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        data = dumps(export_json(first))
    with open_store(tmp_path / "b.db") as second:
        mine = build(second)  # same slug, same names, different ids
        report = import_json(second, data)
        assert [m.slug for m in second.missions()] == ["china-2011"]
        assert [o.name for o in second.organisations()] == ["Jinshan Group"]
        assert len(second.people()) == 2
        assert second.post(mine.id, 1) is not None
        assert report.added > 0
        # Both laptops' itineraries now sit in the one mission.
        assert len(second.itinerary_for_mission(mine.id)) == 4


def test_an_entry_deleted_here_after_the_files_version_stays_deleted(diary: Store) -> None:
    trip = build(diary)
    data = dumps(export_json(diary))
    item = diary.itinerary_for_mission(trip.id)[1]
    diary.delete_entry("itinerary", item.id)
    report = import_json(diary, data)
    assert report.kept == 1
    assert item.id not in {i.id for i in diary.itinerary_for_mission(trip.id)}
    assert item.id in {c.entity_id for c in diary.trash()}


def test_a_file_from_a_newer_missiondiary_is_refused(diary: Store, diary_path: Path) -> None:
    document = export_json(diary)
    document["version"] = VERSION + 1
    document["missions"] = [{"id": "whatever"}]
    with pytest.raises(InvalidInput) as error:
        import_json(diary, dumps(document), source="backup.json")
    assert str(error.value).startswith(
        f"backup.json: written by a newer missiondiary (format version {VERSION + 1})"
    )
    assert diary.missions() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"format": "missiondiary", "version": 1, "missions": [', "broken JSON at line 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"some": "other json"}', "not a missiondiary export"),
        (b"[1, 2, 3]", "not a missiondiary export"),
        (b'{"format": "missiondiary", "version": "one"}', "no valid format version"),
    ],
)
def test_a_broken_file_names_itself_and_changes_nothing(
    diary: Store, diary_path: Path, data: bytes, message: str
) -> None:
    build(diary)
    before = export_json(diary)
    with pytest.raises(InvalidInput, match=r"^backup\.json: ") as error:
        import_json(diary, data, source="backup.json")
    assert message in str(error.value)
    assert without_stamp(export_json(diary)) == without_stamp(before)


def test_a_bad_entry_anywhere_means_nothing_is_imported(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        document = export_json(first)
    document["posts"][0]["status"] = "maybe"
    with open_store(tmp_path / "b.db") as second:
        with pytest.raises(InvalidInput, match=r"^FILE: posts\[0\]\.status: 'maybe' is not one"):
            import_json(second, document)
        assert second.missions() == []


def test_a_failure_half_way_through_writing_rolls_everything_back(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        document = export_json(first)
    # Checked fine on its own, but its mission is in neither the file nor the diary.
    document["followups"][0]["mission_id"] = "00000000-0000-4000-8000-000000000000"
    path = tmp_path / "b.db"
    with open_store(path) as second:
        with pytest.raises(InvalidInput, match=r"followups\[0\]\.mission_id: no mission"):
            import_json(second, document)
        assert second.missions() == []
        assert second.people() == []
    assert changes(path) == 0


def test_unknown_zones_in_the_file_are_refused(diary: Store) -> None:
    build(diary)
    document = export_json(diary)
    document["itinerary"][0]["start"]["tz"] = "Mars/Olympus"
    with pytest.raises(InvalidInput, match=r"itinerary\[0\]\.start\.tz: unknown time zone"):
        import_json(diary, document)


def test_one_undo_takes_back_a_whole_import(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        data = dumps(export_json(first))
    with open_store(tmp_path / "b.db") as second:
        import_json(second, data)
        second.undo()
        assert second.missions() == []


# the counterpart register (format version 2) ---------------------------------------------


def build_register(store: Store):
    from missiondiary.demo import build_demo

    mission = build_demo(store)
    chen = store.find_person("Chen Weidong")
    store.update_person(
        chen.id,
        phone="+86 23 0000 0000",
        title="Chairman",
        title_organisation="Jinshan Group of Companies",
        as_of=date(2011, 6, 1),
    )
    return mission


def test_register_fields_other_names_and_titles_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build_register(first)
        original = export_json(first)
    jinshan = next(o for o in original["organisations"] if o["name"].startswith("Jinshan"))
    assert jinshan["aliases"] == ["金山集团", "Jinshan"]
    assert (jinshan["kind"], jinshan["city"], jinshan["country"]) == (
        "company",
        "Chongqing",
        "China",
    )
    assert jinshan["notes"].startswith("Family-held")
    chen = next(p for p in original["people"] if p["name"] == "Chen Weidong")
    assert chen["aliases"] == ["陈卫东"] and chen["protocol"].startswith("Address as")
    assert chen["phone"] == "+86 23 0000 0000" and chen["card"]
    (title,) = chen["titles"]
    assert (title["title"], title["organisation_id"], title["as_of"]) == (
        "Chairman",
        jinshan["id"],
        "2011-06-01",
    )
    zhang = next(p for p in original["people"] if p["name"] == "Zhang Rui")
    assert zhang["email"] == "zhang.rui@example.cn"

    path = tmp_path / "b.db"
    with open_store(path) as second:
        report = import_json(second, dumps(original))
        assert report.updated == report.kept == 0 and not report.skipped
        assert dumps(without_stamp(export_json(second))) == dumps(without_stamp(original))
        assert second.find_organisation("金山集团").name == "Jinshan Group of Companies"
        assert second.person(chen["id"]).contact.phone == "+86 23 0000 0000"
        history = changes(path)
        again = import_json(second, dumps(original))
        assert (again.added, again.updated, again.kept) == (0, 0, 0)
        assert dumps(without_stamp(export_json(second))) == dumps(without_stamp(original))
    assert changes(path) == history


def test_a_version_1_file_still_imports_and_leaves_the_register_alone(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build_register(first)
        document = export_json(first)
    old = copy.deepcopy(document)
    old["version"] = 1
    for entry in old["organisations"] + old["people"]:
        for key in (*ORG_COLUMNS, *PERSON_COLUMNS, "aliases", "titles"):
            entry.pop(key, None)
    with open_store(tmp_path / "b.db") as empty:
        import_json(empty, dumps(old))
        org = empty.find_organisation("Jinshan Group of Companies")
        assert (org.aliases, org.city, org.kind, org.notes) == ((), "", "", "")
        assert [m.slug for m in empty.missions()] == [m["slug"] for m in document["missions"]]
    with open_store(tmp_path / "a.db") as first:
        report = import_json(first, dumps(old))
        assert (report.added, report.updated, report.kept) == (0, 0, 0)
        assert without_stamp(export_json(first)) == without_stamp(document)


def test_an_organisation_named_like_an_other_name_here_links_to_that_entry(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path / "a.db") as first:
        trip = build(first)  # meets "Jinshan Group"
        data = dumps(export_json(first))
    with open_store(tmp_path / "b.db") as second:
        build(second, "china-2012")
        ours = second.find_organisation("Jinshan Group")
        second.update_organisation(ours.id, name="Jinshan Group of Companies", city="Chongqing")
        assert second.find_organisation("Jinshan Group").aliases == ("Jinshan Group",)
        import_json(second, data)
        assert [o.name for o in second.organisations()] == ["Jinshan Group of Companies"]
        meeting = second.meetings_for_mission(trip.id)[0]
        assert meeting.organisations == ("Jinshan Group of Companies",)
        assert second.organisation(ours.id).city == "Chongqing"


def test_an_other_name_held_by_another_entry_is_skipped_and_reported(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        org = first.find_organisation("Jinshan Group")
        first.update_organisation(org.id, add_aliases=["JSG"])
        data = dumps(export_json(first))
    with open_store(tmp_path / "b.db") as second:
        other = second.find_organisation(second.ensure_organisation("JSG Holdings"))
        second.update_organisation(other.id, add_aliases=["JSG"])
        report = import_json(second, data)
        assert ("organisation", "Jinshan Group", "other name 'JSG' is already JSG Holdings's") in (
            report.skipped
        )
        assert second.find_organisation("JSG").id == other.id
        assert second.organisation(org.id).aliases == ()


def test_other_names_added_to_an_entry_here_are_undone_with_the_import(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        org = first.find_organisation("Jinshan Group")
        data = dumps(export_json(first))
        first.update_organisation(org.id, add_aliases=["金山集团"])
        newer = export_json(first)
    with open_store(tmp_path / "b.db") as second:
        import_json(second, data)
        # The same row as here; only the other name is new.
        document = copy.deepcopy(newer)
        entry = next(o for o in document["organisations"] if o["id"] == org.id)
        entry["updated_at"] = next(
            o for o in json.loads(data)["organisations"] if o["id"] == org.id
        )["updated_at"]
        report = import_json(second, document)
        assert report.by_entity["organisation"] == {"updated": 1}
        assert second.organisation(org.id).aliases == ("金山集团",)
        second.undo()
        assert second.organisation(org.id).aliases == ()


def test_a_rename_in_the_file_keeps_the_old_name_as_another(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as first:
        build(first)
        data = dumps(export_json(first))
        org = first.find_organisation("Jinshan Group")
        first.update_organisation(org.id, name="Jinshan Group of Companies")
        renamed = dumps(export_json(first))
    with open_store(tmp_path / "b.db") as second:
        import_json(second, data)
        report = import_json(second, renamed)
        assert report.by_entity["organisation"] == {"updated": 1}
        copied = second.organisation(org.id)
        assert (copied.name, copied.aliases) == ("Jinshan Group of Companies", ("Jinshan Group",))
        assert (
            without_stamp(export_json(second))["organisations"]
            == (json.loads(renamed)["organisations"])
        )
