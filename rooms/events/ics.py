"""Calendar files: the public feed of upcoming sessions (/events.ics) and one person's sign-up.

Neither holds anything personal: no nickname, no account id. A sign-up's file is the session
itself (its uid is the session's, which says nothing about who signed up) with an alarm 15
minutes ahead, because Ibasho asks for no e-mail or phone number to remind anyone.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event as IcsEvent
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.boards.markdown import plain_text
from rooms.events import lookup
from rooms.events.models import Event, EventOccurrence
from rooms.events.registration import REGISTERED, mine
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal

PRODID = "-//Ibasho//Events//JA"
REMIND_BEFORE = timedelta(minutes=15)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _entry(occ: EventOccurrence, event: Event, *, public_url: str, now: datetime, alarm: bool) -> IcsEvent:
    url = public_url.rstrip("/") + "/events"
    entry = IcsEvent()
    entry.add("uid", f"{occ.id}@ibasho-events")
    entry.add("dtstamp", now)
    entry.add("dtstart", occ.starts_at)
    entry.add("dtend", occ.ends_at)
    title = event.title_ja + (f" / {event.title_en}" if event.title_en else "")
    entry.add("summary", title)
    entry.add("location", f"Ibasho (online) {url}")
    entry.add("url", url)
    entry.add("description", "\n\n".join(t for t in (plain_text(event.description_ja), plain_text(event.description_en)) if t))
    entry.add("status", "CANCELLED" if occ.cancelled or event.cancelled else "CONFIRMED")
    if alarm and not (occ.cancelled or event.cancelled):
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("trigger", -REMIND_BEFORE)
        reminder.add("description", f"まもなく「{event.title_ja}」です / Starting soon")
        entry.add_component(reminder)
    return entry


def feed_ics(pairs: list[tuple[EventOccurrence, Event]], *, public_url: str, now: datetime) -> bytes:
    calendar = _calendar("いばしょの催し / Ibasho events")
    for occ, event in pairs:
        calendar.add_component(_entry(occ, event, public_url=public_url, now=now, alarm=False))
    return calendar.to_ical()


async def registration_ics(db: AsyncSession, clock: Clock, actor: Principal, occurrence_id: str, *, public_url: str) -> bytes:
    occ, event = await lookup.occurrence(db, occurrence_id)
    row = await mine(db, occ.id, actor.account_id)
    if row is None or row.status != REGISTERED:
        raise DomainError(ErrorCode.EVENT_NOT_REGISTERED)
    calendar = _calendar("いばしょの催し / Ibasho event")
    calendar.add_component(_entry(occ, event, public_url=public_url, now=clock.now(), alarm=True))
    return calendar.to_ical()
