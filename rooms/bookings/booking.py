"""Booking use cases: book, cancel, reschedule, mark completed or no-show, list.

Every write to a specialist's calendar starts by taking that calendar's lock
(``schedule.lock_calendar``) and then re-checks the requested slot against the rules and
the bookings committed so far; the unique ``slot_key`` is the last line of defence. So two
requests racing for one slot end with exactly one booking, on SQLite and PostgreSQL. The
person's own limits (3 upcoming, never two at once) are checked behind the person's quota
gate (``server.core.quota``), taken after the calendar lock, always in that order.
"""
from __future__ import annotations

import enum
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.bookings import inputs
from rooms.bookings.availability import Refusal, check_bookable
from rooms.bookings.models import Booking
from rooms.bookings.policy import Action, Side, is_consultant_role, require_booker, require_publisher, require_side
from rooms.bookings.schedule import busy_of, lock_calendar, rules_of
from rooms.bookings.states import Status, may_move, require_move
from rooms.bookings.views import ANOTHER_TIME, booking_json, iso
from server.core import quota
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount, ToConsole
from server.core.principal import AccountKind, Principal

UPCOMING_LIMIT = 3
UPCOMING_QUOTA = quota.Quota("upcoming_bookings", UPCOMING_LIMIT, code=ErrorCode.BOOKING_LIMIT)
LIST_LIMIT = 200

CREATED = "booking:created"
CANCELLED = "booking:cancelled"
RESCHEDULED = "booking:rescheduled"
NO_SHOW = "booking:no_show"


class CancelReason(str, enum.Enum):
    CHANGED_PLANS = "changed_plans"
    NOT_UP_TO_IT = "not_up_to_it"  # not feeling up to it today: always a fine reason
    SPECIALIST_UNAVAILABLE = "specialist_unavailable"
    OTHER = "other"


def parse_reason(raw: object) -> str:
    try:
        return CancelReason(raw).value
    except ValueError:
        raise inputs.invalid("reason", "unknown_reason") from None


def slot_key(specialist_id: str, starts_at: datetime) -> str:
    return f"{specialist_id}@{iso(starts_at)}"


def unavailable(reason: str) -> DomainError:
    return DomainError(ErrorCode.SLOT_UNAVAILABLE, detail={"reason": reason})


def conflict(reason: str) -> DomainError:
    return DomainError(ErrorCode.CONFLICT, detail={"reason": reason})


async def _pair(db: AsyncSession, booking: Booking) -> tuple[Account, Account]:
    specialist = await db.get(Account, booking.specialist_id)
    person = await db.get(Account, booking.person_id)
    return specialist, person


async def _view(db: AsyncSession, booking: Booking, side: Side) -> dict:
    specialist, person = await _pair(db, booking)
    return booking_json(booking, side=side, specialist=specialist, person=person)


def _other(side: Side, booking: Booking) -> tuple[Side, str]:
    if side == Side.PERSON:
        return Side.SPECIALIST, booking.specialist_id
    return Side.PERSON, booking.person_id


def _tell_other_side(other_side: Side, other_id: str, event: str, data: dict) -> tuple[Emit, ...]:
    """The other side hears of a change wherever they are in the space; a specialist also in
    their console, whichever section is shown (nobody is told about their own action)."""
    emits = (Emit(ToAccount(other_id), event, data),)
    if other_side == Side.SPECIALIST:
        emits += (Emit(ToConsole(other_id), event, data),)
    return emits


async def _require_slot(
    db: AsyncSession, now: datetime, specialist_id: str, starts_at: datetime, ends_at: datetime,
    *, kind: AccountKind, except_id: str | None = None,
) -> None:
    """Refuse unless [starts_at, ends_at) is exactly a free slot right now (lock held)."""
    rules = await rules_of(db, [specialist_id])
    busy = await busy_of(db, [specialist_id], starts_at, ends_at, except_id=except_id)
    result = check_bookable(rules, busy, specialist_id=specialist_id, starts_at=starts_at, ends_at=ends_at, now=now, kind=kind)
    if result == Refusal.TAKEN:
        raise DomainError(ErrorCode.SLOT_TAKEN)
    if isinstance(result, Refusal):
        raise unavailable(result.value)


async def _require_person_free(
    db: AsyncSession, now: datetime, person_id: str, starts_at: datetime, ends_at: datetime, *, except_id: str | None = None,
) -> None:
    """Refuse a fourth upcoming booking or an overlap with the person's own. The calendar
    lock does not serialise one person booking several specialists at once: the person's
    quota gate does, and stays held for the overlap check too."""
    mine = [Booking.person_id == person_id, Booking.status == Status.BOOKED.value]
    if except_id is not None:
        mine.append(Booking.id != except_id)
    upcoming = select(func.count()).select_from(Booking).where(*mine, Booking.ends_at > now)
    await quota.require_room(db, UPCOMING_QUOTA, person_id, upcoming)
    overlapping = await db.scalar(
        select(func.count()).select_from(Booking).where(*mine, Booking.starts_at < ends_at, Booking.ends_at > starts_at)
    )
    if overlapping:
        raise unavailable("overlaps_your_booking")


async def _insert(db: AsyncSession, booking: Booking) -> None:
    db.add(booking)
    try:
        await db.flush()
    except IntegrityError:  # a concurrent booking of the same slot committed first
        raise DomainError(ErrorCode.SLOT_TAKEN) from None


async def book(
    db: AsyncSession,
    clock: Clock,
    actor: Principal | None,
    *,
    specialist_id: object,
    starts_at: object,
    ends_at: object,
    profession: object = None,
    note: object = None,
) -> Outcome[dict]:
    """Book one free slot. No contact data is asked for or accepted."""
    actor = require_booker(actor)
    if not isinstance(specialist_id, str) or not 1 <= len(specialist_id) <= 32:
        raise inputs.invalid("specialist_id", "unknown_specialist")
    start = inputs.parse_instant(starts_at, "starts_at")
    end = inputs.parse_instant(ends_at, "ends_at")
    wanted = inputs.parse_profession(profession)
    text = inputs.clean_note(note)
    if specialist_id == actor.account_id:
        raise unavailable("own_calendar")
    if not await lock_calendar(db, specialist_id):  # first statement: see lock_calendar
        raise unavailable(Refusal.OUTSIDE.value)
    specialist = await db.get(Account, specialist_id)
    if specialist is None or specialist.disabled or not is_consultant_role(specialist.role):
        raise unavailable(Refusal.OUTSIDE.value)
    if wanted is not None and specialist.profession != wanted:
        raise unavailable("profession")
    person = await db.get(Account, actor.account_id)
    now = clock.now()
    await _require_slot(db, now, specialist_id, start, end, kind=AccountKind(person.kind))
    await _require_person_free(db, now, person.id, start, end)
    booking = Booking(
        id=new_id(), specialist_id=specialist_id, person_id=person.id, starts_at=start, ends_at=end,
        slot_key=slot_key(specialist_id, start), profession=wanted, note=text,
        status=Status.BOOKED.value, created_at=now,
    )
    await _insert(db, booking)
    mine = booking_json(booking, side=Side.PERSON, specialist=specialist, person=person)
    theirs = booking_json(booking, side=Side.SPECIALIST, specialist=specialist, person=person)
    return Outcome(mine, (Emit(ToConsole(specialist_id), CREATED, {"booking": theirs}),))


async def _load_locked(db: AsyncSession, booking_id: object) -> Booking:
    """The booking, re-read after its specialist's calendar is locked."""
    if not isinstance(booking_id, str) or not 1 <= len(booking_id) <= 32:
        raise DomainError(ErrorCode.NOT_FOUND)
    booking = await db.get(Booking, booking_id)
    if booking is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    await lock_calendar(db, booking.specialist_id)
    await db.refresh(booking)
    return booking


def _require_cancellable(booking: Booking, now: datetime) -> None:
    if not may_move(booking.status, Status.CANCELLED):
        raise conflict("not_booked")
    if booking.starts_at <= now:
        raise conflict("already_started")


def _cancel_row(booking: Booking, side: Side, reason: str, message: str | None, now: datetime) -> None:
    booking.status = Status.CANCELLED.value
    booking.slot_key = None  # frees the time for someone else
    booking.cancel_reason = reason
    booking.cancel_message = message
    booking.cancelled_by = side.value
    booking.cancelled_at = now


async def cancel(
    db: AsyncSession, clock: Clock, actor: Principal | None, booking_id: object, *, reason: object, message: object = None,
) -> Outcome[dict]:
    why = parse_reason(reason)
    text = inputs.clean_message(message)
    booking = await _load_locked(db, booking_id)
    side = require_side(actor, Action.CANCEL, specialist_id=booking.specialist_id, person_id=booking.person_id)
    now = clock.now()
    _require_cancellable(booking, now)
    _cancel_row(booking, side, why, text, now)
    await db.flush()
    other_side, other_id = _other(side, booking)
    data: dict = {"booking": await _view(db, booking, other_side)}
    if side == Side.SPECIALIST:
        data |= {"offer_another_time": True, "message": ANOTHER_TIME}
    return Outcome(await _view(db, booking, side), _tell_other_side(other_side, other_id, CANCELLED, data))


async def reschedule(
    db: AsyncSession, clock: Clock, actor: Principal | None, booking_id: object, *,
    starts_at: object, ends_at: object, reason: object, message: object = None,
) -> Outcome[dict]:
    """Move a booking to another free slot of the same specialist. The old booking is
    cancelled (with the reason) and the new one points back to it via ``rescheduled_from``."""
    why = parse_reason(reason)
    text = inputs.clean_message(message)
    start = inputs.parse_instant(starts_at, "starts_at")
    end = inputs.parse_instant(ends_at, "ends_at")
    old = await _load_locked(db, booking_id)
    side = require_side(actor, Action.RESCHEDULE, specialist_id=old.specialist_id, person_id=old.person_id)
    now = clock.now()
    _require_cancellable(old, now)
    if start == old.starts_at and end == old.ends_at:
        raise unavailable("same_time")
    specialist, person = await _pair(db, old)
    if specialist.disabled or not is_consultant_role(specialist.role):
        raise unavailable(Refusal.OUTSIDE.value)
    await _require_slot(db, now, old.specialist_id, start, end, kind=AccountKind(person.kind), except_id=old.id)
    await _require_person_free(db, now, person.id, start, end, except_id=old.id)
    _cancel_row(old, side, why, text, now)
    await db.flush()  # release the old slot_key before the new row claims one
    new = Booking(
        id=new_id(), specialist_id=old.specialist_id, person_id=old.person_id, starts_at=start, ends_at=end,
        slot_key=slot_key(old.specialist_id, start), profession=old.profession, note=old.note,
        status=Status.BOOKED.value, rescheduled_from=old.id, created_at=now,
    )
    await _insert(db, new)
    other_side, other_id = _other(side, new)
    data = {
        "booking": booking_json(new, side=other_side, specialist=specialist, person=person),
        "previous": {"id": old.id, "starts_at": iso(old.starts_at), "ends_at": iso(old.ends_at)},
    }
    mine = booking_json(new, side=side, specialist=specialist, person=person)
    return Outcome(mine, _tell_other_side(other_side, other_id, RESCHEDULED, data))


async def _close(
    db: AsyncSession, clock: Clock, actor: Principal | None, booking_id: object, action: Action, target: Status,
) -> Booking:
    booking = await _load_locked(db, booking_id)
    require_side(actor, action, specialist_id=booking.specialist_id, person_id=booking.person_id)
    require_move(booking.status, target)
    if clock.now() < booking.starts_at:
        raise conflict("not_started")
    return booking


async def complete(db: AsyncSession, clock: Clock, actor: Principal | None, booking_id: object) -> Outcome[dict]:
    """The session took place. A mistaken no-show may be corrected to completed."""
    booking = await _close(db, clock, actor, booking_id, Action.COMPLETE, Status.COMPLETED)
    booking.status = Status.COMPLETED.value
    await db.flush()
    return Outcome(await _view(db, booking, Side.SPECIALIST))


async def mark_no_show(db: AsyncSession, clock: Clock, actor: Principal | None, booking_id: object) -> Outcome[dict]:
    """The person did not come. Recorded without any penalty; they are told, gently, that
    another time is always possible."""
    booking = await _close(db, clock, actor, booking_id, Action.NO_SHOW, Status.NO_SHOW)
    changed = booking.status != Status.NO_SHOW.value
    booking.status = Status.NO_SHOW.value
    await db.flush()
    emits: tuple[Emit, ...] = ()
    if changed:
        data = {"booking": await _view(db, booking, Side.PERSON), "offer_another_time": True, "message": ANOTHER_TIME}
        emits = (Emit(ToAccount(booking.person_id), NO_SHOW, data),)
    return Outcome(await _view(db, booking, Side.SPECIALIST), emits)


async def get_booking(db: AsyncSession, actor: Principal | None, booking_id: object) -> tuple[Booking, Side]:
    if not isinstance(booking_id, str) or not 1 <= len(booking_id) <= 32:
        raise DomainError(ErrorCode.NOT_FOUND)
    booking = await db.get(Booking, booking_id)
    if booking is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    side = require_side(actor, Action.VIEW, specialist_id=booking.specialist_id, person_id=booking.person_id)
    return booking, side


async def _views(db: AsyncSession, actor: Principal, bookings: list[Booking]) -> list[dict]:
    ids = {b.specialist_id for b in bookings} | {b.person_id for b in bookings}
    accounts = {a.id: a for a in await db.scalars(select(Account).where(Account.id.in_(ids)))} if ids else {}
    return [
        booking_json(
            b,
            side=Side.SPECIALIST if b.specialist_id == actor.account_id else Side.PERSON,
            specialist=accounts[b.specialist_id],
            person=accounts[b.person_id],
        )
        for b in bookings
    ]


async def list_bookings(
    db: AsyncSession,
    actor: Principal | None,
    *,
    side: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: tuple[str, ...] = (),
) -> list[dict]:
    """The caller's bookings, as the person, as the specialist, or both; oldest first."""
    actor = require_booker(actor)
    if side == Side.PERSON.value:
        who = Booking.person_id == actor.account_id
    elif side == Side.SPECIALIST.value:
        who = Booking.specialist_id == actor.account_id
    elif side is None:
        who = or_(Booking.person_id == actor.account_id, Booking.specialist_id == actor.account_id)
    else:
        raise inputs.invalid("side", "unknown_side")
    query = select(Booking).where(who)
    if start is not None:
        query = query.where(Booking.ends_at > start)
    if end is not None:
        query = query.where(Booking.starts_at < end)
    for status in statuses:
        if status not in {s.value for s in Status}:
            raise inputs.invalid("status", "unknown_status")
    if statuses:
        query = query.where(Booking.status.in_(statuses))
    rows = list(await db.scalars(query.order_by(Booking.starts_at, Booking.id).limit(LIST_LIMIT)))
    return await _views(db, actor, rows)


async def todays_sessions(db: AsyncSession, clock: Clock, actor: Principal | None, *, tz: str) -> tuple[str, list[dict]]:
    """The specialist's sessions on today's local date (cancelled ones left out)."""
    actor = require_publisher(actor)
    zone = ZoneInfo(tz)
    today = clock.now().astimezone(zone).date()
    start = datetime(today.year, today.month, today.day, tzinfo=zone)
    end = start + timedelta(days=1)
    rows = list(await db.scalars(
        select(Booking)
        .where(
            Booking.specialist_id == actor.account_id,
            Booking.status != Status.CANCELLED.value,
            Booking.starts_at >= start,
            Booking.starts_at < end,
        )
        .order_by(Booking.starts_at, Booking.id)
    ))
    return today.isoformat(), await _views(db, actor, rows)
