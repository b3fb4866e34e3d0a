"""The aggregation job on both databases: a step is counted once its day has ended, a row goes
once both its steps are counted or after the follow window, and concurrent counts add up."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from avatars.models import Account
from rooms.funnel.aggregate import FOLLOW_DAYS, aggregate
from rooms.funnel.models import FirstSteps, FunnelDay, FunnelLatency
from rooms.funnel.recorder import count_step
from rooms.funnel.steps import Step

D = date(2026, 4, 1)


async def seed(sessions, *rows: FirstSteps) -> None:
    async with sessions.begin() as db:
        for row in rows:
            db.add(Account(id=row.account_id, nickname="x", created_at=datetime(2026, 4, 1, tzinfo=timezone.utc)))
        await db.flush()
        db.add_all(rows)


async def run(sessions, today: date) -> dict:
    async with sessions.begin() as db:
        return await aggregate(db, today)


async def left(sessions) -> dict[str, FirstSteps]:
    async with sessions() as db:
        return {r.account_id: r for r in (await db.scalars(select(FirstSteps))).all()}


async def test_steps_are_counted_after_their_day_and_rows_go_when_done(sessions):
    await seed(sessions,
               FirstSteps(account_id="both", first_visit=D, first_desk=D + timedelta(days=2), first_booking=D + timedelta(days=9)),
               FirstSteps(account_id="desk", first_visit=D, first_desk=D + timedelta(days=1)),
               FirstSteps(account_id="none", first_visit=D),
               FirstSteps(account_id="today", first_visit=D, first_desk=D + timedelta(days=5)))
    assert await run(sessions, D + timedelta(days=5)) == {"counted": 2, "deleted": 0}  # day 5 has not ended
    assert set(await left(sessions)) == {"both", "desk", "none", "today"}
    assert await run(sessions, D + timedelta(days=10)) == {"counted": 2, "deleted": 1}
    rows = await left(sessions)
    assert set(rows) == {"desk", "none", "today"} and rows["desk"].desk_done and not rows["desk"].booking_done
    # past the follow window every row goes, counted or not
    assert await run(sessions, D + timedelta(days=FOLLOW_DAYS + 1)) == {"counted": 0, "deleted": 3}
    async with sessions() as db:
        found = {(r.step, r.days): r.count for r in (await db.scalars(select(FunnelLatency))).all()}
    assert found == {("desk_contact", 2): 1, ("desk_contact", 1): 1, ("desk_contact", 5): 1, ("booking_made", 9): 1}


async def test_concurrent_counts_add_up(sessions):
    async def one() -> None:
        async with sessions.begin() as db:
            await count_step(db, D, Step.VISIT, "family")

    await asyncio.gather(*(one() for _ in range(8)))
    async with sessions() as db:
        (row,) = (await db.scalars(select(FunnelDay))).all()
    assert (row.day, row.step, row.kind, row.count) == (D, "visit", "family", 8)
