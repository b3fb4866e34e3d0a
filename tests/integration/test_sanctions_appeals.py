"""Appeals, a ban's second moderator, moderators in the space, and the new-account warm-up
(issue 12, items 3 and 8), with real clients over loopback on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from moderation import audit
from server import keys
from tests.integration.sanctions_helpers import call, give, in_plaza, moderated_site, staff


async def audit_actions(site) -> list[str]:
    async with site.app[keys.DB_SESSIONS]() as db:
        return [e.action for e in reversed(await audit.entries(db, limit=500))]


async def test_one_appeal_decided_by_another_moderator_and_the_person_sees_the_answer(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        first = await staff(site, "みまもり", "moderator")
        second = await staff(site, "もうひとり", "moderator")
        person, login = await in_plaza(site)
        given = (await give(site, first, login, "rest", duration="24h"))["sanction"]
        path = f"/api/me/sanctions/{given['id']}/appeal"
        appealed = await call(site, login, "POST", path, json={"text": "誤解です。冗談のつもりでした。"}, expect=201)
        assert appealed["sanction"]["appeal"]["outcome"] is None
        again = await call(site, login, "POST", path, json={"text": "もう一度"}, expect=409)
        assert again["error"]["code"] == "APPEAL_CLOSED" and again["error"]["detail"]["reason"] == "already_appealed"
        # someone else cannot appeal it (nothing is revealed: not found)
        stranger = await site.person()
        assert (await call(site, stranger, "POST", path, json={"text": "x"}, expect=404))["error"]["code"] == "NOT_FOUND"
        waiting = await call(site, second, "GET", "/api/moderation/appeals", expect=200)
        assert [a["sanction_id"] for a in waiting["appeals"]] == [given["id"]]
        assert waiting["appeals"][0]["you_may_decide"] is True
        appeal_id = waiting["appeals"][0]["id"]
        decide = f"/api/moderation/appeals/{appeal_id}/decide"
        body = {"outcome": "lifted", "answer_ja": "お話を聞いて、取り消しました。", "answer_en": "We lifted it."}
        same = await call(site, first, "POST", decide, json=body, expect=403)
        assert same["error"]["code"] == "SAME_MODERATOR"
        await call(site, login, "POST", decide, json=body, expect=403)  # a visitor: not a moderator
        decided = await call(site, second, "POST", decide, json=body, expect=200)
        assert decided["sanction"]["state"] == "lifted" and decided["sanction"]["appeal"]["outcome"] == "lifted"
        answer = await person.wait_for("appeal:decided")
        assert answer == {"appeal_id": appeal_id, "sanction_id": given["id"], "outcome": "lifted",
                          "answer_ja": "お話を聞いて、取り消しました。", "answer_en": "We lifted it."}
        assert (await person.call("zone:say", {"text": "ありがとうございます"}))["ok"]  # lifted on the open socket
        mine = await call(site, login, "GET", "/api/me/sanctions", expect=200)
        assert mine["sanctions"][0]["appeal"]["answer_ja"] == "お話を聞いて、取り消しました。"
        assert "decided_by" not in mine["sanctions"][0]["appeal"] and "given_by" not in mine["sanctions"][0]
        await call(site, second, "POST", decide, json=body, expect=409)  # decided once
        assert {"sanction.give", "appeal.decide"} <= set(await audit_actions(site))


async def test_an_appeal_after_thirty_days_and_an_upheld_one(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        first = await staff(site, "みまもり", "moderator")
        admin = await staff(site, "かんりにん", "admin")
        guest = await site.person()
        status, kept = await site.api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                           json={"nickname": "ねがうひと", "passphrase": "a long passphrase"})
        assert status == 201, kept
        person, login = await in_plaza(site, kept)
        warned = (await give(site, first, login, "warning"))["sanction"]
        limited = (await give(site, first, login, "limit", duration="30d"))["sanction"]
        await call(site, login, "POST", f"/api/me/sanctions/{limited['id']}/appeal", json={"text": "a" * 2001}, expect=400)
        await call(site, login, "POST", f"/api/me/sanctions/{limited['id']}/appeal", json={"text": "お願いします"}, expect=201)
        appeal_id = (await call(site, admin, "GET", "/api/moderation/appeals", expect=200))["appeals"][0]["id"]
        await call(site, admin, "POST", f"/api/moderation/appeals/{appeal_id}/decide", expect=200,
                   json={"outcome": "upheld", "answer_ja": "このままとします。"})
        assert (await person.wait_for("appeal:decided"))["outcome"] == "upheld"
        assert (await person.refused("zone:say", {"text": "a"}))["code"] == "SANCTIONED"  # still limited
        await person.close()
        site.clock.advance(timedelta(days=30, minutes=1).total_seconds())
        status, back = await site.api.call("POST", "/api/auth/login",
                                           json={"nickname": "ねがうひと", "passphrase": "a long passphrase"})
        assert status == 200, back
        late = await call(site, back, "POST", f"/api/me/sanctions/{warned['id']}/appeal", json={"text": "遅れて"}, expect=409)
        assert late["error"]["detail"]["reason"] == "too_late"
        mine = await call(site, back, "GET", "/api/me/sanctions", expect=200)
        assert {s["id"]: s["state"] for s in mine["sanctions"]} == {warned["id"]: "active", limited["id"]: "active"}


async def test_a_ban_is_admin_only_and_waits_for_a_second_moderator(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        admin = await staff(site, "かんりにん", "admin")
        person, login = await in_plaza(site)
        refused = await give(site, moderator, login, "ban", expect=403)
        assert refused["error"]["detail"]["reason"] == "admin_only"
        pending = (await give(site, admin, login, "ban"))["sanction"]
        assert pending["state"] == "pending" and pending["ends_at"] is None
        assert (await person.call("zone:say", {"text": "まだいます"}))["ok"]  # a pending ban does nothing
        assert (await call(site, login, "GET", "/api/me/sanctions", expect=200))["sanctions"] == []
        confirm = f"/api/moderation/sanctions/{pending['id']}/confirm"
        assert (await call(site, admin, "POST", confirm, expect=403))["error"]["code"] == "SAME_MODERATOR"
        await call(site, login, "POST", confirm, expect=403)
        confirmed = await call(site, moderator, "POST", confirm, expect=200)
        assert confirmed["sanction"]["state"] == "active" and confirmed["sanction"]["confirmed_by"] == moderator["account"]["id"]
        assert (await person.wait_for("session:ended")) == {"reason": "suspended"}
        await call(site, moderator, "POST", confirm, expect=409)
        assert {"sanction.give", "sanction.confirm"} <= set(await audit_actions(site))


async def test_a_moderator_hides_a_message_and_asks_someone_to_leave_the_zone(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator_login = await staff(site, "みまもり", "moderator")
        moderator, _ = await in_plaza(site, moderator_login, dx=-40, zone_id="family")
        writer, writer_login = await in_plaza(site, zone_id="family")
        reader, _ = await in_plaza(site, dx=40, zone_id="family")
        said = await writer.ok("zone:say", {"text": "いやなことば"})
        await reader.wait_for("chat:zone_message", lambda m: m["id"] == said["id"])
        assert (await reader.refused("moderation:hide_message", {"message_id": said["id"]}))["code"] == "FORBIDDEN"
        assert (await moderator.ok("moderation:hide_message", {"message_id": said["id"], "reason": "暴言"})) == {"id": said["id"]}
        assert (await reader.wait_for("chat:hidden")) == {"id": said["id"]}
        assert (await writer.wait_for("chat:hidden")) == {"id": said["id"]}
        assert (await moderator.refused("moderation:hide_message", {"message_id": said["id"]}))["code"] == "NOT_FOUND"

        writer_id = writer_login["account"]["id"]
        ask = {"account_id": writer_id, "reason_ja": "少し離れて休みましょう。"}
        assert (await reader.refused("moderation:ask_leave", ask))["code"] == "FORBIDDEN"
        assert (await moderator.refused("moderation:ask_leave", {**ask, "reason_ja": ""}))["code"] == "INVALID"
        assert (await moderator.ok("moderation:ask_leave", ask)) == {"account_id": writer_id}
        told = await writer.wait_for("zone:asked_to_leave")
        assert told == {"zone": "family", "reason_ja": "少し離れて休みましょう。", "reason_en": "少し離れて休みましょう。"}
        assert (await writer.wait_for("world:snapshot", lambda s: s["zone"] == "plaza"))["you"]
        world = site.app[keys.SPACE].world
        assert world.zone_of(writer_id).id == "plaza"  # by the plaza's entrance
        assert (await writer.ok("zone:say", {"text": "ひろばです"}))  # not a sanction: they speak where they now stand
        assert reader.events.get("zone:asked_to_leave") is None
        actions = await audit_actions(site)
        assert "space.hide_message" in actions and "space.ask_leave" in actions


async def test_a_new_account_waits_ten_minutes_for_zone_chat_and_invitations(db_url, tmp_path):
    """The real 10 minutes (the fixtures' default is 0), driven by the FakeClock."""
    async with moderated_site(db_url, tmp_path, new_account_warmup_seconds=600) as site:
        newcomer, login = await in_plaza(site)
        other, other_login = await in_plaza(site, dx=40)
        refused = await newcomer.refused("zone:say", {"text": "はじめまして"})
        assert refused["code"] == "NEW_ACCOUNT_WAIT" and refused["detail"]["kind"] == "new_account"
        invite = {"to": [other_login["account"]["id"]]}
        assert (await newcomer.refused("contact:invite", invite))["code"] == "NEW_ACCOUNT_WAIT"
        assert (await newcomer.call("emote:send", {"emote": "wave"}))["ok"]  # stamps at once
        await call(site, login, "POST", "/api/desk/messages", json={"text": "はじめてです"}, expect=201)  # the desk at once
        mine = await call(site, login, "GET", "/api/me/sanctions", expect=200)
        assert mine["new_account_until"] == refused["detail"]["until"]
        await site.move_to(site.clock.now() + timedelta(minutes=9, seconds=59))
        assert (await newcomer.refused("zone:say", {"text": "まだ?"}))["code"] == "NEW_ACCOUNT_WAIT"
        await site.move_to(site.clock.now() + timedelta(seconds=1))
        assert (await newcomer.call("zone:say", {"text": "こんにちは"}))["ok"]


async def test_staff_lift_the_warmup_for_one_person_on_their_open_socket(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path, new_account_warmup_seconds=600) as site:
        desk_staff = await staff(site, "うけつけ", "staff")
        newcomer, login = await in_plaza(site)
        assert (await newcomer.refused("zone:say", {"text": "a"}))["code"] == "NEW_ACCOUNT_WAIT"
        path = f"/api/moderation/people/{login['account']['id']}/lift-warmup"
        await call(site, login, "POST", path, expect=403)
        lifted = await call(site, desk_staff, "POST", path, expect=200)
        assert lifted == {"account_id": login["account"]["id"], "new_account_until": None}
        assert (await newcomer.call("zone:say", {"text": "ありがとう"}))["ok"]
        await call(site, desk_staff, "POST", f"/api/moderation/people/{'0' * 32}/lift-warmup", expect=404)
        assert "warmup.lift" in await audit_actions(site)
