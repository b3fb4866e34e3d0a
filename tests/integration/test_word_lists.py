"""Moderators' word lists over REST and real /space clients, on SQLite and PostgreSQL: refuse,
mask and flag as a zone's talk meets them; the flag keeps no text; every change is audited and
reaches the shield at once; the screen-test box; and the refusals."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from moderation.audit import AuditEntry
from server import keys
from server.core.clock import FakeClock
from tests.conftest import serving
from tests.integration.space_client import SpaceClient
from tests.integration.test_space_realtime import free_spot, settled


async def plaza_pair(running):
    world = running.app[keys.SPACE].world
    plaza = world.map.zone_by_id("plaza")
    clients = []
    for dx in (0, 40):
        login = await running.api.guest()
        client = SpaceClient(running.url, login["access_token"])
        await client.connect()
        x, y = free_spot(world, plaza, dx)
        world.join(login["account"]["id"], nickname=login["account"]["nickname"], look_digest="x", status="just_here",
                   position=(x, y), instance_id=world.instance_of(login["account"]["id"]))
        clients.append((client, login))
    return clients


async def test_refuse_mask_and_flag_in_the_plaza(running):
    api = running.api
    moderator = (await api.staff(running.app, "もみじ見守り", "moderator"))["access_token"]
    for phrase, action in (("ばかやろう", "refuse"), ("ひみつの合言葉", "mask"), ("会いに行く", "flag")):
        status, body = await api.call("POST", "/api/moderation/words", json={"phrase": phrase, "action": action}, token=moderator)
        assert status == 201 and body["word"]["action"] == action, body
    (a, la), (b, lb) = await plaza_pair(running)
    try:
        refused = await a.refused("zone:say", {"text": "この ば か や ろ う"})  # spacing does not hide it
        assert refused["code"] == "WORD_REFUSED" and refused["message"]["ja"]
        masked = await a.ok("zone:say", {"text": "ひみつの合言葉はりんご"})
        got = await b.wait_for("chat:zone_message", lambda d: d["id"] == masked["id"])
        assert "ひみつ" not in got["text"] and got["text"].endswith("はりんご")
        flagged = await a.ok("zone:say", {"text": "今度会いに行くね"})
        assert (await b.wait_for("chat:zone_message", lambda d: d["id"] == flagged["id"]))["text"] == "今度会いに行くね"
        await settled(b)
        assert [m["text"] for m in b.events["chat:zone_message"]] == [got["text"], "今度会いに行くね"]  # the refused one never came
        status, body = await api.call("GET", "/api/moderation/flags", token=moderator)
        assert status == 200
        [flag] = body["flags"]
        assert flag == {"id": flag["id"], "at": flag["at"], "channel": "zone", "account_id": la["account"]["id"],
                        "phrase": "会いに行く"}  # no message text
    finally:
        await a.close()
        await b.close()


async def test_changes_are_audited_and_reach_the_shield_at_once(running):
    api = running.api
    admin_login = await api.staff(running.app, "かえで管理", "admin")
    admin = admin_login["access_token"]
    status, body = await api.call("POST", "/api/moderation/words", json={"phrase": "ためしの言葉", "action": "flag"}, token=admin)
    word_id = body["word"]["id"]
    assert running.app[keys.SHIELD].public("ためしの言葉です").flagged == ("ためしの言葉",)
    status, body = await api.call("PUT", f"/api/moderation/words/{word_id}", json={"action": "mask"}, token=admin)
    assert status == 200 and body["word"]["action"] == "mask"
    assert "ためし" not in running.app[keys.SHIELD].public("ためしの言葉です").text
    status, body = await api.call("GET", "/api/moderation/words", token=admin)
    assert [w["phrase"] for w in body["words"]] == ["ためしの言葉"]
    status, _ = await api.call("DELETE", f"/api/moderation/words/{word_id}", token=admin)
    assert status == 200
    assert running.app[keys.SHIELD].public("ためしの言葉です").text == "ためしの言葉です"
    async with running.app[keys.DB_SESSIONS]() as db:
        acts = [e.action for e in await db.scalars(select(AuditEntry).order_by(AuditEntry.at, AuditEntry.action))]
    assert sorted(acts) == ["words.add", "words.change", "words.remove"]


async def test_bad_input_and_other_roles_change_nothing(running):
    api = running.api
    moderator = (await api.staff(running.app, "もみじ見守り", "moderator"))["access_token"]
    staff = (await api.staff(running.app, "さくら相談員", "staff"))["access_token"]
    guest = (await api.guest())["access_token"]
    ok = {"phrase": "ことば", "action": "flag"}
    assert (await api.call("POST", "/api/moderation/words", json=ok, token=moderator))[0] == 201
    cases = [
        ({"phrase": "ことば", "action": "flag"}, moderator, 409, "CONFLICT"),  # listed already
        ({"phrase": "ほか", "action": "delete"}, moderator, 400, "INVALID"),
        ({"phrase": "", "action": "flag"}, moderator, 400, "INVALID"),
        ({"phrase": "・・・", "action": "flag"}, moderator, 400, "INVALID"),  # nothing to match
        ({"phrase": "あ" * 101, "action": "flag"}, moderator, 400, "INVALID"),
        ({"phrase": "ほか", "action": "flag", "extra": 1}, moderator, 400, "INVALID"),
        ({"phrase": "ほか", "action": "flag"}, staff, 403, "FORBIDDEN"),
        ({"phrase": "ほか", "action": "flag"}, guest, 403, "FORBIDDEN"),
    ]
    for body, token, status, code in cases:
        got_status, got = await api.call("POST", "/api/moderation/words", json=body, token=token)
        assert (got_status, got["error"]["code"]) == (status, code), (body, got)
    assert (await api.call("PUT", "/api/moderation/words/nope", json={"action": "mask"}, token=moderator))[0] == 404
    assert (await api.call("DELETE", "/api/moderation/words/nope", token=moderator))[0] == 404
    assert (await api.call("GET", "/api/moderation/flags", token=staff))[0] == 403
    status, body = await api.call("GET", "/api/moderation/words", token=moderator)
    assert [w["phrase"] for w in body["words"]] == ["ことば"]


async def test_the_screen_test_box(db_url, tmp_path):
    # On a FakeClock: the box's budget (60 a minute) must not refill while the test runs.
    async with serving(db_url, tmp_path, clock=FakeClock(datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc))) as running:
        await _try_the_box(running)


async def _try_the_box(running):
    api = running.api
    moderator = (await api.staff(running.app, "もみじ見守り", "moderator"))["access_token"]
    await api.call("POST", "/api/moderation/words", json={"phrase": "会いに行く", "action": "flag"}, token=moderator)
    status, body = await api.call("POST", "/api/moderation/screen-test", token=moderator,
                                  json={"text": "電話は 090-1234-5678、会いに行くね。もう死にたい"})
    assert status == 200, body
    result = body["result"]
    assert [(p["kind"], p["text"]) for p in result["personal_info"]] == [("phone", "090-1234-5678")]
    assert "090" not in result["masked"] and result["crisis"]["level"] in ("concern", "urgent")
    assert result["words"] == [{"phrase": "会いに行く", "action": "flag"}] and result["refused"] is False
    guest = (await api.guest())["access_token"]
    assert (await api.call("POST", "/api/moderation/screen-test", json={"text": "x"}, token=guest))[0] == 403
    status, body = await api.call("POST", "/api/moderation/screen-test", json={"text": ""}, token=moderator)
    assert status == 400
    for _ in range(60):
        status, body = await api.call("POST", "/api/moderation/screen-test", json={"text": "こんにちは"}, token=moderator)
    assert status == 429 and body["error"]["code"] == "RATE_LIMITED"
