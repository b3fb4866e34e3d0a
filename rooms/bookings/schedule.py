"""Availability in the database: a specialist's own rules, the public list of specialists,
and free slots. The slot arithmetic itself is in ``availability`` (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.bookings import inputs
from rooms.bookings.availability import Audience, Busy, Rule, Slot, free_slots
from rooms.bookings.models import AvailabilityRule, Booking, BookingCalendar
from rooms.bookings.policy import require_publisher
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.policy import CONSULTANT_ROLES
from server.core.principal import AccountKind, Principal

MAX_RULES = 100
MAX_WINDOW = timedelta(days=62)
DEFAULT_WINDOW = timedelta(days=14)
# Statuses that keep holding their time: a session that happened (or was missed) still
# counts towards buffers and the daily cap.
HOLDING = ("booked", "completed", "no_show")
CONSULTANT_ROLE_NAMES = tuple(r.value for r in CONSULTANT_ROLES)


@dataclass(frozen=True, slots=True)
class Specialist:
    id: str
    nickname: str
    profession: str | None


def rule_of(row: AvailabilityRule) -> Rule:
    return Rule(
        id=row.id, specialist_id=row.specialist_id, kind=row.kind,
        start_minute=row.start_minute, end_minute=row.end_minute, slot_minutes=row.slot_minutes,
        buffer_minutes=row.buffer_minutes, min_notice_minutes=row.min_notice_minutes,
        daily_cap=row.daily_cap, audience=Audience(row.audience), weekday=row.weekday,
        on_date=row.on_date, tz=row.tz,
    )


def rule_json(row: AvailabilityRule) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "weekday": row.weekday,
        "date": row.on_date.isoformat() if row.on_date else None,
        "start": inputs.format_hhmm(row.start_minute),
        "end": inputs.format_hhmm(row.end_minute),
        "tz": row.tz,
        "slot_minutes": row.slot_minutes,
        "buffer_minutes": row.buffer_minutes,
        "min_notice_minutes": row.min_notice_minutes,
        "daily_cap": row.daily_cap,
        "audience": row.audience,
    }


# --- the per-specialist write lock -------------------------------------------------------

async def ensure_calendar(db: AsyncSession, specialist_id: str) -> None:
    """Create the specialist's calendar row once (idempotent, safe under races)."""
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    await db.execute(
        insert(BookingCalendar).values(specialist_id=specialist_id, revision=0).on_conflict_do_nothing()
    )


async def lock_calendar(db: AsyncSession, specialist_id: str) -> bool:
    """Serialise writes to one specialist's calendar until this transaction ends.

    Must be the first statement of the transaction on SQLite (so no stale read snapshot
    exists when the write lock is granted). False if the specialist never published."""
    result = await db.execute(
        update(BookingCalendar)
        .where(BookingCalendar.specialist_id == specialist_id)
        .values(revision=BookingCalendar.revision + 1)
    )
    return result.rowcount > 0


# --- a specialist's own rules ------------------------------------------------------------

def local_today(clock: Clock, tz: str) -> date:
    return clock.now().astimezone(ZoneInfo(tz)).date()


def _validated(clock: Clock, fields: dict, default_tz: str) -> inputs.RuleInput:
    tz = inputs.parse_zone(fields.get("tz") or default_tz)
    return inputs.validate_rule(
        kind=fields.get("kind"), weekday=fields.get("weekday"), on_date=fields.get("date"),
        start=fields.get("start"), end=fields.get("end"), tz=tz,
        slot_minutes=fields.get("slot_minutes"), buffer_minutes=fields.get("buffer_minutes", 0),
        min_notice_minutes=fields.get("min_notice_minutes", 0), daily_cap=fields.get("daily_cap"),
        audience=fields.get("audience", "both"), today=local_today(clock, tz),
    )


def _apply(row: AvailabilityRule, rule: inputs.RuleInput) -> None:
    row.kind, row.weekday, row.on_date = rule.kind, rule.weekday, rule.on_date
    row.start_minute, row.end_minute, row.tz = rule.start_minute, rule.end_minute, rule.tz
    row.slot_minutes, row.buffer_minutes = rule.slot_minutes, rule.buffer_minutes
    row.min_notice_minutes, row.daily_cap, row.audience = rule.min_notice_minutes, rule.daily_cap, rule.audience


async def list_rules(db: AsyncSession, actor: Principal | None) -> list[AvailabilityRule]:
    actor = require_publisher(actor)
    rows = await db.scalars(
        select(AvailabilityRule)
        .where(AvailabilityRule.specialist_id == actor.account_id)
        .order_by(AvailabilityRule.kind.desc(), AvailabilityRule.weekday, AvailabilityRule.on_date,
                  AvailabilityRule.start_minute, AvailabilityRule.id)
    )
    return list(rows)


async def create_rule(
    db: AsyncSession, clock: Clock, actor: Principal | None, fields: dict, *, default_tz: str
) -> AvailabilityRule:
    """Publish one rule for the caller's own calendar. Existing bookings are never touched."""
    actor = require_publisher(actor)
    rule = _validated(clock, fields, default_tz)
    await ensure_calendar(db, actor.account_id)
    await lock_calendar(db, actor.account_id)
    count = await db.scalar(
        select(func.count()).select_from(AvailabilityRule).where(AvailabilityRule.specialist_id == actor.account_id)
    )
    if count >= MAX_RULES:
        raise DomainError(ErrorCode.INVALID, detail={"reason": "too_many_rules", "max": MAX_RULES})
    row = AvailabilityRule(id=new_id(), specialist_id=actor.account_id, created_at=clock.now())
    _apply(row, rule)
    db.add(row)
    await db.flush()
    return row


async def _own_rule(db: AsyncSession, actor: Principal, rule_id: str) -> AvailabilityRule:
    row = await db.get(AvailabilityRule, rule_id) if len(rule_id) <= 32 else None
    if row is None or row.specialist_id != actor.account_id:
        raise DomainError(ErrorCode.NOT_FOUND)
    return row


async def update_rule(
    db: AsyncSession, clock: Clock, actor: Principal | None, rule_id: str, fields: dict, *, default_tz: str
) -> AvailabilityRule:
    actor = require_publisher(actor)
    rule = _validated(clock, fields, default_tz)
    await lock_calendar(db, actor.account_id)
    row = await _own_rule(db, actor, rule_id)
    _apply(row, rule)
    await db.flush()
    return row


async def delete_rule(db: AsyncSession, actor: Principal | None, rule_id: str) -> None:
    """Stop offering these times. Bookings already made stay; cancel them one by one."""
    actor = require_publisher(actor)
    await lock_calendar(db, actor.account_id)
    row = await _own_rule(db, actor, rule_id)
    await db.execute(delete(AvailabilityRule).where(AvailabilityRule.id == row.id))


# --- what people see ---------------------------------------------------------------------

async def list_specialists(db: AsyncSession, *, profession: str | None = None) -> list[Specialist]:
    """Who offers consultations: only those with at least one published rule."""
    query = (
        select(Account.id, Account.nickname, Account.profession)
        .where(
            Account.role.in_(CONSULTANT_ROLE_NAMES),
            Account.disabled.is_(False),
            Account.id.in_(select(AvailabilityRule.specialist_id)),
        )
        .order_by(Account.nickname, Account.id)
    )
    if profession is not None:
        query = query.where(Account.profession == profession)
    return [Specialist(*row) for row in (await db.execute(query)).all()]


async def rules_of(db: AsyncSession, specialist_ids: Iterable[str]) -> list[Rule]:
    ids = list(specialist_ids)
    if not ids:
        return []
    rows = await db.scalars(select(AvailabilityRule).where(AvailabilityRule.specialist_id.in_(ids)))
    return [rule_of(r) for r in rows]


async def busy_of(
    db: AsyncSession, specialist_ids: Iterable[str], start: datetime, end: datetime, *, except_id: str | None = None
) -> list[Busy]:
    """Held time around [start, end): two spare days each side cover buffers and the local
    days the daily cap counts."""
    ids = list(specialist_ids)
    if not ids:
        return []
    query = select(Booking.specialist_id, Booking.starts_at, Booking.ends_at).where(
        Booking.specialist_id.in_(ids),
        Booking.status.in_(HOLDING),
        Booking.starts_at < end + timedelta(days=2),
        Booking.ends_at > start - timedelta(days=2),
    )
    if except_id is not None:
        query = query.where(Booking.id != except_id)
    return [Busy(*row) for row in (await db.execute(query)).all()]


def window(clock: Clock, start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    now = clock.now()
    start = max(start or now, now)  # the past has no free slots
    end = end or start + DEFAULT_WINDOW
    if end <= start:
        raise DomainError(ErrorCode.INVALID, field="to", detail={"reason": "not_after_from"})
    if end - start > MAX_WINDOW:
        raise DomainError(ErrorCode.INVALID, field="to", detail={"reason": "window_too_long", "max_days": MAX_WINDOW.days})
    return start, end


def viewer_kind(actor: Principal | None, specialist_id: str | None) -> AccountKind | None:
    """Whose eyes: a signed-in person sees the slots meant for them; a specialist looking at
    their own calendar, or an anonymous visitor browsing, sees every slot with its audience."""
    if actor is None or (specialist_id is not None and actor.account_id == specialist_id):
        return None
    return actor.kind


async def free_slots_for(
    db: AsyncSession,
    clock: Clock,
    actor: Principal | None,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    profession: str | None = None,
    specialist_id: str | None = None,
) -> list[tuple[Slot, Specialist]]:
    start, end = window(clock, start, end)
    specialists = {s.id: s for s in await list_specialists(db, profession=profession)}
    if specialist_id is not None:
        specialists = {k: v for k, v in specialists.items() if k == specialist_id}
    rules = await rules_of(db, specialists)
    busy = await busy_of(db, specialists, start, end)
    slots = free_slots(rules, busy, start=start, end=end, now=clock.now(), kind=viewer_kind(actor, specialist_id))
    return [(slot, specialists[slot.specialist_id]) for slot in slots]
