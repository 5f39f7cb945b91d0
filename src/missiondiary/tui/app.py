"""The missiondiary app: opens on the mission day the delegate is living (or last looked at)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.actions import parse
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen

from missiondiary.errors import DiaryError, NotFound
from missiondiary.store import Store, crypto, open_store
from missiondiary.store.opening import open_diary
from missiondiary.timeline import today_in
from missiondiary.tui import keymap
from missiondiary.tui.locking import IdleLock
from missiondiary.tui.messages import Jump
from missiondiary.tui.screens.day import DayScreen
from missiondiary.tui.sending import SendingMixin
from missiondiary.tui.theming import DiaryThemeProvider, diary_themes, pick_theme, to_textual

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def find_start(
    store: Store, mission_ref: str | None, day: date | None, now: datetime
) -> Jump | None:
    """Where the app opens. The mission: the one asked for, else one under way today, else the
    last one viewed, else the most recent. The day: the one asked for, else today if the
    mission is under way, else the last day viewed, else Day 1. None: the diary is empty."""
    missions = store.missions()
    if not missions:
        return None
    last_mission = store.setting("last_mission")
    last_day_text = store.setting("last_day")
    if mission_ref:
        try:
            mission = store.mission(mission_ref)
        except NotFound:
            mission = store.find_mission(mission_ref)
    else:
        under_way = [m for m in missions if m.start_date <= today_in(m.tz, now) <= m.end_date]
        last = next((m for m in missions if m.id == last_mission), None)
        mission = under_way[0] if under_way else last or missions[0]
    if day is not None:
        return Jump(mission.id, day)
    today = today_in(mission.tz, now)
    if mission.start_date <= today <= mission.end_date:
        return Jump(mission.id, today)
    if mission.id == last_mission and last_day_text:
        try:
            return Jump(mission.id, date.fromisoformat(last_day_text))
        except ValueError:
            pass
    return Jump(mission.id, mission.start_date)


class MissionDiaryApp(IdleLock, SendingMixin, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "missiondiary"
    COMMANDS: ClassVar = App.COMMANDS | {DiaryThemeProvider}
    BINDINGS: ClassVar = keymap.bindings("app")

    @dataclass
    class Started(Message):
        theme: str
        jump: Jump | None
        diary_read_only: str = ""  # why the diary cannot be written; empty when it can

    @dataclass
    class Warned(Message):
        """Lines for the delegate from opening the diary (a backup that could not be made)."""

        lines: list[str]

    @dataclass
    class StartFailed(Message):
        message: str

    class PassphraseWanted(Message):
        """The diary is encrypted and no source had its passphrase: the screen asks."""

    def __init__(
        self,
        db_path: Path,
        *,
        mission_id: str | None = None,
        day: date | None = None,
        clock: Clock | None = None,
        read_only: bool = False,
        keys_path: Path | None = None,
        lock_after: float | None = None,
    ) -> None:
        """`read_only`: open the diary for reading only (the command line passes it when the
        file cannot be written; the app also finds that out for itself). `keys_path`: the
        delegate's own keys (`keymap.keys_file()`; the command line passes it). `lock_after`:
        seconds without a key before an encrypted diary locks (default: the config file's)."""
        super().__init__()
        self.setup_lock(lock_after)
        self.keys_path = keys_path
        self.db_path = Path(db_path)
        self.read_only = read_only
        self.diary_read_only = "opened read-only" if read_only else ""
        self.start_mission = mission_id
        self.start_day = day
        self.clock: Clock = clock or _utc_now
        self.theme_labels: dict[str, str] = {}
        self._theme_ready = False  # the stored choice is applied: later changes are the user's

    # start --------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._register_themes()
        self._apply_keys_file()
        self.start_lock_timer()
        self._start()

    def _apply_keys_file(self) -> None:
        """The delegate's rebindings (a small TOML file, read once at start)."""
        if self.keys_path is None:
            return
        keys, problems = keymap.read_keys_file(self.keys_path)
        if keys:
            self.set_keymap(keys)
        for line in problems:
            self.notify(line, title="Keys file", severity="warning", timeout=10)

    def _register_themes(self) -> None:
        for spec in diary_themes():
            self.register_theme(to_textual(spec))
            self.theme_labels[spec.name] = spec.label
        chosen = pick_theme("", list(self.theme_labels))
        if chosen:
            self.theme = chosen

    @work(thread=True, exclusive=True, group="start")
    def _start(self) -> None:
        """Open the diary (read-only when it cannot be written), check it, find the day to
        show; then, with the day on its way, take the day's backup copy (never on the UI
        thread: a copy of a large diary takes a moment)."""
        why = self.diary_read_only
        try:
            opened = open_diary(self.db_path, readonly=bool(why))
        except crypto.PassphraseNeeded:
            self.post_message(self.PassphraseWanted())
            return
        except DiaryError as error:
            self.post_message(self.StartFailed(str(error)))
            return
        store = opened.store
        why = why or opened.read_only_because
        try:
            warnings = opened.warnings
            theme = store.setting("theme")
            jump = find_start(store, self.start_mission, self.start_day, self.clock())
            if jump is None and why:
                raise DiaryError(
                    f"{self.db_path} holds no mission yet and can't be written ({why}); "
                    "name a diary in a folder you can write to"
                )
            self.post_message(self.Started(theme, jump, why))
            # The whole-file check waits until the day is on its way to the screen.
            warnings += opened.look_after(strict=False)
            if warnings:
                self.post_message(self.Warned(warnings))
        except DiaryError as error:
            self.post_message(self.StartFailed(str(error)))
        finally:
            store.close()

    @on(Started)
    def _started(self, message: Started) -> None:
        self.diary_read_only = message.diary_read_only
        chosen = pick_theme(message.theme, list(self.theme_labels))
        if chosen:
            self.theme = chosen
        self._theme_ready = True
        self.start_outbox()
        if message.jump is None:
            self._welcome()
        else:
            self.open_day(message.jump)

    @on(PassphraseWanted)
    def _passphrase_wanted(self) -> None:
        from missiondiary.tui.screens.passphrase import PassphraseScreen

        self.push_screen(PassphraseScreen(self.db_path), lambda _: self._start())

    @on(Warned)
    def _warned(self, message: Warned) -> None:
        for line in message.lines:
            self.notify(line, severity="warning", timeout=10)

    @on(StartFailed)
    def _start_failed(self, message: StartFailed) -> None:
        self.exit(message=message.message, return_code=1)

    def _welcome(self) -> None:
        from missiondiary.tui.screens.welcome import WelcomeScreen

        def chosen(jump: Jump | None) -> None:
            if jump is None:
                self.exit()
            else:
                self.open_day(jump)

        self.push_screen(WelcomeScreen(self.db_path), chosen)

    @property
    def day_screen(self) -> DayScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, DayScreen)), None)

    def open_day(self, jump: Jump) -> None:
        """Show a mission day (one day screen for the whole session)."""
        screen = self.day_screen
        if screen is not None:
            screen.show_jump(jump)
            return
        select = (jump.kind, jump.entry_id) if jump.kind and jump.entry_id else None
        self.push_screen(
            DayScreen(
                self.db_path,
                jump.mission_id,
                jump.day,
                read_only=jump.read_only,
                diary_read_only=self.diary_read_only,
                select=select,
                clock=self.clock,
            )
        )

    # themes -------------------------------------------------------------------------
    def watch_theme(self, theme: str) -> None:
        if self._theme_ready and theme in self.theme_labels and not self.diary_read_only:
            self._remember_theme(theme)

    @work(thread=True, exclusive=True, group="theme")
    def _remember_theme(self, theme: str) -> None:
        try:
            with open_store(self.db_path) as store:
                store.set_setting("theme", theme)
        except DiaryError as error:
            self.call_from_thread(self.notify, str(error), severity="error")

    def action_change_theme(self) -> None:
        """Only the diary's themes: each also styles the published posts."""
        self.push_screen(
            CommandPalette(providers=[DiaryThemeProvider], placeholder="Search for themes…")
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The screen's own commands first (from the keymap table, with the keys as the
        delegate has them), then Textual's."""
        name = getattr(screen, "KEYS_SCREEN", "")
        for row in keymap.palette_rows(name):
            _, action, parameters = parse(row.action)
            if screen.check_action(action, parameters) is False:
                continue  # not here, not now (a read-only day offers no changes)
            keys = keymap.effective_keys(row, self._keymap)
            yield SystemCommand(row.does, keys, partial(screen.run_action, row.action))
        yield from self.lock_commands()
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        """Every key; the help key again closes it."""
        from missiondiary.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(getattr(self.screen, "KEYS_SCREEN", "")))

    # quit ---------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Typed notes reach the diary before the app goes; any the diary would not take
        (a lock that lasts, a full disk) go to a file, named as the app closes."""
        screen = self.day_screen
        if screen is None:
            self.exit()
            return
        await screen.flush()
        try:
            path = screen.unsaved_notes_to_file()
        except DiaryError as error:
            self.notify(str(error), title="Notes not saved", severity="error", timeout=30)
            return  # stay open rather than lose them
        if path is None:
            self.exit()
        else:
            self.exit(message=f"Notes the diary would not take were written to {path}")
