"""Post bodies: a safe Markdown subset rendered server-side to sanitised HTML.

Two layers, so a mistake in one is caught by the other:
1. markdown-it-py in CommonMark mode with raw HTML disabled (``<script>`` stays text), links
   limited to http(s), mailto, tel and same-site paths, images limited to our own uploads,
   headings shifted down one level (the page's title is the only ``h1``);
2. nh3 (ammonia) with an allow-list of tags and attributes and the same URL rules. Every link
   gets ``rel="noopener noreferrer nofollow ugc"``.

Off-site links stay, because on a support site they are how people reach public services (a
hotline, the city's consultation desk), but they cannot disguise where they go: an absolute
http(s) link must be written ``scheme://host`` with no ``user@`` part and is followed by its
real host in ASCII, e.g. ``市の窓口 (city.example.jp)``. Forms a browser resolves off-site
while they look like paths or are easy to misread (``//host``, ``///host``, ``https:host``,
``https:/host``, backslashes) are not links at all.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from server.core import text as text_rules

MAX_BODY_CHARS = text_rules.BOARD_BODY.max_length

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "a", "ul", "ol", "li",
    "blockquote", "code", "pre", "img",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Pictures only from our own image store: no tracking pixels, no data: URLs, no other hosts.
OWN_IMAGE = re.compile(r"^/api/boards/images/[0-9a-f]{32}(?:/thumb)?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# scheme://authority with no user@ part: the only absolute web links kept.
_WEB_LINK = re.compile(r"^https?://[^/?#@\s]+(?:[/?#]|$)", re.IGNORECASE)
LINK_REL = "noopener noreferrer nofollow ugc"


def web_host(url: str) -> str | None:
    """The host an absolute http(s) link goes to, in ASCII (punycode for other scripts, so
    look-alike letters cannot pose as a familiar name); None when it is not a plain one."""
    url = url.strip()
    if not _WEB_LINK.match(url):
        return None
    try:
        host = urlsplit(url).hostname
        return host.encode("idna").decode("ascii").lower() if host else None
    except (ValueError, UnicodeError):
        return None


def link_allowed(url: str) -> bool:
    url = url.strip()
    # Browsers ignore tabs/newlines and some controls inside a scheme ("java\tscript:").
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in url) or "\\" in url:
        return False
    match = _SCHEME.match(url)
    if match:
        scheme = match.group(1).lower()
        return web_host(url) is not None if scheme in ("http", "https") else scheme in LINK_SCHEMES
    # No scheme: a same-site path, a fragment or a query. "//host" (protocol-relative) leaves
    # the site while looking like a path.
    if url.startswith("//"):
        return False
    return url.startswith(("/", "#", "?")) or not (":" in url.split("/", 1)[0])


def image_allowed(url: str) -> bool:
    return bool(OWN_IMAGE.match(url.strip()))


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "a" and attr == "href":
        return value if link_allowed(value) else None
    if tag == "img" and attr == "src":
        return value if image_allowed(value) else None
    if tag == "ol" and attr == "start":
        return value if value.isdigit() and len(value) <= 6 else None
    return value


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = link_allowed
    return md


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _tidy(tokens: list[Token]) -> None:
    """Shift headings down a level, turn foreign images into their alt text and show each
    off-site link's host after its words."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
        if token.children:
            token.children = _tidy_inline(token.children)


def _tidy_inline(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    link: tuple[str, str] | None = None  # (href, host) of an open off-site link
    words: list[str] = []
    for child in children:
        if child.type == "image" and not image_allowed(str(child.attrGet("src") or "")):
            child = _text(child.content)
        result.append(child)
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            host = web_host(href)
            link, words = ((href, host) if host else None), []
        elif child.type == "link_close" and link is not None:
            if "".join(words).strip() != link[0]:  # an autolink already shows its address
                result.append(_text(f" ({link[1]})"))
            link = None
        elif link is not None:
            words.append(child.content)
    return result


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        set_tag_attribute_values={"img": {"loading": "lazy"}},
    )


def render(source: str) -> str:
    """Markdown source -> sanitised HTML fragment, safe to insert into any page."""
    if not source:
        return ""
    md = _parser()
    tokens = md.parse(source[:MAX_BODY_CHARS])
    _tidy(tokens)
    return _clean(md.renderer.render(tokens, md.options, {}))


def _words(token: Token) -> str:
    if token.type in ("text", "code_inline", "image"):  # an image's content is its alt text
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""


def plain_text(source: str) -> str:
    """The readable words of a Markdown body, for excerpts and search (no markup, no URLs)."""
    if not source:
        return ""
    parts: list[str] = []
    for token in _parser().parse(source[:MAX_BODY_CHARS]):
        if token.type == "inline" and token.children:
            parts.extend(_words(child) for child in token.children)
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        parts.append(" ")
    return " ".join("".join(parts).split())


_CJK = "\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"
# Paragraphs are joined with a space; after a Japanese full stop that space looks wrong
# (after a heading without one, it is the only thing separating the two).
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[。!?！？」』）])\\s+(?=[{_CJK}])")


def excerpt(source: str, limit: int = 120) -> str:
    """The opening words of a body, cut at a word boundary where the language has them."""
    text = _SPACE_BETWEEN_CJK.sub("", plain_text(source))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6 and not re.search(f"[{_CJK}]", cut[space - 1:space]):
        cut = cut[:space]
    return cut.rstrip(" ,.;:、。") + "…"
