"""Notes the diary would not take (a full disk, a lock that lasts, a file made read-only),
written to a plain Markdown file instead, so nothing typed is lost; beside an encrypted
diary, to a small SQLCipher file under the diary's key instead. No Textual here."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from missiondiary.errors import DiaryError
from missiondiary.store import crypto


@dataclass(frozen=True)
class UnsavedText:
    """One meeting's notes or summary as typed."""

    meeting: str  # the meeting's title (its id when the title is not known)
    field: str  # notes | summary
    text: str


FIELD_WORDS = {"notes": "working notes (private)", "summary": "summary"}


def notes_file_text(diary: Path, texts: Sequence[UnsavedText], now: datetime) -> str:
    lines = [
        "# Notes from missiondiary",
        "",
        f"Written {now:%Y-%m-%d %H:%M:%S} from the app, because they were not (yet) saved in",
        f"{diary}. Copy them back into the meeting once the diary can be written.",
    ]
    for entry in texts:
        lines += ["", f"## {entry.meeting}: {FIELD_WORDS.get(entry.field, entry.field)}", ""]
        lines.append(entry.text)
    return "\n".join(lines).rstrip("\n") + "\n"


def candidate_folders(diary: Path) -> list[Path]:
    """Beside the diary first (where the delegate will look), then the home folder, then
    the temporary folder, for when the diary's own disk is the problem."""
    folders = [Path(diary).expanduser().parent, Path.home(), Path(tempfile.gettempdir())]
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


def write_unsaved_notes(
    diary: Path,
    texts: Sequence[UnsavedText],
    now: datetime | None = None,
    folders: Sequence[Path] | None = None,
) -> Path:
    """Write `texts` to a new file in the first folder that takes it; return its path.

    A new file every time (never one that exists), synced before the path is reported."""
    now = now or datetime.now()
    content = notes_file_text(diary, texts, now).encode("utf-8")
    stem = Path(diary).name.removesuffix(".db") or "diary"
    key = crypto.key_of(Path(diary))
    if key is not None:
        return _write_sealed(
            stem, key, content.decode("utf-8"), now, folders or [Path(diary).parent]
        )
    reasons = []
    for folder in folders or candidate_folders(diary):
        for attempt in range(100):
            suffix = f"-{attempt + 1}" if attempt else ""
            path = folder / f"{stem}-notes-{now:%Y%m%d-%H%M%S}{suffix}.md"
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            except OSError as error:
                reasons.append(f"{folder}: {error.strerror or error}")
                break
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as error:
                reasons.append(f"{folder}: {error.strerror or error}")
                path.unlink(missing_ok=True)
                break
            return path
    raise DiaryError(
        "Could not write the notes to a file anywhere ("
        + "; ".join(reasons)
        + "). They are still in the app: do not quit; copy them by hand"
    )


def _write_sealed(
    stem: str, key: crypto.Key, text: str, now: datetime, folders: Sequence[Path]
) -> Path:
    """The notes of an encrypted diary stay encrypted: a SQLCipher file beside it."""
    reasons = []
    for folder in [*folders, *candidate_folders(folders[0] / stem)]:
        path = folder / f"{stem}-notes-{now:%Y%m%d-%H%M%S}-encrypted.db"
        try:
            crypto.seal_text(path, key, text)
        except FileExistsError:
            continue
        except (*crypto.ERRORS, OSError) as error:
            reasons.append(f"{folder}: {error}")
            Path(path).unlink(missing_ok=True)
            continue
        return path
    raise DiaryError(
        "Could not write the notes to a file anywhere ("
        + "; ".join(reasons)
        + "). They are still in the app: do not quit; copy them by hand"
    )
