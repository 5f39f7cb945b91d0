"""Real file systems that say no: a read-only file, a read-only folder, a full disk.

Permission bits do not stop root, and these tests often run as root (containers, CI). So:
- a read-only file is `chmod 444` for a user, and `chattr +i` (immutable) for root;
- a read-only folder is `chmod 555` for a user, and a small tmpfs remounted read-only for root;
- a full disk is a small tmpfs filled up with a filler file.
Each helper checks that the file system really refuses writes (os.access, which answers
for root too) and skips with the reason when it cannot arrange that here.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        return subprocess.CompletedProcess(args, 127, "", str(error))


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of `size` mounted at `folder` (root only)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not ROOT:
        pytest.skip("mounting a small tmpfs needs root; not root here")
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(folder))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield folder
    finally:
        gc.collect()  # a connection a failed test left open would keep the mount busy
        if _run("umount", str(folder)).returncode != 0:
            _run("umount", "-l", str(folder))


@contextlib.contextmanager
def readonly_folder(folder: Path, *files: Path) -> Iterator[Path]:
    """`files` copied into `folder`, which then cannot be written (nor can they)."""
    if ROOT:
        with small_filesystem(folder, "8m"):
            for source in files:
                shutil.copy2(source, folder / source.name)
            remounted = _run("mount", "-o", "remount,ro", str(folder))
            if remounted.returncode != 0:
                pytest.skip(f"cannot remount the tmpfs read-only: {remounted.stderr.strip()}")
            assert not os.access(folder, os.W_OK)
            yield folder
        return
    folder.mkdir(parents=True, exist_ok=True)
    for source in files:
        shutil.copy2(source, folder / source.name)
        (folder / source.name).chmod(0o444)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("chmod 555 does not stop writes here")
        yield folder
    finally:
        folder.chmod(0o755)
        for source in files:
            (folder / source.name).chmod(0o644)


@contextlib.contextmanager
def readonly_file(path: Path) -> Iterator[Path]:
    """`path` cannot be written; its folder still can."""
    if ROOT:
        made = _run("chattr", "+i", str(path))
        if made.returncode != 0:
            pytest.skip(f"root cannot be kept from writing a file here: {made.stderr.strip()}")
        try:
            if os.access(path, os.W_OK):
                pytest.skip("chattr +i does not stop writes here")
            yield path
        finally:
            _run("chattr", "-i", str(path))
        return
    path.chmod(0o444)
    try:
        yield path
    finally:
        path.chmod(0o644)


@contextlib.contextmanager
def full_disk(folder: Path, *files: Path, size: str = "2m") -> Iterator[Path]:
    """`files` copied onto a small file system at `folder` that is then filled up."""
    with small_filesystem(folder, size):
        for source in files:
            shutil.copy2(source, folder / source.name)
        filler = folder / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            block = b"\0" * 4096
            while True:
                handle.write(block)
                handle.flush()
        assert shutil.disk_usage(folder).free < 8192
        yield folder


def checkpointed_bytes(path: Path) -> bytes:
    """The diary's bytes once every committed change is in the main file (see
    docs/reliability.md: a failed command must leave exactly these bytes)."""
    import sqlite3

    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size and os.access(path.parent, os.W_OK):
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    return path.read_bytes()
