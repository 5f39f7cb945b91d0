"""Debian's hugo and jekyll, run on a folder of published posts as a member's site runs them.
Without the program the test is skipped with the line that installs it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

NEEDS_HUGO = pytest.mark.skipif(shutil.which("hugo") is None, reason="apt-get install hugo")
NEEDS_JEKYLL = pytest.mark.skipif(shutil.which("jekyll") is None, reason="apt-get install jekyll")


def hugo_build(site: Path) -> subprocess.CompletedProcess[str]:
    """`hugo` on `site`; the pages land in site/public."""
    return subprocess.run(
        ["hugo", "--source", str(site)], capture_output=True, text=True, timeout=120
    )


def jekyll_build(site: Path) -> subprocess.CompletedProcess[str]:
    """`jekyll build` on `site`; the pages land in site/_site."""
    return subprocess.run(
        ["jekyll", "build", "--source", str(site), "--destination", str(site / "_site")],
        capture_output=True,
        text=True,
        timeout=120,
    )
