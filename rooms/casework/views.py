"""Small JSON-ready shapes shared by letters, cases and the person's own view."""
from __future__ import annotations

from avatars.models import Account
from rooms.casework.policy import Party
from server.core.principal import Role
from server.core.dates import iso


def party_of(account: Account) -> Party:
    return Party(account_id=account.id, role=Role(account.role), is_guest=account.is_guest, disabled=account.disabled)


def worker_json(account: Account | None) -> dict | None:
    """A specialist or staff member as others see them: nickname and profession only."""
    if account is None:
        return None
    return {"id": account.id, "nickname": account.nickname, "role": account.role, "profession": account.profession}


def person_json(account: Account | None) -> dict | None:
    if account is None:
        return None
    return {"id": account.id, "nickname": account.nickname, "kind": account.kind}
