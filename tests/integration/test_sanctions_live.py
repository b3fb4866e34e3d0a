"""Sanctions reach open connections at once and stop at their end (issue 12, item 3): real
python-socketio clients over loopback, the real REST API, a FakeClock, SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from server import keys
from server.realtime.live_access import revocation_channel
from tests.integration.recording_client import RecordingClient
from tests.integration.sanctions_helpers import call, give, in_plaza, moderated_site, staff
from tests.waiting import until_subscribed, within


async def test_a_rest_stops_chat_on_an_open_connection_at_once_and_ends_at_its_expiry(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        person, person_login = await in_plaza(site)
        listener, _ = await in_plaza(site, dx=40)
        assert (await person.call("zone:say", {"text": "こんにちは"}))["ok"]
        await listener.wait_for("chat:zone_message")

        given = await give(site, moderator, person_login, "rest", duration="1h")
        assert given["sanction"]["kind"] == "rest" and given["sanction"]["state"] == "active"
        # the very next event on the socket that was already open is refused, with the reason and end
        refused = await person.refused("zone:say", {"text": "まだ話せる?"})
        assert refused["code"] == "SANCTIONED"
        assert refused["detail"]["kind"] == "rest" and refused["detail"]["reason_ja"] == "少しお休みしましょう。"
        assert refused["detail"]["until"] == given["sanction"]["ends_at"]
        assert (await person.refused("emote:send", {"emote": "wave"}))["code"] == "SANCTIONED"
        assert (await person.refused("contact:invite", {"to": [listener_id(site, listener)]}))["code"] == "SANCTIONED"
        # walking and reading go on
        assert (await person.call("world:snapshot", {}))["ok"]
        notice = await person.wait_for("sanction:notice")
        assert notice["id"] == given["sanction"]["id"] and notice["ends_at"] == given["sanction"]["ends_at"]
        assert "given_by" not in notice and "note" not in notice
        assert sum(1 for _ in listener.events.get("chat:zone_message", [])) == 1  # nothing more reached others

        await site.move_to(site.clock.now() + timedelta(hours=1))  # the injected clock passes the end
        assert (await person.call("zone:say", {"text": "もどりました"}))["ok"]


def listener_id(site, client) -> str:
    return next(login["account"]["id"] for login in site.logins if client in login.get("sockets", []))


async def test_the_desk_stays_open_during_a_rest_but_not_a_suspension(db_url, tmp_path):
    """Per the ladder: support is never cut off by a rest or a limit; a suspension ends it."""
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        person = await site.person()
        desk = RecordingClient(site.url, "/desk")
        site.clients.append(desk)
        await desk.open({"token": person["access_token"]})
        await give(site, moderator, person, "limit", duration="24h")
        assert (await desk.call("desk:status", {}))["ok"]
        knocked = await desk.call("desk:knock", {})
        assert knocked["ok"] or knocked["error"]["code"] != "SANCTIONED", knocked  # the desk's own answer
        await call(site, person, "POST", "/api/desk/messages", json={"text": "相談したいです"}, expect=201)

        await give(site, moderator, person, "suspension", duration="7d")
        assert (await desk.wait_for("session:ended")) == {"reason": "suspended"}


async def test_a_suspension_ends_every_session_and_refuses_logging_in_and_connecting(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        guest = await site.person()
        status, kept = await site.api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                           json={"nickname": "ながいおやすみ", "passphrase": "a long passphrase"})
        assert status == 201, kept
        person, login = await in_plaza(site, kept)
        await give(site, moderator, login, "suspension", duration="7d")
        assert (await person.wait_for("session:ended")) == {"reason": "suspended"}
        # REST with the old token, a refresh, a new login: all refused
        await call(site, login, "GET", "/api/me", expect=401)
        status, _ = await site.api.call("POST", "/api/auth/refresh", json={"refresh_token": guest["refresh_token"]})
        assert status == 401
        status, refused = await site.api.call("POST", "/api/auth/login",
                                              json={"nickname": "ながいおやすみ", "passphrase": "a long passphrase"})
        assert status == 403 and refused["error"]["code"] == "SUSPENDED", refused
        assert refused["error"]["detail"]["kind"] == "suspension" and refused["error"]["detail"]["reason_ja"]
        # once it ends, logging in works again
        site.clock.advance(timedelta(days=7).total_seconds())
        status, back = await site.api.call("POST", "/api/auth/login",
                                           json={"nickname": "ながいおやすみ", "passphrase": "a long passphrase"})
        assert status == 200, back


async def test_a_sanctioned_person_is_refused_on_another_namespace_and_over_rest(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        author = await staff(site, "おしらせ係", "staff")
        await call(site, author, "POST", "/api/boards/posts", expect=201,
                   json={"category": "consult", "title_ja": "はじめに", "body_ja": "本文"})
        person, person_login = await in_plaza(site)
        await give(site, moderator, author, "rest", duration="24h")
        refused = await call(site, author, "POST", "/api/boards/posts", expect=403,
                             json={"category": "consult", "title_ja": "もう一つ", "body_ja": "本文"})
        assert refused["error"]["code"] == "SANCTIONED" and refused["error"]["detail"]["kind"] == "rest"
        # a conversation message on /space is refused too (conversation_chat), and the guard
        # answers before the handler: the same code whatever the conversation
        await give(site, moderator, person_login, "limit", duration="7d")
        assert (await person.refused("chat:say", {"conversation_id": "nope", "text": "やあ"}))["code"] == "SANCTIONED"
        assert (await person.call("emote:send", {"emote": "wave"}))["ok"]  # a limit keeps stamps


async def test_lifting_gives_everything_back_on_the_open_socket(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        person, login = await in_plaza(site)
        given = await give(site, moderator, login, "rest", duration="7d")
        assert (await person.refused("zone:say", {"text": "a"}))["code"] == "SANCTIONED"
        await call(site, login, "POST", f"/api/moderation/sanctions/{given['sanction']['id']}/lift", expect=403,
                   json={"reason": "自分で"})
        lifted = await call(site, moderator, "POST", f"/api/moderation/sanctions/{given['sanction']['id']}/lift",
                            json={"reason": "誤りでした"}, expect=200)
        assert lifted["sanction"]["state"] == "lifted"
        assert (await person.wait_for("sanction:lifted"))["id"] == given["sanction"]["id"]
        assert (await person.call("zone:say", {"text": "ありがとう"}))["ok"]
        await call(site, moderator, "POST", f"/api/moderation/sanctions/{given['sanction']['id']}/lift",
                   json={"reason": "もう一度"}, expect=409)


async def test_bad_orders_are_refused_and_change_nothing(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        person, login = await in_plaza(site)
        assert (await give(site, moderator, login, "rest", duration="30d", expect=400))["error"]["field"] == "duration"
        assert (await give(site, moderator, login, "warning", duration="1h", expect=400))["error"]["field"] == "duration"
        assert (await give(site, moderator, login, "rest", expect=400))["error"]["field"] == "duration"
        far = (site.clock.now() + timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert (await give(site, moderator, login, "suspension", until=far, expect=400))["error"]["field"] == "until"
        assert (await give(site, moderator, login, "rest", duration="1h", reason_ja="", expect=400))["error"]["code"] == "INVALID"
        missing = {**login, "account": {"id": "0" * 32}}
        assert (await give(site, moderator, missing, "warning", expect=404))["error"]["code"] == "NOT_FOUND"
        assert (await give(site, moderator, moderator, "warning", expect=403))["error"]["detail"]["reason"] == "self"
        assert (await give(site, login, moderator, "warning", expect=403))["error"]["code"] == "FORBIDDEN"  # a visitor
        assert (await person.call("zone:say", {"text": "だいじょうぶ"}))["ok"]
        mine = await call(site, login, "GET", "/api/me/sanctions", expect=200)
        assert mine["sanctions"] == []


async def test_a_note_is_internal_and_a_warning_is_told(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        person, login = await in_plaza(site)
        await give(site, moderator, login, "note", reason_ja="様子を見る", note="通報が2件あった")
        warned = await give(site, moderator, login, "warning")
        notice = await person.wait_for("sanction:notice")
        assert notice["kind"] == "warning" and notice["id"] == warned["sanction"]["id"]
        assert [n["kind"] for n in person.events["sanction:notice"]] == ["warning"]
        mine = await call(site, login, "GET", "/api/me/sanctions", expect=200)
        assert [s["kind"] for s in mine["sanctions"]] == ["warning"]
        assert (await person.call("zone:say", {"text": "気をつけます"}))["ok"]
        view = await call(site, moderator, "GET", f"/api/moderation/people/{login['account']['id']}", expect=200)
        assert {s["kind"] for s in view["sanctions"]} == {"note", "warning"}
        assert next(s for s in view["sanctions"] if s["kind"] == "note")["note"] == "通報が2件あった"
        found = await call(site, moderator, "GET", f"/api/moderation/people?q={login['account']['id']}", expect=200)
        assert [p["id"] for p in found["people"]] == [login["account"]["id"]]


async def test_a_sanction_reaches_a_socket_on_another_server_process_through_redis(db_url, tmp_path):
    import uuid

    from tests.integration.consult_client import clocked_app
    channel = f"ibasho-test-{uuid.uuid4().hex}"
    shared = dict(redis_url="redis://127.0.0.1:6379/0", redis_channel=channel, secret="s" * 48)
    a, stop_a = await clocked_app(db_url, tmp_path, **shared)
    b, stop_b = await clocked_app(db_url, tmp_path, **shared)
    try:
        moderator = await a.api.staff(a.app, "みまもり", "moderator")
        b.logins, b.clients = [], []
        person, login = await in_plaza(b)
        # both processes hear revocations; the person's process hears the Socket.IO channel
        await until_subscribed(shared["redis_url"], {revocation_channel(channel): 2, channel: 1})
        await give(a, moderator, login, "rest", duration="1h")
        access = b.app[keys.SIO].live_access
        standing = lambda: access.standings.get(login["account"]["id"])  # noqa: E731
        # the announcement crosses Redis: wait for it, then the very next event is refused
        await within(lambda: standing() and standing().restrictions, 2.5)
        assert (await person.refused("zone:say", {"text": "?"}))["code"] == "SANCTIONED"
        await person.close()
    finally:
        await stop_b()
        await stop_a()
