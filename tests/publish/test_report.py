"""The mission report: route, day lines, meetings by organisation, agreements with totals per
currency, follow-ups, organisations met for the first time, and who may read what."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from missiondiary.domain import Attendee, Audience, FollowUpStatus, Outcome, Visibility, date_span
from missiondiary.errors import InvalidInput
from missiondiary.publish.report import (
    PRIVATE_NOTICE,
    gather_report,
    publish_report,
    render_report,
)
from missiondiary.store import Store
from store_helpers import at, china_mission

NOW = datetime(2012, 1, 5, 12, 0, tzinfo=UTC)
SHANGHAI = "Asia/Shanghai"


def mixed_mission(store: Store):
    """Two earlier visits to Jinshan on another mission; then a mission with deals in three
    currencies, one of them private, and a little of everything a report leaves out."""
    earlier = store.create_mission(
        "Scouting trip", date(2010, 4, 12), date(2010, 4, 14), SHANGHAI, organisation="Chamber"
    )
    store.add_meeting(
        earlier.id, "Jinshan courtesy call", at("2010-04-13 10:00", SHANGHAI),
        organisations=["Jinshan Group"],
    )  # fmt: skip
    mission = china_mission(store, "Chongqing and Chengdu", organisation="Chamber")
    store.write_post(mission.id, 1, "Arrived.", place="China / Chongqing")
    store.write_post(mission.id, 4, "On to Chengdu.", place="China / Chengdu")
    store.add_itinerary_item(
        mission.id, "AC 031 Toronto → Beijing", at("2011-11-20 00:55", "America/Toronto"),
        at("2011-11-21 03:40", SHANGHAI), kind="flight",
    )  # fmt: skip
    store.add_itinerary_item(mission.id, "Hotel check-in", at("2011-11-21 11:30"), kind="hotel")
    store.add_itinerary_item(
        mission.id, "Secret dinner ⟦itin⟧", at("2011-11-22 20:00"), visibility=Visibility.PRIVATE
    )
    deal = store.add_meeting(
        mission.id,
        "Jinshan: hospital contract",
        at("2011-11-21 15:00"),
        organisations=["Chamber", "Jinshan Group", "CSTAR"],
        attendees=[Attendee("Chen Weidong", "Chair", "Jinshan Group")],
        notes="⟦notes⟧ their floor price",
        summary="Agreed the hospital training programme.",
        outcomes=[
            Outcome("Training contract, first year", Decimal("1250000.50"), "CNY"),
            Outcome("Simulators", Decimal("0.25"), "CNY"),
            Outcome("MOU on exchanges"),
        ],
        visibility=Visibility.MEMBERS,
    )
    store.add_meeting(
        mission.id,
        "Jiali distribution",
        at("2011-11-22 10:00"),
        organisations=["Jiali Medical"],
        outcomes=[Outcome("Distribution deal", Decimal("120000"), "GBP")],
        visibility=Visibility.PUBLIC,
    )
    store.add_meeting(
        mission.id,
        "Ice wine ⟦private-meeting⟧",
        at("2011-11-24 10:00"),
        organisations=["Chengdu Chamber ⟦private-org⟧"],
        outcomes=[Outcome("Pilot shipment", Decimal("45000"), "CAD")],
        visibility=Visibility.PRIVATE,
    )
    store.add_meeting(
        mission.id,
        "Second Jinshan visit",
        at("2011-11-25 10:00"),
        organisations=["jinshan group"],
        outcomes=[Outcome("Top-up order", Decimal("750000"), "CNY")],
        visibility=Visibility.MEMBERS,
    )
    open_step = store.add_followup(
        mission.id, "Send the syllabus", date(2011, 11, 21), owner="Dr. Keller",
        due=date(2012, 1, 15), meeting_id=deal.id, visibility=Visibility.MEMBERS,
    )  # fmt: skip
    done = store.add_followup(
        mission.id, "Thank-you letters", date(2011, 11, 22), owner="J. Balles",
        visibility=Visibility.PUBLIC,
    )  # fmt: skip
    store.set_followup_status(done.id, FollowUpStatus.DONE, on=date(2011, 11, 23))
    store.add_followup(mission.id, "Chase ⟦private-followup⟧", date(2011, 11, 23))
    jinshan = store.find_organisation("Jinshan Group")
    store.update_organisation(
        jinshan.id, add_aliases=["金山集团"], kind="company", city="Chongqing", country="China",
        notes="⟦org-notes⟧ family feud",
    )  # fmt: skip
    chen = store.find_person("Chen Weidong")
    store.update_person(
        chen.id, email="chen@⟦email⟧.cn", phone="⟦phone⟧", messaging="⟦wechat⟧",
        card="⟦card⟧", protocol="⟦protocol⟧ gave a tea set",
    )  # fmt: skip
    return mission, open_step


def render(store: Store, mission, audience: Audience):
    return render_report(gather_report(store, mission, audience), now=NOW)


def test_totals_are_per_currency_exact_and_only_over_what_the_audience_sees(
    diary: Store,
) -> None:
    mission, _ = mixed_mission(diary)
    members = render(diary, mission, Audience.MEMBERS)
    assert dict(members.content.summary.totals) == {
        "CNY": Decimal("2000000.75"),
        "GBP": Decimal("120000"),
    }
    assert "- CNY 2,000,000.75\n- GBP 120,000\n" in members.markdown
    assert "with a value: CNY 2,000,000.75 · GBP 120,000" in members.markdown
    public = render(diary, mission, Audience.PUBLIC)
    assert dict(public.content.summary.totals) == {"GBP": Decimal("120000")}
    private = render(diary, mission, Audience.PRIVATE)
    assert dict(private.content.summary.totals) == {
        "CAD": Decimal("45000"),
        "CNY": Decimal("2000000.75"),
        "GBP": Decimal("120000"),
    }
    assert (
        "| Day 1 · 21 Nov | Jinshan Group | Training contract, first year | CNY 1,250,000.50 |"
        in (members.markdown)
    )


def test_the_report_has_dates_route_day_lines_and_meetings_grouped_by_organisation(
    diary: Store,
) -> None:
    mission, _ = mixed_mission(diary)
    report = render(diary, mission, Audience.MEMBERS)
    text = report.markdown
    assert "## 21–30 November 2011" in text
    assert "- **Dates:** 21–30 November 2011, 10 days (leaving 20 Nov)" in text
    assert "- **Route:** Toronto → China / Chongqing → China / Chengdu" in text
    assert "| Day 0 | 20 Nov 2011 | Toronto | America/Toronto |" in text
    assert "| Days 1–3 | 21–23 Nov 2011 | China / Chongqing | Asia/Chongqing |" in text
    assert "- **Day 1** · Mon 21 Nov · China / Chongqing — Jinshan: hospital contract" in text
    assert "- **Day 0** · Sun 20 Nov · Toronto — AC 031 Toronto → Beijing" in text
    # Both Jinshan meetings under one heading, oldest first; the delegation's own aside.
    section = text.split("#### Jinshan Group\n", 1)[1].split("####", 1)[0]
    assert section.index("hospital contract") < section.index("Second Jinshan visit")
    assert "Also: CSTAR." in section
    assert "*Company · Chongqing, China · also known as 金山集团*" in section
    assert "With Chen Weidong (Chair, Jinshan Group)." in section
    assert "#### Chamber" not in text
    # Jinshan was first met on the scouting trip; Jiali and CSTAR on this one.
    assert "first met on this mission" not in section
    newly = text.split("### Organisations met for the first time\n", 1)[1]
    assert [line[2:] for line in newly.strip().splitlines()] == ["CSTAR", "Jiali Medical"]


def test_follow_ups_are_listed_done_and_still_open_with_owners_and_dates(diary: Store) -> None:
    mission, _ = mixed_mission(diary)
    text = render(diary, mission, Audience.MEMBERS).markdown
    assert "#### Still open\n\n- Send the syllabus — Dr. Keller, due 15 January 2012\n" in text
    assert "#### Done\n\n- Thank-you letters — J. Balles, done 23 November 2011\n" in text
    assert "- **Follow-ups:** 1 done, 1 still open" in text


def test_private_entries_reach_only_the_private_report_which_says_so_at_its_top(
    diary: Store,
) -> None:
    mission, _ = mixed_mission(diary)
    members = render(diary, mission, Audience.MEMBERS)
    private = render(diary, mission, Audience.PRIVATE)
    for secret in ("⟦private-meeting⟧", "⟦private-org⟧", "⟦private-followup⟧", "⟦itin⟧"):
        assert secret not in members.markdown and secret not in members.html
    for secret in ("⟦private-meeting⟧", "⟦private-org⟧", "⟦private-followup⟧"):
        assert secret in private.markdown
    assert members.withheld == 3
    assert PRIVATE_NOTICE not in members.markdown
    body = private.body.splitlines()
    assert body[2] == PRIVATE_NOTICE
    assert "Private report" in private.html.split("<h1>")[0]
    assert private.stem.endswith("report-private") and members.stem.endswith("report-members")


def test_working_notes_contact_details_and_protocol_notes_reach_no_report(diary: Store) -> None:
    mission, _ = mixed_mission(diary)
    never = (
        "⟦notes⟧", "⟦org-notes⟧", "⟦email⟧", "⟦phone⟧", "⟦wechat⟧", "⟦card⟧", "⟦protocol⟧"
    )  # fmt: skip
    for audience in Audience:
        report = render(diary, mission, audience)
        for secret in never:
            assert secret not in report.markdown, (secret, audience)
            assert secret not in report.html, (secret, audience)


def test_front_matter_is_yaml_hugo_and_jekyll_read(diary: Store) -> None:
    mission, _ = mixed_mission(diary)
    report = render(diary, mission, Audience.MEMBERS)
    head = report.markdown.split("---\n")[1]
    fields = yaml.safe_load(head)
    assert fields["title"] == "Chongqing and Chengdu – Mission report"
    assert fields["audience"] == "members"
    assert fields["render_with_liquid"] is False
    assert str(fields["date"]).startswith("2011-11-30 21:00:00")


def test_the_report_is_written_atomically_inside_the_folder(diary: Store, tmp_path: Path) -> None:
    mission, _ = mixed_mission(diary)
    out = tmp_path / "out"
    report, paths = publish_report(diary, mission, Audience.MEMBERS, out, ("md", "html"), now=NOW)
    assert [p.name for p in paths] == [f"{report.stem}.md", f"{report.stem}.html"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert paths[0].read_text(encoding="utf-8") == report.markdown
    html_text = paths[1].read_text(encoding="utf-8")
    assert "<table>" in html_text and "<style>" in html_text


def test_text_from_the_diary_cannot_inject_markup(diary: Store) -> None:
    mission = china_mission(diary)
    diary.add_meeting(
        mission.id,
        "<script>alert(1)</script>",
        at("2011-11-21 10:00"),
        organisations=["<b>Bold Ltd</b>"],
        summary="[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        visibility=Visibility.MEMBERS,
    )
    html_text = render(diary, mission, Audience.MEMBERS).html
    assert "<script>" not in html_text and "<img" not in html_text and "<b>Bold" not in html_text
    assert "javascript:" not in html_text


def test_an_unknown_theme_fails_before_anything_is_written(diary: Store, tmp_path: Path) -> None:
    mission = china_mission(diary)
    with pytest.raises(InvalidInput, match="--theme"):
        publish_report(diary, mission, Audience.MEMBERS, tmp_path / "out", theme="nope")
    assert not (tmp_path / "out").exists()


def test_an_empty_mission_still_makes_a_report(diary: Store) -> None:
    mission = china_mission(diary)
    text = render(diary, mission, Audience.PUBLIC).markdown
    assert "- **Meetings:** 0 meetings" in text
    assert "### Meetings by organisation" not in text


def test_date_spans_read_naturally() -> None:
    assert date_span(date(2011, 11, 21), date(2011, 11, 30)) == "21–30 November 2011"
    assert date_span(date(2011, 11, 28), date(2011, 12, 2)) == "28 November – 2 December 2011"
    assert date_span(date(2011, 12, 30), date(2012, 1, 2), short=True) == (
        "30 Dec 2011 – 2 Jan 2012"
    )
    assert date_span(date(2011, 11, 21), date(2011, 11, 21)) == "21 November 2011"
