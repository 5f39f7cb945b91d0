"""A phone's folder: stopping halfway adds nothing; 200 photos go in as one step (slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import SLUG, as_json, dump, new_mission, ok
from missiondiary.interchange.photo_files import add_photo_files
from missiondiary.store import open_store
from photo_helpers import make_jpeg, make_png


@pytest.mark.parametrize(
    ("workers", "stop"),
    [(1, KeyboardInterrupt), (2, LookupError)],  # ctrl+c here; the app's stop, with a pool
)
def test_stopping_halfway_through_a_folder_adds_nothing(
    tmp_path: Path, workers: int, stop: type[BaseException]
) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    folder = tmp_path / "phone"
    folder.mkdir()
    for index in range(4):
        make_jpeg(folder / f"IMG_{index}.jpg", taken=f"2011:11:21 1{index}:00:00")
    before = dump(db)
    seen: list[Path] = []

    def ctrl_c_on_the_third(path: Path) -> None:
        seen.append(path)
        if len(seen) == 3:
            raise stop

    with open_store(db) as store, pytest.raises(stop):
        files = sorted(folder.iterdir())
        add_photo_files(
            store, store.find_mission(SLUG), files, on_each=ctrl_c_on_the_third, workers=workers
        )
    assert dump(db) == before


def test_a_folder_is_read_in_worker_processes_in_order(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    folder = tmp_path / "phone"
    folder.mkdir()
    for index in range(4):
        make_jpeg(folder / f"IMG_{index}.jpg", taken=f"2011:11:2{1 + index} 10:00:00")
    make_png(folder / "chart.png")
    with open_store(db) as store:
        mission = store.find_mission(SLUG)
        files = sorted(folder.glob("*.jpg"))
        report = add_photo_files(store, mission, files, workers=2)
    assert [p.file_name for p in report.added] == [f"IMG_{i}.jpg" for i in range(4)]
    assert [mission.day_number(p.local_date) for p in report.added] == [1, 2, 3, 4]


@pytest.mark.slow
def test_two_hundred_phone_photos_in_one_command_and_one_undo(tmp_path: Path) -> None:
    db = tmp_path / "diary.db"
    new_mission(db)
    folder = tmp_path / "phone"
    folder.mkdir()
    for index in range(200):
        make_jpeg(
            folder / f"IMG_{index:04d}.jpg",
            size=(3024, 4032) if index % 2 else (4032, 3024),
            colour=(index, 80, 200 - index // 2),
            taken=f"2011:11:{21 + index % 10} {8 + index % 12:02d}:{index % 60:02d}:00",
            offset="+08:00",
        )
    result = ok(db, "photo", "add", SLUG, str(folder))
    assert "Added 200 photos" in result.stdout
    listed = as_json(db, "photo", "list", SLUG)
    assert len(listed) == 200
    assert all(max(p["width"], p["height"]) == 2560 for p in listed)
    ok(db, "undo")
    assert as_json(db, "photo", "list", SLUG) == []
