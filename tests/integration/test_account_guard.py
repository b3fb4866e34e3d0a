"""Nobody else can lock or enumerate an account (issue 10, item 4), over real HTTP on
loopback, on SQLite and PostgreSQL. Each client is a different loopback source address."""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from avatars.passphrases import PassphraseHasher
from server import keys
from server.app import create_app
from server.core.clock import FakeClock
from server.logs import PrivateAccessLogger
from tests.conftest import FAST_HASHER, Api, make_settings

OWNER_PASS = "the owner's passphrase"


class Clocked:
    def __init__(self, app, server, clock):
        self.app, self.server, self.clock = app, server, clock
        self.url = str(server.make_url("")).rstrip("/")

    @asynccontextmanager
    async def client(self, address: str = "127.0.0.1"):
        """An HTTP client whose connections come from ``address`` (any 127.x.y.z is on lo)."""
        connector = aiohttp.TCPConnector(local_addr=(address, 0))
        async with aiohttp.ClientSession(connector=connector) as http:
            yield Api(http, self.url)


@pytest.fixture
def overrides() -> dict:
    return {}


@pytest.fixture
async def clocked(db_url, tmp_path, overrides):
    clock = FakeClock()
    settings = dict(overrides)
    hasher = settings.pop("hasher", FAST_HASHER)
    app = create_app(make_settings(db_url, tmp_path, **settings), clock=clock, hasher=hasher)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server(access_log_class=PrivateAccessLogger)
    yield Clocked(app, server, clock)
    await server.close()


async def keep(api: Api, nickname: str, passphrase: str = OWNER_PASS) -> dict:
    status, body = await api.call("POST", "/api/auth/keep", json={"nickname": nickname, "passphrase": passphrase})
    assert status == 201, body
    return body


async def login(api: Api, nickname: str, passphrase: str, headers=None):
    return await api.call("POST", "/api/auth/login", json={"nickname": nickname, "passphrase": passphrase},
                          headers=headers)


async def raw_login(api: Api, nickname: str, passphrase: str):
    """Like ``login`` but also returns the response headers (for Retry-After)."""
    async with api.http.post(api.base_url + "/api/auth/login",
                             json={"nickname": nickname, "passphrase": passphrase}) as resp:
        return resp.status, await resp.json(), resp.headers


def assert_wait(status: int, body: dict, headers, *, at_most: int) -> int:
    """A refusal that says how long to wait: code, detail, header and both messages agree."""
    assert status == 429 and body["error"]["code"] == "TOO_MANY_ATTEMPTS", body
    wait = body["error"]["detail"]["retry_after"]
    assert isinstance(wait, int) and 1 <= wait <= at_most
    assert headers["Retry-After"] == str(wait)
    assert str(wait) in body["error"]["message"]["ja"] and str(wait) in body["error"]["message"]["en"]
    return wait


async def test_a_stranger_guessing_does_not_lock_the_owner_out(clocked):
    async with clocked.client("127.0.0.1") as owner, clocked.client("127.0.0.13") as stranger:
        await keep(owner, "かんりにん")
        for _ in range(5):
            status, body = await login(stranger, "かんりにん", "a wrong guess")
            assert status == 401 and body["error"]["code"] == "BAD_CREDENTIALS"
        # The stranger is told to wait, even with the right passphrase...
        status, body, headers = await raw_login(stranger, "かんりにん", OWNER_PASS)
        assert_wait(status, body, headers, at_most=900)
        # ...and the owner, elsewhere, walks straight in.
        status, body = await login(owner, "かんりにん", OWNER_PASS)
        assert status == 200, body


async def test_wrong_recovery_codes_do_not_lock_the_owner_out(clocked):
    async with clocked.client("127.0.0.1") as owner, clocked.client("127.0.0.14") as stranger:
        kept = await keep(owner, "あさがお")
        for _ in range(6):
            await stranger.call("POST", "/api/auth/recover", json={
                "nickname": "あさがお", "recovery_code": "AAAA-BBBB-CCCC-DDDD", "new_passphrase": "stranger's choice"})
        status, body = await stranger.call("POST", "/api/auth/recover", json={
            "nickname": "あさがお", "recovery_code": kept["recovery_code"], "new_passphrase": "stranger's choice"})
        assert status == 429 and body["error"]["code"] == "TOO_MANY_ATTEMPTS"
        status, body = await owner.call("POST", "/api/auth/recover", json={
            "nickname": "あさがお", "recovery_code": kept["recovery_code"], "new_passphrase": "a fresh passphrase"})
        assert status == 200 and body["recovery_code"] != kept["recovery_code"]


async def test_the_guessing_client_waits_out_the_window_then_may_try_again(clocked):
    async with clocked.client("127.0.0.15") as guesser:
        await keep(guesser, "ゆうやけ")
        for _ in range(5):
            await login(guesser, "ゆうやけ", "a wrong guess")
        first = assert_wait(*await raw_login(guesser, "ゆうやけ", OWNER_PASS), at_most=900)
        clocked.clock.advance(first - 1)
        later = assert_wait(*await raw_login(guesser, "ゆうやけ", OWNER_PASS), at_most=first)
        assert later < first  # the wait shrinks as time passes
        clocked.clock.advance(later)
        status, body = await login(guesser, "ゆうやけ", OWNER_PASS)
        assert status == 200, body


async def test_one_client_guessing_many_accounts_is_slowed(clocked):
    async with clocked.client("127.0.0.16") as guesser, clocked.client("127.0.0.17") as other:
        for i in range(20):
            status, _ = await login(guesser, f"guess{i}", "a wrong guess")
            assert status == 401
        assert_wait(*await raw_login(guesser, "guess99", "a wrong guess"), at_most=900)
        status, body = await login(other, "guess99", "a wrong guess")
        assert status == 401 and body["error"]["code"] == "BAD_CREDENTIALS"  # another client is untouched


async def test_many_clients_on_one_account_slow_it_down_but_never_block_the_owner(clocked):
    async with clocked.client("127.0.0.1") as owner:
        await keep(owner, "ほしぞら")
    for n in range(8):  # 8 clients x 4 guesses: past the account's ceiling of 30
        async with clocked.client(f"127.0.1.{n + 1}") as guesser:
            for _ in range(4):
                status, _ = await login(guesser, "ほしぞら", "a wrong guess")
                assert status == 401
    async with clocked.client("127.0.0.1") as owner:
        started = time.monotonic()
        status, body = await login(owner, "ほしぞら", OWNER_PASS)
        waited = time.monotonic() - started
    assert status == 200, body
    assert waited >= clocked.app[keys.LOGIN_GUARD].account_delay_s > 0


async def test_keeping_accounts_is_rate_limited_per_client(clocked):
    async with clocked.client("127.0.0.18") as flood, clocked.client("127.0.0.19") as neighbour:
        await keep(neighbour, "となり")
        # Asking about a name in use costs a try like any other: no free nickname oracle.
        status, body = await flood.call("POST", "/api/auth/keep", json={"nickname": "となり", "passphrase": OWNER_PASS})
        assert status == 409 and body["error"]["code"] == "NICKNAME_UNAVAILABLE"
        assert "使えません" in body["error"]["message"]["ja"] and "can't be used" in body["error"]["message"]["en"]
        for i in range(9):
            await keep(flood, f"flood{i}")
        async with flood.http.post(flood.base_url + "/api/auth/keep",
                                   json={"nickname": "flood-last", "passphrase": OWNER_PASS}) as resp:
            body = await resp.json()
            assert resp.status == 429 and body["error"]["code"] == "RATE_LIMITED"
            assert resp.headers["Retry-After"] == str(body["error"]["detail"]["retry_after"])
        status, body = await flood.call("POST", "/api/auth/keep", json={"nickname": "となり", "passphrase": OWNER_PASS})
        assert status == 429  # the oracle is closed too
        await keep(neighbour, "となりのとなり")  # another client goes on


@pytest.mark.parametrize("overrides", [{"trusted_proxies": ("127.0.0.2",)}])
async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(clocked):
    async with clocked.client("127.0.0.1") as owner, clocked.client("127.0.0.2") as proxy:
        await keep(owner, "みずうみ")
        stranger = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}  # the proxy appended .9
        for _ in range(5):
            status, _ = await login(proxy, "みずうみ", "a wrong guess", headers=stranger)
            assert status == 401
        status, body = await login(proxy, "みずうみ", OWNER_PASS, headers=stranger)
        assert status == 429
        # The owner comes through the same proxy from another address.
        status, body = await login(proxy, "みずうみ", OWNER_PASS, headers={"X-Forwarded-For": "203.0.113.10"})
        assert status == 200, body
        # Writing another left-hand address does not give the stranger a fresh budget.
        status, _ = await login(proxy, "みずうみ", OWNER_PASS, headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.9"})
        assert status == 429


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(clocked):
    async with clocked.client("127.0.0.1") as owner, clocked.client("127.0.0.3") as liar:
        await keep(owner, "こかげ")
        for i in range(5):
            status, _ = await login(liar, "こかげ", "a wrong guess", headers={"X-Forwarded-For": f"203.0.113.{i}"})
            assert status == 401
        status, _ = await login(liar, "こかげ", OWNER_PASS, headers={"X-Forwarded-For": "203.0.113.200"})
        assert status == 429


@pytest.mark.parametrize("overrides", [{"hash_workers": 1, "hash_queue": 1, "hasher": PassphraseHasher()}])
async def test_a_burst_of_hashes_past_the_queue_answers_busy(clocked):
    async with clocked.client("127.0.0.1") as owner:
        await keep(owner, "なみおと")
    async def guess(n: int):
        async with clocked.client(f"127.0.2.{n + 1}") as c:
            async with c.http.post(c.base_url + "/api/auth/login",
                                   json={"nickname": "なみおと", "passphrase": "a wrong guess"}) as resp:
                return resp.status, (await resp.json())["error"], resp.headers.get("Retry-After")
    results = await asyncio.gather(*(guess(n) for n in range(24)))
    codes = {error["code"] for _, error, _ in results}
    assert codes == {"BAD_CREDENTIALS", "BUSY"}, codes
    busy = [(s, h) for s, e, h in results if e["code"] == "BUSY"]
    assert all(s == 503 and h == "1" for s, h in busy)


async def test_entering_as_a_guest_is_rate_limited_per_client(clocked):
    async with clocked.client("127.0.0.20") as flood, clocked.client("127.0.0.21") as neighbour:
        for _ in range(30):
            status, _ = await flood.call("POST", "/api/auth/guest", json={})
            assert status == 201
        async with flood.http.post(flood.base_url + "/api/auth/guest", json={}) as resp:
            body = await resp.json()
            assert resp.status == 429 and body["error"]["code"] == "RATE_LIMITED"
            wait = body["error"]["detail"]["retry_after"]
            assert resp.headers["Retry-After"] == str(wait) and wait == 20  # one back every 600/30 s
        status, _ = await neighbour.call("POST", "/api/auth/guest", json={})
        assert status == 201
        clocked.clock.advance(wait)
        status, _ = await flood.call("POST", "/api/auth/guest", json={})
        assert status == 201
