"""A mission day assembled for the app and the publisher, plus edits any entry shares."""

from __future__ import annotations

from datetime import date

from missiondiary.domain import Day, Mission, Visibility, day_zone, zone_city
from missiondiary.errors import AmbiguousId, InvalidInput, NotFound
from missiondiary.store.base import LABELS, TABLES
from missiondiary.store.followups import FollowUpsMixin
from missiondiary.store.itinerary import ItineraryMixin
from missiondiary.store.meetings import MeetingsMixin
from missiondiary.store.missions import MissionsMixin
from missiondiary.store.photos import PhotosMixin
from missiondiary.store.posts import PostsMixin
from missiondiary.store.rows import visibility_column
from missiondiary.timeline import stamp

EDITABLE = ("itinerary", "meeting", "followup", "photo")
WITH_VISIBILITY = (*EDITABLE, "post")  # a day post has a visibility but is not deleted here


class DaysMixin(
    MissionsMixin, ItineraryMixin, MeetingsMixin, FollowUpsMixin, PostsMixin, PhotosMixin
):
    def day(self, mission_id: str, when: date) -> Day:
        mission = self.mission(mission_id)
        items = self.itinerary_for_day(mission_id, when)
        meetings = self.meetings_for_day(mission_id, when)
        earlier = self.last_itinerary_before(mission_id, when)
        spans = [(item.start, item.end) for item in [*items, *([earlier] if earlier else [])]]
        spans += [(meeting.at, None) for meeting in meetings]
        tz = day_zone(mission, when, spans)
        number = mission.day_number(when)
        return Day(
            mission=mission,
            date=when,
            itinerary=tuple(items),
            meetings=tuple(meetings),
            followups=tuple(self.followups_for_day(mission_id, when)),
            post=self.post(mission_id, number),
            place=self.place_for_day(mission_id, number) or zone_city(tz),
            tz=tz,
            photos=tuple(self.photos_for_day(mission_id, when)),
        )

    def first_entry_date(self, mission_id: str) -> date | None:
        """The earliest day with an entry (travel often starts before Day 1)."""
        value = self._scalar(
            "SELECT MIN(d) FROM (SELECT MIN(local_date) d FROM itinerary_items WHERE mission_id = ?"
            " UNION ALL SELECT MIN(local_date) FROM meetings WHERE mission_id = ?)",
            (mission_id, mission_id),
        )
        return date.fromisoformat(value) if value else None

    def day_of(self, mission: Mission, ref: int | date, field_name: str) -> date:
        """A day number or date, checked against the mission (travel days before Day 1
        and entries after the last day included)."""
        when = mission.date_of(ref) if isinstance(ref, int) else ref
        first = self.first_entry_date(mission.id) or mission.start_date
        last = mission.end_date
        for entry in (
            *self.itinerary_for_mission(mission.id),
            *self.meetings_for_mission(mission.id),
        ):
            last = max(last, entry.local_date)
        low = min(first, mission.start_date)
        if not low <= when <= last:
            asked = f"Day {ref}" if isinstance(ref, int) else str(ref)
            raise InvalidInput(
                f"{field_name}: {asked} is outside the mission, which runs from "
                f"Day {mission.day_number(low)} ({low}) to Day {mission.day_number(last)} ({last})"
            )
        return when

    def resolve_entry(
        self, ref: str, field_name: str = "ID", entities: tuple[str, ...] = EDITABLE
    ) -> tuple[str, str]:
        """(entity, id) of the one entry among `entities` that an id prefix names."""
        found: list[tuple[str, str]] = []
        for entity in entities:
            try:
                found.append((entity, self.resolve_id(entity, ref, field_name)))
            except AmbiguousId:
                raise
            except NotFound:
                continue
        if not found:
            labels = [LABELS[entity] for entity in entities]
            kinds = f"{', '.join(labels[:-1])} or {labels[-1]}" if len(labels) > 1 else labels[0]
            raise NotFound(f"{field_name}: no {kinds} with id '{ref}'")
        if len(found) > 1:
            shown = ", ".join(f"{LABELS[entity]} {i[:8]}" for entity, i in found)
            raise AmbiguousId(
                f"{field_name}: '{ref}' matches several entries ({shown}); type more of it"
            )
        return found[0]

    def set_visibility(self, entity: str, entry_id: str, visibility: Visibility) -> None:
        self._check_editable(entity, WITH_VISIBILITY)
        values = {"visibility": visibility_column(visibility), "updated_at": stamp()}
        label = self._label(entity, entry_id)
        with self.write():
            self._update(entity, entry_id, values, label)

    def delete_entry(self, entity: str, entry_id: str) -> str:
        """Delete an itinerary item, meeting or follow-up; it waits in the trash."""
        self._check_editable(entity)
        label = self._label(entity, entry_id)
        with self.write():
            self._delete_row(entity, entry_id, label)
        return label

    def _label(self, entity: str, entry_id: str) -> str:
        column = {
            "followup": "text",
            "photo": "CASE WHEN caption != '' THEN caption ELSE file_name END",
            "post": "CASE WHEN title != '' THEN title ELSE 'Day ' || day END",
        }.get(entity, "title")
        label = self._scalar(f"SELECT {column} FROM {TABLES[entity]} WHERE id = ?", (entry_id,))
        if label is None:
            raise NotFound(f"ID: no {LABELS[entity]} with id '{entry_id}'")
        return label

    @staticmethod
    def _check_editable(entity: str, allowed: tuple[str, ...] = EDITABLE) -> None:
        if entity not in allowed:
            from missiondiary.errors import InvalidInput

            raise InvalidInput("ID", f"a {LABELS.get(entity, entity)} cannot be changed this way")
