"""Live consultations over real python-socketio clients on loopback (namespace /consult), on
SQLite and PostgreSQL, with a fake clock: a booking made through REST, the person waiting
and typing, the knock, the specialist's status, admission, the room's chat, a colleague with
consent, the end (booking completed), and every refusal: strangers at the waiting room or
the room, voice signalling from non-participants, oversized / malformed / video-only SDP,
unknown sessions, wrong times, bad payloads. No WebRTC connection is opened here (see
test_consult_voice.py)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import socketio

from server import keys
from server.realtime.consult import voice_room
from server.voice import check_offer
from tests.integration.consult_client import MON_10, NS, SLOT, consult_site

# A complete, well-formed WebRTC audio offer (as a browser would send, host candidate only).
OFFER = "\r\n".join([
    "v=0",
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0",
    "a=msid-semantic: WMS",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111",
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
    "a=ice-ufrag:abcd",
    "a=ice-pwd:abcdefghijklmnopqrstuvwx",
    "a=fingerprint:sha-256 " + ":".join(["AB"] * 32),
    "a=setup:actpass",
    "a=mid:0",
    "a=sendrecv",
    "a=rtcp-mux",
    "a=rtpmap:111 opus/48000/2",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    "",
])
VIDEO_ONLY = OFFER.replace("m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=video 9 UDP/TLS/RTP/SAVPF 96").replace(
    "a=rtpmap:111 opus/48000/2", "a=rtpmap:96 VP8/90000").replace("a=fmtp:111 minptime=10;useinbandfec=1", "")


@pytest.fixture
async def site(db_url, tmp_path):
    async with consult_site(db_url, tmp_path) as clocked:
        yield clocked


async def booked(site, *, person_name=None):
    """A specialist, a person, a booking on Monday 10:00, and the clock at 09:55."""
    specialist = await site.specialist("みどり")
    person = await site.person()
    booking_id = await site.book(person, specialist)
    await site.move_to(MON_10 - timedelta(minutes=5))
    return specialist, person, booking_id


async def in_room(site):
    specialist, person, booking_id = await booked(site)
    s, p = await site.connect(specialist), await site.connect(person)
    await p.ok("consult:wait", {"session_id": booking_id})
    await s.ok("consult:admit", {"session_id": booking_id})
    return s, p, booking_id


async def test_wait_knock_type_admit_chat_end(site):
    specialist, person, booking_id = await booked(site)
    s = await site.connect(specialist)
    p = await site.connect(person)
    sid = {"session_id": booking_id}

    # The person arrives: the knock reaches the specialist at once, without any account id.
    view = await p.ok("consult:wait", sid)
    assert view["phase"] == "waiting" and view["specialist"]["nickname"] == "みどり"
    assert view["specialist_status"]["status"] == "ready"  # the specialist is connected
    assert view["starts_at"] == "2026-04-06T01:00:00Z" and view["opens_at"] == "2026-04-06T00:45:00Z"
    knock = await s.wait_for("consult:knock")
    assert knock["session_id"] == booking_id and knock["seen"] is False and knock["connected"] is True
    assert knock["person"]["is_guest"] is True
    assert person["account"]["id"] not in str(knock)

    # Typed while waiting: delivered to the specialist and shown in the waiting list.
    await p.ok("consult:say", {**sid, "text": "少し早く来ました。よろしくお願いします"})
    heard = await s.wait_for("consult:message")
    assert heard["text"] == "少し早く来ました。よろしくお願いします" and heard["from"] == "person"
    state = await s.wait_for("consult:state", lambda d: d["waiting"] and d["waiting"][0]["messages"])
    assert state["waiting"][0]["messages"][0]["text"] == "少し早く来ました。よろしくお願いします"

    # The specialist's status, and answering the knock, reach the person.
    await s.ok("consult:set_status", {"status": "finishing_previous"})
    waiting = await p.wait_for("consult:waiting", lambda d: d["specialist_status"]["status"] == "finishing_previous")
    assert waiting["seen"] is False
    await s.ok("consult:see", sid)
    assert (await p.wait_for("consult:waiting", lambda d: d["seen"]))["seen"] is True

    # Admit: both see the room, with what was typed while waiting.
    room = await s.ok("consult:admit", sid)
    assert room["phase"] == "admitted" and room["seat"] == "specialist"
    opened = await p.wait_for("consult:admitted")
    assert opened["seat"] == "person" and [m["text"] for m in opened["messages"]] == ["少し早く来ました。よろしくお願いします"]
    assert [x["seat"] for x in opened["participants"]] == ["person", "specialist"]
    assert site.app[keys.VOICE].state(voice_room(booking_id)) == {
        person["account"]["id"]: {"joined": False, "connected": False, "muted": False},
        specialist["account"]["id"]: {"joined": False, "connected": False, "muted": False},
    }

    # Text both ways.
    await s.ok("consult:say", {**sid, "text": "こんにちは。ゆっくりで大丈夫ですよ"})
    assert (await p.wait_for("consult:message", lambda d: d["from"] == "specialist"))["text"] == "こんにちは。ゆっくりで大丈夫ですよ"
    await p.ok("consult:say", {**sid, "text": "ありがとうございます"})
    assert (await s.wait_for("consult:message", lambda d: d["text"] == "ありがとうございます"))["from"] == "person"
    again = await p.ok("consult:wait", sid)  # a reload while in the room: straight back in
    assert again["phase"] == "admitted" and len(again["messages"]) == 3
    assert (await p.ok("consult:voice_state", sid))["participants"]["specialist"] == {"joined": False, "connected": False, "muted": False}

    # The person ends: the room closes for both, its voice room is gone, the booking is completed.
    ended = await p.ok("consult:end", sid)
    assert ended == {"session_id": booking_id, "by": "person", "admitted": True}
    assert (await s.wait_for("consult:ended"))["by"] == "person"
    assert site.app[keys.VOICE].state(voice_room(booking_id)) == {}
    assert (await site.booking(person, booking_id))["status"] == "completed"  # ended before 10:00: still held
    error = await p.refused("consult:say", {**sid, "text": "まだいますか"})
    assert error["code"] == "NOT_ALLOWED_HERE"
    error = await p.refused("consult:wait", sid)  # a completed booking has no waiting room
    assert error["code"] == "NOT_ALLOWED_HERE" and error["detail"]["reason"] == "completed"


async def test_the_specialist_can_end_too(site):
    s, p, booking_id = await in_room(site)
    await site.move_to(MON_10 + timedelta(minutes=30))
    assert (await s.ok("consult:end", {"session_id": booking_id}))["by"] == "specialist"
    assert (await p.wait_for("consult:ended"))["by"] == "specialist"
    assert (await site.booking(p.login, booking_id))["status"] == "completed"


async def test_leaving_the_waiting_room_quietly(site):
    specialist, person, booking_id = await booked(site)
    s, p = await site.connect(specialist), await site.connect(person)
    await p.ok("consult:wait", {"session_id": booking_id})
    await s.wait_for("consult:state", lambda d: len(d["waiting"]) == 1)
    assert await p.ok("consult:leave_waiting", {"session_id": booking_id}) == {"left": True}
    await s.wait_for("consult:state", lambda d: d["waiting"] == [])
    assert (await site.booking(person, booking_id))["status"] == "booked"  # the booking stays


async def test_a_lost_connection_shows_in_the_waiting_list_and_the_status_follows_the_specialist(site):
    specialist, person, booking_id = await booked(site)
    p = await site.connect(person)
    view = await p.ok("consult:wait", {"session_id": booking_id})
    assert view["specialist_status"]["status"] == "on_the_way"  # the specialist is not here yet
    s = await site.connect(specialist)
    assert (await p.wait_for("consult:waiting", lambda d: d["specialist_status"]["status"] == "ready"))
    status = await s.ok("consult:status")
    assert [w["session_id"] for w in status["as_specialist"]["waiting"]] == [booking_id]
    await p.close()
    await s.wait_for("consult:state", lambda d: d["waiting"] and d["waiting"][0]["connected"] is False)


async def test_a_colleague_joins_only_after_the_person_says_yes(site):
    s, p, booking_id = await in_room(site)
    colleague_login = await site.specialist("あおい", profession="lawyer", publish=False)
    c = await site.connect(colleague_login)
    sid = {"session_id": booking_id}

    refused = await c.refused("consult:enter", sid)
    assert refused["code"] == "FORBIDDEN"
    asked = await s.ok("consult:invite", {**sid, "colleague_id": colleague_login["account"]["id"]})
    assert asked["consent"] == "pending"
    request = await p.wait_for("consult:consent_request")
    assert request["colleague"] == {"nickname": "あおい", "profession": "lawyer"}
    assert (await c.refused("consult:enter", sid))["code"] == "FORBIDDEN"  # invited is not consented
    assert (await c.refused("consult:voice_offer", {**sid, "sdp": OFFER}))["code"] == "FORBIDDEN"
    assert (await s.refused("consult:consent", {**sid, "accept": True}))["code"] == "FORBIDDEN"

    assert await p.ok("consult:consent", {**sid, "accept": True}) == {"consent": "given"}
    invited = await c.wait_for("consult:invited")
    assert invited["seat"] == "colleague" and invited["person"]["nickname"] == p.login["account"]["nickname"]
    assert (await s.wait_for("consult:consent_answer"))["answer"] == "given"
    assert len(site.app[keys.VOICE].state(voice_room(booking_id))) == 3  # the colleague may use voice now
    await c.ok("consult:say", {**sid, "text": "はじめまして、あおいです"})
    assert (await p.wait_for("consult:message", lambda d: d["from"] == "colleague"))["nickname"] == "あおい"
    assert (await c.refused("consult:end", sid))["code"] == "FORBIDDEN"

    assert await p.ok("consult:consent", {**sid, "accept": False}) == {"consent": "withdrawn"}
    assert (await c.wait_for("consult:removed"))["reason"] == "consent_withdrawn"
    assert (await c.refused("consult:say", {**sid, "text": "まだいます"}))["code"] == "FORBIDDEN"
    assert len(site.app[keys.VOICE].state(voice_room(booking_id))) == 2


async def test_a_colleague_must_hold_consultations(site):
    s, p, booking_id = await in_room(site)
    visitor = await site.person()
    for colleague_id, reason in ((visitor["account"]["id"], "not_a_colleague"), ("0" * 32, "not_a_colleague"),
                                 (p.account_id, "already_here")):
        error = await s.refused("consult:invite", {"session_id": booking_id, "colleague_id": colleague_id})
        assert error["code"] == "INVALID" and error["detail"]["reason"] == reason
    assert "consult:consent_request" not in p.events


async def test_strangers_are_refused_at_the_waiting_room_and_the_room_and_nothing_changes(site):
    specialist, person, booking_id = await booked(site)
    other_specialist = await site.specialist("すぎ")
    stranger_login = await site.person()
    s, p = await site.connect(specialist), await site.connect(person)
    stranger, other = await site.connect(stranger_login), await site.connect(other_specialist)
    sid = {"session_id": booking_id}

    # Nobody has arrived yet: a stranger cannot wait as the person, the specialist cannot wait.
    for client in (stranger, other):
        error = await client.refused("consult:wait", sid)
        assert error["code"] == "FORBIDDEN" and error["detail"]["reason"] == "not_a_participant"
    assert (await s.refused("consult:wait", sid))["detail"]["reason"] == "other_seat"

    await p.ok("consult:wait", sid)
    for client in (stranger, other):  # the waiting room
        for event, extra in (("consult:wait", {}), ("consult:say", {"text": "こんにちは"}), ("consult:see", {}),
                             ("consult:admit", {}), ("consult:leave_waiting", {})):
            error = await client.refused(event, {**sid, **extra})
            assert error["code"] == "FORBIDDEN", (event, error)
    assert (await p.refused("consult:admit", sid))["code"] == "FORBIDDEN"  # the person cannot let themself in

    await s.ok("consult:admit", sid)
    for client in (stranger, other):  # the room
        for event, extra in (("consult:enter", {}), ("consult:say", {"text": "こんにちは"}), ("consult:end", {}),
                             ("consult:invite", {"colleague_id": client.account_id}), ("consult:consent", {"accept": True}),
                             ("consult:voice_offer", {"sdp": OFFER}), ("consult:voice_mute", {"muted": True}),
                             ("consult:voice_leave", {}), ("consult:voice_state", {})):
            error = await client.refused(event, {**sid, **extra})
            assert error["code"] == "FORBIDDEN", (event, error)
    assert site.app[keys.VOICE].stats()["peers"] == 0
    for client in (s, p):
        assert not [m for m in client.events["consult:message"] if m["text"] == "こんにちは"]
    for client in (stranger, other):
        assert not client.events.get("consult:message") and not client.events.get("consult:admitted")
    assert (await p.ok("consult:enter", sid))["phase"] == "admitted"  # still open for the two of them
    assert (await site.booking(person, booking_id))["status"] == "booked"


async def test_voice_before_admission_is_forbidden(site):
    specialist, person, booking_id = await booked(site)
    p = await site.connect(person)
    await p.ok("consult:wait", {"session_id": booking_id})
    error = await p.refused("consult:voice_offer", {"session_id": booking_id, "sdp": OFFER})
    assert error["code"] == "FORBIDDEN" and error["detail"]["reason"] == "not_admitted"
    assert site.app[keys.VOICE].stats()["peers"] == 0


@pytest.mark.parametrize("sdp, code, reason", [
    (OFFER + "a=x-padding:" + "p" * 17000 + "\r\n", "BODY_TOO_LARGE", None),
    ("garbage", "SDP_INVALID", "malformed"),
    (OFFER.replace("m=audio 9", "m=audio nine"), "SDP_INVALID", "malformed"),
    (VIDEO_ONLY, "SDP_INVALID", "not_audio"),
    (OFFER + OFFER[OFFER.index("m=audio"):].replace("m=audio", "m=video").replace("a=mid:0", "a=mid:1"),
     "SDP_INVALID", "not_one_audio_section"),
    (OFFER.replace("opus/48000/2", "G729/8000"), "SDP_INVALID", "no_opus"),
    ("", "SDP_INVALID", "malformed"),
])
async def test_bad_offers_from_a_participant_are_refused_and_nothing_changes(site, sdp, code, reason):
    assert check_offer(OFFER).opus_payload_type == 111  # the base offer itself is fine
    s, p, booking_id = await in_room(site)
    error = await p.refused("consult:voice_offer", {"session_id": booking_id, "sdp": sdp})
    assert error["code"] == code, error
    if reason:
        assert error["detail"]["reason"] == reason and error["field"] == "sdp"
    assert site.app[keys.VOICE].stats()["peers"] == 0
    assert not p.events.get("consult:voice_state") and not s.events.get("consult:voice_state")


@pytest.mark.parametrize("event, payload, code, field", [
    ("consult:voice_offer", {"session_id": "x", "sdp": 12}, "INVALID", "sdp"),
    ("consult:voice_offer", {"session_id": "x"}, "INVALID", "sdp"),
    ("consult:wait", {}, "INVALID", "session_id"),
    ("consult:wait", {"session_id": "x" * 33}, "INVALID", "session_id"),
    ("consult:wait", {"session_id": 5}, "INVALID", "session_id"),
    ("consult:wait", {"session_id": "x", "extra": 1}, "INVALID", "extra"),
    ("consult:wait", "not a dict", "INVALID", None),
    ("consult:consent", {"session_id": "x", "accept": "yes"}, "INVALID", "accept"),
    ("consult:set_status", {"status": "asleep"}, "INVALID", "status"),
    ("consult:set_status", {"status": "ready", "minutes": 5}, "INVALID", "minutes"),
    ("consult:voice_mute", {"session_id": "x", "muted": 1}, "INVALID", "muted"),
    ("consult:say", {"session_id": "x", "text": "y" * 2001}, "INVALID", "text"),
    ("consult:nonsense", {}, "UNKNOWN_EVENT", None),
    ("voice:join", {}, "UNKNOWN_EVENT", None),
])
async def test_malformed_payloads_and_unknown_events(site, event, payload, code, field):
    specialist, person, booking_id = await booked(site)
    client = await site.connect(specialist)
    error = await client.refused(event, payload)
    assert error["code"] == code, error
    assert error.get("field") == field


async def test_unknown_sessions(site):
    specialist, person, booking_id = await booked(site)
    p = await site.connect(person)
    for event, extra in (("consult:wait", {}), ("consult:enter", {}), ("consult:say", {"text": "こんにちは"}),
                         ("consult:voice_offer", {"sdp": OFFER}), ("consult:end", {})):
        error = await p.refused(event, {"session_id": "0" * 32, **extra})
        assert error["code"] == "NOT_FOUND" and error["field"] == "session_id", (event, error)


@pytest.mark.parametrize("when, reason, key, value", [
    (MON_10 - timedelta(minutes=16), "too_early", "opens_at", "2026-04-06T00:45:00Z"),
    (MON_10 + SLOT, "too_late", "ended_at", "2026-04-06T01:50:00Z"),
    (MON_10 + timedelta(hours=5), "too_late", "ended_at", "2026-04-06T01:50:00Z"),
])
async def test_the_waiting_room_is_open_only_around_the_booked_time(site, when, reason, key, value):
    specialist = await site.specialist("みどり")
    person = await site.person()
    booking_id = await site.book(person, specialist)
    await site.move_to(when)
    p = await site.connect(person)
    error = await p.refused("consult:wait", {"session_id": booking_id})
    assert error["code"] == "NOT_ALLOWED_HERE" and error["detail"] == {"reason": reason, key: value}
    assert error["message"]["ja"] and error["message"]["en"]
    s = await site.connect(specialist)
    assert (await s.ok("consult:status"))["as_specialist"]["waiting"] == []


async def test_a_cancelled_booking_has_no_waiting_room(site):
    specialist = await site.specialist("みどり")
    person = await site.person()
    booking_id = await site.book(person, specialist)
    status, body = await site.api.call("POST", f"/api/bookings/{booking_id}/cancel", json={"reason": "not_up_to_it"},
                                       token=person["access_token"])
    assert status == 200, body
    await site.move_to(MON_10 - timedelta(minutes=5))
    p = await site.connect(person)
    error = await p.refused("consult:wait", {"session_id": booking_id})
    assert error["code"] == "NOT_ALLOWED_HERE" and error["detail"]["reason"] == "cancelled"


async def test_cancelled_while_waiting_is_not_let_in(site):
    specialist, person, booking_id = await booked(site)
    s, p = await site.connect(specialist), await site.connect(person)
    await p.ok("consult:wait", {"session_id": booking_id})
    status, _ = await site.api.call("POST", f"/api/bookings/{booking_id}/cancel", json={"reason": "changed_plans"},
                                    token=person["access_token"])
    assert status == 200
    error = await s.refused("consult:admit", {"session_id": booking_id})
    assert error["code"] == "NOT_ALLOWED_HERE" and error["detail"]["reason"] == "cancelled"
    assert site.app[keys.VOICE].state(voice_room(booking_id)) == {}


async def test_connecting_needs_a_valid_token(site):
    for auth in (None, {}, {"token": "nonsense"}):
        client = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect(site.url, namespaces=[NS], transports=["websocket"], auth=auth, wait_timeout=5)
        await client.disconnect()


async def test_the_voice_config_endpoint_hands_out_the_configured_ice_servers(site):
    person = await site.person()
    status, body = await site.api.call("GET", "/api/voice/config", token=person["access_token"])
    assert status == 200 and body == {"ice_servers": []}


async def test_the_consult_page_is_served(site):
    status, body = await site.api.call("GET", "/consult")
    # served from the versioned, cached copy of the client (server/http/static_assets.py)
    assert status == 200 and re.search(rb'src="/static/v/[0-9a-f]+/ui/consult_page.js"', body)
