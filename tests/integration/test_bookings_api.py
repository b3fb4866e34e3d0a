"""Availability and bookings over real HTTP on loopback, on SQLite and PostgreSQL, with a
fake clock: Wednesday 2026-04-01 10:00 in Tokyo."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
import socketio
from sqlalchemy import func, select

from rooms.bookings.models import AvailabilityRule, Booking
from server import keys
from server.core.clock import FakeClock
from tests.conftest import Running, serving
from tests.integration.recording_client import RecordingClient
from tests.waiting import within

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)
MON_10 = "2026-04-06T01:00:00Z"  # Monday 10:00 in Tokyo
MON_1050 = "2026-04-06T01:50:00Z"
MON_11 = "2026-04-06T02:00:00Z"
MON_1150 = "2026-04-06T02:50:00Z"
WEEKLY_MON = {"kind": "weekly", "weekday": 0, "start": "10:00", "end": "12:00", "slot_minutes": 50, "buffer_minutes": 10}


@pytest.fixture
async def clocked(db_url, tmp_path):
    """The real app on a random loopback port, its time held by a FakeClock."""
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        yield live


async def specialist(c: Running, nickname="みどり", profession="psychologist", role="specialist", rules=(WEEKLY_MON,)):
    login = await c.api.staff(c.app, nickname, role, profession)
    for rule in rules:
        status, body = await c.api.call("POST", "/api/me/availability", json=rule, token=login["access_token"])
        assert status == 201, body
    return login


async def person(c: Running, kind: str | None = None) -> dict:
    guest = await c.api.guest()
    if kind:
        status, body = await c.api.call("PATCH", "/api/me", json={"kind": kind}, token=guest["access_token"])
        assert status == 200, body
    return guest


async def advance(c: Running, delta: timedelta, *logins: dict) -> None:
    """Move the clock; access tokens live 15 minutes, so each login is refreshed in place."""
    c.clock.advance(delta.total_seconds())
    for login in logins:
        status, body = await c.api.call("POST", "/api/auth/refresh", json={"refresh_token": login["refresh_token"]})
        assert status == 200, body
        login.update(access_token=body["access_token"], refresh_token=body["refresh_token"])


def book_body(spec: dict, start=MON_10, end=MON_1050, **extra) -> dict:
    return {"specialist_id": spec["account"]["id"], "starts_at": start, "ends_at": end, **extra}


async def book(c: Running, who: dict, spec: dict, start=MON_10, end=MON_1050, **extra):
    return await c.api.call("POST", "/api/bookings", json=book_body(spec, start, end, **extra), token=who["access_token"])


async def booking_rows(c: Running) -> list[tuple]:
    async with c.app[keys.DB_SESSIONS]() as db:
        rows = await db.execute(select(Booking.id, Booking.status, Booking.starts_at, Booking.slot_key).order_by(Booking.id))
        return [tuple(r) for r in rows.all()]


async def free_starts(c: Running, token=None, **query) -> list[str]:
    params = "&".join(f"{k}={v}" for k, v in {"from": "2026-04-01", "to": "2026-04-08", **query}.items())
    status, body = await c.api.call("GET", f"/api/availability?{params}", token=token)
    assert status == 200, body
    return [s["starts_at"] for s in body["slots"]]


# --- happy paths -------------------------------------------------------------------------

async def test_publish_book_and_see_it_on_both_sides(clocked):
    c = clocked
    spec = await specialist(c)
    status, listing = await c.api.call("GET", "/api/specialists")
    assert status == 200
    assert listing == {"specialists": [{"id": spec["account"]["id"], "nickname": "みどり", "profession": "psychologist"}]}

    status, body = await c.api.call("GET", "/api/availability?from=2026-04-01&to=2026-04-08")
    assert status == 200
    assert body["slots"] == [
        {"specialist": listing["specialists"][0], "starts_at": MON_10, "ends_at": MON_1050, "minutes": 50, "audience": "both"},
        {"specialist": listing["specialists"][0], "starts_at": MON_11, "ends_at": MON_1150, "minutes": 50, "audience": "both"},
    ]

    visitor = await person(c)
    status, made = await book(c, visitor, spec, note="話すのが苦手です。文字で相談できますか。", profession="psychologist")
    assert status == 201, made
    b = made["booking"]
    assert b["status"] == "booked" and b["side"] == "person" and b["starts_at"] == MON_10 and b["minutes"] == 50
    assert b["specialist"] == listing["specialists"][0] and b["profession"] == "psychologist"
    assert b["note"] == "話すのが苦手です。文字で相談できますか。" and "person" not in b
    assert await free_starts(c) == [MON_11]

    status, mine = await c.api.call("GET", "/api/bookings", token=visitor["access_token"])
    assert status == 200 and [x["id"] for x in mine["bookings"]] == [b["id"]]
    status, theirs = await c.api.call("GET", "/api/bookings?side=specialist", token=spec["access_token"])
    assert status == 200
    [seen] = theirs["bookings"]
    assert seen["side"] == "specialist" and seen["note"] == b["note"]
    assert seen["person"] == {"nickname": visitor["account"]["nickname"], "kind": "unspecified", "is_guest": True}
    assert visitor["account"]["id"] not in str(seen)  # the specialist never gets the person's account id

    status, today = await c.api.call("GET", "/api/bookings/today", token=spec["access_token"])
    assert status == 200 and today["date"] == "2026-04-01" and today["timezone"] == "Asia/Tokyo" and today["bookings"] == []
    await advance(c, timedelta(days=5), spec)  # Monday 10:00 Tokyo
    status, today = await c.api.call("GET", "/api/bookings/today", token=spec["access_token"])
    assert today["date"] == "2026-04-06" and [x["id"] for x in today["bookings"]] == [b["id"]]


async def test_ics_download_for_either_side_only(clocked):
    c = clocked
    spec = await specialist(c)
    visitor = await person(c)
    _, made = await book(c, visitor, spec, note="家族のことで相談したいです")
    booking_id = made["booking"]["id"]
    for who in (visitor, spec):
        async with c.api.http.get(f"{c.api.base_url}/api/bookings/{booking_id}.ics",
                                  headers={"Authorization": f"Bearer {who['access_token']}"}) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"].startswith("text/calendar")
            assert "attachment" in resp.headers["Content-Disposition"]
            text = await resp.text()
        assert "DTSTART:20260406T010000Z" in text and "BEGIN:VALARM" in text
        assert "家族" not in text and visitor["account"]["nickname"] not in text and "みどり" not in text
    stranger = await person(c)
    status, body = await c.api.call("GET", f"/api/bookings/{booking_id}.ics", token=stranger["access_token"])
    assert status == 404 and body["error"]["code"] == "NOT_FOUND"
    status, body = await c.api.call("GET", f"/api/bookings/{booking_id}.ics")
    assert status == 401


# --- roles and rule management -----------------------------------------------------------

@pytest.mark.parametrize("role,profession,status", [
    ("specialist", "lawyer", 201),
    ("staff", None, 201),
    ("admin", None, 201),
    ("peer_supporter", None, 403),
    ("moderator", None, 403),
])
async def test_who_may_publish(clocked, role, profession, status):
    login = await clocked.api.staff(clocked.app, "だれか", role, profession)
    got, body = await clocked.api.call("POST", "/api/me/availability", json=WEEKLY_MON, token=login["access_token"])
    assert got == status, body
    got, _ = await clocked.api.call("GET", "/api/bookings/today", token=login["access_token"])
    assert got == (200 if status == 201 else 403)


async def test_visitors_and_strangers_cannot_publish(clocked):
    c = clocked
    visitor = await person(c)
    status, body = await c.api.call("POST", "/api/me/availability", json=WEEKLY_MON, token=visitor["access_token"])
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"
    status, body = await c.api.call("GET", "/api/me/availability", token=visitor["access_token"])
    assert status == 403
    status, body = await c.api.call("POST", "/api/me/availability", json=WEEKLY_MON)
    assert status == 401 and body["error"]["code"] == "UNAUTHENTICATED"
    async with c.app[keys.DB_SESSIONS]() as db:
        assert await db.scalar(select(func.count()).select_from(AvailabilityRule)) == 0


async def test_rule_crud_and_ownership(clocked):
    c = clocked
    spec = await specialist(c, rules=())
    token = spec["access_token"]
    once = {"kind": "once", "date": "2026-04-03", "start": "14:00", "end": "15:00", "slot_minutes": 30,
            "audience": "families", "daily_cap": 1, "min_notice_minutes": 120}
    status, created = await c.api.call("POST", "/api/me/availability", json=once, token=token)
    assert status == 201
    rule = created["rule"]
    assert rule | {"id": None} == {"id": None, "kind": "once", "weekday": None, "date": "2026-04-03", "start": "14:00",
                                   "end": "15:00", "tz": "Asia/Tokyo", "slot_minutes": 30, "buffer_minutes": 0,
                                   "min_notice_minutes": 120, "daily_cap": 1, "audience": "families"}
    status, listed = await c.api.call("GET", "/api/me/availability", token=token)
    assert status == 200 and listed == {"rules": [rule], "timezone": "Asia/Tokyo"}

    status, updated = await c.api.call("PUT", f"/api/me/availability/{rule['id']}", json=once | {"end": "16:00"}, token=token)
    assert status == 200 and updated["rule"]["end"] == "16:00" and updated["rule"]["id"] == rule["id"]

    other = await specialist(c, nickname="あおい", rules=())
    status, body = await c.api.call("PUT", f"/api/me/availability/{rule['id']}", json=once, token=other["access_token"])
    assert status == 404 and body["error"]["code"] == "NOT_FOUND"
    status, body = await c.api.call("DELETE", f"/api/me/availability/{rule['id']}", token=other["access_token"])
    assert status == 404
    status, body = await c.api.call("DELETE", f"/api/me/availability/{'x' * 500}", token=token)
    assert status == 404

    status, _ = await c.api.call("DELETE", f"/api/me/availability/{rule['id']}", token=token)
    assert status == 200
    status, listed = await c.api.call("GET", "/api/me/availability", token=token)
    assert listed["rules"] == []
    status, listing = await c.api.call("GET", "/api/specialists")
    assert listing["specialists"] == []  # nothing published, nobody listed


@pytest.mark.parametrize("changes,field", [
    ({"kind": "daily"}, "kind"),
    ({"weekday": 9}, "weekday"),
    ({"start": "10am"}, "start"),
    ({"end": "09:00"}, "end"),
    ({"slot_minutes": 0}, "slot_minutes"),
    ({"slot_minutes": "50"}, "slot_minutes"),
    ({"buffer_minutes": 500}, "buffer_minutes"),
    ({"daily_cap": 0}, "daily_cap"),
    ({"audience": "everyone"}, "audience"),
    ({"tz": "Nowhere/City"}, "tz"),
    ({"kind": "once", "weekday": None, "date": "2026-03-01"}, "date"),
    ({"colour": "blue"}, "colour"),
])
async def test_bad_rules_are_refused_and_nothing_is_stored(clocked, changes, field):
    c = clocked
    spec = await specialist(c, rules=())
    status, body = await c.api.call("POST", "/api/me/availability", json=WEEKLY_MON | changes, token=spec["access_token"])
    assert status == 400 and body["error"]["code"] == "INVALID" and body["error"]["field"] == field, body
    async with c.app[keys.DB_SESSIONS]() as db:
        assert await db.scalar(select(func.count()).select_from(AvailabilityRule)) == 0


# --- every bad booking -------------------------------------------------------------------

@pytest.mark.parametrize("name,body_changes,status,code,reason", [
    ("in the past", {"starts_at": "2026-03-30T01:00:00Z", "ends_at": "2026-03-30T01:50:00Z"}, 409, "SLOT_UNAVAILABLE", "past"),
    ("off the grid", {"starts_at": "2026-04-06T01:10:00Z", "ends_at": "2026-04-06T02:00:00Z"}, 409, "SLOT_UNAVAILABLE", "outside_availability"),
    ("wrong length", {"ends_at": "2026-04-06T02:00:00Z"}, 409, "SLOT_UNAVAILABLE", "outside_availability"),
    ("a Tuesday", {"starts_at": "2026-04-07T01:00:00Z", "ends_at": "2026-04-07T01:50:00Z"}, 409, "SLOT_UNAVAILABLE", "outside_availability"),
    ("unknown specialist", {"specialist_id": "0" * 32}, 409, "SLOT_UNAVAILABLE", "outside_availability"),
    ("profession not theirs", {"profession": "lawyer"}, 409, "SLOT_UNAVAILABLE", "profession"),
    ("note too long", {"note": "あ" * 501}, 400, "INVALID", "too_long"),
    ("note with a phone number", {"note": "090-1234-5678 に電話ください"}, 400, "NOTE_PERSONAL_INFO", None),
    ("note with an e-mail address", {"note": "me@example.org"}, 400, "NOTE_PERSONAL_INFO", None),
    ("note with a control character", {"note": "abc\x1bdef"}, 400, "INVALID", "forbidden_character"),
    ("note with a bidi override", {"note": "abc\u202edef"}, 400, "INVALID", "forbidden_character"),
    ("instant without offset", {"starts_at": "2026-04-06T10:00:00"}, 400, "INVALID", "offset_missing"),
    ("instant as a number", {"starts_at": 1775437200}, 400, "INVALID", None),
    ("unknown profession", {"profession": "wizard"}, 400, "INVALID", None),
    ("unknown field", {"email": "a@b.c"}, 400, "INVALID", None),
    ("specialist id too long", {"specialist_id": "x" * 33}, 400, "INVALID", None),
    ("note not a string", {"note": ["a"]}, 400, "INVALID", None),
])
async def test_bad_bookings_change_nothing(clocked, name, body_changes, status, code, reason):
    c = clocked
    spec = await specialist(c)
    visitor = await person(c)
    body = book_body(spec) | body_changes
    got, answer = await c.api.call("POST", "/api/bookings", json=body, token=visitor["access_token"])
    assert got == status, answer
    assert answer["error"]["code"] == code
    assert set(answer["error"]["message"]) == {"ja", "en"}
    if reason:
        assert answer["error"]["detail"]["reason"] == reason
    assert await booking_rows(c) == []


async def test_malformed_bodies(clocked):
    c = clocked
    spec = await specialist(c)
    visitor = await person(c)
    token = visitor["access_token"]
    cases = [
        (b"{not json", "application/json", 400, "INVALID_JSON"),
        (b"[1, 2]", "application/json", 400, "INVALID"),
        (b'{"specialist_id": "x"}', "application/json", 400, "INVALID"),
        (b"specialist_id=x", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b'{"note": "' + b"a" * 70000 + b'"}', "application/json", 413, "BODY_TOO_LARGE"),
    ]
    for data, ctype, status, code in cases:
        got, body = await c.api.call("POST", "/api/bookings", data=data, token=token, headers={"Content-Type": ctype})
        assert (got, body["error"]["code"]) == (status, code)
    got, body = await c.api.call("POST", "/api/bookings", json=book_body(spec))
    assert got == 401
    got, body = await c.api.call("POST", "/api/bookings", json=book_body(spec), token="not-a-token")
    assert got == 401 and body["error"]["code"] == "TOKEN_INVALID"
    assert await booking_rows(c) == []


async def test_double_booking_is_refused(clocked):
    c = clocked
    spec = await specialist(c)
    first, second = await person(c), await person(c)
    status, _ = await book(c, first, spec)
    assert status == 201
    before = await booking_rows(c)
    status, body = await book(c, second, spec)
    assert status == 409 and body["error"]["code"] == "SLOT_TAKEN"
    assert await booking_rows(c) == before


@pytest.mark.parametrize("audience,kind,status", [
    ("families", "family", 201),
    ("families", "individual", 409),
    ("families", None, 409),  # unspecified counts for "both" only
    ("individuals", "individual", 201),
    ("individuals", "family", 409),
    ("individuals", "supporter", 409),
    ("both", None, 201),
    ("both", "supporter", 201),
])
async def test_audience(clocked, audience, kind, status):
    c = clocked
    spec = await specialist(c, rules=(WEEKLY_MON | {"audience": audience},))
    visitor = await person(c, kind)
    offered = await free_starts(c, token=visitor["access_token"])
    assert (MON_10 in offered) == (status == 201)
    got, body = await book(c, visitor, spec)
    assert got == status, body
    if status == 409:
        assert body["error"]["detail"]["reason"] == "audience" and await booking_rows(c) == []


async def test_min_notice_and_daily_cap(clocked):
    c = clocked
    spec = await specialist(c, rules=(WEEKLY_MON | {"min_notice_minutes": 30, "daily_cap": 1},))
    first, second = await person(c), await person(c)
    await advance(c, timedelta(days=4, hours=23, minutes=31), first, second)  # Monday 09:31 Tokyo
    status, body = await book(c, first, spec)
    assert status == 409 and body["error"]["detail"]["reason"] == "min_notice"
    status, body = await book(c, first, spec, start=MON_11, end=MON_1150)
    assert status == 201
    await advance(c, timedelta(hours=-1), second)
    status, body = await book(c, second, spec)
    assert status == 409 and body["error"]["detail"]["reason"] == "daily_cap"


async def test_nobody_books_their_own_calendar(clocked):
    c = clocked
    spec = await specialist(c)
    status, body = await book(c, spec, spec)
    assert status == 409 and body["error"]["detail"]["reason"] == "own_calendar"
    visitor = await person(c)
    status, body = await book(c, spec, visitor)  # a visitor is no specialist
    assert status == 409 and body["error"]["detail"]["reason"] == "outside_availability"


async def test_a_person_holds_at_most_three_and_never_two_at_once(clocked):
    c = clocked
    one = await specialist(c, rules=(WEEKLY_MON | {"end": "16:00"},))
    two = await specialist(c, nickname="あおい", profession="lawyer")
    visitor = await person(c)
    status, _ = await book(c, visitor, one)
    assert status == 201
    status, body = await book(c, visitor, two)  # the same hour with someone else
    assert status == 409 and body["error"]["detail"]["reason"] == "overlaps_your_booking"
    for start, end in ((MON_11, MON_1150), ("2026-04-06T03:00:00Z", "2026-04-06T03:50:00Z")):
        status, _ = await book(c, visitor, one, start=start, end=end)
        assert status == 201
    before = await booking_rows(c)
    status, body = await book(c, visitor, one, start="2026-04-06T04:00:00Z", end="2026-04-06T04:50:00Z")
    assert status == 409 and body["error"]["code"] == "BOOKING_LIMIT" and body["error"]["detail"]["max"] == 3
    assert await booking_rows(c) == before


# --- cancel, reschedule, no-show, complete -----------------------------------------------

async def test_cancel_by_the_person_frees_the_slot(clocked):
    c = clocked
    spec = await specialist(c)
    visitor, stranger = await person(c), await person(c)
    _, made = await book(c, visitor, spec)
    booking_id = made["booking"]["id"]
    path = f"/api/bookings/{booking_id}/cancel"

    status, body = await c.api.call("POST", path, json={"reason": "changed_plans"}, token=stranger["access_token"])
    assert status == 404 and body["error"]["code"] == "NOT_FOUND"
    for bad in ({}, {"reason": "bored"}, {"reason": "other", "message": "x" * 201},
                {"reason": "other", "message": "携帯 090 1234 5678"}, {"reason": "other", "extra": 1}):
        status, body = await c.api.call("POST", path, json=bad, token=visitor["access_token"])
        assert status == 400, (bad, body)
    assert [r[1] for r in await booking_rows(c)] == ["booked"]

    status, body = await c.api.call("POST", path, json={"reason": "not_up_to_it", "message": "今日は休みます"},
                                    token=visitor["access_token"])
    assert status == 200
    assert body["booking"]["status"] == "cancelled"
    assert body["booking"]["cancel"] | {"at": None} == {"by": "person", "reason": "not_up_to_it", "message": "今日は休みます", "at": None}
    assert MON_10 in await free_starts(c)
    status, body = await c.api.call("POST", path, json={"reason": "other"}, token=visitor["access_token"])
    assert status == 409 and body["error"]["detail"]["reason"] == "not_booked"

    # the freed slot can be booked again by someone else
    status, _ = await book(c, stranger, spec)
    assert status == 201


async def test_cancel_by_the_specialist_and_not_after_the_start(clocked):
    c = clocked
    spec = await specialist(c)
    visitor = await person(c)
    _, first = await book(c, visitor, spec)
    _, second = await book(c, visitor, spec, start=MON_11, end=MON_1150)
    status, body = await c.api.call("POST", f"/api/bookings/{first['booking']['id']}/cancel",
                                    json={"reason": "specialist_unavailable"}, token=spec["access_token"])
    assert status == 200 and body["booking"]["cancel"]["by"] == "specialist" and body["booking"]["side"] == "specialist"
    await advance(c, timedelta(days=5, hours=1), visitor)  # Monday 11:00 Tokyo: the second has started
    status, body = await c.api.call("POST", f"/api/bookings/{second['booking']['id']}/cancel",
                                    json={"reason": "other"}, token=visitor["access_token"])
    assert status == 409 and body["error"]["detail"]["reason"] == "already_started"


async def test_reschedule_either_side(clocked):
    c = clocked
    spec = await specialist(c, rules=(WEEKLY_MON | {"end": "14:00"},))
    visitor, other = await person(c), await person(c)
    _, made = await book(c, visitor, spec, note="はじめてです")
    old_id = made["booking"]["id"]
    _, taken = await book(c, other, spec, start=MON_11, end=MON_1150)

    before = await booking_rows(c)
    status, body = await c.api.call("POST", f"/api/bookings/{old_id}/reschedule",
                                    json={"starts_at": MON_11, "ends_at": MON_1150, "reason": "changed_plans"},
                                    token=visitor["access_token"])
    assert status == 409 and body["error"]["code"] == "SLOT_TAKEN"
    status, body = await c.api.call("POST", f"/api/bookings/{old_id}/reschedule",
                                    json={"starts_at": MON_10, "ends_at": MON_1050, "reason": "changed_plans"},
                                    token=visitor["access_token"])
    assert status == 409 and body["error"]["detail"]["reason"] == "same_time"
    status, body = await c.api.call("POST", f"/api/bookings/{old_id}/reschedule",
                                    json={"starts_at": "2026-04-06T03:00:00Z", "ends_at": "2026-04-06T03:50:00Z",
                                          "reason": "changed_plans"}, token=other["access_token"])
    assert status == 404
    assert await booking_rows(c) == before

    status, body = await c.api.call("POST", f"/api/bookings/{old_id}/reschedule",
                                    json={"starts_at": "2026-04-06T03:00:00Z", "ends_at": "2026-04-06T03:50:00Z",
                                          "reason": "changed_plans"}, token=visitor["access_token"])
    assert status == 201, body
    new = body["booking"]
    assert new["rescheduled_from"] == old_id and new["starts_at"] == "2026-04-06T03:00:00Z" and new["note"] == "はじめてです"
    status, mine = await c.api.call("GET", "/api/bookings?side=person", token=visitor["access_token"])
    assert [(b["id"], b["status"]) for b in mine["bookings"]] == [(old_id, "cancelled"), (new["id"], "booked")]
    assert MON_10 in await free_starts(c)

    # the specialist moves it back
    status, body = await c.api.call("POST", f"/api/bookings/{new['id']}/reschedule",
                                    json={"starts_at": MON_10, "ends_at": MON_1050, "reason": "specialist_unavailable"},
                                    token=spec["access_token"])
    assert status == 201 and body["booking"]["side"] == "specialist" and body["booking"]["rescheduled_from"] == new["id"]
    status, active = await c.api.call("GET", "/api/bookings?side=person&status=booked", token=visitor["access_token"])
    assert [b["starts_at"] for b in active["bookings"]] == [MON_10]


async def test_no_show_and_complete(clocked):
    c = clocked
    spec = await specialist(c)
    visitor = await person(c)
    _, made = await book(c, visitor, spec)
    booking_id = made["booking"]["id"]
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/no-show", token=spec["access_token"])
    assert status == 409 and body["error"]["detail"]["reason"] == "not_started"
    stranger = await person(c)
    await advance(c, timedelta(days=5, minutes=20), spec, visitor, stranger)  # 20 minutes into the session
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/no-show", token=visitor["access_token"])
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/complete", token=visitor["access_token"])
    assert status == 403
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/no-show", token=stranger["access_token"])
    assert status == 404
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/no-show", token=spec["access_token"])
    assert status == 200 and body["booking"]["status"] == "no_show"
    # a no-show still held the time: the slot is not offered again, and nothing else is asked of the person
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/complete", token=spec["access_token"])
    assert status == 200 and body["booking"]["status"] == "completed"
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/cancel", json={"reason": "other"},
                                    token=visitor["access_token"])
    assert status == 409
    # A session that took place can never be marked as one the person missed (they would be
    # told they did not come): refused, and nothing changes.
    status, body = await c.api.call("POST", f"/api/bookings/{booking_id}/no-show", token=spec["access_token"])
    assert status == 409 and body["error"]["detail"]["reason"] == "completed_to_no_show"
    status, body = await c.api.call("GET", "/api/bookings?side=specialist", token=spec["access_token"])
    assert [(b["id"], b["status"]) for b in body["bookings"]] == [(booking_id, "completed")]
    status, body = await c.api.call("POST", f"/api/bookings/{'0' * 32}/complete", token=spec["access_token"])
    assert status == 404


async def test_the_other_side_hears_about_it_in_the_space(clocked):
    c = clocked
    spec = await specialist(c)
    visitor = await person(c)
    heard: dict[str, list] = {"spec": [], "visitor": []}
    clients = []

    async def listen(name: str, login: dict) -> None:
        client = socketio.AsyncClient(reconnection=False)
        # booking:created is a notice for the specialist's console, which listens on /desk
        for event in ("booking:created", "booking:cancelled", "booking:rescheduled", "booking:no_show"):
            for namespace in ("/space", "/desk"):
                client.on(event, lambda data, event=event, name=name, ns=namespace: heard[name].append((event, data, ns)),
                          namespace=namespace)
        await client.connect(c.url, namespaces=["/space", "/desk"], transports=["websocket"],
                             auth={"token": login["access_token"]}, wait_timeout=5)
        clients.append(client)

    for name, login in (("spec", spec), ("visitor", visitor)):
        await listen(name, login)
    try:
        _, made = await book(c, visitor, spec, note="よろしくお願いします")
        booking_id = made["booking"]["id"]
        await c.api.call("POST", f"/api/bookings/{booking_id}/reschedule", token=visitor["access_token"],
                         json={"starts_at": MON_11, "ends_at": MON_1150, "reason": "changed_plans"})
        _, moved = await c.api.call("GET", "/api/bookings?status=booked", token=visitor["access_token"])
        await advance(c, timedelta(days=5, hours=1, minutes=15), spec, visitor)
        # five days on, the old sockets' grants have run out (the sweep runs on this clock):
        # the visitor is back in the space with the fresh token, as the web client would be
        await listen("visitor", visitor)
        await c.api.call("POST", f"/api/bookings/{moved['bookings'][0]['id']}/no-show", token=spec["access_token"])
        await within(lambda: len(heard["spec"]) >= 3 and heard["visitor"], 5)  # checked exactly below
    finally:
        for client in clients:
            await client.disconnect()
    # the person's move reaches the specialist in the space and in the console (the same data)
    assert [(e, ns) for e, _, ns in heard["spec"]] == [
        ("booking:created", "/desk"), ("booking:rescheduled", "/space"), ("booking:rescheduled", "/desk")]
    assert heard["spec"][1][1] == heard["spec"][2][1]
    created = heard["spec"][0][1]["booking"]
    assert created["id"] == booking_id and created["side"] == "specialist" and created["note"] == "よろしくお願いします"
    assert heard["spec"][1][1]["previous"]["id"] == booking_id
    [(event, data, namespace)] = heard["visitor"]  # the person hears nothing of their own actions, only the no-show
    assert event == "booking:no_show" and namespace == "/space" and data["offer_another_time"] is True
    assert data["message"]["ja"] and data["message"]["en"] and data["booking"]["side"] == "person"


async def test_a_cancellation_reaches_the_specialists_console_only_when_the_person_cancels(clocked):
    c = clocked
    spec = await specialist(c)
    visitor = await person(c)
    _, first = await book(c, visitor, spec)
    _, second = await book(c, visitor, spec, start=MON_11, end=MON_1150)
    spec_desk, spec_space = RecordingClient(c.url, "/desk"), RecordingClient(c.url, "/space")
    visitor_space = RecordingClient(c.url, "/space")
    for client, login in ((spec_desk, spec), (spec_space, spec), (visitor_space, visitor)):
        await client.open({"token": login["access_token"]})
    try:
        # the specialist cancels the first: the person hears it, the specialist's own console does not
        status, _ = await c.api.call("POST", f"/api/bookings/{first['booking']['id']}/cancel",
                                     json={"reason": "specialist_unavailable"}, token=spec["access_token"])
        assert status == 200
        told = await visitor_space.wait_for("booking:cancelled")
        assert told["booking"]["id"] == first["booking"]["id"] and told["offer_another_time"] is True
        # the person cancels the second: the specialist hears it in the space and in the console
        status, _ = await c.api.call("POST", f"/api/bookings/{second['booking']['id']}/cancel",
                                     json={"reason": "changed_plans"}, token=visitor["access_token"])
        assert status == 200
        in_console = await spec_desk.wait_for("booking:cancelled")
        in_space = await spec_space.wait_for("booking:cancelled")
    finally:
        for client in (spec_desk, spec_space, visitor_space):
            await client.close()
    assert in_console == in_space
    assert in_console["booking"]["id"] == second["booking"]["id"] and in_console["booking"]["side"] == "specialist"
    assert in_console["booking"]["person"]["nickname"] and "offer_another_time" not in in_console
    # the first (the specialist's own action) came before the second and never reached them
    assert [d["booking"]["id"] for d in spec_desk.events["booking:cancelled"]] == [second["booking"]["id"]]
    assert [d["booking"]["id"] for d in spec_space.events["booking:cancelled"]] == [second["booking"]["id"]]
    assert len(visitor_space.events["booking:cancelled"]) == 1


async def test_listing_filters_and_bad_queries(clocked):
    c = clocked
    await specialist(c)
    await specialist(c, nickname="あおい", profession="lawyer", rules=(WEEKLY_MON | {"start": "13:00", "end": "14:00"},))
    status, body = await c.api.call("GET", "/api/availability?from=2026-04-01&to=2026-04-08&profession=lawyer")
    assert status == 200 and {s["specialist"]["nickname"] for s in body["slots"]} == {"あおい"}
    status, body = await c.api.call("GET", "/api/specialists?profession=lawyer")
    assert [s["nickname"] for s in body["specialists"]] == ["あおい"]
    status, body = await c.api.call("GET", "/api/availability?from=2026-03-01T00:00:00Z&to=2026-04-08T00:00:00Z")
    assert status == 200 and all(s["starts_at"] > "2026-04-01T01:00:00Z" for s in body["slots"])  # never the past
    for query, field in (("from=yesterday", "from"), ("to=2026-04-01T00:00:00", "to"), ("from=2026-04-01&to=2026-07-01", "to"),
                         ("from=2026-04-08&to=2026-04-02", "to"), ("profession=wizard", "profession")):
        status, body = await c.api.call("GET", f"/api/availability?{query}")
        assert status == 400 and body["error"]["field"] == field, query
    visitor = await person(c)
    for query in ("side=everyone", "status=lost", "from=soon"):
        status, body = await c.api.call("GET", f"/api/bookings?{query}", token=visitor["access_token"])
        assert status == 400, query


# --- races -------------------------------------------------------------------------------

async def test_many_simultaneous_requests_for_one_slot_make_one_booking(clocked):
    c = clocked
    spec = await specialist(c)
    people = [await person(c) for _ in range(16)]
    results = await asyncio.gather(*(book(c, p, spec) for p in people))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(201) == 1, results
    assert {body["error"]["code"] for status, body in results if status != 201} == {"SLOT_TAKEN"}
    rows = await booking_rows(c)
    assert len(rows) == 1 and rows[0][1] == "booked"


async def test_racing_for_overlapping_slots_of_two_rules_makes_one_booking(clocked):
    """Different starts (so the unique slot key alone would not stop it): the calendar
    lock serialises the re-check."""
    c = clocked
    half_past = {"kind": "once", "date": "2026-04-06", "start": "10:30", "end": "11:20", "slot_minutes": 50}
    spec = await specialist(c, rules=(WEEKLY_MON, half_past))
    assert await free_starts(c) == [MON_10, "2026-04-06T01:30:00Z", MON_11]
    people = [await person(c) for _ in range(12)]
    calls = [
        book(c, p, spec, *((MON_10, MON_1050) if i % 2 else ("2026-04-06T01:30:00Z", "2026-04-06T02:20:00Z")))
        for i, p in enumerate(people)
    ]
    results = await asyncio.gather(*calls)
    assert [s for s, _ in results].count(201) == 1, results
    assert {body["error"]["code"] for status, body in results if status != 201} == {"SLOT_TAKEN"}
    assert len(await booking_rows(c)) == 1
