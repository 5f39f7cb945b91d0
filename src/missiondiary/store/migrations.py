"""Append-only schema steps, numbered by PRAGMA user_version. Never edit a shipped step."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from missiondiary.store.transactions import immediate

TOKENIZER = "unicode61 remove_diacritics 2"
APPLICATION_ID = 0x4D447279  # "MDry": marks a file as a missiondiary diary
# Tables every diary has had since step 1: how a diary that lost its mark is still known.
CORE_TABLES = frozenset({"missions", "meetings", "followups", "changes"})


def _register_table(name: str) -> str:
    """Organisations and people start alike: a name, and its key for finding it in any case.
    The text is what sqlite_master keeps, so it stays as first shipped, to the space."""
    return f"""CREATE TABLE {name} (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )"""


_V1_TABLES = [
    """CREATE TABLE missions (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        organisation TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        tz TEXT NOT NULL,
        home_tz TEXT NOT NULL,
        categories TEXT NOT NULL DEFAULT '[]',
        tags TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE itinerary_items (
        id TEXT PRIMARY KEY,
        mission_id TEXT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        start_local TEXT NOT NULL,
        start_tz TEXT NOT NULL,
        start_utc TEXT NOT NULL,
        local_date TEXT NOT NULL,
        end_local TEXT,
        end_tz TEXT,
        end_utc TEXT,
        location TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '',
        visibility TEXT NOT NULL DEFAULT 'members',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX itinerary_by_day ON itinerary_items (mission_id, local_date, start_utc)",
    """CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        mission_id TEXT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        at_local TEXT NOT NULL,
        at_tz TEXT NOT NULL,
        at_utc TEXT NOT NULL,
        local_date TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        visibility TEXT NOT NULL DEFAULT 'private',
        itinerary_id TEXT REFERENCES itinerary_items(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX meetings_by_day ON meetings (mission_id, local_date, at_utc)",
    _register_table("organisations"),
    _register_table("people"),
    """CREATE TABLE meeting_organisations (
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, organisation_id)
    )""",
    "CREATE INDEX meeting_organisations_by_org ON meeting_organisations (organisation_id)",
    """CREATE TABLE meeting_attendees (
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        person_id TEXT NOT NULL REFERENCES people(id),
        role TEXT NOT NULL DEFAULT '',
        organisation_id TEXT REFERENCES organisations(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, person_id)
    )""",
    "CREATE INDEX meeting_attendees_by_person ON meeting_attendees (person_id)",
    """CREATE TABLE outcomes (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        amount TEXT,
        currency TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX outcomes_by_meeting ON outcomes (meeting_id, position)",
    """CREATE TABLE followups (
        id TEXT PRIMARY KEY,
        mission_id TEXT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        day TEXT NOT NULL,
        due TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        closed_on TEXT,
        meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
        visibility TEXT NOT NULL DEFAULT 'private',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX followups_by_day ON followups (mission_id, day)",
    "CREATE INDEX followups_by_status ON followups (status, due)",
    """CREATE TABLE day_posts (
        id TEXT PRIMARY KEY,
        mission_id TEXT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft',
        published_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (mission_id, day)
    )""",
    """CREATE TABLE changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        before TEXT,
        undone INTEGER NOT NULL DEFAULT 0,
        batch TEXT
    )""",
    "CREATE INDEX changes_by_batch ON changes (batch)",
    "CREATE INDEX changes_by_entity ON changes (entity, entity_id)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]

FTS_COLUMNS: dict[str, list[str]] = {
    "itinerary_items": ["title", "location", "details"],
    "meetings": ["title", "location", "notes", "summary"],
    "outcomes": ["text"],
    "followups": ["text", "owner"],
    "day_posts": ["title", "place", "body"],
    "organisations": ["name"],
    "people": ["name"],
}


def _v1(db: Database) -> None:
    for statement in _V1_TABLES:
        db.execute(statement)
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize=TOKENIZER)


def _v2(db: Database) -> None:
    """Calendar imports remember where an item came from (the event's UID, plus its
    recurrence id for one occurrence of a series), so importing a file again adds nothing."""
    db.execute("ALTER TABLE itinerary_items ADD COLUMN source_uid TEXT")
    db.execute(
        "CREATE INDEX itinerary_by_source_uid ON itinerary_items (mission_id, source_uid) "
        "WHERE source_uid IS NOT NULL"
    )


_V3_STATEMENTS = [
    "ALTER TABLE organisations ADD COLUMN city TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE organisations ADD COLUMN country TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE organisations ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE organisations ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people ADD COLUMN phone TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people ADD COLUMN messaging TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people ADD COLUMN card TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE people ADD COLUMN protocol TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE organisation_aliases (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX organisation_aliases_by_owner ON organisation_aliases (organisation_id)",
    """CREATE TABLE person_aliases (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX person_aliases_by_owner ON person_aliases (person_id)",
    """CREATE TABLE person_titles (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        title TEXT NOT NULL DEFAULT '',
        organisation_id TEXT REFERENCES organisations(id),
        as_of TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX person_titles_by_person ON person_titles (person_id, as_of)",
    "CREATE INDEX person_titles_by_organisation ON person_titles (organisation_id)",
]


def _v3(db: Database) -> None:
    """The counterpart register: where an organisation is and what kind it is, private notes,
    other names (any script, short forms) for organisations and people, titles a person was
    seen with, and a person's contact details and protocol notes (never published).

    Other names get their own full-text indexes, so search finds a meeting by any of them."""
    for statement in _V3_STATEMENTS:
        db.execute(statement)
    for table in ("organisation_aliases", "person_aliases"):
        db[table].enable_fts(["name"], create_triggers=True, tokenize=TOKENIZER)


SEARCH_PREFIXES = "1 2 3"
_V4_INDEXES = [
    "CREATE INDEX meetings_by_time ON meetings (at_local, id)",
    "CREATE INDEX itinerary_by_time ON itinerary_items (start_local, id)",
    "CREATE INDEX followups_by_date ON followups (day, id)",
    "CREATE INDEX missions_by_start ON missions (start_date)",
    "CREATE INDEX day_posts_by_day ON day_posts (day)",
]


def _v4(db: Database) -> None:
    """Search as you type stays fast on years of missions (store/search.py).

    Every full-text index also keeps the first one to three letters of each word, so a short
    prefix is one lookup instead of a merge of every word starting with it; and entries get a
    date index, so the newest matches are found by walking back from today instead of sorting
    them all. Indexes over another table's rows (external content) are rebuilt from it; any
    other full-text table is left as it is."""
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING FTS5%'"
    ).fetchall()
    for name, sql in rows:
        if "prefix=" in sql or "content=" not in sql:
            continue
        body = sql.rstrip().removesuffix(")").rstrip()
        db.execute(f"DROP TABLE [{name}]")  # the triggers that fill it stay and find the new one
        db.execute(f"{body},\n    prefix='{SEARCH_PREFIXES}'\n)")
        db.execute(f"INSERT INTO [{name}] ([{name}]) VALUES ('rebuild')")
    for statement in _V4_INDEXES:
        db.execute(statement)


def _v5(db: Database) -> None:
    """Day posts get a visibility like every other entry: the delegate's words for a day
    reach the public only when the delegate says so. Existing posts become `members`, the
    audience they were written for."""
    db.execute("ALTER TABLE day_posts ADD COLUMN visibility TEXT NOT NULL DEFAULT 'members'")


_V6_STATEMENTS = [
    """CREATE TABLE photo_images (
        hash TEXT PRIMARY KEY,
        jpeg BLOB NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE photos (
        id TEXT PRIMARY KEY,
        mission_id TEXT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
        caption TEXT NOT NULL DEFAULT '',
        at_local TEXT NOT NULL,
        at_tz TEXT NOT NULL,
        at_utc TEXT NOT NULL,
        local_date TEXT NOT NULL,
        time_source TEXT NOT NULL DEFAULT '',
        latitude REAL,
        longitude REAL,
        meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
        visibility TEXT NOT NULL DEFAULT 'members',
        file_name TEXT NOT NULL,
        original_path TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL REFERENCES photo_images(hash),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX photos_by_day ON photos (mission_id, local_date, at_utc)",
    "CREATE INDEX photos_by_time ON photos (at_local, id)",
    "CREATE INDEX photos_by_hash ON photos (content_hash)",
    "CREATE INDEX photos_by_meeting ON photos (meeting_id)",
]


def _v6(db: Database) -> None:
    """Photos are entries of a day (time, zone, caption, meeting, visibility). The picture
    itself is kept once per original file (by its hash) in `photo_images`, outside the
    entry's row: a deleted photo waits in the trash with its picture still there, and the
    same file added twice is stored once. Captions are searched like every other text."""
    for statement in _V6_STATEMENTS:
        db.execute(statement)
    db["photos"].enable_fts(["caption"], create_triggers=True, tokenize=TOKENIZER)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'photos_fts'").fetchone()[0]
    body = sql.rstrip().removesuffix(")").rstrip()
    db.execute("DROP TABLE photos_fts")  # again with the prefixes of step 4 (search as you type)
    db.execute(f"{body},\n    prefix='{SEARCH_PREFIXES}'\n)")


_SENDING_TABLES = [
    """CREATE TABLE send_destinations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE send_secrets (
        destination_id TEXT PRIMARY KEY REFERENCES send_destinations(id) ON DELETE CASCADE,
        secret TEXT NOT NULL
    )""",
    """CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        mission_id TEXT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        destination_id TEXT NOT NULL REFERENCES send_destinations(id) ON DELETE CASCADE,
        audience TEXT NOT NULL DEFAULT 'members',
        post_status TEXT NOT NULL DEFAULT 'draft',
        status TEXT NOT NULL DEFAULT 'waiting',
        again INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '',
        remote_id TEXT,
        remote_link TEXT,
        message_id TEXT,
        sent_hash TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        queued_at TEXT NOT NULL,
        tried_at TEXT,
        sent_at TEXT,
        claimed_until TEXT,
        UNIQUE (mission_id, day, destination_id)
    )""",
    "CREATE INDEX outbox_by_status ON outbox (status, queued_at)",
]


def _sending(db: Database) -> None:
    """Sending posts (store/outbox.py): where they go (a WordPress site, a members' mailing
    list; settings without secrets), the secrets kept here only when the system has no
    keyring, and the outbox: one row per mission day and destination, which keeps the remote
    post id or the Message-ID, so a day is never sent twice, and a hash of what went, so a day
    edited since is known. `claimed_until`: an attempt under way (the app and a command
    may both retry; only one sends)."""
    for statement in _SENDING_TABLES:
        db.execute(statement)


def _sent_media(db: Database) -> None:
    """Photos uploaded to a WordPress site (send/photos.py): the media id and address each
    photo got there, per destination and photo hash, so sending a day again (or another day
    with the same photo) refers to the upload instead of uploading it twice."""
    db.execute(
        """CREATE TABLE sent_media (
        destination_id TEXT NOT NULL REFERENCES send_destinations(id) ON DELETE CASCADE,
        photo_hash TEXT NOT NULL,
        media_id TEXT NOT NULL,
        url TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        PRIMARY KEY (destination_id, photo_hash)
    )"""
    )


MIGRATIONS: list[Callable[[Database], None]] = [
    *(_v1, _v2, _v3, _v4, _v5, _v6, _sending),
    _sent_media,
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database) -> int:
    """Bring a diary up to this version's schema, one transaction per step.

    The file is marked as a diary (application_id) in the same transaction as the step, so a
    crash never leaves tables without the mark or the mark without tables."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
        with immediate(db):
            step(db)
            db.execute(f"PRAGMA user_version = {int(number)}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return current
