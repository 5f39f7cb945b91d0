"""Imports flow one way: cli -> tui -> demo -> publish, interchange -> store -> timeline ->
domain. The rules are import-linter contracts in pyproject.toml (the whole package: layers,
Textual only in tui, pendulum only in timeline, no sqlite3 outside store); this runs them with
the suite, as .ci/run does beside ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from import_helpers import PACKAGE, ROOT


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_room_of_the_package_is_under_a_contract() -> None:
    """A new top-level module or package must be placed in the layers, not slip past them."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = {
        part.strip(" ()")
        for layer in layers["layers"]
        for part in layer.replace(":", "|").split("|")
    }
    rooms = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    rooms |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert rooms <= named, f"not in any layer: {sorted(rooms - named)}"
