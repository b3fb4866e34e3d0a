"""What a person declares about themself for events' audiences (besides the account's kind):
read and changed only by that person, never shown to anyone, changeable at any time."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.events.models import EventSelfDeclaration
from server.core.principal import Principal


async def mine(db: AsyncSession, actor: Principal) -> dict:
    account = await db.get(Account, actor.account_id)
    declared = await db.get(EventSelfDeclaration, actor.account_id)
    return {"kind": account.kind if account else "unspecified", "woman": bool(declared and declared.woman)}


async def set_mine(db: AsyncSession, actor: Principal, *, woman: bool) -> dict:
    declared = await db.get(EventSelfDeclaration, actor.account_id)
    if declared is None:
        db.add(EventSelfDeclaration(account_id=actor.account_id, woman=woman))
    else:
        declared.woman = woman
    await db.flush()
    return await mine(db, actor)
