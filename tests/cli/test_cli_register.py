"""`org`, `person` and `report` as a user types them, through click's runner on real diary
files; bad input is one line on stderr and leaves the diary as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from missiondiary.cli import cli
from missiondiary.demo import DEMO_SLUG


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def ok(db: Path, *args: str) -> Result:
    result = invoke(db, *args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def as_json(db: Path, *args: str) -> Any:
    return json.loads(ok(db, *args, "--json").stdout)


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def content(db: Path) -> dict[str, set]:
    """The diary's entries, table by table: what undo must put back (the history of changes
    and the search indexes' own storage aside)."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name != "changes" and "_fts" not in name and not name.startswith("sqlite_")
        ]
        return {t: set(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}
    finally:
        conn.close()


@pytest.fixture
def demo(demo_db_path: Path) -> Path:
    return demo_db_path


def test_org_list_shows_counts_and_other_names(demo: Path) -> None:
    out = ok(demo, "org", "list").stdout
    assert out.splitlines()[0].split() == [
        "ID", "NAME", "KIND", "MEETINGS", "MISSIONS", "LAST", "MET", "ALSO", "KNOWN", "AS"
    ]  # fmt: skip
    line = next(line for line in out.splitlines() if "Jinshan Group of Companies" in line)
    assert "company · Chongqing, China" in line and "金山集团, Jinshan" in line
    entries = as_json(demo, "org", "list")
    jinshan = next(e for e in entries if e["name"] == "Jinshan Group of Companies")
    assert (jinshan["meetings"], jinshan["missions"], jinshan["last_met"]) == (4, 1, "2011-11-23")
    assert [e["name"] for e in as_json(demo, "org", "list", "chengdu")] == [
        "Chengdu General Chamber of Commerce",
        "Chengdu Hi-tech Zone Investment Service Bureau",
    ]


def test_org_show_finds_an_organisation_by_any_name(demo: Path) -> None:
    for name in ("Jinshan", "金山集团", "JINSHAN GROUP OF COMPANIES", "jinshan group"):
        out = ok(demo, "org", "show", name).stdout
        assert out.startswith("Jinshan Group of Companies  (")
    out = ok(demo, "org", "show", "Jinshan").stdout
    assert "met 4 times on 1 mission: first Mon 21 Nov 2011, last Wed 23 Nov 2011" in out
    meetings = out.split("Meetings (newest first)")[1]
    assert meetings.index("MOU signing at City Hall") < meetings.index("with hospital officials")
    assert "Chen Weidong — Chair  (4 meetings, last Wed 23 Nov 2011)" in out
    assert "notes (private):" in out
    profile = as_json(demo, "org", "show", "CCPIT Chongqing")
    assert profile["name"] == "CCPIT Chongqing Sub-Council"
    assert profile["kind"] == "trade-promotion"
    assert [m["title"] for m in profile["meetings"]] == ["CCPIT Chongqing"]
    assert [f["text"] for f in profile["open_followups"]] == [
        "Send CCPIT a list of London exporters interested in Chongqing"
    ]


def test_person_show_has_titles_contact_and_protocol(demo: Path) -> None:
    out = ok(demo, "person", "show", "张锐").stdout
    assert out.startswith("Zhang Rui  (")
    assert "Vice-Chair, CCPIT Chongqing Sub-Council" in out
    assert "Contact and protocol (private: never published)" in out
    assert "messaging: WeChat: zhangrui_cq" in out
    data = as_json(demo, "person", "show", "Zhang Rui")
    assert data["contact"]["email"] == "zhang.rui@example.cn"
    assert data["titles"][0]["title"] == "Vice-Chair"
    people = as_json(demo, "person", "list")
    chen = next(p for p in people if p["name"] == "Chen Weidong")
    assert chen["title"] == "Chair, Jinshan Group of Companies"


def test_org_edit_changes_what_is_given_and_undo_takes_it_back(demo: Path) -> None:
    before = content(demo)
    out = ok(
        demo, "org", "edit", "CSTAR", "--alias", "Centre for Surgical Training and Research",
        "--kind", "Other", "--city", "London", "--country", "Canada", "--notes", "Our partner.",
    ).stdout  # fmt: skip
    assert out.strip() == (
        f"Changed organisation CSTAR ({as_json(demo, 'org', 'show', 'CSTAR')['id'][:8]}): "
        "other · London, Canada; also known as Centre for Surgical Training and Research"
    )
    assert as_json(demo, "org", "show", "centre for surgical")["name"] == "CSTAR"
    ok(demo, "undo")
    assert content(demo) == before


def test_person_edit_records_a_title_as_of_a_date(demo: Path) -> None:
    ok(
        demo, "person", "edit", "Zhang Rui", "--title", "Chair", "--org", "CCPIT Chongqing",
        "--as-of", "2013-05-07", "--phone", "+86 23 6000 0000",
    )  # fmt: skip
    data = as_json(demo, "person", "show", "Zhang Rui")
    assert data["titles"][0] == {
        "title": "Chair",
        "organisation": "CCPIT Chongqing Sub-Council",
        "since": "2013-05-07",
        "until": "2013-05-07",
    }
    assert data["contact"]["phone"] == "+86 23 6000 0000"


def test_org_merge_moves_the_meetings_and_undo_puts_both_back(demo: Path) -> None:
    ok(
        demo, "meeting", "add", DEMO_SLUG, "--at", "2011-11-29 11:00", "--title", "Jinshan call",
        "--org", "Jinshan Group Co., Ltd.",
    )  # fmt: skip
    before = content(demo)
    out = ok(demo, "org", "merge", "Jinshan", "Jinshan Group Co").stdout
    assert out.startswith("Merged Jinshan Group Co., Ltd. into Jinshan Group of Companies")
    assert "1 meeting moved" in out
    profile = as_json(demo, "org", "show", "jinshan group co., ltd.")
    assert profile["name"] == "Jinshan Group of Companies"
    assert profile["meetings"][0]["title"] == "Jinshan call"
    assert "Jinshan Group Co., Ltd." in profile["aliases"]
    undone = ok(demo, "undo").stdout
    assert undone.strip() == (
        "Undone: merge of organisation 'Jinshan Group Co., Ltd.' into 'Jinshan Group of Companies'"
    )
    assert content(demo) == before
    assert as_json(demo, "org", "show", "Jinshan Group Co")["name"] == "Jinshan Group Co., Ltd."


def test_person_merge(demo: Path) -> None:
    ok(
        demo, "meeting", "add", DEMO_SLUG, "--at", "2011-11-29 11:00", "--title", "Call",
        "--with", "Dr Liu Fang, Deputy Director",
    )  # fmt: skip
    out = ok(demo, "person", "merge", "Dr. Liu Fang", "Dr Liu Fang").stdout
    assert "Merged Dr Liu Fang into Dr. Liu Fang" in out
    assert len(as_json(demo, "person", "show", "dr liu fang")["meetings"]) == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("org", "show", "Boeing"), 1, "NAME: no organisation called 'Boeing'"),
        (("org", "show", "Chongqing"), 1, "NAME: 'Chongqing' matches 3 organisations"),
        (("org", "edit", "Boeing", "--city", "Seattle"), 1, "no organisation called 'Boeing'"),
        (("org", "edit", "CSTAR", "--kind", "bank"), 2, "'--kind': 'bank' is not one of"),
        (("org", "edit", "CSTAR"), 2, "nothing to change"),
        (("org", "edit", "CSTAR", "--alias", "CCPIT Chongqing"), 1, "is already CCPIT"),
        (("org", "edit", "CSTAR", "--drop-alias", "X"), 1, "'X' is not another name of CSTAR"),
        (("org", "merge", "CSTAR", "cstar"), 1, "OTHER: 'cstar' is CSTAR itself"),
        (("org", "merge", "CSTAR", "Boeing"), 1, "OTHER: no organisation called 'Boeing'"),
        (("person", "show", "Nobody"), 1, "NAME: no person called 'Nobody'"),
        (("person", "edit", "Zhang Rui", "--email", "zhang at cq"), 2, "not an e-mail address"),
        (("person", "edit", "Zhang Rui", "--as-of", "2013-05-07"), 2, "--as-of goes with"),
        (("person", "edit", "Zhang Rui", "--title", "X", "--as-of", "May"), 2, "not a date"),
        (("report", DEMO_SLUG, "--out", "x", "--audience", "press"), 2, "'press' is not one of"),
        (("report", DEMO_SLUG, "--out", "x", "--format", "pdf"), 2, "'pdf' is not one of"),
        (("report", "nowhere", "--out", "x"), 1, "MISSION: no mission 'nowhere'"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_diary_unchanged(
    demo: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = dump(demo)
    result = invoke(demo, *args)
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert "Traceback" not in result.output
    assert dump(demo) == before


def test_report_writes_markdown_and_html_and_says_what_was_withheld(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "rep"
    result = ok(demo, "report", DEMO_SLUG, "--out", str(out), "--format", "md,html")
    assert result.stdout.splitlines() == [
        str((out / f"{DEMO_SLUG}-report-members.md").resolve()),
        str((out / f"{DEMO_SLUG}-report-members.html").resolve()),
    ]
    assert result.stderr.strip() == "7 entries withheld from members"
    text = (out / f"{DEMO_SLUG}-report-members.md").read_text(encoding="utf-8")
    assert "- **Agreements:** 9 agreements; with a value: CAD 45,000 · CNY 1,250,000" in text
    for secret in ("WeChat", "zhang.rui@", "Chairman Chen", "Family-held", "Confidential"):
        assert secret not in text
    private = ok(demo, "report", DEMO_SLUG, "--out", str(out), "--audience", "private")
    assert "Private report" in private.stderr
    text = (out / f"{DEMO_SLUG}-report-private.md").read_text(encoding="utf-8")
    assert "> **Private report.**" in text and "Shudu Pharmaceutical Group" in text
    for secret in ("WeChat", "zhang.rui@", "Chairman Chen", "Family-held", "Confidential"):
        assert secret not in text


def test_register_commands_on_a_missing_diary(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    assert as_json(db, "org", "list") == []
    result = invoke(db, "person", "list")
    assert result.exit_code == 0 and "No people yet." in result.stderr
    assert not db.exists()
