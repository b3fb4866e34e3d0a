"""Per-person limits hold when a burst of simultaneous requests arrives over real HTTP, on
SQLite and PostgreSQL: exactly the limit gets through, the rest get the stable refusal in
Japanese and English, and nothing else is written.

Each burst is fired with asyncio.gather, so the requests overlap inside the server (each
in its own transaction). Counting before inserting without a lock let 5 of 5 bookings,
38 of 45 letters and 10-12 of 12 desk messages through. Reports are counted in memory (taken
before any await), and their bursts are held to the same exact limits."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from rooms.bookings.models import Booking
from rooms.desk.models import DeskMessage
from server import keys
from server.core.errors import MESSAGES, ErrorCode
from tests.integration.report_helpers import stored
from tests.integration.test_bookings_api import WEEKLY_MON, book, booking_rows, clocked, person, specialist  # noqa: F401
from tests.integration.test_letters_api import cast, letter_count, send  # noqa: F401

TEACHERS = ("みどり", "あおい", "こはく", "すみれ", "ひすい")
# Monday 2026-04-06, 10:00 .. 14:00 in Tokyo: five hours that do not overlap.
HOURS = [(f"2026-04-06T0{h}:00:00Z", f"2026-04-06T0{h}:50:00Z") for h in range(1, 6)]


def refused(results, code: ErrorCode) -> list[dict]:
    """The error bodies of the refused calls, each checked for the stable code and message."""
    errors = [body["error"] for status, body in results if status >= 400]
    ja, en = MESSAGES[code]
    for error in errors:
        assert error["code"] == code.value and error["message"] == {"ja": ja, "en": en}, error
    return errors


def created(results) -> int:
    assert {status for status, _ in results} <= {201, 409, 429}, results
    return [status for status, _ in results].count(201)


async def teachers(c) -> list[dict]:
    return [await specialist(c, nickname=name, rules=(WEEKLY_MON | {"end": "16:00"},)) for name in TEACHERS]


async def test_one_person_booking_five_specialists_at_once_holds_exactly_three(clocked):
    c = clocked
    specs, visitor = await teachers(c), await person(c)
    results = await asyncio.gather(*(book(c, visitor, s, start=a, end=b) for s, (a, b) in zip(specs, HOURS)))
    assert created(results) == 3, results
    errors = refused(results, ErrorCode.BOOKING_LIMIT)
    assert len(errors) == 2 and all(e["detail"]["max"] == 3 for e in errors)
    rows = await booking_rows(c)
    assert len(rows) == 3 and {status for _, status, _, _ in rows} == {"booked"}


async def test_one_person_booking_one_hour_with_five_specialists_at_once_gets_one(clocked):
    c = clocked
    specs, visitor = await teachers(c), await person(c)
    results = await asyncio.gather(*(book(c, visitor, s) for s in specs))
    assert created(results) == 1, results
    errors = refused(results, ErrorCode.SLOT_UNAVAILABLE)
    assert len(errors) == 4 and {e["detail"]["reason"] for e in errors} == {"overlaps_your_booking"}
    assert len(await booking_rows(c)) == 1


async def test_three_people_bursting_at_one_specialist_never_share_a_slot(clocked):
    """Different people, overlapping choices: each slot goes to one person, each person
    holds at most three, and every refusal is one of the two stable ones."""
    c = clocked
    spec = (await teachers(c))[0]
    people = [await person(c) for _ in range(3)]
    calls = [book(c, p, spec, start=a, end=b) for p in people for a, b in HOURS for _ in range(2)]
    results = await asyncio.gather(*calls)
    assert created(results) == len(HOURS), results
    assert {body["error"]["code"] for status, body in results if status != 201} <= {"SLOT_TAKEN", "BOOKING_LIMIT"}
    async with c.app[keys.DB_SESSIONS]() as db:
        rows = (await db.execute(select(Booking.starts_at, Booking.person_id))).all()
    assert sorted(start for start, _ in rows) == sorted({start for start, _ in rows})  # one booking per slot
    assert max([who for _, who in rows].count(p["account"]["id"]) for p in people) <= 3


async def test_forty_five_letters_at_once_deliver_exactly_thirty(running, cast):
    results = await asyncio.gather(*(send(running.api, cast["person"], cast["a"], f"{n}通目です。") for n in range(45)))
    assert created(results) == 30, [s for s, _ in results]
    errors = refused(results, ErrorCode.RATE_LIMITED)
    assert len(errors) == 15 and all(e["detail"] == {"reason": "letters_per_day", "max": 30} for e in errors)
    assert await letter_count(running) == 30


async def desk_message_count(running) -> int:
    async with running.app[keys.DB_SESSIONS]() as db:
        return await db.scalar(select(func.count()).select_from(DeskMessage))


async def leave(running, who: dict, n: int):
    return await running.api.call("POST", "/api/desk/messages", json={"text": f"{n}回目です"}, token=who["access_token"])


async def test_twelve_desk_messages_at_once_leave_exactly_five(running):
    guest = await running.api.guest()
    results = await asyncio.gather(*(leave(running, guest, n) for n in range(12)))
    assert created(results) == 5, [s for s, _ in results]
    errors = refused(results, ErrorCode.RATE_LIMITED)
    # From one address, two of the twelve meet the address budget (10) first.
    reasons = [e["detail"]["reason"] for e in errors]
    assert len(errors) == 7 and set(reasons) <= {"messages_per_day", "address"} and reasons.count("messages_per_day") >= 5
    assert await desk_message_count(running) == 5


async def test_twelve_guests_from_one_address_at_once_leave_exactly_ten(running):
    """The per-address budget (10 an hour) is taken before the work, not after it."""
    guests = [await running.api.guest() for _ in range(12)]
    results = await asyncio.gather(*(leave(running, g, n) for n, g in enumerate(guests)))
    assert created(results) == 10, [s for s, _ in results]
    errors = refused(results, ErrorCode.RATE_LIMITED)
    assert len(errors) == 2 and {e["detail"]["reason"] for e in errors} == {"address"}
    assert await desk_message_count(running) == 10


async def file_report(running, who: dict, n: int):
    body = {"target": {"kind": "person", "id": f"someone-{n}"}, "category": "harassment"}
    return await running.api.call("POST", "/api/reports", json=body, token=who["access_token"])


def received(results) -> int:
    assert {status for status, _ in results} <= {202, 429}, results
    return [status for status, _ in results].count(202)


async def test_fifteen_reports_at_once_from_one_person_file_exactly_ten(running):
    reporter = await running.api.guest()
    results = await asyncio.gather(*(file_report(running, reporter, n) for n in range(15)))
    assert received(results) == 10, [s for s, _ in results]
    assert len(refused(results, ErrorCode.RATE_LIMITED)) == 5
    assert len(await stored(running)) == 10


async def test_thirty_five_reports_at_once_from_one_address_file_exactly_thirty(running):
    """Four people on one address, each within their own ten: the address's 30 holds."""
    reporters = [await running.api.guest() for _ in range(4)]
    results = await asyncio.gather(*(file_report(running, reporters[n % 4], n) for n in range(35)))
    assert received(results) == 30, [s for s, _ in results]
    assert len(refused(results, ErrorCode.RATE_LIMITED)) == 5
    assert len(await stored(running)) == 30
