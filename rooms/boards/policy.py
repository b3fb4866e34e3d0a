"""Who may do what on the boards. Reading is open to everyone, without an account;
writing, editing, publishing, uploading and seeing drafts are for staff and admins only."""
from __future__ import annotations

from server.core.policy import AUTHOR_ROLES, require_role
from server.core.principal import Principal


def require_author(principal: Principal | None) -> Principal:
    return require_role(principal, AUTHOR_ROLES)


def can_author(principal: Principal | None) -> bool:
    return principal is not None and principal.role in AUTHOR_ROLES
