"""The command line as a user types it, for the tests of every part: one command on a real
diary file through click's runner, and the diary's whole content to compare before and after."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from missiondiary.cli import cli

SLUG = "china-2011"


def invoke(db: Path, *args: str, input: str | None = None, env: dict | None = None) -> Result:
    """Run one command on the diary at `db`, as `missiondiary --db DB ARGS...`."""
    return CliRunner(env=env).invoke(cli, ["--db", str(db), *args], input=input)


def ok(db: Path, *args: str, input: str | None = None) -> Result:
    result = invoke(db, *args, input=input)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.output
    return result


def as_json(db: Path, *args: str) -> Any:
    return json.loads(ok(db, *args, "--json").stdout)


def dump(db: Path) -> list[str]:
    """The diary's whole content, read through a separate connection."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def new_mission(db: Path, slug: str = SLUG, *extra: str) -> dict[str, Any]:
    ok(
        db,
        "mission",
        "new",
        "Chamber mission to China",
        "--start",
        "2011-11-21",
        "--end",
        "2011-11-30",
        "--tz",
        "Asia/Chongqing",
        "--home-tz",
        "America/Toronto",
        "--organisation",
        "London Chamber of Commerce",
        "--author",
        "Joaquim Balles",
        "--slug",
        slug,
        *extra,
    )
    return next(m for m in as_json(db, "mission", "list") if m["slug"] == slug)


def assert_refused(result: Result, status: int, *words: str) -> str:
    """One line on stderr that names the field; returns it."""
    assert result.exit_code == status, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert result.stdout == ""
    return lines[0]
