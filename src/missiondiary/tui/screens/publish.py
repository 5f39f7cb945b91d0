"""Publish a day: see the post exactly as it will be written, edit the day's own words,
then write Markdown and HTML to the output folder (or every day of the mission at once).

The preview is `RenderedPost.body`, the very text `write_rendered` puts after the front
matter. How many entries the audience will not see is said here, never in the post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Input,
    Label,
    Markdown,
    ProgressBar,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)

from missiondiary.domain import Audience, Day, Visibility
from missiondiary.domain.text import plural
from missiondiary.errors import DiaryError
from missiondiary.publish import (
    PublishResult,
    RenderedPost,
    publish_mission,
    render_day,
    withdraw_day,
    write_rendered,
)
from missiondiary.publish.folders import (
    POSTS_DIR_SETTING,
    default_posts_dir,
    folder_setting,
    resolve_folder,
    short_path,
)
from missiondiary.store import Store, open_store
from missiondiary.themes import DEFAULT_THEME, available_themes
from missiondiary.timeline import stamp
from missiondiary.tui import keymap
from missiondiary.tui.handles import Child, KeyedScreen
from missiondiary.tui.widgets.footer import FittingFooter
from missiondiary.tui.workers import post_outcome
from missiondiary.tui.writer import writer_for

FORMATS = ("md", "html")
SAVE_AFTER_SECONDS = 0.8
AUDIENCES = (Audience.MEMBERS, Audience.PUBLIC)


def withheld_words(count: int, audience: Audience) -> str:
    if count == 0:
        return f"Nothing withheld from {audience.value}"
    return f"{count} entr{'y' if count == 1 else 'ies'} withheld from {audience.value}"


def front_matter_content(fields: dict[str, object]) -> Content:
    """The front matter compactly: the title on its own line, the other fields after it."""
    title = str(fields.get("title", ""))
    parts = []
    for key, value in fields.items():
        if key == "title" or isinstance(value, bool):
            continue  # switches for the site generator, not something to read
        if key == "permalink" and value == fields.get("url"):
            continue  # Jekyll's name for the address `url` already shows
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        if shown:
            parts.append(Content.assemble((f"{key} ", "$text-muted"), shown))
    return Content.assemble((title, "bold"), "\n", Content(" · ").join(parts))


def theme_for_posts(name: str) -> str:
    """The app's theme when it is one of the diary's (so posts match the app), else default."""
    return name if name in available_themes() else DEFAULT_THEME


@dataclass(frozen=True)
class Target:
    """Who a render or write is for, and the app's theme then: read on the UI thread,
    handed to a worker."""

    audience: Audience
    app_theme: str

    def render(self, day: Day) -> RenderedPost:
        """In workers only: rendering reads the theme's files."""
        return render_day(day, self.audience, theme_for_posts(self.app_theme))


class PublishScreen(KeyedScreen, Screen[None], keys="publish"):
    """Preview, edit the day's words, write the post; the app needs nothing back."""

    AUTO_FOCUS = "#words"  # the delegate came to write: every key they type is a word
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    audience: reactive[Audience] = reactive(Audience.MEMBERS, init=False)

    # --- what the workers report -------------------------------------------------
    @dataclass
    class Loaded(Message):
        words: str
        folder: str

    @dataclass
    class Rendered(Message):
        post: RenderedPost
        audience: Audience

    @dataclass
    class Saved(Message):
        words: str
        then_close: bool = False

    @dataclass
    class Written(Message):
        paths: list[Path]
        audience: Audience

    @dataclass
    class NothingToWrite(Message):
        """The day has nothing for the audience (`RenderedPost.empty`): no file was written,
        and its earlier files, if any, were taken out of the folder (`removed`)."""

        post: RenderedPost
        audience: Audience
        removed: tuple[Path, ...] = ()

    @dataclass
    class Progress(Message):
        done: int
        total: int

    @dataclass
    class MissionPublished(Message):
        results: list[PublishResult]
        folder: Path
        audience: Audience

    @dataclass
    class Failed(Message):
        error: str
        action: str

    def __init__(self, db_path: Path, mission_id: str, day: date) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.mission_id = mission_id
        self.day = day
        self.post: RenderedPost | None = None
        self.saved_words: str | None = None  # what the store holds, once loaded
        self.typed_words = ""  # what the editor holds, kept here to outlive the editor
        self._save_timer: Timer | None = None
        self.day_number_shown: int | None = None
        self.words_saved_once = False
        self.post_visibility: Visibility | None = None  # who may read the words, once known

    def compose(self) -> ComposeResult:
        with Horizontal(id="publish-head"):
            yield Label("Publish", id="publish-title")
            yield Label(f" · {self.day:%a %-d %b %Y}", id="publish-date")
            with RadioSet(id="audience", compact=True):
                yield RadioButton("members", value=True, id="audience-members")
                yield RadioButton("public", id="audience-public")
            yield Label("", id="withheld")
        # What was written shows at the top, where no notification covers it.
        yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="written")
        with Horizontal(id="publish-body"):
            with Vertical(id="words-box"):
                yield Label("Your words for the day", id="words-label")
                # Read-only (yet focused) until the stored words are in: an early key is
                # neither lost into the wrong text nor taken as a command.
                yield TextArea(
                    "", id="words", soft_wrap=True, show_line_numbers=False, read_only=True
                )
            with VerticalScroll(id="preview"):
                yield Static("", id="front-matter")
                yield Markdown("", id="post", open_links=False)
        with Horizontal(id="publish-foot"):
            yield Label("Folder", id="folder-label")
            yield Input(str(default_posts_dir(self.db_path)), id="folder", compact=True)
            yield Button(
                "Write", id="write", variant="primary", compact=True, action="screen.write"
            )
            yield Button(
                "Whole mission", id="publish-all", compact=True, action="screen.publish_all"
            )
        yield FittingFooter()

    words = Child("#words", TextArea)
    folder_input = Child("#folder", Input)

    def on_mount(self) -> None:
        self.query_one("#preview").border_title = "Preview"
        self.query_one("#withheld", Label).update("Rendering…")
        self.load(self.target())

    def target(self) -> Target:
        return Target(self.audience, self.app.theme)

    # --- loading and rendering ----------------------------------------------------
    @work(thread=True, exclusive=True, group="render")
    def load(self, target: Target) -> None:
        """The day's words and the remembered folder, then the first preview."""
        try:
            with open_store(self.db_path) as store:
                day = store.day(self.mission_id, self.day)
                folder = store.setting(POSTS_DIR_SETTING, "")
                post = target.render(day)
        except DiaryError as error:
            self.post_message(self.Failed(str(error), "Preview"))
            return
        words = day.post.body if day.post else ""
        self.post_message(self.Loaded(words, folder))
        self.post_message(self.Rendered(post, post.audience))

    @work(thread=True, exclusive=True, group="render")
    def rerender(self, target: Target) -> None:
        post_outcome(
            self,
            self.db_path,
            lambda store: target.render(store.day(self.mission_id, self.day)),
            lambda post: self.Rendered(post, target.audience),
            lambda error: self.Failed(error, "Preview"),
        )

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.saved_words = self.typed_words = message.words
        editor = self.words
        editor.load_text(message.words)
        editor.read_only = False
        editor.move_cursor(editor.document.end)  # carry on where the words end
        if message.folder:
            self.folder_input.value = message.folder

    @on(Rendered)
    async def rendered(self, message: Rendered) -> None:
        if message.audience is not self.audience:
            return  # the audience changed while this one rendered
        post = self.post = message.post
        day = post.day
        self.query_one("#publish-title", Label).update(f"Publish Day {day.number}")
        self.day_number_shown = day.number
        if self.post_visibility is None:
            self.post_visibility = day.post.visibility if day.post else Visibility.MEMBERS
        self.show_words_state()
        self.query_one("#withheld", Label).update(withheld_words(post.withheld, message.audience))
        self.query_one("#front-matter", Static).update(front_matter_content(post.front_matter))
        await self.query_one("#post", Markdown).update(post.body)

    def watch_audience(self) -> None:
        self.query_one("#withheld", Label).update("Rendering…")
        self.rerender(self.target())

    @on(RadioSet.Changed, "#audience")
    def audience_chosen(self, event: RadioSet.Changed) -> None:
        self.audience = AUDIENCES[event.index]

    def action_toggle_audience(self) -> None:
        other = "#audience-public" if self.audience is Audience.MEMBERS else "#audience-members"
        self.query_one(other, RadioButton).value = True

    # --- the day's own words ---------------------------------------------------
    @on(TextArea.Changed, "#words")
    def words_changed(self) -> None:
        """Save a moment after the last keystroke, like every note in the diary."""
        self.typed_words = self.words.text
        if not self.dirty:
            return
        self.show_words_state()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER_SECONDS, self.save_now)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving the editor saves at once."""
        if event.widget is self.words:
            self.save_now()

    def show_words_state(self) -> None:
        """'Your words for Day 2 · saved': the only save indicator, as in the day panes."""
        label = f"Your words for Day {self.day_number_shown}" if self.day_number_shown else ""
        if label and self.post_visibility is not None:
            label += f" · {self.post_visibility}"
        if self.dirty:
            label += " · saving…"
        elif self.words_saved_once:
            label += " · saved"
        self.query_one("#words-label", Label).update(label or "Your words")

    @property
    def dirty(self) -> bool:
        return self.saved_words is not None and self.typed_words != self.saved_words

    def save_now(self, then_close: bool = False) -> bool:
        """Start saving if anything changed; False when there was nothing to save."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.dirty:
            return False
        # The app's one writer: in turn with the day's notes, a busy diary tried again.
        ticket = writer_for(self.app, self.db_path).ticket()
        self.save_words(ticket, self.typed_words, self.target(), then_close)
        return True

    @work(thread=True, group="save")
    def save_words(self, ticket: int, words: str, target: Target, then_close: bool) -> None:
        def save(store: Store) -> RenderedPost:
            store.write_post(self.mission_id, self.day_number(store), words)
            return target.render(store.day(self.mission_id, self.day))

        try:
            post = writer_for(self.app, self.db_path).run(ticket, save)
        except DiaryError as error:
            self.post_message(self.Failed(str(error), "Your words were not saved"))
            return
        self.post_message(self.Saved(words, then_close))
        self.post_message(self.Rendered(post, target.audience))

    def day_number(self, store: Store) -> int:
        return store.mission(self.mission_id).day_number(self.day)

    @on(Saved)
    def saved(self, message: Saved) -> None:
        self.saved_words = message.words
        self.words_saved_once = True
        self.show_words_state()
        if message.then_close:
            self.dismiss(None)

    # --- who may read the words ------------------------------------------------
    def action_cycle_post_visibility(self) -> None:
        """v: private → members → public for the day's words; a key typed in a field is text."""
        if isinstance(self.focused, TextArea | Input) or self.post_visibility is None:
            return
        self.post_visibility = self.post_visibility.next()
        self.show_words_state()
        self.save_post_visibility(self.target())

    @work(thread=True, group="post-visibility")
    def save_post_visibility(self, target: Target) -> None:
        """Writes the newest choice (read here, not passed), so quick presses end on it."""
        wanted = self.post_visibility
        assert wanted is not None

        def save(store: Store) -> RenderedPost:
            store.set_post_visibility(self.mission_id, self.day_number(store), wanted)
            return target.render(store.day(self.mission_id, self.day))

        post_outcome(
            self,
            self.db_path,
            save,
            lambda post: self.Rendered(post, target.audience),
            lambda error: self.Failed(error, "Visibility not changed"),
        )

    # --- writing ---------------------------------------------------------------
    @on(Input.Submitted, "#folder")
    def folder_submitted(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        folder = resolve_folder(self.folder_input.value, self.db_path)
        words = self.typed_words if self.dirty else None
        self.show_written("Writing…")
        self.write_post(self.target(), folder, words)

    @work(thread=True, exclusive=True, group="write")
    def write_post(self, target: Target, folder: Path, words: str | None) -> None:
        """Save any unsaved words first, so the file holds what the preview shows."""
        try:
            with open_store(self.db_path) as store:
                number = self.day_number(store)
                self.save_words_first(store, number, words)
                post = target.render(store.day(self.mission_id, self.day))
                paths: list[Path] = []
                removed: tuple[Path, ...] = ()
                if post.empty:  # as `publish --day N`: a heading alone is not a post
                    removed = withdraw_day(post, folder)
                else:
                    paths = write_rendered(post, folder, FORMATS, store)
                    store.mark_published(self.mission_id, number, stamp())
                    self.remember_folder(store, folder)
        except DiaryError as error:
            self.post_message(self.Failed(str(error), "Nothing was written"))
            return
        self.post_message(self.Rendered(post, target.audience))
        if post.empty:
            self.post_message(self.NothingToWrite(post, target.audience, removed))
        else:
            self.post_message(self.Written(paths, target.audience))

    def save_words_first(self, store: Store, number: int, words: str | None) -> None:
        """Words typed and not yet saved go in before the files are written, so that these
        hold what the preview shows; the screen hears at once that the words are in, not only
        once every file is written."""
        if words is not None:
            store.write_post(self.mission_id, number, words)
            self.post_message(self.Saved(words))

    def remember_folder(self, store: Store, folder: Path) -> None:
        stored = folder_setting(folder, self.db_path)
        if store.setting(POSTS_DIR_SETTING, "") != stored:
            store.set_setting(POSTS_DIR_SETTING, stored)

    @on(Written)
    def written(self, message: Written) -> None:
        """The folder once, then the file names: short enough not to wrap."""
        folder = message.paths[0].parent
        stems = {path.stem for path in message.paths}
        if len(stems) == 1:  # one post, its formats: the name once
            suffixes = " and ".join(path.suffix for path in message.paths)
            files = f"{suffixes}: {stems.pop()}"  # a long name wraps whole, after the colon
        else:
            files = "  ".join(path.name for path in message.paths)
        self.show_written(
            Content.assemble(
                (f"Wrote the post for {message.audience} to {short_path(folder)}/", "bold"),
                "\n  ",
                files,
            )
        )
        self.notify(f"Day {self.day_number_shown} written for {message.audience}.")

    @on(NothingToWrite)
    def nothing_to_write(self, message: NothingToWrite) -> None:
        day = message.post.day
        self.show_written("")  # the notice says it, once
        taken_out = " Its earlier post came out of the folder." if message.removed else ""
        self.notify(
            f"Day {day.number} ({day.date:%a %-d %b %Y}) has nothing for {message.audience}: "
            f"no words or entries they may see. Nothing was written.{taken_out}",
            title="Nothing to write",
            severity="warning",
        )

    def action_publish_all(self) -> None:
        """Every day of the mission is many files in a folder others read: ask first."""
        from missiondiary.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.publish_all_now()

        audience = self.audience.value
        folder = resolve_folder(self.folder_input.value, self.db_path)
        self.app.push_screen(
            ConfirmModal(
                f"Publish every day of the mission for {audience}?",
                f"Markdown and HTML for each day with entries, into {folder}.",
                yes="Publish all",
                no="Not now",
                danger=False,
            ),
            answered,
        )

    def publish_all_now(self) -> None:
        words = self.typed_words if self.dirty else None
        folder = resolve_folder(self.folder_input.value, self.db_path)
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=None, progress=0)
        progress.display = True
        self.show_written("Publishing every day of the mission…")
        self.publish_whole_mission(self.target(), folder, words)

    @work(thread=True, exclusive=True, group="write")
    def publish_whole_mission(self, target: Target, folder: Path, words: str | None) -> None:
        """Every day that holds something, this day's unsaved words saved first."""

        def progress(done: int, total: int) -> None:
            self.post_message(self.Progress(done, total))

        try:
            with open_store(self.db_path) as store:
                mission = store.mission(self.mission_id)
                self.save_words_first(store, mission.day_number(self.day), words)
                results = publish_mission(
                    store,
                    mission,
                    target.audience,
                    folder,
                    FORMATS,
                    theme=theme_for_posts(target.app_theme),
                    on_progress=progress,
                )
                self.remember_folder(store, folder)
        except DiaryError as error:
            self.post_message(self.Failed(str(error), "Publishing stopped"))
            return
        self.post_message(self.MissionPublished(results, folder, target.audience))

    @on(Progress)
    def progressed(self, message: Progress) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total, progress=message.done)

    @on(MissionPublished)
    def mission_published(self, message: MissionPublished) -> None:
        self.query_one("#progress", ProgressBar).display = False
        files = sum(len(result.paths) for result in message.results)
        withheld = sum(result.withheld for result in message.results)
        days = ", ".join(str(result.day_number) for result in message.results)
        count = len(message.results)
        summary = (
            f"Wrote {files} files for {plural(count, 'day')} (Day {days}) "
            f"for {message.audience} to {short_path(message.folder)}/"
        )
        if withheld:
            summary += f"; {withheld} entries withheld from {message.audience}"
        self.show_written(summary if message.results else "No day of this mission has entries.")
        self.notify(summary if message.results else "Nothing to publish yet.")

    def show_written(self, text: str | Content) -> None:
        written = self.query_one("#written", Static)
        written.update(text)
        written.display = bool(text)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.show_written("")
        if self.post is None:
            self.query_one("#withheld", Label).update("")
        self.notify(message.error, title=message.action, severity="error")

    def on_unmount(self) -> None:
        """Quitting within a moment of the last keystroke still keeps the words: one small
        write, the only store call this screen makes on the UI thread."""
        if not self.dirty:
            return
        try:
            with open_store(self.db_path) as store:
                store.write_post(self.mission_id, self.day_number(store), self.typed_words)
        except DiaryError:
            pass  # nothing left on screen to tell; the app is closing

    # --- moving about ------------------------------------------------------------
    def action_edit_words(self) -> None:
        self.words.focus()

    def action_edit_folder(self) -> None:
        self.folder_input.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys a sentence can contain act only while no text field has the focus."""
        if isinstance(self.focused, TextArea | Input):
            return keymap.acts_while_typing("publish", action)
        return True

    def action_back(self) -> None:
        """Back to the day with one press, the words saved first."""
        if not self.save_now(then_close=True):
            self.dismiss(None)
