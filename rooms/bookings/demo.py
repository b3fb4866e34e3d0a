"""Demo availability for `make run`: each demo specialist can be booked every day, with
daytime and evening times, so a newcomer trying the booking dialog always finds free times
within the next day, whenever they come (tests/unit/test_demo_availability.py walks a whole
week hour by hour). Idempotent."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.bookings.availability import Audience, Rule
from rooms.bookings.models import AvailabilityRule
from rooms.bookings.schedule import ensure_calendar
from server.core.clock import Clock
from server.core.ids import new_id

EVERY_DAY = range(7)
WEEKDAYS = range(5)
MIN_NOTICE_MINUTES = 60
# profession -> [(weekdays (0=Mon), start minute, end minute, slot minutes, audience)]
DEMO_WEEK = {
    "psychologist": [(WEEKDAYS, 13 * 60, 17 * 60, 50, "both"), (EVERY_DAY, 19 * 60, 22 * 60, 50, "both"),
                     ((5,), 10 * 60, 12 * 60, 50, "families")],
    "public_health_nurse": [(EVERY_DAY, 9 * 60, 12 * 60, 30, "both"), ((1, 4), 14 * 60, 16 * 60, 30, "both")],
}


def demo_rules(specialists: dict[str, str], tz: str = "Asia/Tokyo") -> list[Rule]:
    """The demo week as rules (ids left empty), for ``specialists`` (profession -> account id)."""
    return [
        Rule(id="", specialist_id=specialists[profession], kind="weekly", weekday=weekday,
             start_minute=start, end_minute=end, slot_minutes=slot, buffer_minutes=10,
             min_notice_minutes=MIN_NOTICE_MINUTES, daily_cap=6, audience=Audience(audience), tz=tz)
        for profession, rows in DEMO_WEEK.items() if profession in specialists
        for days, start, end, slot, audience in rows for weekday in days
    ]


async def seed_availability(db: AsyncSession, clock: Clock, specialists: dict[str, str], tz: str = "Asia/Tokyo") -> int:
    """``specialists`` maps a profession to the demo specialist's account id."""
    # Only specialists with no rules at all get the demo week: times they changed stay theirs.
    has_rules = set(await db.scalars(
        select(AvailabilityRule.specialist_id).where(AvailabilityRule.specialist_id.in_(list(specialists.values())))
    ))
    created = 0
    for rule in demo_rules(specialists, tz):
        if rule.specialist_id in has_rules:
            continue
        db.add(AvailabilityRule(
            id=new_id(), specialist_id=rule.specialist_id, kind=rule.kind, weekday=rule.weekday, on_date=None,
            start_minute=rule.start_minute, end_minute=rule.end_minute, tz=rule.tz, slot_minutes=rule.slot_minutes,
            buffer_minutes=rule.buffer_minutes, min_notice_minutes=rule.min_notice_minutes, daily_cap=rule.daily_cap,
            audience=rule.audience.value, created_at=clock.now(),
        ))
        created += 1
    # a published calendar has its lock row (schedule.lock_calendar): without it every demo
    # time was listed but refused as "outside availability" when booked
    for specialist_id in specialists.values():
        await ensure_calendar(db, specialist_id)
    await db.flush()
    return created
