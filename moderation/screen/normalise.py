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


def _fold_slowly(text: str) -> Folded:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        piece = _TABLE[ord(ch)]
        if out and len(piece) == 1 and unicodedata.combining(piece):
            joined = unicodedata.normalize("NFC", out[-1] + piece)
            if len(joined) == 1:  # ｼﾞ: the sound mark becomes part of the kana before it
                out[-1] = joined
                ends[-1] = i + 1
                continue
        for c in piece:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return Folded(text, "".join(out), tuple(starts), tuple(ends))


@dataclass(frozen=True, slots=True)
class Compact:
    """The folded text without separators, for Japanese phrases written with spacing tricks.
    ``index`` maps a compact position to its folded position, built only when asked."""

    folded: str
    text: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        if len(self.text) == len(self.folded):
            return start, end
        index = [m.start() for m in re.finditer(r"[^\s\W_]", self.folded)]
        return index[start], index[end - 1] + 1


def compact(folded: str) -> Compact:
    return Compact(folded, SEPARATORS.sub("", folded))
