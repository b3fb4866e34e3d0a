"""Reports over real HTTP and Socket.IO clients (SQLite and PostgreSQL): from the space to the
moderators' queue and back to the reporter, the same answer for any target, the limits, and
every refusal of the queue."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from moderation.audit import AuditEntry
from server import keys
from tests.integration.events_world import FAMILY_CLASS
from tests.integration.report_helpers import console, in_plaza, mod_call, report, stored


async def closed_for(client, report_id):
    return await client.wait_for("report:updated", lambda d: d["id"] == report_id and d["status"] == "closed")


async def test_report_from_the_space_to_we_acted_and_back_to_the_reporter(running):
    api, app = running.api, running.app
    reporter, login_a = await in_plaza(running)
    other, login_b = await in_plaza(running)
    moderator = await api.staff(app, "みまもり", "moderator")
    staff = await api.staff(app, "スタッフ", "staff")
    specialist = await api.staff(app, "こころ先生", "specialist", "psychologist")
    consoles = {name: await console(running, who) for name, who in
                (("moderator", moderator), ("staff", staff), ("specialist", specialist))}
    try:
        assert (await other.call("zone:say", {"text": "ねえ、連絡先教えてよ"}))["ok"]
        said = await reporter.wait_for("chat:zone_message")
        answer = await report(api, login_a, kind="message", target_id=said["id"], place="zone",
                              category="contact_or_meeting", comment="何度も聞かれて怖いです")
        report_id = answer["report"]["id"]
        assert answer == {"report": {"id": report_id, "status": "received"}}

        # The on-duty moderation roles are rung; a specialist is not (yet).
        alert = await consoles["moderator"].wait_for("report:alert")
        assert alert == {"id": report_id, "category": "contact_or_meeting", "urgent": False,
                         "created_at": alert["created_at"], "escalated": False}
        await consoles["staff"].wait_for("report:alert")
        assert "report:alert" not in consoles["specialist"].events

        queue = (await mod_call(api, moderator, "GET", "/api/moderation/reports"))["reports"]
        assert [r["id"] for r in queue] == [report_id] and queue[0]["status"] == "received"
        detail = (await mod_call(api, moderator, "GET", f"/api/moderation/reports/{report_id}"))["report"]
        assert detail["reported"] == {"id": login_b["account"]["id"], "nickname": login_b["account"]["nickname"]}
        lines = detail["snapshot"]["lines"]
        assert [(l["author_id"], l["text"], l.get("reported")) for l in lines] == [
            (login_b["account"]["id"], "ねえ、連絡先教えてよ", True)]
        assert detail["comment"] == "何度も聞かれて怖いです" and detail["earlier_sanctions"] == []

        claimed = (await mod_call(api, moderator, "POST", f"/api/moderation/reports/{report_id}/claim"))["report"]
        assert claimed["claimed_by_nickname"] == "みまもり"
        looked = await reporter.wait_for("report:updated", lambda d: d["status"] == "in_review")
        assert looked["outcome"] is None
        stop = await consoles["specialist"].wait_for("report:claimed")
        assert stop == {"id": report_id, "claimed_by_nickname": "みまもり"}
        await mod_call(api, moderator, "POST", f"/api/moderation/reports/{report_id}/notes",
                       json={"body": "連絡先を求める発言を確認"}, expect=201)
        await mod_call(api, moderator, "POST", f"/api/moderation/reports/{report_id}/close", json={"outcome": "acted"})

        told = await closed_for(reporter, report_id)
        assert told["outcome"] == "acted"
        _, mine = await api.call("GET", "/api/reports/mine", token=login_a["access_token"])
        assert [(r["id"], r["status"], r["outcome"]) for r in mine["reports"]] == [(report_id, "closed", "acted")]
        # Nothing about the other person, nor who handled it, reaches the reporter.
        seen = repr(told) + repr(mine) + repr(looked)
        for secret in (login_b["account"]["id"], login_b["account"]["nickname"], "みまもり", "連絡先を求める"):
            assert secret not in seen
        assert "report:updated" not in other.events

        async with app[keys.DB_SESSIONS]() as db:
            acts = [(e.action, e.actor_id) for e in (await db.execute(
                select(AuditEntry).where(AuditEntry.target == report_id).order_by(AuditEntry.at, AuditEntry.action)
            )).scalars()]
        assert sorted(acts) == sorted((a, moderator["account"]["id"]) for a in ("report.claim", "report.note", "report.close"))
        # The queue no longer lists it; the closed list does.
        assert (await mod_call(api, moderator, "GET", "/api/moderation/reports"))["reports"] == []
        closed = (await mod_call(api, moderator, "GET", "/api/moderation/reports?state=closed"))["reports"]
        assert [(r["id"], r["outcome"]) for r in closed] == [(report_id, "acted")]
    finally:
        for client in (reporter, other, *consoles.values()):
            await client.close()


async def test_a_report_on_a_made_up_target_answers_exactly_like_a_real_one(running):
    api = running.api
    reporter, someone = await api.guest(), await api.guest()
    answers = [
        await report(api, reporter, kind="person", target_id=someone["account"]["id"]),
        await report(api, reporter, kind="person", target_id="no-such-person"),
        await report(api, reporter, kind="message", target_id="no-such-message", place="conversation"),
        await report(api, reporter, kind="board_post", target_id="no-such-post"),
        await report(api, reporter, kind="event", target_id="no-such-event"),
    ]
    shapes = [{key: (value if key != "id" else "<id>") for key, value in a["report"].items()} for a in answers]
    assert all(shape == {"id": "<id>", "status": "received"} for shape in shapes)
    kept = await stored(running)
    assert len(kept) == 5  # kept all the same: the moderators see what was found
    assert kept[0].target_account_id == someone["account"]["id"] and kept[0].snapshot["found"] is True
    assert all(r.target_account_id is None and r.snapshot["found"] is False for r in kept[1:])


async def test_a_report_on_an_event_seals_what_the_event_was(running):
    api = running.api
    staff = await api.staff(running.app, "しおり", "staff")
    status, made = await api.call("POST", "/api/events", token=staff["access_token"], json={
        **FAMILY_CLASS, "title_ja": "夜のお茶会", "repeat": "none", "first_date": "2026-12-20",
        "hosts": [{"nickname": "しおり", "role": "host"}]})
    assert status == 201, made
    event = made["event"]
    reporter = await api.guest()
    for target in (event["id"], event["occurrences"][0]["id"]):
        answer = await report(api, reporter, kind="event", target_id=target, category="selling_or_spam")
        assert answer["report"]["status"] == "received"
    sealed = [r.snapshot for r in await stored(running)]
    assert [s["found"] for s in sealed] == [True, True]
    assert [s["event"]["title_ja"] for s in sealed] == ["夜のお茶会", "夜のお茶会"]
    assert [s["event"]["occurrence_id"] for s in sealed] == [None, event["occurrences"][0]["id"]]


async def test_a_flood_of_reports_is_refused_per_account_and_per_client(running):
    api = running.api
    flooder = await api.guest()
    for _ in range(10):
        await report(api, flooder)
    status, body = await api.call("POST", "/api/reports", token=flooder["access_token"],
                                  json={"target": {"kind": "person", "id": "x"}, "category": "other"})
    assert status == 429 and body["error"]["code"] == "RATE_LIMITED"
    assert len(await stored(running)) == 10
    # New guests from the same address: the client's budget (30 an hour) ends the flood too.
    for _ in range(2):
        fresh = await api.guest()
        for _ in range(10):
            await report(api, fresh)
    last = await api.guest()
    await report(api, last, expect=429)
    assert len(await stored(running)) == 30


@pytest.mark.parametrize("body", [
    {"target": {"kind": "person", "id": "x"}, "category": "rude"},
    {"target": {"kind": "planet", "id": "x"}, "category": "other"},
    {"target": {"kind": "person", "id": ""}, "category": "other"},
    {"target": {"kind": "person", "id": "x" * 65}, "category": "other"},
    {"target": {"kind": "person", "id": "x", "place": "zone"}, "category": "other"},
    {"target": {"kind": "message", "id": "x"}, "category": "other"},
    {"target": {"kind": "person", "id": "x"}, "category": "other", "comment": "あ" * 1001},
    {"target": {"kind": "person", "id": "x"}, "category": "other", "comment": "bad\u202etext"},
    {"target": {"kind": "person", "id": "x"}, "category": "other", "extra": 1},
    {"target": {"kind": "person", "id": 7}, "category": "other"},
    {"target": "x", "category": "other"},
])
async def test_bad_reports_are_refused_and_change_nothing(running, body):
    login = await running.api.guest()
    status, answer = await running.api.call("POST", "/api/reports", token=login["access_token"], json=body)
    assert status == 400 and answer["error"]["code"] == "INVALID", answer
    assert set(answer["error"]["message"]) == {"ja", "en"}
    assert await stored(running) == []


async def test_only_moderators_and_admins_open_the_queue_and_the_snapshots(running):
    api, app = running.api, running.app
    reporter = await api.guest()
    report_id = (await report(api, reporter))["report"]["id"]
    for role in ("staff", "specialist", "peer_supporter"):
        login = await api.staff(app, f"ひと{role[:4]}", role, "psychologist" if role == "specialist" else None)
        for method, path in (("GET", "/api/moderation/reports"), ("GET", f"/api/moderation/reports/{report_id}"),
                             ("GET", "/api/moderation/alerts"),
                             ("POST", f"/api/moderation/reports/{report_id}/claim")):
            status, body = await api.call(method, path, token=login["access_token"])
            assert status == 403 and body["error"]["code"] == "FORBIDDEN", (role, path)
    status, _ = await api.call("GET", f"/api/moderation/reports/{report_id}", token=reporter["access_token"])
    assert status == 403
    admin = await api.staff(app, "かんりにん", "admin")
    assert (await mod_call(api, admin, "GET", f"/api/moderation/reports/{report_id}"))["report"]["id"] == report_id


async def test_a_moderator_never_acts_on_their_own_report_or_one_about_themselves(running):
    api, app = running.api, running.app
    first = await api.staff(app, "みまもりA", "moderator")
    second = await api.staff(app, "みまもりB", "moderator")
    own = (await report(api, first, category="other"))["report"]["id"]
    about = (await report(api, await api.guest(), kind="person", target_id=first["account"]["id"]))["report"]["id"]
    for report_id, reason in ((own, "own_report"), (about, "about_you")):
        for path, body in (("claim", None), ("notes", {"body": "メモ"}), ("close", {"outcome": "acted"})):
            status, answer = await api.call("POST", f"/api/moderation/reports/{report_id}/{path}",
                                            token=first["access_token"], json=body)
            assert status == 403 and answer["error"]["detail"]["reason"] == reason, (path, answer)
    assert all(r.status == "received" and r.claimed_by is None for r in await stored(running))
    # Another moderator handles them.
    await mod_call(api, second, "POST", f"/api/moderation/reports/{own}/claim")
    await mod_call(api, second, "POST", f"/api/moderation/reports/{own}/close", json={"outcome": "no_violation"})


async def test_one_moderator_at_a_time_and_closing_needs_the_claim(running):
    api, app = running.api, running.app
    first = await api.staff(app, "みまもりA", "moderator")
    second = await api.staff(app, "みまもりB", "moderator")
    report_id = (await report(api, await api.guest()))["report"]["id"]
    path = f"/api/moderation/reports/{report_id}"
    status, body = await api.call("POST", f"{path}/close", token=first["access_token"], json={"outcome": "acted"})
    assert status == 409 and body["error"]["detail"]["reason"] == "not_claimed_by_you"
    await mod_call(api, first, "POST", f"{path}/claim")
    await mod_call(api, first, "POST", f"{path}/claim")  # again: harmless
    for sub, payload, reason in (("claim", None, "claimed_by_other"), ("notes", {"body": "x"}, "not_claimed_by_you"),
                                 ("close", {"outcome": "acted"}, "not_claimed_by_you")):
        status, body = await api.call("POST", f"{path}/{sub}", token=second["access_token"], json=payload)
        assert status == 409 and body["error"]["detail"]["reason"] == reason
    queued = (await mod_call(api, second, "GET", "/api/moderation/reports"))["reports"][0]
    assert queued["claimed_by_nickname"] == "みまもりA" and queued["status"] == "in_review"
    for payload in ({"outcome": "banned"}, {}, {"outcome": 1}):
        status, _ = await api.call("POST", f"{path}/close", token=first["access_token"], json=payload)
        assert status == 400
    await mod_call(api, first, "POST", f"{path}/close", json={"outcome": "need_info"})
    status, body = await api.call("POST", f"{path}/claim", token=second["access_token"])
    assert status == 409 and body["error"]["detail"]["reason"] == "closed"
    status, _ = await api.call("GET", "/api/moderation/reports/nothing-here", token=first["access_token"])
    assert status == 404


async def test_the_queue_puts_urgent_first_then_the_oldest_and_shows_earlier_reports(running):
    api, app = running.api, running.app
    moderator = await api.staff(app, "みまもり", "moderator")
    target = await api.guest()
    ids = []
    for category in ("other", "harassment", "unsafe_now"):
        ids.append((await report(api, await api.guest(), kind="person", target_id=target["account"]["id"],
                                 category=category))["report"]["id"])
    queue = (await mod_call(api, moderator, "GET", "/api/moderation/reports"))["reports"]
    assert [r["id"] for r in queue] == [ids[2], ids[0], ids[1]] and queue[0]["urgent"] is True
    detail = (await mod_call(api, moderator, "GET", f"/api/moderation/reports/{ids[2]}"))["report"]
    assert {r["id"] for r in detail["earlier_reports"]} == {ids[0], ids[1]}
    alerts = (await mod_call(api, moderator, "GET", "/api/moderation/alerts"))["alerts"]
    assert [a["id"] for a in alerts] == [ids[2], ids[0], ids[1]]


async def test_a_private_conversation_is_not_attached_for_someone_outside_it(running):
    api = running.api
    a, login_a = await in_plaza(running)
    b, login_b = await in_plaza(running)
    try:
        await b.call("presence:status", {"status": "open"})
        await a.call("contact:invite", {"to": [login_b["account"]["id"]]})
        request = await b.wait_for("contact:request")
        await b.ok("contact:accept", {"request_id": request["request_id"]})
        opened = await a.wait_for("contact:opened")
        assert (await b.call("chat:say", {"conversation_id": opened["conversation_id"], "text": "ひみつの話"}))["ok"]
        said = await a.wait_for("chat:message")
        outsider = await api.guest()
        await report(api, outsider, kind="message", target_id=said["id"], place="conversation")
        await report(api, login_a, kind="message", target_id=said["id"], place="conversation")
        await report(api, login_a, kind="message", target_id=said["id"], place="zone")  # wrong place: nothing
        kept = await stored(running)
        assert kept[0].snapshot["lines"] == [] and kept[0].target_account_id is None
        assert [l["text"] for l in kept[1].snapshot["lines"]] == ["ひみつの話"]
        assert kept[1].target_account_id == login_b["account"]["id"]
        assert kept[2].snapshot["lines"] == []
    finally:
        await a.close()
        await b.close()
