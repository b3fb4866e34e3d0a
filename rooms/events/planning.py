"""Creating and editing events, choosing hosts, cancelling occurrences.

Staff and admins create events and choose the hosts and co-hosts (staff-class accounts: peer
supporters, specialists, staff...). A host or co-host plans the events they host: texts,
capacity, audience, registration, feedback questions, cancelling an occurrence. The schedule
can change only while nobody has signed up for any occurrence (otherwise people would find
their seat moved under them): then the future occurrences are made anew.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.events import lookup, schedule
from rooms.events.audience import AUDIENCES
from rooms.events.models import Event, EventHost, EventOccurrence, EventRegistration
from rooms.events.registration import fill_seats
from server.core import text
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome
from server.core.principal import STAFF_ROLES, Principal

KINDS = ("exchange", "family_class", "peer_meetup", "talk")
REGISTRATIONS = ("required", "drop_in")
PLACES = ("hall", "room")
MAX_CAPACITY = 300
MAX_HOSTS = 6
REQUIRED_AT_CREATION = ("title_ja", "kind", "audience", "registration", "place", "capacity", "first_date",
                        "start_time", "duration_minutes")
SCHEDULE_FIELDS = ("first_date", "start_time", "duration_minutes", "repeat", "until_date", "tz")


@dataclass(frozen=True, slots=True)
class HostChoice:
    nickname: str
    role: str  # host | cohost


def _choose(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise DomainError(ErrorCode.INVALID, field=field, detail={"reason": "unknown"})
    return value


def _apply_fields(event: Event, fields: dict) -> None:
    if "title_ja" in fields:
        event.title_ja = text.required(text.EVENT_TITLE, fields["title_ja"], field="title_ja")
    if "title_en" in fields:
        event.title_en = text.clean(text.EVENT_TITLE, fields["title_en"], field="title_en", optional=True) or ""
    for lang in ("ja", "en"):
        name = f"description_{lang}"
        if name in fields:
            setattr(event, name, text.clean(text.EVENT_DESCRIPTION, fields[name], field=name, optional=True) or "")
    for name, allowed in (("kind", KINDS), ("audience", AUDIENCES), ("registration", REGISTRATIONS), ("place", PLACES)):
        if name in fields:
            setattr(event, name, _choose(fields[name], allowed, name))
    if "capacity" in fields:
        if not isinstance(fields["capacity"], int) or not 1 <= fields["capacity"] <= MAX_CAPACITY:
            raise DomainError(ErrorCode.INVALID, field="capacity", detail={"reason": "out_of_range"})
        event.capacity = fields["capacity"]


def _schedule_of(event: Event) -> schedule.Schedule:
    return schedule.parse(event.first_date, event.start_time, event.duration_minutes, event.repeat,
                          event.until_date, event.tz)


async def _host_rows(db: AsyncSession, choices: list[HostChoice]) -> list[tuple[str, str]]:
    if not choices or len(choices) > MAX_HOSTS or not any(c.role == lookup.HOST for c in choices):
        raise DomainError(ErrorCode.INVALID, field="hosts", detail={"reason": "one_host_needed"})
    rows: dict[str, str] = {}
    for choice in choices:
        # Guests' nicknames need not be unique; only staff-class accounts can host.
        account = await db.scalar(select(Account).where(
            Account.nickname == choice.nickname, Account.disabled.is_(False),
            Account.role.in_([r.value for r in STAFF_ROLES])).limit(1))
        if account is None:
            raise DomainError(ErrorCode.INVALID, field="hosts", detail={"reason": "not_a_host", "nickname": choice.nickname})
        rows[account.id] = _choose(choice.role, (lookup.HOST, lookup.COHOST), "hosts")
    return list(rows.items())


async def _set_hosts(db: AsyncSession, event_id: str, choices: list[HostChoice]) -> None:
    rows = await _host_rows(db, choices)
    await db.execute(delete(EventHost).where(EventHost.event_id == event_id))
    db.add_all(EventHost(event_id=event_id, account_id=a, role=r) for a, r in rows)


async def _materialise(db: AsyncSession, clock: Clock, event: Event) -> None:
    """Make the occurrences that have not started yet from the schedule."""
    now = clock.now()
    await db.execute(delete(EventOccurrence).where(EventOccurrence.event_id == event.id, EventOccurrence.starts_at > now))
    for starts, ends in schedule.instants(_schedule_of(event)):
        if starts > now:
            db.add(EventOccurrence(id=new_id(), event_id=event.id, starts_at=starts, ends_at=ends))


async def create(db: AsyncSession, clock: Clock, actor: Principal, fields: dict, hosts: list[HostChoice] | None) -> Event:
    if actor.role not in lookup.MANAGERS:
        raise DomainError(ErrorCode.FORBIDDEN)
    for name in REQUIRED_AT_CREATION:
        if fields.get(name) is None:
            raise DomainError(ErrorCode.INVALID, field=name, detail={"reason": "required"})
    now = clock.now()
    event = Event(id=new_id(), created_by=actor.account_id, created_at=now, updated_at=now, title_en="",
                  description_ja="", description_en="", cancelled=False)
    for name in SCHEDULE_FIELDS:
        setattr(event, name, fields.get(name))
    event.tz = fields.get("tz") or "Asia/Tokyo"
    event.repeat = fields.get("repeat") or "none"
    _apply_fields(event, fields)
    if schedule.instants(_schedule_of(event))[-1][0] <= now:
        raise DomainError(ErrorCode.INVALID, field="first_date", detail={"reason": "in_the_past"})
    if event.repeat == "none":
        event.until_date = None
    db.add(event)
    await db.flush()
    await _set_hosts(db, event.id, hosts or [HostChoice(await _nickname(db, actor.account_id), lookup.HOST)])
    await _materialise(db, clock, event)
    await db.flush()
    return event


async def _nickname(db: AsyncSession, account_id: str) -> str:
    return await db.scalar(select(Account.nickname).where(Account.id == account_id))


async def update(db: AsyncSession, clock: Clock, actor: Principal, event_id: str, fields: dict,
                 hosts: list[HostChoice] | None) -> Outcome[Event]:
    event = await lookup.event(db, event_id)
    await lookup.require_planner(db, event.id, actor.account_id, actor.role)
    if event.cancelled:
        raise DomainError(ErrorCode.EVENT_CANCELLED)
    if hosts is not None:
        if actor.role not in lookup.MANAGERS:
            raise DomainError(ErrorCode.FORBIDDEN, field="hosts")
        await _set_hosts(db, event.id, hosts)
    _apply_fields(event, fields)
    if any(name in fields for name in SCHEDULE_FIELDS):
        signed_up = await db.scalar(select(func.count()).select_from(EventRegistration)
                                    .join(EventOccurrence, EventOccurrence.id == EventRegistration.occurrence_id)
                                    .where(EventOccurrence.event_id == event.id))
        if signed_up:
            raise DomainError(ErrorCode.EVENT_SCHEDULE_LOCKED)
        for name in SCHEDULE_FIELDS:
            if name in fields:
                setattr(event, name, fields[name])
        event.tz = event.tz or "Asia/Tokyo"
        event.repeat = event.repeat or "none"
        if event.repeat == "none":
            event.until_date = None
        await _materialise(db, clock, event)
    event.updated_at = clock.now()
    await db.flush()
    emits: tuple[Emit, ...] = ()
    if "capacity" in fields:  # more seats: the waitlist moves up at once
        for occ in (await db.scalars(select(EventOccurrence).where(
                EventOccurrence.event_id == event.id, EventOccurrence.starts_at > clock.now()))).all():
            await lookup.occurrence(db, occ.id, lock=True)
            emits += await fill_seats(db, clock, occ, event)
    return Outcome(event, emits)


async def cancel_occurrence(db: AsyncSession, clock: Clock, actor: Principal, occurrence_id: str) -> EventOccurrence:
    occ, event = await lookup.occurrence(db, occurrence_id, lock=True)
    await lookup.require_planner(db, event.id, actor.account_id, actor.role)
    if occ.cancelled or event.cancelled:
        raise DomainError(ErrorCode.EVENT_CANCELLED)
    if clock.now() >= occ.ends_at:
        raise DomainError(ErrorCode.EVENT_REGISTRATION_CLOSED)
    occ.cancelled = True
    await db.flush()
    return occ
