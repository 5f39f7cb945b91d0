"""`missiondiary photo ...` as a user types it, on a real diary file."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import SLUG, as_json, dump, invoke, new_mission, ok
from photo_helpers import make_bomb, make_jpeg, make_png, make_truncated, metadata_of


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "phone"
    folder.mkdir()
    make_jpeg(folder / "IMG_0001.jpg", taken="2011:11:21 15:10:00", offset="+08:00")
    make_jpeg(folder / "IMG_0002.jpg", taken="2011:11:22 09:00:00", colour=(0, 90, 0))
    make_jpeg(folder / "IMG_0003.jpg", taken="2012:05:01 09:00:00", offset="+08:00")
    make_truncated(folder / "IMG_0004.jpg")
    make_bomb(folder / "IMG_0005.png")
    (folder / "IMG_0006.jpg").write_text("not a picture")
    return folder


def test_a_folder_adds_its_photos_and_says_why_each_other_file_was_left(
    tmp_path: Path,
) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    result = ok(db, "photo", "add", SLUG, str(_folder(tmp_path)), "--caption", "Chongqing")
    assert "Added 2 photos" in result.stdout
    lines = result.stderr.splitlines()
    assert any("IMG_0003.jpg" in line and "outside the mission" in line for line in lines)
    assert any("IMG_0004.jpg" in line and "truncated" in line for line in lines)
    assert any("IMG_0005.png" in line and "bomb" in line for line in lines)
    assert any("IMG_0006.jpg" in line and "not a picture" in line for line in lines)
    assert any("read on the Asia/Chongqing clock" in line for line in lines)
    assert "Reading 6 photos" in result.stderr  # the progress bar's label
    assert "Traceback" not in result.output
    listed = as_json(db, "photo", "list", SLUG)
    assert [(p["file_name"], p["day"]) for p in listed] == [
        ("IMG_0001.jpg", 1),
        ("IMG_0002.jpg", 2),
    ]
    assert {p["caption"] for p in listed} == {"Chongqing"}
    assert listed[0]["latitude"] is not None


def test_one_bad_file_is_one_line_exit_1_and_the_diary_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    before = dump(db)
    result = invoke(db, "photo", "add", SLUG, str(make_truncated(tmp_path / "x.jpg")))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "truncated" in result.stderr
    assert dump(db) == before


def test_at_places_a_photo_without_camera_time_and_edit_moves_it(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    png = make_png(tmp_path / "chart.png")
    ok(db, "photo", "add", SLUG, str(png), "--at", "2011-11-23 10:00", "--visibility", "public")
    [photo] = as_json(db, "photo", "list", SLUG, "--day", "3")
    assert photo["visibility"] == "public" and photo["time_from"] == "--at"
    ok(
        db,
        "photo",
        "edit",
        photo["id"][:8],
        "--caption",
        "Trade figures",
        "--at",
        "2011-11-24 9:00",
    )
    [moved] = as_json(db, "photo", "list", SLUG, "--day", "4")
    assert moved["caption"] == "Trade figures"
    assert as_json(db, "photo", "list", SLUG, "--day", "3") == []


def test_delete_undo_trash_and_visibility_take_a_photo_id(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    ok(db, "photo", "add", SLUG, str(make_jpeg(tmp_path / "a.jpg", offset="+08:00")))
    [photo] = as_json(db, "photo", "list", SLUG)
    short = photo["id"][:8]
    assert "is now private" in ok(db, "visibility", short, "private").stdout
    assert "Deleted photo" in ok(db, "delete", short).stdout
    assert as_json(db, "photo", "list", SLUG) == []
    assert short in ok(db, "trash", "list").stdout
    ok(db, "trash", "restore", short)
    [back] = as_json(db, "photo", "list", SLUG)
    assert back["visibility"] == "private"


def test_adding_a_folder_is_one_step_for_undo(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    ok(db, "photo", "add", SLUG, str(_folder(tmp_path)))
    assert len(as_json(db, "photo", "list", SLUG)) == 2
    ok(db, "undo")
    assert as_json(db, "photo", "list", SLUG) == []


def test_export_writes_the_stored_copy(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    ok(db, "photo", "add", SLUG, str(make_jpeg(tmp_path / "a.jpg", size=(3000, 1000))))
    [photo] = as_json(db, "photo", "list", SLUG)
    out = tmp_path / "copy.jpg"
    ok(db, "photo", "export", photo["id"][:8], "--out", str(out))
    assert metadata_of(out.read_bytes())["size"] == (2560, 853)


def test_day_show_lists_photos_and_search_finds_captions(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    jpeg = make_jpeg(tmp_path / "a.jpg", offset="+08:00")
    ok(db, "photo", "add", SLUG, str(jpeg), "--caption", "Signing at Liangjiang")
    shown = ok(db, "day", "show", SLUG, "1").stdout
    assert "Photos" in shown and "Signing at Liangjiang" in shown
    assert json.loads(ok(db, "day", "show", SLUG, "1", "--json").stdout)["photos"]
    assert "Signing at Liangjiang" in ok(db, "search", "liangjiang").stdout


def test_a_missing_path_is_one_line_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    result = invoke(db, "photo", "add", SLUG, str(tmp_path / "nowhere"))
    assert result.exit_code != 0
    assert "does not exist" in result.output and "Traceback" not in result.output
