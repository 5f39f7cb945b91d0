"""Search every mission as you type; enter jumps to the day with the entry selected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from missiondiary.domain import Mission, SearchHit
from missiondiary.domain.text import plural
from missiondiary.errors import DiaryError
from missiondiary.store import open_store
from missiondiary.store.search import snippet_parts
from missiondiary.tui.handles import Child, KeyedScreen
from missiondiary.tui.messages import Jump
from missiondiary.tui.widgets.footer import FittingFooter

DEBOUNCE_SECONDS = 0.15
KIND_LABELS = {
    "meeting": "meeting",
    "itinerary": "itinerary",
    "followup": "follow-up",
    "post": "post",
}
MATCH_STYLE = "bold reverse $warning"
VISIBILITY_STYLES = {
    "private": "$text-error",
    "members": "$text-primary",
    "public": "$text-success",
}


def day_words(hit: SearchHit, mission: Mission | None) -> str:
    """'Day 2 · Tue 22 Nov 2011' (or only the date when the mission is not known)."""
    if hit.day is None:
        return ""
    when = f"{hit.day:%a %-d %b %Y}"
    return f"Day {mission.day_number(hit.day)} · {when}" if mission else when


# The field that is an entry's title: a match there is marked in the title, shown once.
TITLE_FIELDS = {"meeting": "title", "itinerary": "title", "followup": "text", "post": "title"}
FIELD_WORDS = {
    "notes": "working notes",
    "summary": "summary",
    "location": "place",
    "place": "place",
    "details": "booking details",
    "owner": "owner",
    "body": "post words",
    "outcome": "outcome",
}
ELLIPSIS = "…"


def fit_snippet(parts: list[tuple[str, bool]], width: int) -> list[tuple[str, bool]]:
    """The snippet cut at its start so its first match sits in the first third of `width`,
    no more than it takes to fill the line (the list cuts the end to the width)."""
    before = 0
    for text, is_match in parts:
        if is_match:
            break
        before += len(text)
    total = sum(len(text) for text, _ in parts)
    drop = min(before - max(width // 3, 1), total - width + 1)
    if width <= 0 or drop <= 0:
        return parts
    fitted: list[tuple[str, bool]] = [(ELLIPSIS, False)]
    for text, is_match in parts:
        if drop >= len(text):
            drop -= len(text)
            continue
        if drop and not is_match:  # cut inside words: start on the next one
            text = text[drop:]
            head, space, rest = text.partition(" ")
            text = rest if space and len(head) < 20 else text
        else:
            text = text[drop:]
        drop = 0
        fitted.append((text, is_match))
    return fitted


def hit_prompt(hit: SearchHit, mission: Mission | None, width: int = 0) -> Content:
    """Where it is, what it is, and the words that matched, once: marked in the title when
    the title matched, else on a line of their own that says whose eyes they are for (a
    members meeting's working notes are marked private). `width`: the line's, when known."""
    kind = KIND_LABELS.get(hit.kind, hit.kind)
    head: list[str | tuple[str, str]] = [(f"{kind:<10}", "bold $accent")]
    head.append((day_words(hit, mission), ""))
    if hit.visibility is not None:
        head += ["  ", (hit.visibility.value, f"italic {VISIBILITY_STYLES[hit.visibility]}")]
    # The mission comes last, so a narrow terminal cuts its title rather than the date.
    head += ["  ", (hit.mission_title, "$text-muted")]
    parts = snippet_parts(hit.snippet)
    in_title = hit.field == TITLE_FIELDS.get(hit.kind) or (
        not hit.field and "".join(text for text, _ in parts) == hit.title
    )
    if in_title and parts:
        title = [(text, f"bold {MATCH_STYLE}" if is_match else "bold") for text, is_match in parts]
        return Content.assemble(*head, "\n", *title)
    badge = " · ".join(
        word
        for word in (
            hit.snippet_visibility.value if hit.snippet_visibility else "",
            FIELD_WORDS.get(hit.field, ""),
        )
        if word
    )
    fitted = fit_snippet(parts, width - len(badge) - 2 if width else 0)
    marked = [(text, MATCH_STYLE if is_match else "") for text, is_match in fitted]
    words: list[str | tuple[str, str]] = []
    if badge:
        style = VISIBILITY_STYLES.get(str(hit.snippet_visibility), "$text-muted")
        words = [(badge, f"italic {style}"), "  "]
    return Content.assemble(*head, "\n", (hit.title, "bold"), "\n", *words, *marked)


class SearchScreen(KeyedScreen, Screen[Jump | None], keys="search"):
    """Find anything in the diary; dismisses with a Jump to the chosen entry."""

    AUTO_FOCUS = "#query"

    @dataclass
    class Done(Message):
        """A worker finished searching for `text`."""

        text: str
        this_mission_only: bool
        hits: list[SearchHit]
        missions: dict[str, Mission]

    @dataclass
    class Failed(Message):
        text: str
        error: str

    def __init__(
        self, db_path: Path, mission_id: str | None = None, *, readonly: bool = False
    ) -> None:
        """`readonly`: the diary cannot be written, so it is opened for reading only."""
        super().__init__()
        self.db_path = Path(db_path)
        self.readonly = readonly
        self.mission_id = mission_id
        self.hits: list[SearchHit] = []
        self._missions: dict[str, Mission] = {}
        self.shown_for = ""  # the words the results on show were found for
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield Input(
                placeholder="Search meetings, people, organisations, follow-ups, posts…",
                id="query",
            )
            yield Checkbox(
                "This mission only",
                value=False,
                id="this-mission",
                compact=True,
                disabled=self.mission_id is None,
            )
        yield Label(self.hint(), id="search-status")
        yield OptionList(id="results")
        yield FittingFooter()

    @staticmethod
    def hint() -> str:
        return "Type to search every mission. Enter opens a result; escape goes back."

    query_input = Child("#query", Input)
    results = Child("#results", OptionList)

    @property
    def this_mission_only(self) -> bool:
        return self.mission_id is not None and self.query_one("#this-mission", Checkbox).value

    # --- searching -----------------------------------------------------------
    @on(Input.Changed, "#query")
    def query_changed(self) -> None:
        """Wait for a pause in typing, then search; each keystroke restarts the wait."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.start_search)

    @on(Checkbox.Changed, "#this-mission")
    def scope_changed(self) -> None:
        self.start_search()

    def start_search(self) -> None:
        text = self.query_input.value.strip()
        if not text:
            self.workers.cancel_group(self, "search")
            self.show([], {})
            self.query_one("#search-status", Label).update(self.hint())
            return
        self.run_search(text, self.mission_id if self.this_mission_only else None)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, mission_id: str | None) -> None:
        worker = get_current_worker()
        try:
            with open_store(self.db_path, readonly=self.readonly) as store:
                hits = store.search(text, mission_id=mission_id)
                missions = {m.id: m for m in store.missions()} if hits else {}
        except DiaryError as error:
            self.post_message(self.Failed(text, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Done(text, mission_id is not None, hits, missions))

    @on(Done)
    def search_done(self, message: Done) -> None:
        if message.text != self.query_input.value.strip():
            return  # the delegate has typed on; a newer search is coming
        self.show(message.hits, message.missions)
        self.shown_for = message.text
        status = self.query_one("#search-status", Label)
        scope = " in this mission" if message.this_mission_only else ""
        if not message.hits:
            status.update(f"No matches for '{message.text}'{scope}.")
        else:
            count = len(message.hits)
            status.update(f"{plural(count, 'result')}{scope}, newest first.")

    @on(Failed)
    def search_failed(self, message: Failed) -> None:
        self.notify(message.error, title="Search", severity="error")

    def show(self, hits: list[SearchHit], missions: dict[str, Mission], keep: bool = False) -> None:
        """`keep`: the same hits again (a new width): stay on the highlighted one."""
        self.hits, self._missions = hits, missions
        results = self.results
        highlighted = results.highlighted if keep else None
        results.clear_options()
        width = self.snippet_width()
        options: list[Option | None] = []
        for index, hit in enumerate(hits):
            if index:
                options.append(None)  # a rule between results
            prompt = hit_prompt(hit, missions.get(hit.mission_id), width)
            options.append(Option(prompt, id=str(index)))
        results.add_options(options)
        if hits:
            results.highlighted = highlighted if highlighted is not None else 0

    def snippet_width(self) -> int:
        """The cells a result's line has: the list's, less its padding and scrollbar."""
        inside = self.results.scrollable_content_region.width
        return (inside or self.app.size.width - 6) - 4

    def on_resize(self) -> None:
        if self.hits:
            self.call_after_refresh(self.show, self.hits, self._missions, True)

    # --- choosing ------------------------------------------------------------
    @on(Input.Submitted, "#query")
    def query_submitted(self) -> None:
        """Enter in the box opens the highlighted (by default the newest) result."""
        self.open_highlighted()

    @on(OptionList.OptionSelected, "#results")
    def result_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_hit(int(event.option.id))

    def open_highlighted(self) -> None:
        option = self.results.highlighted_option
        if option is not None and option.id is not None:
            self.open_hit(int(option.id))

    def open_hit(self, index: int) -> None:
        if not 0 <= index < len(self.hits):
            return
        hit = self.hits[index]
        if hit.day is None:
            self.notify("That entry has no day to open.", severity="warning")
            return
        self.dismiss(jump_for(hit))

    def action_results(self) -> None:
        if self.hits:
            self.results.focus()

    def action_query(self) -> None:
        self.query_input.focus()

    def action_toggle_scope(self) -> None:
        checkbox = self.query_one("#this-mission", Checkbox)
        if self.mission_id is None:
            self.notify("No mission is open; searching every mission.")
            return
        checkbox.value = not checkbox.value

    def action_back(self) -> None:
        self.dismiss(None)


def jump_for(hit: SearchHit) -> Jump:
    assert hit.day is not None
    return Jump(mission_id=hit.mission_id, day=hit.day, entry_id=hit.entry_id, kind=hit.kind)
