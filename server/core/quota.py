"""Per-person limits that hold when requests race: "at most N upcoming bookings", "at most
N letters a day", and later reports, survey answers, event registrations.

Counting the rows and then inserting one is a race: two transactions both count N-1 and
both insert. So the count is taken behind a gate: one row per (account, kind) in
``quota_gates``, written (an upsert) first in the transaction. Writing the row serialises
every transaction of that person and kind until it commits or rolls back: on PostgreSQL
the upsert takes the row's lock; on SQLite it takes the database's write lock, and since
SQLAlchemy's SQLite driver opens the transaction only at its first write, no stale read
snapshot is held when the lock is granted. The count read after the gate therefore sees
every insert committed before it, and the caller's own insert is seen by the next one.

The count itself stays the caller's query, so each limit keeps its meaning (a rolling day,
bookings still upcoming...) and cancelling or deleting frees room at once, with no counter
to keep in step. Refused attempts raise before inserting and the transaction rolls back:
nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ForeignKey, Select, String
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base
from server.core.errors import DomainError, ErrorCode


class QuotaGate(Base):
    """The row each limited action of one person passes through (see the module doc).
    ``passes`` counts the actions let through; it exists so the gate is always written."""

    __tablename__ = "quota_gates"

    account_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    passes: Mapped[int] = mapped_column(default=0)


@dataclass(frozen=True, slots=True)
class Quota:
    """A ceiling on one kind of action per person; ``kind`` also names the gate, so it is
    unique across the project. The refusal carries ``detail.reason`` and ``detail.max``."""

    kind: str
    limit: int
    code: ErrorCode = ErrorCode.RATE_LIMITED
    reason: str | None = None  # defaults to ``kind``

    def refusal(self) -> DomainError:
        return DomainError(self.code, detail={"reason": self.reason or self.kind, "max": self.limit})


async def enter_gate(db: AsyncSession, kind: str, account_id: str) -> None:
    """Hold the (account, kind) gate until this transaction ends. Read what the gate
    protects only after this call: reads made before it are not serialised."""
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    upsert = insert(QuotaGate).values(account_id=account_id, kind=kind, passes=1)
    await db.execute(upsert.on_conflict_do_update(
        index_elements=[QuotaGate.account_id, QuotaGate.kind], set_={"passes": QuotaGate.passes + 1},
    ))


async def require_room(db: AsyncSession, quota: Quota, account_id: str, used: Select) -> None:
    """Refuse with the quota's error unless ``used`` (a count of the person's rows that
    this limit covers) is still below the limit. The gate stays held until the transaction
    ends, so the caller's insert is counted by whoever comes next."""
    await enter_gate(db, quota.kind, account_id)
    if await db.scalar(used) >= quota.limit:
        raise quota.refusal()
