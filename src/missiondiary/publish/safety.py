"""Text from the diary reaches members' sites: plain fields are escaped, Markdown fields
lose raw HTML and script links, whatever renders them (our HTML, Hugo, Jekyll's kramdown)."""

from __future__ import annotations

import re

# Backslash escapes that both CommonMark and kramdown honour.
_INLINE = re.compile(r"([\\`*_\[\]<>#|!$])")
# Text that would open a list, a heading underline or a numbered item; the escapes used
# (\- and 1\.) are valid anywhere, so fields are safe wherever they land.
_BULLET_START = re.compile(r"^(\s*)([-+=])(?=\s|$)")
_NUMBER_START = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
# kramdown extensions ({::comment}, {: .class}) and math ($$) that CommonMark lacks.
_KRAMDOWN = re.compile(r"\{:|\$\$")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)")
# A link target with a script or data scheme becomes a harmless in-page fragment.
_BAD_SCHEME = re.compile(r"(?i)(\]\(\s*<?|\]:\s*<?|<)\s*(javascript|vbscript|data|file)\s*:")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(text: str) -> str:
    """One line of user text as inert Markdown (titles, names, places)."""
    one_line = " ".join(_CONTROL.sub("", text or "").split())
    escaped = _INLINE.sub(r"\\\1", one_line)
    escaped = _BULLET_START.sub(r"\1\\\2", escaped)
    return _NUMBER_START.sub(r"\1\\\2", escaped)


def cell(text: str) -> str:
    """Plain text for a table cell."""
    return plain(text)


def markdown(text: str) -> str:
    """The delegate's own Markdown, kept, minus raw HTML and dangerous link targets."""
    cleaned = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = _TAG_OPEN.sub(r"\\<", cleaned)
    cleaned = _KRAMDOWN.sub(lambda m: "\\" + "\\".join(m.group(0)), cleaned)
    cleaned = _BAD_SCHEME.sub(lambda m: f"{m.group(1)}#{m.group(2).lower()}-", cleaned)
    return cleaned.strip()


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that any YAML 1.1/1.2 parser reads back unchanged."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        elif code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
