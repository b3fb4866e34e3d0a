"""Small-count suppression: the one rule every number of the report passes through.

A count from 1 to 4 is never sent as a number: it becomes "fewer than 5". Zero stays zero
(nobody to find) and 5 or more are shown. In a breakdown whose total is shown, a single
hidden part could be worked out by subtracting the others from the total, so when exactly
one part is hidden the smallest shown part is hidden with it (secondary suppression).
"""
from __future__ import annotations

from typing import Any

THRESHOLD = 5


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


SMALL = "fewer_than_5"  # the count is 1-4
SECONDARY = "secondary"  # 5 or more, hidden so that a small one cannot be worked out


def cell(count: int) -> dict[str, Any]:
    """One count as sent: a number, or ``{"value": None, "suppressed": True, "reason": ...}``."""
    if is_small(count):
        return {"value": None, "suppressed": True, "reason": SMALL}
    return {"value": count, "suppressed": False}


def hidden_parts(parts: dict[str, int], total_shown: bool) -> set[str]:
    """Which parts of a breakdown are hidden (the primary ones and any secondary one)."""
    hidden = {key for key, count in parts.items() if is_small(count)}
    if total_shown and len(hidden) == 1:
        shown = sorted((count, key) for key, count in parts.items() if key not in hidden and count > 0)
        if shown:
            hidden.add(shown[0][1])
    return hidden


def table(parts: dict[str, int], *, total: int | None = None) -> dict[str, Any]:
    """A breakdown as sent: every part a cell (in the given order), and its total if any."""
    total_shown = total is not None and not is_small(total)
    hidden = hidden_parts(parts, total_shown)
    rows = [{"key": key, **({"value": None, "suppressed": True, "reason": SECONDARY}
                            if key in hidden and not is_small(count) else cell(count))}
            for key, count in parts.items()]
    return {"rows": rows, "total": cell(total) if total is not None else None}
