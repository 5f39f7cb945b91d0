"""What WordPress's importer reads from a WXR file, parser by parser.

The official importer (WordPress/wordpress-importer, src/parsers/) picks one of four parsers:
SimpleXML and the newer XML processor are conforming XML parsers (ElementTree stands in for
both); XMLParser (PHP's xml extension) keeps character chunks as the SAX parser hands them
over and drops every chunk that is only whitespace; the regular-expression fallback cuts
text out of lines and unwraps CDATA sections without decoding a single entity. The last two
are ported here, statement for statement where it matters, so a test can check that all of
them read the same titles, names and content from one file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass, field

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}"


@dataclass
class Read:
    """The parts of a WXR file WordPress turns into HTML it prints."""

    display_names: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)  # title, content, excerpt, terms


def read_as_xml(text: str) -> Read:
    """SimpleXML and the XML processor: entities decoded, CDATA taken as it stands."""
    channel = ET.fromstring(text.encode("utf-8")).find("channel")
    assert channel is not None
    read = Read()
    authors = channel.iter(f"{WP}author")
    read.display_names = [a.findtext(f"{WP}author_display_name") or "" for a in authors]
    read.categories = [c.findtext(f"{WP}cat_name") or "" for c in channel.iter(f"{WP}category")]
    read.tags = [t.findtext(f"{WP}tag_name") or "" for t in channel.iter(f"{WP}tag")]
    for item in channel.iter("item"):
        read.posts.append(
            {
                "title": item.findtext("title") or "",
                "content": item.findtext(f"{CONTENT}encoded") or "",
                "excerpt": item.findtext(f"{EXCERPT}encoded") or "",
                "terms": [(c.get("domain"), c.text or "") for c in item.findall("category")],
            }
        )
    return read


_WP_TAGS = {"wp:cat_name", "wp:tag_name", "wp:author_display_name", "wp:author_login"}


def read_as_xml_parser(text: str) -> Read:
    """WXR_Parser_XML: tag_open, cdata and tag_close as the importer has them."""
    read = Read()
    state: dict = {"in_post": False, "in_tag": False, "cdata": "", "data": {}, "sub": None}

    def tag_open(tag: str, attrs: dict) -> None:
        if tag in _WP_TAGS:
            state["in_tag"] = tag[3:]
        elif tag == "category" and "domain" in attrs and "nicename" in attrs:
            state["sub"] = {"domain": attrs["domain"]}
        elif tag == "item":
            state["in_post"] = True
        elif tag == "title" and state["in_post"]:
            state["in_tag"] = "post_title"
        elif tag == "content:encoded":
            state["in_tag"] = "post_content"
        elif tag == "excerpt:encoded":
            state["in_tag"] = "post_excerpt"

    def cdata(chunk: str) -> None:
        if not chunk.strip():  # if ( ! trim( $cdata ) ) return;
            return
        state["cdata"] += chunk if state["in_tag"] else chunk.strip()

    def tag_close(tag: str) -> None:
        if tag == "category":
            if state["sub"]:
                state["data"].setdefault("terms", []).append(
                    (state["sub"]["domain"], state["cdata"])
                )
            state["sub"] = None
        elif tag == "item":
            data = state["data"]
            read.posts.append(
                {
                    "title": data.get("post_title", ""),
                    "content": data.get("post_content", ""),
                    "excerpt": data.get("post_excerpt", ""),
                    "terms": data.get("terms", []),
                }
            )
            state["data"], state["in_post"] = {}, False
        elif tag in ("wp:category", "wp:tag", "wp:author"):
            data = state["data"]
            if tag == "wp:category":
                read.categories.append(data.get("cat_name", ""))
            elif tag == "wp:tag":
                read.tags.append(data.get("tag_name", ""))
            else:
                read.display_names.append(data.get("author_display_name", ""))
            state["data"] = {}
        elif state["in_tag"]:
            state["data"][state["in_tag"]] = state["cdata"]
            state["in_tag"] = False
        state["cdata"] = ""

    parser = xml.parsers.expat.ParserCreate("UTF-8")
    parser.StartElementHandler = tag_open
    parser.EndElementHandler = tag_close
    parser.CharacterDataHandler = cdata
    parser.Parse(text.encode("utf-8"), True)
    return read


def _get_tag(text: str, tag: str) -> str:
    """WXR_Parser_Regex::get_tag."""
    found = re.search(f"<{tag}.*?>(.*?)</{tag}>", text, re.I | re.S)
    if not found:
        return ""
    value = found.group(1)
    if value.startswith("<![CDATA["):
        if "]]]]><![CDATA[>" in value:
            return "".join(re.findall(r"<!\[CDATA\[(.*?)\]\]>", value, re.S))
        return re.sub(r"^<!\[CDATA\[(.*)\]\]>$", r"\1", value, flags=re.S)
    return value


def read_as_regex(text: str) -> Read:
    """WXR_Parser_Regex::parse: line by line, multi-line tags gathered, then get_tag."""
    read = Read()
    blocks: dict[str, list[str]] = {"item": [], "wp:category": [], "wp:tag": []}
    in_multiline: str | None = None
    content = ""
    for raw in text.split("\n"):
        line = raw.rstrip()
        is_tag_line = False
        if "<wp:author>" in line:
            author = re.search(r"<wp:author>(.*?)</wp:author>", line, re.I | re.S)
            if author:
                read.display_names.append(_get_tag(author.group(1), "wp:author_display_name"))
            continue
        for tag in blocks:
            single = re.search(f"<{tag}>(.*?)</{tag}>", line, re.I | re.S)
            if single:
                blocks[tag].append(single.group(1))
            elif f"<{tag}>" in line:
                content = line[line.index(f"<{tag}>") + len(tag) + 2 :].strip()
                in_multiline, is_tag_line = tag, True
            elif f"</{tag}>" in line:
                in_multiline = None
                content += line[: line.index(f"</{tag}>")].strip()
                blocks[tag].append(content)
        if in_multiline and not is_tag_line:
            content += line + "\n"
    read.categories = [_get_tag(block, "wp:cat_name") for block in blocks["wp:category"]]
    read.tags = [_get_tag(block, "wp:tag_name") for block in blocks["wp:tag"]]
    for post in blocks["item"]:
        terms = re.findall(
            r'<category domain="([^"]+?)" nicename="([^"]+?)">(.+?)</category>', post, re.I | re.S
        )
        read.posts.append(
            {
                "title": _get_tag(post, "title"),
                "content": _get_tag(post, "content:encoded"),
                "excerpt": _get_tag(post, "excerpt:encoded"),
                "terms": [
                    (domain, name.replace("<![CDATA[", "").replace("]]>", ""))
                    for domain, _, name in terms
                ],
            }
        )
    return read
