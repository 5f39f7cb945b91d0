"""Property: nothing private and no working notes ever reach a published file."""

from __future__ import annotations

import functools
import io
import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from missiondiary.domain import Attendee, Audience, Outcome, Visibility
from missiondiary.publish import publish_mission
from missiondiary.store import open_store
from missiondiary.store.photos import NewPhoto
from missiondiary.timeline import moment_from_text
from property_helpers import at_length

START = date(2024, 5, 6)
_counter = itertools.count()

noise = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="⟦⟧"),
    max_size=40,
)
visibility = st.sampled_from(list(Visibility))
entry = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["itinerary", "meeting", "followup", "photo"]),
        "link": st.booleans(),  # a photo of the last meeting added (if any)
        "visibility": visibility,
        "day": st.integers(min_value=0, max_value=2),
        "hour": st.integers(min_value=6, max_value=22),
        "noise": noise,
    }
)


post = st.fixed_dictionaries(
    {"day": st.integers(min_value=0, max_value=3), "visibility": visibility, "noise": noise}
)


def secret(label: str) -> str:
    return f"⟦{label}-{next(_counter)}⟧"


@functools.cache
def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _add_photo(store, mission_id: str, when, caption: str, vis, meeting_id) -> str:
    [photo] = store.add_photos(
        mission_id,
        [
            NewPhoto(
                at=when,
                file_name="IMG.jpg",
                content_hash=f"hash-{next(_counter)}",
                jpeg=_jpeg(),
                width=64,
                height=48,
                caption=caption,
                meeting_id=meeting_id,
                visibility=vis,
            )
        ],
    )
    return photo.id


@settings(
    max_examples=10,  # 200 under `pytest -m slow` (below)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(entry, min_size=1, max_size=12), posts=st.lists(post, max_size=4))
def test_no_private_text_in_any_published_file(
    tmp_path_factory, entries: list[dict], posts: list[dict]
) -> None:
    folder: Path = tmp_path_factory.mktemp("diary")
    hidden: dict[Audience, list[str]] = {Audience.MEMBERS: [], Audience.PUBLIC: []}
    last_meeting: tuple[str, Visibility] | None = None

    def note_hidden(text: str, vis: Visibility) -> None:
        if vis is Visibility.PRIVATE:
            hidden[Audience.MEMBERS].append(text)
        if vis is not Visibility.PUBLIC:
            hidden[Audience.PUBLIC].append(text)

    with open_store(folder / "diary.db") as store:
        mission = store.create_mission(
            "Property mission", START, date(2024, 5, 8), "Europe/Paris", "America/Toronto"
        )
        for item in entries:
            when = moment_from_text(
                f"{date(2024, 5, 5 + item['day'])} {item['hour']:02d}:15", "Europe/Paris"
            ).moment
            vis = item["visibility"]
            tag = secret(vis.value)
            text = f"{item['noise']} {tag}"
            if item["kind"] == "itinerary":
                store.add_itinerary_item(
                    mission.id, text, when, location=secret("place"), visibility=vis
                )
                if vis is Visibility.PRIVATE:
                    hidden[Audience.MEMBERS].append(tag)
            elif item["kind"] == "meeting":
                notes = secret("notes")
                org = secret("org")
                person = secret("person")
                added = store.add_meeting(
                    mission.id,
                    text,
                    when,
                    organisations=[org],
                    attendees=[Attendee(person, "Role", org)],
                    notes=f"{item['noise']} {notes}",
                    summary=f"summary {tag}",
                    outcomes=[Outcome(f"deal {tag}")],
                    visibility=vis,
                )
                last_meeting = (added.id, vis)
                hidden[Audience.MEMBERS].append(notes)
                hidden[Audience.PUBLIC].append(notes)
                for part in (org, person):
                    note_hidden(part, vis)
            elif item["kind"] == "photo":
                # A photo of a meeting is seen only where the meeting is seen too.
                meeting = last_meeting if item["link"] else None
                photo_id = _add_photo(
                    store, mission.id, when, text, vis, meeting[0] if meeting else None
                )
                for shown in {vis, meeting[1] if meeting else vis}:
                    note_hidden(photo_id[:8], shown)
                    note_hidden(tag, shown)
            else:
                store.add_followup(
                    mission.id, text, when.local_date, owner=secret("owner"), visibility=vis
                )
            note_hidden(tag, vis)
        for day_post in posts:
            # A day post is the delegate's words and title: both go only where it may.
            vis = day_post["visibility"]
            tag, title = secret(f"post-{vis.value}"), secret("title")
            store.write_post(
                mission.id,
                day_post["day"],
                f"{day_post['noise']} {tag}",
                title=title,
                visibility=vis,
            )
            for text in (tag, title):
                note_hidden(text, vis)
        for audience in (Audience.MEMBERS, Audience.PUBLIC):
            out = folder / audience.value
            publish_mission(store, mission, audience, out, ("md", "html"))
            files = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
            texts = [p for p in files if p.suffix in (".md", ".html")]
            # Photo files are named by their photo's id: a withheld photo leaves no file.
            written = "".join(p.read_text(encoding="utf-8") for p in texts)
            written += " ".join(p.name for p in files)
            for text in hidden[audience]:
                assert text not in written, f"{text} leaked to {audience}"


test_no_private_text_in_any_published_file_at_length = at_length(
    test_no_private_text_in_any_published_file,
    200,
    entries=st.lists(entry, min_size=1, max_size=12),
    posts=st.lists(post, max_size=4),
)
