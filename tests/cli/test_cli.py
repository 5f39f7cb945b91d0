"""The command line as a user types it: every command through click's runner on real diary
files, plus the installed `missiondiary` run as a program."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli_helpers import SLUG, as_json, dump, invoke, new_mission, ok
from missiondiary import __version__
from missiondiary.cli import cli
from missiondiary.demo import DEMO_SLUG
from missiondiary.store import open_store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "diary.db"


@pytest.fixture
def mission_db(db: Path) -> Path:
    new_mission(db)
    return db


@pytest.fixture
def demo_db(db: Path, demo_db_path: Path) -> Path:
    assert demo_db_path == db
    return db


# start-up -------------------------------------------------------------------------------


def test_version_prints_the_package_version(db: Path) -> None:
    result = ok(db, "--version")
    assert __version__ in result.stdout
    assert not db.exists()


def test_help_lists_every_command(db: Path) -> None:
    result = ok(db, "--help")
    for command in ("demo", "mission", "itinerary", "meeting", "followup", "day", "post"):
        assert command in result.stdout
    for command in ("publish", "search", "undo", "trash", "delete", "visibility"):
        assert command in result.stdout


def test_no_command_opens_the_app_on_the_chosen_diary(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[dict[str, Any]] = []

    class FakeApp:
        def __init__(self, **kwargs: Any) -> None:
            opened.append(kwargs)

        def run(self) -> None:
            opened[-1]["ran"] = True

    fake = types.ModuleType("missiondiary.tui.app")
    fake.MissionDiaryApp = FakeApp  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "missiondiary.tui.app", fake)
    ok(db)
    from missiondiary.tui.keymap import keys_file

    assert opened == [
        {"db_path": db, "mission_id": None, "day": None, "keys_path": keys_file(), "ran": True}
    ]
    assert db.exists()

    ok(db, "demo")
    demo_id = as_json(db, "mission", "list")[0]["id"]
    assert opened[-1] == {
        "db_path": db,
        "mission_id": demo_id,
        "day": None,
        "keys_path": keys_file(),
        "ran": True,
    }


def test_the_diary_path_comes_from_the_environment_without_db(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    result = CliRunner(env={"MISSIONDIARY_DB": str(path)}).invoke(cli, ["demo", "--no-tui"])
    assert result.exit_code == 0, result.output
    assert str(path) in result.stdout
    assert path.exists()


# demo -----------------------------------------------------------------------------------


def test_demo_says_where_the_diary_is_and_a_second_run_changes_nothing(db: Path) -> None:
    first = ok(db, "demo", "--no-tui")
    assert "added" in first.stdout
    assert DEMO_SLUG in first.stdout
    assert str(db) in first.stdout
    before = dump(db)
    second = ok(db, "demo", "--no-tui")
    assert "unchanged" in second.stdout
    assert dump(db) == before


# missions -------------------------------------------------------------------------------


def test_mission_new_then_list_shows_it_in_a_table_and_as_json(db: Path) -> None:
    created = ok(
        db,
        "mission",
        "new",
        "Atlantic mission to Vietnam",
        "--start",
        "2025-03-10",
        "--end",
        "2025-03-14",
        "--tz",
        "Asia/Ho_Chi_Minh",
        "--tag",
        "vietnam",
        "--tag",
        "seafood",
    )
    assert "atlantic-mission-to-vietnam-2025" in created.stdout
    table = ok(db, "mission", "list").stdout
    assert "atlantic-mission-to-vietnam-2025" in table
    assert "Asia/Ho_Chi_Minh" in table
    [mission] = as_json(db, "mission", "list")
    assert mission["home_tz"] == "Asia/Ho_Chi_Minh"  # defaults to --tz
    assert mission["start_date"] == "2025-03-10"
    assert mission["days"] == 5
    assert mission["tags"] == ["vietnam", "seafood"]
    assert mission["id"][:8] in table  # ids shown as 8-character prefixes


def test_mission_list_on_a_missing_diary_creates_nothing(db: Path) -> None:
    assert as_json(db, "mission", "list") == []
    assert "No missions yet" in ok(db, "mission", "list").stderr
    assert not db.exists()


# itinerary ------------------------------------------------------------------------------


def test_a_flight_keeps_both_zones_and_belongs_to_the_day_it_leaves(mission_db: Path) -> None:
    result = ok(
        mission_db,
        "itinerary",
        "add",
        SLUG,
        "--at",
        "2011-11-20 00:55",
        "--tz",
        "America/Toronto",
        "--end",
        "2011-11-21 03:40",
        "--end-tz",
        "Asia/Shanghai",
        "--title",
        "Toronto → Beijing",
        "--kind",
        "flight",
    )
    assert "Day 0" in result.stdout
    day0 = as_json(mission_db, "day", "show", SLUG, "0")
    [flight] = day0["itinerary"]
    assert flight["kind"] == "flight"
    assert flight["start"]["tz"] == "America/Toronto"
    assert flight["start"]["iso"] == "2011-11-20T00:55:00-05:00"
    assert flight["end"]["tz"] == "Asia/Shanghai"
    assert flight["end"]["iso"] == "2011-11-21T03:40:00+08:00"
    assert as_json(mission_db, "day", "show", SLUG, "1")["itinerary"] == []
    text = ok(mission_db, "day", "show", SLUG, "0").stdout
    assert "00:55 EST" in text
    assert "03:40 CST (Mon 21 Nov)" in text


def test_itinerary_defaults_to_the_mission_zone_and_an_end_may_be_a_clock_time(
    mission_db: Path,
) -> None:
    ok(
        mission_db,
        "itinerary",
        "add",
        SLUG,
        "--at",
        "2011-11-23 10:00",
        "--end",
        "11:30",
        "--title",
        "MOU signing",
        "--kind",
        "Ceremony",
        "--location",
        "City Hall",
        "--visibility",
        "PUBLIC",
    )
    [item] = as_json(mission_db, "day", "show", SLUG, "3")["itinerary"]
    assert item["start"]["tz"] == "Asia/Chongqing"
    assert item["end"]["local"] == "2011-11-23T11:30"
    assert item["kind"] == "ceremony"
    assert item["visibility"] == "public"
    assert item["location"] == "City Hall"


def test_a_time_that_happens_twice_takes_the_first_and_says_so(mission_db: Path) -> None:
    result = ok(
        mission_db,
        "itinerary",
        "add",
        SLUG,
        "--at",
        "2011-11-06 01:30",
        "--tz",
        "America/Toronto",
        "--title",
        "Leave home",
    )
    assert "happens twice" in result.stderr
    assert "EDT" in result.stderr


# meetings -------------------------------------------------------------------------------


def test_meeting_add_keeps_people_organisations_notes_and_outcomes(
    mission_db: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("- Vancouver and UBC came calling; **keep private**\n", encoding="utf-8")
    result = ok(
        mission_db,
        "meeting",
        "add",
        SLUG,
        "--at",
        "2011-11-21 15:00",
        "--title",
        "Jinshan Group",
        "--org",
        "Jinshan Group of Companies",
        "--with",
        "Chen Weidong, Chair, Jinshan Group of Companies",
        "--with",
        "Liu Fang, Deputy Director, Jinshan Hospital Co., Ltd.",
        "--notes-file",
        str(notes),
        "--summary",
        "Next steps with the hospital.",
        "--outcome",
        "MOU to be signed at City Hall",
        "--outcome",
        "Order of training simulators",
        "--amount",
        "1,250,000",
        "--currency",
        "cny",
        "--visibility",
        "members",
    )
    assert "Day 1" in result.stdout
    [meeting] = as_json(mission_db, "day", "show", SLUG, "1")["meetings"]
    assert meeting["title"] == "Jinshan Group"
    assert meeting["at"]["iso"] == "2011-11-21T15:00:00+08:00"
    assert meeting["notes"] == notes.read_text(encoding="utf-8")
    assert meeting["summary"] == "Next steps with the hospital."
    assert meeting["visibility"] == "members"
    assert meeting["attendees"][1] == {
        "name": "Liu Fang",
        "role": "Deputy Director",
        "organisation": "Jinshan Hospital Co., Ltd.",
    }
    assert "Jinshan Group of Companies" in meeting["organisations"]
    assert meeting["outcomes"] == [
        {"text": "MOU to be signed at City Hall", "amount": None, "currency": None},
        {"text": "Order of training simulators", "amount": "1250000", "currency": "CNY"},
    ]


def test_each_amount_goes_with_the_outcome_it_follows(mission_db: Path) -> None:
    ok(
        mission_db,
        "meeting",
        "add",
        SLUG,
        "--outcome",
        "First, with money",
        "--currency",
        "CAD",
        "--at",
        "2011-11-22 10:00",
        "--amount",
        "45000.50",
        "--title",
        "Interleaved",
        "--outcome=Second, without",
        "--outcome",
        "Third",
        "--amount=7",
        "--currency=EUR",
    )
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    assert [(o["text"], o["amount"], o["currency"]) for o in meeting["outcomes"]] == [
        ("First, with money", "45000.50", "CAD"),
        ("Second, without", None, None),
        ("Third", "7", "EUR"),
    ]
    assert meeting["visibility"] == "private"  # meetings default to private


def test_meeting_notes_can_come_from_stdin(mission_db: Path) -> None:
    ok(
        mission_db,
        "meeting",
        "add",
        SLUG,
        "--at",
        "2011-11-22 09:30",
        "--title",
        "Mayor",
        "--notes-file",
        "-",
        input="Typed on the plane.\nSecond line.\n",
    )
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    assert meeting["notes"] == "Typed on the plane.\nSecond line.\n"


def test_a_meeting_can_fill_an_itinerary_slot(mission_db: Path) -> None:
    ok(mission_db, "itinerary", "add", SLUG, "--at", "2011-11-22 14:00", "--title", "CCPIT")
    [item] = as_json(mission_db, "day", "show", SLUG, "2")["itinerary"]
    ok(
        mission_db,
        "meeting",
        "add",
        SLUG,
        "--at",
        "2011-11-22 14:00",
        "--title",
        "CCPIT",
        "--itinerary",
        item["id"][:8],
    )
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    assert meeting["itinerary_id"] == item["id"]


# follow-ups -----------------------------------------------------------------------------


def _followup_ids(db: Path, *args: str) -> dict[str, dict[str, Any]]:
    return {f["text"]: f for f in as_json(db, "followup", "list", *args)}


def test_followup_day_defaults_to_the_meeting_day_or_today_clamped_to_the_mission(
    mission_db: Path,
) -> None:
    ok(mission_db, "meeting", "add", SLUG, "--at", "2011-11-22 10:00", "--title", "Mayor")
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    ok(mission_db, "followup", "add", SLUG, "From the meeting", "--meeting", meeting["id"][:8])
    ok(mission_db, "followup", "add", SLUG, "Noted today", "--owner", "Lily Wang")
    ok(mission_db, "followup", "add", SLUG, "On a chosen day", "--date", "2011-11-24")
    found = _followup_ids(mission_db, SLUG)
    assert found["From the meeting"]["day"] == "2011-11-22"
    assert found["From the meeting"]["meeting_id"] == meeting["id"]
    # Today is long after this 2011 mission: the follow-up lands on its last day.
    assert found["Noted today"]["day"] == "2011-11-30"
    assert found["Noted today"]["owner"] == "Lily Wang"
    assert found["On a chosen day"]["day"] == "2011-11-24"
    assert {f["visibility"] for f in found.values()} == {"private"}


def test_followup_done_drop_and_reopen(mission_db: Path) -> None:
    ok(mission_db, "followup", "add", SLUG, "Send the MOU", "--date", "2011-11-21")
    ok(mission_db, "followup", "add", SLUG, "Second plant visit", "--date", "2011-11-21")
    found = _followup_ids(mission_db)
    send, visit = found["Send the MOU"]["id"], found["Second plant visit"]["id"]

    assert "Done" in ok(mission_db, "followup", "done", send[:8], "--on", "2011-11-22").stdout
    ok(mission_db, "followup", "drop", visit[:8])
    found = _followup_ids(mission_db)
    assert found["Send the MOU"]["status"] == "done"
    assert found["Send the MOU"]["closed_on"] == "2011-11-22"
    assert found["Second plant visit"]["status"] == "dropped"
    assert _followup_ids(mission_db, "--open") == {}
    # Posts list what was still open at the end of their day: done on the 22nd, the MOU is a
    # next step on Day 1 only; the visit, dropped today, is one on every day of the mission.
    assert set(as_json(mission_db, "day", "show", SLUG, "1")["next_steps"]) == {send, visit}
    assert as_json(mission_db, "day", "show", SLUG, "2")["next_steps"] == [visit]

    again = ok(mission_db, "followup", "done", send[:8])
    assert "already done" in again.stdout
    ok(mission_db, "followup", "reopen", visit[:8])
    assert list(_followup_ids(mission_db, "--open")) == ["Second plant visit"]


def test_followup_list_open_overdue_and_across_missions(mission_db: Path) -> None:
    new_mission(mission_db, "vietnam-2025")
    ok(mission_db, "followup", "add", SLUG, "Long overdue", "--due", "2011-12-01")
    ok(mission_db, "followup", "add", "vietnam-2025", "Far future", "--due", "2999-01-01")
    ok(mission_db, "followup", "add", "vietnam-2025", "No due date")
    overdue = _followup_ids(mission_db, "--overdue")
    assert list(overdue) == ["Long overdue"]
    assert overdue["Long overdue"]["mission"] == SLUG
    assert set(_followup_ids(mission_db, "vietnam-2025")) == {"Far future", "No due date"}
    table = ok(mission_db, "followup", "list", "--open").stdout
    assert "MISSION" in table and "vietnam-2025" in table
    assert "days overdue" in table
    assert "MISSION" not in ok(mission_db, "followup", "list", SLUG).stdout


# days and posts -------------------------------------------------------------------------


def test_day_show_by_number_or_date_is_the_same_day(demo_db: Path) -> None:
    by_number = as_json(demo_db, "day", "show", DEMO_SLUG, "1")
    by_date = as_json(demo_db, "day", "show", DEMO_SLUG, "2011-11-21")
    assert by_number == by_date
    assert by_number["day"] == 1
    assert by_number["place"] == "China / Chongqing"
    text = ok(demo_db, "day", "show", DEMO_SLUG, "1").stdout
    assert "Day 1 of 10" in text
    assert "Monday 21 November 2011" in text
    for heading in ("Itinerary", "Meetings", "Follow-ups", "Post"):
        assert heading in text
    assert "notes (private)" in text  # the delegate's own view shows the working notes


def test_post_write_from_text_file_and_stdin_with_title_and_place(
    mission_db: Path, tmp_path: Path
) -> None:
    ok(mission_db, "post", "write", SLUG, "1", "--text", "First words.", "--place", "China")
    post = as_json(mission_db, "day", "show", SLUG, "1")["post"]
    assert (post["body"], post["place"], post["title"]) == ("First words.", "China", "")

    words = tmp_path / "day2.md"
    words.write_text("## Day two\n\nFrom a file.\n", encoding="utf-8")
    ok(mission_db, "post", "write", SLUG, "2011-11-22", "--file", str(words), "--title", "Two")
    post = as_json(mission_db, "day", "show", SLUG, "2")["post"]
    assert (post["body"], post["title"]) == ("## Day two\n\nFrom a file.\n", "Two")

    ok(mission_db, "post", "write", SLUG, "1", "--file", "-", input="Rewritten.\n")
    ok(mission_db, "post", "write", SLUG, "1", "--title", "Arrival")  # the words stay
    post = as_json(mission_db, "day", "show", SLUG, "1")["post"]
    assert (post["body"], post["place"], post["title"]) == ("Rewritten.\n", "China", "Arrival")


# search ---------------------------------------------------------------------------------


def test_search_finds_entries_across_missions_and_filters_by_mission(demo_db: Path) -> None:
    new_mission(demo_db, "vietnam-2025")
    ok(demo_db, "followup", "add", "vietnam-2025", "Ask Jinshan about Vietnam")
    hits = as_json(demo_db, "search", "Jinshan")
    assert {hit["mission"] for hit in hits} == {DEMO_SLUG, "vietnam-2025"}
    assert {hit["kind"] for hit in hits} >= {"meeting", "followup", "post"}
    only = as_json(demo_db, "search", "Jinshan", "--mission", "vietnam-2025")
    assert [hit["title"] for hit in only] == ["Ask Jinshan about Vietnam"]
    text = ok(demo_db, "search", "jinshan").stdout
    assert DEMO_SLUG in text
    assert "\x01" not in text and "\x02" not in text


def test_search_marks_private_notes_found_in_a_members_meeting(mission_db: Path) -> None:
    ok(
        mission_db,
        *("meeting", "add", SLUG, "--at", "2011-11-22 10:00", "--title", "Mayor"),
        *("--notes", "Their quota is soft", "--summary", "A warm quota talk"),
        *("--visibility", "members"),
    )
    lines = ok(mission_db, "search", "soft").stdout.splitlines()
    assert "[members]" in lines[0]
    assert lines[1].strip().startswith("[private notes] ")
    (hit,) = as_json(mission_db, "search", "soft")
    assert (hit["field"], hit["snippet_visibility"]) == ("notes", "private")
    summary_lines = ok(mission_db, "search", "warm").stdout.splitlines()
    assert "[private" not in summary_lines[1]


def test_search_with_no_match_says_so(demo_db: Path) -> None:
    result = ok(demo_db, "search", "zeppelin")
    assert result.stdout == ""
    assert "No matches" in result.stderr
    assert as_json(demo_db, "search", "zeppelin") == []


# delete, visibility, undo, trash --------------------------------------------------------


def test_delete_goes_to_the_trash_and_restore_brings_it_back(mission_db: Path) -> None:
    ok(mission_db, "meeting", "add", SLUG, "--at", "2011-11-22 10:00", "--title", "Mayor")
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    before = as_json(mission_db, "day", "show", SLUG, "2")
    ok(mission_db, "delete", meeting["id"][:8])
    assert as_json(mission_db, "day", "show", SLUG, "2")["meetings"] == []
    [trashed] = as_json(mission_db, "trash", "list")
    assert (trashed["id"], trashed["kind"], trashed["label"]) == (meeting["id"], "meeting", "Mayor")
    assert meeting["id"][:8] in ok(mission_db, "trash", "list").stdout
    ok(mission_db, "trash", "restore", meeting["id"][:8])
    assert as_json(mission_db, "day", "show", SLUG, "2") == before
    assert "empty" in ok(mission_db, "trash", "list").stderr


def test_visibility_and_undo(mission_db: Path) -> None:
    ok(mission_db, "followup", "add", SLUG, "Thank-you letters", "--date", "2011-11-29")
    [item] = as_json(mission_db, "followup", "list")
    ok(mission_db, "visibility", item["id"][:8], "public")
    assert as_json(mission_db, "followup", "list")[0]["visibility"] == "public"
    result = ok(mission_db, "undo")
    assert "Thank-you letters" in result.stdout
    assert as_json(mission_db, "followup", "list")[0]["visibility"] == "private"
    ok(mission_db, "undo")  # the add itself
    assert as_json(mission_db, "followup", "list") == []


# editing ---------------------------------------------------------------------------------


def test_mission_edit_changes_only_what_is_given(mission_db: Path) -> None:
    ok(mission_db, "mission", "edit", SLUG, "--author", "Lily Wang", "--end", "2011-12-01")
    [mission] = as_json(mission_db, "mission", "list")
    assert mission["author"] == "Lily Wang"
    assert mission["end_date"] == "2011-12-01"
    assert mission["start_date"] == "2011-11-21"
    assert mission["title"] == "Chamber mission to China"
    assert mission["slug"] == SLUG


def test_itinerary_edit_moves_times_zones_and_ends(mission_db: Path) -> None:
    ok(
        mission_db,
        "itinerary",
        "add",
        SLUG,
        "--at",
        "2011-11-24 08:20",
        "--end",
        "10:35",
        "--title",
        "Train to Chengdu",
    )
    [item] = as_json(mission_db, "day", "show", SLUG, "4")["itinerary"]
    ref = item["id"][:8]
    ok(mission_db, "itinerary", "edit", ref, "--at", "2011-11-24 09:00", "--kind", "train")
    [item] = as_json(mission_db, "day", "show", SLUG, "4")["itinerary"]
    assert (item["kind"], item["start"]["local"]) == ("train", "2011-11-24T09:00")
    assert item["end"]["local"] == "2011-11-24T10:35"
    assert item["title"] == "Train to Chengdu"

    late = invoke(mission_db, "itinerary", "edit", ref, "--at", "2011-11-24 11:00")
    assert late.exit_code == 2
    assert "--end" in late.stderr and "before the start" in late.stderr

    ok(mission_db, "itinerary", "edit", ref, "--tz", "Europe/London", "--no-end")
    [item] = as_json(mission_db, "day", "show", SLUG, "4")["itinerary"]
    assert item["start"]["iso"] == "2011-11-24T09:00:00+00:00"  # same wall time, new zone
    assert item["end"] is None


def test_meeting_edit_replaces_the_lists_it_names(mission_db: Path) -> None:
    ok(
        mission_db,
        "meeting",
        "add",
        SLUG,
        "--at",
        "2011-11-22 14:00",
        "--title",
        "CCPIT",
        "--with",
        "Zhang Rui, Vice-Chair, CCPIT",
        "--outcome",
        "Old outcome",
        "--notes",
        "first notes",
    )
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    ok(
        mission_db,
        "meeting",
        "edit",
        meeting["id"][:8],
        "--outcome",
        "Table at the March fair",
        "--amount",
        "5000",
        "--currency",
        "CNY",
        "--summary",
        "Matched with buyers.",
        "--visibility",
        "members",
    )
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    assert meeting["outcomes"] == [
        {"text": "Table at the March fair", "amount": "5000", "currency": "CNY"}
    ]
    assert meeting["notes"] == "first notes"
    assert meeting["summary"] == "Matched with buyers."
    assert meeting["attendees"][0]["name"] == "Zhang Rui"
    assert meeting["visibility"] == "members"
    ok(mission_db, "meeting", "edit", meeting["id"][:8], "--no-outcomes", "--notes-file", "-",
       input="new notes")  # fmt: skip
    [meeting] = as_json(mission_db, "day", "show", SLUG, "2")["meetings"]
    assert (meeting["outcomes"], meeting["notes"]) == ([], "new notes")


def test_followup_edit_sets_and_clears_the_due_date(mission_db: Path) -> None:
    ok(mission_db, "followup", "add", SLUG, "Send the MOU", "--date", "2011-11-21")
    [item] = as_json(mission_db, "followup", "list")
    ref = item["id"][:8]
    ok(mission_db, "followup", "edit", ref, "--due", "2011-11-22", "--owner", "Joaquim Balles")
    [item] = as_json(mission_db, "followup", "list")
    assert (item["due"], item["owner"], item["text"]) == (
        "2011-11-22",
        "Joaquim Balles",
        "Send the MOU",
    )
    ok(mission_db, "followup", "edit", ref, "--no-due", "--text", "Send the MOU text")
    [item] = as_json(mission_db, "followup", "list")
    assert (item["due"], item["text"]) == (None, "Send the MOU text")


# the installed program ------------------------------------------------------------------


def _program() -> str | None:
    beside = Path(sys.executable).with_name("missiondiary")
    return str(beside) if beside.exists() else shutil.which("missiondiary")


def test_the_installed_program_runs_the_demo_and_searches(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    env = {**os.environ, "MISSIONDIARY_DB": str(path)}
    module = subprocess.run(
        [sys.executable, "-m", "missiondiary", "demo", "--no-tui"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert module.returncode == 0, module.stderr
    assert DEMO_SLUG in module.stdout
    program = _program()
    if program is None:
        pytest.skip("the missiondiary script is not installed beside this Python")
    found = subprocess.run(
        [program, "search", "Jinshan"], capture_output=True, text=True, env=env, timeout=60
    )
    assert found.returncode == 0, found.stderr
    assert "Jinshan" in found.stdout
    failed = subprocess.run(
        [program, "day", "show", "nowhere", "1"], capture_output=True, text=True, env=env
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("Error: MISSION: no mission 'nowhere'")
    assert "Traceback" not in failed.stderr


CHECK_NO_TEXTUAL = """
import sys
from click.testing import CliRunner
import missiondiary.cli
assert "textual" not in sys.modules, "import missiondiary.cli loaded textual"
for args in (["--version"], ["--help"], ["--db", sys.argv[1], "search", "Jinshan"],
             ["--db", sys.argv[1], "day", "show", "london-chamber-china-2011", "1"]):
    result = CliRunner().invoke(missiondiary.cli.cli, args)
    assert result.exit_code == 0, (args, result.output)
    loaded = sorted(name for name in sys.modules if name.split(".")[0] == "textual")
    assert not loaded, (args, loaded[:5])
assert "missiondiary.tui" not in sys.modules
"""


def test_the_command_line_never_loads_textual(demo_diary: Any, diary_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK_NO_TEXTUAL, str(diary_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_version_and_help_load_neither_the_store_nor_pendulum_nor_the_publisher() -> None:
    """Start-up stays fast: the heavy imports wait for the commands that need them."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import missiondiary.cli\n"
        "for args in (['--version'], ['--help'], ['publish', '--help']):\n"
        "    assert CliRunner().invoke(missiondiary.cli.cli, args).exit_code == 0, args\n"
        "heavy = ('sqlite_utils', 'pendulum', 'markdown_it', 'missiondiary.publish', 'textual')\n"
        "loaded = [name for name in heavy if name in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_followup_today_is_the_mission_zone_date(mission_db: Path) -> None:
    """A mission under way today takes today's date where the mission is."""
    from missiondiary.timeline import today_in

    today = today_in("Pacific/Kiritimati")
    ok(
        mission_db,
        "mission",
        "new",
        "Now",
        "--start",
        (today.replace(day=1)).isoformat(),
        "--end",
        date(today.year + 1, 1, 31).isoformat(),
        "--tz",
        "Pacific/Kiritimati",
        "--slug",
        "now",
    )
    ok(mission_db, "followup", "add", "now", "Today's")
    [item] = as_json(mission_db, "followup", "list", "now")
    assert item["day"] == today.isoformat()


def test_a_store_opened_by_hand_sees_what_the_cli_wrote(mission_db: Path) -> None:
    with open_store(mission_db) as store:
        [mission] = store.missions()
    assert mission.slug == SLUG
    assert mission.home_tz == "America/Toronto"
