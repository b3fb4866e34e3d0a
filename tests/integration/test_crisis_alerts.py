"""Crisis alerts and the shield over real clients on loopback, on SQLite and PostgreSQL, with
the app on a FakeClock (escalation is a heartbeat on the injected clock): a phone number in
the plaza arrives masked and its sender is told; the desk's confirm step; a crisis at the desk
reaches the console on duty at once and the person sees the support lines; escalation to every
staff member after 2 minutes; an alert survives a restart; the acknowledgement and its refusals.
Also measures the alert's latency (send -> console), printed, not asserted (docs/PERFORMANCE.md)."""
from __future__ import annotations

import asyncio
import json
import statistics
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from moderation.audit import AuditEntry
from moderation.crisis_alerts import CrisisAlert
from server import keys
from server.core.clock import FakeClock
from tests.conftest import serving
from tests.integration.consult_client import consult_site
from tests.integration.space_client import SpaceClient
from tests.integration.test_consult_realtime import in_room as consult_in_room
from tests.integration.test_desk_realtime import ALWAYS, DeskClient
from tests.integration.test_letters_api import cast, send  # noqa: F401 (cast: a fixture)
from tests.integration.test_space_realtime import free_spot
from tests.waiting import advance

# Wednesday 2 December 2026, 11:00 in Tokyo.
NOW = datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc)
CRISIS = "もう死にたい。今夜で終わりにするつもりです"
PHONE = "連絡ください 090-1234-5678"


class World:
    def __init__(self, running, clock):
        self.running, self.clock, self.clients = running, clock, []

    async def desk(self, login=None) -> DeskClient:
        client = DeskClient(self.running.url, login or await self.running.api.guest())
        self.clients.append(client)
        return await client.connect()

    async def space(self, login=None) -> tuple[SpaceClient, dict]:
        login = login or await self.running.api.guest()
        client = SpaceClient(self.running.url, login["access_token"])
        self.clients.append(client)
        await client.connect()
        return client, login

    async def staff(self, nickname, role="staff") -> dict:
        return await self.running.api.staff(self.running.app, nickname, role, "psychologist" if role == "specialist" else None)

    async def close(self):
        for client in self.clients:
            await client.close()


@pytest.fixture
async def world(db_url, tmp_path):
    clock = FakeClock(NOW)
    async with serving(db_url, tmp_path, clock=clock) as running:
        w = World(running, clock)
        yield w
        await w.close()


async def open_desk_chat(world, worker_login) -> tuple[DeskClient, DeskClient, str]:
    """Hours always open, ``worker`` on duty, a guest knocks and is taken: (worker, visitor, session)."""
    status, reply = await world.running.api.call("PUT", "/api/desk/hours", json=ALWAYS, token=worker_login["access_token"])
    assert status == 200, reply
    worker = await world.desk(worker_login)
    await worker.ok("desk:duty", {"status": "available"})
    visitor = await world.desk()
    await visitor.ok("desk:knock")
    session_id = (await worker.ok("desk:take_next"))["session_id"]
    await visitor.wait_for("desk:opened")
    return worker, visitor, session_id


async def alerts_in_db(running) -> list[CrisisAlert]:
    async with running.app[keys.DB_SESSIONS]() as db:
        return list(await db.scalars(select(CrisisAlert).order_by(CrisisAlert.at)))


async def beat(world, seconds: float):
    """Move the FakeClock and let the heartbeats that fall due run."""
    await advance(world.clock, seconds)


# -- the shield in public places ---------------------------------------------------------------

async def test_a_phone_number_in_the_plaza_arrives_masked_and_the_sender_is_told(world):
    space = world.running.app[keys.SPACE].world
    (a, la), (b, lb) = await world.space(), await world.space()
    plaza = space.map.zone_by_id("plaza")
    for login, dx in ((la, 0), (lb, 40)):
        x, y = free_spot(space, plaza, dx)
        space.join(login["account"]["id"], nickname=login["account"]["nickname"], look_digest="x",
                   status="just_here", position=(x, y), instance_id=space.instance_of(login["account"]["id"]))
    answer = await a.ok("zone:say", {"text": PHONE})
    assert answer["shield"]["masked"] is True and answer["shield"]["kinds"] == ["phone"]
    assert "電話番号" in answer["shield"]["message"]["ja"] and "phone number" in answer["shield"]["message"]["en"]
    got = await b.wait_for("chat:zone_message")
    assert "090" not in got["text"] and "5678" not in got["text"] and "●" in got["text"]
    assert got["text"].startswith("連絡ください")
    # words that only look numeric pass untouched, and the sender hears nothing
    calm = await a.ok("zone:say", {"text": "今日は3時から30分だけ来ました"})
    assert "shield" not in calm and "crisis" not in calm
    assert (await b.wait_for("chat:zone_message", lambda d: d["id"] == calm["id"]))["text"] == "今日は3時から30分だけ来ました"


async def test_a_conversation_masks_an_email_address(world):
    (a, la), (b, lb) = await world.space(), await world.space()
    await b.ok("presence:status", {"status": "open"})
    await a.ok("contact:invite", {"to": [lb["account"]["id"]]})
    request = await b.wait_for("contact:request")
    await b.ok("contact:accept", {"request_id": request["request_id"]})
    conversation = (await a.wait_for("contact:opened"))["conversation_id"]
    answer = await a.ok("chat:say", {"conversation_id": conversation, "text": "メールは taro@example.com です"})
    assert answer["shield"]["kinds"] == ["email"]
    got = await b.wait_for("chat:message")
    assert "taro@example.com" not in got["text"] and "●" in got["text"]


# -- the desk: a confirm step, not a mask --------------------------------------------------------

async def test_the_desk_asks_before_personal_information_goes_to_staff(world):
    worker, visitor, session_id = await open_desk_chat(world, await world.staff("さくら相談員"))
    refused = await visitor.refused("desk:say", {"session_id": session_id, "text": PHONE})
    assert refused["code"] == "CONFIRM_PERSONAL_INFO" and refused["detail"]["kinds"] == ["phone"]
    assert refused["message"]["ja"] and refused["message"]["en"]
    assert "desk:message" not in worker.events  # nothing went out
    sent = await visitor.ok("desk:say", {"session_id": session_id, "text": PHONE, "confirmed": True})
    assert sent["text"] == PHONE
    assert (await worker.wait_for("desk:message", lambda d: d["from"] == "visitor"))["text"] == PHONE  # unmasked
    # staff writing a number to the person is not asked (a support line, a centre's number)
    assert (await worker.ok("desk:say", {"session_id": session_id, "text": "こちらの番号です 0120-279-338"}))["text"]
    bad = await visitor.refused("desk:say", {"session_id": session_id, "text": PHONE, "confirmed": "yes"})
    assert bad["code"] == "INVALID"


# -- crisis alerts -------------------------------------------------------------------------------

async def test_a_crisis_at_the_desk_rings_the_console_on_duty_and_the_person_sees_the_lines(world):
    worker_login = await world.staff("さくら相談員")
    moderator_login = await world.staff("もみじ見守り", "moderator")
    worker, visitor, session_id = await open_desk_chat(world, worker_login)
    moderator = await world.desk(moderator_login)  # not on duty: hears it only on escalation
    await visitor.ok("desk:say", {"session_id": session_id, "text": "こんばんは"})
    answer = await visitor.ok("desk:say", {"session_id": session_id, "text": CRISIS})
    crisis = answer["crisis"]
    assert crisis["level"] == "urgent" and crisis["staff_asked"] is True and crisis["staffed_now"] is True
    assert crisis["demo"] is True and any(line.get("phone") == "0120-279-338" for line in crisis["lines"])
    alert = await worker.wait_for("crisis:alert")
    assert alert["channel"] == "desk" and alert["place"] == session_id and alert["level"] == "urgent"
    assert alert["account_id"] == visitor.account_id and alert["nickname"] == visitor.nickname
    assert [line["text"] for line in alert["context"]] == ["こんばんは", CRISIS]
    assert alert["escalated"] is False and alert["matched"]
    assert "crisis:alert" not in visitor.events and "crisis:alert" not in moderator.events
    # the worker still got the message itself: nothing was blocked
    assert (await worker.wait_for("desk:message", lambda d: d["text"] == CRISIS))["from"] == "visitor"
    [stored] = await alerts_in_db(world.running)
    assert stored.id == alert["id"] and stored.acknowledged_at is None


async def test_unacknowledged_for_two_minutes_it_escalates_to_every_staff_member(world):
    worker_login = await world.staff("さくら相談員")
    worker, visitor, session_id = await open_desk_chat(world, worker_login)
    others = [await world.desk(await world.staff(name, role)) for name, role in
              (("もみじ見守り", "moderator"), ("かえで管理", "admin"), ("すぎ心理士", "specialist"))]
    await visitor.ok("desk:say", {"session_id": session_id, "text": CRISIS})
    first = await worker.wait_for("crisis:alert")
    await beat(world, 60)
    for other in others:
        await other.call("desk:status")  # answered after anything the beat sent it
        assert "crisis:alert" not in other.events  # a minute: still only the person on duty
    await beat(world, 65)
    for other in others:
        escalated = await other.wait_for("crisis:alert", lambda d: d["escalated"])
        assert escalated["id"] == first["id"] and escalated["context"]
    assert (await worker.wait_for("crisis:alert", lambda d: d["escalated"]))["id"] == first["id"]
    await beat(world, 120)  # escalated once, not on every beat
    await others[0].call("desk:status")
    assert len(others[0].events["crisis:alert"]) == 1
    [stored] = await alerts_in_db(world.running)
    assert stored.escalated_at is not None


async def test_with_nobody_on_duty_the_alert_goes_to_everyone_at_once_and_the_person_hears_when(world):
    admin = await world.staff("かえで管理", "admin")
    console = await world.desk(admin)
    # a conversation in the space; the desk opens only this evening and nobody is on duty
    (space, login) = await world.space()
    status, reply = await world.running.api.call("PUT", "/api/desk/hours", json={"weekly": [
        {"weekday": 2, "start": "18:00", "end": "20:00"}]}, token=admin["access_token"])
    assert status == 200, reply
    conversation_partner = await world.space()
    await conversation_partner[0].ok("presence:status", {"status": "open"})
    await space.ok("contact:invite", {"to": [conversation_partner[1]["account"]["id"]]})
    request = await conversation_partner[0].wait_for("contact:request")
    await conversation_partner[0].ok("contact:accept", {"request_id": request["request_id"]})
    conversation = (await space.wait_for("contact:opened"))["conversation_id"]
    answer = await space.ok("chat:say", {"conversation_id": conversation, "text": CRISIS})
    crisis = answer["crisis"]
    assert crisis["staffed_now"] is False and crisis["staff_asked"] is True
    assert crisis["next_staffed_at"] == "2026-12-02T09:00:00Z"  # 18:00 in Tokyo today
    alert = await console.wait_for("crisis:alert")
    assert alert["escalated"] is True and alert["channel"] == "conversation"


async def test_a_wish_reaches_the_staff_on_duty_without_escalating(world):
    worker, visitor, session_id = await open_desk_chat(world, await world.staff("さくら相談員"))
    moderator = await world.desk(await world.staff("もみじ見守り", "moderator"))
    answer = await visitor.ok("desk:say", {"session_id": session_id, "text": "死にたい"})
    assert answer["crisis"]["level"] == "concern" and answer["crisis"]["staff_asked"] is True
    alert = await worker.wait_for("crisis:alert")
    assert alert["level"] == "concern"
    await beat(world, 130)
    await moderator.ok("ping")
    assert "crisis:alert" not in moderator.events  # a wish stays with the staff on duty
    [stored] = await alerts_in_db(world.running)
    assert stored.escalated_at is None and stored.acknowledged_at is None


async def test_an_idiom_is_not_an_alert(world):
    worker, visitor, session_id = await open_desk_chat(world, await world.staff("さくら相談員"))
    answer = await visitor.ok("desk:say", {"session_id": session_id, "text": "昨日のテレビ、死ぬほど笑った"})
    assert "crisis" not in answer
    assert await alerts_in_db(world.running) == []


async def test_an_alert_survives_a_restart_and_reaches_the_console_that_connects(db_url, tmp_path):
    clock = FakeClock(NOW)
    async with serving(db_url, tmp_path, clock=clock) as running:
        w = World(running, clock)
        worker_login = await w.staff("さくら相談員")
        worker, visitor, session_id = await open_desk_chat(w, worker_login)
        await visitor.ok("desk:say", {"session_id": session_id, "text": CRISIS})
        alert = await worker.wait_for("crisis:alert")
        await w.close()
    # a new process on the same database: the console that connects hears it
    async with serving(db_url, tmp_path, clock=clock) as running:
        w = World(running, clock)
        status, login = await running.api.call("POST", "/api/auth/login",
                                               json={"nickname": "さくら相談員", "passphrase": "staff-pass-123"})
        assert status == 200, login
        console = await w.desk(login)
        again = await console.wait_for("crisis:alert")
        assert again["id"] == alert["id"] and again["context"] == alert["context"]
        status, listed = await running.api.call("GET", "/api/crisis-alerts", token=login["access_token"])
        assert status == 200 and [a["id"] for a in listed["alerts"]] == [alert["id"]]
        # and the escalation still happens on the new process, from the rows alone
        moderator = await w.desk(await w.staff("もみじ見守り", "moderator"))
        await moderator.wait_for("crisis:alert")  # re-sent on connect
        await beat(w, 125)
        assert (await moderator.wait_for("crisis:alert", lambda d: d["escalated"]))["id"] == alert["id"]
        await w.close()


async def test_acknowledging_records_what_was_done_and_tells_the_consoles(world):
    worker_login = await world.staff("さくら相談員")
    worker, visitor, session_id = await open_desk_chat(world, worker_login)
    await visitor.ok("desk:say", {"session_id": session_id, "text": CRISIS})
    alert = await worker.wait_for("crisis:alert")
    api, token = world.running.api, worker_login["access_token"]
    path = f"/api/crisis-alerts/{alert['id']}/ack"
    # refusals change nothing
    status, body = await api.call("POST", path, json={"action": "話した", "legal_basis": "whatever"}, token=token)
    assert status == 400 and body["error"]["code"] == "INVALID"
    status, body = await api.call("POST", path, json={"action": "", "legal_basis": "not_shared"}, token=token)
    assert status == 400 and body["error"]["code"] == "INVALID"
    status, body = await api.call("POST", path, json={"action": "話した"}, token=visitor.token)
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"
    status, body = await api.call("POST", "/api/crisis-alerts/nope/ack", json={"action": "話した"}, token=token)
    assert status == 404
    status, body = await api.call("GET", "/api/crisis-alerts", token=visitor.token)
    assert status == 403
    # the acknowledgement
    status, body = await api.call("POST", path, json={"action": "デスクで声をかけ、よりそいホットラインを伝えた",
                                                      "legal_basis": "not_shared"}, token=token)
    assert status == 200, body
    assert body["alert"]["acknowledged"] is True and body["alert"]["legal_basis"] == "not_shared"
    done = await worker.wait_for("crisis:acknowledged")
    assert done["id"] == alert["id"] and done["by_nickname"] == "さくら相談員"
    status, body = await api.call("POST", path, json={"action": "もう一度"}, token=token)
    assert status == 409 and body["error"]["code"] == "CONFLICT"
    status, listed = await api.call("GET", "/api/crisis-alerts", token=token)
    assert listed["alerts"] == []
    async with world.running.app[keys.DB_SESSIONS]() as db:
        [entry] = list(await db.scalars(select(AuditEntry).where(AuditEntry.action == "crisis.acknowledge")))
    assert entry.target == alert["id"] and entry.actor_id == worker_login["account"]["id"]
    assert entry.detail["legal_basis"] == "not_shared"
    # acknowledged alerts no longer escalate
    await beat(world, 130)
    assert not any(a["escalated"] for a in worker.events["crisis:alert"])


async def test_the_support_lines_are_public(world):
    status, body = await world.running.api.call("GET", "/api/support-lines")
    assert status == 200 and body["lines"][0]["name_ja"] == "よりそいホットライン"


async def test_crisis_alert_latency(world):
    """Send -> shown in a connected console, over real sockets: p50/p95 printed for
    docs/PERFORMANCE.md (a figure, not an assertion on time)."""
    worker, visitor, session_id = await open_desk_chat(world, await world.staff("さくら相談員"))
    samples, baseline = [], []  # baseline: the same message reaching the same console as chat
    for i in range(30):
        world.clock.advance(2.5)  # the desk's chat budget refills on the injected clock
        heard = len(worker.events.get("crisis:alert", []))
        text = f"{CRISIS} {i}"
        started = time.perf_counter()
        message = asyncio.ensure_future(worker.wait_for("desk:message", lambda d, t=text: d["text"] == t))
        message.add_done_callback(lambda _f, s=started: baseline.append((time.perf_counter() - s) * 1000))
        await visitor.sio.emit("desk:say", {"session_id": session_id, "text": text}, namespace="/desk")
        await worker.wait_for("crisis:alert", lambda d, n=heard: len(worker.events["crisis:alert"]) > n)
        samples.append((time.perf_counter() - started) * 1000)
        await message

    def summary(values):
        values = sorted(values)
        return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(values[int(0.95 * len(values)) - 1], 1),
                "max_ms": round(values[-1], 1)}

    print("crisis alert latency", json.dumps({"samples": len(samples), "alert": summary(samples),
                                              "baseline_message": summary(baseline)}))
    assert len(await alerts_in_db(world.running)) == 30


async def test_a_board_post_with_a_phone_number_warns_staff_and_is_not_blocked(world):
    staff = (await world.staff("さくら相談員"))["access_token"]
    api = world.running.api
    post = {"category": "consult", "title_ja": "相談の電話", "body_ja": "センターの番号は 03-1234-5678 です。"}
    status, body = await api.call("POST", "/api/boards/posts", json=post, token=staff)
    assert status == 201, body
    assert body["warning"]["personal_info"] == ["phone"] and "公開" in body["warning"]["message"]["ja"]
    assert "03-1234-5678" in body["post"]["body_ja"]  # not masked: staff decide
    status, body = await api.call("PATCH", f"/api/boards/posts/{body['post']['id']}", token=staff,
                                  json={"title_ja": "相談のしかた", "version": body["post"]["version"]})
    assert status == 200 and "warning" not in body


async def test_a_letter_to_ones_specialist_stays_unfiltered_and_a_crisis_in_it_is_heard(running, cast):
    console = DeskClient(running.url, cast["a"])
    await console.connect()
    try:
        status, body = await send(running.api, cast["person"], cast["a"], body=f"電話は 090-1234-5678 です。{CRISIS}")
        assert status == 201, body
        assert body["letter"]["crisis"]["staff_asked"] is True and body["letter"]["crisis"]["lines"]
        alert = await console.wait_for("crisis:alert")
        assert alert["channel"] == "letter" and alert["place"] == body["letter"]["id"]
        assert alert["escalated"] is True  # nobody on duty at the desk: everyone is told at once
        status, read = await running.api.call("GET", f"/api/letters/{body['letter']['id']}", token=cast["a"]["access_token"])
        assert "090-1234-5678" in read["letter"]["body"]  # letters are not masked
        # a specialist's letter is not screened for a crisis (the person's words are)
        status, body = await send(running.api, cast["a"], cast["person"], body="「死にたい」と思うときは、いつでも書いてください")
        assert status == 201 and "crisis" not in body["letter"]
    finally:
        await console.close()


async def test_a_crisis_in_a_consultation_is_heard_and_the_talk_goes_on(db_url, tmp_path):
    async with consult_site(db_url, tmp_path) as site:
        s, p, booking_id = await consult_in_room(site)
        desk = DeskClient(site.url, await site.api.staff(site.app, "かえで管理", "admin"))
        await desk.connect()
        try:
            answer = await p.ok("consult:say", {"session_id": booking_id, "text": CRISIS})
            assert answer["text"] == CRISIS and answer["crisis"]["staff_asked"] is True
            assert (await s.wait_for("consult:message", lambda d: d["text"] == CRISIS))["from"] == "person"
            alert = await desk.wait_for("crisis:alert")
            assert alert["channel"] == "consult" and alert["place"] == booking_id and alert["context"][-1]["text"] == CRISIS
            said = await s.ok("consult:say", {"session_id": booking_id, "text": "話してくれてありがとう。いま一緒に考えましょう"})
            assert "crisis" not in said  # the specialist's words are not screened
        finally:
            await desk.close()
