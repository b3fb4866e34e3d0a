"""A moderator asks a person to leave an event occurrence from the console (issue 12, item 8):
a rung of the ladder (``event_removal``), audited, told kindly on /event and /space, no way
back into that occurrence, appealable; refused to everyone who is not a moderator. Real
Socket.IO clients on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from moderation.audit import AuditEntry
from rooms.events.admission import remove_from_occurrence
from server import keys
from tests.integration.event_live_client import event_site
from tests.integration.sanctions_helpers import call
from tests.integration.space_client import SpaceClient

REASON = {"reason_ja": "会の進行を何度も妨げたため、今回は退出をお願いします。",
          "reason_en": "You interrupted the event several times, so we asked you to leave this session."}


def removal(person: dict, occurrence_id: str, **extra) -> dict:
    return {"account_id": person["account"]["id"], "kind": "event_removal", "occurrence_id": occurrence_id,
            **REASON, **extra}


async def test_a_moderator_removes_a_person_from_an_event_and_an_appeal_lets_them_back(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        api, app = site.clocked.api, site.app
        host_login = await api.staff(app, "しおり", "staff")
        moderator = await api.staff(app, "みまもり", "moderator")
        second = await api.staff(app, "もうひとり", "moderator")
        occ = await site.create_event(host_login, [("しおり", "host")])
        a_login, b_login = await site.guests(2)
        for login in (a_login, b_login):
            await site.register(login, occ)
        host, a, b = [await site.client(login, occ) for login in (host_login, a_login, b_login)]
        await host.ok("event:enter")
        await a.ok("event:enter")
        await b.ok("event:enter")
        await a.wait_for("event:view", lambda v: v["count"] == 2)
        space = SpaceClient(site.clocked.url, b_login["access_token"])
        await space.connect()
        try:
            # A reports B's line in the event chat; the moderator's report shows who and which occurrence
            await host.ok("event:chat_mode", {"mode": "everyone"})
            await host.ok("event:say", {"text": "ようこそ"})
            said = await b.ok("event:say", {"text": "つまらない会だな"})
            heard = await a.wait_for("event:message", lambda m: m["id"] == said["id"])
            assert "nickname" not in heard  # attendees never learn each other
            target = {"kind": "message", "id": f"{occ}:{said['id']}", "place": "event"}
            await call(site.clocked, a_login, "POST", "/api/reports", json={"target": target, "category": "harassment"},
                       expect=202)
            queue = await call(site.clocked, moderator, "GET", "/api/moderation/reports", expect=200)
            report_id = queue["reports"][0]["id"]
            report = (await call(site.clocked, moderator, "GET", f"/api/moderation/reports/{report_id}", expect=200))["report"]
            assert report["reported"]["id"] == b_login["account"]["id"]
            assert report["snapshot"]["event"]["occurrence_id"] == occ
            assert [line["text"] for line in report["snapshot"]["lines"]] == ["ようこそ", "つまらない会だな"]
            assert report["snapshot"]["lines"][1]["reported"] is True
            # a stranger who was never in the room names nobody by reporting the same line
            stranger = await site.clocked.person()
            await call(site.clocked, stranger, "POST", "/api/reports", json={"target": target, "category": "harassment"},
                       expect=202)
            queue = await call(site.clocked, moderator, "GET", "/api/moderation/reports", expect=200)
            other_id = next(r["id"] for r in queue["reports"] if r["id"] != report_id)
            other = (await call(site.clocked, moderator, "GET", f"/api/moderation/reports/{other_id}", expect=200))["report"]
            assert other["reported"]["id"] is None and other["snapshot"]["lines"] == []
            given = await call(site.clocked, moderator, "POST", "/api/moderation/sanctions", json=removal(b_login, occ),
                               expect=201)
            sanction = given["sanction"]
            assert sanction["kind"] == "event_removal" and sanction["occurrence_id"] == occ
            assert sanction["ends_at"] is None and sanction["appeal_until"]
            told = await b.wait_for("event:removed")
            assert told == {"occurrence_id": occ, "reason": "moderation", **REASON}
            notice = await space.wait_for("sanction:notice")
            assert notice["kind"] == "event_removal" and notice["reason_en"] == REASON["reason_en"]
            assert "given_by" not in notice
            # out of the room at once; the others see one fewer, and never who acted
            await a.wait_for("event:view", lambda v: v["count"] == 1)
            assert (await b.refused("event:say", {"text": "もどりたい"}))["code"] == "LIVE_NOT_IN_ROOM"
            assert (await b.refused("event:enter"))["code"] == "EVENT_REMOVED"
            assert moderator["account"]["nickname"] not in a.everything_received()
            # everything else stays open: the plaza, for one
            assert (await space.call("ping", {}))["ok"]
            # the door stays shut after a restart of the live room too (the database keeps it)
            app[keys.EVENT_LIVE].rooms[occ].removed.clear()
            assert (await b.refused("event:enter"))["code"] == "EVENT_REMOVED"
            async with app[keys.DB_SESSIONS]() as db:
                entry = (await db.scalars(select(AuditEntry).where(AuditEntry.target == sanction["id"]))).one()
            assert entry.action == "sanction.give" and entry.actor_id == moderator["account"]["id"]
            assert entry.detail["kind"] == "event_removal" and entry.detail["occurrence_id"] == occ
            # the person appeals; another moderator lifts it; the door opens again
            appeal = await call(site.clocked, b_login, "POST", f"/api/me/sanctions/{sanction['id']}/appeal",
                                json={"text": "反省しています。最後まで聞かせてください。"}, expect=201)
            assert appeal["sanction"]["appeal"]["outcome"] is None
            appeal_id = (await call(site.clocked, second, "GET", "/api/moderation/appeals", expect=200))["appeals"][0]["id"]
            body = {"outcome": "lifted", "answer_ja": "どうぞお戻りください。"}
            await call(site.clocked, moderator, "POST", f"/api/moderation/appeals/{appeal_id}/decide", json=body, expect=403)
            await call(site.clocked, second, "POST", f"/api/moderation/appeals/{appeal_id}/decide", json=body, expect=200)
            assert (await b.ok("event:enter"))["role"] == "attendee"
        finally:
            await space.close()


async def test_who_may_remove_and_what_is_refused(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        api, app = site.clocked.api, site.app
        host_login = await api.staff(app, "しおり", "staff")
        other_host = await api.staff(app, "よそのひと", "staff")
        staff_only = await api.staff(app, "うけつけ", "staff")
        moderator = await api.staff(app, "みまもり", "moderator")
        admin = await api.staff(app, "かんりにん", "admin")
        occ = await site.create_event(host_login, [("しおり", "host")])
        await site.create_event(other_host, [("よそのひと", "host")])
        attendee, target, hosted_out = await site.guests(3)
        for login in (attendee, target, hosted_out):
            await site.register(login, occ)
        # not moderators: an attendee, the host of another event, staff (even this event's host)
        for who in (attendee, other_host, staff_only, host_login):
            refused = await call(site.clocked, who, "POST", "/api/moderation/sanctions", json=removal(target, occ),
                                 expect=403)
            assert refused["error"]["code"] == "FORBIDDEN"
        # bad input: no occurrence, an occurrence on another kind, an unknown one, a host, oneself
        no_occ = {k: v for k, v in removal(target, occ).items() if k != "occurrence_id"}
        await call(site.clocked, moderator, "POST", "/api/moderation/sanctions", json=no_occ, expect=400)
        warn = {**removal(target, occ), "kind": "warning"}
        assert (await call(site.clocked, moderator, "POST", "/api/moderation/sanctions", json=warn,
                           expect=400))["error"]["field"] == "occurrence_id"
        unknown = await call(site.clocked, moderator, "POST", "/api/moderation/sanctions",
                             json=removal(target, "f" * 32), expect=404)
        assert unknown["error"]["code"] == "EVENT_NOT_FOUND"
        await call(site.clocked, moderator, "POST", "/api/moderation/sanctions", json=removal(target, "x" * 33), expect=400)
        hosting = await call(site.clocked, moderator, "POST", "/api/moderation/sanctions", json=removal(host_login, occ),
                             expect=403)
        assert hosting["error"]["code"] == "LIVE_HOST_PROTECTED"
        await call(site.clocked, moderator, "POST", "/api/moderation/sanctions", json=removal(moderator, occ), expect=403)
        await call(site.clocked, moderator, "POST", "/api/moderation/sanctions", json=removal(target, occ, duration="24h"),
                   expect=400)
        async with app[keys.DB_SESSIONS]() as db:  # nothing above changed anything
            assert not (await db.scalars(select(AuditEntry).where(AuditEntry.action == "sanction.give"))).all()
        # an admin may; lifting it by hand also reopens the door (the person was never in the room)
        given = await call(site.clocked, admin, "POST", "/api/moderation/sanctions", json=removal(target, occ), expect=201)
        client = await site.client(target, occ)
        assert (await client.refused("event:enter"))["code"] == "EVENT_REMOVED"
        await call(site.clocked, moderator, "POST", f"/api/moderation/sanctions/{given['sanction']['id']}/lift",
                   json={"reason": "人違いでした"}, expect=200)
        assert (await client.ok("event:enter"))["role"] == "attendee"
        # a host's own removal stays when a moderator's on top of it is lifted
        async with app[keys.DB_SESSIONS].begin() as db:
            await remove_from_occurrence(db, site.clocked.clock, occurrence_id=occ, account_id=hosted_out["account"]["id"],
                                         by=host_login["account"]["id"], reason="disruption")
        again = await call(site.clocked, admin, "POST", "/api/moderation/sanctions", json=removal(hosted_out, occ), expect=201)
        await call(site.clocked, moderator, "POST", f"/api/moderation/sanctions/{again['sanction']['id']}/lift",
                   json={"reason": "見直しました"}, expect=200)
        still_out = await site.client(hosted_out, occ)
        assert (await still_out.refused("event:enter"))["code"] == "EVENT_REMOVED"
