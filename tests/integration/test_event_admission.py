"""The events domain on SQLite and PostgreSQL, without a network: signing up (twice, past
capacity, outside the audience, after the start), the waitlist's promotion, and admission to
the live room at the door times, with removal and attendance counts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from rooms.events import admission, registration
from rooms.events.models import EventAttendance, EventRegistration
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Role
from tests.integration.events_world import FAMILY_CLASS, NOW, event_with_hosts, person


async def refused(code: ErrorCode, coro):
    with pytest.raises(DomainError) as caught:
        await coro
    assert caught.value.code == code, caught.value.to_dict()
    return caught.value


async def registrations(sessions, occurrence_id: str) -> list[tuple[str, str]]:
    async with sessions() as db:
        rows = await db.execute(select(EventRegistration.account_id, EventRegistration.status)
                                .where(EventRegistration.occurrence_id == occurrence_id)
                                .order_by(EventRegistration.queued_at, EventRegistration.id))
        return [tuple(r) for r in rows.all()]


async def test_sign_up_twice_past_capacity_wrong_audience_and_after_the_start(sessions):
    clock = FakeClock(NOW)
    _staff, _peer, _event, occs = await event_with_hosts(sessions, clock)
    first = occs[0]
    async with sessions.begin() as db:
        a = await person(db, "あき", kind="family")
        b = await person(db, "ふゆ", kind="family")
        c = await person(db, "なつ", kind="family")
        individual = await person(db, "はる", kind="individual")
    async with sessions.begin() as db:
        assert (await registration.register(db, clock, a, first)).value["status"] == "registered"
    async with sessions.begin() as db:
        await refused(ErrorCode.EVENT_ALREADY_REGISTERED, registration.register(db, clock, a, first))
    async with sessions.begin() as db:
        await refused(ErrorCode.EVENT_NOT_FOR_YOU, registration.register(db, clock, individual, first))
    async with sessions.begin() as db:
        await registration.register(db, clock, b, first)
    async with sessions.begin() as db:
        full = await refused(ErrorCode.EVENT_FULL, registration.register(db, clock, c, first))
        assert full.detail == {"waitlist": True}
    assert sorted(await registrations(sessions, first)) == sorted([(a.account_id, "registered"), (b.account_id, "registered")])
    async with sessions.begin() as db:
        waiting = (await registration.register(db, clock, c, first, waitlist=True)).value
    assert (waiting["status"], waiting["waitlist_place"]) == ("waitlisted", 1)
    clock.advance(timedelta(days=3, hours=4).total_seconds())  # Saturday 05:00 UTC: the start
    async with sessions.begin() as db:
        late = await person(db, "おそい", kind="family")
    async with sessions.begin() as db:
        await refused(ErrorCode.EVENT_REGISTRATION_CLOSED, registration.register(db, clock, late, first))
    assert len(await registrations(sessions, first)) == 3


async def test_cancelling_promotes_the_longest_waiting_and_tells_them(sessions):
    clock = FakeClock(NOW)
    _staff, _peer, _event, occs = await event_with_hosts(sessions, clock)
    first = occs[0]
    async with sessions.begin() as db:
        people = [await person(db, f"かぞく{i}", kind="family") for i in range(4)]
    for i, who in enumerate(people):
        async with sessions.begin() as db:
            await registration.register(db, clock, who, first, waitlist=True)
        clock.advance(1)
    async with sessions.begin() as db:
        outcome = await registration.cancel(db, clock, people[0], first)
    assert [(e.target.account_id, e.event) for e in outcome.emits] == [(people[2].account_id, "event:promoted")]
    assert outcome.emits[0].data["occurrence_id"] == first
    assert await registrations(sessions, first) == [
        (people[0].account_id, "cancelled"), (people[1].account_id, "registered"),
        (people[2].account_id, "registered"), (people[3].account_id, "waitlisted")]
    async with sessions.begin() as db:  # a waitlisted person leaving frees no seat: nobody is told
        assert (await registration.cancel(db, clock, people[3], first)).emits == ()
    async with sessions.begin() as db:
        await refused(ErrorCode.EVENT_NOT_REGISTERED, registration.cancel(db, clock, people[3], first))


async def test_admission_at_the_door_times(sessions):
    clock = FakeClock(NOW)
    staff, peer, event_id, occs = await event_with_hosts(sessions, clock)
    first = occs[0]
    async with sessions.begin() as db:
        fam = await person(db, "あき", kind="family")
        stranger = await person(db, "ふゆ", kind="family")
        other = await person(db, "はる", kind="individual")
    async with sessions.begin() as db:
        await registration.register(db, clock, fam, first)
    starts = NOW + timedelta(days=3, hours=4)

    async def admit(who, role=Role.VISITOR):
        async with sessions.begin() as db:
            return await admission.admit(db, clock, account_id=who.account_id, role=role, occurrence_id=first)

    clock.advance((starts - timedelta(minutes=10, seconds=1) - NOW).total_seconds())
    closed = await refused(ErrorCode.EVENT_DOOR_CLOSED, admit(fam))
    assert closed.detail == {"door_opens_at": "2026-04-04T04:50:00Z"}
    host_in = await admit(staff, Role.STAFF)  # hosts come in half an hour ahead
    assert (host_in.is_host, host_in.is_cohost) == (True, False)
    clock.advance(1)
    got = await admit(fam)
    assert (got.occurrence_id, got.event_id, got.title_ja, got.place, got.capacity) == (first, event_id, "家族教室", "hall", 2)
    assert (got.is_host, got.is_cohost, got.door_opens_at, got.starts_at) == (False, False, starts - timedelta(minutes=10), starts)
    assert got.hosts == ((staff.account_id, "しおり"), (peer.account_id, "ひなた"))
    assert (await admit(peer, Role.PEER_SUPPORTER)).is_cohost
    await refused(ErrorCode.EVENT_NOT_REGISTERED, admit(stranger))
    await refused(ErrorCode.EVENT_NOT_FOR_YOU, admit(other))
    clock.advance(timedelta(minutes=10 + 90).total_seconds() - 1)  # a second before the end: still open
    await admit(fam)
    clock.advance(1)  # the end
    await refused(ErrorCode.EVENT_DOOR_CLOSED, admit(fam))
    async with sessions() as db:
        await refused(ErrorCode.EVENT_NOT_FOUND, admission.admit(db, clock, account_id=fam.account_id,
                                                                  role=Role.VISITOR, occurrence_id="x" * 40))


async def test_removed_people_stay_out_and_only_hosts_remove(sessions):
    clock = FakeClock(NOW)
    staff, peer, _event, occs = await event_with_hosts(sessions, clock)
    first = occs[0]
    async with sessions.begin() as db:
        fam = await person(db, "あき", kind="family")
        fam2 = await person(db, "なつ", kind="family")
    for who in (fam, fam2):
        async with sessions.begin() as db:
            await registration.register(db, clock, who, first)
    clock.advance(timedelta(days=3, hours=4).total_seconds())

    async def remove(target, by, reason="disruption"):
        async with sessions.begin() as db:
            await admission.remove_from_occurrence(db, clock, occurrence_id=first, account_id=target, by=by, reason=reason)

    await refused(ErrorCode.EVENT_NOT_HOST, remove(fam.account_id, fam2.account_id))
    await refused(ErrorCode.FORBIDDEN, remove(staff.account_id, peer.account_id))  # a co-host never removes the host
    await refused(ErrorCode.INVALID, remove(fam.account_id, peer.account_id, reason="because"))
    assert sorted(await registrations(sessions, first)) == sorted([(fam.account_id, "registered"), (fam2.account_id, "registered")])
    await remove(fam.account_id, peer.account_id)
    async with sessions.begin() as db:
        await refused(ErrorCode.EVENT_REMOVED, admission.admit(db, clock, account_id=fam.account_id,
                                                                role=Role.VISITOR, occurrence_id=first))
    async with sessions.begin() as db:  # and cannot sign up again for it
        await refused(ErrorCode.EVENT_REMOVED, registration.register(db, clock, fam, first))
    async with sessions.begin() as db:  # the next week is open to them
        assert (await registration.register(db, clock, fam, occs[1])).value["status"] == "registered"


async def test_drop_in_takes_a_seat_on_entering_until_full(sessions):
    clock = FakeClock(NOW)
    fields = {**FAMILY_CLASS, "registration": "drop_in", "audience": "everyone", "repeat": "none", "capacity": 1}
    _staff, _peer, _event, occs = await event_with_hosts(sessions, clock, fields)
    async with sessions.begin() as db:
        a = await person(db, "あき")
        b = await person(db, "ふゆ")
    clock.advance(timedelta(days=3, hours=4).total_seconds())
    for who, expect in ((a, None), (a, None), (b, ErrorCode.EVENT_FULL)):
        async with sessions.begin() as db:
            call = admission.admit(db, clock, account_id=who.account_id, role=Role.VISITOR, occurrence_id=occs[0])
            if expect:
                await refused(expect, call)
            else:
                await call
    assert await registrations(sessions, occs[0]) == [(a.account_id, "registered")]


async def test_attendance_is_a_count_by_kind(sessions):
    clock = FakeClock(NOW)
    _staff, _peer, _event, occs = await event_with_hosts(sessions, clock)
    for kind in ("family", "family", "guest", "individual", "nonsense"):
        async with sessions.begin() as db:
            await admission.record_attendance(db, clock, occurrence_id=occs[0], account_kind=kind)
    async with sessions() as db:
        rows = await db.execute(select(EventAttendance.account_kind, EventAttendance.count)
                                .where(EventAttendance.occurrence_id == occs[0]).order_by(EventAttendance.account_kind))
        assert [tuple(r) for r in rows.all()] == [("family", 2), ("guest", 1), ("individual", 1), ("unspecified", 1)]


async def test_a_cancelled_occurrence_refuses_everything(sessions):
    from rooms.events import planning

    clock = FakeClock(NOW)
    staff, _peer, _event, occs = await event_with_hosts(sessions, clock)
    async with sessions.begin() as db:
        fam = await person(db, "あき", kind="family")
    async with sessions.begin() as db:
        await planning.cancel_occurrence(db, clock, staff, occs[1])
    async with sessions.begin() as db:
        await refused(ErrorCode.EVENT_CANCELLED, registration.register(db, clock, fam, occs[1]))
    async with sessions.begin() as db:
        await refused(ErrorCode.EVENT_CANCELLED, admission.admit(db, clock, account_id=staff.account_id,
                                                                  role=Role.STAFF, occurrence_id=occs[1]))


async def test_a_burst_for_the_last_seats_never_overfills(sessions):
    """Six people race for two seats, each in their own transaction: exactly two get a seat,
    the others are told EVENT_FULL (or wait, when they asked to)."""
    import asyncio

    clock = FakeClock(NOW)
    _staff, _peer, _event, occs = await event_with_hosts(sessions, clock)
    async with sessions.begin() as db:
        people = [await person(db, f"きそう{i}", kind="family") for i in range(6)]

    async def try_seat(who, waitlist):
        try:
            async with sessions.begin() as db:
                return (await registration.register(db, clock, who, occs[0], waitlist=waitlist)).value["status"]
        except DomainError as refusal:
            return refusal.code.value

    got = await asyncio.gather(*(try_seat(who, i % 2 == 1) for i, who in enumerate(people)))
    assert got.count("registered") == 2, got
    assert set(got) <= {"registered", "waitlisted", "EVENT_FULL"}
    rows = await registrations(sessions, occs[0])
    assert sum(1 for _a, s in rows if s == "registered") == 2
    assert len(rows) == got.count("registered") + got.count("waitlisted")
