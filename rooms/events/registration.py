"""Signing up for an occurrence and cancelling, the waitlist and its automatic promotion.

One click, no contact data: a registration is the account and the occurrence, nothing else.
Seats are counted after bumping the occurrence's revision (lookup.occurrence(lock=True)), so
two people racing for the last seat cannot both get it, on SQLite or PostgreSQL.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.events import lookup
from rooms.events.audience import admits
from rooms.events.models import Event, EventOccurrence, EventRegistration
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount
from server.core.principal import Principal

REGISTERED, WAITLISTED, CANCELLED, REMOVED = "registered", "waitlisted", "cancelled", "removed"


async def seats_taken(db: AsyncSession, occurrence_id: str) -> int:
    return await db.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.occurrence_id == occurrence_id, EventRegistration.status == REGISTERED)) or 0


async def mine(db: AsyncSession, occurrence_id: str, account_id: str) -> EventRegistration | None:
    return await db.scalar(select(EventRegistration).where(
        EventRegistration.occurrence_id == occurrence_id, EventRegistration.account_id == account_id))


def require_open(occ: EventOccurrence, event: Event) -> None:
    if occ.cancelled or event.cancelled:
        raise DomainError(ErrorCode.EVENT_CANCELLED)


def promoted_emit(account_id: str, occ: EventOccurrence, event: Event) -> Emit:
    return Emit(ToAccount(account_id), "event:promoted", {
        "occurrence_id": occ.id, "event_id": event.id, "title_ja": event.title_ja, "title_en": event.title_en,
        "starts_at": iso(occ.starts_at)})


async def register(db: AsyncSession, clock: Clock, actor: Principal, occurrence_id: str, *,
                   waitlist: bool = False) -> Outcome[dict]:
    """Take a seat; when none is free, EVENT_FULL, or with ``waitlist`` a place in the queue."""
    occ, event = await lookup.occurrence(db, occurrence_id, lock=True)
    require_open(occ, event)
    row = await mine(db, occ.id, actor.account_id)
    if row is not None and row.status == REMOVED:
        raise DomainError(ErrorCode.EVENT_REMOVED)
    now = clock.now()
    if now >= occ.ends_at or (event.registration == "required" and now >= occ.starts_at):
        raise DomainError(ErrorCode.EVENT_REGISTRATION_CLOSED)
    is_host = await lookup.host_role(db, event.id, actor.account_id) is not None
    if not admits(event.audience, await lookup.self_description(db, actor.account_id, actor.role), is_host=is_host):
        raise DomainError(ErrorCode.EVENT_NOT_FOR_YOU)
    if row is not None and row.status in (REGISTERED, WAITLISTED):
        raise DomainError(ErrorCode.EVENT_ALREADY_REGISTERED)
    free = await seats_taken(db, occ.id) < event.capacity
    if not free and (not waitlist or event.registration != "required"):
        raise DomainError(ErrorCode.EVENT_FULL, detail={"waitlist": event.registration == "required"})
    status = REGISTERED if free else WAITLISTED
    if row is None:
        row = EventRegistration(id=new_id(), occurrence_id=occ.id, account_id=actor.account_id, status=status, queued_at=now)
        db.add(row)
    else:
        row.status, row.queued_at = status, now
    await db.flush()
    return Outcome(await my_view(db, row, occ))


async def cancel(db: AsyncSession, clock: Clock, actor: Principal, occurrence_id: str) -> Outcome[dict]:
    occ, event = await lookup.occurrence(db, occurrence_id, lock=True)
    row = await mine(db, occ.id, actor.account_id)
    if row is None or row.status not in (REGISTERED, WAITLISTED):
        raise DomainError(ErrorCode.EVENT_NOT_REGISTERED)
    held_seat = row.status == REGISTERED
    row.status = CANCELLED
    await db.flush()
    emits = await fill_seats(db, clock, occ, event) if held_seat else ()
    return Outcome(await my_view(db, row, occ), emits)


async def fill_seats(db: AsyncSession, clock: Clock, occ: EventOccurrence, event: Event) -> tuple[Emit, ...]:
    """Promote the longest-waiting people into free seats (before the end of the occurrence);
    each is told in the space. Call with the occurrence locked."""
    if occ.cancelled or event.cancelled or clock.now() >= occ.ends_at:
        return ()
    free = event.capacity - await seats_taken(db, occ.id)
    if free <= 0:
        return ()
    waiting = (await db.scalars(select(EventRegistration).where(
        EventRegistration.occurrence_id == occ.id, EventRegistration.status == WAITLISTED)
        .order_by(EventRegistration.queued_at, EventRegistration.id).limit(free))).all()
    for row in waiting:
        row.status = REGISTERED
    await db.flush()
    return tuple(promoted_emit(row.account_id, occ, event) for row in waiting)


async def waitlist_place(db: AsyncSession, row: EventRegistration) -> int | None:
    if row.status != WAITLISTED:
        return None
    ahead = await db.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.occurrence_id == row.occurrence_id, EventRegistration.status == WAITLISTED,
        (EventRegistration.queued_at < row.queued_at)
        | ((EventRegistration.queued_at == row.queued_at) & (EventRegistration.id < row.id))))
    return (ahead or 0) + 1


async def my_view(db: AsyncSession, row: EventRegistration, occ: EventOccurrence) -> dict:
    return {"occurrence_id": occ.id, "status": row.status, "waitlist_place": await waitlist_place(db, row),
            "starts_at": iso(occ.starts_at)}

