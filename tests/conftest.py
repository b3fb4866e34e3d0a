"""Shared fixtures: a fresh database per test on each backend, and the real app on loopback."""
from __future__ import annotations

import asyncio
import secrets
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from avatars.passphrases import PassphraseHasher
from server.app import create_app
from server.realtime.space import TICK_S as TICK_SECONDS
from server.db import create_engine, session_factory
from server.logs import PrivateAccessLogger
from server.settings import Settings
from tests.databases import BACKENDS, DatabaseFactory

# Cheap argon2 parameters: the tests check behaviour, not hashing cost.
FAST_HASHER = PassphraseHasher(time_cost=1, memory_cost=1024)
# Settings.fast_path for every app the tests build: ``--fast-path=off`` runs them on the
# libraries' own paths (the Makefile's test target runs the realtime files both ways).
FAST_PATH = {"on": True}


def pytest_addoption(parser):
    parser.addoption("--fast-path", choices=("on", "off"), default="on",
                     help="serve with the realtime fast path on (default) or off")


def pytest_configure(config):
    FAST_PATH["on"] = config.getoption("--fast-path") == "on"


def fast_path() -> bool:
    return FAST_PATH["on"]


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory):
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    asyncio.run(factory.close())  # sync teardown: no loop is running here


@pytest.fixture(params=BACKENDS)
async def db_url(request, database_factory):
    url, drop = await database_factory.create(request.param)
    yield url
    await drop()


@pytest.fixture
async def sessions(db_url):
    engine = create_engine(db_url)
    yield session_factory(engine)
    await engine.dispose()


def make_settings(db_url: str, data_dir: Path, **overrides) -> Settings:
    base = Settings(
        database_url=db_url,
        secret=secrets.token_urlsafe(48),
        data_dir=data_dir,
        host="127.0.0.1",
        port=0,
        public_url="http://127.0.0.1",
        ice_servers=[],
        ice_host_addresses=["127.0.0.1"],
        fast_path=fast_path(),
        new_account_warmup_seconds=0,  # tests chat at once; test_new_account_warmup runs the real 10 minutes
    )
    return base.with_(**overrides)


class Api:
    """A small REST client speaking to the real server over loopback."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str):
        self.http = http
        self.base_url = base_url

    async def call(self, method: str, path: str, *, json=None, token: str | None = None, data=None, headers=None):
        hdrs = dict(headers or {})
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        async with self.http.request(method, self.base_url + path, json=json, data=data, headers=hdrs) as resp:
            ctype = resp.headers.get("Content-Type", "")
            body = await resp.json() if "json" in ctype else await resp.read()
            return resp.status, body

    async def guest(self) -> dict:
        status, body = await self.call("POST", "/api/auth/guest", json={})
        assert status == 201, body
        return body

    async def staff(self, app, nickname: str, role: str, profession: str | None = None, passphrase: str = "staff-pass-123") -> dict:
        from avatars import accounts
        from server import keys

        async with app[keys.DB_SESSIONS].begin() as db:
            await accounts.create_user(
                db, app[keys.CLOCK], app[keys.HASHER], None,
                nickname=nickname, passphrase=passphrase, role=role, profession=profession,
            )
        status, body = await self.call("POST", "/api/auth/login", json={"nickname": nickname, "passphrase": passphrase})
        assert status == 200, body
        return body


class Running:
    def __init__(self, app, server: TestServer, api: Api, clock=None):
        self.app = app
        self.server = server
        self.api = api
        self.clock = clock  # the FakeClock the app runs on, when a test drives time
        self.url = str(server.make_url("")).rstrip("/")

    async def tick_until(self, client, event: str, predicate=lambda d: True, ticks: int = 50):
        """On a FakeClock the world ticks only when the test moves time: move it one tick at a
        time until ``client`` has the event (a batch carries what happened before its tick)."""
        arrived = asyncio.ensure_future(client.wait_for(event, predicate, timeout=ticks * 0.2 + 5))
        for _ in range(ticks):
            self.clock.advance(TICK_SECONDS)
            done, _ = await asyncio.wait({arrived}, timeout=0.2)
            if done:
                break
        return await arrived


@asynccontextmanager
async def serving(db_url: str, data_dir: Path, *, clock=None, prepare=None, **overrides):
    """The real app on a random loopback port (on ``clock`` when given) with a REST client;
    ``prepare(app)`` runs before it starts (e.g. to mount a probe route)."""
    app = create_app(make_settings(db_url, data_dir, **overrides), clock=clock, hasher=FAST_HASHER)
    if prepare is not None:
        prepare(app)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server(access_log_class=PrivateAccessLogger)
    try:
        async with aiohttp.ClientSession() as http:
            yield Running(app, server, Api(http, str(server.make_url("")).rstrip("/")), clock)
    finally:
        await server.close()


@pytest.fixture
def settings_overrides() -> dict:
    return {}


@pytest.fixture
async def running(db_url, tmp_path, settings_overrides):
    async with serving(db_url, tmp_path, **settings_overrides) as live:
        yield live
