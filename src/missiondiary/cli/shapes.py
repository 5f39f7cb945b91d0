"""The JSON the `--json` options print: plain dicts of the domain's objects. Dates and
amounts become strings in `output.emit_json`."""

from __future__ import annotations

from typing import Any

from missiondiary.domain import (
    Day,
    FollowUp,
    ItineraryItem,
    Meeting,
    Mission,
    MissionSummary,
    Moment,
    Outcome,
    SearchHit,
)


def moment_json(moment: Moment | None) -> dict[str, Any] | None:
    if moment is None:
        return None
    from missiondiary.timeline import aware

    return {
        "local": moment.local.isoformat(timespec="minutes"),
        "tz": moment.tz,
        "utc": moment.utc.isoformat(timespec="seconds"),
        "iso": aware(moment).isoformat(timespec="seconds"),
    }


def mission_json(mission: Mission, summary: MissionSummary | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": mission.id,
        "slug": mission.slug,
        "title": mission.title,
        "organisation": mission.organisation,
        "author": mission.author,
        "start_date": mission.start_date,
        "end_date": mission.end_date,
        "days": mission.day_count,
        "tz": mission.tz,
        "home_tz": mission.home_tz,
        "categories": list(mission.categories),
        "tags": list(mission.tags),
    }
    if summary is not None:
        data.update(
            itinerary_items=summary.itinerary_count,
            meetings=summary.meeting_count,
            followups=summary.followup_count,
            open_followups=summary.open_followups,
        )
    return data


def item_json(item: ItineraryItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "start": moment_json(item.start),
        "end": moment_json(item.end),
        "location": item.location,
        "details": item.details,
        "visibility": item.visibility.value,
    }


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {"text": outcome.text, "amount": outcome.amount, "currency": outcome.currency}


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "at": moment_json(meeting.at),
        "location": meeting.location,
        "organisations": list(meeting.organisations),
        "attendees": [
            {"name": a.name, "role": a.role, "organisation": a.organisation}
            for a in meeting.attendees
        ],
        "notes": meeting.notes,
        "summary": meeting.summary,
        "outcomes": [outcome_json(outcome) for outcome in meeting.outcomes],
        "visibility": meeting.visibility.value,
        "itinerary_id": meeting.itinerary_id,
    }


def followup_json(followup: FollowUp, mission: Mission | None = None) -> dict[str, Any]:
    data = {
        "id": followup.id,
        "text": followup.text,
        "owner": followup.owner,
        "day": followup.day,
        "due": followup.due,
        "status": followup.status.value,
        "closed_on": followup.closed_on,
        "meeting_id": followup.meeting_id,
        "visibility": followup.visibility.value,
    }
    if mission is not None:
        data["mission"] = mission.slug
        data["mission_day"] = mission.day_number(followup.day)
    return data


def day_json(day: Day) -> dict[str, Any]:
    post = day.post
    return {
        "mission": mission_json(day.mission),
        "day": day.number,
        "date": day.date,
        "place": day.place,
        "tz": day.tz,
        "itinerary": [item_json(item) for item in day.itinerary],
        "meetings": [meeting_json(meeting) for meeting in day.meetings],
        "followups": [followup_json(f) for f in day.followups],
        "next_steps": [f.id for f in day.next_steps()],
        "photos": [
            {
                "id": photo.id,
                "at_local": photo.at.local.isoformat(timespec="seconds"),
                "tz": photo.at.tz,
                "caption": photo.caption,
                "meeting_id": photo.meeting_id,
                "visibility": photo.visibility.value,
                "file_name": photo.file_name,
            }
            for photo in day.photos
        ],
        "post": None
        if post is None
        else {
            "id": post.id,
            "title": post.title,
            "place": post.place,
            "body": post.body,
            "status": str(post.status),
            "published_at": post.published_at,
            "visibility": post.visibility.value,
        },
    }


def hit_json(hit: SearchHit) -> dict[str, Any]:
    from missiondiary.store.search import MARK_END, MARK_START

    return {
        "kind": hit.kind,
        "id": hit.entry_id,
        "mission": hit.mission_slug,
        "mission_id": hit.mission_id,
        "mission_title": hit.mission_title,
        "date": hit.day,
        "title": hit.title,
        "snippet": hit.snippet.replace(MARK_START, "").replace(MARK_END, ""),
        "visibility": hit.visibility.value if hit.visibility else None,
        "field": hit.field,
        "snippet_visibility": hit.snippet_visibility.value if hit.snippet_visibility else None,
    }
