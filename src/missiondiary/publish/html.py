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


def renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


_MD = renderer()


def render_fragment(markdown_text: str) -> str:
    return _MD.render(markdown_text)


# Control characters a title may hold (NUL, ESC): no page carries them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str) -> str:
    return html.escape(_CONTROL.sub("", value))


def page(theme: ThemeSpec, *, title: str, kicker: str, meta: str, body_html: str) -> str:
    template = Template(theme.page_template)
    return template.safe_substitute(
        lang="en",
        title=_text(title),
        kicker=_text(kicker),
        meta=_text(meta),
        css=theme.post_css,
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
