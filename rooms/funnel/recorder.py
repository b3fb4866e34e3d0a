"""Counting a step: at most once per account, step and local day, as one upsert.

Why an in-memory set: the space's stamps and zone texts come often, and only the first of
the day counts; a set lookup answers the rest without the database. The set holds today's
(step, account) pairs only and is emptied when the day changes, so no trail outlives the
day. Each process keeps its own set: an account served by two processes on one day, or one
that comes back after a restart, can count twice (documented in docs/REPORTS.md).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rooms.funnel.models import FirstSteps, FunnelDay, FunnelLatency
from rooms.funnel.steps import TZ, Step, local_day
from server.core.clock import Clock


def _insert(db: AsyncSession, model):
    return (postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert)(model)


async def add(db: AsyncSession, model, keys: dict, amount: int = 1) -> None:
    """``count += amount`` on the row of ``keys``, made if missing: atomic on both databases."""
    stmt = _insert(db, model).values(**keys, count=amount)
    await db.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_={"count": model.count + amount}))


async def count_step(db: AsyncSession, day: date, step: Step, kind: str) -> None:
    await add(db, FunnelDay, {"day": day, "step": step.value, "kind": kind})


async def note_first_steps(db: AsyncSession, account_id: str, step: Step, day: date,
                           created_at: datetime | None = None) -> bool:
    """A visit by an account made today opens its row (True: a newcomer's first visit); a desk
    contact, message or booking fills its day once."""
    if step is Step.VISIT:
        if created_at is None or local_day(created_at) != day:
            return False  # only a truly first visit starts the count; older accounts are not followed
        if await db.get(FirstSteps, account_id) is None:
            db.add(FirstSteps(account_id=account_id, first_visit=day))
            return True
        return False
    column = {Step.DESK_CONTACT: FirstSteps.first_desk, Step.DESK_MESSAGE: FirstSteps.first_desk,
              Step.BOOKING_MADE: FirstSteps.first_booking}.get(step)
    if column is not None:
        await db.execute(update(FirstSteps).where(FirstSteps.account_id == account_id, column.is_(None))
                         .values({column.key: day}))
    return False


class FunnelRecorder:
    """The process's counter of today's steps (built once in the composition root)."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self._day: date | None = None
        self._until: datetime | None = None  # the next Tokyo midnight: the set is good until then
        self._seen: set[tuple[str, str]] = set()

    def today(self) -> date:
        now = self.clock.now()
        if self._until is None or now >= self._until or now < self._until - timedelta(days=1):
            day = local_day(now)
            if day != self._day:  # a new day: yesterday's pairs are forgotten
                self._day, self._seen = day, set()
            self._until = datetime.combine(day + timedelta(days=1), time(0), TZ)
        return self._day

    def counted(self, account_id: str, step: Step) -> bool:
        """Already counted today: the hot paths ask this first, and nothing else happens."""
        return (step.value, account_id) in self._seen and self.clock.now() < self._until

    def first_today(self, account_id: str, step: Step) -> bool:
        """True once per account, step and day (and marks it seen)."""
        self.today()
        key = (step.value, account_id)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def forget(self, account_id: str, step: Step) -> None:
        """The count could not be written: let the next time try again."""
        self._seen.discard((step.value, account_id))

    async def note(self, db: AsyncSession, account_id: str, kind: str, step: Step,
                   created_at: datetime | None = None) -> bool:
        """Count ``step`` inside the caller's transaction (False: already counted today)."""
        if not self.first_today(account_id, step):
            return False
        day = self.today()
        await count_step(db, day, step, kind)
        if await note_first_steps(db, account_id, step, day, created_at):
            await count_step(db, day, Step.FIRST_VISIT, kind)
        return True

    async def note_apart(self, sessions: async_sessionmaker[AsyncSession], account_id: str, kind: str,
                         step: Step, created_at: datetime | None = None) -> bool:
        """Count ``step`` in its own short transaction (after the caller's commit); cheap when
        already counted today, since nothing reaches the database."""
        if self._until is not None and self.counted(account_id, step):
            return False
        try:
            async with sessions.begin() as db:
                return await self.note(db, account_id, kind, step, created_at)
        except Exception:
            self.forget(account_id, step)
            raise


async def latencies(db: AsyncSession, start: date, end: date) -> dict[str, dict[int, int]]:
    """{step: {days: accounts}} for steps reached from ``start`` to ``end`` (inclusive)."""
    rows = await db.execute(select(FunnelLatency.step, FunnelLatency.days, FunnelLatency.count)
                            .where(FunnelLatency.day >= start, FunnelLatency.day <= end))
    found: dict[str, dict[int, int]] = {}
    for step, days, count in rows:
        found.setdefault(step, {})
        found[step][days] = found[step].get(days, 0) + count
    return found
