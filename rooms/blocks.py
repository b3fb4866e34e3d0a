"""Lasting blocks: stored so they survive reloads and reconnects. Nobody is told."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.models import Block
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal

MAX_BLOCKS = 1000


async def blocked_by(db: AsyncSession, account_id: str) -> frozenset[str]:
    rows = await db.scalars(select(Block.blocked_id).where(Block.blocker_id == account_id))
    return frozenset(rows)


async def add_block(db: AsyncSession, clock: Clock, actor: Principal, target_id: object) -> None:
    if not isinstance(target_id, str) or not target_id or len(target_id) > 64 or target_id == actor.account_id:
        raise DomainError(ErrorCode.INVALID, field="account_id")
    if await db.get(Account, target_id) is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    if await db.get(Block, (actor.account_id, target_id)) is not None:
        return  # already blocked: blocking twice is harmless
    count = len(await blocked_by(db, actor.account_id))
    if count >= MAX_BLOCKS:
        raise DomainError(ErrorCode.RATE_LIMITED)
    db.add(Block(blocker_id=actor.account_id, blocked_id=target_id, created_at=clock.now()))
    await db.flush()


async def remove_block(db: AsyncSession, actor: Principal, target_id: object) -> None:
    if not isinstance(target_id, str) or len(target_id) > 64:
        raise DomainError(ErrorCode.INVALID, field="account_id")
    await db.execute(delete(Block).where(Block.blocker_id == actor.account_id, Block.blocked_id == target_id))


async def list_blocks(db: AsyncSession, actor: Principal) -> list[dict]:
    rows = await db.execute(
        select(Account.id, Account.nickname)
        .join(Block, Block.blocked_id == Account.id)
        .where(Block.blocker_id == actor.account_id)
        .order_by(Block.created_at)
    )
    return [{"account_id": r.id, "nickname": r.nickname} for r in rows]
