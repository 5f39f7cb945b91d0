"""Pick photos to add: a folder tree showing only folders and pictures, starting in the last
folder used. Space marks a photo or a whole folder; `a` adds what is marked, or else the
highlighted photo or folder; backspace climbs to the folder above.

The tree reads folders in its own thread worker (Textual's `DirectoryTree`), so a slow disk
never holds the screen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static
from textual.widgets._tree import TreeNode

from missiondiary.domain.photos import PHOTO_EXTENSIONS
from missiondiary.domain.text import plural
from missiondiary.publish.folders import short_path
from missiondiary.tui.handles import Child, KeyedScreen
from missiondiary.tui.widgets.footer import QuietFooter

PHOTOS_DIR_SETTING = "photos_dir"


def is_photo(path: Path) -> bool:
    return path.suffix.lower() in PHOTO_EXTENSIONS


def start_folder(remembered: str) -> Path:
    """The last folder used, or the nearest folder above it that still exists, else home."""
    folder = Path(remembered).expanduser() if remembered else Path.home()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder if folder.is_dir() else Path.home()


@dataclass(frozen=True)
class Picked:
    """What the delegate chose: files and folders (a folder is every photo in it), and the
    folder to start in next time."""

    paths: tuple[Path, ...]
    folder: Path


class PhotoTree(DirectoryTree):
    """Folders (not hidden ones) and pictures only; marked entries carry a tick."""

    ICON_NODE = "▸ "  # plain signs: folder emoji are missing from many terminal fonts
    ICON_NODE_EXPANDED = "▾ "
    ICON_FILE = "· "

    def __init__(self, path: Path, **kwargs) -> None:
        super().__init__(path, **kwargs)
        self.marked: set[Path] = set()

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        for path in paths:
            if path.name.startswith("."):
                continue
            if self._safe_is_dir(path) or is_photo(path):
                yield path

    def render_label(self, node: TreeNode, base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        if node.data is not None and node.data.path in self.marked:
            return Text.assemble(("✓ ", "bold"), label)
        return label


class PhotoPicker(KeyedScreen, ModalScreen[Picked | None], keys="picker", css=False):
    """Reached with `a` on the photos screen; esc closes it and adds nothing."""

    AUTO_FOCUS = "PhotoTree"
    DEFAULT_CSS = """
    PhotoPicker { align: center middle; background: $background 60%; }
    PhotoPicker > Vertical {
        width: 100%; max-width: 100; height: 100%; max-height: 40;
        border: thick $primary 70%; background: $surface;
    }
    PhotoPicker #picker-title { height: 1; padding: 0 1; text-style: bold; }
    PhotoPicker #picker-folder { height: 1; padding: 0 1; color: $text-muted; }
    PhotoPicker PhotoTree { height: 1fr; }
    PhotoPicker #picker-marked { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add photos: space marks, a adds, backspace goes up", id="picker-title")
            yield Static(short_path(self.folder), id="picker-folder", markup=False)
            yield PhotoTree(self.folder)
            yield Static(
                "Nothing marked: a adds the highlighted photo or folder",
                id="picker-marked",
            )
            yield QuietFooter(compact=True)

    tree = Child(PhotoTree)

    def _highlighted(self) -> Path | None:
        node = self.tree.cursor_node
        return node.data.path if node is not None and node.data is not None else None

    def action_mark(self) -> None:
        path = self._highlighted()
        if path is None:
            return
        marked = self.tree.marked
        if path in marked:
            marked.discard(path)
        else:
            marked.add(path)
        self.tree.refresh()
        self._say_marked()
        self.tree.action_cursor_down()

    def _say_marked(self) -> None:
        marked = self.tree.marked
        folders = sum(1 for path in marked if path.is_dir())
        files = len(marked) - folders
        parts = [plural(files, "photo")] if files else []
        parts += [plural(folders, "folder")] if folders else []
        text = (
            f"Marked: {' and '.join(parts)}; a adds them"
            if parts
            else "Nothing marked: a adds the highlighted photo or folder"
        )
        self.query_one("#picker-marked", Static).update(text)

    def action_up(self) -> None:
        parent = Path(self.tree.path).parent
        if parent != Path(self.tree.path):
            self.tree.marked.clear()
            self._say_marked()
            self.tree.path = parent
            self.query_one("#picker-folder", Static).update(short_path(parent))

    def action_add(self) -> None:
        marked = sorted(self.tree.marked)
        if marked:
            paths = marked
        else:
            highlighted = self._highlighted()
            paths = [highlighted] if highlighted is not None else [Path(self.tree.path)]
        first = paths[0]
        folder = first if first.is_dir() else first.parent
        self.dismiss(Picked(tuple(paths), folder))

    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.action_mark()  # enter on a photo marks it, as space does; on a folder it opens

    def action_back(self) -> None:
        self.dismiss(None)
