"""The audit log: what people with powers over others did, append-only.

Each entry says who acted (their account id), when, what kind of act (a stable dotted name
such as ``presence.reveal_hidden``), on what (``target``: an id the act names, e.g. a
channel) and why (``detail``: the reason given and the facts of the act). There is no
update and no delete here on purpose: a record of oversight is only worth something if the
people it records cannot change it. Nothing in it names a visitor unless the act itself was
about that visitor (a look at hidden people logs the channel, not whom it showed).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id

MAX_ACTION = 64
MAX_TARGET = 64


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    # Kept when the account goes: the act happened, whoever did it.
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(MAX_ACTION))
    target: Mapped[str | None] = mapped_column(String(MAX_TARGET))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


async def record(db: AsyncSession, clock: Clock, *, actor_id: str, action: str, target: str | None = None,
                 detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry (in the caller's transaction: the act and its record commit together)."""
    if not action or len(action) > MAX_ACTION or (target is not None and len(target) > MAX_TARGET):
        raise DomainError(ErrorCode.INVALID, field="audit")
    entry = AuditEntry(id=new_id(), at=clock.now(), actor_id=actor_id, action=action, target=target,
                       detail=dict(detail or {}))
    db.add(entry)
    await db.flush()
    return entry


async def entries(db: AsyncSession, *, action: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """The newest entries first (optionally of one kind), for the people who oversee."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(max(1, min(limit, 500)))
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list((await db.execute(query)).scalars())
