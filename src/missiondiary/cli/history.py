"""Changes and their way back: `delete`, `visibility`, `undo`, `trash`, `backup`."""

from __future__ import annotations

from pathlib import Path

import click

from missiondiary.cli.diary import Diary, pass_diary
from missiondiary.cli.output import DiaryGroup, emit_json, emit_table, note, short
from missiondiary.cli.params import VISIBILITY, json_option
from missiondiary.domain import Visibility


def _label(entity: str) -> str:
    """'follow-up' for 'followup': the store's words, imported late to keep start-up fast."""
    from missiondiary.store.base import LABELS

    return LABELS.get(entity, entity)


@click.command()
@click.argument("ref", metavar="ID")
@pass_diary
def delete(diary: Diary, ref: str) -> None:
    """Delete an itinerary item, meeting, follow-up or photo (it waits in the trash)."""
    with diary.open() as store:
        entity, entry_id = store.resolve_entry(ref)
        label = store.delete_entry(entity, entry_id)
    click.echo(
        f"Deleted {_label(entity)} {short(entry_id)} '{label}'; "
        f"'missiondiary trash restore {short(entry_id)}' puts it back"
    )


@click.command()
@click.argument("ref", metavar="ID")
@click.argument("visibility", type=VISIBILITY, metavar="VISIBILITY")
@pass_diary
def visibility(diary: Diary, ref: str, visibility: str) -> None:
    """Set who may see an entry or a day post: private, members or public.

    A day post's id is shown by 'missiondiary day show'."""
    from missiondiary.store.days import WITH_VISIBILITY

    with diary.open() as store:
        entity, entry_id = store.resolve_entry(ref, entities=WITH_VISIBILITY)
        store.set_visibility(entity, entry_id, Visibility(visibility.lower()))
    click.echo(f"{_label(entity).capitalize()} {short(entry_id)} is now {visibility.lower()}")


@click.command()
@pass_diary
def undo(diary: Diary) -> None:
    """Undo the most recent change (from the command line or the app)."""
    with diary.open() as store:
        change = store.undo()
    click.echo(f"Undone: {change.describe()}")


@click.group(cls=DiaryGroup)
def trash() -> None:
    """Deleted entries, until restored."""


@trash.command("list")
@json_option
@pass_diary
def trash_list(diary: Diary, as_json: bool) -> None:
    """List deleted entries, most recent first."""
    changes = []
    if diary.exists:
        with diary.open(reading=True) as store:
            changes = store.trash()
    if as_json:
        emit_json(
            [
                {"id": c.entity_id, "kind": c.entity, "label": c.label, "deleted_at": c.at}
                for c in changes
            ]
        )
        return
    if not changes:
        note("The trash is empty.")
        return
    emit_table(
        ["ID", "KIND", "DELETED (UTC)", "WHAT"],
        [
            [
                short(c.entity_id),
                _label(c.entity),
                c.at[:16].replace("T", " "),
                c.label,
            ]
            for c in changes
        ],
    )


@trash.command("restore")
@click.argument("ref", metavar="ID")
@pass_diary
def trash_restore(diary: Diary, ref: str) -> None:
    """Put a deleted entry back."""
    with diary.open() as store:
        change = store.restore_from_trash(ref)
    label = _label(change.entity)
    click.echo(f"Restored {label} {short(change.entity_id)} '{change.label}'")


# backups --------------------------------------------------------------------------------


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    help="A new file, or a folder to put the copy in (default: backups/ beside the diary).",
)
@pass_diary
def backup(diary: Diary, out: Path | None) -> None:
    """Copy the diary now, while it may be in use; prints where the copy is.

    The copy is a whole diary: 'missiondiary --db COPY ...' opens it. The first command
    of each day also makes one (the last 7 are kept in backups/ beside the diary).
    """
    with diary.open(reading=True) as store:
        made = store.backup_to(out) if out is not None else store.backup_now()
    click.echo(click.format_filename(made))  # a name that is not UTF-8 prints, not crashes
