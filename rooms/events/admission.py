"""Who may enter an occurrence's live room, and the two records the live room writes: a
removal (per occurrence, with a reason code the person sees kindly worded) and attendance,
counted by account kind only. The live room (server/realtime) calls these; it never decides.

Order of the checks, so a refusal says the most useful thing: unknown -> cancelled -> removed
-> door closed -> not for you -> not registered / full.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.events import lookup
from rooms.events.audience import admits
from rooms.events.models import EventAttendance, EventRegistration
from rooms.events.registration import REGISTERED, REMOVED, mine, require_open, seats_taken
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.principal import Role

DOOR_OPENS_BEFORE = timedelta(minutes=10)
HOSTS_ENTER_BEFORE = timedelta(minutes=30)  # time to open the hall and test the microphone
REMOVAL_REASONS = ("not_for_audience", "disruption", "safety", "other")
BY_MODERATOR = "moderation"  # removed_reason of a moderator's removal (never a host's choice)
ATTENDANCE_KINDS = ("individual", "family", "supporter", "guest", "unspecified")


@dataclass(frozen=True, slots=True)
class Admission:
    occurrence_id: str
    event_id: str
    title_ja: str
    title_en: str
    is_host: bool
    is_cohost: bool
    hosts: tuple[tuple[str, str], ...]  # (account_id, nickname) of hosts and co-hosts
    starts_at: datetime
    ends_at: datetime
    door_opens_at: datetime  # UTC
    place: str  # "hall" | "room"
    capacity: int


async def admit(db: AsyncSession, clock: Clock, *, account_id: str, role: Role, occurrence_id: str) -> Admission:
    """Let a person in, or refuse with a stable code. For a drop-in event entering takes a
    seat (a registration row) while seats are free; call inside a write transaction."""
    occ, event = await lookup.occurrence(db, occurrence_id, lock=True)
    require_open(occ, event)
    hosts = await lookup.hosts(db, event.id)
    my_role = next((r for a, _n, r in hosts if a == account_id), None)
    row = await mine(db, occ.id, account_id)
    if my_role is None and row is not None and row.status == REMOVED:
        raise DomainError(ErrorCode.EVENT_REMOVED)
    now = clock.now()
    opens = occ.starts_at - (HOSTS_ENTER_BEFORE if my_role else DOOR_OPENS_BEFORE)
    if not opens <= now < occ.ends_at:
        raise DomainError(ErrorCode.EVENT_DOOR_CLOSED, detail={"door_opens_at": iso(occ.starts_at - DOOR_OPENS_BEFORE)})
    if my_role is None:
        if not admits(event.audience, await lookup.self_description(db, account_id, role)):
            raise DomainError(ErrorCode.EVENT_NOT_FOR_YOU)
        if row is None or row.status != REGISTERED:
            if event.registration == "required":
                raise DomainError(ErrorCode.EVENT_NOT_REGISTERED)
            if await seats_taken(db, occ.id) >= event.capacity:
                raise DomainError(ErrorCode.EVENT_FULL)
            if row is None:
                db.add(EventRegistration(id=new_id(), occurrence_id=occ.id, account_id=account_id,
                                         status=REGISTERED, queued_at=now))
            else:
                row.status, row.queued_at = REGISTERED, now
            await db.flush()
    return Admission(
        occurrence_id=occ.id, event_id=event.id, title_ja=event.title_ja, title_en=event.title_en,
        is_host=my_role == lookup.HOST, is_cohost=my_role == lookup.COHOST,
        hosts=tuple((a, n) for a, n, _r in hosts), starts_at=occ.starts_at, ends_at=occ.ends_at,
        door_opens_at=occ.starts_at - DOOR_OPENS_BEFORE, place=event.place, capacity=event.capacity,
    )


async def remove_from_occurrence(db: AsyncSession, clock: Clock, *, occurrence_id: str, account_id: str,
                                 by: str, reason: str) -> None:
    """A host or co-host asks someone to leave this occurrence; they cannot come back to it.
    Nobody removes a host; only a host removes a co-host. The seat is not given away: the
    occurrence is under way and the waitlist closed at its start."""
    if reason not in REMOVAL_REASONS:
        raise DomainError(ErrorCode.INVALID, field="reason", detail={"reason": "unknown"})
    occ, event = await lookup.occurrence(db, occurrence_id, lock=True)
    by_role = await lookup.host_role(db, event.id, by)
    if by_role is None:
        raise DomainError(ErrorCode.EVENT_NOT_HOST)
    target_role = await lookup.host_role(db, event.id, account_id)
    if target_role == lookup.HOST or (target_role == lookup.COHOST and by_role != lookup.HOST) or account_id == by:
        raise DomainError(ErrorCode.FORBIDDEN)
    row = await mine(db, occ.id, account_id)
    if row is None:
        row = EventRegistration(id=new_id(), occurrence_id=occ.id, account_id=account_id, status=REMOVED,
                                queued_at=clock.now())
        db.add(row)
    row.status, row.removed_reason, row.removed_by = REMOVED, reason, by
    await db.flush()


async def remove_by_moderator(db: AsyncSession, clock: Clock, *, occurrence_id: str, account_id: str,
                              by: str) -> dict:
    """A moderator asks someone to leave this occurrence (the moderation ladder keeps the
    reason); they cannot come back to it. A host or co-host is not removed from their own
    event this way: a suspension covers that. Answers what the sanction records."""
    occ, event = await lookup.occurrence(db, occurrence_id, lock=True)
    if await lookup.host_role(db, event.id, account_id) is not None:
        raise DomainError(ErrorCode.LIVE_HOST_PROTECTED)
    row = await mine(db, occ.id, account_id)
    if row is None:
        row = EventRegistration(id=new_id(), occurrence_id=occ.id, account_id=account_id, status=REMOVED,
                                queued_at=clock.now())
        db.add(row)
    if row.status != REMOVED:  # a host's removal stays theirs (lifting this one must not undo it)
        row.status, row.removed_reason, row.removed_by = REMOVED, BY_MODERATOR, by
    await db.flush()
    return {"occurrence_id": occ.id, "event_id": event.id, "title_ja": event.title_ja, "title_en": event.title_en}


async def readmit(db: AsyncSession, *, occurrence_id: str, account_id: str) -> bool:
    """A moderator's removal lifted (an appeal, or on second thoughts): the door opens again."""
    row = await mine(db, occurrence_id, account_id)
    if row is None or row.status != REMOVED or row.removed_reason != BY_MODERATOR:
        return False
    row.status, row.removed_reason, row.removed_by = REGISTERED, None, None
    await db.flush()
    return True


async def record_attendance(db: AsyncSession, clock: Clock, *, occurrence_id: str, account_kind: str) -> None:
    """One more person of this kind came (the live room calls it once per person and
    occurrence). Only the count is kept."""
    kind = account_kind if account_kind in ATTENDANCE_KINDS else "unspecified"
    await lookup.occurrence(db, occurrence_id, lock=True)  # two first arrivals cannot both insert
    bumped = await db.execute(update(EventAttendance)
                              .where(EventAttendance.occurrence_id == occurrence_id, EventAttendance.account_kind == kind)
                              .values(count=EventAttendance.count + 1))
    if bumped.rowcount == 0:
        db.add(EventAttendance(occurrence_id=occurrence_id, account_kind=kind, count=1))
        await db.flush()
