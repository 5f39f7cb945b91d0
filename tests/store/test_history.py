"""Undo and the trash: every update and delete can be put back, exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from missiondiary.domain import Attendee, FollowUpStatus, Meeting, Mission, Outcome, Visibility
from missiondiary.errors import InvalidInput, NotFound
from missiondiary.store import Store
from store_helpers import START, at, china_mission, raw_connection, row_counts


def _is_entry_table(name: str) -> bool:
    """Tables of diary entries (not the change log, not FTS internals whose row counts vary)."""
    return name != "changes" and "_fts" not in name


def _entry_rows(path: Path) -> dict[str, int]:
    return {k: v for k, v in row_counts(path).items() if _is_entry_table(k)}


@pytest.fixture
def mission(diary: Store) -> Mission:
    return china_mission(diary)


@pytest.fixture
def meeting(diary: Store, mission: Mission) -> Meeting:
    return diary.add_meeting(
        mission.id,
        "Jinshan Group",
        at("2011-11-21 10:00"),
        organisations=["Chongqing Trade Promotion Bureau"],
        attendees=[
            Attendee("Li Wei", "Chairman", "Jinshan Group Co., Ltd."),
            Attendee("Zhang Min", "Vice Mayor", "City of Chongqing"),
        ],
        notes="Private: they want exclusivity.",
        summary="A warm first meeting.",
        outcomes=[Outcome("MOU to be signed", Decimal("1500000.00"), "CNY")],
        visibility=Visibility.MEMBERS,
    )


def test_undo_of_an_update_restores_the_old_version(diary: Store, mission: Mission) -> None:
    item = diary.add_itinerary_item(mission.id, "Hotel", at("2011-11-21 15:00"), kind="hotel")
    diary.update_itinerary_item(item.id, title="InterContinental", location="Jiefangbei")
    change = diary.undo()
    assert change.action == "update"
    assert change.entity_id == item.id
    assert diary.itinerary_item(item.id) == item


def test_undo_of_a_meeting_update_restores_its_people_and_outcomes(
    diary: Store, meeting: Meeting
) -> None:
    diary.update_meeting(
        meeting.id,
        title="Renamed",
        attendees=[Attendee("Someone Else")],
        outcomes=[],
        organisations=[],
    )
    diary.undo()
    assert diary.meeting(meeting.id) == meeting


def test_delete_meeting_then_undo_restores_it_with_everything_linked(
    diary: Store, diary_path: Path, mission: Mission, meeting: Meeting
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START, meeting_id=meeting.id)
    before = row_counts(diary_path)
    label = diary.delete_entry("meeting", meeting.id)
    assert label == "Jinshan Group"
    with pytest.raises(NotFound):
        diary.meeting(meeting.id)
    assert diary.followup(followup.id).meeting_id is None  # the link was let go
    change = diary.undo()
    assert change.action == "delete"
    assert change.describe() == "meeting 'Jinshan Group' deleted"
    assert change.undone_words() == "Brought back meeting 'Jinshan Group'"
    assert diary.meeting(meeting.id) == meeting
    assert diary.followup(followup.id).meeting_id == meeting.id
    assert _entry_rows(diary_path) == {k: v for k, v in before.items() if _is_entry_table(k)}
    assert [hit.entry_id for hit in diary.search("exclusivity")] == [meeting.id]


def test_delete_itinerary_item_then_undo_relinks_its_meeting(
    diary: Store, mission: Mission
) -> None:
    item = diary.add_itinerary_item(mission.id, "Meeting", at("2011-11-21 10:00"), kind="meeting")
    meeting = diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00"), itinerary_id=item.id)
    diary.delete_entry("itinerary", item.id)
    assert diary.meeting(meeting.id).itinerary_id is None
    diary.undo()
    assert diary.itinerary_item(item.id) == item
    assert diary.meeting(meeting.id).itinerary_id == item.id


def test_undo_of_an_add_removes_it(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START)
    change = diary.undo()
    assert change.action == "insert"
    assert change.describe() == "follow-up 'Send the MOU' added"
    assert change.undone_words() == "Took away follow-up 'Send the MOU', just added"
    with pytest.raises(NotFound):
        diary.followup(followup.id)


def test_undo_walks_back_one_change_at_a_time(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START)
    diary.set_followup_status(followup.id, FollowUpStatus.DONE, on=START)
    diary.update_followup(followup.id, owner="Jane")
    assert diary.undo().action == "update"
    assert diary.followup(followup.id).owner == ""
    assert diary.followup(followup.id).status is FollowUpStatus.DONE
    diary.undo()
    assert diary.followup(followup.id).status is FollowUpStatus.OPEN
    diary.undo()
    assert diary.followups(mission.id) == []


def test_undo_with_nothing_left_says_so(diary: Store) -> None:
    with pytest.raises(NotFound, match="nothing to undo"):
        diary.undo()


def test_last_change_names_what_undo_would_do(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START)
    diary.set_visibility("followup", followup.id, Visibility.PUBLIC)
    last = diary.last_change()
    assert last is not None
    assert (last.entity, last.entity_id, last.action) == ("followup", followup.id, "update")
    diary.undo()
    assert diary.followup(followup.id).visibility is Visibility.PRIVATE


def test_trash_lists_deleted_entries_newest_first(
    diary: Store, mission: Mission, meeting: Meeting
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START)
    kept = diary.add_followup(mission.id, "Keep me", START)
    diary.delete_entry("meeting", meeting.id)
    diary.delete_entry("followup", followup.id)
    trash = diary.trash()
    assert [(c.entity, c.entity_id, c.label) for c in trash] == [
        ("followup", followup.id, "Send the MOU"),
        ("meeting", meeting.id, "Jinshan Group"),
    ]
    assert kept.id not in {c.entity_id for c in trash}


def test_restore_from_trash_brings_one_entry_back(
    diary: Store, mission: Mission, meeting: Meeting
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START, meeting_id=meeting.id)
    diary.delete_entry("meeting", meeting.id)
    diary.delete_entry("followup", followup.id)
    restored = diary.restore_from_trash(meeting.id[:8])
    assert restored.entity_id == meeting.id
    assert diary.meeting(meeting.id) == meeting
    assert [c.entity_id for c in diary.trash()] == [followup.id]
    with pytest.raises(NotFound):
        diary.followup(followup.id)
    # The follow-up still remembers its meeting when it comes back too.
    diary.restore_from_trash(followup.id)
    assert diary.followup(followup.id).meeting_id == meeting.id
    assert diary.trash() == []


def test_restore_from_trash_of_an_unknown_id_is_not_found(diary: Store, mission: Mission) -> None:
    followup = diary.add_followup(mission.id, "Still here", START)
    with pytest.raises(NotFound, match="nothing in the trash"):
        diary.restore_from_trash(followup.id)
    with pytest.raises(NotFound):
        diary.restore_from_trash("")


def test_restored_entry_is_not_in_the_trash_and_undo_skips_its_delete(
    diary: Store, mission: Mission
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START)
    diary.delete_entry("followup", followup.id)
    diary.restore_from_trash(followup.id)
    assert diary.trash() == []
    # The next undo is the add, not the delete that was already put back.
    assert diary.undo().action == "insert"


def test_save_meeting_text_coalesces_a_burst_into_one_undo_step(
    diary: Store, meeting: Meeting
) -> None:
    for text in ("T", "Th", "They", "They agreed", "They agreed to sign."):
        diary.save_meeting_text(meeting.id, notes=text)
    diary.save_meeting_text(meeting.id, summary="Agreement reached.")
    assert diary.meeting(meeting.id).notes == "They agreed to sign."
    change = diary.undo()
    assert change.action == "edit"
    restored = diary.meeting(meeting.id)
    assert restored.notes == meeting.notes
    assert restored.summary == meeting.summary
    assert diary.last_change().action == "insert"


def test_edits_separated_by_another_change_are_separate_undo_steps(
    diary: Store, mission: Mission, meeting: Meeting
) -> None:
    diary.save_meeting_text(meeting.id, notes="First burst")
    diary.add_followup(mission.id, "Something else", START)
    diary.save_meeting_text(meeting.id, notes="Second burst")
    diary.undo()
    assert diary.meeting(meeting.id).notes == "First burst"


def test_edits_after_a_pause_are_separate_undo_steps(
    diary: Store, diary_path: Path, meeting: Meeting
) -> None:
    diary.save_meeting_text(meeting.id, notes="Before lunch")
    # Age the last change past the coalescing window, as if the delegate went to lunch.
    long_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="milliseconds")
    diary.db.execute(
        "UPDATE changes SET at = ? WHERE id = (SELECT MAX(id) FROM changes)", (long_ago,)
    )
    diary.save_meeting_text(meeting.id, notes="After lunch")
    diary.undo()
    assert diary.meeting(meeting.id).notes == "Before lunch"


def test_post_edits_coalesce_and_undo_to_the_first_words(diary: Store, mission: Mission) -> None:
    diary.write_post(mission.id, 1, "We landed.")
    for text in ("We landed in", "We landed in fog", "We landed in fog at 3am."):
        diary.write_post(mission.id, 1, text)
    diary.undo()
    assert diary.post(mission.id, 1).body == "We landed."


def test_undo_after_undoing_an_edit_does_not_coalesce_into_it(
    diary: Store, meeting: Meeting
) -> None:
    diary.save_meeting_text(meeting.id, notes="Draft one")
    diary.undo()
    diary.save_meeting_text(meeting.id, notes="Draft two")
    diary.undo()
    assert diary.meeting(meeting.id).notes == meeting.notes


def test_a_failed_write_leaves_no_change_record(
    diary: Store, diary_path: Path, meeting: Meeting
) -> None:
    before = row_counts(diary_path)
    with pytest.raises(InvalidInput, match="--title"):
        diary.update_meeting(meeting.id, title="   ")
    with pytest.raises(NotFound):
        diary.delete_entry("meeting", "00000000-0000-4000-8000-000000000000")
    assert row_counts(diary_path) == before
    assert diary.meeting(meeting.id) == meeting


def test_changes_keep_the_old_version_as_json(diary_path: Path, diary: Store, meeting) -> None:
    diary.update_meeting(meeting.id, summary="Changed")
    conn = raw_connection(diary_path)
    (before,) = conn.execute("SELECT before FROM changes WHERE action = 'update'").fetchone()
    conn.close()
    snapshot = json.loads(before)
    assert snapshot["row"]["summary"] == "A warm first meeting."
    assert len(snapshot["children"]["meeting_attendees"]) == 2
    assert len(snapshot["children"]["outcomes"]) == 1


def test_restoring_a_followup_whose_meeting_is_in_the_trash_relinks_when_the_meeting_returns(
    diary: Store, mission: Mission, meeting: Meeting
) -> None:
    followup = diary.add_followup(mission.id, "Send the MOU", START, meeting_id=meeting.id)
    diary.delete_entry("followup", followup.id)
    diary.delete_entry("meeting", meeting.id)
    diary.restore_from_trash(followup.id)
    assert diary.followup(followup.id).meeting_id is None  # its meeting is still in the trash
    diary.restore_from_trash(meeting.id)
    assert diary.followup(followup.id).meeting_id == meeting.id
    assert diary.meeting(meeting.id) == meeting


def test_restoring_a_meeting_whose_itinerary_item_is_in_the_trash_does_not_fail(
    diary: Store, mission: Mission
) -> None:
    item = diary.add_itinerary_item(mission.id, "Meeting", at("2011-11-21 10:00"), kind="meeting")
    meeting = diary.add_meeting(mission.id, "Jinshan", at("2011-11-21 10:00"), itinerary_id=item.id)
    diary.delete_entry("meeting", meeting.id)
    diary.delete_entry("itinerary", item.id)
    diary.restore_from_trash(meeting.id)
    assert diary.meeting(meeting.id).itinerary_id is None
    diary.restore_from_trash(item.id)
    assert diary.meeting(meeting.id).itinerary_id == item.id


def test_one_action_that_writes_many_rows_is_one_undo(diary_path) -> None:
    from missiondiary.demo import build_demo
    from missiondiary.store import open_store

    with open_store(diary_path) as store:
        build_demo(store)
        assert store.missions()
        change = store.undo()
        assert change.entity == "mission" and change.action == "insert"
        assert store.missions() == []
        assert store._scalar("SELECT COUNT(*) FROM meetings") == 0
        build_demo(store)  # and the demo can be loaded again, whole
        assert store._scalar("SELECT COUNT(*) FROM meetings") == 11
