"""Past missions looked back on: a summary, meetings per day, and every day to browse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from missiondiary.domain import Mission, date_span, format_amount
from missiondiary.domain.review import MissionReport, mission_report
from missiondiary.domain.text import plural
from missiondiary.errors import DiaryError
from missiondiary.store import Store, open_store
from missiondiary.tui.handles import Child, KeyedScreen
from missiondiary.tui.messages import Jump
from missiondiary.tui.screens.missions import mission_today, status_words
from missiondiary.tui.widgets.footer import FittingFooter
from missiondiary.tui.workers import post_outcome


def agreements_worth(count: int, totals: dict[str, Decimal]) -> Content:
    """'9, worth CAD 45,000' with each further currency on a line of its own, under the
    first: an amount is never split between its currency and its figure."""
    lead = f"{count}, worth "
    amounts = [f"{currency} {format_amount(total)}" for currency, total in totals.items()]
    if not amounts:
        return Content(str(count))
    lines: list[str | tuple[str, str]] = [(amounts[0], "bold")]
    for amount in amounts[1:]:
        lines += ["\n" + " " * len(lead), (amount, "bold")]
    return Content.assemble(lead, *lines)


def report_rows(
    report: MissionReport, listed: int = 3, names: int = 5
) -> list[tuple[str, Content]]:
    """The summary as (label, value) rows: what was held, met, agreed and still owed.
    Rows with an empty label continue the one above (an agreement, an open follow-up)."""
    mission = report.mission
    muted = "$text-muted"
    rows: list[tuple[str, Content]] = [
        ("Meetings held", Content(str(report.meetings_held))),
        (
            "Organisations met",
            Content.assemble(
                str(len(report.organisations)),
                (": " + names_in_brief(report.organisations, names))
                if report.organisations and names
                else "",
            ),
        ),
        (
            "Agreements",
            agreements_worth(len(report.agreements), report.totals),
        ),
    ]
    valued = [a for a in report.agreements if a.outcome.amount is not None]
    for agreement in valued[:listed]:
        rows.append(
            (
                "",
                Content.assemble(
                    (f"Day {mission.day_number(agreement.day)}  ", muted),
                    agreement.outcome.text,
                    (f"  {agreement.outcome.money()}", "bold"),
                ),
            )
        )
    if listed and len(valued) > listed:
        rows.append(("", Content.styled(f"and {len(valued) - listed} more with a value", muted)))
    rows.append(
        (
            "Follow-ups",
            Content.assemble(
                (f"{report.followups_done} done", "$text-success"),
                " · ",
                (f"{report.followups_open} open", "$text-warning" if report.followups_open else ""),
                *((f" · {report.followups_dropped} dropped",) if report.followups_dropped else ()),
            ),
        )
    )
    for followup in report.open_followups[:listed]:
        due = f"due {followup.due:%-d %b %Y}" if followup.due else ""
        detail = ", ".join(part for part in (followup.owner, due) if part)
        rows.append(
            (
                "",
                Content.assemble(
                    ("open  ", "$text-warning"),
                    followup.text,
                    (f" ({detail})" if detail else "", muted),
                ),
            )
        )
    if listed and len(report.open_followups) > listed:
        rows.append(("", Content.styled(f"and {len(report.open_followups) - listed} more", muted)))
    return rows


def names_in_brief(names: tuple[str, ...], shown: int = 5) -> str:
    """The first few names, then how many more: the full list is in the mission report."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def short_place(place: str) -> str:
    """'China / Chongqing' -> 'Chongqing': the day list has room for the city only."""
    return place.rsplit("/", 1)[-1].strip()


def day_prompt(report: MissionReport, index: int) -> Content:
    day = report.days[index]
    if day.meetings:
        what = plural(day.meetings, "meeting")
    elif day.itinerary:
        what = plural(day.itinerary, "item")
    else:
        what = "·"
    return Content.assemble(
        (f"Day {day.number:<3}", "bold"),
        f"{day.date:%a %-d %b}".ljust(11),
        (f"{short_place(day.place):<12.12} ", "$text-accent"),
        (what, "$text-muted"),
    )


class ReviewScreen(KeyedScreen, Screen[Jump | None], keys="review"):
    """Dismisses with a read-only Jump to a day of a past mission."""

    AUTO_FOCUS = "#review-missions"

    @dataclass
    class MissionsLoaded(Message):
        missions: list[Mission]

    @dataclass
    class ReportLoaded(Message):
        report: MissionReport

    @dataclass
    class Failed(Message):
        error: str

    @dataclass
    class ReportWritten(Message):
        paths: list[Path]
        withheld: int

    def __init__(
        self, db_path: Path, *, readonly: bool = False, select: tuple[str, date] | None = None
    ) -> None:
        """`readonly`: the diary cannot be written, so it is opened for reading only.
        `select`: the mission and day to show first (the day the delegate was reading)."""
        super().__init__()
        self.db_path = Path(db_path)
        self.readonly = readonly
        self.select = select
        self.missions: list[Mission] = []
        self.report: MissionReport | None = None

    def compose(self) -> ComposeResult:
        yield Label("Review past missions", id="review-title")
        with Horizontal(id="review-body"):
            yield OptionList(id="review-missions")
            with Vertical(id="review-detail"):
                with VerticalScroll(id="review-summary-box", can_focus=False):
                    yield Label("", id="review-mission")
                    yield Label("", id="review-dates")
                    yield Static("Loading…", id="review-note")
                    yield Grid(id="review-summary")
                yield Label("Meetings per day", id="review-sparkline-label")
                yield Sparkline([], id="review-sparkline")
                yield OptionList(id="review-days")
        yield FittingFooter()

    mission_list = Child("#review-missions", OptionList)
    day_list = Child("#review-days", OptionList)

    def on_mount(self) -> None:
        self.mission_list.border_title = "Missions"
        self.day_list.border_title = "Days"
        self.load_missions()

    # --- loading -----------------------------------------------------------
    @work(thread=True, exclusive=True, group="review-missions")
    def load_missions(self) -> None:
        post_outcome(
            self,
            self.db_path,
            lambda store: [m for m in store.missions() if m.start_date <= mission_today(m)],
            self.MissionsLoaded,
            self.Failed,
            readonly=self.readonly,
        )

    @on(MissionsLoaded)
    def missions_loaded(self, message: MissionsLoaded) -> None:
        self.missions = message.missions
        missions = self.mission_list
        missions.clear_options()
        missions.add_options(
            Option(
                Content.assemble(
                    (m.title, "bold"),
                    "\n",
                    (
                        f"{date_span(m.start_date, m.end_date, short=True)} · {status_words(m)}",
                        "$text-muted",
                    ),
                ),
                id=m.id,
            )
            for m in message.missions
        )
        if message.missions:
            wanted = self.select[0] if self.select else None
            missions.highlighted = next(
                (index for index, m in enumerate(message.missions) if m.id == wanted), 0
            )
        else:
            self.query_one("#review-note", Static).update(
                "No past missions yet. Missions appear here once they have begun."
            )

    @on(OptionList.OptionHighlighted, "#review-missions")
    def mission_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.load_report(event.option.id)

    @work(thread=True, exclusive=True, group="review-report")
    def load_report(self, mission_id: str) -> None:
        def report(store: Store) -> MissionReport:
            mission = store.mission(mission_id)
            meetings = store.meetings_for_mission(mission_id)
            followups = store.followups(mission_id)
            itinerary = store.itinerary_for_mission(mission_id)
            places = {
                number: store.place_for_day(mission_id, number)
                for number in range(1, mission.day_count + 1)
            }
            return mission_report(mission, meetings, followups, itinerary, places)

        post_outcome(
            self, self.db_path, report, self.ReportLoaded, self.Failed, readonly=self.readonly
        )

    @on(ReportLoaded)
    async def report_loaded(self, message: ReportLoaded) -> None:
        highlighted = self.mission_list.highlighted_option
        if highlighted is None or highlighted.id != message.report.mission.id:
            return  # the delegate has moved on to another mission
        report = self.report = message.report
        mission = report.mission
        self.query_one("#review-mission", Label).update(mission.title)
        self.query_one("#review-dates", Label).update(
            " · ".join(
                part
                for part in (
                    date_span(mission.start_date, mission.end_date, short=True),
                    mission.organisation,
                )
                if part
            )
        )
        self.query_one("#review-note", Static).display = False
        summary = self.query_one("#review-summary", Grid)
        await summary.remove_children()
        short = self.size.height < 32  # 80x24: the counts, with no lists under them
        rows = report_rows(report, listed=0 if short else 3, names=0 if short else 5)
        await summary.mount_all(
            widget
            for label, value in rows
            for widget in (Label(label, classes="summary-label"), Static(value))
        )
        self.query_one("#review-sparkline", Sparkline).data = report.meetings_per_day
        peak = max(report.meetings_per_day, default=0)
        first, last = report.days[0], report.days[-1]
        self.query_one("#review-sparkline-label", Label).update(
            f"Meetings per day, Day {first.number} to Day {last.number} (busiest: {peak})"
        )
        days = self.day_list
        days.clear_options()
        days.add_options(
            Option(day_prompt(report, index), id=str(index)) for index in range(len(report.days))
        )
        wanted = self.select[1] if self.select and self.select[0] == mission.id else None
        if wanted is not None:
            self.select = None  # once: moving to another mission starts on its Day 1
        days.highlighted = next(
            (
                index
                for index, day in enumerate(report.days)
                if (day.date == wanted if wanted else day.number == 1)
            ),
            0,
        )
        if wanted is not None:
            days.focus()

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.notify(message.error, title="Review", severity="error")

    # --- choosing ------------------------------------------------------------
    @on(OptionList.OptionSelected, "#review-missions")
    def mission_selected(self) -> None:
        self.day_list.focus()

    @on(OptionList.OptionSelected, "#review-days")
    def day_selected(self) -> None:
        self.open_day(read_only=True)

    def action_choose(self) -> None:
        if self.focused is self.mission_list:
            self.day_list.focus()
        else:
            self.open_day(read_only=True)

    def action_edit_day(self) -> None:
        self.open_day(read_only=False)

    def open_day(self, read_only: bool) -> None:
        report = self.report
        option = self.day_list.highlighted_option
        if report is None or option is None or option.id is None:
            return
        day = report.days[int(option.id)]
        self.dismiss(Jump(report.mission.id, day.date, read_only=read_only))

    def action_back(self) -> None:
        self.dismiss(None)

    # --- the mission report ----------------------------------------------------
    def action_write_report(self) -> None:
        option = self.mission_list.highlighted_option
        if option is None or option.id is None:
            self.notify("Choose a mission first.")
            return
        self.notify("Writing the mission report…")
        self.write_report(option.id)

    @work(thread=True, exclusive=True, group="review-write")
    def write_report(self, mission_id: str) -> None:
        """The board's report for members, into the posts folder the Publish screen uses."""
        from missiondiary.domain import Audience
        from missiondiary.publish.folders import POSTS_DIR_SETTING, resolve_folder
        from missiondiary.publish.report import publish_report

        try:
            with open_store(self.db_path, readonly=self.readonly) as store:
                folder = resolve_folder(store.setting(POSTS_DIR_SETTING, ""), self.db_path)
                report, paths = publish_report(
                    store, store.mission(mission_id), Audience.MEMBERS, folder, ("md", "html")
                )
        except DiaryError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.ReportWritten(paths, report.withheld))

    @on(ReportWritten)
    def report_written(self, message: ReportWritten) -> None:
        held = f"; {message.withheld} withheld from members" if message.withheld else ""
        self.notify(
            "\n".join(str(path) for path in message.paths) + held,
            title="Mission report written",
            timeout=8,
        )
