"""Search that works for Japanese: substring matching over a normalised haystack.

Japanese puts no spaces between words, so word search finds nothing useful; each query term
is matched as a substring instead (SQL ``LIKE``, the same on SQLite and PostgreSQL). Both the
stored text and the query are normalised the same way so that width, case and kana differ
less: NFKC (full-width ASCII and half-width kana become ordinary), case-folding, and
hiragana folded onto katakana (「そうだん」 finds 「ソウダン」).
"""
from __future__ import annotations

import unicodedata

from server.core import text as text_rules

MAX_QUERY_CHARS = text_rules.BOARD_QUERY.max_length
MAX_TERMS = 8
LIKE_ESCAPE = "\\"

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
_KATAKANA_SHIFT = 0x60


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        chr(ord(ch) + _KATAKANA_SHIFT) if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END else ch
        for ch in folded
    )


def haystack(*texts: str) -> str:
    """What a post is searched by: its titles and plain-text bodies, normalised, one line."""
    return " ".join(" ".join(normalise(t).split()) for t in texts if t)


def terms(query: str) -> list[str]:
    """Query -> distinct terms (all must match). Spaces of any width separate terms."""
    seen: list[str] = []
    for term in normalise(query[:MAX_QUERY_CHARS]).split():
        if term not in seen:
            seen.append(term)
    return seen[:MAX_TERMS]


def like_pattern(term: str) -> str:
    """A LIKE pattern matching ``term`` anywhere, with the wildcards in it taken literally."""
    escaped = term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def matches(text_haystack: str, query_terms: list[str]) -> bool:
    """The same rule as the SQL query, for code that already holds the text."""
    return all(term in text_haystack for term in query_terms)
