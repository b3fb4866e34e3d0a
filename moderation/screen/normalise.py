"""One folded view of a text for every matcher, and the way back to the original offsets.

Folding per character: NFKC (full-width letters, digits, ＠ and ．, half-width kana), katakana
to hiragana (jaconv, so シニタイ, ｼﾆﾀｲ and しにたい are one spelling), then casefold. The
table is filled lazily and used through ``str.translate``, so the usual message costs one C
call. Only when a character folds to more or less than one character (㈱ -> (株), or a
half-width sound mark that joins the kana before it) is a per-character offset map built;
otherwise offsets in the folded text are offsets in the original.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jaconv

# Spaces, punctuation, symbols and underscores: what "死 に た い" or "死.に.た.い" hide behind.
SEPARATORS = re.compile(r"[\s\W_]+")
_KEPT = re.compile(r"[^\s\W_]")


def fold_char(ch: str) -> str:
    return jaconv.kata2hira(unicodedata.normalize("NFKC", ch)).casefold()


class _FoldTable(dict):
    """ord -> folded text, computed on first sight. Characters whose folding is not a plain
    one-for-one replacement are remembered in ``uneven`` (the slow path needs them)."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = fold_char(ch)
        if len(out) != 1 or unicodedata.combining(out):
            self.uneven.add(ch)
        if len(self) < 200_000:  # every code point seen stays cached, with a ceiling
            self[code] = out
        return out


_TABLE = _FoldTable()


@dataclass(frozen=True, slots=True)
class Folded:
    """``text`` is the folded view; ``starts[i]``/``ends[i]`` give the original span of its
    character i (``None`` when the view is aligned one-for-one with the original)."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded characters start..end (end exclusive)."""
        if self.starts is None or start >= end:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold(text: str) -> Folded:
    folded = text.translate(_TABLE)
    if len(folded) == len(text) and _TABLE.uneven.isdisjoint(text):
        return Folded(text, folded)
    return _fold_slowly(text)


_uneven_pattern: tuple[int, re.Pattern] = (0, re.compile("(?!)"))


def _uneven_characters() -> re.Pattern:
    """A regex of the characters known to fold unevenly (rebuilt when one is first seen)."""
    global _uneven_pattern
    if _uneven_pattern[0] != len(_TABLE.uneven):
        chars = "".join(sorted(_TABLE.uneven))
        _uneven_pattern = (len(chars), re.compile(f"[{re.escape(chars)}]"))
    return _uneven_pattern[1]


def _fold_slowly(text: str) -> Folded:
    """Runs of even characters are folded and mapped in bulk; only the uneven ones (…, ㈱,
    a half-width sound mark) one by one."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for m in _uneven_characters().finditer(text):
        i = m.start()
        if i > at:
            out.append(text[at:i].translate(_TABLE))
            starts.extend(range(at, i))
            ends.extend(range(at + 1, i + 1))
        at = i + 1
        piece = _TABLE[ord(text[i])]
        if out and out[-1] and len(piece) == 1 and unicodedata.combining(piece):
            joined = unicodedata.normalize("NFC", out[-1][-1] + piece)
            if len(joined) == 1:  # ｼﾞ: the sound mark becomes part of the kana before it
                out[-1] = out[-1][:-1] + joined
                ends[-1] = i + 1
                continue
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([i + 1] * len(piece))
    if at < len(text):
        out.append(text[at:].translate(_TABLE))
        starts.extend(range(at, len(text)))
        ends.extend(range(at + 1, len(text) + 1))
    return Folded(text, "".join(out), tuple(starts), tuple(ends))


class Compact:
    """The folded text without separators, for Japanese phrases written with spacing tricks.
    Its map back to folded positions is built only when asked (hits are rare), then kept."""

    __slots__ = ("folded", "text", "_index")

    def __init__(self, folded: str, text: str):
        self.folded = folded
        self.text = text
        self._index: list[int] | None = None

    def positions(self) -> list[int]:
        """The folded position of every compact character."""
        if self._index is None:
            self._index = [m.start() for m in _KEPT.finditer(self.folded)]
        return self._index

    def span(self, start: int, end: int) -> tuple[int, int]:
        if len(self.text) == len(self.folded):
            return start, end
        index = self.positions()
        return index[start], index[end - 1] + 1

    def gaps(self, start: int, end: int) -> list[str]:
        """What was removed between each two neighbouring characters of compact start..end."""
        if len(self.text) == len(self.folded):
            return [""] * max(end - start - 1, 0)
        index = self.positions()[start:end]
        return [self.folded[a + 1:b] for a, b in zip(index, index[1:])]


def compact(folded: str) -> Compact:
    return Compact(folded, SEPARATORS.sub("", folded))
