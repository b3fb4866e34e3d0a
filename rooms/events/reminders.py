"""Reminders in the space, a day and 15 minutes before an occurrence, to everyone holding a
seat. Ibasho asks for no e-mail or phone number, so the space (and the .ics alarm) is how
people are reminded. Run by the server's heartbeat on the injected clock; each reminder is
marked on the occurrence so it goes out once, whichever process sends it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.events.admission import DOOR_OPENS_BEFORE
from rooms.events.models import Event, EventOccurrence, EventRegistration
from rooms.events.registration import REGISTERED
from server.core.clock import Clock
from server.core.dates import iso
from server.core.outcome import Emit, ToAccount

DAY_BEFORE = timedelta(days=1)
SOON = timedelta(minutes=15)


async def due(db: AsyncSession, clock: Clock) -> tuple[Emit, ...]:
    now = clock.now()
    pairs = (await db.execute(select(EventOccurrence, Event).join(Event, Event.id == EventOccurrence.event_id).where(
        EventOccurrence.cancelled.is_(False), Event.cancelled.is_(False), EventOccurrence.starts_at > now,
        EventOccurrence.starts_at <= now + DAY_BEFORE,
        (EventOccurrence.reminded_day.is_(False)) | (EventOccurrence.reminded_soon.is_(False)))
        .with_for_update(of=EventOccurrence, skip_locked=True))).all()
    emits: list[Emit] = []
    for occ, event in pairs:
        soon = occ.starts_at - now <= SOON
        if (soon and occ.reminded_soon) or (not soon and occ.reminded_day):
            continue
        occ.reminded_day = True
        occ.reminded_soon = occ.reminded_soon or soon
        people = (await db.scalars(select(EventRegistration.account_id).where(
            EventRegistration.occurrence_id == occ.id, EventRegistration.status == REGISTERED))).all()
        data = {"occurrence_id": occ.id, "event_id": event.id, "title_ja": event.title_ja, "title_en": event.title_en,
                "starts_at": iso(occ.starts_at), "door_opens_at": iso(occ.starts_at - DOOR_OPENS_BEFORE),
                "when": "soon" if soon else "day"}
        emits.extend(Emit(ToAccount(a), "event:reminder", data) for a in people)
    await db.flush()
    return tuple(emits)
