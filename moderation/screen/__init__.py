"""The screening engine of issue 12, free of transport: personal information (the shield),
suicide and self-harm risk (crisis) and moderators' word lists, for one text at a time.

    result = screen("連絡は 090-1234-5678 まで", words=word_list)
    result.personal_info  # (Found(kind="phone", start=4, end=17),)
    result.masked         # "連絡は ●●● まで"
    result.crisis.level   # "none" | "concern" | "urgent"

Every span is in the original text. See docs/MODERATION.md "## Screening".
"""
from __future__ import annotations

from collections.abc import Iterable

from moderation.screen import contacts, places
from moderation.screen.crisis import assess
from moderation.screen.normalise import Folded, compact, fold
from moderation.screen.results import KINDS, NO_CRISIS, Crisis, Found, Screening, WordHit
from moderation.screen.words import WordList

__all__ = ["Crisis", "Found", "KINDS", "Screening", "WordHit", "WordList", "MASK", "mask",
           "personal_info", "screen"]

MASK = "●●●"

# Earlier detectors win where two overlap (a profile link holds a handle; an e-mail holds
# something an @handle rule would also see).
_DETECTORS = (places.profile_links, contacts.emails, contacts.phones, places.postal_codes,
              places.addresses, places.sns_ids)


def _personal_info(folded: Folded) -> tuple[Found, ...]:
    found: list[tuple[int, int, int, str]] = []
    for rank, detect in enumerate(_DETECTORS):
        for kind, start, end in detect(folded.text):
            a, b = folded.span(start, end)
            found.append((a, -b, rank, kind))
    found.sort(key=lambda f: (f[2], f[0]))
    kept: list[Found] = []
    for a, neg_b, _rank, kind in found:
        b = -neg_b
        if all(b <= k.start or a >= k.end for k in kept):
            kept.append(Found(kind, a, b))
    return tuple(sorted(kept, key=lambda f: f.start))


def personal_info(text: str) -> tuple[Found, ...]:
    """The shield alone (nicknames, notes): what personal information the text holds."""
    return _personal_info(fold(text))


def mask(text: str, spans: Iterable) -> str:
    """Replace each span (objects with .start/.end, or (start, end) pairs) by ●●●; spans that
    touch or overlap become one mask. Everything outside the spans stays as written."""
    pairs = sorted((s.start, s.end) if hasattr(s, "start") else (s[0], s[1]) for s in spans)
    out, at = [], 0
    for start, end in pairs:
        start, end = max(start, 0), min(end, len(text))
        if end <= start:
            continue
        if start < at:  # overlaps the previous mask: extend it
            at = max(at, end)
            continue
        out.append(text[at:start])
        out.append(MASK)
        at = end
    out.append(text[at:])
    return "".join(out)


def screen(text: str, *, words: WordList | None = None, crisis: bool = True) -> Screening:
    """Screen one text: the shield always, crisis unless ``crisis=False``, the word list if
    given. Masked = personal information and "mask" phrases replaced by ●●●."""
    folded = fold(text)
    found = _personal_info(folded)
    packed = compact(folded.text) if (crisis or words is not None) else None
    hits: tuple[WordHit, ...] = ()
    if words is not None:
        hits = tuple(sorted((WordHit(*hit) for hit in words.find(folded, packed)),
                            key=lambda h: (h.start, h.end)))
    to_mask = [*found, *(h for h in hits if h.action == "mask")]
    masked = mask(text, to_mask) if to_mask else text
    level = assess(folded, packed) if crisis else NO_CRISIS
    return Screening(found, masked, level, hits)
