"""Opening a case needs a relation, and nobody learns that a case exists unless they can read
it; a staff member who seats themself gives a reason the person reads. Over real HTTP on
SQLite and PostgreSQL, with a fake clock so bookings are real ones."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from rooms.casework.models import AccessEntry, Assignment, Case
from server import keys
from tests.integration.test_bookings_api import book, clocked, specialist  # noqa: F401 (fixture)
from tests.integration.test_bookings_api import advance

NO_RELATION = {"code": "FORBIDDEN", "detail": {"reason": "no_relation"}}


def aid(who: dict) -> str:
    return who["account"]["id"]


async def kept(c, nickname: str) -> dict:
    guest = await c.api.guest()
    status, body = await c.api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                    json={"nickname": nickname, "passphrase": "a calm passphrase", "kind": "individual"})
    assert status == 201, body
    return body


async def answer_desk_message(c, person: dict, worker: dict | None, *, reply: str | None = "お返事します") -> str:
    """The person leaves a message at the desk; ``worker`` marks it handled (with a reply)."""
    status, body = await c.api.call("POST", "/api/desk/messages", token=person["access_token"],
                                    json={"text": "話を聞いてほしいです"})
    assert status == 201, body
    message_id = body["message"]["id"] if "message" in body else body["id"]
    if worker is not None:
        payload = {"reply": reply} if reply else {}
        status, body = await c.api.call("POST", f"/api/desk/messages/{message_id}/handled",
                                        token=worker["access_token"], json=payload)
        assert status == 200, body
    return message_id


async def open_case(c, worker: dict, person: dict | str):
    target = {"person_nickname": person} if isinstance(person, str) else {"person_id": aid(person)}
    return await c.api.call("POST", "/api/cases", token=worker["access_token"], json=target)


async def table_counts(c) -> dict:
    async with c.app[keys.DB_SESSIONS]() as db:
        return {m.__tablename__: await db.scalar(select(func.count()).select_from(m))
                for m in (Case, Assignment, AccessEntry)}


def error_of(body: dict) -> dict:
    return {k: body["error"].get(k) for k in ("code", "detail")}


# --- each relation kind ----------------------------------------------------------------------

@pytest.mark.parametrize("how, status", [
    ("booked", 201),  # an upcoming booking: the person chose this specialist
    ("completed", 201),
    ("no_show", 201),  # booked and could not come: they still reached out
    ("cancelled_by_person", 403),
    ("cancelled_by_specialist", 403),
    ("none", 403),
])
async def test_a_booking_is_a_relation_unless_cancelled(clocked, how, status):
    c = clocked
    spec = await specialist(c, "みどり先生")
    person = await kept(c, "あさのひと")
    if how != "none":
        got, made = await book(c, person, spec)
        assert got == 201, made
        booking = f"/api/bookings/{made['booking']['id']}"
        if how.startswith("cancelled"):
            who = person if how.endswith("person") else spec
            reason = "changed_plans" if who is person else "specialist_unavailable"
            got, _ = await c.api.call("POST", f"{booking}/cancel", json={"reason": reason}, token=who["access_token"])
            assert got == 200
        elif how in ("completed", "no_show"):
            await advance(c, timedelta(days=5, minutes=20), spec)  # 20 minutes into the session
            got, _ = await c.api.call("POST", f"{booking}/{'complete' if how == 'completed' else 'no-show'}",
                                      token=spec["access_token"])
            assert got == 200
    before = await table_counts(c)
    got, body = await open_case(c, spec, person)
    assert got == status, body
    if status == 403:
        assert error_of(body) == NO_RELATION
        assert await table_counts(c) == before
    else:
        assert [x["nickname"] for x in body["case"]["assignees"]] == ["みどり先生"]


async def test_someone_elses_booking_is_no_relation(clocked):
    c = clocked
    booked_one, other = await specialist(c, "みどり先生"), await specialist(c, "しろ先生", rules=())
    person = await kept(c, "あさのひと")
    assert (await book(c, person, booked_one))[0] == 201
    got, body = await open_case(c, other, person)
    assert got == 403 and error_of(body) == NO_RELATION


@pytest.mark.parametrize("how, status", [
    ("replied", 201),
    ("handled_without_reply", 403),  # the person never saw anything from this worker
    ("replied_by_someone_else", 403),
    ("deleted_by_the_person", 403),  # taking a message back takes the relation back
    ("open", 403),
])
@pytest.mark.parametrize("role", ["specialist", "staff"])
async def test_an_answered_desk_message_is_a_relation(clocked, role, how, status):
    c = clocked
    worker = await c.api.staff(c.app, "こたえる人", role, "psychologist" if role == "specialist" else None)
    colleague = await c.api.staff(c.app, "となりの人", "staff")
    person = await kept(c, "よるのひと")
    answerer = {"replied": worker, "handled_without_reply": worker, "deleted_by_the_person": worker,
                "replied_by_someone_else": colleague, "open": None}[how]
    message_id = await answer_desk_message(c, person, answerer, reply=None if how == "handled_without_reply" else "はい")
    if how == "deleted_by_the_person":
        got, _ = await c.api.call("DELETE", f"/api/desk/messages/{message_id}", token=person["access_token"])
        assert got == 200
    got, body = await open_case(c, worker, person)
    assert got == status, body
    if status == 403:
        assert error_of(body) == NO_RELATION


# --- every role ---------------------------------------------------------------------------

# Visitors, peer supporters and moderators can have no relation at all (they are neither
# bookable nor desk workers); the unit tables pair every role with every relation kind.
@pytest.mark.parametrize("role, related, status, reason", [
    ("visitor", False, 403, "not_a_caseworker"),
    ("peer_supporter", False, 403, "not_a_caseworker"),
    ("moderator", False, 403, "not_a_caseworker"),
    ("admin", True, 403, "not_a_caseworker"),  # admins answer the desk, but never hold a case
    ("specialist", False, 403, "no_relation"),
    ("specialist", True, 201, None),
    ("staff", False, 403, "no_relation"),
    ("staff", True, 201, None),
    ("guest", False, 403, "guest"),
])
async def test_who_may_open_every_role(clocked, role, related, status, reason):
    c = clocked
    person = await kept(c, "ひるのひと")
    if role == "guest":
        actor = await c.api.guest()
    elif role == "visitor":
        actor = await kept(c, "となりのひと")
    else:
        actor = await c.api.staff(c.app, "ためす人", role, "psychologist" if role == "specialist" else None)
    if related:
        await answer_desk_message(c, person, actor)
    before = await table_counts(c)
    got, body = await open_case(c, actor, person)
    assert got == status, body
    if reason:
        assert body["error"]["code"] == "FORBIDDEN" and body["error"]["detail"]["reason"] == reason
        assert await table_counts(c) == before


# --- no oracle ----------------------------------------------------------------------------

async def test_an_unrelated_caseworker_cannot_tell_whether_a_case_exists(clocked):
    c = clocked
    holder = await specialist(c, "あおい先生")
    prober = await c.api.staff(c.app, "しらない先生", "specialist", "psychologist")
    with_case, without_case = await kept(c, "ケースあり"), await kept(c, "ケースなし")
    assert (await book(c, with_case, holder))[0] == 201
    got, _ = await open_case(c, holder, with_case)
    assert got == 201

    answers = []
    for target in (with_case, without_case, "ケースあり", "ケースなし", "いないひと"):
        answers.append(await open_case(c, prober, target))
    assert {(status, repr(body)) for status, body in answers} == {(403, repr({"error": answers[0][1]["error"]}))}
    assert error_of(answers[0][1]) == NO_RELATION

    # The probes on the existing case are in its person's log, as refused "open" attempts.
    status, record = await c.api.call("GET", "/api/my-record", token=with_case["access_token"])
    assert status == 200
    log = [(e["action"], e["allowed"], e["who"]["nickname"]) for e in record["record"]["access_log"]]
    assert log == [("open", False, "しらない先生"), ("open", False, "しらない先生"), ("open", True, "あおい先生")]


async def test_a_related_caseworker_is_not_told_either_but_an_assignee_is(clocked):
    c = clocked
    first = await specialist(c, "あおい先生")
    second = await specialist(c, "みどり先生", rules=({"kind": "weekly", "weekday": 1, "start": "10:00", "end": "12:00",
                                                    "slot_minutes": 50, "buffer_minutes": 10},))
    person = await kept(c, "ふたりとあう")
    assert (await book(c, person, first))[0] == 201
    assert (await book(c, person, second, start="2026-04-07T01:00:00Z", end="2026-04-07T01:50:00Z"))[0] == 201
    status, opened = await open_case(c, first, person)
    assert status == 201
    # The second specialist met the person too, but cannot read the case: the same refusal.
    status, body = await open_case(c, second, person)
    assert status == 403 and error_of(body) == NO_RELATION
    # Its assignee may hear that it exists, and where.
    status, body = await open_case(c, first, person)
    assert status == 409 and body["error"]["detail"] == {"reason": "case_exists", "case_id": opened["case"]["id"]}


# --- seating oneself ----------------------------------------------------------------------

@pytest.fixture
async def held_case(clocked):
    c = clocked
    holder = await specialist(c, "あおい先生")
    coordinator = await c.api.staff(c.app, "まとめ役", "staff")
    other = await c.api.staff(c.app, "しろ先生", "specialist", "public_health_nurse")
    person = await kept(c, "はるのひと")
    assert (await book(c, person, holder))[0] == 201
    status, body = await open_case(c, holder, person)
    assert status == 201
    return {"c": c, "holder": holder, "coordinator": coordinator, "other": other, "person": person,
            "case_id": body["case"]["id"]}


async def person_log(c, person: dict) -> list[tuple]:
    status, body = await c.api.call("GET", "/api/my-record", token=person["access_token"])
    assert status == 200
    return [(e["action"], e["allowed"], e["who"]["nickname"], e["detail"]) for e in body["record"]["access_log"]]


@pytest.mark.parametrize("payload, field", [
    ({}, "reason"),  # a reason is required
    ({"reason": ""}, "reason"),
    ({"reason": "  \n "}, "reason"),
    ({"reason": "x" * 201}, "reason"),  # it goes whole into the person's log
    ({"reason": "two\nlines"}, "reason"),
    ({"reason": "rtl\u202eevil"}, "reason"),
    ({"reason": 7}, "reason"),
])
async def test_seating_oneself_needs_a_reason(held_case, payload, field):
    c, me = held_case["c"], held_case["coordinator"]
    before = await table_counts(c)
    status, body = await c.api.call("POST", f"/api/cases/{held_case['case_id']}/assignees", token=me["access_token"],
                                    json={"specialist_id": aid(me), **payload})
    assert status == 400 and body["error"]["code"] == "INVALID" and body["error"]["field"] == field, body
    assert await table_counts(c) == before  # nothing seated, nothing logged


async def test_seating_oneself_is_logged_with_the_reason_the_person_reads(held_case):
    c, me, person, case_id = held_case["c"], held_case["coordinator"], held_case["person"], held_case["case_id"]
    reason = "担当のあおい先生が長期休暇のため、その間の連絡を受けます"
    status, body = await c.api.call("POST", f"/api/cases/{case_id}/assignees", token=me["access_token"],
                                    json={"specialist_id": aid(me), "reason": reason})
    assert status == 200, body
    assert [x["nickname"] for x in body["assignees"]] == ["あおい先生", "まとめ役"]
    assert (await person_log(c, person))[0] == ("self_assign", True, "まとめ役", reason)
    # Seating someone else needs no reason and is logged as before.
    status, body = await c.api.call("POST", f"/api/cases/{case_id}/handover", token=me["access_token"],
                                    json={"outgoing_id": aid(me), "incoming_id": aid(held_case["other"]),
                                          "reason": "休暇明けの体制へ"})
    assert status == 200, body
    assert (await person_log(c, person))[0] == ("hand_over", True, "まとめ役", "まとめ役 → しろ先生")


async def test_handing_a_seat_to_oneself_is_logged_with_the_reason(held_case):
    c, me, person, case_id = held_case["c"], held_case["coordinator"], held_case["person"], held_case["case_id"]
    path = f"/api/cases/{case_id}/handover"
    swap = {"outgoing_id": aid(held_case["holder"]), "incoming_id": aid(me)}
    before = await table_counts(c)
    for bad in ({}, {"reason": "x" * 201}, {"reason": "\x00"}):
        status, body = await c.api.call("POST", path, token=me["access_token"], json=swap | bad)
        assert status == 400 and body["error"]["field"] == "reason", body
    assert await table_counts(c) == before
    status, body = await c.api.call("POST", path, token=me["access_token"], json=swap | {"reason": "退職のため引きつぎます"})
    assert status == 200, body
    assert (await person_log(c, person))[:2] == [
        ("self_assign", True, "まとめ役", "退職のため引きつぎます"),
        ("hand_over", True, "まとめ役", "あおい先生 → まとめ役")]
    status, _ = await c.api.call("GET", f"/api/cases/{case_id}", token=me["access_token"])
    assert status == 200  # seated, so now a reader; the person saw why


async def test_nobody_else_seats_themself(held_case):
    c, case_id = held_case["c"], held_case["case_id"]
    other = held_case["other"]
    # An unassigned specialist cannot seat anyone, themself included: refused and logged.
    status, body = await c.api.call("POST", f"/api/cases/{case_id}/assignees", token=other["access_token"],
                                    json={"specialist_id": aid(other), "reason": "気になったので"})
    assert status == 403 and body["error"]["detail"]["reason"] == "not_assigned"
    admin = await c.api.staff(c.app, "かんり", "admin")
    status, body = await c.api.call("POST", f"/api/cases/{case_id}/assignees", token=admin["access_token"],
                                    json={"specialist_id": aid(admin), "reason": "確認のため"})
    assert status == 400 and body["error"]["field"] == "specialist_id"  # admins are never assignable
    assert (await person_log(c, held_case["person"]))[0] == ("assign", False, "しろ先生", None)
