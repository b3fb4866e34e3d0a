"""Server instances share Socket.IO rooms through the real Redis on 127.0.0.1: two apps in
this process, and two real server processes."""
import asyncio
import uuid

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from server.app import create_app
from server.core.outcome import Emit, ToAccount, ToEveryone, ToStaff
from server.logs import PrivateAccessLogger
from server.realtime.broadcaster import send_emits
from server import keys
from tests.conftest import FAST_HASHER, Api, make_settings
from tests.integration.space_client import SpaceClient
from tests.waiting import until_subscribed

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def two_processes(db_url, tmp_path):
    channel = f"ibasho-test-{uuid.uuid4().hex}"
    secret = "r" * 48
    servers = []
    for _ in range(2):
        settings = make_settings(db_url, tmp_path, redis_url=REDIS_URL, redis_channel=channel, secret=secret)
        app = create_app(settings, hasher=FAST_HASHER)
        server = TestServer(app, host="127.0.0.1", port=0)
        await server.start_server(access_log_class=PrivateAccessLogger)
        servers.append(server)
    async with aiohttp.ClientSession() as http:
        yield [(s.app, Api(http, str(s.make_url("")).rstrip("/")), str(s.make_url("")).rstrip("/")) for s in servers]
    for s in servers:
        await s.close()


async def test_a_message_for_a_person_reaches_them_on_the_other_process(two_processes):
    (app_a, api_a, _), (app_b, api_b, url_b) = two_processes
    guest = await api_a.guest()  # accounts are shared through the database
    staff = await api_b.staff(app_b, "よるの当番", "staff")
    person = SpaceClient(url_b, guest["access_token"])
    watcher = SpaceClient(url_b, staff["access_token"])
    await person.connect()
    await watcher.connect()
    try:
        # the receiving process listens (from its first connection)
        await until_subscribed(REDIS_URL, {app_a[keys.SETTINGS].redis_channel: 1})
        await send_emits(app_a[keys.SIO], [
            Emit(ToAccount(guest["account"]["id"]), "letter:new", {"id": "L1"}),
            Emit(ToStaff(), "desk:knock", {"n": 1}),
            Emit(ToEveryone(), "board:published", {"id": "P1"}),
        ])
        assert (await person.wait_for("letter:new")) == {"id": "L1"}
        assert (await watcher.wait_for("desk:knock")) == {"n": 1}
        assert (await person.wait_for("board:published"))["id"] == "P1"
        assert (await watcher.wait_for("board:published"))["id"] == "P1"
        # P1 followed them on the one Redis channel and socket: a stray copy would be here by now
        assert "letter:new" not in watcher.events and "desk:knock" not in person.events
    finally:
        await person.disconnect()
        await watcher.disconnect()


async def test_two_server_processes_share_rooms(tmp_path):
    """Real OS processes (python -m server) on one SQLite file and one Redis channel."""
    from tests.e2e.conftest import LiveServer

    channel = f"ibasho-test-{uuid.uuid4().hex}"
    env = {"REDIS_URL": REDIS_URL, "IBASHO_SECRET": "p" * 48}
    first = await asyncio.to_thread(lambda: LiveServer(tmp_path, **env).start())
    second = None
    try:
        second = await asyncio.to_thread(lambda: LiveServer(tmp_path, **env).start())
        async with aiohttp.ClientSession() as http:
            api_1, api_2 = Api(http, first.url), Api(http, second.url)
            someone = await api_1.guest()
            _, staff = await api_2.call("POST", "/api/auth/login", json={"nickname": "デモ相談員", "passphrase": "demo-staff-pass"})
            listener = SpaceClient(second.url, someone["access_token"])
            await listener.connect()
            try:
                # The same person opens the space on the other process: the old tab is told
                # through the shared account room.
                other_tab = SpaceClient(first.url, someone["access_token"])
                await other_tab.connect()
                await listener.wait_for("session:replaced", timeout=5)
                await other_tab.disconnect()
            finally:
                await listener.disconnect()
            assert staff["account"]["role"] == "staff"
    finally:
        first.stop()
        if second is not None:
            second.stop()
