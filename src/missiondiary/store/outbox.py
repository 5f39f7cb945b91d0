"""Destinations and the outbox: what waits to be sent, what went (remote id or Message-ID,
hash of what was sent) and what failed and why. Each change is one transaction, so a send
killed halfway leaves the row as it was before the attempt, or with its id already kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from missiondiary.domain.sending import (
    Destination,
    DestinationKind,
    OutboxItem,
    OutboxStatus,
    Upload,
)
from missiondiary.domain.text import one_line
from missiondiary.errors import InvalidInput, NotFound
from missiondiary.store.base import StoreBase, new_id
from missiondiary.store.rows import from_row
from missiondiary.timeline import stamp

LEASE_SECONDS = 300  # longer than any attempt (timeouts are 20 s a request)
_ITEM_SQL = """SELECT o.*, m.slug AS mission_slug, d.name AS d_name, d.kind AS d_kind,
    d.settings AS d_settings FROM outbox o
    JOIN missions m ON m.id = o.mission_id
    JOIN send_destinations d ON d.id = o.destination_id"""


def _destination(row: dict[str, Any], prefix: str = "") -> Destination:
    return Destination(
        id=row["destination_id" if prefix else "id"],
        name=row[f"{prefix}name"],
        kind=DestinationKind(row[f"{prefix}kind"]),
        settings=json.loads(row[f"{prefix}settings"] or "{}"),
    )


def _item(row: dict[str, Any]) -> OutboxItem:
    return from_row(
        OutboxItem,
        row,
        destination=_destination(row, "d_"),
        status=OutboxStatus(row["status"]),
        again=bool(row["again"]),
    )


class OutboxMixin(StoreBase):
    # destinations ------------------------------------------------------------------------
    def destinations(self) -> list[Destination]:
        rows = self._rows("SELECT * FROM send_destinations ORDER BY name")
        return [_destination(row) for row in rows]

    def destination(self, name: str, field_name: str = "--to") -> Destination:
        row = self._row("SELECT * FROM send_destinations WHERE name = ?", (name,))
        if row is None:
            known = ", ".join(d.name for d in self.destinations()) or "none yet"
            raise NotFound(
                f"{field_name}: no destination named '{name}' (set one up with "
                f"'missiondiary send setup wordpress|email NAME'; known: {known})"
            )
        return _destination(row)

    def save_destination(
        self, name: str, kind: DestinationKind, settings: dict[str, Any]
    ) -> Destination:
        """Create or replace a destination by name; its outbox rows stay attached."""
        clean = one_line(name)
        if not clean:
            raise InvalidInput("NAME", "a destination needs a name")
        now = stamp()
        with self.write():
            current = self._row("SELECT id FROM send_destinations WHERE name = ?", (clean,))
            values = {"kind": kind.value, "settings": json.dumps(settings), "updated_at": now}
            if current:
                self.db["send_destinations"].update(current["id"], values)
            else:
                row = {"id": new_id(), "name": clean, "created_at": now, **values}
                self.db["send_destinations"].insert(row)
        return self.destination(clean)

    def secret_in_diary(self, destination_id: str) -> str | None:
        return self._scalar(
            "SELECT secret FROM send_secrets WHERE destination_id = ?", (destination_id,)
        )

    def keep_secret_in_diary(self, destination_id: str, secret: str | None) -> None:
        """Only when the system has no keyring (send/secrets.py says so to the user)."""
        with self.write():
            self.db.execute("DELETE FROM send_secrets WHERE destination_id = ?", (destination_id,))
            if secret is not None:
                self.db["send_secrets"].insert({"destination_id": destination_id, "secret": secret})

    # the outbox --------------------------------------------------------------------------
    def queue_send(
        self,
        mission_id: str,
        days: list[int],
        destination: Destination,
        *,
        audience: str,
        post_status: str | None,
        again: bool = False,
        new_message: bool = False,
    ) -> list[OutboxItem]:
        """Put days in the outbox in one transaction. A day already there keeps its remote
        id and Message-ID (so it is updated, never duplicated) and waits again;
        `new_message` (a second mail, asked for) forgets the Message-ID. `post_status` None
        keeps the status the day went with (a published post is not turned back into a
        draft by sending it again); a day that never went is a draft."""
        now = stamp()
        ids = []
        with self.write():
            for day in days:
                current = self._row(
                    "SELECT id, sent_at FROM outbox "
                    "WHERE mission_id = ? AND day = ? AND destination_id = ?",
                    (mission_id, day, destination.id),
                )
                values = {
                    "audience": audience,
                    "status": OutboxStatus.WAITING.value,
                    "again": int(again),
                    "reason": "",
                    "queued_at": now,
                }
                if post_status is not None or not (current and current["sent_at"]):
                    values["post_status"] = post_status or "draft"
                if current:
                    if new_message:
                        values["message_id"] = None
                    self.db["outbox"].update(current["id"], values)
                    ids.append(current["id"])
                else:
                    row = {
                        "id": new_id(),
                        "mission_id": mission_id,
                        "day": day,
                        "destination_id": destination.id,
                        **values,
                    }
                    self.db["outbox"].insert(row)
                    ids.append(row["id"])
        return [self.outbox_item(item_id) for item_id in ids]

    def outbox_item(self, item_id: str) -> OutboxItem:
        return _item(
            self._found_row(
                f"{_ITEM_SQL} WHERE o.id = ?", (item_id,), f"no outbox item '{item_id}'"
            )
        )

    def outbox_for(self, mission_id: str, day: int, destination_id: str) -> OutboxItem | None:
        row = self._row(
            f"{_ITEM_SQL} WHERE o.mission_id = ? AND o.day = ? AND o.destination_id = ?",
            (mission_id, day, destination_id),
        )
        return _item(row) if row else None

    def outbox(self, statuses: tuple[OutboxStatus, ...] | None = None) -> list[OutboxItem]:
        rows = self._rows(f"{_ITEM_SQL} ORDER BY m.start_date, o.day, d.name")
        items = [_item(row) for row in rows]
        return [item for item in items if statuses is None or item.status in statuses]

    def waiting_count(self) -> int:
        return self._scalar("SELECT COUNT(*) FROM outbox WHERE status = 'waiting'") or 0

    def claim(self, item_id: str, lease_seconds: int = LEASE_SECONDS) -> bool:
        """Take an item for one attempt, unless it went already or another window (the
        app, a command) is sending it now; a claim left by a killed process runs out."""
        now = datetime.now(UTC)
        until = (now + timedelta(seconds=lease_seconds)).isoformat(timespec="milliseconds")
        with self.write():
            cursor = self.db.execute(
                "UPDATE outbox SET attempts = attempts + 1, tried_at = ?, claimed_until = ? "
                "WHERE id = ? AND status != 'sent' "
                "AND (claimed_until IS NULL OR claimed_until < ?)",
                (stamp(), until, item_id, now.isoformat(timespec="milliseconds")),
            )
            return cursor.rowcount == 1

    def keep_remote(self, item_id: str, **values: Any) -> None:
        """Whatever an attempt learnt (a remote id, the Message-ID about to be used), kept
        before the next step, so a send killed after it is finished without a duplicate."""
        with self.write():
            self.db["outbox"].update(item_id, values)

    def mark_sent(self, item_id: str, sent_hash: str, **values: Any) -> None:
        with self.write():
            self.db["outbox"].update(
                item_id,
                {
                    "status": OutboxStatus.SENT.value,
                    "reason": "",
                    "again": 0,
                    "sent_hash": sent_hash,
                    "sent_at": stamp(),
                    "claimed_until": None,
                    **values,
                },
            )

    def mark_outcome(self, item_id: str, status: OutboxStatus, reason: str) -> None:
        with self.write():
            self.db["outbox"].update(
                item_id, {"status": status.value, "reason": reason, "claimed_until": None}
            )

    # photos uploaded to a destination ---------------------------------------------------
    def sent_media(self, destination_id: str, photo_hash: str) -> tuple[str, str] | None:
        """(media id, address) of a photo already uploaded to this destination."""
        row = self._row(
            "SELECT media_id, url FROM sent_media WHERE destination_id = ? AND photo_hash = ?",
            (destination_id, photo_hash),
        )
        return (row["media_id"], row["url"]) if row else None

    def keep_media(self, destination_id: str, photo_hash: str, media_id: str, url: str) -> None:
        """Kept the moment the upload is answered, before the post is written."""
        with self.write():
            self.db.execute(
                "INSERT OR REPLACE INTO sent_media "
                "(destination_id, photo_hash, media_id, url, uploaded_at) VALUES (?, ?, ?, ?, ?)",
                (destination_id, photo_hash, media_id, url, stamp()),
            )

    def uploads(self, destination_id: str) -> list[Upload]:
        """Every photo uploaded to this destination, with the mission days its picture is on
        now (none: every photo of it was deleted)."""
        places: dict[str, set[tuple[str, str]]] = {}
        media: dict[str, str] = {}
        for row in self._rows(
            "SELECT m.photo_hash, m.media_id, p.mission_id, p.local_date FROM sent_media m "
            "LEFT JOIN photos p ON p.content_hash = m.photo_hash WHERE m.destination_id = ?",
            (destination_id,),
        ):
            media[row["photo_hash"]] = row["media_id"]
            found = places.setdefault(row["photo_hash"], set())
            if row["mission_id"] is not None:
                found.add((row["mission_id"], row["local_date"]))
        return [Upload(key, media[key], frozenset(places[key])) for key in media]

    def forget_media(self, destination_id: str, photo_hash: str) -> None:
        """The upload is gone from the site (deleted there): the next send uploads again."""
        with self.write():
            self.db.execute(
                "DELETE FROM sent_media WHERE destination_id = ? AND photo_hash = ?",
                (destination_id, photo_hash),
            )
