"""Open mics at a table with real Socket.IO clients on SQLite and PostgreSQL: a seated attendee
turns their own microphone on (and only they can), the relay forwards them to their table
only, a floor-only table refuses, the fourth voice of a table is refused, and a host's mute,
a switch to floor only, pause, leaving the table, removal and calling everyone back turn it
off. The host's choices are recorded; no attendee's frames name another attendee."""
from __future__ import annotations

from sqlalchemy import select

from moderation.audit import AuditEntry
from server import keys
from server.realtime.event import voice_room
from tests.integration.event_live_client import EventClient, event_site
from tests.integration.test_event_live import SDP_SENDING, code, view


def mic(client: EventClient) -> bool:
    return view(client)["you"]["mic"]


def talk_table(v: dict) -> dict:
    """The open-mic table in a view (views from before the tables opened have none)."""
    return v["tables"][0] if v["tables"] else {}


async def test_open_mics_at_tables(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        api, app = site.clocked.api, site.app
        host_login = await api.staff(app, "しおり", "staff")
        cohost_login = await api.staff(app, "ひなた", "peer_supporter")
        occ = await site.create_event(host_login, [("しおり", "host"), ("ひなた", "cohost")])
        logins = await site.guests(5)
        for login in logins:
            await site.register(login, occ)
        host = await site.client(host_login, occ)
        cohost = await site.client(cohost_login, occ)
        a, b, c, d, e = [await site.client(login, occ) for login in logins]
        attendees = (a, b, c, d, e)
        await host.ok("event:enter")
        await cohost.ok("event:enter")
        for who, label in zip(attendees, ("ひまわり", "すみれ", None, None, None)):
            await who.ok("event:enter", {"label": label} if label else {})
        relay, room_id = app[keys.VOICE], voice_room(occ)

        # -- the host opens one open-mic table and one floor-only table -------------------------
        assert await code(a, "event:mic", {"on": True}) == "LIVE_NOT_AT_TABLE"  # no tables yet
        assert await code(host, "event:tables_open", {"names": ["話す", "聞く"], "cap": 5, "open_mic": [True]}) == "INVALID"
        await host.ok("event:tables_open", {"names": ["話す", "聞く"], "cap": 5, "open_mic": [True, False]})
        for who in (a, b, c, d):
            await who.ok("event:table", {"table_id": "t1"})
        await e.ok("event:table", {"table_id": "t2"})
        await cohost.ok("event:table", {"table_id": "t1"})  # a visit
        assert await code(e, "event:mic", {"on": True}) == "LIVE_MIC_CLOSED"
        assert await code(host, "event:mic", {"on": True}) == "INVALID"  # hosts are heard already

        # -- A's own click: heard at A's table only ----------------------------------------------
        assert await code(a, "event:voice_offer", {"sdp": SDP_SENDING}) == "LIVE_NO_FLOOR"
        assert await a.ok("event:mic", {"on": True}) == {"mic": True}
        await a.wait_for("event:view", lambda v: v["you"]["mic"])
        await b.wait_for("event:view", lambda v: v["table_voices"] == [{"label": "ひまわり", "you": False}])
        await e.wait_for("event:view", lambda v: talk_table(v).get("mics") == 1)
        assert view(e)["table_voices"] == [] and not mic(b)
        assert await code(a, "event:voice_offer", {"sdp": SDP_SENDING}) != "LIVE_NO_FLOOR"  # may send now
        assert relay.may_speak(room_id, a.account_id) and not relay.may_speak(room_id, b.account_id)

        # -- three voices a table; a fourth is told -------------------------------------------------
        await b.ok("event:mic", {"on": True})
        await c.ok("event:mic", {"on": True})
        full = await d.refused("event:mic", {"on": True})
        assert full["code"] == "LIVE_TABLE_VOICES_FULL" and full["detail"] == {"most": 3}
        assert not relay.may_speak(room_id, d.account_id)

        # -- a host's mute holds; the freed voice lets D in ----------------------------------------------
        seats = {m["nickname"]: m["seat"] for m in (await host.ok("event:members"))["members"]}
        assert [m["mic"] for m in (await host.ok("event:members"))["members"] if m["seat"] == seats[a.nickname]] == [True]
        await cohost.ok("event:mute", {"seat": seats[c.nickname]})
        await c.wait_for("event:view", lambda v: not v["you"]["mic"] and v["you"]["muted"])
        assert await code(c, "event:mic", {"on": True}) == "LIVE_MUTED"
        await d.ok("event:mic", {"on": True})
        assert not relay.may_speak(room_id, c.account_id) and relay.may_speak(room_id, d.account_id)

        # -- floor only at the table: every microphone there off; opening again starts nobody ---------
        assert await code(a, "event:table_mic", {"table_id": "t1", "open": False}) == "EVENT_NOT_HOST"
        assert await host.ok("event:table_mic", {"table_id": "t1", "open": False}) == {"table": "t1", "open_mic": False}
        for who in (a, b, d):
            await who.wait_for("event:view", lambda v: not v["you"]["mic"] and talk_table(v).get("open_mic") is False)
        assert await code(a, "event:mic", {"on": True}) == "LIVE_MIC_CLOSED"
        await host.ok("event:table_mic", {"table_id": "t1", "open": True})
        await a.wait_for("event:view", lambda v: talk_table(v).get("open_mic") is True and v["you"]["table"] == "t1")
        assert not mic(a) and not relay.may_speak(room_id, a.account_id)

        # -- pause stops table voices; after resume nobody is on until they click again -----------------
        await a.ok("event:mic", {"on": True})
        await host.ok("event:pause")
        await a.wait_for("event:view", lambda v: v["paused"] and not v["you"]["mic"])
        assert not relay.may_speak(room_id, a.account_id)
        assert await code(b, "event:mic", {"on": True}) == "LIVE_PAUSED"
        assert await a.ok("event:mic", {"on": False}) == {"mic": False}  # off always works
        await host.ok("event:resume")
        await a.wait_for("event:view", lambda v: not v["paused"])
        assert not mic(a) and not relay.may_speak(room_id, a.account_id)

        # -- leaving the table, removal, calling everyone back: off -------------------------------------
        await a.ok("event:mic", {"on": True})
        await a.ok("event:table", {"table_id": None})
        await a.wait_for("event:view", lambda v: v["you"]["table"] is None and not v["you"]["mic"])
        assert not relay.may_speak(room_id, a.account_id)
        await b.ok("event:mic", {"on": True})
        await host.ok("event:remove", {"seat": seats[b.nickname], "reason": "disruption"})
        await b.wait_for("event:removed")
        assert not relay.may_speak(room_id, b.account_id)
        await d.ok("event:mic", {"on": True})
        await host.ok("event:call_back")
        await d.wait_for("event:view", lambda v: v["tables"] == [] and not v["you"]["mic"])
        assert not relay.may_speak(room_id, d.account_id)
        assert relay.may_speak(room_id, host.account_id)

        async with app[keys.DB_SESSIONS]() as db:
            records = (await db.execute(select(AuditEntry.action, AuditEntry.detail)
                                        .where(AuditEntry.target == f"occurrence:{occ}"))).all()
        actions = [action for action, _ in records]
        assert actions.count("event.table_mic") == 2
        assert {"cap": 5, "open_mic": [True, False]}.items() <= dict(records[actions.index("event.tables_open")][1]).items()

        # -- labels only, never another attendee's name ------------------------------------------------
        for me in attendees:
            received = me.everything_received()
            for other in attendees:
                if other is not me:
                    assert other.nickname not in received and other.account_id not in received
                    assert seats[other.nickname] not in received
