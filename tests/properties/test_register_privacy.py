"""Property: contact details, protocol notes, an organisation's private notes and meetings'
working notes reach no published file (posts and mission reports, every audience); private
entries reach no post and no report but the private one.

test_publish_privacy.py holds the same promise for posts alone; this one adds the register and
the report."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiondiary.domain import Attendee, Audience, Outcome, Visibility
from missiondiary.publish import publish_mission
from missiondiary.publish.report import publish_report
from missiondiary.store import open_store
from missiondiary.timeline import moment_from_text
from property_helpers import at_length

START = date(2024, 5, 6)
ZONE = "Europe/Paris"
_counter = itertools.count()
_MARKER = re.compile(r"⟦[^⟧]*⟧")

noise = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="⟦⟧"),
    max_size=30,
)
entry = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["itinerary", "meeting", "meeting", "followup"]),
        "visibility": st.sampled_from(list(Visibility)),
        "day": st.integers(min_value=0, max_value=2),
        "hour": st.integers(min_value=6, max_value=22),
        "noise": noise,
        "known": st.booleans(),  # the person met is already in the register (another name)
    }
)


def secret(label: str) -> str:
    return f"⟦{label}-{next(_counter)}⟧"


@settings(
    max_examples=8,  # 100 under `pytest -m slow` (below)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(entry, min_size=1, max_size=10))
def test_register_secrets_and_private_entries_reach_no_post_or_report(
    tmp_path_factory, entries: list[dict]
) -> None:
    folder: Path = tmp_path_factory.mktemp("diary")
    never: list[str] = []  # in no published file at all
    hidden: dict[Audience, list[str]] = {Audience.MEMBERS: [], Audience.PUBLIC: []}

    def note_hidden(text: str, vis: Visibility) -> None:
        if vis is Visibility.PRIVATE:
            hidden[Audience.MEMBERS].append(text)
        if vis is not Visibility.PUBLIC:
            hidden[Audience.PUBLIC].append(text)

    with open_store(folder / "diary.db") as store:
        mission = store.create_mission(
            "Property mission", START, date(2024, 5, 8), ZONE, "America/Toronto"
        )
        regular = store.ensure_person("Regular Contact")
        store.update_person(
            regular,
            add_aliases=["RC"],
            email=f"rc@{secret('email')}.example",
            phone=secret("phone"),
            messaging=secret("wechat"),
            card=secret("card"),
            protocol=secret("protocol"),
        )
        never += _private_fields(store.person(regular))
        meeting_tags: list[str] = []
        for item in entries:
            when = moment_from_text(
                f"{date(2024, 5, 5 + item['day'])} {item['hour']:02d}:15", ZONE
            ).moment
            vis = item["visibility"]
            tag = secret(vis.value)
            text = f"{item['noise']} {tag}"
            note_hidden(tag, vis)
            if item["kind"] == "itinerary":
                store.add_itinerary_item(mission.id, text, when, visibility=vis)
            elif item["kind"] == "followup":
                store.add_followup(
                    mission.id, text, when.local_date, owner=secret("owner"), visibility=vis
                )
            else:
                org, person = secret("org"), secret("person")
                met = "RC" if item["known"] else person
                meeting = store.add_meeting(
                    mission.id,
                    text,
                    when,
                    organisations=[org],
                    attendees=[Attendee(met, "Role", org)],
                    notes=f"{item['noise']} {secret('notes')}",
                    summary=f"summary {tag}",
                    outcomes=[Outcome(f"deal {tag}", amount=100, currency="EUR")],
                    visibility=vis,
                )
                never.append(meeting.notes.split()[-1])
                meeting_tags.append(tag)
                note_hidden(org, vis)
                if not item["known"]:
                    note_hidden(person, vis)
                    person_id = store.find_person(person).id
                    store.update_person(
                        person_id,
                        email=f"p@{secret('email')}.example",
                        messaging=secret("wechat"),
                        card=secret("card"),
                        protocol=secret("protocol"),
                    )
                    never += _private_fields(store.person(person_id))
                org_id = store.find_organisation(org).id
                store.update_organisation(org_id, notes=secret("org-notes"), kind="company")
                never.append(store.organisation(org_id).notes)

        written: dict[Audience, str] = {}
        for audience in Audience:
            out = folder / audience.value
            _, paths = publish_report(store, mission, audience, out, ("md", "html"))
            if audience is not Audience.PRIVATE:
                publish_mission(store, mission, audience, out, ("md", "html"))
            written[audience] = "".join(
                p.read_text(encoding="utf-8") for p in sorted(out.iterdir())
            )
            assert paths
    for audience, text in written.items():
        for value in never:
            assert value not in text, f"{value} reached a {audience} file"
        for value in hidden.get(audience, []):
            assert value not in text, f"{value} leaked to {audience}"
    # The private report is the delegation's own record: every meeting is in it.
    for tag in meeting_tags:
        assert tag in written[Audience.PRIVATE]


test_register_secrets_and_private_entries_reach_no_post_or_report_at_length = at_length(
    test_register_secrets_and_private_entries_reach_no_post_or_report,
    100,
    entries=st.lists(entry, min_size=1, max_size=10),
)


def _private_fields(person) -> list[str]:
    """The secret markers in a person's contact details and protocol notes."""
    values = (
        person.contact.email,
        person.contact.phone,
        person.contact.messaging,
        person.contact.card,
        person.protocol,
    )
    return [marker for value in values for marker in _MARKER.findall(value)]
