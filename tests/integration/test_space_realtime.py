"""The space over real Socket.IO clients on loopback: movement, visibility, consent, chat,
blocks, reconnect and bad input."""
import asyncio

import pytest

from server import keys
from tests.integration.space_client import SpaceClient, batch_mentions


async def enter(running, token=None, **kw) -> tuple[SpaceClient, dict, dict]:
    login = {"access_token": token} if token else await running.api.guest()
    client = SpaceClient(running.url, login["access_token"], **kw)
    snapshot = await client.connect()
    return client, snapshot, login


def free_step(running, x, y, length=12.0):
    world = running.app[keys.SPACE].world
    for dx, dy, d in ((length, 0, "right"), (-length, 0, "left"), (0, length, "down"), (0, -length, "up")):
        if not world.map.is_blocked_px(x + dx, y + dy) and world.map.segment_clear(x, y, x + dx, y + dy):
            return x + dx, y + dy, d
    raise AssertionError("no free step")


async def assert_still_walks(running, client, snapshot):
    """The other person was not disturbed: their next step is accepted as usual."""
    you = snapshot["you"]
    x, y, d = free_step(running, you["x"], you["y"])
    assert (await client.call("world:move", {"x": x, "y": y, "dir": d}))["ok"]


@pytest.fixture
async def pair(running):
    a, snap_a, login_a = await enter(running)
    b, snap_b, login_b = await enter(running)
    yield running, (a, snap_a, login_a), (b, snap_b, login_b)
    await a.disconnect()
    await b.disconnect()


async def test_two_people_see_each_other_move(pair):
    running, (a, snap_a, login_a), (b, _, login_b) = pair
    a_id, b_id = login_a["account"]["id"], login_b["account"]["id"]
    await a.wait_for("world:batch", lambda d: any(x["id"] == b_id for x in d["enter"]))
    you = snap_a["you"]
    x, y, d = free_step(running, you["x"], you["y"])
    reply = await a.call("world:move", {"x": x, "y": y, "dir": d})
    assert reply["ok"] and reply["data"]["x"] == pytest.approx(x, abs=0.1) and reply["data"]["place"]
    batch = await b.wait_for("world:batch", lambda d: any(m[0] == a_id and abs(m[1] - x) < 0.2 for m in d["move"]))
    assert [m for m in batch["move"] if m[0] == a_id][0][3] == d
    # the mover does not get its own move echoed back (its answer to a ping comes after that tick's batch)
    await settled(a)
    assert not any(batch_mentions(bt, a_id) for bt in a.events["world:batch"])


async def test_hidden_person_is_invisible_to_everyone_and_counted_for_staff(running):
    staff_login = await running.api.staff(running.app, "みまもり", "staff")
    hider, _, hider_login = await enter(running)
    hider_id = hider_login["account"]["id"]
    assert (await hider.call("presence:hidden", {"hidden": True}))["ok"]
    visitor, snap_v, _ = await enter(running)
    staff, snap_s, _ = await enter(running, staff_login["access_token"])
    try:
        assert hider_id not in {a["id"] for a in snap_v["avatars"]}
        assert "hidden_count" not in snap_v
        assert snap_s["hidden_count"] == 1  # staff learn how many, not who
        assert hider_id not in {a["id"] for a in snap_s["avatars"]}
        reply = await visitor.call("contact:invite", {"to": [hider_id]})
        assert not reply["ok"] and reply["error"]["code"] == "NOT_ACCEPTING"
    finally:
        for c in (hider, visitor, staff):
            await c.disconnect()


async def test_conversation_opens_only_after_acceptance(pair):
    running, (a, _, login_a), (b, _, login_b) = pair
    a_id, b_id = login_a["account"]["id"], login_b["account"]["id"]
    # "just here" is the default: nobody can send requests
    reply = await a.call("contact:invite", {"to": [b_id]})
    assert not reply["ok"] and reply["error"]["code"] == "NOT_ACCEPTING"
    assert (await b.call("presence:status", {"status": "open"}))["ok"]
    reply = await a.call("contact:invite", {"to": [b_id]})
    assert reply["ok"], reply
    request = await b.wait_for("contact:request")
    assert request["from"]["account_id"] == a_id
    # nothing is open, and talking is impossible, before the answer
    assert "contact:opened" not in a.events
    bogus = await b.call("contact:accept", {"request_id": "nope"})
    assert bogus["error"]["code"] == "NO_SUCH_REQUEST"
    reply = await b.call("contact:accept", {"request_id": request["request_id"]})
    assert reply["ok"]
    opened = await a.wait_for("contact:opened")
    conv = opened["conversation_id"]
    assert {m["account_id"] for m in opened["members"]} == {a_id, b_id}
    assert (await a.call("chat:say", {"conversation_id": conv, "text": "こんにちは"}))["ok"]
    message = await b.wait_for("chat:message")
    assert message["text"] == "こんにちは" and message["sender_id"] == a_id


async def test_decline_is_silent(pair):
    running, (a, _, login_a), (b, _, login_b) = pair
    await b.call("presence:status", {"status": "open"})
    await a.call("contact:invite", {"to": [login_b["account"]["id"]]})
    request = await b.wait_for("contact:request")
    assert (await b.call("contact:decline", {"request_id": request["request_id"]}))["ok"]
    await settled(a)
    assert not any(e.startswith("contact:") for e in a.events)


async def test_zone_chat_reaches_only_that_zone_and_not_the_quiet_corner(running):
    world = running.app[keys.SPACE].world
    a, _, la = await enter(running)
    b, _, lb = await enter(running)
    c, _, lc = await enter(running)
    try:
        plaza = world.map.zone_by_id("plaza")
        quiet = world.map.zone_by_id("quiet")
        # place people directly (tests own the world): two in the plaza, one in the quiet corner
        for login, zone, dx in ((la, plaza, 0), (lb, plaza, 40), (lc, quiet, 0)):
            cx, cy = free_spot(world, zone, dx)
            world.join(login["account"]["id"], nickname=login["account"]["nickname"], look_digest="x",
                       status="just_here", position=(cx, cy), instance_id=world.instance_of(login["account"]["id"]))
        reply = await a.call("zone:say", {"text": "いい天気ですね"})
        assert reply["ok"], reply
        got = await b.wait_for("chat:zone_message")
        assert got["text"] == "いい天気ですね" and got["zone"] == "plaza"
        await settled(c)
        assert "chat:zone_message" not in c.events
        reply = await c.call("zone:say", {"text": "hello"})
        assert not reply["ok"] and reply["error"]["code"] == "NOT_ALLOWED_HERE"
    finally:
        for x in (a, b, c):
            await x.disconnect()


async def settled(*clients) -> None:
    """A round trip on each client's own socket: its answer comes after everything the server
    sent that client before (a later event that must arrive, instead of a sleep)."""
    for client in clients:
        assert (await client.call("ping"))["ok"]


def free_spot(world, zone, dx=0):
    for oy in range(0, int(zone.h), 16):
        for ox in range(0, int(zone.w), 16):
            x, y = zone.x + zone.w / 2 + dx + ox / 4, zone.y + zone.h / 2 + oy / 4
            if zone.contains(x, y) and not world.map.is_blocked_px(x, y):
                return x, y
    raise AssertionError("no walkable spot in zone")


async def test_block_hides_both_ways_and_survives_reconnect(pair):
    running, (a, _, login_a), (b, _, login_b) = pair
    a_id, b_id = login_a["account"]["id"], login_b["account"]["id"]
    await a.wait_for("world:batch", lambda d: any(x["id"] == b_id for x in d["enter"]))
    assert (await a.call("block:add", {"account_id": b_id}))["ok"]
    await a.wait_for("world:batch", lambda d: b_id in d["leave"])
    await b.wait_for("world:batch", lambda d: a_id in d["leave"])
    assert not any(e.startswith("block") for e in b.events)  # the blocked person is not told
    listing = await a.call("block:list", {})
    assert listing["data"]["blocked"] == [{"account_id": b_id, "nickname": login_b["account"]["nickname"]}]
    # reconnect both: still invisible to each other
    await a.disconnect()
    await b.disconnect()
    await asyncio.sleep(0.1)
    a2 = SpaceClient(running.url, login_a["access_token"])
    b2 = SpaceClient(running.url, login_b["access_token"])
    snap_a, snap_b = await a2.connect(), await b2.connect()
    try:
        assert b_id not in {x["id"] for x in snap_a["avatars"]}
        assert a_id not in {x["id"] for x in snap_b["avatars"]}
        assert (await b2.call("emote:send", {"emote": "wave", "to": a_id}))["error"]["code"] in ("NOT_FOUND", "NOT_ACCEPTING")
        await b2.call("presence:status", {"status": "open"})
        await a2.call("presence:status", {"status": "open"})
        assert (await b2.call("contact:invite", {"to": [a_id]}))["error"]["code"] == "NOT_ACCEPTING"
    finally:
        await a2.disconnect()
        await b2.disconnect()


async def test_dropped_connection_resumes_at_same_place_and_status(running):
    a, snap, login = await enter(running)
    you = snap["you"]
    x, y, d = free_step(running, you["x"], you["y"])
    moved = await a.call("world:move", {"x": x, "y": y, "dir": d})
    await a.call("presence:status", {"status": "open"})
    await a.disconnect()  # a network blip: the avatar waits for the grace window
    again = SpaceClient(running.url, login["access_token"])
    snap2 = await again.connect()
    try:
        assert (snap2["you"]["x"], snap2["you"]["y"]) == (pytest.approx(x, abs=0.1), pytest.approx(y, abs=0.1))
        assert snap2["you"]["status"] == "open"
    finally:
        await again.disconnect()
    # a server restart loses memory: the signed place token brings the person back
    world = running.app[keys.SPACE].world
    world.leave(login["account"]["id"])
    restarted = SpaceClient(running.url, login["access_token"], resume={"place": moved["data"]["place"], "status": "dnd"})
    snap3 = await restarted.connect()
    try:
        assert snap3["you"]["x"] == pytest.approx(x, abs=0.1) and snap3["you"]["status"] == "dnd"
    finally:
        await restarted.disconnect()


async def test_a_dropped_connection_shows_away_to_others_until_it_comes_back(running):
    watcher, _, _ = await enter(running)
    a, snap, login = await enter(running)
    a_id = snap["you"]["id"]
    try:
        seen = await watcher.wait_for("world:batch", lambda b: any(x["id"] == a_id for x in b.get("enter", [])))
        assert not any(x.get("away") for x in seen["enter"] if x["id"] == a_id)
        await a.disconnect()  # a closed tab: the place is kept for the grace, shown as away
        away = await watcher.wait_for("world:batch", lambda b: any(u["id"] == a_id for u in b.get("update", [])))
        assert [u["away"] for u in away["update"] if u["id"] == a_id] == [True]
        again = SpaceClient(running.url, login["access_token"])
        await again.connect()
        try:
            back = await watcher.wait_for("world:batch", lambda b: any(x["id"] == a_id for x in b.get("enter", []))
                                          or any(u["id"] == a_id for u in b.get("update", [])))
            entries = [x for x in back.get("enter", []) + back.get("update", []) if x["id"] == a_id]
            assert entries and not any(x.get("away") for x in entries)
        finally:
            await again.disconnect()
    finally:
        await watcher.disconnect()


async def test_forged_place_token_cannot_teleport(running):
    a, snap, login = await enter(running)
    await a.disconnect()
    running.app[keys.SPACE].world.leave(login["account"]["id"])
    other, _, other_login = await enter(running)
    stolen = running.app[keys.SPACE_NS].resume_signer.sign(other_login["account"]["id"], "plaza-1", 900.0, 300.0)
    for place in (stolen, "garbage.token", "x" * 300):
        c = SpaceClient(running.url, login["access_token"], resume={"place": place})
        s = await c.connect()
        assert (s["you"]["x"], s["you"]["y"]) != (900.0, 300.0)
        await c.disconnect()
        running.app[keys.SPACE].world.leave(login["account"]["id"])
    await other.disconnect()


BAD_EVENTS = [
    ("unknown event", "teleport", {"x": 1}, "UNKNOWN_EVENT"),
    ("move wrong types", "world:move", {"x": "a", "y": 1, "dir": "up"}, "INVALID"),
    ("move missing field", "world:move", {"x": 1}, "INVALID"),
    ("move unknown field", "world:move", {"x": 1, "y": 1, "dir": "up", "speed": 9}, "INVALID"),
    ("move bad dir", "world:move", {"x": 1, "y": 1, "dir": "north"}, "INVALID"),
    ("move off map", "world:move", {"x": -500.0, "y": 10.0, "dir": "up"}, "MOVE_REJECTED"),
    ("payload not an object", "presence:status", ["open"], "INVALID"),
    ("bad status", "presence:status", {"status": "everyone"}, "INVALID"),
    ("oversized payload", "zone:say", {"text": "a" * 17000}, "BODY_TOO_LARGE"),
    ("empty text", "zone:say", {"text": ""}, "INVALID"),
    ("accept nothing", "contact:accept", {"request_id": "never-sent"}, "NO_SUCH_REQUEST"),
    ("say to a stranger's conversation", "chat:say", {"conversation_id": "x", "text": "hi"}, "NOT_FOUND"),
    ("invite too many", "contact:invite", {"to": ["a", "b", "c", "d"]}, "INVALID"),
    ("unknown stamp", "emote:send", {"emote": "fireworks"}, "INVALID"),
    ("block self-shaped garbage", "block:add", {"account_id": "no-such-account"}, "NOT_FOUND"),
]


@pytest.mark.parametrize("label, event, payload, code", BAD_EVENTS, ids=[b[0] for b in BAD_EVENTS])
async def test_bad_events_are_answered_and_disturb_nobody(pair, label, event, payload, code):
    running, (a, snap_a, _), (b, snap_b, login_b) = pair
    reply = await a.call(event, payload)
    assert reply["ok"] is False and reply["error"]["code"] == code, reply
    assert reply["error"]["message"]["ja"] and reply["error"]["message"]["en"]
    # both connections still work, and the other person saw nothing of it
    assert (await a.call("ping"))["ok"] and (await b.call("ping"))["ok"]
    await assert_still_walks(running, b, snap_b)


async def test_walls_and_teleports_are_refused_and_corrected(pair):
    running, (a, snap, _), _ = pair
    you = snap["you"]
    far = await a.call("world:move", {"x": you["x"] + 150, "y": you["y"], "dir": "right"})
    assert far["error"]["code"] in ("MOVE_REJECTED",)
    correction = await a.wait_for("world:correct")
    assert correction == {"x": pytest.approx(you["x"], abs=0.1), "y": pytest.approx(you["y"], abs=0.1)}


async def test_more_than_twenty_moves_a_second_are_refused(pair):
    running, (a, snap, _), (b, _, _) = pair
    you = snap["you"]
    x, y, d = free_step(running, you["x"], you["y"], length=1.0)
    back = (you["x"], you["y"])
    codes = []
    for i in range(30):
        target = (x, y) if i % 2 == 0 else back
        reply = await a.call("world:move", {"x": target[0], "y": target[1], "dir": d})
        codes.append("ok" if reply["ok"] else reply["error"]["code"])
    assert codes.count("ok") <= 20 and "RATE_LIMITED" in codes
    assert (await b.call("ping"))["ok"]


async def test_a_flood_of_events_is_slowed_for_that_connection_only(pair):
    """Over 60 events a second on one connection: the rest are refused with RATE_LIMITED,
    the connection stays up, and the other person notices nothing."""
    running, (a, _, _), (b, snap_b, _) = pair
    replies = await asyncio.gather(*(a.call("ping") for _ in range(150)))
    codes = ["ok" if r["ok"] else r["error"]["code"] for r in replies]
    assert set(codes) == {"ok", "RATE_LIMITED"}
    assert 60 <= codes.count("ok") < 100, codes.count("ok")
    limited = next(r for r in replies if not r["ok"])
    assert limited["error"]["message"]["ja"] and limited["error"]["message"]["en"]
    assert (await b.call("ping"))["ok"]
    await assert_still_walks(running, b, snap_b)
    await asyncio.sleep(0.5)  # the guard refills at the same pace: half a second, 30 events
    assert (await a.call("ping"))["ok"] and a.sio.connected


async def test_one_avatar_per_account_second_tab_replaces_first(running):
    a, _, login = await enter(running)
    second = SpaceClient(running.url, login["access_token"])
    await second.connect()
    try:
        await a.wait_for("session:replaced")
        assert running.app[keys.SPACE].world.count() == 1
        assert (await second.call("ping"))["ok"]
    finally:
        await second.disconnect()
        await a.disconnect()


async def test_a_frame_over_64kb_closes_only_that_connection(pair):
    running, (a, _, _), (b, snap_b, _) = pair
    await a.sio.emit("zone:say", {"text": "a" * 70000}, namespace="/space")
    for _ in range(50):
        if not a.sio.connected:
            break
        await asyncio.sleep(0.1)
    assert not a.sio.connected
    assert (await b.call("ping"))["ok"]


# -- steps without an answer (the web client's way: 10 a second, on the fast path) ----------------

async def test_unanswered_steps_are_seen_by_others_and_confirmed_in_the_own_batch(pair):
    running, (a, snap_a, login_a), (b, _, login_b) = pair
    a_id = login_a["account"]["id"]
    await a.wait_for("world:batch", lambda d: any(x["id"] == login_b["account"]["id"] for x in d["enter"]))
    you = snap_a["you"]
    x, y, d = free_step(running, you["x"], you["y"])
    await a.tell("world:move", {"x": x, "y": y, "dir": d})
    seen = await b.wait_for("world:batch", lambda bt: any(m[0] == a_id for m in bt["move"]))
    assert [m[1:] for m in seen["move"] if m[0] == a_id] == [[pytest.approx(x, abs=0.1), pytest.approx(y, abs=0.1), d]]
    own = await a.wait_for("world:batch", lambda bt: "you" in bt)
    assert own["you"] == [pytest.approx(x, abs=0.1), pytest.approx(y, abs=0.1)]
    assert not any(m[0] == a_id for m in own["move"])  # confirmed, not echoed
    # the first confirmed step carries a signed place: it resumes there after a restart
    assert own["place"]
    await a.disconnect()
    running.app[keys.SPACE].world.leave(a_id)  # as after a server restart
    back = SpaceClient(running.url, login_a["access_token"], resume={"place": own["place"]})
    snap = await back.connect()
    try:
        assert (snap["you"]["x"], snap["you"]["y"]) == (pytest.approx(x, abs=0.1), pytest.approx(y, abs=0.1))
    finally:
        await back.disconnect()


async def test_the_place_is_renewed_every_two_seconds_of_walking_and_where_one_stops(pair):
    running, (a, snap_a, _), (b, snap_b, login_b) = pair
    x, y = snap_a["you"]["x"], snap_a["you"]["y"]
    for _ in range(8):  # 1.6 s of walking back and forth, one step per tick
        nx, ny, d = free_step(running, x, y, length=6.0)
        await a.tell("world:move", {"x": nx, "y": ny, "dir": d})
        x, y = nx, ny
        await asyncio.sleep(0.2)
    own = [bt for bt in a.events["world:batch"] if "you" in bt]
    assert len(own) >= 6
    assert sum("place" in bt for bt in own) == 1
    # stopping hands a place for exactly where the walk ended
    stopped = await a.wait_for("world:place")
    ns = running.app[keys.SPACE_NS]
    account_id = next(iter(ns.principal_of.values())).account_id
    place = ns.resume_signer.verify(stopped["place"], account_id)
    assert place is not None and place[1:] == (pytest.approx(x, abs=0.1), pytest.approx(y, abs=0.1))
    # Once per stop, not every tick: later ticks must come and go without a second place. The
    # other person walks, and each of their steps reaches ``a`` in the batch of a later tick
    # (a tick sends its batches before any place), so four such batches span four ticks.
    b_id, bx, by = login_b["account"]["id"], snap_b["you"]["x"], snap_b["you"]["y"]
    for _ in range(4):
        a.events["world:batch"].clear()
        bx, by, d = free_step(running, bx, by, length=6.0)
        assert (await b.call("world:move", {"x": bx, "y": by, "dir": d}, timeout=15))["ok"]  # a loaded CI machine
        await a.wait_for("world:batch", lambda bt: any(m[0] == b_id for m in bt["move"]), timeout=15)
    assert len(a.events["world:place"]) == 1


async def test_a_refused_unanswered_step_is_corrected(pair):
    running, (a, snap, _), (b, _, _) = pair
    you = snap["you"]
    for far in (150, 160, 170):  # too far, three times before the next tick
        await a.tell("world:move", {"x": you["x"] + far, "y": you["y"], "dir": "right"})
    correction = await a.wait_for("world:correct")
    assert correction == {"x": pytest.approx(you["x"], abs=0.1), "y": pytest.approx(you["y"], abs=0.1)}
    await settled(a, b)
    assert len(a.events["world:correct"]) == 1  # one correction for the whole burst


ODD_STEP_PACKETS = [
    '2/space,["world:move",{"x":"a","y":1,"dir":"up"}]',  # wrong types
    '2/space,["world:move"]',  # no payload
    '2/space,["world:move",{"x":1,"y":1,"dir":"up"},"extra"]',  # an extra argument
    '2/space,["world:move",[1,2,3]]',  # payload not an object
    '2/space,["world:move",{"x":1e400,"y":1,"dir":"up"}]',  # infinity
    '2/space,١٢["world:move",{"x":1,"y":1,"dir":"up"}]',  # non-ASCII digits
    '2/space,["world:move",{"x":1,"y":1,"dir":"up","pad":"' + "a" * 20000 + '"}]',  # over the payload limit
]


@pytest.mark.parametrize("raw", ODD_STEP_PACKETS, ids=range(len(ODD_STEP_PACKETS)))
async def test_odd_step_packets_change_nothing_and_disturb_nobody(pair, raw):
    running, (a, snap_a, login_a), (b, snap_b, _) = pair
    world = running.app[keys.SPACE].world
    before = world.position_of(login_a["account"]["id"])
    await a.send_raw(raw)
    assert (await a.call("ping"))["ok"]  # answered after the odd packet: it was handled (or dropped)
    assert world.position_of(login_a["account"]["id"]) == before
    await assert_still_walks(running, b, snap_b)


MALFORMED_STEP_PACKETS = [
    '2/space,["world:move",{"x":1,"y":1,"dir":"up"}',  # cut short
    '2/space,12x["world:move",{"x":1,"y":1,"dir":"up"}]',  # a bad ack id
]


@pytest.mark.parametrize("raw", MALFORMED_STEP_PACKETS, ids=range(len(MALFORMED_STEP_PACKETS)))
async def test_malformed_step_packets_close_only_that_connection(pair, raw):
    running, (a, snap_a, login_a), (b, snap_b, _) = pair
    world = running.app[keys.SPACE].world
    before = world.position_of(login_a["account"]["id"])
    gone = asyncio.get_running_loop().create_future()
    a.sio.on("disconnect", lambda *_: gone.done() or gone.set_result(True), namespace="/space")
    await a.send_raw(raw)
    await asyncio.wait_for(gone, 5)
    assert world.position_of(login_a["account"]["id"]) in (before, None)
    await assert_still_walks(running, b, snap_b)


async def test_answered_steps_on_the_fast_path_get_the_usual_answers(pair):
    running, (a, snap, _), _ = pair
    you = snap["you"]
    x, y, d = free_step(running, you["x"], you["y"])
    cases = [
        (f'["world:move",{{"x":{x},"y":{y},"dir":"{d}"}}]', True, None),
        ('["world:move",{"x":"a","y":1,"dir":"up"}]', False, "INVALID"),
        ('["world:move",{"x":1,"y":1,"dir":"up"},"extra"]', False, "INVALID"),  # normal path
        (f'["world:move",{{"x":{x + 150},"y":{y},"dir":"right"}}]', False, "MOVE_REJECTED"),
        ('["world:move",{"x":1,"y":1,"dir":"up","pad":"' + "a" * 17000 + '"}]', False, "BODY_TOO_LARGE"),
    ]
    loop = asyncio.get_running_loop()
    for body, accepted, code in cases:
        answer = loop.create_future()
        ack_id = a.sio._generate_ack_id("/space", lambda *reply: answer.set_result(reply))
        await a.send_raw(f"2/space,{ack_id}{body}")
        (reply,) = await asyncio.wait_for(answer, 5)
        assert reply["ok"] is accepted, (body, reply)
        if accepted:
            assert reply["data"]["x"] == pytest.approx(x, abs=0.1) and reply["data"]["place"]
        else:
            assert reply["error"]["code"] == code and reply["error"]["message"]["ja"]
