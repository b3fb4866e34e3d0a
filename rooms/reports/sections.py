"""The report's sections, each built from what the product already keeps, as raw counts.

A builder is ``async (db, period, now) -> Section``; ``SECTIONS`` lists them in the order the
report shows them. Another section (e.g. survey results) is added by appending its builder
there (or passing ``extra`` to ``summary.build``): nothing else changes. Suppression is not
done here but once, in summary.py, for every section alike.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Awaitable, Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from avatars.models import Account
from rooms.bookings.models import Booking
from rooms.casework.models import Letter
from rooms.events.models import Event, EventAttendance, EventOccurrence
from rooms.funnel.aggregate import median_days
from rooms.funnel.models import FunnelDay
from rooms.funnel.recorder import latencies
from rooms.funnel.steps import KINDS, LATENCY_STEPS, STEPS, Step, kind_of_account
from rooms.reports.period import Period
from server.core.principal import Profession

EVENT_KINDS = ("exchange", "family_class", "peer_meetup", "talk")


@dataclass(frozen=True)
class Table:
    id: str
    parts: dict[str, int]
    total: int | None = None
    people: bool = True  # counts of people are suppressed; counts of things (sessions held) are not


@dataclass(frozen=True)
class Median:
    step: str
    accounts: int
    days: float | None


@dataclass(frozen=True)
class Section:
    id: str
    tables: list[Table]
    medians: list[Median] = field(default_factory=list)


Builder = Callable[[AsyncSession, Period, datetime], Awaitable[Section]]


def _ordered(counter: Counter, keys: tuple[str, ...]) -> dict[str, int]:
    """Every expected key (zeros too, so a missing row is visibly 0), then any unexpected one."""
    parts = {key: counter.get(key, 0) for key in keys}
    parts.update({key: n for key, n in sorted(counter.items()) if key not in parts})
    return parts


async def _funnel_sums(db: AsyncSession, period: Period) -> dict[tuple[str, str], int]:
    rows = await db.execute(select(FunnelDay.step, FunnelDay.kind, func.sum(FunnelDay.count))
                            .where(FunnelDay.day >= period.first, FunnelDay.day <= period.last)
                            .group_by(FunnelDay.step, FunnelDay.kind))
    return {(step, kind): int(n) for step, kind, n in rows}


def _step_total(sums: dict[tuple[str, str], int], step: Step) -> int:
    return sum(n for (s, _), n in sums.items() if s == step.value)


async def consultations(db: AsyncSession, period: Period, now: datetime) -> Section:
    """Sessions held (bookings completed, by the day they started), by the specialist's
    profession and by mode, and the unique persons who consulted, by kind."""
    specialist, person = aliased(Account), aliased(Account)
    rows = (await db.execute(
        select(Booking.person_id, specialist.profession, person.is_guest, person.kind)
        .join(specialist, specialist.id == Booking.specialist_id)
        .join(person, person.id == Booking.person_id)
        .where(Booking.status == "completed", Booking.starts_at >= period.start, Booking.starts_at < period.end)
    )).all()
    professions = Counter(profession or "other" for _, profession, _, _ in rows)
    persons = {person_id: kind_of_account(is_guest, kind) for person_id, _, is_guest, kind in rows}
    sums = await _funnel_sums(db, period)
    modes = {"text": _step_total(sums, Step.CONSULT_TEXT), "voice": _step_total(sums, Step.CONSULT_VOICE)}
    return Section("consultations", [
        Table("by_profession", _ordered(professions, tuple(p.value for p in Profession) + ("other",)), total=len(rows)),
        Table("by_mode", modes),
        Table("persons_by_kind", _ordered(Counter(persons.values()), KINDS), total=len(persons)),
    ])


async def desk(db: AsyncSession, period: Period, now: datetime) -> Section:
    """Desk contacts (a knock at the live desk) and messages left, by kind of account (each
    account counted once a day)."""
    sums = await _funnel_sums(db, period)
    tables = []
    for step in (Step.DESK_CONTACT, Step.DESK_MESSAGE):
        by_kind = {kind: sums.get((step.value, kind), 0) for kind in KINDS}
        tables.append(Table(step.value, by_kind, total=sum(by_kind.values())))
    return Section("desk", tables)


async def letters(db: AsyncSession, period: Period, now: datetime) -> Section:
    """Letters written in the range (still kept by either side), by direction."""
    sender = aliased(Account)
    rows = await db.execute(select(sender.role, func.count()).select_from(Letter)
                            .join(sender, sender.id == Letter.sender_id)
                            .where(Letter.created_at >= period.start, Letter.created_at < period.end)
                            .group_by(sender.role))
    direction = Counter()
    for role, n in rows:
        direction["from_people" if role == "visitor" else "from_staff"] += int(n)
    return Section("letters", [Table("letters", _ordered(direction, ("from_staff", "from_people")),
                                     total=sum(direction.values()))])


async def events(db: AsyncSession, period: Period, now: datetime) -> Section:
    """Sessions held by event kind (not cancelled, started by now) and their attendance by kind."""
    held = (EventOccurrence.starts_at >= period.start, EventOccurrence.starts_at < period.end,
            EventOccurrence.starts_at <= now, EventOccurrence.cancelled.is_(False), Event.cancelled.is_(False))
    sessions = await db.execute(select(Event.kind, func.count()).select_from(EventOccurrence)
                                .join(Event, Event.id == EventOccurrence.event_id).where(*held).group_by(Event.kind))
    by_event = Counter({kind: int(n) for kind, n in sessions})
    attendance = await db.execute(select(Event.kind, EventAttendance.account_kind, func.sum(EventAttendance.count))
                                  .select_from(EventAttendance)
                                  .join(EventOccurrence, EventOccurrence.id == EventAttendance.occurrence_id)
                                  .join(Event, Event.id == EventOccurrence.event_id).where(*held)
                                  .group_by(Event.kind, EventAttendance.account_kind))
    came: dict[str, Counter] = {}
    for event_kind, account_kind, n in attendance:
        came.setdefault(event_kind, Counter())[account_kind] += int(n)
    tables = [Table("sessions_by_kind", _ordered(by_event, EVENT_KINDS), total=sum(by_event.values()), people=False)]
    all_kinds = Counter()
    for event_kind in _ordered(by_event, EVENT_KINDS):
        counts = came.get(event_kind, Counter())
        all_kinds.update(counts)
        tables.append(Table(f"attendance_{event_kind}", _ordered(counts, KINDS), total=sum(counts.values())))
    tables.insert(1, Table("attendance_by_kind", _ordered(all_kinds, KINDS), total=sum(all_kinds.values())))
    return Section("events", tables)


async def funnel(db: AsyncSession, period: Period, now: datetime) -> Section:
    """Per step: accounts that took it (each once a day), by kind; and the median days from a
    newcomer's first visit to their first desk contact and to their first booking."""
    sums = await _funnel_sums(db, period)
    tables = [Table("steps", {step.value: _step_total(sums, step) for step in STEPS})]
    for step in STEPS:
        by_kind = {kind: sums.get((step.value, kind), 0) for kind in KINDS}
        tables.append(Table(f"step_{step.value}", by_kind, total=sum(by_kind.values())))
    found = await latencies(db, period.first, period.last)
    medians = []
    for step in LATENCY_STEPS:
        histogram = found.get(step.value, {})
        medians.append(Median(step.value, sum(histogram.values()), median_days(histogram)))
    return Section("funnel", tables, medians)


# The report's sections in order. The survey results are added here by appending their builder.
SECTIONS: list[Builder] = [consultations, desk, letters, events, funnel]
