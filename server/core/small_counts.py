"""Small-count suppression for every number shown about people (survey results, reports).

A group of fewer than ``THRESHOLD`` is not sent at all, only a flag: with two or three people
a count, a mean or a quoted text can point at someone. Zero is suppressed too, so a reader
cannot tell "nobody" from "one or two". Pure functions, reused by the municipal report.
"""
from __future__ import annotations

THRESHOLD = 5


def suppress(n: int, threshold: int = THRESHOLD) -> dict:
    """One count as shown: ``{"count": n}`` or ``{"suppressed": True, "fewer_than": threshold}``."""
    if n < threshold:
        return {"suppressed": True, "fewer_than": threshold}
    return {"count": n}


def shown(n: int, threshold: int = THRESHOLD) -> bool:
    return n >= threshold


def suppress_parts(counts: list[int], *, total_shown: bool, threshold: int = THRESHOLD) -> list[dict]:
    """Counts that add up to a shown total (one choice per person): when exactly one part is
    small, it could be found by subtracting the others from the total, so the next smallest
    part is hidden as well (secondary suppression)."""
    hidden = {i for i, n in enumerate(counts) if n < threshold}
    if total_shown and len(hidden) == 1 and len(counts) > 1:
        rest = sorted((n, i) for i, n in enumerate(counts) if i not in hidden)
        hidden.add(rest[0][1])
    return [{"suppressed": True, "fewer_than": threshold} if i in hidden else {"count": n}
            for i, n in enumerate(counts)]
