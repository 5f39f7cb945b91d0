"""A day's photos on their way out: the copies that leave (stripped of every tag, 1,600
pixels for WordPress, 800 for a mail), and the post's HTML pointing at where each one went
(its WordPress media address, or the mail's own inline part by Content-ID).

The photos are the post's own (`RenderedPost.images`, from the publisher's
`visible_content`): a private photo, or one of a meeting the audience may not see, is never
among them, so it is never uploaded or attached."""

from __future__ import annotations

from dataclasses import dataclass, field

from missiondiary.publish import RenderedPost
from missiondiary.publish import images as pictures
from missiondiary.publish.html import renderer

MAIL_SIDE = 800  # small enough for a member's inbox, sharp on a phone
SITE_SIDE = 1600  # WordPress makes its own smaller sizes from this one
MAIL_WIDTH = 536  # the mail's 600-pixel column less its padding


@dataclass(frozen=True)
class OutgoingPhoto:
    """One photo of the day as it leaves the diary."""

    image: pictures.PostImage
    jpeg: bytes  # a stripped copy: no EXIF, no GPS, nothing of the original file
    width: int
    height: int
    side: int  # the long side asked for (the copy may be smaller: never enlarged)

    @property
    def content_hash(self) -> str:
        return self.image.photo.content_hash

    @property
    def caption(self) -> str:
        return self.image.caption

    @property
    def file_name(self) -> str:
        return self.image.name(self.side)

    @property
    def body_src(self) -> str:
        return body_src(self.image)


def body_src(image: pictures.PostImage) -> str:
    """Where the post's Markdown (`RenderedPost.body`) points for this photo."""
    return pictures.SITE_BASE + image.name(pictures.LARGE)


def outgoing_photo(store, image: pictures.PostImage, side: int) -> OutgoingPhoto:
    """A stripped copy of at most `side` pixels, made from the diary's picture."""
    from missiondiary.media.images import published_copy, size_of

    jpeg = published_copy(store.photo_jpeg(image.photo.content_hash), side)
    width, height = size_of(jpeg)
    return OutgoingPhoto(image, jpeg, width, height, side)


def outgoing(store, post: RenderedPost, side: int) -> list[OutgoingPhoto]:
    """The photos the post shows, each as a stripped copy."""
    return [outgoing_photo(store, image, side) for image in post.images]


@dataclass(frozen=True)
class Placed:
    """Where one photo of the post now lives, and what its tags get there."""

    src: str
    img: dict[str, str] = field(default_factory=dict)
    figure: dict[str, str] = field(default_factory=dict)
    caption: dict[str, str] = field(default_factory=dict)


_DROPPED = ("srcset", "sizes")  # the local 800-pixel copy exists on neither side


def _place(state) -> None:
    """Point each placed photo at its new home; drop the paragraph or figure of each photo
    in `left_out` (one that could not be uploaded: no broken picture in the post)."""
    placed: dict[str, Placed] = state.env.get("placed", {})
    left_out: set[str] = state.env.get("left_out", set())
    tokens = state.tokens
    dropped: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        image = token.children[0]
        src = str(image.attrGet("src") or "") if image.type == "image" else ""
        if src in left_out and 0 < index < len(tokens) - 1:
            dropped.update((index - 1, index, index + 1))
            continue
        where = placed.get(src)
        if where is None:
            continue
        image.attrSet("src", where.src)
        image.attrs = {k: v for k, v in image.attrs.items() if k not in _DROPPED}
        for name, value in where.img.items():
            image.attrSet(name, value)
        if index and tokens[index - 1].tag == "figure":
            for name, value in where.figure.items():
                tokens[index - 1].attrSet(name, value)
        for child in token.children:
            if child.tag == "figcaption" and child.nesting == 1:
                for name, value in where.caption.items():
                    child.attrSet(name, value)
    if dropped:
        state.tokens = [token for index, token in enumerate(tokens) if index not in dropped]


def _spaced_softbreak(self, tokens, idx, options, env) -> str:
    return " "


_MAIL = renderer()
_MAIL.core.ruler.push("placed", _place)
_SITE = renderer()
_SITE.core.ruler.push("placed", _place)
# As publish.site.wp_content: a newline inside a paragraph would be a <br /> in WordPress.
_SITE.add_render_rule("softbreak", _spaced_softbreak)


def wordpress_html(
    body: str, uploaded: dict[str, tuple[str, str]], left_out: frozenset[str] = frozenset()
) -> str:
    """The post's HTML for WordPress with each photo at its media address. `uploaded` maps
    a photo's `body_src` to (media id, address); `wp-image-ID` lets WordPress add its own
    sizes (srcset) when it shows the post. Photos in `left_out` are not in the post."""
    placed = {
        src: Placed(
            url,
            img={"class": f"wp-image-{media_id}"},
            figure={"class": "wp-block-image size-large"},
            caption={"class": "wp-element-caption"},
        )
        for src, (media_id, url) in uploaded.items()
    }
    return _SITE.render(body, {"placed": placed, "left_out": set(left_out)})


def mail_html(body: str, inline: dict[str, tuple[str, OutgoingPhoto]]) -> str:
    """The post's HTML for a mail: each photo from its inline part (`cid:`), at most the
    column's width (the width attribute for clients that ignore CSS)."""
    placed = {}
    for src, (cid, photo) in inline.items():
        width = min(MAIL_WIDTH, photo.width)
        placed[src] = Placed(
            f"cid:{cid}",
            img={
                "width": str(width),
                "style": f"display:block;width:100%;max-width:{width}px;height:auto;border:0",
            },
            figure={"style": "margin:0 0 18px"},
            caption={
                "style": "font-family:Arial, Helvetica, sans-serif;font-size:13px;"
                "color:#5b6676;margin:6px 0 0"
            },
        )
    return _MAIL.render(body, {"placed": placed})
