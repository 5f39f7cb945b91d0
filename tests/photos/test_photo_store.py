"""Photos in the store: placed on their day, kept as one resized copy, deleted and brought
back like every entry, found by caption."""

from __future__ import annotations

from pathlib import Path

from missiondiary.domain import Visibility
from missiondiary.interchange.photo_files import add_photo_files
from missiondiary.store import Store
from missiondiary.store.migrations import SCHEMA_VERSION
from photo_helpers import SERIAL, make_jpeg, metadata_of
from store_helpers import at, china_mission


def _add(store: Store, mission, tmp_path: Path, name: str = "a.jpg", **options):
    photo = make_jpeg(tmp_path / name, **options)
    return add_photo_files(store, mission, [photo], workers=1)


def test_a_photo_with_an_offset_lands_on_the_day_it_was_taken_there(
    diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    # 23:30 in Chongqing on Day 1 is 15:30 UTC: still Day 1 on the wall clock where it was.
    report = _add(diary, mission, tmp_path, taken="2011:11:21 23:30:00", offset="+08:00")
    [photo] = report.added
    assert photo.local_date.isoformat() == "2011-11-21"
    assert photo.at.utc.hour == 15
    assert photo.at.tz == "Asia/Chongqing"
    assert diary.day(mission.id, photo.local_date).photos == (photo,)


def test_an_offset_that_is_no_zone_of_the_mission_is_kept_as_that_offset(
    diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    # Taken at home (Toronto, UTC-5) on the evening before the flight.
    report = _add(diary, mission, tmp_path, taken="2011:11:20 19:00:00", offset="-05:00")
    [photo] = report.added
    assert photo.at.tz == "America/Toronto"
    assert photo.local_date.isoformat() == "2011-11-20"
    report = _add(diary, mission, tmp_path, "b.jpg", taken="2011:11:22 09:00:00", offset="+03:00")
    assert report.added[0].at.tz == "Etc/GMT-3"


def test_a_camera_time_without_offset_is_read_on_the_missions_clock_and_said(
    diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    report = _add(diary, mission, tmp_path, taken="2011:11:22 08:15:00", offset=None)
    [photo] = report.added
    assert photo.at.local.hour == 8
    assert photo.at.utc.hour == 0  # 08:15 in China is 00:15 UTC
    assert any("read on the Asia/Chongqing clock" in line for line in report.lines)


def test_photos_outside_the_mission_are_skipped_with_a_line(diary: Store, tmp_path: Path) -> None:
    mission = china_mission(diary)
    report = _add(diary, mission, tmp_path, taken="2012:03:01 10:00:00", offset="+08:00")
    assert report.added == []
    assert report.skipped == 1
    assert "outside the mission" in report.lines[0]
    assert diary.photos_for_mission(mission.id) == []


def test_the_stored_copy_keeps_time_and_place_and_nothing_else(
    diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    [photo] = _add(diary, mission, tmp_path, size=(2700, 900), offset="+08:00").added
    stored = metadata_of(diary.photo_jpeg(photo.content_hash))
    assert max(stored["size"]) == 2560
    assert stored["gps"]  # the delegate's own record keeps the place
    assert stored["inner"][36867] == "2011:11:21 10:30:00"
    assert SERIAL not in repr(stored)
    assert photo.latitude is not None and round(photo.latitude, 2) == 29.56


def test_deleting_a_photo_and_undoing_brings_it_back_with_its_picture(
    diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    [photo] = _add(diary, mission, tmp_path, offset="+08:00").added
    entity, entry_id = diary.resolve_entry(photo.id[:8])
    assert entity == "photo"
    diary.delete_entry(entity, entry_id)
    assert diary.photos_for_mission(mission.id) == []
    assert [change.entity_id for change in diary.trash()] == [photo.id]
    diary.undo()
    assert diary.photo(photo.id).content_hash == photo.content_hash
    assert diary.photo_jpeg(photo.content_hash)


def test_a_photo_linked_to_a_deleted_meeting_is_linked_again_when_it_comes_back(
    diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    meeting = diary.add_meeting(mission.id, "Signing", at("2011-11-21 10:00"))
    [photo] = _add(diary, mission, tmp_path, offset="+08:00").added
    diary.update_photo(photo.id, meeting_id=meeting.id)
    diary.delete_entry("meeting", meeting.id)
    assert diary.photo(photo.id).meeting_id is None
    diary.undo()
    assert diary.photo(photo.id).meeting_id == meeting.id


def test_visibility_defaults_to_members_and_changes_like_any_entry(
    diary: Store, tmp_path: Path
) -> None:
    mission = china_mission(diary)
    [photo] = _add(diary, mission, tmp_path, offset="+08:00").added
    assert photo.visibility is Visibility.MEMBERS
    diary.set_visibility("photo", photo.id, Visibility.PRIVATE)
    assert diary.photo(photo.id).visibility is Visibility.PRIVATE


def test_search_finds_a_photo_by_its_caption(diary: Store, tmp_path: Path) -> None:
    mission = china_mission(diary)
    [photo] = _add(diary, mission, tmp_path, offset="+08:00").added
    diary.update_photo(photo.id, caption="The delegation at the Liangjiang signing")
    hits = diary.search("liangj")
    assert [(hit.kind, hit.entry_id) for hit in hits] == [("photo", photo.id)]
    assert hits[0].day is not None and hits[0].day.isoformat() == "2011-11-21"


def test_the_same_file_twice_is_one_photo(diary: Store, tmp_path: Path) -> None:
    mission = china_mission(diary)
    make_jpeg(tmp_path / "a.jpg", offset="+08:00")
    first = add_photo_files(diary, mission, [tmp_path / "a.jpg"], workers=1)
    again = add_photo_files(diary, mission, [tmp_path / "a.jpg"], workers=1)
    assert len(first.added) == 1 and again.added == []
    assert "already in this mission" in again.lines[0]


def test_the_schema_has_photos(diary: Store) -> None:
    assert diary.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "photos" in diary.db.table_names()
