"""Who may do what with availability and bookings. Pure functions, deny by default.

- Publishing availability: specialists, staff and admins, each for their own calendar only.
- Booking: anyone signed in, guests included (the lowest hurdle; the booking UI tells a
  guest that the booking is lost with the guest token unless they keep their account).
  Nobody books their own calendar.
- A booking is visible only to its two sides. To anyone else it does not exist (NOT_FOUND),
  so ids cannot be probed.
- Cancel and reschedule: either side. Completed / no-show: the specialist's side only.
"""
from __future__ import annotations

import enum

from server.core.errors import DomainError, ErrorCode
from server.core.policy import CONSULTANT_ROLES, require_principal, require_role
from server.core.principal import Principal, Role


class Side(str, enum.Enum):
    PERSON = "person"
    SPECIALIST = "specialist"


class Action(str, enum.Enum):
    VIEW = "view"
    CANCEL = "cancel"
    RESCHEDULE = "reschedule"
    COMPLETE = "complete"
    NO_SHOW = "no_show"


ALLOWED: dict[Action, frozenset[Side]] = {
    Action.VIEW: frozenset({Side.PERSON, Side.SPECIALIST}),
    Action.CANCEL: frozenset({Side.PERSON, Side.SPECIALIST}),
    Action.RESCHEDULE: frozenset({Side.PERSON, Side.SPECIALIST}),
    Action.COMPLETE: frozenset({Side.SPECIALIST}),
    Action.NO_SHOW: frozenset({Side.SPECIALIST}),
}


def is_consultant_role(role: str | Role) -> bool:
    try:
        return Role(role) in CONSULTANT_ROLES
    except ValueError:
        return False


def require_publisher(principal: Principal | None) -> Principal:
    """Only those who hold consultations publish availability (their own)."""
    return require_role(principal, CONSULTANT_ROLES)


def require_booker(principal: Principal | None) -> Principal:
    return require_principal(principal)


def side_of(principal: Principal, *, specialist_id: str, person_id: str) -> Side | None:
    if principal.account_id == specialist_id:
        return Side.SPECIALIST
    if principal.account_id == person_id:
        return Side.PERSON
    return None


def require_side(principal: Principal | None, action: Action, *, specialist_id: str, person_id: str) -> Side:
    """The caller's side of the booking, if that side may take ``action``."""
    principal = require_principal(principal)
    side = side_of(principal, specialist_id=specialist_id, person_id=person_id)
    if side is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    if side not in ALLOWED[action]:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "other_side"})
    return side
