"""Files that are not right: each gets one line naming the file and what to do, and the file
is never changed (byte for byte); a diary that cannot be written still opens for reading.

Files tried (FILES below, each under every command of COMMANDS): not SQLite, zero bytes,
a SQLite header over garbage, truncated three ways, pages overwritten in the middle, the
schema page overwritten, a newer schema, another program's SQLite file, a folder; then a
read-only file, a read-only folder and a full disk, which read commands still open.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cli_helpers import dump, invoke
from fs_helpers import checkpointed_bytes, full_disk, readonly_file, readonly_folder
from missiondiary.errors import DiaryFileError, ReadOnlyDiary
from missiondiary.store import Store, open_store

SLUG = "london-chamber-china-2011"
READS = [
    ["mission", "list"],
    ["day", "show", SLUG, "1"],
    ["search", "Jinshan"],
    ["followup", "list", "--open"],
    ["trash", "list"],
    ["export", "--out", "-"],
    ["backup", "--out", "{tmp}/copy.db"],
    ["publish", SLUG, "--all", "--format", "md,html,wxr", "--out", "{tmp}/site"],
]
WRITES = [
    ["followup", "add", SLUG, "Call Jinshan", "--date", "2011-11-21"],
    ["meeting", "add", SLUG, "--at", "2011-11-21 18:00", "--title", "Dinner", "--notes", "n"],
    ["post", "write", SLUG, "1", "--text", "Words"],
    ["mission", "new", "T", "--start", "2024-05-06", "--end", "2024-05-08", "--tz", "UTC"],
    ["undo"],
]
COMMANDS = READS + WRITES


def command_id(args: list[str]) -> str:
    return " ".join(args[:2])


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo diary, checkpointed into one file, made once for the module."""
    from missiondiary.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "diary.db"
    with open_store(path) as store:
        build_demo(store)
    checkpointed_bytes(path)
    return path


def run(path: Path, args: list[str], tmp: Path) -> Result:
    return invoke(path, *(arg.replace("{tmp}", str(tmp)) for arg in args))


def one_line_error(result: Result, path: Path, *words: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    assert str(path) in lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# damage ----------------------------------------------------------------------------------


def page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def damage_pages(path: Path) -> None:
    """Overwrite 64 bytes in the middle of every page after the first (a disk that wrote
    garbage, a copy that went wrong): SQLite's checks find it whatever the table."""
    data = bytearray(path.read_bytes())
    size = page_size(data)
    for start in range(size, len(data), size):
        middle = start + size // 2
        data[middle : middle + 64] = bytes(range(64))
    path.write_bytes(bytes(data))


def damage_schema_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # page 1 after the file header: sqlite_master
    path.write_bytes(bytes(data))


def truncate_to(fraction: float) -> Callable[[Path], None]:
    def cut(path: Path) -> None:
        os.truncate(path, int(path.stat().st_size * fraction))

    return cut


def cut_mid_page(path: Path) -> None:
    os.truncate(path, page_size(path.read_bytes()) * 3 + 1234)


def newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def other_program(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('Moon River')")
    conn.commit()
    conn.close()


def text_file(path: Path) -> None:
    path.write_bytes(b"Chongqing notes\n\x00\x01 not a database\n" * 40)


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def header_and_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)


FILES: list[tuple[str, Callable[[Path], None], tuple[str, ...]]] = [
    # (what the file is, how it is made from the demo diary, words the message must have)
    ("not SQLite", text_file, ("not a SQLite file", "Name another file")),
    ("zero bytes", zero_bytes, ("empty file", "move it aside")),
    ("SQLite header over garbage", header_and_garbage, ("damaged", "Move it aside")),
    ("truncated to half", truncate_to(0.5), ("damaged", "Move it aside")),
    ("truncated to a tenth", truncate_to(0.1), ("damaged", "Move it aside")),
    ("truncated mid-page", cut_mid_page, ("damaged", "Move it aside")),
    ("pages overwritten", damage_pages, ("damaged", "Move it aside", ".recover")),
    ("schema page overwritten", damage_schema_page, ("damaged", "Move it aside")),
    ("newer schema", newer_schema, ("newer missiondiary", "schema 99", "upgrade")),
    ("another program's", other_program, ("another program", "Name another file")),
]


@pytest.mark.parametrize("args", COMMANDS, ids=command_id)
@pytest.mark.parametrize(("kind", "make", "words"), FILES, ids=[f[0] for f in FILES])
def test_a_file_that_is_not_right_is_one_line_and_left_as_it_was(
    demo_file: Path,
    tmp_path: Path,
    kind: str,
    make: Callable[[Path], None],
    words: tuple[str, ...],
    args: list[str],
) -> None:
    path = tmp_path / "diary.db"
    shutil.copy(demo_file, path)
    make(path)
    before = path.read_bytes()
    one_line_error(run(path, args, tmp_path), path, *words)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "copy.db").exists()


def test_a_folder_named_as_the_diary_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "diary.db"
    folder.mkdir()
    for args in COMMANDS:
        one_line_error(run(folder, args, tmp_path), folder, "folder", "name a file inside it")
    assert list(folder.iterdir()) == []


def test_the_app_never_starts_on_a_damaged_diary(demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    shutil.copy(demo_file, path)
    damage_pages(path)
    before = path.read_bytes()
    one_line_error(invoke(path), path, "damaged")
    assert path.read_bytes() == before


def test_the_damaged_message_names_the_newest_backup(demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    shutil.copy(demo_file, path)
    copy = Path(invoke(path, "backup").stdout.strip())
    damage_pages(path)
    line = one_line_error(invoke(path, "mission", "list"), path, "damaged")
    assert str(copy) in line


def test_the_store_refuses_a_damaged_diary_before_upgrading_it(
    demo_file: Path, tmp_path: Path
) -> None:
    """An old diary that is damaged is neither migrated nor copied over good backups."""
    path = tmp_path / "diary.db"
    shutil.copy(demo_file, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    damage_pages(path)
    before = path.read_bytes()
    with pytest.raises(DiaryFileError, match="damaged"):
        Store.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


# files that cannot be written ----------------------------------------------------------


def check_read_only(
    path: Path, tmp_path: Path, note: str, refusal: tuple[str, ...], same_as: Path
) -> None:
    """Every read command works with a note; every write is refused; `same_as` holds what
    the diary holds (read through a connection of its own)."""
    before = path.read_bytes()
    for args in READS:
        result = run(path, args, tmp_path)
        assert result.exit_code == 0, (args, result.stderr, result.exception)
        notes = result.stderr.strip().splitlines()
        assert notes[0] == f"Note: {path} {note}; opened for reading, nothing will be changed."
        assert "Traceback" not in result.output
    assert "Jinshan" in run(path, ["search", "Jinshan"], tmp_path).stdout
    assert (tmp_path / "copy.db").exists() and dump(tmp_path / "copy.db") == dump(same_as)
    assert len(list((tmp_path / "site").glob("*-day-*.md"))) > 3
    for args in WRITES:
        one_line_error(run(path, args, tmp_path), path, *refusal)
    assert path.read_bytes() == before


READ_ONLY = ("read-only", "nothing was changed", "Copy it to a folder you can write to")


def test_a_read_only_file_opens_for_reading_and_refuses_writes(
    demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "diary.db"
    shutil.copy(demo_file, path)
    with readonly_file(path):
        check_read_only(path, tmp_path, "is read-only", READ_ONLY, demo_file)
    assert not (tmp_path / "backups").exists()


def test_a_diary_in_a_read_only_folder_opens_for_reading(demo_file: Path, tmp_path: Path) -> None:
    with readonly_folder(tmp_path / "ro", demo_file) as folder:
        path = folder / "diary.db"
        check_read_only(path, tmp_path, "is read-only", READ_ONLY, demo_file)
        assert sorted(p.name for p in folder.iterdir()) == ["diary.db"]


def test_publishing_from_a_read_only_diary_does_not_mark_posts(
    demo_file: Path, tmp_path: Path
) -> None:
    from missiondiary.domain import Audience
    from missiondiary.publish.site import publish_site

    with (
        readonly_folder(tmp_path / "ro", demo_file) as folder,
        open_store(folder / "diary.db", readonly=True) as store,
    ):
        mission = store.find_mission(SLUG)
        before = [store.post(mission.id, n) for n in range(1, 4)]
        publish_site(store, mission, Audience.MEMBERS, tmp_path / "out", ("md", "html"))
        assert [store.post(mission.id, n) for n in range(1, 4)] == before
        assert len(list((tmp_path / "out").glob("*-day-*.html"))) > 3


def test_the_store_says_read_only_and_opens_read_only_when_asked(
    demo_file: Path, tmp_path: Path
) -> None:
    with readonly_folder(tmp_path / "ro", demo_file) as folder:
        path = folder / "diary.db"
        with pytest.raises(ReadOnlyDiary, match="read-only"):
            Store.open(path)
        with open_store(path, readonly=True) as store:
            assert store.readonly
            assert store.missions()[0].slug == SLUG
            with pytest.raises(ReadOnlyDiary):
                store.add_followup(store.missions()[0].id, "x", store.missions()[0].start_date)


def test_changes_left_in_a_wal_in_a_read_only_folder_are_not_hidden(
    demo_file: Path, tmp_path: Path
) -> None:
    """Reading the main file alone would show an older diary: refuse and say why."""
    path = tmp_path / "diary.db"
    shutil.copy(demo_file, path)
    writer = sqlite3.connect(path)  # a process that died before it checkpointed
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("UPDATE missions SET title = 'Only in the WAL'")
    writer.commit()
    stale = tmp_path / "left"
    stale.mkdir()
    for name in ("diary.db", "diary.db-wal"):
        shutil.copy(tmp_path / name, stale / name)
    writer.close()
    with readonly_folder(tmp_path / "ro", stale / "diary.db", stale / "diary.db-wal") as folder:
        result = invoke(folder / "diary.db", "mission", "list")
        one_line_error(result, folder / "diary.db", "diary.db-wal", "copy the diary")


def test_a_new_diary_in_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    with readonly_folder(tmp_path / "ro") as folder:
        path = folder / "diary.db"
        result = run(path, WRITES[3], tmp_path)
        one_line_error(result, path, "cannot be written")
        assert not path.exists()


# a full disk ----------------------------------------------------------------------------

FULL = ("disk is full", "nothing was changed", "Free some space")


def test_a_diary_on_a_full_disk_opens_for_reading_and_refuses_writes(
    demo_file: Path, tmp_path: Path
) -> None:
    with full_disk(tmp_path / "full", demo_file, size="4m") as folder:
        path = folder / "diary.db"
        check_read_only(path, tmp_path, "is on a full disk", FULL, demo_file)
        assert sorted(p.name for p in folder.glob("*.db")) == ["diary.db"]


def test_a_write_that_runs_out_of_disk_changes_nothing(demo_file: Path, tmp_path: Path) -> None:
    """The disk has room to open the diary but not for a big meeting's notes."""
    notes = tmp_path / "notes.md"
    notes.write_text("Jinshan hospital plans. " * 200_000, encoding="utf-8")  # ~4.8 MB
    with full_disk(tmp_path / "full", demo_file, size="4m") as folder:
        path = folder / "diary.db"
        (folder / "filler").unlink()
        (folder / "filler").write_bytes(b"\0" * (2 * 1024 * 1024))
        logical = dump(path)
        before = path.read_bytes()
        args = ["meeting", "add", SLUG, "--at", "2011-11-21 18:00", "--title", "Big"]
        result = invoke(path, *args, "--notes-file", str(notes))
        one_line_error(result, path, *FULL)
        assert path.read_bytes() == before
        (folder / "filler").unlink()
        assert dump(path) == logical
        assert invoke(path, *args, "--notes", "short").exit_code == 0
