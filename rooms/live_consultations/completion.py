"""A live session ended: what that does to its booking, under the booking's own rules.

Who may end: the person or the specialist of the booking (the session rule ``Act.END``),
or the clock once the room is long past its time. A colleague, or anyone else, may not.

What the booking becomes (the calendar lock taken first, as for every booking write):

    booked    -> completed
    no_show   -> completed   (a mistaken "no-show": the session did take place)
    completed -> completed   (already: nothing changes)
    cancelled -> cancelled   (cancelled while the room was open: an ended session does not
                              bring it back)

``booking.complete`` refuses bookings that have not started, a guard against marking the
future. A held session is proof enough that it started: it was admitted, and admission is
only possible inside the waiting window (``rules.require_open``), which is checked again
here against the real admission time.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rooms.bookings.booking import conflict
from rooms.bookings.states import Status, may_move
from rooms.bookings.models import Booking
from rooms.bookings.schedule import lock_calendar
from rooms.live_consultations import rules
from rooms.live_consultations.rules import Act, Phase
from rooms.live_consultations.session import Closed
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal


@dataclass(frozen=True, slots=True)
class Completion:
    status: str  # the booking's status afterwards
    changed: bool


def require_ender(actor: Principal | None, closed: Closed, clock: Clock) -> None:
    """``actor`` None is the clock: only for a room long past its time."""
    if actor is None:
        if not rules.room_expired(closed.facts, clock.now()):
            raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "not_a_participant"})
        return
    rules.require(Act.END, actor.account_id, closed.facts, Phase.ADMITTED)


async def complete_on_end(db: AsyncSession, clock: Clock, actor: Principal | None, closed: Closed) -> Completion:
    """Mark the booking of a room that closed completed (see the module's table).
    Raises FORBIDDEN for someone who may not end it, NOT_FOUND for a booking gone."""
    require_ender(actor, closed, clock)
    opens_at, _ = rules.waiting_window(closed.facts)
    if closed.admitted_at < opens_at:
        raise conflict("not_started")
    booking = await db.get(Booking, closed.facts.booking_id)
    if booking is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    await lock_calendar(db, booking.specialist_id)
    await db.refresh(booking)
    if not may_move(booking.status, Status.COMPLETED):  # rooms/bookings/states.py
        return Completion(booking.status, False)
    changed = booking.status != Status.COMPLETED.value
    booking.status = Status.COMPLETED.value
    await db.flush()
    return Completion(booking.status, changed)
