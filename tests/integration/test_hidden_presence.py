"""Hidden means hidden, over real Socket.IO clients on SQLite and PostgreSQL.

Every role stands next to a hidden person in the plaza (everyone spawns there). Every frame
each of them receives, and every answer to what they ask, is recorded; none may carry the
hidden person's id or nickname. Staff, moderators and admins learn a count and nothing
more; a moderator may look for a bounded time, audit-logged, and still cannot reach her.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from server import keys
from server.core.clock import FakeClock
from tests.conftest import Running, serving
from tests.integration.space_client import SpaceClient

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)
COUNTING = {"staff", "moderator", "admin"}
ROLES = ["guest", "individual", "family", "peer_supporter", "specialist", "staff", "moderator", "admin"]


@pytest.fixture
async def clocked(db_url, tmp_path):
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        yield live


class Recorder(SpaceClient):
    """A space client that also keeps every answer it got, so answers are scanned too."""

    def __init__(self, url, token, **kw):
        super().__init__(url, token, **kw)
        self.answers: list = []

    async def call(self, event, data=None, timeout=None):
        reply = await super().call(event, data, timeout)
        self.answers.append((data, reply))
        return reply

    def everything(self, but_echoes_of: str) -> str:
        """Every frame received, and every answer except to questions that named the id
        themselves (a refusal may repeat the id it was asked about; that reveals nothing)."""
        answers = [r for d, r in self.answers if but_echoes_of not in json.dumps(d)]
        return json.dumps([self.events, answers], ensure_ascii=False)


async def login_as(c: Running, role: str, n: int) -> dict:
    if role in ("guest", "individual", "family"):
        login = await c.api.guest()
        if role != "guest":
            status, body = await c.api.call("PATCH", "/api/me", json={"kind": role}, token=login["access_token"])
            assert status == 200, body
        return login
    profession = "psychologist" if role == "specialist" else None
    return await c.api.staff(c.app, f"{role[:6]}{n}", role, profession)


async def enter(c: Running, login: dict, **kw) -> tuple[Recorder, dict]:
    client = Recorder(c.url, login["access_token"], **kw)
    snapshot = await client.connect()
    return client, snapshot


def ids_in(snapshot: dict) -> set[str]:
    return {a["id"] for a in snapshot["avatars"]}


@pytest.fixture
async def hidden_scene(clocked):
    """A hidden person (arrived hidden), a visible speaker, and one viewer of every role."""
    c = clocked
    hider_login = await c.api.guest()
    hider, hider_snap = await enter(c, hider_login, resume={"hidden": True, "status": "open"})
    assert hider_snap["hidden"] is True
    speaker_login = await c.api.guest()
    speaker, _ = await enter(c, speaker_login)
    viewers = {}
    for n, role in enumerate(ROLES):
        login = await login_as(c, role, n)
        client, snap = await enter(c, login)
        viewers[role] = (client, snap, login)
    yield c, (hider, hider_login), (speaker, speaker_login), viewers
    for client in [hider, speaker, *(v[0] for v in viewers.values())]:
        await client.disconnect()


async def test_no_role_receives_anything_about_a_hidden_person(hidden_scene):
    c, (hider, hider_login), (speaker, speaker_login), viewers = hidden_scene
    hider_id, hider_nick = hider_login["account"]["id"], hider_login["account"]["nickname"]
    speaker_id = speaker_login["account"]["id"]
    worn_by_others = {speaker_login["account"]["nickname"]} | {v[2]["account"]["nickname"] for v in viewers.values()}

    # She walks, changes her status, tries to speak and to wave: nothing reaches anyone.
    you = hider.events["world:snapshot"][0]["you"]
    assert (await hider.call("world:move", {"x": you["x"] + 8, "y": you["y"], "dir": "right"}))["ok"]
    assert (await hider.call("presence:status", {"status": "just_here"}))["ok"]
    said = await hider.call("zone:say", {"text": "だれかいますか"})
    assert said["error"]["code"] == "YOU_ARE_HIDDEN" and said["error"]["message"]["ja"]
    waved = await hider.call("emote:send", {"emote": "wave"})
    assert waved["error"]["code"] == "YOU_ARE_HIDDEN"
    invited = await hider.call("contact:invite", {"to": [speaker_id]})
    assert invited["error"]["code"] == "YOU_ARE_HIDDEN"

    for role, (client, snap, login) in viewers.items():
        assert hider_id not in ids_in(snap), role
        if role in COUNTING:
            assert snap["hidden_count"] == 1, role
        else:
            assert "hidden_count" not in snap, role
        # Nobody can reach her: the same answers as for someone who is not there at all.
        for target in (hider_id, "someone-absent"):
            reply = await client.call("contact:invite", {"to": [target]})
            assert reply["error"]["code"] == "NOT_ACCEPTING", (role, reply)
            assert reply["error"].get("detail") == {"account_id": target}
            reply = await client.call("emote:send", {"emote": "wave", "to": target})
            assert reply["error"]["code"] == "NOT_FOUND", (role, reply)
        again = await client.call("world:snapshot")
        assert hider_id not in ids_in(again["data"]), role

    # The public head count does not include her either.
    status, info = await c.api.call("GET", "/api/space/info")
    assert status == 200 and info["people_here"] == 1 + len(viewers)  # the speaker and the viewers

    # A later event everyone must get: by then every frame about her would have arrived.
    assert (await speaker.call("zone:say", {"text": "こんにちは"}))["ok"]
    for role, (client, _, _) in viewers.items():
        await client.wait_for("chat:zone_message", lambda d: d["sender_id"] == speaker_id)
        assert (await client.call("ping"))["ok"]
        text = client.everything(but_echoes_of=hider_id)
        assert hider_id not in text, role
        # Guest nicknames come from 144 pairs and may repeat: her name proves nothing in a
        # frame when someone else in the scene wears it too (their records carry it).
        if hider_nick not in worn_by_others:
            assert hider_nick not in text, role
    # She still hears the plaza (hidden people may listen).
    await hider.wait_for("chat:zone_message", lambda d: d["sender_id"] == speaker_id)


async def test_only_moderators_and_admins_may_look_and_it_is_audit_logged(hidden_scene):
    from moderation.audit import AuditEntry

    c, (hider, hider_login), _, viewers = hidden_scene
    hider_id, hider_nick = hider_login["account"]["id"], hider_login["account"]["nickname"]
    for role in ("guest", "individual", "family", "peer_supporter", "specialist", "staff"):
        reply = await viewers[role][0].call("presence:reveal_hidden", {"on": True, "reason": "見守り"})
        assert reply["error"]["code"] == "FORBIDDEN", role

    moderator, snap, mod_login = viewers["moderator"]
    assert snap["revealing_until"] is None
    no_reason = await moderator.call("presence:reveal_hidden", {"on": True, "reason": "  "})
    assert no_reason["error"]["code"] == "INVALID" and no_reason["error"]["field"] == "reason"

    reply = await moderator.call("presence:reveal_hidden", {"on": True, "reason": "通報の確認"})
    assert reply["ok"], reply
    assert reply["data"]["until"] == int(NOW.timestamp() * 1000) + 10 * 60 * 1000
    batch = await c.tick_until(moderator, "world:batch", lambda d: any(a["id"] == hider_id for a in d["enter"]))
    shown = next(a for a in batch["enter"] if a["id"] == hider_id)
    assert shown["hidden"] is True and shown["nickname"] == hider_nick

    async with c.app[keys.DB_SESSIONS]() as db:
        rows = (await db.execute(select(AuditEntry).order_by(AuditEntry.at))).scalars().all()
    assert [(r.actor_id, r.action) for r in rows] == [(mod_login["account"]["id"], "presence.reveal_hidden")]
    assert rows[0].detail["reason"] == "通報の確認" and rows[0].target == snap["instance_id"]
    assert hider_id not in json.dumps(rows[0].detail, ensure_ascii=False)  # it logs the look, not whom

    # Looking is not reaching: she still cannot be invited or waved at.
    reply = await moderator.call("contact:invite", {"to": [hider_id]})
    assert reply["error"]["code"] == "NOT_ACCEPTING"
    reply = await moderator.call("emote:send", {"emote": "wave", "to": hider_id})
    assert reply["error"]["code"] == "NOT_FOUND"
    # Others still see nothing of her.
    staff = viewers["staff"][0]
    assert hider_id not in ids_in((await staff.call("world:snapshot"))["data"])

    # The look ends by itself after ten minutes.
    c.clock.advance(10 * 60 + 1)
    await c.app[keys.SPACE_NS].housekeeping()
    await moderator.wait_for("presence:reveal_ended")
    await c.tick_until(moderator, "world:batch", lambda d: hider_id in d["leave"])
    assert (await moderator.call("world:snapshot"))["data"]["revealing_until"] is None


async def test_counts_follow_hiding_and_a_look_can_be_turned_off(hidden_scene):
    c, (hider, hider_login), (speaker, speaker_login), viewers = hidden_scene
    hider_id, speaker_id = hider_login["account"]["id"], speaker_login["account"]["id"]
    admin = viewers["admin"][0]
    assert (await speaker.call("presence:hidden", {"hidden": True}))["ok"]
    await c.app[keys.SPACE_NS].housekeeping()
    for role in COUNTING:
        await viewers[role][0].wait_for("presence:hidden_count", lambda d: d["count"] == 2)
        await c.tick_until(viewers[role][0], "world:batch", lambda d: speaker_id in d["leave"])
    for role in set(ROLES) - COUNTING:
        assert "presence:hidden_count" not in viewers[role][0].events, role

    assert (await admin.call("presence:reveal_hidden", {"on": True, "reason": "安全確認"}))["ok"]
    await c.tick_until(admin, "world:batch", lambda d: {hider_id, speaker_id} <= {a["id"] for a in d["enter"]})
    off = await admin.call("presence:reveal_hidden", {"on": False})
    assert off["ok"] and off["data"] == {"on": False, "until": None}
    await c.tick_until(admin, "world:batch", lambda d: {hider_id, speaker_id} <= set(d["leave"]))
