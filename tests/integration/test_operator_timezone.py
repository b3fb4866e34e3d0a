"""The operator's time zone reaches every client with the account (issue 15 item 9): the
client shows every time on that clock, whatever the browser's zone."""
from __future__ import annotations

from tests.conftest import serving


async def test_the_account_answers_carry_the_operators_zone(running):
    status, guest = await running.api.call("POST", "/api/auth/guest", json={})
    assert status == 201 and guest["timezone"] == "Asia/Tokyo"
    status, me = await running.api.call("GET", "/api/me", token=guest["access_token"])
    assert status == 200 and me["timezone"] == "Asia/Tokyo" and me["account"]["id"] == guest["account"]["id"]
    status, refreshed = await running.api.call("POST", "/api/auth/refresh", json={"refresh_token": guest["refresh_token"]})
    assert status == 200 and refreshed["timezone"] == "Asia/Tokyo"


async def test_an_operator_elsewhere_sends_its_own_zone(db_url, tmp_path):
    async with serving(db_url, tmp_path, timezone="Europe/Berlin") as live:
        status, guest = await live.api.call("POST", "/api/auth/guest", json={})
        assert status == 201 and guest["timezone"] == "Europe/Berlin"
        status, me = await live.api.call("GET", "/api/me", token=guest["access_token"])
        assert status == 200 and me["timezone"] == "Europe/Berlin"


async def test_without_a_session_no_zone_and_no_account(running):
    status, body = await running.api.call("GET", "/api/me")
    assert status == 401 and "timezone" not in body
