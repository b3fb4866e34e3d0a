"""The demo's consultation times can really be booked (issue 15 item 10, found on the family
member's walk): every demo time used to be listed and then refused as "outside availability",
because the seed published rules without the calendar each booking locks."""
from __future__ import annotations

from datetime import datetime, timezone

from server import keys
from server.core.clock import FakeClock
from server.demo import seed_demo
from tests.conftest import serving

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc)  # a Sunday, 17:00 in Tokyo


async def test_a_guest_books_the_first_demo_time_offered(db_url, tmp_path):
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        async with live.app[keys.DB_SESSIONS].begin() as db:
            await seed_demo(db, live.app[keys.CLOCK], live.app[keys.HASHER])
        guest = await live.api.guest()
        status, body = await live.api.call("GET", "/api/availability?from=2026-12-06&to=2026-12-08", token=guest["access_token"])
        assert status == 200 and body["slots"], body
        first = body["slots"][0]
        status, booked = await live.api.call("POST", "/api/bookings", token=guest["access_token"], json={
            "specialist_id": first["specialist"]["id"], "starts_at": first["starts_at"], "ends_at": first["ends_at"]})
        assert status == 201, booked
        # seeding again (every start of the demo) adds nothing
        async with live.app[keys.DB_SESSIONS].begin() as db:
            assert await seed_demo(db, live.app[keys.CLOCK], live.app[keys.HASHER]) == 0
