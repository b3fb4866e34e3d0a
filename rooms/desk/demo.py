"""Demo opening hours for `make run`: weekday daytime, two evenings and a Saturday
afternoon, because the first step is easier outside office hours. Seeded only when the
desk has no hours yet, so hours staff changed are never overwritten. Change them in the
console's desk section or with PUT /api/desk/hours (docs/DESK.md)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.desk.models import DeskHours
from server.core.ids import new_id

# (weekday 0 = Monday, start minute, end minute), local time
DEMO_HOURS = (
    *((day, 10 * 60, 17 * 60) for day in range(5)),  # Monday to Friday 10:00-17:00
    (1, 19 * 60, 21 * 60),  # Tuesday evening 19:00-21:00
    (3, 19 * 60, 21 * 60),  # Thursday evening 19:00-21:00
    (5, 13 * 60, 16 * 60),  # Saturday 13:00-16:00
)


async def seed_desk_hours(db: AsyncSession) -> int:
    if await db.scalar(select(func.count()).select_from(DeskHours)):
        return 0
    for weekday, start, end in DEMO_HOURS:
        db.add(DeskHours(id=new_id(), weekday=weekday, start_minute=start, end_minute=end))
    await db.flush()
    return len(DEMO_HOURS)
