"""Markdown -> a themed HTML page. Raw HTML in the source is never passed through."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from string import Template

from markdown_it import MarkdownIt

from missiondiary.themes import ThemeSpec

_BAD_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")


def _safe_link(url: str) -> bool:
    return not url.strip().lower().startswith(_BAD_SCHEMES)


_OUR_IMAGE = re.compile(r"(^|/)images/[^/]+-1600\.jpg$")


def figures(state) -> None:
    """A photo the post placed (`![caption](…images/…-1600.jpg)` with its caption line in
    italics below) becomes <figure><img srcset><figcaption>: the 800-pixel copy for small
    screens, the caption kept with its picture. The delegate's own images stay as typed."""
    tokens = state.tokens
    for index in range(1, len(tokens) - 1):
        opening, inline, closing = tokens[index - 1], tokens[index], tokens[index + 1]
        if opening.type != "paragraph_open" or inline.type != "inline" or not inline.children:
            continue
        children = inline.children
        image = children[0]
        source = str(image.attrGet("src") or "")
        if image.type != "image" or not _OUR_IMAGE.search(source):
            continue
        rest = children[1:]
        if rest and not (
            len(rest) >= 3
            and rest[0].type == "softbreak"
            and rest[1].type == "em_open"
            and rest[-1].type == "em_close"
        ):
            continue
        small = source.removesuffix("-1600.jpg") + "-800.jpg"
        image.attrSet("srcset", f"{small} 800w, {source} 1600w")
        image.attrSet("sizes", "(max-width: 800px) 100vw, 800px")
        image.attrSet("loading", "lazy")
        if rest:
            rest[1].tag = rest[-1].tag = "figcaption"
            inline.children = [image, *rest[1:]]
        opening.tag = closing.tag = "figure"


def renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    md.validateLink = _safe_link  # type: ignore[method-assign]
    md.core.ruler.push("figures", figures)
    return md


_MD = renderer()


def render_fragment(markdown_text: str) -> str:
    return _MD.render(markdown_text)


# Control characters a title may hold (NUL, ESC): no page carries them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str) -> str:
    return html.escape(_CONTROL.sub("", value))


# Photos fit the column whatever the theme; a theme's own rules for figures come after.
FIGURE_CSS = (
    "figure{margin:1.5em 0}figure img{display:block;max-width:100%;height:auto}"
    "figcaption{font-size:.9em;opacity:.8;margin-top:.4em}"
)


def page(theme: ThemeSpec, *, title: str, kicker: str, meta: str, body_html: str) -> str:
    template = Template(theme.page_template)
    return template.safe_substitute(
        lang="en",
        title=_text(title),
        kicker=_text(kicker),
        meta=_text(meta),
        css=FIGURE_CSS + theme.post_css,
        body=body_html,
    )


def markdown_page(
    theme: ThemeSpec, *, title: str, kicker: str, meta: Iterable[str], body: str
) -> str:
    """A post, report or index page: `meta`'s non-empty parts joined by " · ", `body` Markdown."""
    return page(
        theme,
        title=title,
        kicker=kicker,
        meta=" · ".join(part for part in meta if part),
        body_html=render_fragment(body),
    )
