"""The aggregation job: per-account first-step dates become day histograms, then go.

It runs every hour on the injected clock (server/composition.py) and is idempotent. A step
is aggregated once the day it was reached has ended (so a row never lives a day longer than
its last step); a row goes once both its steps are counted, or FOLLOW_DAYS after the first
visit, whichever comes first. Nothing of it remains after that but counts.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.funnel.models import FirstSteps, FunnelLatency
from rooms.funnel.recorder import add
from rooms.funnel.steps import Step

FOLLOW_DAYS = 180  # how long a first visit waits for a desk contact or a booking


async def aggregate(db: AsyncSession, today: date) -> dict[str, int]:
    """Count the steps reached before ``today`` and delete the rows that are finished."""
    counted = 0
    rows = (await db.scalars(select(FirstSteps).where(or_(
        (FirstSteps.first_desk < today) & FirstSteps.desk_done.is_(False),
        (FirstSteps.first_booking < today) & FirstSteps.booking_done.is_(False),
    )))).all()
    for row in rows:
        for step, reached, done in ((Step.DESK_CONTACT, row.first_desk, "desk_done"),
                                    (Step.BOOKING_MADE, row.first_booking, "booking_done")):
            if reached is not None and reached < today and not getattr(row, done):
                days = max(0, (reached - row.first_visit).days)
                await add(db, FunnelLatency, {"day": reached, "step": step.value, "days": days})
                setattr(row, done, True)
                counted += 1
    await db.flush()
    result = await db.execute(delete(FirstSteps).where(or_(
        FirstSteps.desk_done.is_(True) & FirstSteps.booking_done.is_(True),
        FirstSteps.first_visit < today - timedelta(days=FOLLOW_DAYS),
    )))
    return {"counted": counted, "deleted": result.rowcount or 0}


def median_days(histogram: dict[int, int]) -> float | None:
    """The median of a {days: accounts} histogram (the mean of the two middle ones when even)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:  # the n-th value (0-based) of the sorted list the histogram stands for
        seen = 0
        for days, count in ordered:
            seen += count
            if n < seen:
                return days
        raise IndexError(n)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2
