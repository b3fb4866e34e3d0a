"""The live room of an event with real Socket.IO clients on SQLite and PostgreSQL: a host, a
co-host, three attendees, a latecomer, a stranger and another event's host, through a whole
scripted event: the door, chat modes, the hand queue, the floor (asked and accepted), mute,
refusals (speaking without the floor, host actions by non-hosts), the locked door, pause and
resume, tables, removal (no way back), end, the audit records and the attendance counts.

Every frame and every answer each attendee receives is recorded; at the end none of them
holds another attendee's nickname, account id or seat."""
from __future__ import annotations

from sqlalchemy import select

from moderation.audit import AuditEntry
from moderation.crisis_alerts import CrisisAlert
from rooms.events.models import EventAttendance
from server import keys
from tests.integration.event_live_client import EventClient, event_site
from tests.waiting import advance

SDP_SENDING = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n"


def view(client: EventClient) -> dict:
    return client.events["event:view"][-1]


async def code(client: EventClient, event: str, data=None) -> str:
    return (await client.refused(event, data))["code"]


async def test_a_whole_event_as_hosts_and_attendees_see_it(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        clocked, api, app = site.clocked, site.clocked.api, site.app
        host_login = await api.staff(app, "しおり", "staff")
        cohost_login = await api.staff(app, "ひなた", "peer_supporter")
        elsewhere_login = await api.staff(app, "よそのひと", "staff")
        occ = await site.create_event(host_login, [("しおり", "host"), ("ひなた", "cohost")])
        other_occ = await site.create_event(elsewhere_login, [("よそのひと", "host")], {**GATHERING_OTHER})
        logins = await site.guests(5)
        a_login, b_login, c_login, late_login, stranger_login = logins
        for login in (a_login, b_login, c_login, late_login):
            await site.register(login, occ)

        host = await site.client(host_login, occ)
        cohost = await site.client(cohost_login, occ)
        elsewhere = await site.client(elsewhere_login, occ)
        a, b, c = [await site.client(login, occ) for login in (a_login, b_login, c_login)]
        late = await site.client(late_login, occ)
        stranger = await site.client(stranger_login, occ)
        attendees = (a, b, c, late)

        # -- the door ------------------------------------------------------------------------
        assert await code(stranger, "event:enter") == "EVENT_NOT_REGISTERED"
        assert await code(a, "event:say", {"text": "まだ外"}) == "LIVE_NOT_IN_ROOM"
        await host.ok("event:enter")
        assert (await cohost.ok("event:enter"))["role"] == "host"
        mine = await a.ok("event:enter", {"label": "ひまわり"})
        assert mine["role"] == "attendee" and mine["you"]["label"] == "ひまわり" and "members" not in mine
        assert await code(b, "event:enter", {"label": "090-1234-5678"}) == "NOTE_PERSONAL_INFO"
        await b.ok("event:enter")
        await c.ok("event:enter", {"label": ""})
        seen = await host.wait_for("event:view", lambda v: v["count"] == 3)
        seats = {m["nickname"]: m["seat"] for m in seen["members"]}
        assert {a.nickname, b.nickname, c.nickname, "しおり", "ひなた"} == set(seats)
        assert view(c)["count"] == 3 and [h["nickname"] for h in view(c)["hosts"]] == ["しおり", "ひなた"]
        # An attendee asks for the list by every route there is: refused.
        assert await code(a, "event:members") == "EVENT_NOT_HOST"
        assert (await host.ok("event:members"))["members"][0]["nickname"] == "しおり"

        # -- chat modes -------------------------------------------------------------------------
        assert (await a.ok("event:say", {"text": "質問があります"}))["to"] == "hosts"
        to_host = await host.wait_for("event:message", lambda m: m["text"] == "質問があります")
        assert to_host["nickname"] == a.nickname and to_host["label"] == "ひまわり"
        await host.ok("event:chat_mode", {"mode": "everyone"})
        await c.ok("event:say", {"text": "よければ 090-1234-5678 に"})
        masked = await a.wait_for("event:message", lambda m: m["text"].startswith("よければ"))
        assert masked["text"] == "よければ ●●● に"  # the shield masks contact details for everyone
        # words of crisis in the hall reach a human: the writer gets the support lines, an alert is stored
        worried = await c.ok("event:say", {"text": "もう死にたい"})
        assert worried["crisis"]["lines"]
        async with app[keys.DB_SESSIONS]() as db:
            alerts = list((await db.execute(select(CrisisAlert).where(CrisisAlert.channel == "event"))).scalars())
        assert [(x.place, x.account_id) for x in alerts] == [(occ, c.account_id)]
        await b.ok("event:say", {"text": "こんばんは"})
        heard = await a.wait_for("event:message", lambda m: m["text"] == "こんばんは")
        assert heard["label"] is None and "nickname" not in heard and "seat" not in heard
        assert not [m for m in b.events["event:message"] if m["text"] == "質問があります"]  # hosts-only stayed so
        await cohost.ok("event:chat_mode", {"mode": "off"})
        assert await code(c, "event:say", {"text": "いいですか"}) == "LIVE_CHAT_OFF"
        await host.ok("event:say", {"text": "ようこそ"})
        await c.wait_for("event:message", lambda m: m["text"] == "ようこそ" and m["label"] == "しおり")

        # -- reactions: counted, not named ------------------------------------------------------------
        await a.ok("event:react", {"reaction": "clap"})
        await c.ok("event:react", {"reaction": "clap"})
        assert (await b.wait_for("event:reactions", lambda r: r["reactions"].get("clap") == 2))["reactions"] == {"clap": 2}
        for _ in range(4):
            await a.ok("event:react", {"reaction": "heart"})
        assert await code(a, "event:react", {"reaction": "heart"}) == "RATE_LIMITED"

        # -- the hand queue and the floor ------------------------------------------------------------
        await c.ok("event:hand", {"raised": True})
        assert (await a.ok("event:hand", {"raised": True}))["place"] == 2
        await b.ok("event:hand", {"raised": True})
        queue = await host.wait_for("event:view", lambda v: len(v["queue"]) == 3)
        assert [q["nickname"] for q in queue["queue"]] == [c.nickname, a.nickname, b.nickname]
        await a.wait_for("event:view", lambda v: v["you"]["hand"] == 2)
        await b.ok("event:hand", {"raised": False})  # pass
        await a.wait_for("event:view", lambda v: v["you"]["hand"] == 2 and "queue" not in v)
        assert await code(a, "event:answer", {"accept": True}) == "LIVE_NOT_ASKED"
        await host.ok("event:ask", {"seat": seats[c.nickname], "via": "voice"})
        assert (await c.wait_for("event:asked"))["via"] == "voice"
        assert (await c.ok("event:answer", {"accept": True}))["floor"] == "voice"
        floor = await a.wait_for("event:view", lambda v: v["floor"])
        assert floor["floor"] == [{"label": None, "via": "voice", "you": False, "muted": False}]
        assert floor["you"]["hand"] == 1  # C left the queue with the floor
        # Speaking without the floor: refused before any voice is set up.
        assert await code(b, "event:voice_offer", {"sdp": SDP_SENDING}) == "LIVE_NO_FLOOR"
        await cohost.ok("event:mute", {"seat": seats[c.nickname]})
        await c.wait_for("event:view", lambda v: v["you"]["muted"])
        await host.ok("event:take_floor", {"seat": seats[c.nickname]})
        await a.wait_for("event:view", lambda v: not v["floor"])
        await host.ok("event:quiet_first", {"on": True})
        await b.ok("event:hand", {"raised": True})
        await c.ok("event:hand", {"raised": True})
        quiet = await host.wait_for("event:view", lambda v: len(v["queue"]) == 3 and v["quiet_first"])
        assert [q["nickname"] for q in quiet["queue"]] == [a.nickname, b.nickname, c.nickname]  # C spoke

        # -- host actions by people who are not this event's hosts ------------------------------------
        for who in (a, elsewhere, stranger):
            for event, data in (("event:pause", {}), ("event:lock", {"locked": True}), ("event:end", {}),
                                ("event:ask", {"seat": seats[b.nickname], "via": "text"}),
                                ("event:remove", {"seat": seats[b.nickname], "reason": "other"}),
                                ("event:chat_mode", {"mode": "everyone"})):
                assert await code(who, event, data) == "EVENT_NOT_HOST", (who.nickname, event)
        assert await code(cohost, "event:remove", {"seat": seats["しおり"], "reason": "other"}) == "LIVE_HOST_PROTECTED"
        assert (await host.ok("event:view"))["paused"] is False and view(a)["chat_mode"] == "off"

        # -- the door locked; pause and resume -----------------------------------------------------------
        await cohost.ok("event:lock", {"locked": True})
        assert await code(late, "event:enter") == "LIVE_DOOR_LOCKED"
        await host.ok("event:lock", {"locked": False})
        await late.ok("event:enter")
        await host.ok("event:chat_mode", {"mode": "everyone"})
        # the earlier messages are older than the two minutes a pause hides; the housekeeping this
        # wakes (reminders, crisis, funnel, access sweep) has run before the next call, not beside it
        await advance(clocked.clock, 150)
        said = await a.ok("event:say", {"text": "あとで消える"})
        paused = await host.ok("event:pause")
        assert paused == {"paused": True, "hidden": 1}
        assert (await b.wait_for("event:hidden"))["ids"] == [said["id"]]
        await c.wait_for("event:view", lambda v: v["paused"])
        for event, data in (("event:say", {"text": "x"}), ("event:react", {"reaction": "nod"}), ("event:hand", {"raised": False})):
            assert await code(b, event, data) == "LIVE_PAUSED"
        assert [m["id"] for m in view(host)["hidden_messages"]] == [said["id"]]
        await cohost.ok("event:resume")
        await c.wait_for("event:view", lambda v: not v["paused"])

        # -- tables ---------------------------------------------------------------------------------------
        await host.ok("event:tables_open", {"names": ["30代の子の親", "40代の子の親"], "cap": 2})
        await a.ok("event:table", {"table_id": "t1"})
        await host.ok("event:place", {"seat": seats[b.nickname], "table_id": "t2"})
        await c.ok("event:table", {"table_id": "t1"})
        assert await code(late, "event:table", {"table_id": "t1"}) == "LIVE_TABLE_FULL"
        await cohost.ok("event:table", {"table_id": "t1"})  # a visit
        await advance(clocked.clock, 10)
        assert (await a.ok("event:say", {"text": "テーブルの話"}))["to"] == "table"
        await c.wait_for("event:message", lambda m: m["text"] == "テーブルの話")
        await cohost.wait_for("event:message", lambda m: m["text"] == "テーブルの話")
        await b.ok("event:say", {"text": "ひとつめ"})
        assert not [m for m in b.events["event:message"] if m["text"] == "テーブルの話"]
        await host.ok("event:call_back")
        await a.wait_for("event:view", lambda v: v["tables"] == [] and v["you"]["table"] is None)

        # -- removal: kindly told, no way back ----------------------------------------------------------------
        removed = await cohost.ok("event:remove", {"seat": seats[b.nickname], "reason": "disruption"})
        assert removed == {"removed": True}
        assert (await b.wait_for("event:removed"))["reason"] == "disruption"
        assert await code(b, "event:enter") == "EVENT_REMOVED"
        assert await code(b, "event:say", {"text": "もどりたい"}) == "LIVE_NOT_IN_ROOM"
        await a.wait_for("event:view", lambda v: v["count"] == 3)

        # -- the end -------------------------------------------------------------------------------------------
        assert await code(a, "event:end") == "EVENT_NOT_HOST"
        await host.ok("event:end")
        for who in (a, c, late, cohost):
            await who.wait_for("event:ended")
        assert await code(a, "event:say", {"text": "おわり?"}) == "LIVE_NOT_IN_ROOM"
        assert await code(a, "event:enter") == "LIVE_ENDED"

        async with app[keys.DB_SESSIONS]() as db:
            actions = (await db.scalars(select(AuditEntry.action).where(AuditEntry.target == f"occurrence:{occ}"))).all()
            counts = dict((await db.execute(select(EventAttendance.account_kind, EventAttendance.count)
                                            .where(EventAttendance.occurrence_id == occ))).all())
        for action in ("chat_mode", "ask_to_speak", "mute", "take_floor", "quiet_first", "lock", "pause", "resume",
                       "tables_open", "place", "call_back", "remove", "end"):
            assert f"event.{action}" in actions, action
        assert counts == {"guest": 4}  # A, B, C and the latecomer: counted once each, by kind only
        assert other_occ != occ

        # -- nobody learned anybody else --------------------------------------------------------------------
        for me in attendees:
            received = me.everything_received()
            for other in attendees:
                if other is me:
                    continue
                assert other.nickname not in received, (me.nickname, other.nickname)
                assert other.account_id not in received
                assert seats.get(other.nickname, "never-a-seat") not in received
            for staff in (host, cohost):
                assert staff.account_id not in received  # hosts by nickname only


GATHERING_OTHER = {
    "title_ja": "ピアの集い", "title_en": "Peer meetup", "kind": "peer_meetup", "audience": "everyone",
    "registration": "drop_in", "place": "room", "capacity": 10,
    "first_date": "2026-04-01", "start_time": "10:05", "duration_minutes": 60, "repeat": "none",
}
