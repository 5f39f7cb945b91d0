"""The day's photos: the list with captions, the picture itself, its caption to edit.

The picture is drawn by textual-image (Kitty's graphics protocol or Sixel where the terminal
has them, half-blocks elsewhere, tmux included). A thumbnail is made from the diary's copy in
a worker, never on the screen's thread, and kept for the session."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from missiondiary.domain import Day, Photo
from missiondiary.tui import keymap
from missiondiary.tui.handles import Child
from missiondiary.tui.screens.photo_adding import PhotoAdder
from missiondiary.tui.widgets.footer import QuietFooter
from missiondiary.tui.workers import post_outcome

THUMBNAIL_SIDE = 640
EMPTY_HINT = "No photos yet: a adds them from a folder."
_CACHE: OrderedDict[str, Any] = OrderedDict()  # content hash -> PIL image, newest last
_CACHE_SIZE = 48


def cached_thumbnail(content_hash: str) -> Any | None:
    found = _CACHE.get(content_hash)
    if found is not None:
        _CACHE.move_to_end(content_hash)
    return found


def keep_thumbnail(content_hash: str, image: Any) -> None:
    _CACHE[content_hash] = image
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def _boxed(image: Any, columns: int, rows: int) -> Any:
    """The thumbnail padded to the box's shape (a cell is about twice as tall as wide), so the
    picture keeps its proportions however wide the terminal is. A few milliseconds on a
    thumbnail of 640 pixels."""
    if columns <= 0 or rows <= 0:
        return image
    from PIL import ImageOps

    ratio = columns / (2 * rows)
    width = max(1, min(THUMBNAIL_SIDE, round(THUMBNAIL_SIDE * ratio)))
    height = max(1, round(width / ratio))
    return ImageOps.pad(image, (width, height), color=(0, 0, 0))


def _picture_widget() -> Any:
    try:
        from textual_image.widget import Image as TerminalImage
    except ImportError:  # the app still works: the caption and the facts, no picture
        return Static("(pip install textual-image to see the picture here)", id="picture")
    return TerminalImage(id="picture")


def photo_option(photo: Photo) -> Option:
    caption = photo.caption or f"({photo.file_name})"
    # Text, not markup: a caption may hold brackets, and "[members]" is not a style.
    prompt = Text(f"{photo.at.local:%H:%M}  {caption}  {photo.visibility}")
    return Option(prompt, id=photo.id)


def show_picture(screen: DOMNode, image: Any) -> None:
    """The image in the screen's `#picture`, fitted to its box (where textual-image is there)."""
    picture = screen.query_one("#picture")
    if hasattr(picture, "image"):
        picture.image = _boxed(image, picture.size.width, picture.size.height)


class PhotosScreen(PhotoAdder, Screen[None]):
    """Reached with `i` from a day; esc goes back to the day; `a` adds photos
    (screens/photo_adding.py)."""

    CSS_PATH = "photos.tcss"
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("photos")
    AUTO_FOCUS = "#photo-list"

    @dataclass
    class PictureReady(Message):
        content_hash: str
        image: Any

    @dataclass
    class Saved(Message):
        photo: Photo

    @dataclass
    class Failed(Message):
        text: str

    def __init__(self, db_path: Path, day: Day, *, readonly: bool = False) -> None:
        super().__init__()
        self.db_path = db_path
        self.day = day
        self.photos: list[Photo] = list(day.photos)
        self.readonly = readonly
        self.heading = f"{day.mission.title} – Day {day.number}: photos"

    def compose(self) -> ComposeResult:
        yield Static(self.heading, id="photos-title")
        with Horizontal(id="photos-body"):
            yield OptionList(*(photo_option(photo) for photo in self.photos), id="photo-list")
            with Vertical(id="photo-view"):
                yield _picture_widget()
                yield Static("", id="photo-facts")
                yield Input(placeholder="Caption", id="caption", disabled=self.readonly)
        yield QuietFooter(compact=True)

    photo_list = Child("#photo-list", OptionList)
    caption_input = Child("#caption", Input)

    @property
    def current(self) -> Photo | None:
        index = self.photo_list.highlighted
        if index is None or not 0 <= index < len(self.photos):
            return None
        return self.photos[index]

    def on_mount(self) -> None:
        if self.photos:
            self.photo_list.highlighted = 0
        else:
            self.query_one("#photo-facts", Static).update(EMPTY_HINT)

    def show_photos(self, photos: list[Photo]) -> None:
        """The day's photos again, after some were added."""
        self.photos = list(photos)
        self.photo_list.clear_options()
        self.photo_list.add_options([photo_option(photo) for photo in self.photos])
        if self.photos:
            self.photo_list.highlighted = 0

    @on(OptionList.OptionHighlighted, "#photo-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        photo = self.current
        if photo is None:
            return
        self.caption_input.value = photo.caption
        place = f" · {photo.place}" if photo.place else ""
        self.query_one("#photo-facts", Static).update(
            f"{photo.at.local:%Y-%m-%d %H:%M} {photo.at.tz}{place} · {photo.file_name} · "
            f"{photo.width}x{photo.height}"
        )
        cached = cached_thumbnail(photo.content_hash)
        if cached is not None:
            show_picture(self, cached)
        else:
            self.make_thumbnail(photo.content_hash)

    def on_resize(self) -> None:
        photo = self.current
        cached = cached_thumbnail(photo.content_hash) if photo else None
        if cached is not None:
            self.call_after_refresh(show_picture, self, cached)  # padded to the new box

    @on(OptionList.OptionSelected, "#photo-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_caption()

    def action_edit_caption(self) -> None:
        if not self.readonly and self.current is not None:
            self.caption_input.focus()

    @work(thread=True, exclusive=True, group="thumbnail")
    def make_thumbnail(self, content_hash: str) -> None:
        from missiondiary.media.images import thumbnail

        post_outcome(
            self,
            self.db_path,
            lambda store: store.photo_jpeg(content_hash),
            lambda jpeg: self.PictureReady(content_hash, thumbnail(jpeg, THUMBNAIL_SIDE)),
            self.Failed,
            readonly=True,
        )

    @on(PictureReady)
    def _picture_ready(self, message: PictureReady) -> None:
        keep_thumbnail(message.content_hash, message.image)
        photo = self.current
        if photo is not None and photo.content_hash == message.content_hash:
            show_picture(self, message.image)

    @on(Input.Submitted, "#caption")
    def _caption_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save_caption()

    def action_save_caption(self) -> None:
        photo = self.current
        if photo is None or self.readonly:
            return
        self.save_caption(photo.id, self.caption_input.value)

    @work(thread=True, group="write")
    def save_caption(self, photo_id: str, caption: str) -> None:
        post_outcome(
            self,
            self.db_path,
            lambda store: store.save_photo_caption(photo_id, caption),
            self.Saved,
            self.Failed,
        )

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        for index, photo in enumerate(self.photos):
            if photo.id == message.photo.id:
                self.photos[index] = message.photo
                self.photo_list.replace_option_prompt_at_index(
                    index, photo_option(message.photo).prompt
                )
        if self.is_current:  # the caption step after adding says how many at its end
            self.notify("Caption saved", timeout=2)
        self.photo_list.focus()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.text, title="Photos", severity="error")

    def action_back(self) -> None:
        if self.caption_input.has_focus:
            self.photo_list.focus()  # out of the caption first, as esc goes back one level
            return
        self.dismiss(None)
