"""Small-count suppression: the one rule behind every number shown about people (survey
results, the municipal report, rooms/reports/suppression.py).

A group of fewer than ``THRESHOLD`` is not sent as a number, only as a flag: with two or three
people a count, a mean or a quoted text can point at someone. In a breakdown whose total is
shown, a single hidden part could be worked out by subtracting the others from the total, so
when exactly one part is hidden the smallest shown part is hidden with it (secondary
suppression). Whether zero is hidden too is the caller's choice: a survey hides it (a reader
cannot tell "nobody" from "one or two" answers), the report shows it (nobody to find).
"""
from __future__ import annotations

from typing import Hashable, Mapping, TypeVar

THRESHOLD = 5
K = TypeVar("K", bound=Hashable)


def is_small(n: int, *, hide_zero: bool, threshold: int = THRESHOLD) -> bool:
    return n < threshold and (hide_zero or n > 0)


def hidden_parts(parts: Mapping[K, int], *, total_shown: bool, hide_zero: bool,
                 threshold: int = THRESHOLD) -> set[K]:
    """Which parts of a breakdown are hidden: the small ones, and the secondary one if needed."""
    hidden = {key for key, n in parts.items() if is_small(n, hide_zero=hide_zero, threshold=threshold)}
    if total_shown and len(hidden) == 1:
        rest = [(n, position, key) for position, (key, n) in enumerate(parts.items())
                if key not in hidden and n > 0]
        if rest:
            hidden.add(min(rest, key=lambda item: item[:2])[2])
    return hidden


def suppress(n: int, threshold: int = THRESHOLD) -> dict:
    """One count as shown: ``{"count": n}`` or ``{"suppressed": True, "fewer_than": threshold}``."""
    if n < threshold:
        return {"suppressed": True, "fewer_than": threshold}
    return {"count": n}


def shown(n: int, threshold: int = THRESHOLD) -> bool:
    return n >= threshold


def suppress_parts(counts: list[int], *, total_shown: bool, threshold: int = THRESHOLD) -> list[dict]:
    """Counts that add up to a shown total (one choice per person), zero hidden too."""
    hidden = hidden_parts(dict(enumerate(counts)), total_shown=total_shown, hide_zero=True, threshold=threshold)
    return [{"suppressed": True, "fewer_than": threshold} if i in hidden else {"count": n}
            for i, n in enumerate(counts)]
