"""A booking's life, written down once: which status may follow which.

    booked ──cancel/reschedule──> cancelled      (before the start only)
    booked ──complete──────────> completed      (from the start on)
    booked ──no-show───────────> no_show        (from the start on)
    no_show ─complete──────────> completed      (they came after all, or it was a slip)

Everything else is refused, most importantly completed -> no_show: a person who talked with
their specialist must never be told they did not come. Repeating the same closing step
(completed -> completed, no_show -> no_show) is allowed and changes nothing, so a double
click is harmless. A cancelled booking is final: the time went back to others.
"""
from __future__ import annotations

import enum

from server.core.errors import DomainError, ErrorCode


class Status(str, enum.Enum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


ALLOWED: frozenset[tuple[Status, Status]] = frozenset({
    (Status.BOOKED, Status.CANCELLED),
    (Status.BOOKED, Status.COMPLETED),
    (Status.BOOKED, Status.NO_SHOW),
    (Status.NO_SHOW, Status.COMPLETED),
    (Status.COMPLETED, Status.COMPLETED),
    (Status.NO_SHOW, Status.NO_SHOW),
})


def may_move(current: Status | str, target: Status | str) -> bool:
    return (Status(current), Status(target)) in ALLOWED


def require_move(current: Status | str, target: Status | str) -> None:
    """Refuse an impossible step with a stable reason naming both ends (``completed_to_no_show``);
    a cancelled booking keeps the reason ``cancelled`` that clients already know."""
    here, there = Status(current), Status(target)
    if (here, there) in ALLOWED:
        return
    reason = "cancelled" if here is Status.CANCELLED else f"{here.value}_to_{there.value}"
    raise DomainError(ErrorCode.CONFLICT, detail={"reason": reason})
