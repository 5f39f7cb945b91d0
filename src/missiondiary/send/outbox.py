"""The outbox: put days in it, try them, retry them; never twice, never lost.

`send_days` queues (one transaction) and tries at once; `retry` tries what waits (and, when
asked, what failed). Each attempt keeps what it learns before the next step (the new post's
id, the Message-ID about to be used), so a send killed halfway finishes on the next try
without a duplicate. No network is not an error: the item waits."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from missiondiary.domain import Audience
from missiondiary.domain.sending import Destination, DestinationKind, OutboxItem, OutboxStatus
from missiondiary.domain.text import plural
from missiondiary.errors import InvalidInput
from missiondiary.publish import RenderedPost, render_day
from missiondiary.publish.html import render_fragment
from missiondiary.publish.markdown import long_date
from missiondiary.publish.site import wp_content
from missiondiary.send import email as mail
from missiondiary.send.email_html import message_html
from missiondiary.send.errors import Offline, Refused
from missiondiary.send.photos import (
    MAIL_SIDE,
    SITE_SIDE,
    body_src,
    mail_html,
    outgoing,
    outgoing_photo,
    wordpress_html,
)
from missiondiary.send.secrets import load_secret
from missiondiary.send.wordpress import WordPress, WordPressPost
from missiondiary.themes import DEFAULT_THEME, load_theme

QUEUED_LINE = "queued: no connection; it goes out with `missiondiary outbox retry` or from the app"
TAKEN_DOWN = "in the site's trash: nothing for {} any more"


@dataclass(frozen=True)
class Attempt:
    """How one item ended this time: sent, waiting, failed or skipped, in one line."""

    item: OutboxItem
    outcome: str
    line: str


def _theme(store) -> str:
    chosen = store.setting("theme", DEFAULT_THEME) or DEFAULT_THEME
    try:
        load_theme(chosen)
    except Exception:
        return DEFAULT_THEME
    return chosen


def render_item(store, mission_id: str, day: int, audience: str) -> RenderedPost:
    """The day exactly as the audience may see it (the publisher's `visible_content`)."""
    mission = store.mission(mission_id)
    when = mission.date_of(day)
    return render_day(store.day(mission.id, when), Audience(audience), _theme(store))


def day_photos(store, post: RenderedPost) -> tuple[str, ...]:
    """What of the day's photos goes out, for the fingerprint: the picture of each photo
    the audience may see (the publisher's `post.images`; captions are in the body)."""
    return tuple(image.photo.content_hash for image in post.images)


def content_hash(post: RenderedPost, photos: tuple[str, ...] = ()) -> str:
    """What was sent, as a fingerprint: a day edited since shows 'changed since sent'."""
    digest = hashlib.sha256()
    for part in (post.audience.value, str(post.front_matter["title"]), post.body, *photos):
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def changed_since_sent(store, item: OutboxItem) -> bool:
    if item.status is not OutboxStatus.SENT or not item.sent_hash:
        return False
    post = render_item(store, item.mission_id, item.day, item.audience)
    return content_hash(post, day_photos(store, post)) != item.sent_hash


# queueing ---------------------------------------------------------------------------------


def send_days(
    store,
    mission,
    days: list[int],
    destination: Destination,
    *,
    audience: str = "members",
    post_status: str | None = None,
    again: bool = False,
    on_attempt: Callable[[Attempt], None] | None = None,
) -> tuple[list[str], list[Attempt]]:
    """Queue the days that hold something for the audience, then try them at once.

    Returns notes (days with nothing to send, days already mailed) and the attempts."""
    notes: list[str] = []
    wanted: list[int] = []
    for number in days:
        post = render_item(store, mission.id, number, audience)
        known = store.outbox_for(mission.id, number, destination.id)
        if post.empty and not (known and _on_the_site(known)):
            notes.append(f"Day {number} has nothing for {audience}; nothing queued")
            continue
        mailed = destination.kind is DestinationKind.EMAIL and known and known.sent_at
        if mailed and not again:
            notes.append(
                f"Day {number} was mailed to {destination.name} on {known.sent_at[:10]}; "
                "not sent again (--again sends a second mail)"
            )
            continue
        wanted.append(number)
    if not wanted:
        return notes, []
    items = store.queue_send(
        mission.id,
        wanted,
        destination,
        audience=audience,
        post_status=post_status,
        again=again,
        new_message=destination.kind is DestinationKind.EMAIL and again,
    )
    return notes, try_items(store, items, on_attempt=on_attempt)


def _on_the_site(item: OutboxItem) -> bool:
    """A post went to this WordPress site and is still up there, as far as we know."""
    taken_down = item.reason.startswith(TAKEN_DOWN.format(item.audience))
    return (
        item.destination.kind is DestinationKind.WORDPRESS
        and bool(item.remote_id)
        and not taken_down
    )


def days_to_send(store, mission, destination: Destination, audience: str) -> list[int]:
    """`send --all`: each day that holds something for the audience, and each day whose
    post on this site must come down because it no longer does."""
    from missiondiary.publish import has_content, mission_days

    numbers = []
    for when in mission_days(store, mission):
        number = mission.day_number(when)
        known = store.outbox_for(mission.id, number, destination.id)
        if has_content(store.day(mission.id, when), Audience(audience)) or (
            known and _on_the_site(known)
        ):
            numbers.append(number)
    return numbers


def retry(
    store,
    *,
    include_failed: bool = True,
    on_attempt: Callable[[Attempt], None] | None = None,
) -> list[Attempt]:
    """Try what waits (and what failed, when the delegate asks: they may have fixed it)."""
    statuses = (
        (OutboxStatus.WAITING, OutboxStatus.FAILED) if include_failed else (OutboxStatus.WAITING,)
    )
    return try_items(store, store.outbox(statuses), on_attempt=on_attempt)


def try_items(
    store, items: list[OutboxItem], *, on_attempt: Callable[[Attempt], None] | None = None
) -> list[Attempt]:
    """One attempt each. Once a destination is found offline, its other items wait without
    another try (a hotel Wi-Fi that is down is down for all of them)."""
    offline: dict[str, str] = {}
    attempts = []
    for item in items:
        if item.destination.id in offline:
            store.mark_outcome(item.id, OutboxStatus.WAITING, offline[item.destination.id])
            result = Attempt(item, "waiting", f"{item.label}: {QUEUED_LINE}")
        else:
            result = attempt(store, item)
            if result.outcome == "waiting":
                offline[item.destination.id] = store.outbox_item(item.id).reason
        attempts.append(result)
        if on_attempt is not None:
            on_attempt(result)
    return attempts


def attempt(store, item: OutboxItem) -> Attempt:
    if not store.claim(item.id):
        return Attempt(
            item,
            "skipped",
            (
                f"{item.label}: already sent, or being sent by another window (one that stopped "
                "halfway is tried again after five minutes)"
            ),
        )
    item = store.outbox_item(item.id)  # as the last attempt left it (a remote id, a Message-ID)
    post = render_item(store, item.mission_id, item.day, item.audience)
    if post.empty and not _on_the_site(item):
        reason = f"Day {item.day} has nothing for {item.audience} any more; nothing was sent"
        store.mark_outcome(item.id, OutboxStatus.FAILED, reason)
        return Attempt(item, "failed", f"{item.label}: {reason}")
    photos = day_photos(store, post)
    digest = content_hash(post, photos)
    try:
        if post.empty:
            line = _take_down(store, item, post, digest)
        elif item.destination.kind is DestinationKind.WORDPRESS:
            line = _to_wordpress(store, item, post, digest)
        else:
            line = _to_mailing_list(store, item, post, digest)
    except Offline as problem:
        store.mark_outcome(item.id, OutboxStatus.WAITING, problem.reason)
        return Attempt(item, "waiting", f"{item.label}: {QUEUED_LINE} ({problem.reason})")
    except Refused as problem:
        store.mark_outcome(item.id, OutboxStatus.FAILED, problem.reason)
        return Attempt(item, "failed", f"{item.label}: failed: {problem.reason}")
    return Attempt(store.outbox_item(item.id), "sent", line)


def _secret(store, destination: Destination, what: str) -> str:
    secret = load_secret(store, destination)
    if secret is None:
        raise Refused(
            f"no {what} is kept for {destination.name}; run 'missiondiary send setup "
            f"{destination.kind.value} {destination.name} ...' again"
        )
    return secret


def wordpress_post(
    post: RenderedPost, status: str, uploaded: dict[str, tuple[str, str]] | None = None
) -> WordPressPost:
    """What WordPress gets, all from the rendered post (so from `visible_content`), its
    photos at their media addresses (`uploaded`: the photo's place in the body -> media id
    and address), the first one the featured image."""
    fields = post.front_matter
    uploaded = uploaded or {}
    first = next(iter(uploaded.values()), None)
    every_src = {body_src(image) for image in post.images}
    return WordPressPost(
        slug=str(fields["slug"]),
        title=str(fields["title"]),
        content_html=(
            wordpress_html(post.body, uploaded, frozenset(every_src - uploaded.keys()))
            if post.images
            else wp_content(post.body)
        ),
        featured_media=int(first[0]) if first else 0,
        date_gmt=datetime.fromisoformat(str(fields["date"])),
        status=status,
        categories=tuple(fields["categories"]),  # type: ignore[arg-type]
        tags=tuple(fields["tags"]),  # type: ignore[arg-type]
    )


def _to_wordpress(store, item: OutboxItem, post: RenderedPost, digest: str) -> str:
    with _site(store, item) as site:
        uploaded, left_out = _upload_photos(store, site, item, post)
        payload = wordpress_post(post, item.post_status, uploaded)
        posted = site.send(
            payload,
            item.remote_id,
            on_created=lambda remote_id: store.keep_remote(item.id, remote_id=remote_id),
        )
        withdrawn = _withdraw_photos(store, site, item, post)
    reason = "; ".join((*posted.notes, *left_out, *withdrawn))
    store.mark_sent(item.id, digest, remote_id=posted.id, remote_link=posted.link, reason=reason)
    verb = "updated" if item.remote_id else "sent"
    line = f"{item.label}: {verb} as post {posted.id} ({posted.status}) {posted.link}".rstrip()
    return f"{line}; {reason}" if reason else line


def _site(store, item: OutboxItem) -> WordPress:
    settings = item.destination.settings
    password = _secret(store, item.destination, "application password")
    return WordPress(settings["url"], settings["user"], password, name=item.destination.name)


def _take_down(store, item: OutboxItem, post: RenderedPost, digest: str) -> str:
    """A day that went to the site and has nothing for its audience now (made private
    since): its post goes to the site's trash and its photos come off, so members no longer
    read what the delegate took back. Sending it again once it has something puts it back."""
    with _site(store, item) as site:
        site.take_down(str(item.remote_id))
        withdrawn = _withdraw_photos(store, site, item, post)
    reason = "; ".join((TAKEN_DOWN.format(item.audience), *withdrawn))
    store.mark_sent(item.id, digest, reason=reason)
    return f"{item.label}: post {item.remote_id} taken down ({reason})"


def _upload_photos(
    store, site: WordPress, item: OutboxItem, post: RenderedPost
) -> tuple[dict[str, tuple[str, str]], tuple[str, ...]]:
    """Each photo the post shows, uploaded once per site: one already there (by its hash,
    or by its slug when the answer to an upload was lost) is used again, one deleted on the
    site is uploaded again. Each id is kept as soon as the site answers."""
    destination = item.destination.id
    uploaded: dict[str, tuple[str, str]] = {}
    for image in post.images:
        photo_hash, where = image.photo.content_hash, body_src(image)
        kept = store.sent_media(destination, photo_hash)
        if kept is not None:
            url = site.media_url(kept[0])
            if url is not None:
                uploaded[where] = (kept[0], url)
                continue
            store.forget_media(destination, photo_hash)
        found = site.find_media(image.stem)
        if found is None:  # only now is the copy made: a resend makes none
            photo = outgoing_photo(store, image, SITE_SIDE)
            found = site.upload_media(
                photo.file_name, photo.jpeg, slug=image.stem, caption=image.caption
            )
        if found is None:
            left = len(post.images) - len(uploaded)
            return uploaded, (
                f"left out {plural(left, 'photo')}: {site.user} may not upload "
                "files (an author or editor can; then send again)",
            )
        store.keep_media(destination, photo_hash, *found)
        uploaded[where] = found
    return uploaded, ()


def _withdraw_photos(
    store, site: WordPress, item: OutboxItem, post: RenderedPost
) -> tuple[str, ...]:
    """Uploads of this day that the post no longer shows (a photo made private, one of a
    meeting made private, one deleted) come off the site, once the post no longer points at
    them: an upload stays reachable at its address and in the media list otherwise. A picture
    also on another day stays. One the user may not delete is said, and tried again next
    time."""
    destination = item.destination.id
    shown = {image.photo.content_hash for image in post.images}
    day = post.day.date.isoformat()
    removed = refused = 0
    for upload in store.uploads(destination):
        if upload.photo_hash in shown or not upload.shown_only_on(item.mission_id, day):
            continue
        if site.delete_media(upload.media_id):
            store.forget_media(destination, upload.photo_hash)
            removed += 1
        else:
            refused += 1
    notes = []
    if removed:
        notes.append(f"took {plural(removed, 'photo')} no longer in the post off the site")
    if refused:
        notes.append(
            f"{plural(refused, 'photo')} no longer in the post stay in the media library: "
            f"{site.user} may not delete files (an editor can; then send again)"
        )
    return tuple(notes)


def day_mail(store, post: RenderedPost, domain: str = "") -> mail.DayMail:
    mission = post.day.mission
    theme = load_theme(_theme(store))
    title = str(post.front_matter["title"])
    meta = " · ".join(part for part in (long_date(post.day), mission.author) if part)
    kicker = mission.organisation or mission.title
    footer = f"{kicker}: {mission.title}, Day {post.day.number}."
    text = f"{title}\n{meta}\n\n{mail.plain_text(post.body)}\n--\n{footer}\n"
    # Each photo an inline part the HTML names by Content-ID (the 800-pixel copy).
    inline = {
        photo.body_src: (f"{photo.image.stem}@{domain or 'missiondiary.invalid'}", photo)
        for photo in (outgoing(store, post, MAIL_SIDE) if post.images else ())
    }
    page = message_html(
        theme,
        title=title,
        kicker=kicker,
        meta=meta,
        body_html=mail_html(post.body, inline) if inline else render_fragment(post.body),
        footer=footer,
    )
    images = tuple(
        mail.InlineImage(cid, photo.file_name, photo.jpeg) for cid, photo in inline.values()
    )
    return mail.DayMail(
        subject=title, text=text, html=page, sent_on=datetime.now(UTC), images=images
    )


def _to_mailing_list(store, item: OutboxItem, post: RenderedPost, digest: str) -> str:
    settings = item.destination.settings
    login = settings.get("login") or None
    password = _secret(store, item.destination, "SMTP password") if login else None
    sender = settings["from"]
    members = list(settings["to"])
    message_id = item.message_id or mail.message_id_for(sender)
    store.keep_remote(item.id, message_id=message_id)  # kept before it can go
    domain = message_id.rpartition("@")[2].rstrip(">")
    message = mail.build_message(day_mail(store, post, domain), sender, members, message_id)
    server = mail.SmtpServer(
        host=settings["host"],
        port=settings.get("port"),
        security=settings.get("security", "starttls"),
        login=login,
        password=password,
    )
    refused = server.deliver(message, sender, members)
    reason = f"the server refused {', '.join(refused)}; the others have it" if refused else ""
    store.mark_sent(item.id, digest, message_id=message_id, reason=reason)
    return f"{item.label}: mailed to {len(members) - len(refused)} of {len(members)} ({message_id})"


def check_post_status(value: str | None, destination: Destination) -> str | None:
    if destination.kind is DestinationKind.EMAIL and value not in (None, "draft"):
        raise InvalidInput("--status", "is for WordPress; an e-mail has no draft")
    return value
