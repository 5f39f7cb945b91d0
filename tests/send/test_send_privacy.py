"""Whatever is sent is built from the publisher's render, so from `visible_content`: private
entries and working notes never reach WordPress or a member's inbox, for any audience."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

import pytest

from missiondiary.domain import Visibility
from missiondiary.send.outbox import day_mail, render_item, wordpress_post
from missiondiary.timeline import moment_from_text

PRIVATE = "PRIVATE-MARKER-9317"
MEMBERS = "MEMBERS-MARKER-4420"


@pytest.fixture
def mission(diary):
    mission = diary.create_mission(
        "Mission", date(2011, 11, 21), date(2011, 11, 30), "Asia/Shanghai", slug="m"
    )
    at = moment_from_text("2011-11-22 10:00", "Asia/Shanghai").moment
    diary.add_meeting(
        mission.id,
        f"Talk {PRIVATE}",
        at,
        notes=f"notes {PRIVATE}",
        summary=f"summary {PRIVATE}",
        visibility=Visibility.PRIVATE,
    )
    diary.add_meeting(
        mission.id,
        f"Visit {MEMBERS}",
        at,
        notes=f"working notes {PRIVATE}",  # a members' meeting's notes are still private
        summary=f"summary {MEMBERS}",
        visibility=Visibility.MEMBERS,
    )
    diary.add_itinerary_item(mission.id, f"Car {PRIVATE}", at, visibility=Visibility.PRIVATE)
    diary.add_itinerary_item(mission.id, "Plant tour (public)", at, visibility=Visibility.PUBLIC)
    diary.write_post(mission.id, 2, f"Words {MEMBERS}", title=f"Title {MEMBERS}")
    return mission


@pytest.mark.parametrize("audience", ["members", "public"])
def test_no_private_text_in_anything_sent(diary, mission, audience: str) -> None:
    post = render_item(diary, mission.id, 2, audience)
    mail = day_mail(diary, post)
    wordpress = wordpress_post(post, "draft")
    sent = " ".join(str(part) for part in (*astuple(mail), *astuple(wordpress)))
    assert "Plant tour (public)" in sent
    assert PRIVATE not in sent
    assert (MEMBERS in sent) is (audience == "members")
