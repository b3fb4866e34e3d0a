"""The desk on duty over real Socket.IO clients on loopback (namespace /desk) and REST:
queue and places, taking the next person, text both ways, hand-over, ending, the grace
after a lost connection, outside hours (a message left and seen by staff), and bad input."""
import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import socketio

from server import keys
from server.realtime.desk import MESSAGES_PER_ADDRESS_HOUR
from tests.integration.recording_client import RecordingClient

NS = "/desk"
ALWAYS = {"weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]}


class DeskClient(RecordingClient):
    """A python-socketio client on /desk that records every event it receives."""

    def __init__(self, url: str, login: dict):
        super().__init__(url, NS)
        self.login = login
        self.token = login["access_token"]
        self.account_id = login["account"]["id"]
        self.nickname = login["account"]["nickname"]

    async def connect(self) -> "DeskClient":
        await self.open({"token": self.token})
        return self


@pytest.fixture
async def clients(running):
    made: list[DeskClient] = []

    async def connect(login: dict | None = None) -> DeskClient:
        client = DeskClient(running.url, login or await running.api.guest())
        made.append(client)
        return await client.connect()

    yield connect
    for client in made:
        await client.close()


async def staff_login(running, nickname: str, role: str = "staff") -> dict:
    return await running.api.staff(running.app, nickname, role, "psychologist" if role == "specialist" else None)


async def set_hours(running, token: str, body=ALWAYS):
    status, reply = await running.api.call("PUT", "/api/desk/hours", json=body, token=token)
    assert status == 200, reply
    return reply


def tokyo_today() -> str:
    return datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()


async def test_two_visitors_queue_then_chat_hand_over_and_end(running, clients):
    sakura, sugi, kaede = [await staff_login(running, n, r) for n, r in
                           (("さくら相談員", "staff"), ("すぎ心理士", "specialist"), ("かえで相談員", "staff"))]
    await set_hours(running, sakura["access_token"])
    s1, s2, s3 = await clients(sakura), await clients(sugi), await clients(kaede)
    assert (await s1.ok("desk:duty", {"status": "available"})) == {"status": "available"}
    await s2.ok("desk:duty", {"status": "available"})
    a, b = await clients(), await clients()
    status = await a.ok("desk:status")
    assert status["open"] is True and status["on_duty"] == 2 and status["you"] == {"state": "idle"}

    # two knocks: places 1 and 2, and the staff see who is waiting
    assert (await a.ok("desk:knock", {"note": "家族のことで"}))["place"] == 1
    assert (await b.ok("desk:knock"))["place"] == 2
    assert (await b.wait_for("desk:queue", lambda d: d["place"] == 2))["staff"]["available"] == 2
    state = await s1.wait_for("desk:state", lambda d: len(d["queue"]) == 2)
    assert [q["account_id"] for q in state["queue"]] == [a.account_id, b.account_id]
    assert state["queue"][0]["note"] == "家族のことで"

    # the first staff member takes the next person: a
    taken = await s1.ok("desk:take_next")
    session_id = taken["session_id"]
    assert taken["visitor"]["account_id"] == a.account_id
    opened = await a.wait_for("desk:opened")
    assert opened == {"session_id": session_id, "staff_nickname": "さくら相談員", "messages": []}
    await b.wait_for("desk:queue", lambda d: d["place"] == 1)

    # text both ways
    await s1.ok("desk:say", {"session_id": session_id, "text": "こんにちは。ゆっくりで大丈夫ですよ"})
    heard = await a.wait_for("desk:message")
    assert heard["text"] == "こんにちは。ゆっくりで大丈夫ですよ" and heard["from"] == "staff"
    await a.ok("desk:say", {"session_id": session_id, "text": "息子のことで相談したくて"})
    assert (await s1.wait_for("desk:message", lambda d: d["from"] == "visitor"))["text"] == "息子のことで相談したくて"
    assert "desk:message" not in b.events and "desk:message" not in s2.events
    assert "desk:state" not in a.events and "desk:state" not in b.events  # the staff's view is theirs

    # hand over to the colleague: the conversation goes along, a is told calmly
    handed = await s1.ok("desk:hand_over", {"session_id": session_id, "to_account_id": sugi["account"]["id"]})
    assert handed == {"session_id": session_id, "staff_nickname": "すぎ心理士"}
    assert (await a.wait_for("desk:handed_over"))["staff_nickname"] == "すぎ心理士"
    for_sugi = await s2.wait_for("desk:opened")
    assert for_sugi["handed_over_by"] == "さくら相談員"
    assert [m["text"] for m in for_sugi["messages"]] == ["こんにちは。ゆっくりで大丈夫ですよ", "息子のことで相談したくて"]
    await s2.ok("desk:say", {"session_id": session_id, "text": "代わって、すぎがお話をうかがいますね"})
    assert (await a.wait_for("desk:message", lambda d: d["sender_nickname"] == "すぎ心理士"))["from"] == "staff"
    assert (await s1.refused("desk:say", {"session_id": session_id, "text": "まだ?"}))["code"] == "NOT_FOUND"

    # a hand-over to a colleague who is not on duty is refused
    second = await s1.ok("desk:take_next")
    assert second["visitor"]["account_id"] == b.account_id
    off = await s1.refused("desk:hand_over", {"session_id": second["session_id"], "to_account_id": kaede["account"]["id"]})
    assert off["code"] == "NOT_ACCEPTING" and off["detail"]["reason"] == "off_duty"
    assert "desk:opened" not in s3.events

    # ending: both sides hear it, and the staff member is available again
    await s2.ok("desk:end", {"session_id": session_id})
    assert (await a.wait_for("desk:ended")) == {"session_id": session_id, "by": "staff"}
    assert (await s2.wait_for("desk:ended"))["by"] == "staff"
    await b.ok("desk:end", {"session_id": second["session_id"]})
    assert (await s1.wait_for("desk:ended"))["by"] == "visitor"
    final = await s1.ok("desk:status")
    assert final["you"]["duty"] == "available" and final["desk"]["sessions"] == [] and final["waiting"] == 0
    # the public status names nobody
    code, public = await running.api.call("GET", "/api/desk")
    assert code == 200 and public["desk"]["open"] is True and public["desk"]["on_duty"] == 2
    assert "さくら" not in str(public) and a.account_id not in str(public)


async def test_outside_hours_a_knock_becomes_a_message_that_staff_read(running, clients):
    sakura = await staff_login(running, "さくら相談員")
    await set_hours(running, sakura["access_token"])
    code, reply = await running.api.call(
        "PUT", f"/api/desk/days/{tokyo_today()}", json={"windows": [], "note": "研修のためお休みです"},
        token=sakura["access_token"],
    )
    assert code == 200 and reply["hours"]["days"][0]["closed"] is True
    staff = await clients(sakura)
    await staff.ok("desk:duty", {"status": "available"})
    visitor = await clients()
    status = await visitor.ok("desk:status")
    assert status["open"] is False and status["within_hours"] is False
    refused = await visitor.refused("desk:knock")
    assert refused["code"] == "NOT_ACCEPTING" and refused["detail"]["reason"] == "closed"
    tomorrow = (datetime.now(ZoneInfo("Asia/Tokyo")).date() + timedelta(days=1)).isoformat()
    assert refused["detail"]["next_opening_local"] == f"{tomorrow}T00:00:00+09:00"

    # the client offers to leave a message instead (guests too)
    text = "夜なら話せるかもしれません。\nまた来ます。"
    code, left = await running.api.call("POST", "/api/desk/messages", json={"text": text}, token=visitor.token)
    assert code == 201 and left["message"]["handled"] is False
    message_id = left["message"]["id"]
    assert (await staff.wait_for("desk:message_left")) == {"id": message_id}
    code, listed = await running.api.call("GET", "/api/desk/messages", token=sakura["access_token"])
    assert code == 200 and [m["text"] for m in listed["messages"]] == [text]
    assert listed["messages"][0]["author"]["is_guest"] is True

    # staff mark it handled with a reply; the author hears and sees it
    code, handled = await running.api.call(
        "POST", f"/api/desk/messages/{message_id}/handled", json={"reply": "読みました。夜の時間もご案内しますね。"},
        token=sakura["access_token"],
    )
    assert code == 200 and handled["message"]["handled_by"] == "さくら相談員"
    assert (await visitor.wait_for("desk:reply")) == {"id": message_id}
    code, mine = await running.api.call("GET", "/api/desk/messages/mine", token=visitor.token)
    assert mine["messages"][0]["reply"] == "読みました。夜の時間もご案内しますね。"
    assert mine["messages"][0]["replied_by"] == "さくら相談員" and mine["messages"][0]["handled"] is True
    code, still_open = await running.api.call("GET", "/api/desk/messages?state=open", token=sakura["access_token"])
    assert still_open["messages"] == []

    # the author may take it back: gone for staff too
    code, _ = await running.api.call("DELETE", f"/api/desk/messages/{message_id}", token=visitor.token)
    assert code == 200
    code, listed = await running.api.call("GET", "/api/desk/messages?state=all", token=sakura["access_token"])
    assert listed["messages"] == []

    # back to the weekly hours: open again, and everyone connected hears it
    code, _ = await running.api.call("DELETE", f"/api/desk/days/{tokyo_today()}", token=sakura["access_token"])
    assert code == 200
    assert (await visitor.wait_for("desk:status", lambda d: d["open"]))["within_hours"] is True
    assert (await visitor.ok("desk:knock"))["place"] == 1


@pytest.mark.parametrize("event, payload, code", [
    ("desk:knock", "knock knock", "INVALID"),
    ("desk:knock", {"note": 5}, "INVALID"),
    ("desk:knock", {"note": "a", "extra": True}, "INVALID"),
    ("desk:knock", {"note": "x" * 17000}, "BODY_TOO_LARGE"),
    ("desk:knock", {"note": "line\nbreak"}, "INVALID"),
    ("desk:say", {"session_id": "s" * 65, "text": "a"}, "INVALID"),
    ("desk:say", {"session_id": "nope", "text": "こんにちは"}, "NOT_FOUND"),
    ("desk:say", {"session_id": "nope"}, "INVALID"),
    ("desk:duty", {"status": "sleeping"}, "INVALID"),
    ("desk:duty", {"status": "available"}, "FORBIDDEN"),  # a visitor is never on duty
    ("desk:take_next", {}, "FORBIDDEN"),
    ("desk:hand_over", {"session_id": "nope", "to_account_id": "x"}, "FORBIDDEN"),
    ("desk:end", {"session_id": "nope"}, "NOT_FOUND"),
    ("desk:whatever", {}, "UNKNOWN_EVENT"),
    ("world:move", {"x": 1, "y": 1, "dir": "up"}, "UNKNOWN_EVENT"),  # not this namespace
])
async def test_bad_payloads_get_error_codes_and_disturb_nobody(running, clients, event, payload, code):
    sakura = await staff_login(running, "さくら相談員")
    await set_hours(running, sakura["access_token"])
    staff = await clients(sakura)
    await staff.ok("desk:duty", {"status": "available"})
    mischief, other = await clients(), await clients()
    assert (await mischief.refused(event, payload))["code"] == code
    # the same connection still works, and so does everyone else's
    assert (await mischief.ok("ping")) == {"pong": True}
    assert (await other.ok("desk:knock"))["place"] == 1
    assert (await staff.ok("desk:take_next"))["visitor"]["account_id"] == other.account_id


async def test_desk_workers_do_not_knock_and_a_bad_token_cannot_connect(running, clients):
    admin = await staff_login(running, "かんりさん", "admin")
    await set_hours(running, admin["access_token"])
    worker = await clients(admin)
    assert (await worker.refused("desk:knock"))["code"] == "FORBIDDEN"
    stranger = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await stranger.connect(running.url, namespaces=[NS], transports=["websocket"], auth={"token": "nope"}, wait_timeout=5)


async def test_a_dropped_visitor_keeps_the_place_for_the_grace_period(running, clients):
    running.app[keys.DESK].grace_seconds = 1.0
    sakura = await staff_login(running, "さくら相談員")
    await set_hours(running, sakura["access_token"])
    staff = await clients(sakura)
    await staff.ok("desk:duty", {"status": "available"})
    a, b = await clients(), await clients()
    await a.ok("desk:knock")
    await b.ok("desk:knock")
    await a.close()
    state = await staff.wait_for("desk:state", lambda d: len(d["queue"]) == 2 and not d["queue"][0]["connected"])
    assert state["queue"][0]["account_id"] == a.account_id
    # the place is kept for a moment, then a leaves the queue quietly and b moves up
    assert (await b.wait_for("desk:queue", lambda d: d["place"] == 1, timeout=5))["waiting"] == 1
    back = await clients(a.login)
    assert (await back.ok("desk:status"))["you"] == {"state": "idle"}


async def test_a_visitor_who_comes_back_in_time_is_still_waiting(running, clients):
    sakura = await staff_login(running, "さくら相談員")
    await set_hours(running, sakura["access_token"])
    staff = await clients(sakura)
    await staff.ok("desk:duty", {"status": "available"})
    a = await clients()
    await a.ok("desk:knock")
    await a.close()
    await staff.wait_for("desk:state", lambda d: d["queue"] and not d["queue"][0]["connected"])
    again = await clients(a.login)
    you = (await again.ok("desk:status"))["you"]
    assert you["state"] == "waiting" and you["place"] == 1
    await staff.wait_for("desk:state", lambda d: d["queue"] and d["queue"][0]["connected"])


@pytest.mark.parametrize("method, path, body, code, field", [
    ("PUT", "/api/desk/hours", {"weekly": [{"weekday": 7, "start": "10:00", "end": "12:00"}]}, "INVALID", "weekly.0.weekday"),
    ("PUT", "/api/desk/hours", {"weekly": [{"weekday": 1, "start": "12:00", "end": "10:00"}]}, "INVALID", "weekly.0.end"),
    ("PUT", "/api/desk/hours", {"weekly": [{"weekday": 1, "start": "10:00", "end": "12:00"},
                                           {"weekday": 1, "start": "11:00", "end": "13:00"}]}, "INVALID", "weekly.weekday_1"),
    ("PUT", "/api/desk/hours", {"weekly": "always"}, "INVALID", "weekly"),
    ("PUT", "/api/desk/days/2020-01-01", {"windows": []}, "INVALID", "date"),
    ("PUT", "/api/desk/days/not-a-date", {"windows": []}, "INVALID", "date"),
    ("PUT", "/api/desk/days/2099-01-01", {"windows": []}, "INVALID", "date"),
    ("GET", "/api/desk/messages?state=lost", None, "INVALID", "state"),
    ("POST", "/api/desk/messages/nope/handled", {}, "NOT_FOUND", None),
])
async def test_staff_input_is_checked(running, method, path, body, code, field):
    sakura = await staff_login(running, "さくら相談員")
    status, reply = await running.api.call(method, path, json=body, token=sakura["access_token"])
    assert reply["error"]["code"] == code and reply["error"].get("field") == field


@pytest.mark.parametrize("method, path, body", [
    ("PUT", "/api/desk/hours", ALWAYS),
    ("PUT", "/api/desk/days/2030-01-01", {"windows": []}),
    ("DELETE", "/api/desk/days/2030-01-01", None),
    ("GET", "/api/desk/messages", None),
    ("POST", "/api/desk/messages/nope/handled", {}),
])
async def test_visitors_and_peer_supporters_cannot_run_the_desk(running, method, path, body):
    peer = await staff_login(running, "ぴあさん", "peer_supporter")
    for token in ((await running.api.guest())["access_token"], peer["access_token"]):
        status, reply = await running.api.call(method, path, json=body, token=token)
        assert status == 403 and reply["error"]["code"] == "FORBIDDEN"
    status, reply = await running.api.call(method, path, json=body)
    assert status == 401


async def test_leaving_messages_has_limits_and_privacy(running):
    guest, other = await running.api.guest(), await running.api.guest()
    token = guest["access_token"]
    for text, code in (("", "INVALID"), ("a" * 1001, "INVALID"), ("連絡は090-1234-5678まで", "NOTE_PERSONAL_INFO"),
                       ("mail me: someone@example.org", "NOTE_PERSONAL_INFO")):
        status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": text}, token=token)
        assert reply["error"]["code"] == code, text
    for n in range(5):
        status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": f"{n}回目です"}, token=token)
        assert status == 201, reply
    status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": "6回目"}, token=token)
    assert status == 429 and reply["error"]["detail"] == {"reason": "messages_per_day", "max": 5}
    # nobody else can see or delete them; nobody learns whether an id exists
    _, mine = await running.api.call("GET", "/api/desk/messages/mine", token=token)
    assert len(mine["messages"]) == 5
    _, theirs = await running.api.call("GET", "/api/desk/messages/mine", token=other["access_token"])
    assert theirs["messages"] == []
    status, reply = await running.api.call("DELETE", f"/api/desk/messages/{mine['messages'][0]['id']}", token=other["access_token"])
    assert status == 404 and reply["error"]["code"] == "NOT_FOUND"
    status, _ = await running.api.call("DELETE", "/api/desk/messages/does-not-exist", token=other["access_token"])
    assert status == 404


async def test_public_status_and_hours_need_no_account(running):
    sakura = await staff_login(running, "さくら相談員")
    await set_hours(running, sakura["access_token"], {"weekly": [{"weekday": 1, "start": "14:00", "end": "17:00"}]})
    status, desk = await running.api.call("GET", "/api/desk")
    assert status == 200
    assert desk["desk"]["on_duty"] == 0 and desk["desk"]["open"] is False
    assert desk["desk"]["next_opening_local"].endswith("T14:00:00+09:00")
    assert datetime.fromisoformat(desk["desk"]["next_opening_local"]).weekday() == 1
    assert desk["desk"]["next_opening"].endswith("T05:00:00Z")
    status, hours = await running.api.call("GET", "/api/desk/hours")
    assert status == 200 and hours["hours"]["weekly"] == [{"weekday": 1, "start": "14:00", "end": "17:00"}]
    assert hours["hours"]["timezone"] == "Asia/Tokyo"
    status, page = await running.api.call("GET", "/desk")
    assert status == 200 and "相談デスク" in page.decode()


async def test_one_address_cannot_flood_the_staff_with_guests(running):
    for n in range(MESSAGES_PER_ADDRESS_HOUR):
        guest = await running.api.guest()
        status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": f"{n}"}, token=guest["access_token"])
        assert status == 201, reply
    guest = await running.api.guest()
    status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": "もう一通"}, token=guest["access_token"])
    assert status == 429 and reply["error"]["detail"] == {"reason": "address"}


async def test_a_flood_of_desk_events_is_slowed_for_that_connection_only(running, clients):
    """Over 20 events a second on one /desk connection: the rest get RATE_LIMITED; the
    connection and everybody else carry on."""
    flooder, other = await clients(), await clients()
    replies = await asyncio.gather(*(flooder.call("desk:status") for _ in range(60)))
    codes = ["ok" if r["ok"] else r["error"]["code"] for r in replies]
    assert set(codes) == {"ok", "RATE_LIMITED"}
    assert 20 <= codes.count("ok") < 40, codes.count("ok")
    assert (await other.ok("desk:status"))["you"] == {"state": "idle"}
    await asyncio.sleep(0.5)
    assert (await flooder.ok("desk:status"))["you"] == {"state": "idle"}
