"""Who may do what at the desk. Pure functions: REST and Socket.IO ask the same ones.

- Desk workers (staff, specialists, admins) set the hours, go on duty, take people, read
  the messages left for staff.
- Anyone who entered, guests included, may knock and leave a message: the lowest step
  must not need an account that is "kept". Desk workers don't knock at their own desk.
"""
from __future__ import annotations

from server.core.errors import DomainError, ErrorCode
from server.core.policy import CONSULTANT_ROLES, require_principal, require_role
from server.core.principal import Principal

DESK_ROLES = CONSULTANT_ROLES


def is_desk_worker(principal: Principal | None) -> bool:
    return principal is not None and principal.role in DESK_ROLES


def require_desk_worker(principal: Principal | None) -> Principal:
    return require_role(principal, DESK_ROLES)


def require_can_knock(principal: Principal | None) -> Principal:
    principal = require_principal(principal)
    if is_desk_worker(principal):
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "desk_worker"})
    return principal


def require_can_leave_message(principal: Principal | None) -> Principal:
    return require_can_knock(principal)
