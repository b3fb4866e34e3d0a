"""Sprite drawing is limited per client (issue 10, item 8): 150 sheets of different looks in
a moment from one address were all drawn, and a bystander's ping p99 went to 55 ms. Now each
client gets a burst of new drawings and then a steady pace; sheets already drawn (the cache)
are always served; other clients keep their own budget; time comes from the fake clock."""
from __future__ import annotations

import itertools

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from avatars.parts import CATEGORIES, PARTS
from server import keys
from server.app import create_app
from server.core.clock import FakeClock
from avatars.draw_budget import DRAW_BURST, DRAW_RATE
from server.logs import PrivateAccessLogger
from tests.conftest import FAST_HASHER, make_settings

BYSTANDER = "127.0.0.13"


def looks(count: int) -> list[str]:
    codes = (".".join(c.id for c in combo) for combo in itertools.product(*(PARTS[c] for c in CATEGORIES)))
    return list(itertools.islice(codes, count))


@pytest.fixture
async def site(db_url, tmp_path):
    clock = FakeClock()
    app = create_app(make_settings(db_url, tmp_path), clock=clock, hasher=FAST_HASHER)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server(access_log_class=PrivateAccessLogger)
    yield app, str(server.make_url("")).rstrip("/"), clock
    await server.close()


async def fetch(http: aiohttp.ClientSession, url: str) -> tuple[int, dict | bytes]:
    async with http.get(url) as resp:
        return resp.status, (await resp.json() if resp.content_type == "application/json" else await resp.read())


async def test_one_client_cannot_have_150_new_looks_drawn_at_once(site):
    app, base, clock = site
    codes = looks(150)
    async with aiohttp.ClientSession() as http:
        answers = [await fetch(http, f"{base}/api/avatars/sprites/{code}.png") for code in codes]
        drawn = [code for code, (status, _) in zip(codes, answers) if status == 200]
        assert drawn == codes[:DRAW_BURST]  # the burst, then refusals
        refused = [body for status, body in answers if status != 200]
        assert {429} == {status for status, _ in answers if status != 200}
        assert all(b["error"]["code"] == "RATE_LIMITED" and b["error"]["detail"]["retry_after_ms"] > 0 for b in refused)
        assert app[keys.SPRITES].misses == DRAW_BURST  # nothing refused was drawn

        # Sheets already drawn are served from the cache however limited the client is.
        for code in drawn[:10]:
            status, png = await fetch(http, f"{base}/api/avatars/sprites/{code}.png")
            assert status == 200 and png.startswith(b"\x89PNG")
        # Previews are drawn every time: they count too.
        status, _ = await fetch(http, f"{base}/api/avatars/previews/{codes[0]}.png")
        assert status == 429

        # The pace comes back with (fake) time.
        clock.advance(1 / DRAW_RATE)
        assert (await fetch(http, f"{base}/api/avatars/sprites/{codes[DRAW_BURST]}.png"))[0] == 200
        assert (await fetch(http, f"{base}/api/avatars/sprites/{codes[DRAW_BURST + 1]}.png"))[0] == 429

    # Another client has its own budget: a look nobody has seen yet is drawn for it.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(BYSTANDER, 0))) as other:
        status, png = await fetch(other, f"{base}/api/avatars/sprites/{codes[-1]}.png")
        assert status == 200 and png.startswith(b"\x89PNG")
        assert (await fetch(other, f"{base}/api/avatars/previews/{codes[-1]}.png"))[0] == 200
