"""`ics import`, `ics export`, `export` and `import` as a user types them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import icalendar
from click.testing import CliRunner, Result

from missiondiary.cli import cli
from missiondiary.demo import DEMO_SLUG
from missiondiary.interchange.json_format import VERSION

EVENTS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Travel agent//EN\r
BEGIN:VEVENT\r
UID:train-1@agent\r
SUMMARY:High-speed train to Chengdu\r
DTSTART;TZID=Asia/Shanghai:20111124T083000\r
DTEND;TZID=Asia/Shanghai:20111124T103000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:old@agent\r
SUMMARY:Last year's fair\r
DTSTART:20101124T083000\r
END:VEVENT\r
END:VCALENDAR\r
"""


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def ok(db: Path, *args: str) -> Result:
    result = invoke(db, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def items(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM itinerary_items").fetchone()[0]
    finally:
        conn.close()


def test_ics_import_reports_added_and_skipped_and_adds_nothing_twice(tmp_path: Path) -> None:
    db, ics = tmp_path / "diary.db", tmp_path / "agent.ics"
    ics.write_bytes(EVENTS)
    ok(db, "demo", "--no-tui")
    before = items(db)
    first = ok(db, "ics", "import", DEMO_SLUG, str(ics))
    assert "High-speed train to Chengdu" in first.stdout
    assert "skipped  Last year's fair (24 Nov 2010): outside the mission's dates" in first.stdout
    assert first.stdout.strip().endswith(f"1 item added to {DEMO_SLUG}, 0 already there, 1 skipped")
    second = ok(db, "ics", "import", DEMO_SLUG, str(ics))
    assert "0 items added" in second.stdout and "1 already there" in second.stdout
    assert items(db) == before + 1


def test_ics_import_of_a_file_that_is_not_a_calendar_fails_in_one_line(tmp_path: Path) -> None:
    db, bad = tmp_path / "diary.db", tmp_path / "notes.ics"
    bad.write_text("Dear delegate,\nplease find attached...\n")
    ok(db, "demo", "--no-tui")
    before = items(db)
    result = invoke(db, "ics", "import", DEMO_SLUG, str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: not a calendar file")
    assert len(result.stderr.strip().splitlines()) == 1
    assert items(db) == before


def test_ics_export_writes_a_calendar_that_parses_back(tmp_path: Path) -> None:
    db, out = tmp_path / "diary.db", tmp_path / "mission.ics"
    ok(db, "demo", "--no-tui")
    result = ok(db, "ics", "export", DEMO_SLUG, "--out", str(out))
    assert result.stdout.startswith(f"Wrote {out}: ")
    parsed = icalendar.Calendar.from_ical(out.read_bytes())
    assert len(list(parsed.walk("VEVENT"))) == items(db)
    assert all(str(e["UID"]).endswith("@missiondiary") for e in parsed.walk("VEVENT"))
    assert list(parsed.walk("VTODO"))
    assert list(parsed.walk("VTIMEZONE"))


def test_export_then_import_into_an_empty_diary(tmp_path: Path) -> None:
    first, second, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "diary.json"
    ok(first, "demo", "--no-tui")
    result = ok(first, "export", "--out", str(out))
    assert f"(format version {VERSION})" in result.stdout
    imported = ok(second, "import", str(out))
    assert "Imported" in imported.stdout and "updated 0; kept 0" in imported.stdout
    again = ok(second, "import", str(out))
    assert "added 0; updated 0; kept 0" in again.stdout
    copy = tmp_path / "copy.json"
    ok(second, "export", "--out", str(copy))
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "exported_at"}  # noqa: E731
    assert strip(copy.read_text()) == strip(out.read_text())


def test_export_of_one_mission_to_stdout(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    ok(db, "demo", "--no-tui")
    document = json.loads(ok(db, "export", "--mission", DEMO_SLUG, "--out", "-").stdout)
    assert document["mission"] == DEMO_SLUG
    assert [m["slug"] for m in document["missions"]] == [DEMO_SLUG]


def test_import_refuses_a_newer_format_and_broken_json(tmp_path: Path) -> None:
    db, newer, broken = tmp_path / "diary.db", tmp_path / "newer.json", tmp_path / "broken.json"
    newer.write_text(json.dumps({"format": "missiondiary", "version": 99, "missions": []}))
    broken.write_text('{"format": "missiondiary", "version": 1, "missions": [')
    result = invoke(db, "import", str(newer))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {newer}: written by a newer missiondiary (format version 99)"
    )
    result = invoke(db, "import", str(broken))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken}: broken JSON")


def test_export_needs_an_existing_folder_and_a_known_mission(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    ok(db, "demo", "--no-tui")
    result = invoke(db, "export", "--out", str(tmp_path / "missing" / "x.json"))
    assert result.exit_code == 1 and "--out: the folder" in result.stderr
    result = invoke(db, "export", "--mission", "nope", "--out", str(tmp_path / "x.json"))
    assert result.exit_code == 1 and "--mission: no mission 'nope'" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_import_names_an_other_name_it_did_not_take(tmp_path: Path) -> None:
    from missiondiary.store import open_store

    first, second, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "diary.json"
    ok(first, "demo", "--no-tui")
    ok(first, "export", "--out", str(out))
    with open_store(second) as store:  # "Jinshan" is another company's other name here
        other = store.ensure_organisation("Jinshan Mining")
        store.update_organisation(other, add_aliases=["Jinshan"])
    imported = ok(second, "import", str(out))
    assert (
        "skipped  organisation: Jinshan Group of Companies: "
        "other name 'Jinshan' is already Jinshan Mining's"
    ) in imported.stdout
    document = json.loads(ok(second, "export", "--out", "-").stdout)
    jinshan = next(o for o in document["organisations"] if o["name"].startswith("Jinshan G"))
    assert jinshan["aliases"] == ["金山集团"]
