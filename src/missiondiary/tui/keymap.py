"""Every key of the app, once.

One table names each action with its key(s), its footer label, the screens where it applies,
whether (and in what order) the footer shows it, and a binding id. The screens' `BINDINGS`,
the footer's order, the command palette and the help screen are all made from it, so they
cannot disagree. The binding ids are what a keys file names to rebind a key
(`App.set_keymap`); see `keys_file()`.

Typing is never a command: a key a sentence can contain (a letter, a digit, punctuation,
space, enter) acts only while the focus is not in a text field (Textual hands such keys to the
focused field first); keys that act while typing are ctrl, alt or F-keys.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding

KEYS_FILE_ENV = "MISSIONDIARY_KEYS"

# The screens, in the help screen's order, with the help screen's heading for each.
SCREENS: dict[str, str] = {
    "app": "Everywhere",
    "day": "A mission day",
    "publish": "Publish",
    "search": "Search",
    "photos": "Photos",
    "picker": "Adding photos",
    "contacts": "Contacts",
    "missions": "Missions",
    "review": "Review",
    "welcome": "An empty diary",
    "help": "This help",
    "form": "Forms",
}
BROWSING = ("day", "missions", "review", "welcome", "help")  # no text box on screen, or not typing
WITH_BACK = (
    "day",
    "publish",
    "search",
    "photos",
    "picker",
    "contacts",
    "missions",
    "review",
    "help",
)


@dataclass(frozen=True)
class Key:
    """One action's key(s) on the screens it applies to."""

    id: str  # the binding id: what a keys file names to rebind it
    action: str  # the screen's action: "prev_day", "show_text('notes')"
    keys: str  # Textual key names, comma-separated ("question_mark,f1"); "" for palette only
    label: str  # the footer's word
    does: str  # the help screen's line and the command palette's title
    screens: tuple[str, ...]
    footer: bool = False
    order: int = 50  # footer order, lower first: at 80 columns the first ones stay in view
    typing: bool = False  # acts while a text field has the focus (then never a printable key)
    writes: bool = False  # changes the diary: not offered on a read-only day
    palette: bool = True  # offered in the command palette
    priority: bool = False  # acts before the focused widget sees the key (lists' enter)
    bound: bool = True  # False: a key Textual or a widget handles itself; listed in help only
    display: str = ""  # how help and the footer show the key, when not its name
    section: str = ""  # the help section, when not the first screen's

    @property
    def shown_key(self) -> str:
        return self.display or " ".join(self.keys.split(","))


# fmt: off
TABLE: tuple[Key, ...] = (
    # --- everywhere -------------------------------------------------------------------------
    Key("help", "app.help", "question_mark,f1", "Help", "Every key, on one screen",
        ("day", "publish", "search", "photos", "picker", "contacts", "missions", "review",
         "welcome", "help"),
        footer=True, order=30, display="? f1", section="app"),
    Key("quit", "app.quit", "q", "Quit", "Quit (everything is already saved)", BROWSING,
        footer=True, order=40, section="app", palette=False),
    Key("quit-anywhere", "app.quit", "ctrl+q", "Quit", "Quit, even while typing", ("app",),
        priority=True, typing=True, palette=False),
    Key("send-waiting", "app.send_waiting", "", "Send", "Send waiting posts (the outbox)",
        ("day",), section="app"),
    Key("palette", "command_palette", "ctrl+p", "Commands",
        "Command palette: every command and the theme", ("app",), priority=True, typing=True,
        palette=False),
    Key("back", "back", "escape", "Back",
        "Back one level (out of the notes, to the day, to Review); never quits", WITH_BACK,
        footer=True, order=45, typing=True, palette=False, display="esc", section="app"),
    # --- a mission day ------------------------------------------------------------------------
    Key("prev-day", "prev_day", "left_square_bracket", "Prev",
        "Previous day (Day 0 is travel before the start)", ("day",), footer=True, order=10,
        display="["),
    Key("next-day", "next_day", "right_square_bracket", "Next", "Next day", ("day",),
        footer=True, order=11, display="]"),
    Key("today", "today", "t", "Today", "Today (Day 1 when the mission isn't under way)",
        ("day",)),
    Key("next-pane", "next_pane", "tab", "Next pane",
        "Next pane: itinerary, meetings, notes, follow-ups", ("day",), typing=True,
        palette=False),
    Key("prev-pane", "prev_pane", "shift+tab", "Previous pane", "Previous pane", ("day",),
        typing=True, palette=False),
    Key("add", "add", "a", "Add", "Add to the focused pane", ("day",), footer=True, order=12,
        writes=True),
    Key("open", "open", "enter", "Open", "Open or edit the selected entry", ("day",),
        writes=True),
    Key("switch-text", "show_text('summary')", "s", "Summary",
        "Show the meeting's summary (what members read)", ("day",), footer=True, order=50),
    Key("switch-text", "show_text('notes')", "s", "Notes",
        "Show the meeting's working notes (private)", ("day",), footer=True, order=50),
    Key("external-edit", "external_edit", "e", "$EDITOR",
        "Edit the selected meeting's text in $EDITOR", ("day",), writes=True),
    Key("edit-day", "edit_day", "e", "Edit day", "Edit this day (it is open read-only)",
        ("day",), footer=True, order=13),
    Key("toggle-done", "toggle_done", "space", "Done", "Tick a follow-up done (again reopens)",
        ("day",), writes=True),
    Key("visibility", "cycle_visibility", "v", "Visibility",
        "Cycle visibility: private, members, public", ("day",), footer=True, order=51,
        writes=True),
    Key("delete", "delete", "d", "Delete", "Delete the selected entry (asks first)", ("day",),
        footer=True, order=52, writes=True),
    Key("undo", "undo", "u", "Undo", "Undo the last change", ("day",), footer=True, order=53,
        writes=True),
    Key("search", "search", "slash", "Search", "Search every mission as you type", ("day",),
        footer=True, order=21, display="/"),
    Key("publish", "publish", "p", "Publish", "Publish this day (preview first)", ("day",),
        footer=True, order=20),
    Key("missions", "missions", "m", "Missions", "Missions: open, create, edit", ("day",)),
    Key("photos", "photos", "i", "Photos", "The day's photos: see them, caption them, add more",
        ("day",)),
    Key("review", "review", "r", "Review", "Review past missions", ("day",)),
    Key("contacts", "contacts", "c", "Contacts",
        "Contacts: organisations and people met, every meeting with them", ("day",)),
    Key("save-now", "save_now", "ctrl+s", "Save",
        "Save the notes now (to a file if the diary refuses them)", ("day",), typing=True),
    Key("save-elsewhere", "save_elsewhere", "", "Save to a file",
        "Save the notes to a Markdown file beside the diary", ("day",)),
    # --- publish ------------------------------------------------------------------------------
    Key("write-post", "write", "ctrl+s", "Write",
        "Write the day's post (Markdown and HTML) to the folder", ("publish",), footer=True,
        order=10, typing=True),
    Key("audience", "toggle_audience", "ctrl+t", "Audience",
        "Audience: members or public", ("publish",), footer=True, order=11, typing=True),
    Key("post-visibility", "cycle_post_visibility", "v", "Visibility",
        "Cycle the day post's visibility", ("publish",), footer=True, order=14),
    Key("folder", "edit_folder", "ctrl+o", "Folder", "The output folder", ("publish",),
        footer=True, order=13, typing=True),
    Key("edit-words", "edit_words", "e", "Words",
        "Your words for the day (they save themselves)", ("publish",)),
    Key("publish-all", "publish_all", "ctrl+g", "All days",
        "Publish every day of the mission (asks first)", ("publish",), footer=True, order=12,
        typing=True),
    # --- search -------------------------------------------------------------------------------
    Key("search-scope", "toggle_scope", "ctrl+t", "This mission only",
        "This mission only / every mission", ("search",), footer=True, order=10, typing=True),
    Key("search-results", "results", "down", "Results", "Move into the results", ("search",),
        typing=True, palette=False),
    Key("search-query", "query", "slash", "Edit search", "Back to the search words",
        ("search",), display="/"),
    # --- photos -------------------------------------------------------------------------------
    Key("photo-caption", "edit_caption", "enter", "Caption", "Edit the photo's caption",
        ("photos",), footer=True, order=10, bound=False),
    Key("photo-save", "save_caption", "ctrl+s", "Save", "Save the caption (enter too)",
        ("photos",), footer=True, order=11, typing=True),
    Key("photo-add", "add_photos", "a", "Add",
        "Add photos from a folder (pick them, then caption them one by one)", ("photos",),
        footer=True, order=9, writes=True),
    # --- adding photos: the picker ------------------------------------------------------------
    Key("picker-mark", "mark", "space", "Mark",
        "Mark or unmark the photo or folder (a folder: every photo in it)", ("picker",),
        footer=True, order=10, priority=True),
    Key("picker-add", "add", "a", "Add",
        "Add the marked photos, else the highlighted photo or folder", ("picker",),
        footer=True, order=11),
    Key("picker-up", "up", "backspace", "Up", "Up to the folder above", ("picker",),
        footer=True, order=12),
    Key("picker-open", "select_cursor", "enter", "Open",
        "Open or close a folder; mark a photo", ("picker",), bound=False, palette=False),
    Key("adding-stop", "stop", "escape", "Stop",
        "While photos are read: stop, and add none of them", ("adding",), footer=True,
        order=10, palette=False, display="esc", section="picker"),
    # --- contacts -----------------------------------------------------------------------------
    Key("contacts-list", "to_list", "down", "List", "From the filter into the list",
        ("contacts",), typing=True, palette=False),
    Key("contacts-filter", "filter", "slash", "Filter", "Back to the filter", ("contacts",),
        footer=True, order=10, display="/"),
    # --- missions -----------------------------------------------------------------------------
    Key("missions-open", "open", "enter", "Open", "Open the mission (today, or Day 1)",
        ("missions",), footer=True, order=10, priority=True),
    Key("missions-new", "new", "n", "New mission", "New mission", ("missions",), footer=True,
        order=11),
    Key("missions-edit", "edit", "e", "Edit mission", "Edit the selected mission",
        ("missions",), footer=True, order=12),
    # --- review -------------------------------------------------------------------------------
    Key("review-read", "choose", "enter", "Read day", "Open the day read-only",
        ("review",), footer=True, order=10, priority=True),
    Key("review-edit", "edit_day", "e", "Edit day", "Open the day to edit", ("review",),
        footer=True, order=11),
    Key("review-report", "write_report", "w", "Write report",
        "Write the mission report for members", ("review",), footer=True, order=12),
    # --- an empty diary -----------------------------------------------------------------------
    Key("welcome-create", "create", "c", "Create a mission", "Create a mission",
        ("welcome",), footer=True, order=10),
    Key("welcome-demo", "demo", "d", "Load the demo", "Load the demo mission",
        ("welcome",), footer=True, order=11),
    Key("welcome-encrypt", "encrypt", "x", "Encrypt", "Encrypt this diary with a passphrase",
        ("welcome",), footer=True, order=12, writes=True),
    # --- forms: their own screens bind these; listed here so help shows them ----------------
    Key("form-next", "focus_next", "tab", "Next field", "Next field (shift+tab: previous)",
        ("form",), bound=False, palette=False),
    Key("form-save", "submit", "ctrl+s", "Save", "Save (enter too, outside a text box)",
        ("form",), bound=False, palette=False),
    Key("form-cancel", "cancel", "escape", "Cancel", "Close the form", ("form",),
        bound=False, palette=False, display="esc"),
)
# fmt: on


def rows_for(screen: str) -> list[Key]:
    """The screen's rows in footer order (then table order)."""
    rows = [row for row in TABLE if screen in row.screens]
    return sorted(rows, key=lambda row: (not row.footer, row.order))


def bindings(screen: str) -> list[Binding]:
    """`BINDINGS` for a screen: footer keys first, in footer order, each with its id."""
    return [
        Binding(
            row.keys,
            row.action,
            row.label,
            show=row.footer,
            key_display=row.display if row.display and "," not in row.keys else None,
            priority=row.priority,
            id=row.id,
        )
        for row in rows_for(screen)
        if row.bound and row.keys
    ]


def row_for(screen: str, action: str) -> Key | None:
    return next((row for row in TABLE if screen in row.screens and row.action == action), None)


def acts_while_typing(screen: str, action: str) -> bool:
    """Whether an action may run while a text field has the focus (True for unknown ones)."""
    row = row_for(screen, action)
    return row is None or row.typing


def palette_rows(screen: str) -> Iterator[Key]:
    for row in TABLE:
        if screen in row.screens and row.palette:
            yield row


def effective_keys(row: Key, keymap: dict[str, str]) -> str:
    """How the help screen shows a row's key, a user's rebinding included."""
    rebound = keymap.get(row.id)
    if rebound:
        return " ".join(rebound.split(","))
    return row.shown_key


def help_sections() -> list[tuple[str, list[Key]]]:
    """Each row once, under its section (the first screen it applies to, unless named)."""
    sections: dict[str, list[Key]] = {name: [] for name in SCREENS}
    seen: set[tuple[str, str]] = set()
    for row in TABLE:
        section = row.section or row.screens[0]
        if (section, row.id + row.action) in seen:
            continue
        seen.add((section, row.id + row.action))
        sections[section].append(row)
    return [(SCREENS[name], rows) for name, rows in sections.items() if rows]


# --- the keys file -----------------------------------------------------------------------------


def keys_file() -> Path:
    """Where a delegate's own keys live: `$MISSIONDIARY_KEYS`, else `keys.toml` in the user
    config folder (`~/.config/missiondiary/keys.toml` on Linux)."""
    env = os.environ.get(KEYS_FILE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("missiondiary", appauthor=False) / "keys.toml"


def read_keys_file(path: Path) -> tuple[dict[str, str], list[str]]:
    """The keymap a keys file asks for, and one line for each thing in it that was ignored.

    ```toml
    [keys]
    add = "n"                  # binding id = key
    write-post = "f5,ctrl+s"   # several keys, comma-separated
    ```
    A missing file is no keys and no complaint."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{path}: not read ({error}); the usual keys apply"]
    table = data.get("keys", {})
    if not isinstance(table, dict):
        return {}, [f'{path}: [keys] must be a table of id = "key"; the usual keys apply']
    known = {row.id for row in TABLE if row.bound}
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in known:
            problems.append(f"{path}: no key is called '{binding_id}'; it was ignored")
            continue
        if isinstance(keys, list) and all(isinstance(key, str) for key in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f'{path}: {binding_id}: give a key such as "f5"; it was ignored')
            continue
        keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems


def markdown_table() -> str:
    """The README's key table, section by section (a test keeps the README in step)."""
    lines = []
    for title, rows in help_sections():
        lines += [f"**{title}**", "", "| key | id | does |", "|-----|----|------|"]
        for row in rows:
            key = row.shown_key or "(palette)"
            shown = " ".join(f"`{part}`" for part in key.split(" "))
            lines.append(f"| {shown} | {row.id if row.bound else '—'} | {row.does} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
