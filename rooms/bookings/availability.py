"""Pure expansion of availability rules into bookable slots.

No database and no clock: callers pass the rules, the bookings that already hold time
(``Busy``) and ``now``. Listing free slots and checking one booking use the same
``refusal`` function, so what is offered and what is accepted can never disagree.

Slots are laid out in the rule's local wall time (``start``, ``start + slot + buffer``, ...)
and converted to UTC with zoneinfo. Asia/Tokyo has no daylight saving time; for zones that
do, a slot whose local start does not exist (the spring-forward gap) is skipped and an
ambiguous one (fall back) takes its first occurrence. A slot always lasts exactly
``slot_minutes`` of real time.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator
from zoneinfo import ZoneInfo

from server.core.principal import AccountKind

WEEKLY = "weekly"
ONCE = "once"
MINUTES_PER_DAY = 24 * 60


class Audience(str, enum.Enum):
    INDIVIDUALS = "individuals"
    FAMILIES = "families"
    BOTH = "both"


class Refusal(str, enum.Enum):
    """Why a slot cannot be booked, in the order they are checked."""

    PAST = "past"
    OUTSIDE = "outside_availability"
    AUDIENCE = "audience"
    MIN_NOTICE = "min_notice"
    TAKEN = "taken"
    DAILY_CAP = "daily_cap"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    specialist_id: str
    kind: str  # WEEKLY | ONCE
    start_minute: int
    end_minute: int
    slot_minutes: int
    buffer_minutes: int = 0
    min_notice_minutes: int = 0
    daily_cap: int | None = None
    audience: Audience = Audience.BOTH
    weekday: int | None = None  # 0 = Monday
    on_date: date | None = None
    tz: str = "Asia/Tokyo"


@dataclass(frozen=True, slots=True)
class Busy:
    """Time a specialist already gave away (a booking that is not cancelled)."""

    specialist_id: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class Slot:
    specialist_id: str
    starts_at: datetime
    ends_at: datetime
    audience: Audience
    rule_id: str
    local_day: date


def audience_admits(audience: Audience, kind: AccountKind | None) -> bool:
    """``kind=None`` means "no filter" (a specialist previewing their own calendar).

    "both" admits every kind, unspecified and supporter included; "individuals" and
    "families" admit only people who said so about themselves.
    """
    if kind is None or audience == Audience.BOTH:
        return True
    if audience == Audience.INDIVIDUALS:
        return kind == AccountKind.INDIVIDUAL
    return kind == AccountKind.FAMILY


def local_instant(day: date, minute: int, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of ``minute`` past local midnight of ``day``; None if it does not exist."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minute)
    utc = naive.replace(tzinfo=tz).astimezone(timezone.utc)  # fold=0: first of an ambiguous pair
    if utc.astimezone(tz).replace(tzinfo=None) != naive:
        return None  # skipped by a DST jump
    return utc


def applies_on(rule: Rule, day: date) -> bool:
    if rule.kind == WEEKLY:
        return day.weekday() == rule.weekday
    return day == rule.on_date


def rule_slots_on(rule: Rule, day: date) -> list[Slot]:
    """Every slot the rule lays out on one local day, before any filtering."""
    if not applies_on(rule, day):
        return []
    tz = ZoneInfo(rule.tz)
    length = timedelta(minutes=rule.slot_minutes)
    slots = []
    minute = rule.start_minute
    while minute + rule.slot_minutes <= rule.end_minute:
        start = local_instant(day, minute, tz)
        if start is not None:
            slots.append(Slot(rule.specialist_id, start, start + length, rule.audience, rule.id, day))
        minute += rule.slot_minutes + rule.buffer_minutes
    return slots


def local_days(tz: ZoneInfo, start: datetime, end: datetime) -> Iterator[date]:
    """Local dates that may hold a slot starting in [start, end); one spare day each side."""
    day = (start - timedelta(days=1)).astimezone(tz).date()
    last = (end + timedelta(days=1)).astimezone(tz).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def candidates(rule: Rule, start: datetime, end: datetime) -> Iterator[Slot]:
    """The rule's slots whose start lies in [start, end), unfiltered."""
    for day in local_days(ZoneInfo(rule.tz), start, end):
        for slot in rule_slots_on(rule, day):
            if start <= slot.starts_at < end:
                yield slot


def clashes(slot: Slot, buffer_minutes: int, busy: Iterable[Busy]) -> bool:
    """True if the slot, widened by the buffer on both sides, touches busy time."""
    gap = timedelta(minutes=buffer_minutes)
    return any(
        b.specialist_id == slot.specialist_id and b.starts_at < slot.ends_at + gap and slot.starts_at < b.ends_at + gap
        for b in busy
    )


def booked_on(day: date, tz: ZoneInfo, specialist_id: str, busy: Iterable[Busy]) -> int:
    return sum(1 for b in busy if b.specialist_id == specialist_id and b.starts_at.astimezone(tz).date() == day)


def refusal(slot: Slot, rule: Rule, busy: Iterable[Busy], *, now: datetime, kind: AccountKind | None) -> Refusal | None:
    """Why this slot of this rule cannot be booked now by someone of ``kind``, or None."""
    busy = tuple(busy)
    if slot.starts_at <= now:
        return Refusal.PAST
    if not audience_admits(rule.audience, kind):
        return Refusal.AUDIENCE
    if slot.starts_at < now + timedelta(minutes=rule.min_notice_minutes):
        return Refusal.MIN_NOTICE
    if clashes(slot, rule.buffer_minutes, busy):
        return Refusal.TAKEN
    if rule.daily_cap is not None and booked_on(slot.local_day, ZoneInfo(rule.tz), slot.specialist_id, busy) >= rule.daily_cap:
        return Refusal.DAILY_CAP
    return None


def _merge(first: Audience, second: Audience) -> Audience:
    return first if first == second else Audience.BOTH


def free_slots(
    rules: Iterable[Rule],
    busy: Iterable[Busy],
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    kind: AccountKind | None = None,
) -> list[Slot]:
    """Bookable slots starting in [start, end), sorted by time then specialist.

    Two rules that lay out the very same slot yield it once (audiences merged). Slots of
    overlapping rules that only partly overlap are all offered; once one is booked the
    others clash with it and disappear, so overlapping bookings cannot happen.
    """
    busy = tuple(busy)
    found: dict[tuple[str, datetime, datetime], Slot] = {}
    for rule in rules:
        for slot in candidates(rule, start, end):
            if refusal(slot, rule, busy, now=now, kind=kind) is not None:
                continue
            key = (slot.specialist_id, slot.starts_at, slot.ends_at)
            if key in found:
                merged = _merge(found[key].audience, slot.audience)
                found[key] = Slot(slot.specialist_id, slot.starts_at, slot.ends_at, merged, found[key].rule_id, slot.local_day)
            else:
                found[key] = slot
    return sorted(found.values(), key=lambda s: (s.starts_at, s.specialist_id, s.ends_at))


def check_bookable(
    rules: Iterable[Rule],
    busy: Iterable[Busy],
    *,
    specialist_id: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    kind: AccountKind | None,
) -> Slot | Refusal:
    """The slot if [starts_at, ends_at) is exactly a bookable slot of this specialist, else
    the most telling refusal (a slot outside every rule is OUTSIDE, whichever else fails)."""
    if starts_at <= now:
        return Refusal.PAST
    busy = tuple(busy)
    order = list(Refusal)
    best: Refusal = Refusal.OUTSIDE
    for rule in rules:
        if rule.specialist_id != specialist_id:
            continue
        for slot in candidates(rule, starts_at, starts_at + timedelta(microseconds=1)):
            if slot.starts_at != starts_at or slot.ends_at != ends_at:
                continue
            why = refusal(slot, rule, busy, now=now, kind=kind)
            if why is None:
                return slot
            if best == Refusal.OUTSIDE or order.index(why) < order.index(best):
                best = why
    return best
