"""Why a calendar file cannot be read, in words, before any library reads it.

The iCalendar libraries stop at the first thing they cannot parse with a message meant for
programmers ("not enough values to unpack", "Invalid month: ''"), or accept a broken line
without a word. This pass reads the file's lines the way RFC 5545 defines them and refuses
the file with one line that names it, the line number and component, and what is wrong.
Text from the file is shown only through `shown()`: control characters never reach the
terminal raw.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from missiondiary.errors import InvalidInput

_NAME = re.compile(r"[A-Za-z0-9-]+")
_PARAM = re.compile(r';[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*')
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_OFFSET = re.compile(r"([+-])(\d{2})(\d{2})(\d{2})?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Properties holding dates or date-times, and those holding UTC offsets.
_WHEN = frozenset(
    {"DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "DTSTAMP", "CREATED"}
    | {"LAST-MODIFIED", "COMPLETED"}
)
_OFFSETS = frozenset({"TZOFFSETFROM", "TZOFFSETTO"})


def shown(text: str, limit: int = 40) -> str:
    """File text fit for one terminal line: control characters escaped, long text cut."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", cut)


def checked_text(data: bytes | str, source: str) -> str:
    """The file as text, or InvalidInput naming the first thing that makes it no calendar."""
    name = shown(source, 200)
    text = data.decode("utf-8-sig", "replace") if isinstance(data, bytes) else data
    if not text.strip():
        raise InvalidInput(f"{name}: not a calendar file (.ics): the file is empty")
    lines = _unfolded(text)
    first_number, first = next((n, line) for n, line in lines if line.strip())
    if first.strip().upper() != "BEGIN:VCALENDAR":
        what = "binary data" if _CONTROL.search(first) else f"'{shown(first.strip())}'"
        raise InvalidInput(
            f"{name}: not a calendar file (.ics): it starts with {what} on line {first_number}, "
            "not BEGIN:VCALENDAR"
        )
    open_components: list[tuple[str, int]] = []  # (name, line it began on)
    for number, line in lines:
        where = f"{name}, line {number}"
        if open_components:
            where += f" (in {open_components[-1][0]} begun on line {open_components[-1][1]})"
        if not line.strip():
            continue  # blank lines are not allowed, but every program skips them
        control = _CONTROL.search(line)
        if control:
            named = _NAME.match(line)
            holder = named.group().upper() if named and line[named.end() :][:1] in ":;" else ""
            raise InvalidInput(
                f"{where}: {holder} holds a control character ({shown(control.group())}), "
                "which calendar text may not hold"
                if holder
                else f"{where}: binary data (control characters), not calendar text"
            )
        if not open_components and line.strip().upper() != "BEGIN:VCALENDAR":
            continue  # text after END:VCALENDAR: every program ignores it
        property_name, value = _split(line, where)
        if property_name == "BEGIN":
            open_components.append((value.strip().upper(), number))
        elif property_name == "END":
            closing = value.strip().upper()
            if not open_components or open_components[-1][0] != closing:
                expected = open_components[-1][0] if open_components else "nothing"
                raise InvalidInput(f"{where}: END:{shown(closing)} where {expected} should end")
            open_components.pop()
        elif property_name in _WHEN | {"RDATE"} and _dated(line):
            _check_when(property_name, value, where)
        elif property_name in _OFFSETS:
            _check_offset(property_name, value, where)
    if open_components:
        component, began = open_components[-1]
        raise InvalidInput(
            f"{name}: not a complete calendar: it stops inside the {component} begun on line "
            f"{began}, before END:{component} (the file was cut short?)"
        )
    return text


def _unfolded(text: str) -> list[tuple[int, str]]:
    """Content lines with their first physical line's number (RFC 5545 3.1 folding); blank
    lines, which some programs write inside a folded line, are left out."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if not raw.strip():
            continue
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        else:
            lines.append((number, raw))
    return lines


def _split(line: str, where: str) -> tuple[str, str]:
    """NAME;PARAM=...:VALUE -> (NAME, VALUE), or a worded refusal."""
    match = _NAME.match(line)
    if match is None:
        raise InvalidInput(f"{where}: '{shown(line)}' does not start with a property name")
    position = match.end()
    while line.startswith(";", position):
        param = _PARAM.match(line, position)
        if param is None:
            raise InvalidInput(
                f"{where}: a parameter of {shown(match.group())} is not NAME=value: "
                f"'{shown(line[position:])}'"
            )
        position = param.end()
    if not line.startswith(":", position):
        raise InvalidInput(
            f"{where}: '{shown(line)}' has no colon between the property name and its value"
        )
    return match.group().upper(), line[position + 1 :]


def _dated(line: str) -> bool:
    """Whether the property's value is a date or date-time (not VALUE=PERIOD or TIME)."""
    params = line.split(":", 1)[0].upper()
    kind = re.search(r";VALUE=([A-Z-]+)", params)
    return kind is None or kind.group(1) in ("DATE", "DATE-TIME")


def _check_when(name: str, value: str, where: str) -> None:
    for part in value.split(","):
        text = part.strip()
        if not text and name in ("EXDATE", "RDATE"):
            continue  # an empty exception list: nothing to leave out
        match = _DATE_TIME.fullmatch(text)
        if match is None:
            raise InvalidInput(
                f"{where}: {name} '{shown(text)}' is not a date (YYYYMMDD) or a date and time "
                "(YYYYMMDDTHHMMSS)"
            )
        year, month, day, hour, minute, second, _ = match.groups()
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            what = "month" if not 1 <= int(month) <= 12 else "day"
            raise InvalidInput(
                f"{where}: {name} '{shown(text)}' is not a real date (no {what} "
                f"{month if what == 'month' else day})"
            ) from None
        if hour is not None:
            try:
                datetime(2000, 1, 1, int(hour), int(minute), min(int(second), 59))
            except ValueError:
                raise InvalidInput(
                    f"{where}: {name} '{shown(text)}' is not a real time of day"
                ) from None


def _check_offset(name: str, value: str, where: str) -> None:
    text = value.strip()
    match = _OFFSET.fullmatch(text)
    if match is None:
        raise InvalidInput(f"{where}: {name} '{shown(text)}' is not a UTC offset like +0800")
    _, hours, minutes, seconds = match.groups()
    if int(hours) >= 24 or int(minutes) >= 60 or int(seconds or 0) >= 60:
        raise InvalidInput(
            f"{where}: {name} '{shown(text)}' is not a UTC offset: "
            f"{int(hours)} hours {int(minutes)} minutes is beyond a day"
            if int(hours) >= 24
            else f"{where}: {name} '{shown(text)}' is not a UTC offset: minutes or seconds past 59"
        )
