"""A live session ended: what ``rooms.live_consultations.completion.complete_on_end`` does to its
booking, called directly on SQLite and PostgreSQL with a driven clock and the real actor
(no specialist principal borrowed for the person, no clock moved to get past a rule):
who may end, which booking states complete, and that every refusal changes nothing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from avatars.models import Account
from rooms.bookings.models import Booking
from rooms.live_consultations.completion import Completion, complete_on_end
from rooms.live_consultations.rules import ROOM_OVERRUN, WAIT_OPENS_BEFORE, BookingFacts
from rooms.live_consultations.session import Closed
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal, Role

START = datetime(2026, 4, 6, 1, 0, tzinfo=timezone.utc)  # Monday 10:00 in Tokyo
END = START + timedelta(minutes=50)
PERSON, SPECIALIST, COLLEAGUE, STRANGER = "p" * 32, "s" * 32, "c" * 32, "x" * 32
ROLES = {PERSON: Role.VISITOR, SPECIALIST: Role.SPECIALIST, COLLEAGUE: Role.SPECIALIST, STRANGER: Role.STAFF}
BOOKING = "b" * 32


def actor(account_id: str | None) -> Principal | None:
    return None if account_id is None else Principal(account_id=account_id, role=ROLES[account_id])


async def seed(sessions, status: str) -> BookingFacts:
    async with sessions.begin() as db:
        for account_id, role in ROLES.items():
            db.add(Account(id=account_id, nickname=account_id[0], role=role.value, created_at=START - timedelta(days=9)))
        await db.flush()
        db.add(Booking(id=BOOKING, specialist_id=SPECIALIST, person_id=PERSON, starts_at=START, ends_at=END,
                       slot_key=None if status == "cancelled" else f"{SPECIALIST}@x", status=status,
                       created_at=START - timedelta(days=2)))
    return BookingFacts(booking_id=BOOKING, specialist_id=SPECIALIST, person_id=PERSON, starts_at=START, ends_at=END, status="booked")


async def status_of(sessions) -> str:
    async with sessions() as db:
        return (await db.get(Booking, BOOKING)).status


async def end(sessions, clock, who: str | None, facts: BookingFacts, *, admitted_at=START, by="specialist") -> Completion:
    async with sessions.begin() as db:
        return await complete_on_end(db, clock, actor(who), Closed(facts, admitted_at, by, {}))


# (booking status in the database when the room closes, what it becomes, changed?)
STATES = [
    ("booked", "completed", True),
    ("no_show", "completed", True),  # marked "no-show" too soon, then the session took place
    ("completed", "completed", False),  # already: nothing changes
    ("cancelled", "cancelled", False),  # cancelled while the room was open: stays cancelled
]


@pytest.mark.parametrize("before, after, changed", STATES)
async def test_which_booking_states_an_ended_session_completes(sessions, before, after, changed):
    facts = await seed(sessions, before)
    clock = FakeClock(START + timedelta(minutes=45))
    assert await end(sessions, clock, SPECIALIST, facts) == Completion(after, changed)
    assert await status_of(sessions) == after


# (who ends, minutes after the start, expected: None = completed, or (code, reason))
WHO = [
    (SPECIALIST, 45, None),
    (PERSON, 45, None),  # either side ends, with their own principal
    (PERSON, -5, None),  # admitted early, ended before the booked start: it still took place
    (COLLEAGUE, 45, (ErrorCode.FORBIDDEN, "not_a_participant")),  # a colleague has no say over the booking
    (STRANGER, 45, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (None, 45, (ErrorCode.FORBIDDEN, "not_a_participant")),  # the clock, before the room is over
    (None, int((END + ROOM_OVERRUN - START).total_seconds() // 60), None),  # the clock, once it is
]


@pytest.mark.parametrize("who, minutes, expected", WHO)
async def test_who_may_end_and_complete(sessions, who, minutes, expected):
    facts = await seed(sessions, "booked")
    clock = FakeClock(START + timedelta(minutes=minutes))
    if expected is None:
        assert await end(sessions, clock, who, facts, admitted_at=START - timedelta(minutes=10)) == Completion("completed", True)
        return
    with pytest.raises(DomainError) as err:
        await end(sessions, clock, who, facts)
    assert (err.value.code, err.value.detail.get("reason")) == expected
    assert await status_of(sessions) == "booked"  # a refusal changes nothing


async def test_a_room_admitted_before_its_waiting_window_completes_nothing(sessions):
    facts = await seed(sessions, "booked")
    clock = FakeClock(START + timedelta(minutes=10))
    with pytest.raises(DomainError) as err:
        await end(sessions, clock, SPECIALIST, facts, admitted_at=START - WAIT_OPENS_BEFORE - timedelta(seconds=1))
    assert (err.value.code, err.value.detail.get("reason")) == (ErrorCode.CONFLICT, "not_started")
    assert await status_of(sessions) == "booked"


async def test_a_booking_gone_is_not_found(sessions):
    await seed(sessions, "booked")
    gone = BookingFacts(booking_id="g" * 32, specialist_id=SPECIALIST, person_id=PERSON,
                        starts_at=START, ends_at=END, status="booked")
    with pytest.raises(DomainError) as err:
        await end(sessions, FakeClock(START), SPECIALIST, gone)
    assert err.value.code is ErrorCode.NOT_FOUND
