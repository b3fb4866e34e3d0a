"""Which relations tie a caseworker to a person (the facts behind ``policy.RELATION_KINDS``).

Only what the person did, with that very caseworker, and saw happen:
- a booking the person made with them that was not cancelled (booked, completed or no-show:
  a person who booked and then could not come has still reached out; a cancelled booking,
  by either side, is a contact nobody kept);
- a message the person left at the desk that this caseworker answered with a reply the
  person reads in their desk panel. Marking a message handled without a reply is not
  enough: the person would never know. Live desk chats are not kept anywhere (by design),
  so they cannot count; a person who deletes their message takes the relation back too.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.casework.policy import RELATION_BOOKING, RELATION_DESK
from rooms.bookings.states import Status
from rooms.bookings.models import Booking
from rooms.desk.models import DeskMessage

BOOKING_STATES = (Status.BOOKED.value, Status.COMPLETED.value, Status.NO_SHOW.value)


async def relations_between(db: AsyncSession, caseworker_id: str, person_id: str) -> frozenset[str]:
    evidence = {
        RELATION_BOOKING: select(Booking.id).where(
            Booking.specialist_id == caseworker_id, Booking.person_id == person_id, Booking.status.in_(BOOKING_STATES)
        ),
        RELATION_DESK: select(DeskMessage.id).where(
            DeskMessage.author_id == person_id, DeskMessage.handled_by == caseworker_id, DeskMessage.reply.is_not(None)
        ),
    }
    return frozenset([kind for kind, query in evidence.items() if await db.scalar(query.limit(1)) is not None])
