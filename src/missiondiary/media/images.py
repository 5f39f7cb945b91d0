"""Pillow work on photos: read a file a phone wrote, keep a resized copy, strip copies.

The copy the diary keeps holds only the time and place tags (the delegate's own record);
every copy made to leave the diary (`published_copy`, `thumbnail`) holds no metadata at all.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from missiondiary.domain.photos import STORED_LONG_SIDE, parse_exif_offset, parse_exif_time
from missiondiary.errors import Worded

try:  # HEIC, as iPhones write it; without pillow-heif such files are refused in one line
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency, but a wheel may lack
    HEIF = False

# A photo is at most this many pixels: a phone's 200 MP sensor fits, a file that claims a
# billion (a decompression bomb: a few KB that would take gigabytes to open) does not.
MAX_PIXELS = 220_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2  # Pillow warns past this and refuses past twice it
JPEG_QUALITY = 85

_IFD = ExifTags.IFD
_TAG = ExifTags.Base
_GPS = ExifTags.GPS


class PhotoRefused(Worded):
    """A file that is not a photo we can keep; `reason` is worded for the user."""


@dataclass(frozen=True)
class PreparedPhoto:
    """What a file gives the diary: the copy to keep and what its metadata said."""

    path: str
    file_name: str
    content_hash: str  # of the original file's bytes: the same photo added twice is one
    jpeg: bytes
    width: int
    height: int
    taken: datetime | None  # the camera's wall time (DateTimeOriginal)
    offset: timedelta | None  # OffsetTimeOriginal, when the camera wrote one
    modified: float  # the file's modification time, seconds since the epoch
    latitude: float | None = None
    longitude: float | None = None


def _ratio(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return float("nan")


def _degrees(parts, ref) -> float | None:
    try:
        degrees, minutes, seconds = (_ratio(part) for part in parts)
    except (TypeError, ValueError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if value != value:  # NaN from a zero denominator
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    return -value if str(ref).strip().upper() in ("S", "W") else value


def _gps(exif: Image.Exif) -> tuple[float | None, float | None]:
    gps = exif.get_ifd(_IFD.GPSInfo)
    if not gps:
        return None, None
    latitude = _degrees(gps.get(_GPS.GPSLatitude), gps.get(_GPS.GPSLatitudeRef, "N"))
    longitude = _degrees(gps.get(_GPS.GPSLongitude), gps.get(_GPS.GPSLongitudeRef, "E"))
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _kept_exif(exif: Image.Exif) -> Image.Exif:
    """Only the time and the place: what the delegate may want later, nothing else (no
    serial numbers, owner, maker notes, thumbnails; no orientation, as it is applied)."""
    kept = Image.Exif()
    source = exif.get_ifd(_IFD.Exif)
    times = {
        tag: source[tag]
        for tag in (_TAG.DateTimeOriginal, _TAG.OffsetTimeOriginal)
        if source.get(tag)
    }
    if times:
        kept.get_ifd(_IFD.Exif).update(times)
    gps = exif.get_ifd(_IFD.GPSInfo)
    wanted = (
        _GPS.GPSLatitudeRef,
        _GPS.GPSLatitude,
        _GPS.GPSLongitudeRef,
        _GPS.GPSLongitude,
    )
    place = {tag: gps[tag] for tag in wanted if tag in gps}
    if place:
        kept.get_ifd(_IFD.GPSInfo).update(place)
    return kept


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(
                    f"{image.width}x{image.height} pixels is more than any camera makes "
                    "(a decompression bomb?)"
                )
            image.load()
        except PhotoRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(
                "far more pixels than any camera makes (a decompression bomb?)"
            ) from None
        except UnidentifiedImageError:
            hint = "" if HEIF else " (HEIC needs pillow-heif)"
            raise PhotoRefused(f"not a picture Pillow can read{hint}") from None
        except (OSError, SyntaxError, ValueError) as error:
            raise PhotoRefused(f"damaged or truncated ({error})") from None
    return image


def _resized(image: Image.Image, long_side: int) -> Image.Image:
    image = ImageOps.exif_transpose(image)  # the pixels turned as the camera meant them
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    if max(image.size) > long_side:
        # Bicubic (antialiased in Pillow) looks as good as Lanczos at these sizes and takes
        # three quarters of the time: a folder of 200 is resized in under a minute.
        image.thumbnail((long_side, long_side), Image.Resampling.BICUBIC)
    return image


def _jpeg(image: Image.Image, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    options: dict = {"quality": JPEG_QUALITY}
    if exif is not None and len(exif) + len(exif.get_ifd(_IFD.Exif)) > 0:
        options["exif"] = exif.tobytes()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def prepare(path: str | Path) -> PreparedPhoto:
    """Read a photo file and make the copy the diary keeps. Raises `PhotoRefused`.

    Pure apart from reading the file, so folders are prepared in worker processes."""
    source = Path(path)
    try:
        data = source.read_bytes()
        modified = os.stat(source).st_mtime
    except OSError as error:
        raise PhotoRefused(f"cannot be read ({error.strerror or error})") from None
    if not data:
        raise PhotoRefused("the file is empty")
    image = _open(data)
    exif = image.getexif()
    inner = exif.get_ifd(_IFD.Exif)
    taken = parse_exif_time(inner.get(_TAG.DateTimeOriginal) or exif.get(_TAG.DateTime))
    offset = parse_exif_offset(inner.get(_TAG.OffsetTimeOriginal))
    latitude, longitude = _gps(exif)
    kept = _resized(image, STORED_LONG_SIDE)
    return PreparedPhoto(
        path=str(source),
        file_name=source.name,
        content_hash=hashlib.sha256(data).hexdigest(),
        jpeg=_jpeg(kept, _kept_exif(exif)),
        width=kept.width,
        height=kept.height,
        taken=taken,
        offset=offset if taken else None,
        modified=modified,
        latitude=latitude,
        longitude=longitude,
    )


def prepare_or_refusal(path: str) -> PreparedPhoto | PhotoRefused:
    """For worker pools: the refusal comes back as a value, not as a pickled traceback."""
    try:
        return prepare(path)
    except PhotoRefused as refusal:
        return refusal
    except Exception as error:  # any decoder failure is this file's, not ours
        return PhotoRefused(f"could not be read as a picture ({type(error).__name__})")


def published_copy(jpeg: bytes, long_side: int) -> bytes:
    """A copy to leave the diary: at most `long_side` pixels, and no metadata whatever
    (the pixels are copied into a new image, so nothing of the old file travels)."""
    with Image.open(io.BytesIO(jpeg)) as stored:
        image = _resized(stored, long_side)
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
    return _jpeg(clean)


def size_of(jpeg: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(jpeg)) as image:
        return image.size


def thumbnail(jpeg: bytes, long_side: int) -> Image.Image:
    """A small copy to show in the terminal (the app's worker makes it, never its screen)."""
    with Image.open(io.BytesIO(jpeg)) as stored:
        stored.draft("RGB", (long_side, long_side))  # JPEG decodes at a fraction of the size
        return _resized(stored, long_side)
