"""One mission day -> one WordPress post, through the REST API with an application password.

The post is created once and updated in place afterwards (the remote id is kept by the
outbox); a send killed before the id was kept finds the post again by its slug. TLS
verification is always on; a certificate that does not verify fails in words."""

from __future__ import annotations

import contextlib
import html
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from missiondiary.send.errors import Offline, Refused

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
# Every status a post of ours may have; `private` needs a right contributors lack.
_FIND_STATUSES = "draft,pending,publish,future"


@dataclass(frozen=True)
class WordPressPost:
    """What goes to WordPress: title as plain text (escaped here), content as HTML."""

    slug: str
    title: str
    content_html: str
    date_gmt: datetime
    status: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    featured_media: int = 0  # the first photo's media id; 0: none (one of ours made private)


@dataclass(frozen=True)
class Posted:
    id: str
    link: str
    status: str
    notes: tuple[str, ...] = ()  # what was left out (a category the user may not create)


def _gmt(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _unverified(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            seen
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class WordPress:
    """A session with one site. `close()` when done (or use it as a context manager)."""

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        name: str = "",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base = url.rstrip("/")
        self.user = user
        self.name = name or self.base
        self.host = httpx.URL(self.base).host
        self.client = httpx.Client(
            auth=(user, password),
            timeout=TIMEOUT,
            verify=True,
            follow_redirects=True,
            headers={"User-Agent": "missiondiary"},
            transport=transport,
        )
        self.pretty: bool | None = None  # /wp-json/ (True) or ?rest_route= (False)

    def __enter__(self) -> WordPress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # requests ----------------------------------------------------------------------------
    def _request(
        self, method: str, route: str, params: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        """`/wp-json/ROUTE`, or `/?rest_route=ROUTE` where pretty links are off (httpx would
        replace a query written into the address, so the route goes in with the params)."""
        if self.pretty is False:
            url, params = f"{self.base}/", {"rest_route": route, **(params or {})}
        else:
            url = f"{self.base}/wp-json{route}"
        try:
            return self.client.request(method, url, params=params, **kwargs)
        except httpx.TimeoutException as error:
            raise Offline(f"{self.host} did not answer in time; it will be tried again") from error
        except httpx.TransportError as error:
            if _unverified(error):
                raise Refused(
                    f"the certificate of {self.host} does not verify; nothing was sent "
                    "(check the address, or ask the site's host to fix its certificate)"
                ) from error
            raise Offline(f"no connection to {self.host}") from error

    def _answer(self, response: httpx.Response, doing: str) -> Any:
        if response.is_success:
            try:
                return response.json()
            except ValueError as error:
                raise Refused(
                    f"{self.host} answered {doing} with something that is not WordPress's "
                    "REST API; check the address"
                ) from error
        code = response.status_code
        message = ""
        with contextlib.suppress(ValueError, AttributeError):
            message = html.unescape(str(response.json().get("message", ""))).strip()
        said = f": {message}" if message else ""
        if code == 401:
            raise Refused(
                f"WordPress at {self.host} refused the user name or application password "
                f"(401); make a new application password and run 'missiondiary send setup "
                f"wordpress {self.name} ...' again"
            )
        if code == 403:
            raise Refused(f"{self.user} may not {doing} on {self.host} (403){said}")
        if code >= 500 or code == 429:
            raise Offline(f"{self.host} answered {code} while {doing}; it will be tried again")
        raise Refused(f"{self.host} answered {code} while {doing}{said}")

    def _call(self, method: str, route: str, doing: str, **kwargs: Any) -> Any:
        if self.pretty is None:
            self.check()
        return self._answer(self._request(method, route, **kwargs), doing)

    def check(self) -> None:
        """Which door the REST API has here (pretty /wp-json/ or ?rest_route=), and whether
        the user and password are right, in one request."""
        for pretty in (True, False):
            self.pretty = pretty
            response = self._request("GET", "/wp/v2/users/me", params={"context": "edit"})
            if response.status_code != 404 and response.headers.get("content-type", "").startswith(
                "application/json"
            ):
                self._answer(response, "sign in")
                return
            if response.status_code not in (404, 200):
                self._answer(response, "sign in")
        self.pretty = None
        raise Refused(
            f"{self.base} has no WordPress REST API (404 on /wp-json/): check the address, "
            "or ask the site's admin to turn the REST API on"
        )

    # terms and posts ---------------------------------------------------------------------
    def term_ids(
        self, taxonomy: str, names: tuple[str, ...], notes: list[str] | None = None
    ) -> list[int]:
        """Ids of categories or tags by name (exact, case-insensitive), created when missing.

        A term the user may not create (authors cannot add categories) is left off the post
        with a note, rather than keeping the whole day from the members."""
        ids = []
        kind = "category" if taxonomy == "categories" else "tag"
        for name in names:
            found = self._call(
                "GET",
                f"/wp/v2/{taxonomy}",
                f"look up the {kind} '{name}'",
                params={"search": name, "per_page": 100},
            )
            match = [t for t in found if html.unescape(t["name"]).casefold() == name.casefold()]
            if match:
                ids.append(int(match[0]["id"]))
                continue
            response = self._request("POST", f"/wp/v2/{taxonomy}", json={"name": name})
            body: Any = None
            with contextlib.suppress(ValueError):
                body = response.json()
            if response.status_code == 400 and isinstance(body, dict):
                existing = (body.get("data") or {}).get("term_id")
                if body.get("code") == "term_exists" and existing:
                    ids.append(int(existing))
                    continue
            if response.status_code == 403 and notes is not None:
                notes.append(f"{kind} '{name}'")
                continue
            created = self._answer(response, f"create the {kind} '{name}'")
            ids.append(int(created["id"]))
        return ids

    # media -------------------------------------------------------------------------------
    def media_url(self, media_id: str) -> str | None:
        """The address of an upload still on the site; None when it was deleted there."""
        if self.pretty is None:
            self.check()
        response = self._request("GET", f"/wp/v2/media/{media_id}", params={"context": "edit"})
        if response.status_code in (404, 410):
            return None
        return str(self._answer(response, "look up a photo already uploaded")["source_url"])

    def find_media(self, slug: str) -> tuple[str, str] | None:
        """An upload by its slug: one whose answer was lost (a send killed halfway)."""
        found = self._call(
            "GET",
            "/wp/v2/media",
            "look for a photo already uploaded",
            params={"slug": slug, "context": "edit"},
        )
        return (str(found[0]["id"]), str(found[0]["source_url"])) if found else None

    def upload_media(
        self, file_name: str, jpeg: bytes, *, slug: str, caption: str
    ) -> tuple[str, str] | None:
        """Upload one photo; (media id, address), or None when the user may not upload
        files (a contributor): the post then goes without its photos, with a note."""
        if self.pretty is None:
            self.check()
        fields = {"slug": slug, "title": caption or slug, "alt_text": caption, "caption": caption}
        response = self._request(
            "POST",
            "/wp/v2/media",
            params=fields,
            content=jpeg,
            headers={
                "Content-Type": "image/jpeg",
                "Content-Disposition": f'attachment; filename="{file_name}"',
            },
        )
        if response.status_code == 403:
            return None
        answer = self._answer(response, "upload photos")
        return str(answer["id"]), str(answer["source_url"])

    def delete_media(self, media_id: str) -> bool:
        """Take an upload off the site, its files too (`force`: media has no trash). True
        when it is gone (or was already); False when the user may not delete files."""
        if self.pretty is None:
            self.check()
        response = self._request("DELETE", f"/wp/v2/media/{media_id}", params={"force": "true"})
        if response.status_code in (404, 410):
            return True
        if response.status_code == 403:
            return False
        self._answer(response, "remove a photo")
        return True

    def find_post(self, slug: str) -> str | None:
        found = self._call(
            "GET",
            "/wp/v2/posts",
            "look for the day's post",
            params={"slug": slug, "status": _FIND_STATUSES, "context": "edit"},
        )
        return str(found[0]["id"]) if found else None

    def take_down(self, remote_id: str) -> None:
        """Move the day's post to the site's trash (an editor can still bring it back);
        one already deleted there is gone."""
        if self.pretty is None:
            self.check()
        response = self._request("DELETE", f"/wp/v2/posts/{remote_id}")
        if response.status_code in (404, 410):
            return
        self._answer(response, "delete posts")

    def send(self, post: WordPressPost, remote_id: str | None, on_created=None) -> Posted:
        """Create or update the day's post. `on_created(id)` is called as soon as a new post
        exists, so the caller keeps its id before anything else can fail."""
        notes: list[str] = []
        payload = {
            "title": html.escape(post.title, quote=True),
            "content": post.content_html,
            "status": post.status,
            "slug": post.slug,
            "date_gmt": _gmt(post.date_gmt),
            "categories": self.term_ids("categories", post.categories, notes),
            "tags": self.term_ids("tags", post.tags, notes),
            "featured_media": post.featured_media,
        }
        if notes:
            notes[:] = [
                f"left out {', '.join(notes)}: not on the site, and {self.user} may not "
                "create them (an editor can add them; then send again)"
            ]
        doing = "publish posts" if post.status == "publish" else "write posts"
        target = remote_id
        if target is not None:
            response = self._request("POST", f"/wp/v2/posts/{target}", json=payload)
            if response.status_code not in (404, 410):
                return self._posted(self._answer(response, doing), notes)
            target = None  # deleted on the site: find it by slug or make it again
        target = self.find_post(post.slug)
        if target is not None:
            answer = self._call("POST", f"/wp/v2/posts/{target}", doing, json=payload)
            return self._posted(answer, notes)
        answer = self._call("POST", "/wp/v2/posts", doing, json=payload)
        posted = self._posted(answer, notes)
        if on_created is not None:
            on_created(posted.id)
        return posted

    @staticmethod
    def _posted(answer: dict[str, Any], notes: list[str]) -> Posted:
        return Posted(
            notes=tuple(notes),
            id=str(answer["id"]),
            link=str(answer.get("link", "")),
            status=answer["status"],
        )
