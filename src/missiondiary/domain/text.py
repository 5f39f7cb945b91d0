"""How the diary words small things, the same at every door: typed text as one line, and a
count with its noun ("1 photo", "3 entries")."""

from __future__ import annotations


def one_line(text: str | None) -> str:
    """Typed text as one line: runs of spaces, tabs and newlines become one space."""
    return " ".join((text or "").split())


def plural(count: int, word: str, many: str | None = None) -> str:
    """`plural(2, "entry", "entries")` -> "2 entries"; without `many`, an s is added."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
