"""The access log of a case record: every read, every write, every refused attempt.

A refusal is written to the log and then raised as ``CaseAccessRefused``. Raising normally
rolls the transaction back, which would erase the very entry that records the attempt, so
callers run case work through ``run_keeping_refusals``: it commits the refusal entry (the
only thing written before a refusal) and raises afterwards.
"""
from __future__ import annotations

from typing import Awaitable, Callable, NoReturn, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from avatars.models import Account
from rooms.casework.models import AccessEntry
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal

T = TypeVar("T")

OPEN = "open"
READ = "read"
ADD_NOTE = "add_note"
UPDATE = "update"
ASSIGN = "assign"
HAND_OVER = "hand_over"
SELF_ASSIGN = "self_assign"  # a staff member seated themself; detail: their reason
GRANT_CONSENT = "grant_consent"
REVOKE_CONSENT = "revoke_consent"
ACTIONS = (OPEN, READ, ADD_NOTE, UPDATE, ASSIGN, HAND_OVER, SELF_ASSIGN, GRANT_CONSENT, REVOKE_CONSENT)


class CaseAccessRefused(DomainError):
    """FORBIDDEN on an existing case; the attempt is already in the session, unflushed or not."""

    def __init__(self, reason: str):
        super().__init__(ErrorCode.FORBIDDEN, detail={"reason": reason})


async def record(
    db: AsyncSession,
    clock: Clock,
    case_id: str,
    actor: Principal,
    action: str,
    *,
    allowed: bool = True,
    detail: str | None = None,
) -> None:
    account = await db.get(Account, actor.account_id)
    db.add(AccessEntry(
        case_id=case_id,
        actor_id=actor.account_id,
        actor_nickname=(account.nickname if account else actor.nickname)[:40],
        actor_role=actor.role.value,
        actor_profession=account.profession if account else None,
        action=action,
        allowed=allowed,
        detail=detail[:200] if detail else None,
        at=clock.now(),
    ))
    await db.flush()


async def refuse(db: AsyncSession, clock: Clock, case_id: str, actor: Principal, action: str, reason: str) -> NoReturn:
    await record(db, clock, case_id, actor, action, allowed=False)
    raise CaseAccessRefused(reason)


async def run_keeping_refusals(
    sessions: async_sessionmaker[AsyncSession], work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Run ``work`` in one transaction; on a refusal, commit its log entry, then raise."""
    refused: CaseAccessRefused | None = None
    async with sessions.begin() as db:
        try:
            return await work(db)
        except CaseAccessRefused as exc:
            refused = exc
    raise refused
