"""Moderators' word lists: phrases to flag for review, mask, or refuse.

Built once from (phrase, action) rows into two Aho-Corasick automatons (pyahocorasick), one
pass each whatever the list's length. Phrases are folded like the text (width, kana, case).
A phrase with Japanese in it is matched on the compact view, so spaces or dots between its
characters do not hide it; an ASCII phrase is matched on the folded view and only as whole
words ("ass" does not match "class").
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick

from moderation.screen.normalise import SEPARATORS, Compact, Folded, fold
from moderation.screen.results import ACTIONS

_STRENGTH = {action: rank for rank, action in enumerate(ACTIONS)}  # refuse > mask > flag
MAX_PHRASE = 100
MAX_PHRASES = 5000


class WordList:
    """Immutable once built; safe to share between tasks and threads."""

    __slots__ = ("_ascii", "_compact", "size")

    def __init__(self, ascii_words: ahocorasick.Automaton | None,
                 compact_words: ahocorasick.Automaton | None, size: int):
        self._ascii = ascii_words
        self._compact = compact_words
        self.size = size

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str]]) -> "WordList":
        """Rows of (phrase, action). Raises ValueError on an unknown action, an empty or
        over-long phrase, or too many rows; a phrase listed twice keeps its strongest action."""
        chosen: dict[tuple[bool, str], tuple[str, str]] = {}
        for count, (phrase, action) in enumerate(rows, 1):
            if count > MAX_PHRASES:
                raise ValueError(f"at most {MAX_PHRASES} phrases")
            if action not in _STRENGTH:
                raise ValueError(f"unknown action {action!r}")
            if not isinstance(phrase, str) or not phrase.strip() or len(phrase) > MAX_PHRASE:
                raise ValueError("a phrase is 1 to 100 characters")
            folded = " ".join(fold(phrase).text.split())
            ascii_only = folded.isascii()
            key = (ascii_only, folded if ascii_only else SEPARATORS.sub("", folded))
            if not key[1]:
                raise ValueError("a phrase needs a letter or a digit")
            old = chosen.get(key)
            if old is None or _STRENGTH[action] > _STRENGTH[old[1]]:
                chosen[key] = (phrase.strip(), action)
        automatons: dict[bool, ahocorasick.Automaton] = {}
        for (ascii_only, needle), (phrase, action) in chosen.items():
            automaton = automatons.setdefault(ascii_only, ahocorasick.Automaton())
            automaton.add_word(needle, (len(needle), phrase, action))
        for automaton in automatons.values():
            automaton.make_automaton()
        return cls(automatons.get(True), automatons.get(False), len(chosen))

    def find(self, folded: Folded, compact: Compact) -> Iterator[tuple[str, str, int, int]]:
        """(phrase, action, start, end) with spans in the ORIGINAL text."""
        if self._ascii is not None:
            text = folded.text
            for end, (length, phrase, action) in self._ascii.iter(text):
                start = end - length + 1
                if _word_edge(text, start - 1) and _word_edge(text, end + 1):
                    yield (phrase, action, *folded.span(start, end + 1))
        if self._compact is not None:
            text = compact.text
            for end, (length, phrase, action) in self._compact.iter(text):
                first = end - length + 1
                if not (_edge_ok(text, first, first - 1) and _edge_ok(text, end, end + 1)):
                    continue  # ことば1 is not in ことば150
                start, stop = compact.span(first, end + 1)
                yield (phrase, action, *folded.span(start, stop))


def _edge_ok(text: str, inside: int, outside: int) -> bool:
    """Where a phrase begins or ends with an ASCII letter or digit, its neighbour must not be one."""
    edge = text[inside]
    return not (edge.isascii() and edge.isalnum()) or _word_edge(text, outside)


def _word_edge(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or not (text[i].isascii() and text[i].isalnum())
