"""The delegate's settings file (TOML): the app's lock time and the diaries whose passphrase
the delegate chose to keep in the system keyring. Settings of one diary live in the diary;
these are about the machine, and the keyring choice must be known before the diary opens."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_LOCK_MINUTES",
    "config_path",
    "keyring_diaries",
    "lock_minutes",
    "read_config",
    "set_keyring_diary",
    "write_config",
]

DEFAULT_LOCK_MINUTES = 10.0


def config_path() -> Path:
    env = os.environ.get("MISSIONDIARY_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("missiondiary", appauthor=False) / "config.toml"


def read_config() -> dict[str, Any]:
    """The settings, or none when the file is missing or unreadable (defaults apply)."""
    try:
        return tomllib.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def write_config(values: dict[str, Any]) -> None:
    """Write the settings (top-level numbers, booleans, strings and lists of strings)."""
    lines = ["# missiondiary settings (https://toml.io)"]
    for name, value in values.items():
        lines.append(f"{name} = {_toml(value)}")
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")
    temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temp, path)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(str(value))  # a JSON string is a TOML basic string


def lock_minutes() -> float | None:
    """Minutes of idle time before the app locks an encrypted diary; None: never."""
    value = read_config().get("lock_after_minutes", DEFAULT_LOCK_MINUTES)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)


def keyring_diaries() -> list[str]:
    found = read_config().get("keyring", [])
    return [str(item) for item in found] if isinstance(found, list) else []


def set_keyring_diary(diary: Path, remember: bool) -> None:
    values = read_config()
    listed = [item for item in keyring_diaries() if item != str(diary)]
    if remember:
        listed.append(str(diary))
    values["keyring"] = listed
    write_config(values)
