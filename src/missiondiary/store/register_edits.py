"""Changing the register: editing an organisation or a person (names, other names, titles,
places, contact details) and merging duplicates; each is one undoable change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from missiondiary.domain import name_key
from missiondiary.domain.register import (
    Organisation,
    Person,
    parse_email,
    parse_organisation_kind,
)
from missiondiary.domain.text import one_line
from missiondiary.errors import InvalidInput
from missiondiary.store.base import new_id
from missiondiary.store.register import ORGANISATIONS, PEOPLE, Kind, RegisterMixin, with_article
from missiondiary.store.rows import changed_columns, new_row
from missiondiary.timeline import stamp


class RegisterEditsMixin(RegisterMixin):
    # editing -----------------------------------------------------------------------------
    def update_organisation(
        self,
        organisation_id: str,
        *,
        name: str | None = None,
        add_aliases: Sequence[str] = (),
        drop_aliases: Sequence[str] = (),
        city: str | None = None,
        country: str | None = None,
        kind: str | None = None,
        notes: str | None = None,
    ) -> Organisation:
        """One change (one undo): what is None stays; a new name keeps the old as another."""
        current = self.organisation(organisation_id)
        values = changed_columns(
            city=(city, one_line),
            country=(country, one_line),
            kind=(kind, parse_organisation_kind),
            notes=(notes, str.strip),
        )
        with self.write():
            self._record("organisation", organisation_id, "update", current.name)
            self._edit_names(ORGANISATIONS, current, name, add_aliases, drop_aliases)
            self.db["organisations"].update(organisation_id, values)
        return self.organisation(organisation_id)

    def update_person(
        self,
        person_id: str,
        *,
        name: str | None = None,
        add_aliases: Sequence[str] = (),
        drop_aliases: Sequence[str] = (),
        email: str | None = None,
        phone: str | None = None,
        messaging: str | None = None,
        card: str | None = None,
        protocol: str | None = None,
        title: str | None = None,
        title_organisation: str | None = None,
        as_of: date | None = None,
    ) -> Person:
        """One change (one undo). A title (and/or organisation) is recorded as of `as_of`,
        beside the titles seen at meetings."""
        current = self.person(person_id)
        values = changed_columns(
            email=(email, parse_email),
            phone=(phone, one_line),
            messaging=(messaging, one_line),
            card=(card, str.strip),
            protocol=(protocol, str.strip),
        )
        new_title = one_line(title)
        new_org = one_line(title_organisation)
        if (title is not None or title_organisation is not None) and not (new_title or new_org):
            raise InvalidInput("--title", "give a title, an organisation, or both")
        if (new_title or new_org) and as_of is None:
            raise InvalidInput("--as-of", "a title needs the date it was held")
        with self.write():
            self._record("person", person_id, "update", current.name)
            org_id = self.ensure_organisation_recorded(new_org) if new_org else None
            self._edit_names(PEOPLE, current, name, add_aliases, drop_aliases)
            if new_title or new_org:
                self.db["person_titles"].insert(
                    new_row(
                        new_id(),
                        person_id=person_id,
                        title=new_title,
                        organisation_id=org_id,
                        as_of=as_of.isoformat() if as_of else None,
                    )
                )
            self.db["people"].update(person_id, values)
        return self.person(person_id)

    def ensure_organisation_recorded(self, name: str) -> str:
        """An organisation by name or other name, added (as an undoable change) if new."""
        before = self._scalar("SELECT COUNT(*) FROM organisations")
        org_id = self._ensure("organisations", name)
        if self._scalar("SELECT COUNT(*) FROM organisations") != before:
            self._record("organisation", org_id, "insert", name)
        return org_id

    def _edit_names(
        self,
        kind: Kind,
        current: Organisation | Person,
        name: str | None,
        add: Sequence[str],
        drop: Sequence[str],
    ) -> None:
        """Inside the write: rename (the old name becomes another name), add, drop."""
        if name is not None:
            clean = one_line(name)
            if not clean:
                raise InvalidInput("--name", f"{with_article(kind.label)} needs a name")
            key = name_key(clean)
            if key != name_key(current.name):
                self._check_free(kind, current.id, clean, "--name")
                self.db.execute(
                    f"DELETE FROM {kind.aliases} WHERE {kind.owner} = ? AND name_key = ?",
                    (current.id, key),
                )
                self._add_alias(kind, current.id, current.name)
            self.db.execute(
                f"UPDATE {kind.table} SET name = ?, name_key = ? WHERE id = ?",
                (clean, key, current.id),
            )
        own = name_key(name) if name is not None else name_key(current.name)
        for alias in add:
            clean = one_line(alias)
            if not clean:
                raise InvalidInput("--alias", "an other name cannot be empty")
            if name_key(clean) == own:
                continue  # its own name already
            self._check_free(kind, current.id, clean, "--alias")
            self._add_alias(kind, current.id, clean)
        for alias in drop:
            gone = self.db.execute(
                f"DELETE FROM {kind.aliases} WHERE {kind.owner} = ? AND name_key = ?",
                (current.id, name_key(alias)),
            ).rowcount
            if not gone:
                raise InvalidInput(
                    "--drop-alias", f"'{alias}' is not another name of {current.name}"
                )

    def _check_free(self, kind: Kind, owner_id: str, name: str, field_name: str) -> None:
        """A name belongs to one entry: another's name or other name is a merge, not an edit."""
        key = name_key(name)
        taken = self._row(f"SELECT id, name FROM {kind.table} WHERE name_key = ?", (key,))
        if taken is None:
            taken = self._row(
                f"SELECT t.id, t.name FROM {kind.aliases} a JOIN {kind.table} t "
                f"ON t.id = a.{kind.owner} WHERE a.name_key = ?",
                (key,),
            )
        if taken is not None and taken["id"] != owner_id:
            raise InvalidInput(
                field_name,
                f"'{name}' is already {taken['name']}; if they are the same "
                f"{kind.label}, use 'missiondiary {kind.command} merge'",
            )

    def _add_alias(self, kind: Kind, owner_id: str, name: str) -> None:
        key = name_key(name)
        if self._scalar(f"SELECT 1 FROM {kind.aliases} WHERE name_key = ?", (key,)):
            return
        self.db[kind.aliases].insert(
            {
                "id": new_id(),
                kind.owner: owner_id,
                "name": one_line(name),
                "name_key": key,
                "created_at": stamp(),
            }
        )

    # merging -----------------------------------------------------------------------------
    def merge_organisations(self, keep_id: str, other_id: str) -> Organisation:
        """Every link to OTHER goes to KEEP, OTHER's names become KEEP's other names, and
        OTHER goes; one change, which `undo` reverses exactly."""
        keep, other = self._merge_pair(ORGANISATIONS, keep_id, other_id)
        assert isinstance(keep, Organisation) and isinstance(other, Organisation)
        fill = {
            column: getattr(other, column)
            for column in ("city", "country", "kind")
            if not getattr(keep, column) and getattr(other, column)
        }
        fill["notes"] = _joined(keep.notes, other.notes)
        with self.write():
            self._begin_merge(ORGANISATIONS, keep, other)
            self.db.execute(
                "DELETE FROM meeting_organisations WHERE organisation_id = ? AND meeting_id IN "
                "(SELECT meeting_id FROM meeting_organisations WHERE organisation_id = ?)",
                (other_id, keep_id),
            )
            for table in ("meeting_organisations", "meeting_attendees", "person_titles"):
                self.db.execute(
                    f"UPDATE {table} SET organisation_id = ? WHERE organisation_id = ?",
                    (keep_id, other_id),
                )
            self._end_merge(ORGANISATIONS, keep, other, fill)
        return self.organisation(keep_id)

    def merge_people(self, keep_id: str, other_id: str) -> Person:
        """As for organisations; at a meeting both were at, KEEP's place is kept, with
        OTHER's role or organisation where KEEP had none."""
        keep, other = self._merge_pair(PEOPLE, keep_id, other_id)
        assert isinstance(keep, Person) and isinstance(other, Person)
        fill: dict[str, Any] = {
            column: getattr(other.contact, column)
            for column in ("email", "phone", "messaging")
            if not getattr(keep.contact, column) and getattr(other.contact, column)
        }
        fill["card"] = _joined(keep.contact.card, other.contact.card)
        fill["protocol"] = _joined(keep.protocol, other.protocol)
        with self.write():
            self._begin_merge(PEOPLE, keep, other)
            both = self._rows(
                "SELECT o.meeting_id, o.role, o.organisation_id FROM meeting_attendees o "
                "JOIN meeting_attendees k ON k.meeting_id = o.meeting_id AND k.person_id = ? "
                "WHERE o.person_id = ?",
                (keep_id, other_id),
            )
            for row in both:
                self.db.execute(
                    "UPDATE meeting_attendees SET "
                    "role = CASE WHEN role = '' THEN ? ELSE role END, "
                    "organisation_id = COALESCE(organisation_id, ?) "
                    "WHERE meeting_id = ? AND person_id = ?",
                    (row["role"], row["organisation_id"], row["meeting_id"], keep_id),
                )
                self.db.execute(
                    "DELETE FROM meeting_attendees WHERE meeting_id = ? AND person_id = ?",
                    (row["meeting_id"], other_id),
                )
            for table in ("meeting_attendees", "person_titles"):
                self.db.execute(
                    f"UPDATE {table} SET person_id = ? WHERE person_id = ?", (keep_id, other_id)
                )
            self._end_merge(PEOPLE, keep, other, fill)
        return self.person(keep_id)

    def _merge_pair(
        self, kind: Kind, keep_id: str, other_id: str
    ) -> tuple[Organisation | Person, Organisation | Person]:
        if keep_id == other_id:
            raise InvalidInput("OTHER", f"that is the same {kind.label} as KEEP; nothing to merge")
        if kind is ORGANISATIONS:
            return self.organisation(keep_id), self.organisation(other_id)
        return self.person(keep_id), self.person(other_id)

    def _begin_merge(self, kind: Kind, keep: Organisation | Person, other: Any) -> None:
        # OTHER first: undo walks the batch backwards, so KEEP is put back first and takes
        # back only its own rows, leaving OTHER's free to return with it.
        label = f"{other.name}' into '{keep.name}"
        self._record(kind.entity, other.id, "merge", label, merging=True)
        self._record(kind.entity, keep.id, "update", keep.name, merging=True)

    def _end_merge(
        self, kind: Kind, keep: Organisation | Person, other: Any, fill: dict[str, Any]
    ) -> None:
        self.db.execute(
            f"UPDATE {kind.aliases} SET {kind.owner} = ? WHERE {kind.owner} = ?",
            (keep.id, other.id),
        )
        if name_key(other.name) != name_key(keep.name):
            self._add_alias(kind, keep.id, other.name)
        self.db.execute(f"DELETE FROM {kind.table} WHERE id = ?", (other.id,))
        self.db[kind.table].update(keep.id, {**fill, "updated_at": stamp()})


def _joined(first: str, second: str) -> str:
    """Two free texts kept whole when a merge brings them together."""
    parts = [part.strip() for part in (first, second) if part and part.strip()]
    return "\n\n".join(dict.fromkeys(parts))
