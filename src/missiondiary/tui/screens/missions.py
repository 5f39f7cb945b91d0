"""Every mission in the diary: open one, create one, edit one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label

from missiondiary.domain import Mission, MissionSummary, date_span
from missiondiary.errors import DiaryError, InvalidInput
from missiondiary.store import open_store
from missiondiary.timeline import today_in
from missiondiary.tui.handles import Child, KeyedScreen
from missiondiary.tui.messages import Jump
from missiondiary.tui.modals.mission_form import MissionDraft, MissionForm
from missiondiary.tui.widgets.footer import FittingFooter
from missiondiary.tui.workers import post_outcome


def mission_today(mission: Mission, now: datetime | None = None) -> date:
    """Today's date where the mission is, which is what 'today' means on a trip."""
    return today_in(mission.tz, now)


def under_way(mission: Mission, now: datetime | None = None) -> bool:
    return mission.start_date <= mission_today(mission, now) <= mission.end_date


def opening_day(mission: Mission, now: datetime | None = None) -> date:
    """Today when the mission is under way, else its Day 1."""
    return mission_today(mission, now) if under_way(mission, now) else mission.start_date


def status_words(mission: Mission, now: datetime | None = None) -> str:
    today = mission_today(mission, now)
    if today < mission.start_date:
        days = (mission.start_date - today).days
        return "tomorrow" if days == 1 else f"in {days} days"
    if today > mission.end_date:
        return "past"
    return f"Day {mission.day_number(today)} of {mission.day_count}"


class MissionsScreen(KeyedScreen, Screen[Jump | None], keys="missions"):
    """Dismisses with a Jump to the chosen mission's opening day."""

    AUTO_FOCUS = "#missions"

    @dataclass
    class Loaded(Message):
        summaries: list[MissionSummary]
        select: str | None = None  # a mission id to put the cursor on
        notice: str = ""

    @dataclass
    class Failed(Message):
        error: str

    @dataclass
    class Refused(Message):
        """The store would not take the form's values: reopen it with what was typed."""

        mission: Mission | None
        values: dict[str, str]
        error: InvalidInput

    def __init__(self, db_path: Path, current_mission_id: str | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.current_mission_id = current_mission_id
        self.summaries: dict[str, MissionSummary] = {}

    def compose(self) -> ComposeResult:
        yield Label("Missions", id="missions-title")
        yield DataTable(id="missions", cursor_type="row", zebra_stripes=True)
        yield Label("", id="missions-empty")
        yield FittingFooter()

    table = Child("#missions", DataTable)

    def on_mount(self) -> None:
        self.load(select=self.current_mission_id)

    def on_resize(self) -> None:
        if self.summaries:
            self.fill(self.selected_id())

    # --- loading -----------------------------------------------------------
    @work(thread=True, exclusive=True, group="missions")
    def load(self, select: str | None = None) -> None:
        post_outcome(
            self,
            self.db_path,
            lambda store: store.mission_summaries(),
            lambda summaries: self.Loaded(summaries, select),
            self.Failed,
        )

    @on(Loaded)
    def loaded(self, message: Loaded) -> None:
        self.summaries = {s.mission.id: s for s in message.summaries}
        self.fill(message.select)
        empty = self.query_one("#missions-empty", Label)
        empty.display = not message.summaries
        empty.update("No missions yet. Press n to create one.")
        if message.notice:
            self.notify(message.notice)

    def fill(self, select: str | None) -> None:
        """Rows for every mission; the title column takes whatever width the others leave."""
        table = self.table
        rows = [(summary, mission_cells(summary)) for summary in self.summaries.values()]
        widths = [
            max([len(header), *(len(cells[index].plain) for _, cells in rows)])
            for index, header in enumerate(HEADERS)
        ]
        padding = 2 * (len(HEADERS) + 2)  # each cell has one space either side
        title_width = max(14, self.size.width - sum(widths) - padding - 1 - 4)
        table.clear(columns=True)
        table.add_column("", key="mark", width=1)
        table.add_column("Mission", key="title", width=title_width)
        for header, width in zip(HEADERS, widths, strict=True):
            table.add_column(header, width=width)
        for summary, cells in rows:
            mission = summary.mission
            current = mission.id == self.current_mission_id
            # The whole title, over as many lines as the width it has needs.
            title = Content.styled(mission.title, "bold") if current else Content(mission.title)
            lines = title.wrap(title_width)
            table.add_row(
                Content.styled("●", "$accent") if current else "",
                Content("\n").join(lines),
                *cells,
                key=mission.id,
                height=len(lines),
            )
        if select and select in self.summaries:
            table.move_cursor(row=table.get_row_index(select))

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.notify(message.error, title="Missions", severity="error")

    # --- opening -----------------------------------------------------------
    def selected_id(self) -> str | None:
        table = self.table
        if not self.summaries or table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(row_key.value)

    def highlighted(self) -> Mission | None:
        summary = self.summaries.get(self.selected_id() or "")
        return summary.mission if summary else None

    @on(DataTable.RowSelected, "#missions")
    def row_clicked(self) -> None:
        """A click on the highlighted row (enter is the screen's own key)."""
        self.action_open()

    def action_open(self) -> None:
        mission = self.highlighted()
        if mission is not None:
            self.dismiss(Jump(mission.id, opening_day(mission)))

    def action_back(self) -> None:
        self.dismiss(None)

    # --- creating and editing ------------------------------------------------
    def action_new(self) -> None:
        self.open_form(None)

    def action_edit(self) -> None:
        mission = self.highlighted()
        if mission is None:
            self.notify("No mission to edit; press n to create one.", severity="warning")
            return
        self.open_form(mission)

    def open_form(
        self,
        mission: Mission | None,
        values: dict[str, str] | None = None,
        error: InvalidInput | None = None,
    ) -> None:
        def saved(result: MissionDraft | None) -> None:
            if result is not None:
                self.save(mission, result)

        self.app.push_screen(MissionForm(mission, values=values, error=error), saved)

    @work(thread=True, group="save-mission")
    def save(self, mission: Mission | None, draft: MissionDraft) -> None:
        try:
            with open_store(self.db_path) as store:
                saved = draft.apply(store)
                summaries = store.mission_summaries()
        except InvalidInput as error:
            self.post_message(self.Refused(mission, draft.values, error))
            return
        except DiaryError as error:
            self.post_message(self.Failed(str(error)))
            return
        verb = "Created" if mission is None else "Saved"
        notice = f"{verb} {saved.title}. Enter opens it."
        self.post_message(self.Loaded(summaries, saved.id, notice))

    @on(Refused)
    def refused(self, message: Refused) -> None:
        self.open_form(message.mission, message.values, message.error)


HEADERS = ("Dates", "Days", "Meetings", "Follow-ups", "When")


def mission_cells(summary: MissionSummary, now: datetime | None = None) -> list[Content]:
    """The cells after the title, in HEADERS order."""
    return [
        Content(date_span(summary.mission.start_date, summary.mission.end_date, short=True)),
        Content(str(summary.mission.day_count)).right(len("Days")),
        Content(str(summary.meeting_count)).right(len("Meetings")),
        _followups(summary),
        Content(status_words(summary.mission, now)),
    ]


def _followups(summary: MissionSummary) -> Content:
    """'2 open of 5': what is still owed, in the warning colour while anything is."""
    if not summary.followup_count:
        return Content("none")
    text = Content(f"{summary.open_followups} of {summary.followup_count} open")
    return text.stylize("$text-warning") if summary.open_followups else text
