"""Bad input: one line on stderr naming the field, exit 2 for a wrong command line and 1 for
what the diary cannot do, never a traceback, and nothing written."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from cli_helpers import SLUG, as_json, assert_refused, dump, invoke, new_mission, ok

USAGE, DIARY = 2, 1
AT = ("--at", "2011-11-21 10:00")
MEET = ("meeting", "add", SLUG, *AT, "--title", "X")
NEW = ("mission", "new", "T", "--start", "2011-11-21", "--end", "2011-11-30", "--tz", "UTC")


@pytest.fixture(scope="module")
def mission_diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mission with a hotel and a follow-up, made once through the commands; each test
    refuses its bad input on a copy of it."""
    path = tmp_path_factory.mktemp("errors") / "diary.db"
    new_mission(path)
    ok(path, "itinerary", "add", SLUG, *AT, "--title", "Hotel", "--kind", "hotel")
    ok(path, "followup", "add", SLUG, "Send the MOU", "--date", "2011-11-21")
    return path


@pytest.fixture
def db(tmp_path: Path, mission_diary: Path) -> Path:
    path = tmp_path / "diary.db"
    shutil.copyfile(mission_diary, path)
    return path


BAD_INPUT = [
    # (arguments, exit status, words the message must contain)
    (["itinerary", "add", "nowhere", *AT, "--title", "X"], DIARY, ["MISSION", "nowhere", SLUG]),
    (["meeting", "add", "nowhere", *AT, "--title", "X"], DIARY, ["MISSION", "nowhere"]),
    (["followup", "add", "nowhere", "Text"], DIARY, ["MISSION", "nowhere"]),
    (["day", "show", "nowhere", "1"], DIARY, ["MISSION"]),
    (["post", "write", "nowhere", "1", "--text", "x"], DIARY, ["MISSION"]),
    (["search", "x", "--mission", "nowhere"], DIARY, ["MISSION"]),
    (["publish", "nowhere", "--day", "1", "--out", "out"], DIARY, ["MISSION"]),
    (["itinerary", "add", SLUG, "--at", "tomorrow", "--title", "X"], USAGE, ["--at"]),
    (["itinerary", "add", SLUG, "--at", "2011-11-31 10:00", "--title", "X"], USAGE, ["--at"]),
    (["itinerary", "add", SLUG, "--at", "2011-11-21 24:10", "--title", "X"], USAGE, ["--at"]),
    (["meeting", "add", SLUG, "--at", "21/11/2011 10:00", "--title", "X"], USAGE, ["--at"]),
    (["itinerary", "add", SLUG, *AT, "--end", "09:00", "--title", "X"], USAGE, ["--end"]),
    (
        ["itinerary", "add", SLUG, *AT, "--end", "2011-11-21 09:00", "--title", "X"],
        USAGE,
        ["--end", "before"],
    ),
    (
        [
            "itinerary",
            "add",
            SLUG,
            "--at",
            "2011-03-13 02:30",
            "--tz",
            "America/Toronto",
            "--title",
            "X",
        ],
        USAGE,
        ["--at", "does not exist"],
    ),
    (["itinerary", "add", SLUG, *AT, "--tz", "Mars/Olympus", "--title", "X"], USAGE, ["--tz"]),
    (["itinerary", "add", SLUG, *AT, "--end-tz", "Nowhere", "--title", "X"], USAGE, ["--end-tz"]),
    (["itinerary", "add", SLUG, *AT, "--kind", "rocket", "--title", "X"], USAGE, ["--kind"]),
    (
        ["itinerary", "add", SLUG, *AT, "--visibility", "secret", "--title", "X"],
        USAGE,
        ["--visibility", "secret"],
    ),
    (["itinerary", "add", SLUG, *AT], USAGE, ["--title"]),
    ([*MEET, "--amount", "5"], USAGE, ["--amount"]),
    (
        [*MEET, "--outcome", "Deal", "--amount", "5"],
        USAGE,
        ["--currency"],
    ),
    (
        [*MEET, "--outcome", "Deal", "--currency", "CAD"],
        USAGE,
        ["--amount"],
    ),
    (
        [*MEET, "--outcome", "D", "--amount", "lots", "--currency", "CAD"],
        USAGE,
        ["--amount", "lots"],
    ),
    (
        [*MEET, "--outcome", "D", "--amount", "5", "--currency", "dollars"],
        USAGE,
        ["--currency", "dollars"],
    ),
    (
        [*MEET, "--outcome", "D", "--amount", "5", "--amount", "6", "--currency", "CAD"],
        USAGE,
        ["--amount", "already"],
    ),
    ([*MEET, "--with", ", Chair"], USAGE, ["--with"]),
    (
        [*MEET, "--notes", "a", "--notes-file", "-"],
        USAGE,
        ["--notes"],
    ),
    (
        [*MEET, "--notes-file", "missing.md"],
        USAGE,
        ["--notes-file"],
    ),
    ([*MEET, "--visibility", "x"], USAGE, ["--visibility"]),
    ([*MEET, "--itinerary", "zz"], DIARY, ["--itinerary"]),
    (["meeting", "add", SLUG, *AT, "--title", "   "], DIARY, ["--title"]),
    (["followup", "add", SLUG, "Text", "--due", "soon"], USAGE, ["--due", "soon"]),
    (["followup", "add", SLUG, "Text", "--date", "2011-13-01"], USAGE, ["--date"]),
    (["followup", "add", SLUG, "Text", "--meeting", "zz"], DIARY, ["--meeting"]),
    (["followup", "add", SLUG, "Text", "--visibility", "everyone"], USAGE, ["--visibility"]),
    (["followup", "add", SLUG, "  "], DIARY, ["TEXT"]),
    (["followup", "done", "zz"], DIARY, ["ID", "zz"]),
    (["followup", "done", "not-hex!"], DIARY, ["ID"]),
    (["followup", "done", "1", "--on", "yesterday"], USAGE, ["--on"]),
    (["day", "show", SLUG, "first"], USAGE, ["DAY", "first"]),
    (["day", "show", SLUG, "99"], DIARY, ["DAY", "Day 99", "outside"]),
    (["day", "show", SLUG, "2012-01-01"], DIARY, ["DAY", "outside"]),
    (["post", "write", SLUG, "1"], USAGE, ["--text"]),
    (["post", "write", SLUG, "1", "--text", "a", "--file", "-"], USAGE, ["--text", "--file"]),
    (["post", "write", SLUG, "40", "--text", "a"], DIARY, ["DAY"]),
    (
        ["mission", "new", "T", "--start", "2011-11-21", "--end", "2011-11-01", "--tz", "UTC"],
        USAGE,
        ["--end", "before"],
    ),
    (
        ["mission", "new", "T", "--start", "2011-02-30", "--end", "2011-03-01", "--tz", "UTC"],
        USAGE,
        ["--start"],
    ),
    (
        ["mission", "new", "T", "--start", "2011-11-21", "--end", "2011-11-30", "--tz", "Mars/X"],
        USAGE,
        ["--tz", "Mars/X"],
    ),
    (
        [*NEW, "--home-tz", "Ontario"],
        USAGE,
        ["--home-tz"],
    ),
    (
        [*NEW, "--slug", SLUG],
        DIARY,
        ["--slug", "already exists"],
    ),
    (["mission", "new", "T", "--end", "2011-11-30", "--tz", "UTC"], USAGE, ["--start"]),
    (["publish", SLUG, "--out", "out"], USAGE, ["--day", "--date", "--all"]),
    (["publish", SLUG, "--day", "1", "--all", "--out", "out"], USAGE, ["--day", "--all"]),
    (["publish", SLUG, "--day", "1", "--date", "2011-11-21", "--out", "o"], USAGE, ["--date"]),
    (["publish", SLUG, "--day", "one", "--out", "out"], USAGE, ["--day"]),
    (["publish", SLUG, "--day", "1", "--format", "md,pdf", "--out", "out"], USAGE, ["--format"]),
    (["publish", SLUG, "--day", "1", "--format", ",", "--out", "out"], USAGE, ["--format"]),
    (["publish", SLUG, "--day", "1", "--audience", "private", "--out", "o"], USAGE, ["--audience"]),
    (["publish", SLUG, "--day", "1"], USAGE, ["--out"]),
    (["publish", SLUG, "--day", "42", "--out", "out"], DIARY, ["--day", "outside"]),
    (["publish", SLUG, "--day", "1", "--theme", "neon", "--out", "out"], DIARY, ["--theme"]),
    (["mission", "edit", SLUG, "--end", "2011-01-01"], DIARY, ["--end", "before"]),
    (["mission", "edit", SLUG, "--start", "2011-11-21", "--end", "2011-11-01"], USAGE, ["--end"]),
    (["mission", "edit", SLUG, "--tz", "Mars/Olympus"], USAGE, ["--tz"]),
    (["mission", "edit", "nowhere", "--author", "X"], DIARY, ["MISSION"]),
    (["itinerary", "edit", "zz", "--title", "X"], DIARY, ["ID", "zz"]),
    (["itinerary", "edit", "1", "--no-end", "--end", "10:00"], USAGE, ["--no-end"]),
    (["itinerary", "edit", "1", "--at", "noon"], USAGE, ["--at"]),
    (["meeting", "edit", "zz", "--title", "X"], DIARY, ["ID"]),
    (["meeting", "edit", "1", "--no-outcomes", "--outcome", "X"], USAGE, ["--no-outcomes"]),
    (["meeting", "edit", "1", "--amount", "5"], USAGE, ["--amount"]),
    (["followup", "edit", "zz", "--text", "X"], DIARY, ["ID"]),
    (["followup", "edit", "1", "--due", "2011-11-30", "--no-due"], USAGE, ["--no-due"]),
    (["followup", "edit", "1", "--visibility", "all"], USAGE, ["--visibility"]),
    (["delete", "zz"], DIARY, ["ID", "zz"]),
    (["visibility", "zz", "public"], DIARY, ["ID"]),
    (["visibility", "1", "everyone"], USAGE, ["VISIBILITY"]),
    (["trash", "restore", "abc"], DIARY, ["ID", "abc"]),
    (["nosuchcommand"], USAGE, ["nosuchcommand"]),
    (["mission", "list", "--colour"], USAGE, ["--colour"]),
]


@pytest.mark.parametrize(
    ("args", "status", "words"),
    BAD_INPUT,
    ids=[" ".join(args)[:60] for args, _, _ in BAD_INPUT],
)
def test_bad_input_is_one_line_and_changes_nothing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args, status, words
) -> None:
    monkeypatch.chdir(tmp_path)
    before = dump(db)
    assert_refused(invoke(db, *args), status, *words)
    assert dump(db) == before
    assert not (tmp_path / "out").exists()


def test_nothing_to_undo_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    ok(path, "demo", "--no-tui")
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM changes")
    assert_refused(invoke(path, "undo"), DIARY, "nothing to undo")


def test_an_ambiguous_id_prefix_lists_the_matches(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = iter(["abcd1111-0000-4000-8000-000000000001", "abcd2222-0000-4000-8000-000000000002"])
    monkeypatch.setattr("missiondiary.store.followups.new_id", lambda: next(ids))
    ok(db, "followup", "add", SLUG, "One", "--date", "2011-11-21")
    ok(db, "followup", "add", SLUG, "Two", "--date", "2011-11-21")
    before = dump(db)
    line = assert_refused(invoke(db, "followup", "done", "abcd"), DIARY, "ID", "abcd")
    assert "abcd1111" in line and "abcd2222" in line
    assert_refused(invoke(db, "delete", "ABCD"), DIARY, "abcd1111", "abcd2222")
    assert dump(db) == before
    assert "Done" in ok(db, "followup", "done", "abcd2").stdout


def test_an_id_prefix_shared_by_two_kinds_of_entry_is_ambiguous(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "missiondiary.store.followups.new_id", lambda: "beef0001-0000-4000-8000-000000000000"
    )
    monkeypatch.setattr(
        "missiondiary.store.meetings.new_id", lambda: "beef0002-0000-4000-8000-000000000000"
    )
    ok(db, "followup", "add", SLUG, "One", "--date", "2011-11-21")
    ok(db, "meeting", "add", SLUG, *AT, "--title", "Mayor")
    line = assert_refused(invoke(db, "delete", "beef"), DIARY, "ID")
    assert "meeting beef0002" in line and "follow-up beef0001" in line


# the diary file itself ------------------------------------------------------------------

COMMANDS = [
    ["mission", "list"],
    ["demo", "--no-tui"],
    ["search", "Jinshan"],
    ["followup", "list"],
    ["itinerary", "add", SLUG, *AT, "--title", "X"],
    [],  # no command: the app never starts on a file that is not a diary
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "(app)")
def test_a_folder_is_not_a_diary(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "diaries"
    folder.mkdir()
    assert_refused(invoke(folder, *args), DIARY, "--db", "folder")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "(app)")
def test_a_file_that_is_not_sqlite_is_left_byte_for_byte_untouched(
    tmp_path: Path, args: list[str]
) -> None:
    path = tmp_path / "notes.txt"
    content = b"Chongqing notes\n\x00\x01 not a database at all\n" * 50
    path.write_bytes(content)
    assert_refused(invoke(path, *args), DIARY, "--db", "not a SQLite file")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_an_empty_file_is_not_taken_for_a_diary(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    path.touch()
    assert_refused(invoke(path, "demo", "--no-tui"), DIARY, "--db", "empty")
    assert path.read_bytes() == b""


def test_another_programs_sqlite_file_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
        conn.execute("INSERT INTO songs VALUES ('Moon River')")
    conn.close()
    content = path.read_bytes()
    assert_refused(invoke(path, "demo", "--no-tui"), DIARY, "--db", "another program")
    assert path.read_bytes() == content


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "(app)")
def test_a_diary_from_a_newer_version_is_refused_and_untouched(db: Path, args: list[str]) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    content = db.read_bytes()
    assert_refused(invoke(db, *args), DIARY, "--db", "newer", "99")
    assert db.read_bytes() == content


@pytest.mark.parametrize(
    "args",
    [
        ["itinerary", "add", "nowhere", *AT, "--title", "X"],
        ["day", "show", "nowhere", "1"],
        ["followup", "done", "abc"],
        ["undo"],
        ["mission", "new", "T", "--start", "soon", "--end", "2011-11-30", "--tz", "UTC"],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_failing_command_does_not_create_a_diary(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "new" / "diary.db"
    result = invoke(path, *args)
    assert result.exit_code in (USAGE, DIARY)
    assert "Traceback" not in result.output
    assert not path.exists()
    assert not path.parent.exists()


def test_a_usage_error_in_a_big_meeting_writes_nothing(db: Path) -> None:
    """The last value is wrong: nothing before it reached the diary either."""
    before = dump(db)
    result = invoke(
        db,
        "meeting",
        "add",
        SLUG,
        *AT,
        "--title",
        "Jinshan",
        "--org",
        "A brand-new organisation",
        "--with",
        "A New Person, Chair, Another New Organisation",
        "--outcome",
        "Deal",
        "--amount",
        "100",
        "--currency",
        "CAD",
        "--visibility",
        "top-secret",
    )
    assert_refused(result, USAGE, "--visibility")
    assert dump(db) == before
    assert as_json(db, "search", "brand-new") == []


def test_a_store_error_after_parsing_rolls_back(db: Path) -> None:
    """A follow-up on another mission's meeting is refused inside one transaction."""
    new_mission(db, "other")
    ok(db, "meeting", "add", "other", *AT, "--title", "Elsewhere")
    [meeting] = as_json(db, "day", "show", "other", "1")["meetings"]
    before = dump(db)
    assert_refused(
        invoke(db, "followup", "add", SLUG, "Wrong", "--meeting", meeting["id"]),
        DIARY,
        "--meeting",
        "another mission",
    )
    assert dump(db) == before


def test_random_prefixes_are_never_a_traceback(db: Path) -> None:
    for _ in range(20):
        ref = uuid.uuid4().hex[:3]
        result = invoke(db, "followup", "done", ref)
        assert result.exit_code in (0, DIARY)
        assert "Traceback" not in result.output
