"""Free text written by people (letters, notes): one set of rules, stable refusals.

Rules: a string, NFC-normalised, trimmed, within a length counted in characters, and free of
control characters (line breaks and tabs allowed only where the field is multi-line) and of
bidirectional overrides, which can make a text read differently from what was stored.
"""
from __future__ import annotations

import unicodedata

from server.core.errors import DomainError, ErrorCode

# Explicit bidi embeddings/overrides/isolates. Other format characters (e.g. the zero-width
# joiner inside emoji sequences) stay allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MULTILINE_ALLOWED = frozenset("\n\t")


def _bad_char(ch: str, multiline: bool) -> bool:
    if multiline and ch in MULTILINE_ALLOWED:
        return False
    if ch in BIDI_CONTROLS:
        return True
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def clean_text(raw: object, *, field: str, max_length: int, min_length: int = 1, multiline: bool = False) -> str:
    """The text as stored, or ``DomainError(INVALID, field=...)``."""
    if not isinstance(raw, str):
        raise DomainError(ErrorCode.INVALID, field=field)
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if multiline else raw
    if any(_bad_char(ch, multiline) for ch in text):
        raise DomainError(ErrorCode.INVALID, field=field)
    text = unicodedata.normalize("NFC", text).strip()
    if not min_length <= len(text) <= max_length:
        raise DomainError(ErrorCode.INVALID, field=field, detail={"min": min_length, "max": max_length})
    return text


def optional_text(raw: object, *, field: str, max_length: int, multiline: bool = False) -> str | None:
    """Like ``clean_text`` but absent or blank means "no value"."""
    if raw is None:
        return None
    return clean_text(raw, field=field, max_length=max_length, min_length=0, multiline=multiline) or None
