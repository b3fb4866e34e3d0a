"""Demo availability for `make run`: the demo specialists can be booked on weekdays and on
one evening, so a newcomer trying the booking dialog finds free times. Idempotent."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.bookings.models import AvailabilityRule
from server.core.clock import Clock
from server.core.ids import new_id

# (weekday 0=Mon, start minute, end minute, slot minutes, audience)
DEMO_WEEK = {
    "psychologist": [(0, 13 * 60, 17 * 60, 50, "both"), (2, 13 * 60, 17 * 60, 50, "both"),
                     (3, 19 * 60, 21 * 60, 50, "both"), (5, 10 * 60, 12 * 60, 50, "families")],
    "public_health_nurse": [(1, 10 * 60, 12 * 60, 30, "both"), (4, 14 * 60, 16 * 60, 30, "both"),
                            (6, 10 * 60, 12 * 60, 30, "both")],
}


async def seed_availability(db: AsyncSession, clock: Clock, specialists: dict[str, str], tz: str = "Asia/Tokyo") -> int:
    """``specialists`` maps a profession to the demo specialist's account id."""
    created = 0
    for profession, rules in DEMO_WEEK.items():
        specialist_id = specialists.get(profession)
        if specialist_id is None:
            continue
        has_rules = await db.scalar(
            select(func.count()).select_from(AvailabilityRule).where(AvailabilityRule.specialist_id == specialist_id)
        )
        if has_rules:
            continue
        for weekday, start, end, slot, audience in rules:
            db.add(AvailabilityRule(
                id=new_id(), specialist_id=specialist_id, kind="weekly", weekday=weekday, on_date=None,
                start_minute=start, end_minute=end, tz=tz, slot_minutes=slot, buffer_minutes=10,
                min_notice_minutes=60, daily_cap=4, audience=audience, created_at=clock.now(),
            ))
            created += 1
    await db.flush()
    return created
