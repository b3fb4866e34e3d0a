"""TURN credentials that expire (issue 10, item 3), over the real app on loopback with a fake
clock: the voice config route needs a token and never carries a secret; coturn's
shared-secret credentials are minted only for someone seated in that consultation, valid
until the room closes at the latest, and checked against coturn's formula."""
from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest

from rooms.live_consultations.rules import ROOM_OVERRUN
from tests.integration.consult_client import MON_10, SLOT, consult_site

SECRET = "a-turn-secret-for-the-tests-only-0123456789"
TURN_URLS = ["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"]
STUN = {"urls": "stun:127.0.0.1:3478"}


def coturn_password(secret: str, username: str) -> str:
    """coturn's --use-auth-secret: base64(HMAC-SHA1(static-auth-secret, username))."""
    return base64.b64encode(hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()).decode()


@pytest.fixture
async def site(db_url, tmp_path):
    async with consult_site(db_url, tmp_path, ice_servers=[STUN], turn_urls=TURN_URLS,
                            turn_secret=SECRET, turn_ttl_seconds=3600) as clocked:
        yield clocked


async def admitted(site):
    specialist = await site.specialist("みどり")
    person = await site.person()
    booking_id = await site.book(person, specialist)
    await site.move_to(MON_10 - timedelta(minutes=5))
    s, p = await site.connect(specialist), await site.connect(person)
    await p.ok("consult:wait", {"session_id": booking_id})
    return s, p, booking_id


def turn_entry(config: dict) -> dict:
    (entry,) = [e for e in config["ice_servers"] if "username" in e]
    return entry


async def test_the_voice_config_route_needs_a_token_and_carries_no_secret(site):
    status, body = await site.api.call("GET", "/api/voice/config")
    assert status == 401 and body["error"]["code"] == "UNAUTHENTICATED", body
    person = await site.person()
    status, body = await site.api.call("GET", "/api/voice/config", token=person["access_token"])
    assert status == 200 and body == {"ice_servers": [STUN]}
    assert SECRET not in str(body) and "credential" not in str(body)


async def test_seated_participants_get_credentials_that_end_with_the_room(site):
    s, p, booking_id = await admitted(site)
    sid = {"session_id": booking_id}
    assert (await p.refused("consult:voice_config", sid))["code"] == "FORBIDDEN"  # still waiting
    await s.ok("consult:admit", sid)

    mine = await p.ok("consult:voice_config", sid)
    theirs = await s.ok("consult:voice_config", sid)
    now = site.clock.now()
    entry = turn_entry(mine)
    assert mine["ice_servers"][0] == STUN and entry["urls"] == TURN_URLS
    expiry, _, opaque = entry["username"].partition(":")
    # The expiry comes from the injected clock (fake: April 2026), not from the wall clock.
    assert int(expiry) == int(now.timestamp()) + 3600 and opaque
    assert entry["credential"] == coturn_password(SECRET, entry["username"])
    assert mine["expires_at"] == (now + timedelta(seconds=3600)).strftime("%Y-%m-%dT%H:%M:%SZ")
    # Per participant, and per request: nothing to share, nothing that names an account.
    assert turn_entry(theirs)["username"] != entry["username"]
    assert p.account_id not in entry["username"] and s.account_id not in entry["username"]
    assert SECRET not in str(mine)

    # Late in the session the credential lasts only until the room closes, not a full TTL.
    closes = MON_10 + SLOT + ROOM_OVERRUN
    await site.move_to(closes - timedelta(minutes=10))
    late = turn_entry(await p.ok("consult:voice_config", sid))
    assert int(late["username"].partition(":")[0]) == int(closes.timestamp())


async def test_nobody_else_gets_credentials(site):
    s, p, booking_id = await admitted(site)
    sid = {"session_id": booking_id}
    await s.ok("consult:admit", sid)
    stranger = await site.connect(await site.person())
    other = await site.connect(await site.specialist("そら", publish=False))
    for client in (stranger, other):
        error = await client.refused("consult:voice_config", sid)
        assert error["code"] == "FORBIDDEN" and "ice_servers" not in str(error), error
    assert (await p.refused("consult:voice_config", {"session_id": "nope"}))["code"] == "NOT_FOUND"
    assert (await p.refused("consult:voice_config", {}))["code"] == "INVALID"

    await s.ok("consult:end", sid)  # the room closed: no new credentials for it
    assert (await p.refused("consult:voice_config", sid))["code"] in ("FORBIDDEN", "NOT_FOUND")


async def test_without_turn_only_the_public_entries_are_handed_out(db_url, tmp_path):
    async with consult_site(db_url, tmp_path, ice_servers=[STUN]) as site:
        s, p, booking_id = await admitted(site)
        await s.ok("consult:admit", {"session_id": booking_id})
        assert await p.ok("consult:voice_config", {"session_id": booking_id}) == {"ice_servers": [STUN], "expires_at": None}
