"""Shared by the /consult tests: the real app with a fake clock, a booked consultation made
through the real REST API, and a python-socketio client that records what it receives."""
from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

import aiohttp
from aiohttp.test_utils import TestServer

from server.app import create_app
from server.core.clock import FakeClock
from server.logs import PrivateAccessLogger
from tests.conftest import FAST_HASHER, Api, make_settings
from tests.integration.recording_client import RecordingClient

NS = "/consult"
NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)  # Wednesday 10:00 in Tokyo
MON_10 = datetime(2026, 4, 6, 1, 0, tzinfo=timezone.utc)  # Monday 10:00 in Tokyo
SLOT = timedelta(minutes=50)
RENEW_STEP = timedelta(minutes=10)  # shorter than an access token's life
WEEKLY_MON = {"kind": "weekly", "weekday": 0, "start": "10:00", "end": "12:00", "slot_minutes": 50, "buffer_minutes": 10}


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Clocked:
    def __init__(self, app, server, api: Api, clock: FakeClock):
        self.app, self.server, self.api, self.clock = app, server, api, clock
        self.url = str(server.make_url("")).rstrip("/")
        self.logins: list[dict] = []

    async def specialist(self, nickname: str, profession: str = "psychologist", role: str = "specialist", publish=True) -> dict:
        login = await self.api.staff(self.app, nickname, role, profession)
        if publish:
            status, body = await self.api.call("POST", "/api/me/availability", json=WEEKLY_MON, token=login["access_token"])
            assert status == 201, body
        self.logins.append(login)
        return login

    async def person(self) -> dict:
        login = await self.api.guest()
        self.logins.append(login)
        return login

    async def book(self, person: dict, specialist: dict, start: datetime = MON_10) -> str:
        body = {"specialist_id": specialist["account"]["id"], "starts_at": iso(start), "ends_at": iso(start + SLOT)}
        status, reply = await self.api.call("POST", "/api/bookings", json=body, token=person["access_token"])
        assert status == 201, reply
        return reply["booking"]["id"]

    async def move_to(self, moment: datetime) -> None:
        """Set the clock; access tokens live 15 minutes, so every login is refreshed in place,
        and open sockets renew their access on the way (``session:renew``, as the web client
        does every few minutes) instead of ending when their token runs out."""
        while any(self._open_sockets()) and moment - self.clock.now() > RENEW_STEP:
            await self._advance(self.clock.now() + RENEW_STEP)
        await self._advance(moment)

    def _open_sockets(self):
        return ((login, client) for login in self.logins for client in login.get("sockets", []) if client.sio.connected)

    async def _advance(self, moment: datetime) -> None:
        self.clock.advance((moment - self.clock.now()).total_seconds())
        for login in self.logins:
            status, body = await self.api.call("POST", "/api/auth/refresh", json={"refresh_token": login["refresh_token"]})
            assert status == 200, body
            login.update(access_token=body["access_token"], refresh_token=body["refresh_token"])
        for login, client in list(self._open_sockets()):
            await client.ok("session:renew", {"token": login["access_token"]})

    async def booking(self, login: dict, booking_id: str) -> dict:
        status, body = await self.api.call("GET", "/api/bookings?side=person", token=login["access_token"])
        assert status == 200, body
        return next(b for b in body["bookings"] if b["id"] == booking_id)


async def clocked_app(db_url: str, tmp_path, **settings):
    """Start the real app on a random loopback port with a fake clock; returns (Clocked, stop)."""
    clock = FakeClock(NOW)
    app = create_app(make_settings(db_url, tmp_path, **settings), clock=clock, hasher=FAST_HASHER)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server(access_log_class=PrivateAccessLogger)
    http = aiohttp.ClientSession()
    clocked = Clocked(app, server, Api(http, str(server.make_url("")).rstrip("/")), clock)

    async def stop() -> None:
        await http.close()
        await server.close()

    return clocked, stop


class ConsultClient(RecordingClient):
    """A python-socketio client on /consult that records every event it receives."""

    def __init__(self, url: str, login: dict):
        super().__init__(url, NS, call_timeout=10)
        self.login = login

    @property
    def account_id(self) -> str:
        return self.login["account"]["id"]

    async def connect(self) -> "ConsultClient":
        await self.open({"token": self.login["access_token"]})
        self.login.setdefault("sockets", []).append(self)  # renewed by Clocked.move_to
        return self


@asynccontextmanager
async def consult_site(db_url: str, tmp_path, **settings):
    """The clocked app with ``connect(login)``: a ConsultClient, closed at the end."""
    clocked, stop = await clocked_app(db_url, tmp_path, **settings)
    clients: list[ConsultClient] = []

    async def connect(login: dict) -> ConsultClient:
        client = ConsultClient(clocked.url, login)
        clients.append(client)
        return await client.connect()

    clocked.connect = connect
    try:
        yield clocked
    finally:
        for client in clients:
            await client.close()
        await stop()
