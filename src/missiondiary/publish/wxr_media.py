"""Photos in the WordPress file (WXR): each one an attachment of its day's post, the first
the post's featured image (`_thumbnail_id` on the post, set in site.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from missiondiary.publish import RenderedPost
from missiondiary.publish.images import PostImage
from missiondiary.publish.site import IMAGES_PATH, _esc, _wp_clock, cdata, wp_cdata


def image_url(site: str, name: str) -> str:
    """Where WordPress fetches a photo: the images folder uploaded under --base-url."""
    return f"{site}/{IMAGES_PATH}{name}" if site else f"/{IMAGES_PATH}{name}"


def wxr_attachment(
    post: RenderedPost, image: PostImage, attachment_id: int, parent: int, site: str, login: str
) -> str:
    """A photo as a WordPress attachment of its day's post: the importer fetches it from
    `attachment_url` (the images folder uploaded under --base-url) and rewrites the post's
    links to its own copy."""
    local = datetime.fromisoformat(str(post.front_matter["date"]))
    gmt = local.astimezone(UTC)
    url = image_url(site, image.name())
    return "\n".join(
        [
            "<item>",
            f"<title>{wp_cdata(image.caption or image.name())}</title>",
            f"<link>{_esc(url)}</link>",
            f"<pubDate>{format_datetime(gmt)}</pubDate>",
            f"<dc:creator>{cdata(login)}</dc:creator>",
            f'<guid isPermaLink="false">{_esc(url)}</guid>',
            "<description></description>",
            f"<content:encoded>{cdata('')}</content:encoded>",
            f"<excerpt:encoded>{wp_cdata(image.caption)}</excerpt:encoded>",
            f"<wp:post_id>{attachment_id}</wp:post_id>",
            f"<wp:post_date>{cdata(_wp_clock(local))}</wp:post_date>",
            f"<wp:post_date_gmt>{cdata(_wp_clock(gmt))}</wp:post_date_gmt>",
            f"<wp:comment_status>{cdata('closed')}</wp:comment_status>",
            f"<wp:ping_status>{cdata('closed')}</wp:ping_status>",
            f"<wp:post_name>{cdata(image.stem)}</wp:post_name>",
            f"<wp:status>{cdata('inherit')}</wp:status>",
            f"<wp:post_parent>{parent}</wp:post_parent>",
            "<wp:menu_order>0</wp:menu_order>",
            f"<wp:post_type>{cdata('attachment')}</wp:post_type>",
            f"<wp:post_password>{cdata('')}</wp:post_password>",
            "<wp:is_sticky>0</wp:is_sticky>",
            f"<wp:attachment_url>{cdata(url)}</wp:attachment_url>",
            "<wp:postmeta><wp:meta_key>"
            f"{cdata('_wp_attachment_image_alt')}</wp:meta_key>"
            f"<wp:meta_value>{wp_cdata(image.caption)}</wp:meta_value></wp:postmeta>",
            "</item>",
        ]
    )
