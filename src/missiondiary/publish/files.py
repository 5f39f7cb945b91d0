"""Writing files (posts, sites, reports, exports, calendars): only inside the chosen folder,
and atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

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


def write_atomic(
    out_dir: Path,
    name: str,
    data: str | bytes,
    *,
    make_folder: bool = True,
    owner_only: bool = False,
) -> Path:
    """Temp file + rename, so a reader never sees half a file; refuses to leave out_dir.

    `make_folder=False`: a missing folder is an error (a file named on the command line).
    `owner_only`: the file keeps the temp file's 0600 (an export holds private entries);
    otherwise it gets the umask's mode, because a post is for a web server to read."""
    if make_folder:
        folder = prepare_folder(out_dir)
    else:
        if not Path(out_dir).is_dir():
            raise DiaryError(f"--out: the folder {out_dir} does not exist")
        folder = Path(out_dir).resolve()
    target = (folder / name).resolve()
    if target.parent != folder or name in ("", ".", ".."):
        raise InvalidInput("--out", f"refusing to write '{name}' outside {folder}")
    temp_name = ""
    mode, encoding = ("wb", None) if isinstance(data, bytes) else ("w", "utf-8")
    try:
        with tempfile.NamedTemporaryFile(
            mode, encoding=encoding, dir=folder, prefix=".tmp-", suffix=".part", delete=False
        ) as handle:
            temp_name = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not owner_only:
            os.chmod(temp_name, 0o666 & ~_umask())
        os.replace(temp_name, target)
    except OSError as error:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise DiaryError(f"--out: cannot write {target}: {error.strerror}") from None
    return target


def remove(path: Path) -> Path:
    """A file we wrote earlier, taken out (one already gone is fine)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise DiaryError(f"--out: cannot remove {path}: {error.strerror}") from None
    return path


class Page(Protocol):
    """A day post or a report, rendered: what `write_page` writes."""

    @property
    def stem(self) -> str: ...
    @property
    def markdown(self) -> str: ...
    @property
    def html(self) -> str: ...


def write_page(out_dir: Path, page: Page, formats: tuple[str, ...]) -> list[Path]:
    """`<stem>.md` and/or `<stem>.html`, md first whatever the order of `formats`."""
    texts = {"md": page.markdown, "html": page.html}
    return [
        write_atomic(out_dir, f"{page.stem}.{kind}", text)
        for kind, text in texts.items()
        if kind in formats
    ]
