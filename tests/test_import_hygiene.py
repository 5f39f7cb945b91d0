"""Imports flow one way: cli, tui -> publish, store -> timeline, domain. Checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "missiondiary"

# module (relative to the package) -> package prefixes it must never import
FORBIDDEN = {
    "domain": ("missiondiary.store", "missiondiary.publish", "missiondiary.tui", "textual"),
    "timeline.py": ("missiondiary.store", "missiondiary.publish", "missiondiary.tui", "textual"),
    "errors.py": ("missiondiary.",),
    "themes.py": ("missiondiary.store", "missiondiary.tui", "textual"),
    "store": ("missiondiary.publish", "missiondiary.tui", "missiondiary.cli", "textual"),
    "publish": ("missiondiary.tui", "missiondiary.cli", "textual"),
}


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def files_of(target: str) -> list[Path]:
    path = PACKAGE / target
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


@pytest.mark.parametrize("target", sorted(FORBIDDEN))
def test_lower_layers_never_import_upper_ones(target: str) -> None:
    for path in files_of(target):
        for name in imported_names(path):
            bad = [prefix for prefix in FORBIDDEN[target] if name.startswith(prefix)]
            assert not bad, f"{path.relative_to(PACKAGE)} imports {name}"


def test_pendulum_is_imported_only_by_timeline() -> None:
    users = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if any(name.split(".")[0] == "pendulum" for name in imported_names(path))
    ]
    assert users == ["timeline.py"]


def test_only_the_tui_package_imports_textual_at_module_level() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only; imports inside functions are lazy
            if isinstance(node, ast.Import | ast.ImportFrom):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                assert not (module or "").startswith(("textual", "missiondiary.tui")), path
