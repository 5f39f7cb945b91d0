"""Themes are folders of plain data (themes/<name>/): the app's colours and the posts'
page and stylesheet, so the terminal and the members' pages match. No Textual here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from missiondiary.errors import InvalidInput

COLOR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "background",
    "surface",
    "panel",
    "foreground",
)
DEFAULT_THEME = "default"


@dataclass(frozen=True)
class ThemeSpec:
    name: str
    label: str
    dark: bool
    colors: dict[str, str] = field(default_factory=dict)
    post_css: str = ""
    page_template: str = ""


def theme_dirs() -> list[Path]:
    """Installed wheel first (themes copied into the package), then the source checkout."""
    here = Path(__file__).resolve().parent
    candidates = [here / "themes", here.parents[1] / "themes"]
    return [path for path in candidates if path.is_dir()]


def available_themes() -> list[str]:
    names: list[str] = []
    for folder in theme_dirs():
        for child in sorted(folder.iterdir()):
            if (child / "theme.toml").is_file() and child.name not in names:
                names.append(child.name)
    return names


@lru_cache(maxsize=16)
def load_theme(name: str = DEFAULT_THEME) -> ThemeSpec:
    known = available_themes()
    if name not in known:
        raise InvalidInput("--theme", f"unknown theme '{name}' (known: {', '.join(known)})")
    folder = next(d / name for d in theme_dirs() if (d / name / "theme.toml").is_file())
    try:
        data = tomllib.loads((folder / "theme.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InvalidInput("--theme", f"{folder / 'theme.toml'} cannot be read: {error}") from None
    colors = {key: str(value) for key, value in data.get("colors", {}).items() if key in COLOR_KEYS}
    missing = [key for key in ("primary",) if key not in colors]
    if missing:
        raise InvalidInput("--theme", f"{name} has no colour for {', '.join(missing)}")
    return ThemeSpec(
        name=name,
        label=str(data.get("label", name)),
        dark=bool(data.get("dark", True)),
        colors=colors,
        post_css=_read(folder / "post.css"),
        page_template=_read(folder / "page.html") or _read(theme_dirs()[0] / "default/page.html"),
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
