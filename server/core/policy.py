"""Cross-cutting authorization rules. Pure functions: REST and Socket.IO call the same ones.

Deny by default: a caller is allowed only by a rule that names it.
"""
from __future__ import annotations

from server.core.errors import DomainError, ErrorCode
from server.core.principal import STAFF_ROLES, Principal, Role

ADMIN_ROLES = frozenset({Role.ADMIN})
AUTHOR_ROLES = frozenset({Role.STAFF, Role.ADMIN})
MODERATION_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})
CONSULTANT_ROLES = frozenset({Role.SPECIALIST, Role.STAFF, Role.ADMIN})


def require_principal(principal: Principal | None) -> Principal:
    if principal is None:
        raise DomainError(ErrorCode.UNAUTHENTICATED)
    return principal


def require_role(principal: Principal | None, roles: frozenset[Role]) -> Principal:
    principal = require_principal(principal)
    if principal.role not in roles:
        raise DomainError(ErrorCode.FORBIDDEN)
    return principal


def require_staff(principal: Principal | None) -> Principal:
    return require_role(principal, STAFF_ROLES)


def require_admin(principal: Principal | None) -> Principal:
    return require_role(principal, ADMIN_ROLES)


def require_kept_account(principal: Principal | None) -> Principal:
    """Some things (letters, bookings kept for years) need an account that can come back."""
    principal = require_principal(principal)
    if principal.is_guest:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "guest"})
    return principal


def can_assign_role(actor: Principal, role: Role) -> bool:
    # Staff roles are never self-assigned: only an admin hands them out.
    return actor.role == Role.ADMIN


def can_self_choose_role(role: Role) -> bool:
    return role == Role.VISITOR
