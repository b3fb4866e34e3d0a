"""The same limits, one level down: the domain functions called at once from separate
database sessions (separate connections, separate transactions), on SQLite and PostgreSQL,
without the HTTP layer in between. Also the quota gate itself: one person's limit never
holds anyone else back."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from avatars.models import Account
from rooms.casework import letters, my_record
from rooms.casework.models import Assignment, Case, Letter, ShareConsent
from rooms.bookings import booking, schedule
from rooms.bookings.models import Booking
from rooms.desk import service as desk
from rooms.desk.models import DeskMessage
from server.core import quota
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal, Role

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)  # Wednesday 10:00 in Tokyo


async def add(sessions, nickname: str, role: Role = Role.VISITOR, profession: str | None = None) -> Principal:
    async with sessions.begin() as db:
        account = Account(id=f"id-{nickname}", nickname=nickname, login_name=nickname, is_guest=False,
                          role=role.value, profession=profession, created_at=NOW)
        db.add(account)
    return Principal(account_id=account.id, role=role, nickname=nickname)


async def burst(sessions, n: int, call) -> tuple[int, list[DomainError]]:
    """Run ``call(db, i)`` n times at once, each in its own session; (committed, refusals)."""
    async def one(i: int):
        try:
            async with sessions.begin() as db:
                await call(db, i)
        except DomainError as err:
            return err
        return None

    outcomes = await asyncio.gather(*(one(i) for i in range(n)))
    errors = [o for o in outcomes if o is not None]
    return n - len(errors), errors


async def count(sessions, model, *where) -> int:
    async with sessions() as db:
        return await db.scalar(select(func.count()).select_from(model).where(*where))


async def test_desk_messages(sessions):
    clock = FakeClock(NOW)
    guest = await add(sessions, "よる")
    done, errors = await burst(sessions, 12, lambda db, i: desk.leave_message(db, clock, guest, f"{i}回目"))
    assert done == 5 and len(errors) == 7
    assert {(e.code, e.detail["reason"], e.detail["max"]) for e in errors} == {(ErrorCode.RATE_LIMITED, "messages_per_day", 5)}
    assert await count(sessions, DeskMessage) == 5
    clock.advance(24 * 3600)  # a rolling day later there is room again
    done, _ = await burst(sessions, 3, lambda db, i: desk.leave_message(db, clock, guest, "また来ました"))
    assert done == 3


async def casework(sessions) -> tuple[Principal, Principal]:
    """A specialist and the person whose case she holds."""
    teacher = await add(sessions, "先生", Role.SPECIALIST, "psychologist")
    person = await add(sessions, "ゆうひ")
    async with sessions.begin() as db:
        db.add(Case(id="case-1", person_id=person.account_id, opened_at=NOW, updated_at=NOW))
        await db.flush()
        db.add(Assignment(case_id="case-1", specialist_id=teacher.account_id, seat=1, assigned_at=NOW))
    return teacher, person


async def test_letters(sessions):
    clock = FakeClock(NOW)
    teacher, person = await casework(sessions)

    def write(db, i):
        return letters.send_letter(db, clock, teacher, recipient_id=person.account_id, body=f"{i}通目")

    done, errors = await burst(sessions, 45, write)
    assert done == 30 and {(e.code, e.detail["reason"]) for e in errors} == {(ErrorCode.RATE_LIMITED, "letters_per_day")}
    assert await count(sessions, Letter, Letter.sender_id == teacher.account_id) == 30
    # The person's own budget is untouched by the specialist's.
    done, _ = await burst(sessions, 2, lambda db, i: letters.send_letter(
        db, clock, person, recipient_id=teacher.account_id, body="ありがとうございます"))
    assert done == 2


async def test_consents_to_share(sessions):
    clock = FakeClock(NOW)
    _, person = await casework(sessions)

    def grant(db, i):
        return my_record.grant_consent(db, clock, person, organisation=f"保健所{i}", purpose="支援の引き継ぎ")

    done, errors = await burst(sessions, 25, grant)
    assert done == 20 and {(e.code, e.detail["reason"]) for e in errors} == {(ErrorCode.CONFLICT, "too_many_consents")}
    assert await count(sessions, ShareConsent) == 20


async def test_bookings(sessions):
    clock = FakeClock(NOW)
    teachers = [await add(sessions, name, Role.SPECIALIST, "psychologist") for name in ("みどり", "あおい", "こはく", "すみれ", "ひすい")]
    monday = {"kind": "weekly", "weekday": 0, "start": "10:00", "end": "16:00", "slot_minutes": 50,
              "buffer_minutes": 10}
    for teacher in teachers:
        async with sessions.begin() as db:
            await schedule.create_rule(db, clock, teacher, monday, default_tz="Asia/Tokyo")
    person = await add(sessions, "ゆうひ")

    def reserve(db, i):
        return booking.book(db, clock, person, specialist_id=teachers[i].account_id,
                            starts_at=f"2026-04-06T0{i + 1}:00:00Z", ends_at=f"2026-04-06T0{i + 1}:50:00Z")

    done, errors = await burst(sessions, 5, reserve)
    assert done == 3 and {(e.code, e.detail["max"]) for e in errors} == {(ErrorCode.BOOKING_LIMIT, 3)}
    assert await count(sessions, Booking, Booking.person_id == person.account_id) == 3


ONE_A_PERSON = quota.Quota("test_one_a_person", limit=1)


@pytest.mark.parametrize("people", [1, 4])
async def test_the_gate_counts_each_person_apart(sessions, people):
    """Each person may leave one desk message under a made-up quota of one: a burst of
    three per person gets exactly one through for every person, whoever else is bursting."""
    clock = FakeClock(NOW)
    who = [await add(sessions, f"ひと{i}") for i in range(people)]

    async def leave_one(db, i):
        author = who[i % people]
        mine = select(func.count()).select_from(DeskMessage).where(DeskMessage.author_id == author.account_id)
        await quota.require_room(db, ONE_A_PERSON, author.account_id, mine)
        db.add(DeskMessage(id=f"m{i}", author_id=author.account_id, text="こんにちは", created_at=clock.now()))

    done, errors = await burst(sessions, 3 * people, leave_one)
    assert done == people and {(e.code, e.detail["reason"]) for e in errors} == {(ErrorCode.RATE_LIMITED, "test_one_a_person")}
    async with sessions() as db:
        authors = list(await db.scalars(select(DeskMessage.author_id)))
    assert sorted(authors) == sorted(p.account_id for p in who)
