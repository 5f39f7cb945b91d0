"""What phones write, read by Pillow: orientation, PNG, HEIC, and what is refused."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from missiondiary.media.images import PhotoRefused, prepare, published_copy
from photo_helpers import make_bomb, make_heic, make_jpeg, make_png, make_truncated, metadata_of


def test_orientation_from_exif_is_applied_to_the_pixels(tmp_path: Path) -> None:
    # Stored sideways with "rotate 90° clockwise to view": the kept copy stands upright.
    prepared = prepare(make_jpeg(tmp_path / "a.jpg", size=(640, 480), orientation=6))
    assert (prepared.width, prepared.height) == (480, 640)
    meta = metadata_of(prepared.jpeg)
    assert 0x0112 not in meta["exif"]  # no orientation left to apply twice
    with Image.open(io.BytesIO(prepared.jpeg)) as image:
        top = image.getpixel((240, 20))  # the coloured half is now on top
        bottom = image.getpixel((240, 620))
    assert top[0] > 150 and top[1] < 100
    assert bottom[0] > 200 and bottom[1] > 200


def test_a_png_with_transparency_becomes_a_jpeg_on_white(tmp_path: Path) -> None:
    prepared = prepare(make_png(tmp_path / "chart.png"))
    assert prepared.jpeg[:2] == b"\xff\xd8"
    assert (prepared.width, prepared.height) == (300, 200)
    assert prepared.taken is None


def test_a_heic_from_a_phone_is_read_with_its_time(tmp_path: Path) -> None:
    path = make_heic(tmp_path / "IMG_0001.heic", offset="+08:00")
    if path is None:
        pytest.skip("pillow-heif cannot write HEIC here: pip install pillow-heif")
    prepared = prepare(path)
    assert prepared.jpeg[:2] == b"\xff\xd8"
    assert prepared.offset == timedelta(hours=8)
    assert prepared.taken is not None and prepared.taken.hour == 10


@pytest.mark.parametrize(
    ("maker", "words"),
    [(make_truncated, "truncated"), (make_bomb, "decompression bomb")],
)
def test_damaged_files_and_bombs_are_refused_in_words(tmp_path: Path, maker, words) -> None:
    with pytest.raises(PhotoRefused) as refused:
        prepare(maker(tmp_path / "bad.png"))
    assert words in refused.value.reason


def test_a_text_file_is_not_a_picture(tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("minutes of the meeting")
    with pytest.raises(PhotoRefused, match="not a picture"):
        prepare(tmp_path / "notes.jpg")


def test_a_published_copy_has_no_metadata_at_all(tmp_path: Path) -> None:
    prepared = prepare(make_jpeg(tmp_path / "a.jpg", size=(1700, 1000), offset="+08:00"))
    assert metadata_of(prepared.jpeg)["gps"]  # the diary's own copy keeps the place
    for side in (1600, 800):
        meta = metadata_of(published_copy(prepared.jpeg, side))
        assert meta["exif"] == {} and meta["gps"] == {} and "exif" not in meta["info"]
        assert max(meta["size"]) == side
