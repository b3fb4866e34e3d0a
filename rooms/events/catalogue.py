"""What people read about events: the upcoming list (public), one event, one's own sign-ups,
and the hosts' list of who signed up (nicknames only). Seat counts are numbers, never names."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.boards.markdown import render
from rooms.events import lookup
from rooms.events.admission import DOOR_OPENS_BEFORE, HOSTS_ENTER_BEFORE
from rooms.events.models import Event, EventOccurrence, EventRegistration
from rooms.events.registration import REGISTERED, WAITLISTED, waitlist_place
from server.core.clock import Clock
from server.core.dates import iso
from server.core.principal import Principal

HORIZON = timedelta(days=92)
MAX_LISTED = 200


def event_json(event: Event, hosts: list[tuple[str, str, str]]) -> dict:
    return {
        "id": event.id, "title_ja": event.title_ja, "title_en": event.title_en,
        "description_ja": event.description_ja, "description_en": event.description_en,
        "description_html_ja": render(event.description_ja), "description_html_en": render(event.description_en),
        "kind": event.kind, "audience": event.audience, "registration": event.registration,
        "capacity": event.capacity, "place": event.place, "cancelled": event.cancelled,
        "hosts": [{"nickname": n, "role": r} for _a, n, r in hosts],
    }


def schedule_json(event: Event) -> dict:
    return {"first_date": event.first_date, "start_time": event.start_time, "duration_minutes": event.duration_minutes,
            "repeat": event.repeat, "until_date": event.until_date, "tz": event.tz}


def door_open(occ: EventOccurrence, now: datetime, *, host: bool = False) -> bool:
    """Whether the live room's door is open now (the same window admission.admit applies):
    from 10 minutes before the start (30 for hosts) until the end; never for a cancelled one."""
    opens = occ.starts_at - (HOSTS_ENTER_BEFORE if host else DOOR_OPENS_BEFORE)
    return not occ.cancelled and opens <= now < occ.ends_at


def occurrence_json(occ: EventOccurrence, taken: int, capacity: int, now: datetime) -> dict:
    # door_open is the server clock's answer, so a page or a sign never trusts a device's clock.
    return {"id": occ.id, "starts_at": iso(occ.starts_at), "ends_at": iso(occ.ends_at),
            "door_opens_at": iso(occ.starts_at - DOOR_OPENS_BEFORE), "cancelled": occ.cancelled,
            "seats_left": max(0, capacity - taken), "door_open": door_open(occ, now)}


async def _taken(db: AsyncSession, occurrence_ids: list[str]) -> dict[str, int]:
    if not occurrence_ids:
        return {}
    rows = await db.execute(select(EventRegistration.occurrence_id, func.count())
                            .where(EventRegistration.occurrence_id.in_(occurrence_ids), EventRegistration.status == REGISTERED)
                            .group_by(EventRegistration.occurrence_id))
    return dict(rows.all())


async def _mine(db: AsyncSession, account_id: str | None, occurrence_ids: list[str]) -> dict[str, dict]:
    if account_id is None or not occurrence_ids:
        return {}
    rows = (await db.scalars(select(EventRegistration).where(
        EventRegistration.account_id == account_id, EventRegistration.occurrence_id.in_(occurrence_ids),
        EventRegistration.status.in_((REGISTERED, WAITLISTED, "removed"))))).all()
    return {r.occurrence_id: {"status": r.status, "waitlist_place": await waitlist_place(db, r)} for r in rows}


async def upcoming(db: AsyncSession, clock: Clock, *, account_id: str | None = None, event_id: str | None = None,
                   include_cancelled: bool = False) -> list[dict]:
    """Occurrences not yet ended within the horizon, soonest first, each with its event."""
    now = clock.now()
    query = (select(EventOccurrence, Event).join(Event, Event.id == EventOccurrence.event_id)
             .where(EventOccurrence.ends_at > now, EventOccurrence.starts_at < now + HORIZON)
             .order_by(EventOccurrence.starts_at, EventOccurrence.id).limit(MAX_LISTED))
    if not include_cancelled:
        query = query.where(EventOccurrence.cancelled.is_(False), Event.cancelled.is_(False))
    if event_id is not None:
        query = query.where(Event.id == event_id)
    pairs = (await db.execute(query)).all()
    ids = [occ.id for occ, _e in pairs]
    taken, mine = await _taken(db, ids), await _mine(db, account_id, ids)
    host_cache: dict[str, list] = {}
    out = []
    for occ, event in pairs:
        if event.id not in host_cache:
            host_cache[event.id] = await lookup.hosts(db, event.id)
        entry = {**occurrence_json(occ, taken.get(occ.id, 0), event.capacity, now),
                 "event": event_json(event, host_cache[event.id])}
        if account_id is not None:
            entry["mine"] = mine.get(occ.id)
            entry["is_host"] = any(a == account_id for a, _n, _r in host_cache[event.id])
            if entry["is_host"]:
                entry["door_open"] = door_open(occ, now, host=True)
        out.append(entry)
    return out


async def one_event(db: AsyncSession, clock: Clock, event_id: str, *, account_id: str | None = None) -> dict:
    event = await lookup.event(db, event_id)
    return {**event_json(event, await lookup.hosts(db, event.id)), "schedule": schedule_json(event),
            "occurrences": await upcoming(db, clock, account_id=account_id, event_id=event.id, include_cancelled=True)}


async def managed(db: AsyncSession, clock: Clock, actor: Principal) -> list[dict]:
    """The events a planner may plan: every event for staff and admins, hosted ones for others."""
    query = select(Event).order_by(Event.created_at.desc()).limit(MAX_LISTED)
    if actor.role not in lookup.MANAGERS:
        from rooms.events.models import EventHost
        query = query.join(EventHost, EventHost.event_id == Event.id).where(EventHost.account_id == actor.account_id)
    events = (await db.scalars(query)).all()
    # With the planner's account: each session says whether they host it and whether its door
    # is open for them (hosts 30 minutes early), so the console links them into the room.
    return [await one_event(db, clock, e.id, account_id=actor.account_id) for e in events]


async def signups(db: AsyncSession, actor: Principal, occurrence_id: str) -> dict:
    """Who signed up and who waits, by nickname: for the event's hosts and staff only."""
    occ, event = await lookup.occurrence(db, occurrence_id)
    await lookup.require_planner(db, event.id, actor.account_id, actor.role)
    rows = (await db.execute(select(Account.nickname, EventRegistration.status).join(
        Account, Account.id == EventRegistration.account_id).where(
        EventRegistration.occurrence_id == occ.id, EventRegistration.status.in_((REGISTERED, WAITLISTED)))
        .order_by(EventRegistration.queued_at, EventRegistration.id))).all()
    return {"occurrence_id": occ.id, "capacity": event.capacity,
            "registered": sorted(n for n, s in rows if s == REGISTERED),
            "waitlist": [n for n, s in rows if s == WAITLISTED]}


async def my_signups(db: AsyncSession, clock: Clock, actor: Principal) -> list[dict]:
    ids = (await db.scalars(select(EventRegistration.occurrence_id).join(
        EventOccurrence, EventOccurrence.id == EventRegistration.occurrence_id).where(
        EventRegistration.account_id == actor.account_id, EventRegistration.status.in_((REGISTERED, WAITLISTED)),
        EventOccurrence.ends_at > clock.now()))).all()
    return [entry for entry in await upcoming(db, clock, account_id=actor.account_id, include_cancelled=True)
            if entry["id"] in set(ids)]
