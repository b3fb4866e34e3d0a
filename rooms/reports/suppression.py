"""Small-count suppression as the report sends it (the rule itself: server/core/small_counts.py).

A count from 1 to 4 is never sent as a number: it becomes "fewer than 5". Zero stays zero
(nobody to find) and 5 or more are shown. In a breakdown whose total is shown, a single
hidden part could be worked out by subtracting the others from the total, so when exactly
one part is hidden the smallest shown part is hidden with it (secondary suppression).
"""
from __future__ import annotations

from typing import Any

from server.core import small_counts
from server.core.small_counts import THRESHOLD

SMALL = "fewer_than_5"  # the count is 1-4
SECONDARY = "secondary"  # 5 or more, hidden so that a small one cannot be worked out


def is_small(count: int) -> bool:
    """The report shows zero (nobody to find); 1-4 are hidden."""
    return small_counts.is_small(count, hide_zero=False)


def cell(count: int) -> dict[str, Any]:
    """One count as sent: a number, or ``{"value": None, "suppressed": True, "reason": ...}``."""
    if is_small(count):
        return {"value": None, "suppressed": True, "reason": SMALL}
    return {"value": count, "suppressed": False}


def hidden_parts(parts: dict[str, int], total_shown: bool) -> set[str]:
    """Which parts of a breakdown are hidden (the primary ones and any secondary one)."""
    return small_counts.hidden_parts(parts, total_shown=total_shown, hide_zero=False)


def table(parts: dict[str, int], *, total: int | None = None) -> dict[str, Any]:
    """A breakdown as sent: every part a cell (in the given order), and its total if any."""
    total_shown = total is not None and not is_small(total)
    hidden = hidden_parts(parts, total_shown)
    rows = [{"key": key, **({"value": None, "suppressed": True, "reason": SECONDARY}
                            if key in hidden and not is_small(count) else cell(count))}
            for key, count in parts.items()]
    return {"rows": rows, "total": cell(total) if total is not None else None}
