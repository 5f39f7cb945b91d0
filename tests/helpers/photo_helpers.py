"""Photos made in the test by Pillow, with the metadata a phone writes."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image

IFD = ExifTags.IFD
TAG = ExifTags.Base
GPS = ExifTags.GPS
SERIAL = "SN-4417-PRIVATE"
OWNER = "Delegate Own Name"


def phone_exif(
    taken: str | None = "2011:11:21 10:30:00",
    offset: str | None = None,
    gps: bool = True,
    orientation: int | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    exif[TAG.Make] = "PhoneMaker"
    exif[TAG.Model] = "Phone 12"
    exif[TAG.Artist] = OWNER
    if orientation:
        exif[TAG.Orientation] = orientation
    inner = exif.get_ifd(IFD.Exif)
    inner[TAG.BodySerialNumber] = SERIAL
    inner[TAG.CameraOwnerName] = OWNER
    if taken:
        inner[TAG.DateTimeOriginal] = taken
    if offset:
        inner[TAG.OffsetTimeOriginal] = offset
    if gps:
        place = exif.get_ifd(IFD.GPSInfo)
        place[GPS.GPSLatitudeRef] = "N"
        place[GPS.GPSLatitude] = (29.0, 33.0, 36.0)
        place[GPS.GPSLongitudeRef] = "E"
        place[GPS.GPSLongitude] = (106.0, 33.0, 0.0)
    return exif


def picture(size: tuple[int, int] = (640, 480), colour=(200, 40, 40)) -> Image.Image:
    """A picture whose left half is coloured and right half white: orientation shows."""
    image = Image.new("RGB", size, "white")
    image.paste(Image.new("RGB", (size[0] // 2, size[1]), colour), (0, 0))
    return image


def make_jpeg(path: Path, size=(640, 480), colour=(200, 40, 40), **exif_options) -> Path:
    picture(size, colour).save(path, "JPEG", exif=phone_exif(**exif_options).tobytes())
    return path


def make_png(path: Path, size=(300, 200)) -> Path:
    Image.new("RGBA", size, (10, 120, 200, 128)).save(path, "PNG")
    return path


def make_truncated(path: Path) -> Path:
    buffer = io.BytesIO()
    picture((800, 600)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    return path


def make_bomb(path: Path, side: int = 40_000) -> Path:
    """A tiny PNG whose header claims side x side pixels (1.6 billion): a decompression bomb
    that must be refused before any pixel is decoded."""
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = struct.pack(">II", side, side) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    path.write_bytes(bytes(data))
    return path


def make_heic(path: Path, **exif_options) -> Path | None:
    try:
        import pillow_heif
    except ImportError:
        return None
    pillow_heif.register_heif_opener()
    try:
        picture((400, 300)).save(path, "HEIF", exif=phone_exif(**exif_options).tobytes())
    except Exception:
        return None
    return path


def metadata_of(data: bytes) -> dict:
    """Everything a reader could learn from a JPEG's metadata."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return {
            "exif": dict(exif),
            "inner": dict(exif.get_ifd(IFD.Exif)),
            "gps": dict(exif.get_ifd(IFD.GPSInfo)),
            "info": {
                k: v
                for k, v in image.info.items()
                if k
                not in (
                    "jfif",
                    "jfif_version",
                    "jfif_unit",
                    "jfif_density",
                    "dpi",
                    "progressive",
                    "progression",
                    "adobe",
                    "adobe_transform",
                )
            },
            "size": image.size,
        }
