"""Writing published files: only inside the chosen folder, and atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from missiondiary.errors import DiaryError, InvalidInput


def prepare_folder(out_dir: Path) -> Path:
    out = Path(out_dir).expanduser()
    if out.exists() and not out.is_dir():
        raise InvalidInput("--out", f"{out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DiaryError(f"--out: cannot create {out}: {error.strerror}") from None
    return out.resolve()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomic(out_dir: Path, name: str, text: str) -> Path:
    """Temp file + rename, so a reader never sees half a post; refuses to leave out_dir."""
    folder = prepare_folder(out_dir)
    target = (folder / name).resolve()
    if target.parent != folder or name in ("", ".", ".."):
        raise InvalidInput("--out", f"refusing to write '{name}' outside {folder}")
    temp_name = ""
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=".tmp-", suffix=".part", delete=False
        ) as handle:
            temp_name = handle.name
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # Temp files are created owner-only; a post is for a web server to read.
        os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, target)
    except OSError as error:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise DiaryError(f"--out: cannot write {target}: {error.strerror}") from None
    return target
