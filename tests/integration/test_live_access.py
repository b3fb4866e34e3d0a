"""Live access follows the account: a session's end (logout, role change, recovery) and its
access token's expiry reach every open socket of that session, on /space, /desk, /consult and /event,
with real python-socketio clients over loopback and a fake clock."""
from __future__ import annotations

import asyncio
import uuid

import aiohttp
import pytest
import socketio
from aiohttp.test_utils import TestServer

from server import keys
from server.app import create_app
from server.logs import PrivateAccessLogger
from server.realtime.live_access import revocation_channel
from tests.conftest import FAST_HASHER, Api, make_settings
from tests.integration.consult_client import clocked_app
from tests.integration.recording_client import RecordingClient
from tests.waiting import until_subscribed

NAMESPACES = ["/space", "/desk", "/consult", "/event"]
ADMIN_PASS = "admin-pass-123"
ALWAYS = {"weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]}


class LiveClient(RecordingClient):
    """A recording client that also notices when the server ends its namespace."""

    def __init__(self, url: str, namespace: str):
        super().__init__(url, namespace)
        self.ended = asyncio.get_running_loop().create_future()
        self.refusal = None
        self.sio.on("disconnect", self._on_disconnect, namespace=namespace)
        self.sio.on("connect_error", self._on_refused, namespace=namespace)

    def _on_refused(self, data=None):
        self.refusal = data

    def _on_disconnect(self, reason=None):
        if not self.ended.done():
            self.ended.set_result(reason)

    async def answered(self, event: str, data=None) -> dict | None:
        """The ack, or None when the connection ended first (also not an answer)."""
        try:
            return await self.call(event, data, timeout=3)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return None


@pytest.fixture
async def live(db_url, tmp_path):
    clocked, stop = await clocked_app(db_url, tmp_path)
    made: list[LiveClient] = []

    async def connect(namespace: str, token: str) -> LiveClient:
        client = LiveClient(clocked.url, namespace)
        made.append(client)
        await client.open({"token": token})
        return client

    clocked.connect = connect
    yield clocked
    for client in made:
        await client.close()
    await stop()


async def kept_person(api, nickname: str) -> dict:
    guest = await api.guest()
    status, kept = await api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                  json={"nickname": nickname, "passphrase": "a long passphrase"})
    assert status == 201, kept
    return kept


async def assert_ended(client: LiveClient, reason: str) -> None:
    ended = await client.wait_for("session:ended")
    assert ended == {"reason": reason}
    await asyncio.wait_for(client.ended, 5)
    assert client.namespace not in client.sio.namespaces
    # Nothing more is handled on that connection: the namespace is gone for this client.
    assert await client.answered("ping") is None


@pytest.mark.parametrize("namespace", NAMESPACES)
async def test_logout_ends_every_socket_of_that_session(live, namespace):
    person = await kept_person(live.api, "ゆうがた")
    other_session = (await live.api.call("POST", "/api/auth/login",
                                         json={"nickname": "ゆうがた", "passphrase": "a long passphrase"}))[1]
    first = await live.connect(namespace, person["access_token"])
    # Two tabs of the session (on /space a second tab replaces the first: one avatar each).
    second = await live.connect(namespace, person["access_token"]) if namespace != "/space" else first
    # Another device of the same person (its own session) stays; it is not this session's logout.
    elsewhere = await live.connect("/desk" if namespace != "/desk" else "/consult", other_session["access_token"])
    assert (await first.call("ping"))["ok"]
    status, _ = await live.api.call("POST", "/api/auth/logout", token=person["access_token"])
    assert status == 200
    await assert_ended(first, "logged_out")
    await assert_ended(second, "logged_out")
    assert (await elsewhere.call("ping"))["ok"]
    assert "session:ended" not in elsewhere.events


@pytest.mark.parametrize("namespace", NAMESPACES)
async def test_a_role_change_ends_the_demoted_persons_sockets(live, namespace):
    admin = await live.api.staff(live.app, "かんりにん", "admin", passphrase=ADMIN_PASS)
    worker = await live.api.staff(live.app, "よるの当番", "staff")
    client = await live.connect(namespace, worker["access_token"])
    watcher = await live.connect(namespace, admin["access_token"])
    assert (await client.call("ping"))["ok"]
    status, body = await live.api.call("PUT", f"/api/admin/users/{worker['account']['id']}/role",
                                       token=admin["access_token"], json={"role": "visitor"})
    assert status == 200, body
    await assert_ended(client, "role_changed")
    assert (await watcher.call("ping"))["ok"]  # only the demoted account's sockets end


@pytest.mark.parametrize("namespace", NAMESPACES)
async def test_recovery_ends_the_old_sessions_sockets(live, namespace):
    person = await kept_person(live.api, "あさがお")
    client = await live.connect(namespace, person["access_token"])
    status, body = await live.api.call("POST", "/api/auth/recover", json={
        "nickname": "あさがお", "recovery_code": person["recovery_code"], "new_passphrase": "a new long passphrase"})
    assert status == 200, body
    await assert_ended(client, "credentials_changed")
    fresh = await live.connect(namespace, body["access_token"])  # the new session works
    assert (await fresh.call("ping"))["ok"]


@pytest.mark.parametrize("namespace", NAMESPACES)
async def test_a_passphrase_change_ends_the_sockets_of_every_session(live, namespace):
    person = await kept_person(live.api, "ゆきどけ")
    _, other_device = await live.api.call("POST", "/api/auth/login",
                                          json={"nickname": "ゆきどけ", "passphrase": "a long passphrase"})
    here = await live.connect(namespace, person["access_token"])
    there = await live.connect(namespace, other_device["access_token"]) if namespace != "/space" else None
    status, wrong = await live.api.call("POST", "/api/me/passphrase", token=person["access_token"], json={
        "current_passphrase": "not the passphrase", "new_passphrase": "a new long passphrase"})
    assert status == 401, wrong
    assert (await here.call("ping"))["ok"]  # a refused change ends nothing
    status, changed = await live.api.call("POST", "/api/me/passphrase", token=person["access_token"], json={
        "current_passphrase": "a long passphrase", "new_passphrase": "a new long passphrase"})
    assert status == 200, changed
    await assert_ended(here, "credentials_changed")
    if there is not None:
        await assert_ended(there, "credentials_changed")
    fresh = await live.connect(namespace, changed["access_token"])  # this device's new session works
    assert (await fresh.call("ping"))["ok"]


@pytest.mark.parametrize("namespace", NAMESPACES)
async def test_an_expired_token_handles_no_event_and_ends_the_socket(live, namespace):
    guest = await live.api.guest()
    client = await live.connect(namespace, guest["access_token"])
    assert (await client.call("ping"))["ok"]
    live.clock.advance(live.app[keys.SETTINGS].access_token_minutes * 60 + 1)
    # Checked on the very next event, before the once-a-second sweep gets there.
    reply = await client.answered("ping")
    assert reply is None or reply == {"ok": False, "error": reply["error"]} and reply["error"]["code"] == "TOKEN_EXPIRED"
    await assert_ended(client, "expired")


@pytest.mark.parametrize("namespace", NAMESPACES)
async def test_a_fresh_token_renews_the_socket_before_expiry(live, namespace):
    guest = await live.api.guest()
    client = await live.connect(namespace, guest["access_token"])
    minutes = live.app[keys.SETTINGS].access_token_minutes
    live.clock.advance(minutes * 60 - 30)
    status, fresh = await live.api.call("POST", "/api/auth/refresh", json={"refresh_token": guest["refresh_token"]})
    assert status == 200
    renewed = await client.ok("session:renew", {"token": fresh["access_token"]})
    assert renewed["expires_in"] == minutes * 60
    live.clock.advance(60)  # past the first token's expiry, within the fresh one's
    assert (await client.call("ping"))["ok"]
    # A token of another session, a forged one or none is refused and changes nothing.
    other = await live.api.guest()
    for bad in ({"token": other["access_token"]}, {"token": "forged.token.value"}, {}):
        error = await client.refused("session:renew", bad)
        assert error["code"] in ("TOKEN_INVALID", "INVALID")
    assert (await client.call("ping"))["ok"]


async def test_the_demoted_desk_worker_cannot_take_the_next_visitor(live):
    """The reproduced failure: after demotion, no desk:state, no take_next, no desk:say."""
    admin = await live.api.staff(live.app, "かんりにん", "admin", passphrase=ADMIN_PASS)
    worker = await live.api.staff(live.app, "よるの当番", "staff")
    desk = await live.connect("/desk", worker["access_token"])
    status, hours = await live.api.call("PUT", "/api/desk/hours", token=admin["access_token"], json=ALWAYS)
    assert status == 200, hours
    assert (await desk.call("desk:duty", {"status": "available"}))["ok"]
    await live.api.call("PUT", f"/api/admin/users/{worker['account']['id']}/role",
                        token=admin["access_token"], json={"role": "visitor"})
    await assert_ended(desk, "role_changed")
    visitor = await live.connect("/desk", (await live.api.guest())["access_token"])
    assert (await visitor.call("desk:knock", {"note": "話を聞いてほしい"}))["ok"]
    assert (await visitor.call("ping"))["ok"]
    assert all("話を聞いてほしい" not in str(e) for e in desk.events["desk:state"])
    with pytest.raises(socketio.exceptions.ConnectionError):  # nor can the old token come back
        await live.connect("/desk", worker["access_token"])


async def test_the_space_fast_step_path_obeys_expiry(live):
    guest = await live.api.guest()
    client = await live.connect("/space", guest["access_token"])
    snapshot = await client.wait_for("world:snapshot")
    x, y = snapshot["you"]["x"], snapshot["you"]["y"]
    live.clock.advance(live.app[keys.SETTINGS].access_token_minutes * 60 + 1)
    reply = await client.answered("world:move", {"x": x + 1, "y": y, "dir": "right"})
    assert reply is None or reply["error"]["code"] == "TOKEN_EXPIRED"
    await assert_ended(client, "expired")


@pytest.mark.parametrize("namespace", ["/desk", "/consult", "/event"])  # /space: one avatar, older tabs replaced
async def test_one_account_holds_at_most_five_connections_per_namespace(live, namespace):
    guest = await live.api.guest()
    clients = [await live.connect(namespace, guest["access_token"]) for _ in range(5)]
    for client in clients:
        assert (await client.call("ping"))["ok"]
    sixth = LiveClient(live.url, namespace)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await sixth.open({"token": guest["access_token"]})
    assert sixth.refusal["data"]["code"] == "TOO_MANY_CONNECTIONS"
    assert (await clients[1].call("ping"))["ok"]  # the others are undisturbed
    await clients[0].close()
    await asyncio.sleep(0.2)  # the server hears the close
    again = await live.connect(namespace, guest["access_token"])
    assert (await again.call("ping"))["ok"]


@pytest.mark.parametrize("namespace", ["/", "/admin", "/nope"])
@pytest.mark.parametrize("with_token", [False, True])
async def test_unknown_namespaces_are_refused(live, namespace, with_token):
    guest = await live.api.guest()
    client = socketio.AsyncClient(reconnection=False)
    auth = {"token": guest["access_token"]} if with_token else None
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect(live.url, namespaces=[namespace], transports=["websocket"], auth=auth, wait_timeout=5)
    finally:
        await client.disconnect()


REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def two_apps(db_url, tmp_path):
    """Two server instances in this process that share only the database and Redis."""
    channel = f"ibasho-test-{uuid.uuid4().hex}"
    servers = []
    for _ in range(2):
        settings = make_settings(db_url, tmp_path, redis_url=REDIS_URL, redis_channel=channel, secret="r" * 48)
        server = TestServer(create_app(settings, hasher=FAST_HASHER), host="127.0.0.1", port=0)
        await server.start_server(access_log_class=PrivateAccessLogger)
        servers.append(server)
    made: list[LiveClient] = []
    async with aiohttp.ClientSession() as http:
        yield [(s.app, Api(http, str(s.make_url("")).rstrip("/")), str(s.make_url("")).rstrip("/"), made)
               for s in servers]
    for client in made:
        await client.close()
    for s in servers:
        await s.close()


async def test_a_role_change_on_one_instance_ends_the_sockets_on_the_other(two_apps):
    (app_a, api_a, _, made), (app_b, _, url_b, _) = two_apps
    admin = await api_a.staff(app_a, "かんりにん", "admin", passphrase=ADMIN_PASS)
    worker = await api_a.staff(app_a, "よるの当番", "staff")
    await until_subscribed(REDIS_URL, {revocation_channel(app_a[keys.SETTINGS].redis_channel): 2})  # both listen
    sockets = []
    for namespace in NAMESPACES:
        client = LiveClient(url_b, namespace)
        made.append(client)
        await client.open({"token": worker["access_token"]})
        sockets.append(client)
    status, body = await api_a.call("PUT", f"/api/admin/users/{worker['account']['id']}/role",
                                    token=admin["access_token"], json={"role": "visitor"})
    assert status == 200, body
    for client in sockets:
        await assert_ended(client, "role_changed")


async def test_logout_and_the_cli_on_one_server_process_end_sockets_on_another(tmp_path):
    """Real OS processes (python -m server) on one SQLite file and one Redis."""
    from tests.e2e.conftest import LiveServer

    env = {"REDIS_URL": REDIS_URL, "IBASHO_SECRET": "q" * 48}
    first = await asyncio.to_thread(lambda: LiveServer(tmp_path, **env).start())
    second = None
    try:
        second = await asyncio.to_thread(lambda: LiveServer(tmp_path, **env).start())
        async with aiohttp.ClientSession() as http:
            person = await Api(http, first.url).guest()
            await asyncio.sleep(0.5)  # the Redis subscriptions settle
            clients = []
            for namespace in NAMESPACES:
                client = LiveClient(second.url, namespace)
                await client.open({"token": person["access_token"]})
                clients.append(client)
            try:
                status, _ = await Api(http, first.url).call("POST", "/api/auth/logout", token=person["access_token"])
                assert status == 200
                for client in clients:
                    await assert_ended(client, "logged_out")
                # The admin's shell on the first machine demotes a staff member connected to
                # the second: the CLI announces it through Redis too.
                _, staff = await Api(http, second.url).call(
                    "POST", "/api/auth/login", json={"nickname": "デモ相談員", "passphrase": "demo-staff-pass"})
                desk = LiveClient(second.url, "/desk")
                clients.append(desk)
                await desk.open({"token": staff["access_token"]})
                await asyncio.to_thread(first.cli, "set-role", "--nickname", "デモ相談員", "--role", "visitor")
                await assert_ended(desk, "role_changed")
            finally:
                for client in clients:
                    await client.close()
    finally:
        first.stop()
        if second is not None:
            second.stop()
