"""The database reads of live sessions: a booking's facts and an invited colleague.
Completing a booking when its session ends is ``rooms.live_consultations.completion``."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.bookings.models import Booking
from rooms.bookings.policy import is_consultant_role
from rooms.live_consultations.session import Colleague
from rooms.live_consultations.rules import BookingFacts
from server.core.errors import DomainError, ErrorCode

MAX_ID_LENGTH = 32


async def load_facts(db: AsyncSession, booking_id: object) -> BookingFacts | None:
    if not isinstance(booking_id, str) or not 1 <= len(booking_id) <= MAX_ID_LENGTH:
        return None
    row = await db.get(Booking, booking_id)
    if row is None:
        return None
    specialist = await db.get(Account, row.specialist_id)
    person = await db.get(Account, row.person_id)
    return BookingFacts(
        booking_id=row.id, specialist_id=row.specialist_id, person_id=row.person_id,
        starts_at=row.starts_at, ends_at=row.ends_at, status=row.status,
        specialist_nickname=specialist.nickname, specialist_profession=specialist.profession,
        person_nickname=person.nickname, person_kind=person.kind, person_is_guest=person.is_guest,
    )


async def load_colleague(db: AsyncSession, account_id: object) -> tuple[Colleague, bool, bool]:
    """The invited colleague, whether their role holds consultations, and whether disabled.
    An unknown id is refused like a non-colleague (INVALID), so ids cannot be probed."""
    account = await db.get(Account, account_id) if isinstance(account_id, str) and len(account_id) <= MAX_ID_LENGTH else None
    if account is None:
        raise DomainError(ErrorCode.INVALID, field="colleague_id", detail={"reason": "not_a_colleague"})
    return Colleague(account.id, account.nickname, account.profession), is_consultant_role(account.role), account.disabled
