"""The landing page reads before any JavaScript runs (issue 15 items 8 and 12): every text of
the landing is in the HTML, in Japanese, exactly as web_client/src/i18n.js says it (so the
script that later fills them changes nothing and nothing moves); the ways in that need
JavaScript start disabled, and a <noscript> note says what the place is and links to /boards,
/events and /surveys."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "web_client"


# The space's dictionary is i18n.js plus the account forms' words it merges in.
DICTIONARIES = ("src/i18n.js", "src/ui/account_words.js")


def japanese_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for name in DICTIONARIES:
        source = (ROOT / name).read_text(encoding="utf-8")
        ja = source[source.index("ja: {"): source.index("en: {")]
        words |= {key: json.loads(value) for key, value in re.findall(r'^\s+(\w+): ("(?:[^"\\]|\\.)*"),?$', ja, re.M)}
    return words


class Landing(HTMLParser):
    """Collects, inside <main id="landing">, the text of each data-i18n element, the buttons
    and whether they are disabled, and the <noscript> text and links."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside the landing
        self.open: list[tuple[str, int | None]] = []  # (tag, index in texts)
        self.texts: list[list[str]] = []  # [key, text] for each data-i18n element
        self.buttons: dict[str, bool] = {}
        self.noscript = ""
        self.noscript_links: list[str] = []
        self.in_noscript = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main" and a.get("id") == "landing":
            self.depth = 1
        elif self.depth and tag == "main":
            self.depth += 1
        if not self.depth:
            return
        if tag == "noscript":
            self.in_noscript = True
        if self.in_noscript and tag == "a":
            self.noscript_links.append(a.get("href", ""))
        if tag == "button" and a.get("id"):
            self.buttons[a["id"]] = "disabled" in a
        if tag not in {"input", "br", "img", "meta", "link"}:
            entry = None
            if a.get("data-i18n"):
                entry = len(self.texts)
                self.texts.append([a["data-i18n"], ""])
            self.open.append((tag, entry))

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "noscript":
            self.in_noscript = False
        if tag == "main":
            self.depth -= 1
        while self.open:
            opened, _ = self.open.pop()
            if opened == tag:
                break

    def handle_data(self, data):
        if not self.depth:
            return
        if self.in_noscript:
            self.noscript += data
        for _, entry in reversed(self.open):
            if entry is not None:
                self.texts[entry][1] += data
                break


def parsed() -> Landing:
    page = Landing()
    page.feed((ROOT / "index.html").read_text(encoding="utf-8"))
    return page


def test_every_landing_text_is_in_the_html_as_the_dictionary_says():
    words, page = japanese_words(), parsed()
    assert len(page.texts) >= 20
    for key, text in page.texts:
        assert key in words, key
        assert text.strip() == words[key], key


def test_the_ways_in_start_disabled_until_the_script_is_ready():
    buttons = parsed().buttons
    for button in ("enter-guest", "show-login"):
        assert buttons[button] is True, button


def test_without_javascript_the_page_says_what_it_is_and_where_to_read():
    page = parsed()
    assert "JavaScript" in page.noscript and "掲示板" in page.noscript and "居場所" in page.noscript
    # every page that works without JavaScript is named (a persona walk found /events and
    # /surveys missing, issue 15 item 8), in both languages
    assert page.noscript_links == ["/boards", "/events", "/surveys"] * 2
