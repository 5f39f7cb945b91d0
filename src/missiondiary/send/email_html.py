"""A post's HTML as mail clients show it: no stylesheet (many clients drop <style>), every
element styled inline from the theme's own colours, in a centred 600-pixel table."""

from __future__ import annotations

import html
import re

from missiondiary.themes import ThemeSpec

_FALLBACK = {
    "ink": "#1d2430",
    "muted": "#5b6676",
    "accent": "#1f6f9f",
    "rule": "#d9dee5",
    "paper": "#ffffff",
    "wash": "#f4f7fa",
}
_SERIF = "Georgia, 'Times New Roman', serif"
_SANS = "Arial, Helvetica, sans-serif"


def colours(theme: ThemeSpec) -> dict[str, str]:
    """The theme's CSS variables (`--ink: #1d2430`) with plain fall-backs."""
    found = dict(re.findall(r"--([a-z]+)\s*:\s*(#[0-9a-fA-F]{3,8})", theme.post_css))
    return {**_FALLBACK, **{k: v for k, v in found.items() if k in _FALLBACK}}


def _styles(c: dict[str, str]) -> dict[str, str]:
    return {
        "h2": f"font-family:{_SERIF};font-size:22px;line-height:1.3;margin:24px 0 10px;"
        f"padding-bottom:4px;border-bottom:2px solid {c['accent']};color:{c['ink']}",
        "h3": f"font-family:{_SANS};font-size:14px;letter-spacing:1px;text-transform:uppercase;"
        f"color:{c['accent']};margin:28px 0 10px",
        "h4": f"font-family:{_SERIF};font-size:18px;margin:20px 0 6px;color:{c['ink']}",
        "p": f"font-family:{_SERIF};font-size:16px;line-height:1.6;margin:0 0 14px;"
        f"color:{c['ink']}",
        "ul": "margin:0 0 14px;padding-left:22px",
        "ol": "margin:0 0 14px;padding-left:22px",
        "li": f"font-family:{_SERIF};font-size:16px;line-height:1.5;margin:0 0 6px;"
        f"color:{c['ink']}",
        "table": "border-collapse:collapse;width:100%;margin:0 0 16px",
        "th": f"font-family:{_SANS};font-size:13px;text-align:left;padding:6px 8px;"
        f"border-bottom:2px solid {c['rule']};color:{c['muted']}",
        "td": f"font-family:{_SANS};font-size:14px;padding:6px 8px;vertical-align:top;"
        f"border-bottom:1px solid {c['rule']};color:{c['ink']}",
        "a": f"color:{c['accent']}",
        "blockquote": f"margin:0 0 14px;padding:0 14px;border-left:3px solid {c['rule']};"
        f"color:{c['muted']}",
        "code": "font-family:Menlo,Consolas,monospace;font-size:14px",
        "pre": f"background:{c['wash']};padding:10px;overflow:auto",
        "em": "",
        "strong": "",
    }


_TAG = re.compile(r"<(h[1-6]|p|ul|ol|li|table|th|td|a|blockquote|code|pre)(\s[^>]*)?>")


def inline(fragment: str, theme: ThemeSpec) -> str:
    """Add each tag's style; a style already there (a table cell's alignment) is kept."""
    styles = _styles(colours(theme))

    def styled(match: re.Match[str]) -> str:
        tag, attrs = match.group(1), match.group(2) or ""
        style = styles.get(tag, "")
        if not style:
            return match.group(0)
        if 'style="' in attrs:
            attrs = attrs.replace('style="', f'style="{style};', 1)
            return f"<{tag}{attrs}>"
        return f'<{tag}{attrs} style="{style}">'

    return _TAG.sub(styled, fragment)


def message_html(
    theme: ThemeSpec, *, title: str, kicker: str, meta: str, body_html: str, footer: str
) -> str:
    c = colours(theme)
    esc = html.escape
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title></head>
<body style="margin:0;padding:0;background:{c["wash"]}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"
 style="background:{c["wash"]}"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"
 style="max-width:600px;width:100%;background:{c["paper"]};border-radius:6px">
<tr><td style="padding:28px 32px">
<p style="margin:0;font-family:{_SANS};font-size:12px;letter-spacing:1px;
text-transform:uppercase;font-weight:bold;color:{c["accent"]}">{esc(kicker)}</p>
<h1 style="font-family:{_SERIF};font-size:28px;line-height:1.2;margin:6px 0 6px;
color:{c["ink"]}">{esc(title)}</h1>
<p style="margin:0 0 20px;font-family:{_SANS};font-size:13px;color:{c["muted"]}">{esc(meta)}</p>
{inline(body_html, theme)}
</td></tr></table>
<p style="font-family:{_SANS};font-size:12px;color:{c["muted"]};margin:14px 0 0">{esc(footer)}</p>
</td></tr></table>
</body></html>
"""
