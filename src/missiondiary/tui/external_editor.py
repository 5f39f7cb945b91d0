"""The delegate's own editor ($EDITOR, else $VISUAL, else vi) for a meeting's notes: the app
hands over the terminal and reads the file back when the editor closes."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

# What can go wrong in handing the terminal over, for the caller to tell the delegate.
EDITOR_ERRORS = (OSError, ValueError, subprocess.SubprocessError)


def editor_command() -> str:
    return os.environ.get("EDITOR") or os.environ.get("VISUAL") or "vi"


def edit_outside(text: str, command: str, app: App) -> str | None:
    """Suspend the app, edit `text` in a temporary Markdown file, and read it back."""
    handle, name = tempfile.mkstemp(prefix="missiondiary-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        with app.suspend():
            subprocess.run([*shlex.split(command), str(path)], check=False)
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


def edit_in_editor(app: App, text: str) -> tuple[str | None, str]:
    """(the edited text, or None; a line for the delegate when the editor did not run)."""
    command = editor_command()
    try:
        return edit_outside(text, command, app), ""
    except EDITOR_ERRORS as error:
        return None, f"{command}: {error}"
    except SuspendNotSupported:
        return None, "The app cannot hand the terminal to an editor here."
