"""Shared by the /event tests: the real app with a fake clock, an event made by the events
domain (a host, a co-host, another event's host) with registered attendees, and clients on
/event that record every frame AND every answer they receive."""
from __future__ import annotations

import json
from contextlib import asynccontextmanager

from sqlalchemy import select

from rooms.events import planning, registration
from rooms.events.models import EventOccurrence
from server import keys
from server.core.principal import Principal, Role
from tests.integration.consult_client import clocked_app
from tests.integration.recording_client import RecordingClient

NS = "/event"
# The clock starts at 2026-04-01 01:00 UTC (10:00 in Tokyo): the door opened at 09:55.
GATHERING = {
    "title_ja": "家族のつどい", "title_en": "Family gathering", "kind": "family_class", "audience": "everyone",
    "registration": "required", "place": "hall", "capacity": 10,
    "first_date": "2026-04-01", "start_time": "10:05", "duration_minutes": 90, "repeat": "none",
}


class EventClient(RecordingClient):
    """A person on /event; ``answers`` keeps every ack, so privacy checks see everything received."""

    def __init__(self, url: str, login: dict, occurrence_id: str):
        super().__init__(url, NS, call_timeout=10)
        self.login = login
        self.occurrence_id = occurrence_id
        self.answers: list = []

    @property
    def account_id(self) -> str:
        return self.login["account"]["id"]

    @property
    def nickname(self) -> str:
        return self.login["account"]["nickname"]

    async def connect(self) -> "EventClient":
        await self.open({"token": self.login["access_token"]})
        return self

    async def call(self, event: str, data=None, timeout: float | None = None):
        payload = {"occurrence_id": self.occurrence_id, **(data or {})} if event != "ping" else data
        reply = await super().call(event, payload, timeout)
        self.answers.append(reply)
        return reply

    def everything_received(self) -> str:
        return json.dumps([self.events, self.answers], ensure_ascii=False)


class EventSite:
    def __init__(self, clocked):
        self.clocked = clocked
        self.app = clocked.app
        self.clients: list[EventClient] = []

    async def create_event(self, creator: dict, hosts: list[tuple[str, str]], fields: dict | None = None) -> str:
        principal = Principal(creator["account"]["id"], Role(creator["account"]["role"]))
        async with self.app[keys.DB_SESSIONS].begin() as db:
            event = await planning.create(db, self.clocked.clock, principal, dict(fields or GATHERING),
                                          [planning.HostChoice(n, r) for n, r in hosts])
            return (await db.scalars(select(EventOccurrence.id).where(EventOccurrence.event_id == event.id))).one()

    async def register(self, login: dict, occurrence_id: str) -> None:
        principal = Principal(login["account"]["id"], Role(login["account"]["role"]))
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await registration.register(db, self.clocked.clock, principal, occurrence_id)

    async def guests(self, count: int) -> list[dict]:
        """Guests with distinct nicknames (generated nicknames may repeat, and the privacy checks
        look for each other attendee's nickname)."""
        found: dict[str, dict] = {}
        while len(found) < count:
            login = await self.clocked.api.guest()
            found.setdefault(login["account"]["nickname"], login)
        return list(found.values())

    async def client(self, login: dict, occurrence_id: str) -> EventClient:
        client = await EventClient(self.clocked.url, login, occurrence_id).connect()
        self.clients.append(client)
        return client


@asynccontextmanager
async def event_site(db_url: str, tmp_path, **settings):
    clocked, stop = await clocked_app(db_url, tmp_path, **settings)
    site = EventSite(clocked)
    try:
        yield site
    finally:
        for client in site.clients:
            await client.close()
        await stop()
