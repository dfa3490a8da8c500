"""Article HTML as it may be stored and shown: cleaned by nh3 (the Python binding of the Rust
library ammonia) to an allow-list of tags and attributes. Scripts, styles, event handlers,
`javascript:` and `data:` links are dropped; links get rel="noopener noreferrer"; images may
only point at the portal's own stored images, served by portal:image (`/portal/images/<id>/`,
exactly: no other path, host, percent-encoding or `..`)."""

import html
import re

import nh3

TAGS = {"p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "blockquote",
        "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody",
        "tr", "th", "td", "hr", "span", "sup", "sub"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"},
              "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# ArticleImage.get_absolute_url (portal:image), and nothing else; ASCII digits only
IMAGE_SRC = re.compile(r"/portal/images/[0-9]{1,18}/")


def _allowed(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # only the project's own stored images: no tracking pixels, nothing from outside
        return value if IMAGE_SRC.fullmatch(value) else None
    return value


def clean_html(html: str) -> str:
    return nh3.clean(html or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", attribute_filter=_allowed,
                     strip_comments=True).strip()


def plain_text(source: str) -> str:
    """The text of cleaned HTML without any tag (for summaries and the feed)."""
    return " ".join(html.unescape(nh3.clean(source or "", tags=set())).split())
