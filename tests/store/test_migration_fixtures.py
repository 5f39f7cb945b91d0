"""A diary from each earlier schema upgrades and keeps every row, and a copy is taken first.

The fixtures are built here, not committed: a fresh file gets only the first N migration
steps (exactly as that version of missiondiary made it), then rows written with SQL that
matches that version's tables. Every earlier version is tried: when a step is added, the
newest-but-one schema joins the list by itself (add its rows to ROWS_FROM if it adds tables
or columns worth filling).
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from cli_helpers import as_json, ok
from missiondiary.store import open_store
from missiondiary.store.backup import backups_folder
from missiondiary.store.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

M = "11111111-1111-4111-8111-111111111111"
ITEM = "22222222-2222-4222-8222-222222222222"
MEETING = "33333333-3333-4333-8333-333333333333"
ORG = "44444444-4444-4444-8444-444444444444"
PERSON = "55555555-5555-4555-8555-555555555555"
OUTCOME = "66666666-6666-4666-8666-666666666666"
FOLLOWUP = "77777777-7777-4777-8777-777777777777"
POST = "88888888-8888-4888-8888-888888888888"
TRASHED = "99999999-9999-4999-8999-999999999999"
IMPORTED = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
T = "2011-11-20T12:00:00.000+00:00"
PHOTO = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"
PHOTO_HASH = "ab" * 32
DESTINATION = "ffffffff-ffff-4fff-8fff-ffffffffffff"
OUTBOX = "12121212-1212-4121-8121-121212121212"


def _tiny_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


_TRASHED_ROW = {
    "id": TRASHED,
    "mission_id": M,
    "text": "Book the return flight (deleted)",
    "owner": "Joaquim",
    "day": "2011-11-21",
    "due": None,
    "status": "open",
    "closed_on": None,
    "meeting_id": None,
    "visibility": "private",
    "created_at": T,
    "updated_at": T,
}

# rows each schema version added tables or columns for: (schema, statement, values)
ROWS_FROM: list[tuple[int, str, tuple]] = [
    (
        1,
        "INSERT INTO missions (id, slug, title, organisation, author, start_date, end_date, tz,"
        " home_tz, categories, tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            M,
            "china-2011",
            "Chamber mission to China — 重庆",
            "London Chamber of Commerce",
            "Joaquim Balles",
            "2011-11-21",
            "2011-11-30",
            "Asia/Chongqing",
            "America/Toronto",
            '["Missions"]',
            '["china", "trade"]',
            T,
            T,
        ),
    ),
    (
        1,
        "INSERT INTO itinerary_items (id, mission_id, kind, title, start_local, start_tz,"
        " start_utc, local_date, end_local, end_tz, end_utc, location, details, visibility,"
        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            ITEM,
            M,
            "flight",
            "AC 31 Toronto → Beijing",
            "2011-11-20T00:40",
            "America/Toronto",
            "2011-11-20T05:40:00+00:00",
            "2011-11-20",
            "2011-11-21T03:05",
            "Asia/Shanghai",
            "2011-11-20T19:05:00+00:00",
            "Toronto Pearson",
            "Seat 3A; booking ABC123",
            "members",
            T,
            T,
        ),
    ),
    (
        1,
        "INSERT INTO meetings (id, mission_id, title, at_local, at_tz, at_utc, local_date,"
        " location, notes, summary, visibility, itinerary_id, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            MEETING,
            M,
            "Jinshan Group of Companies",
            "2011-11-21T14:00",
            "Asia/Chongqing",
            "2011-11-21T06:00:00+00:00",
            "2011-11-21",
            "Jinshan HQ",
            "Private working notes: budget ceiling 2M",
            "We agreed to send the MOU.",
            "members",
            ITEM,
            T,
            T,
        ),
    ),
    (
        1,
        "INSERT INTO organisations (id, name, name_key, created_at, updated_at) VALUES (?,?,?,?,?)",
        (ORG, "Jinshan Group of Companies", "jinshan group of companies", T, T),
    ),
    (
        1,
        "INSERT INTO people (id, name, name_key, created_at, updated_at) VALUES (?,?,?,?,?)",
        (PERSON, "Mr. Chen Wei", "chen wei", T, T),
    ),
    (
        1,
        "INSERT INTO meeting_organisations (meeting_id, organisation_id, position) VALUES (?,?,?)",
        (MEETING, ORG, 0),
    ),
    (
        1,
        "INSERT INTO meeting_attendees (meeting_id, person_id, role, organisation_id, position)"
        " VALUES (?,?,?,?,?)",
        (MEETING, PERSON, "Chairman", ORG, 0),
    ),
    (
        1,
        "INSERT INTO outcomes (id, meeting_id, position, text, amount, currency, created_at,"
        " updated_at) VALUES (?,?,?,?,?,?,?,?)",
        (OUTCOME, MEETING, 0, "Distribution agreement", "1250000", "CNY", T, T),
    ),
    (
        1,
        "INSERT INTO followups (id, mission_id, text, owner, day, due, status, closed_on,"
        " meeting_id, visibility, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            FOLLOWUP,
            M,
            "Send the MOU to Jinshan",
            "Joaquim",
            "2011-11-21",
            "2011-11-25",
            "open",
            None,
            MEETING,
            "members",
            T,
            T,
        ),
    ),
    (
        1,
        "INSERT INTO day_posts (id, mission_id, day, title, place, body, status, published_at,"
        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (POST, M, 1, "Day 1", "China / Chongqing", "We landed in Chongqing.", "draft", None, T, T),
    ),
    (
        1,
        "INSERT INTO changes (at, entity, entity_id, action, label, before, undone, batch)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (
            T,
            "followup",
            TRASHED,
            "delete",
            _TRASHED_ROW["text"],
            json.dumps({"row": _TRASHED_ROW, "children": {}, "links": {}}),
            0,
            "batch-1",
        ),
    ),
    (1, "INSERT INTO settings (key, value) VALUES (?, ?)", ("theme", "default")),
    (
        2,
        "INSERT INTO itinerary_items (id, mission_id, kind, title, start_local, start_tz,"
        " start_utc, local_date, location, details, visibility, created_at, updated_at,"
        " source_uid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            IMPORTED,
            M,
            "hotel",
            "Hotel InterContinental",
            "2011-11-21T15:00",
            "Asia/Chongqing",
            "2011-11-21T07:00:00+00:00",
            "2011-11-21",
            "Chongqing",
            "",
            "members",
            T,
            T,
            "uid-123@calendar",
        ),
    ),
    (
        3,
        "UPDATE organisations SET city = ?, country = ?, kind = ?, notes = ? WHERE id = ?",
        ("Chongqing", "China", "company", "Private: prefers tea meetings", ORG),
    ),
    (
        3,
        "UPDATE people SET email = ?, phone = ?, protocol = ? WHERE id = ?",
        ("chen@example.cn", "+86 23 0000 0000", "Bow slightly; cards with two hands", PERSON),
    ),
    (
        3,
        "INSERT INTO organisation_aliases (id, organisation_id, name, name_key, created_at)"
        " VALUES (?,?,?,?,?)",
        ("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", ORG, "金山集团", "金山集团", T),
    ),
    (
        3,
        "INSERT INTO person_aliases (id, person_id, name, name_key, created_at) VALUES (?,?,?,?,?)",
        ("dddddddd-dddd-4ddd-8ddd-dddddddddddd", PERSON, "陈伟", "陈伟", T),
    ),
    (
        3,
        "INSERT INTO person_titles (id, person_id, title, organisation_id, as_of, created_at,"
        " updated_at) VALUES (?,?,?,?,?,?,?)",
        ("cccccccc-cccc-4ccc-8ccc-cccccccccccc", PERSON, "Chairman", ORG, "2011-11-21", T, T),
    ),
    (5, "UPDATE day_posts SET visibility = ? WHERE id = ?", ("public", POST)),
    (
        6,
        "INSERT INTO photo_images (hash, jpeg, width, height, created_at) VALUES (?,?,?,?,?)",
        (PHOTO_HASH, _tiny_jpeg(), 8, 6, T),
    ),
    (
        6,
        "INSERT INTO photos (id, mission_id, caption, at_local, at_tz, at_utc, local_date,"
        " time_source, meeting_id, visibility, file_name, content_hash, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            PHOTO,
            M,
            "Signing at the Jinshan office",
            "2011-11-21T10:30",
            "Asia/Chongqing",
            "2011-11-21T02:30:00+00:00",
            "2011-11-21",
            "camera, with its offset",
            MEETING,
            "members",
            "IMG_0001.jpg",
            PHOTO_HASH,
            T,
            T,
        ),
    ),
    (
        7,
        "INSERT INTO send_destinations (id, name, kind, settings, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?)",
        (DESTINATION, "chamber", "wordpress", '{"url": "https://chamber.example"}', T, T),
    ),
    (7, "INSERT INTO send_secrets (destination_id, secret) VALUES (?,?)", (DESTINATION, "pw")),
    (
        7,
        "INSERT INTO outbox (id, mission_id, day, destination_id, status, remote_id, sent_hash,"
        " queued_at, sent_at) VALUES (?,?,?,?,?,?,?,?,?)",
        (OUTBOX, M, 1, DESTINATION, "sent", "42", "f" * 64, T, T),
    ),
    (
        8,
        "INSERT INTO sent_media (destination_id, photo_hash, media_id, url, uploaded_at)"
        " VALUES (?,?,?,?,?)",
        (DESTINATION, PHOTO_HASH, "43", "https://chamber.example/wp-content/a.jpg", T),
    ),
]


def build_fixture(path: Path, version: int) -> None:
    """A diary as missiondiary with `version` migration steps left it, holding rows."""
    conn = sqlite3.connect(path)
    db = Database(conn)
    db.execute("PRAGMA journal_mode = WAL")
    for number, step in enumerate(MIGRATIONS[:version], start=1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    with db.atomic():
        for since, sql, values in ROWS_FROM:
            if since <= version:
                db.execute(sql, values)
    conn.close()


def table_rows(path: Path) -> dict[str, list[dict]]:
    """Every row of every table of ours (full-text shadow tables left out: they are rebuilt)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            name: [dict(row) for row in conn.execute(f"SELECT * FROM [{name}] ORDER BY rowid")]
            for name in names
        }
    finally:
        conn.close()


EARLIER = list(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("version", EARLIER, ids=[f"schema-{v}" for v in EARLIER])
def test_a_diary_from_an_earlier_schema_upgrades_and_keeps_every_row(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "diary.db"
    build_fixture(path, version)
    before = table_rows(path)
    assert sum(map(len, before.values())) >= 12

    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        mission = store.find_mission("china-2011")
        day = store.day(mission.id, mission.start_date)
        assert [m.title for m in day.meetings] == ["Jinshan Group of Companies"]
        assert [h.entry_id for h in store.search("Jinshan") if h.kind == "meeting"] == [MEETING]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    after = table_rows(path)
    for table, rows in before.items():
        kept = [{column: row[column] for column in rows[0]} for row in after[table]] if rows else []
        assert kept == rows, table

    [copy] = backups_folder(path).glob(f"diary-before-schema-{SCHEMA_VERSION}-*.db")
    assert table_rows(copy) == before
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.close()


@pytest.mark.parametrize("version", EARLIER, ids=[f"schema-{v}" for v in EARLIER])
def test_an_upgraded_diary_works_from_the_command_line(tmp_path: Path, version: int) -> None:
    path = tmp_path / "diary.db"
    build_fixture(path, version)
    day = as_json(path, "day", "show", "china-2011", "1")
    assert day["meetings"][0]["outcomes"] == [
        {"text": "Distribution agreement", "amount": "1250000", "currency": "CNY"}
    ]
    assert day["post"]["body"] == "We landed in Chongqing."
    ok(path, "trash", "restore", TRASHED[:8])  # the trash of the old diary survives too
    texts = {f["text"] for f in as_json(path, "followup", "list")}
    assert texts == {"Send the MOU to Jinshan", "Book the return flight (deleted)"}
    ok(path, "followup", "add", "china-2011", "A new one", "--date", "2011-11-22")
    ok(path, "undo")


@pytest.mark.parametrize(
    "version", [v for v in EARLIER if v < 5], ids=[f"schema-{v}" for v in EARLIER if v < 5]
)
def test_a_day_post_from_before_post_visibility_is_for_members(
    tmp_path: Path, version: int
) -> None:
    """Schema 5 gave day posts a visibility: what was written before is for members, the
    audience it was written for, so a public run does not show it."""
    path = tmp_path / "diary.db"
    build_fixture(path, version)
    with open_store(path) as store:
        post = store.post(M, 1)
        assert post is not None and post.visibility.value == "members"
    assert as_json(path, "day", "show", "china-2011", "1")["post"]["visibility"] == "members"
    ok(path, "visibility", POST[:8], "public")
    assert as_json(path, "day", "show", "china-2011", "1")["post"]["visibility"] == "public"


def test_the_newest_earlier_fixture_fills_every_table(tmp_path: Path) -> None:
    """When a step adds a table, a fixture row for it belongs in ROWS_FROM: otherwise the
    upgrade test could not see that table's rows lost."""
    if not EARLIER:
        pytest.skip("only one schema so far")
    path = tmp_path / "diary.db"
    build_fixture(path, EARLIER[-1])
    empty = [table for table, rows in table_rows(path).items() if not rows]
    assert empty == [], f"add rows for {empty} to ROWS_FROM"
