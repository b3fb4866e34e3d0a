"""kill -9 in the middle of a burst of bookings, on SQLite and PostgreSQL: the real server
(`python -m server`) runs as a subprocess on loopback, people book concurrently (several
wanting the same slots), the server is SIGKILLed once some bookings were acknowledged and
many are still in flight, and restarted on the same database. Every booking it answered
201 for is there, booked, for its person; no slot and no person's hour is held twice; and
the restarted server takes new bookings."""
from __future__ import annotations

import asyncio
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from sqlalchemy import select

from avatars import accounts
from rooms.bookings import schedule
from rooms.bookings.models import Booking
from server.core.clock import SystemClock
from server.core.principal import Principal, Role
from server.db import create_engine, session_factory
from tests.conftest import FAST_HASHER
from tests.waiting import within

ROOT = Path(__file__).resolve().parents[2]
TOKYO = ZoneInfo("Asia/Tokyo")
TEACHERS = ("みどり", "あおい", "こはく", "すみれ")
PEOPLE = 24
TRIES_EACH = 8
KILL_AFTER = 25  # acknowledged bookings before the kill (of up to 3 x 24 possible)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m server` on a loopback port, with its output kept for a failure message."""

    def __init__(self, db_url: str, data_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        self.env = env | {"DATABASE_URL": db_url, "IBASHO_DATA_DIR": str(data_dir), "HOST": "127.0.0.1",
                          "PORT": str(self.port), "IBASHO_PUBLIC_URL": self.url, "IBASHO_SECRET": secrets.token_urlsafe(48)}
        self.log_path = data_dir / "server.log"
        self.proc: subprocess.Popen | None = None

    async def start(self) -> None:
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=self.env,
                                         stdout=log, stderr=subprocess.STDOUT)
        async with aiohttp.ClientSession() as http:
            async def ready() -> bool:
                assert self.proc.poll() is None, self.log_path.read_text()
                try:
                    async with http.get(self.url + "/readyz", timeout=aiohttp.ClientTimeout(total=2)) as resp:
                        return resp.status == 200
                except (aiohttp.ClientError, asyncio.TimeoutError):  # not up yet, or slow to answer: ask again
                    return False

            if not await within(ready, 60, step=0.1):
                raise AssertionError("the server did not become ready:\n" + self.log_path.read_text())

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc is not None:
            self.proc.wait(10)


def tomorrow_in_tokyo() -> datetime:
    today = datetime.now(TOKYO).date()
    return datetime(today.year, today.month, today.day, tzinfo=TOKYO) + timedelta(days=1)


async def publish_teachers(sessions) -> list[str]:
    """Four specialists, each with 24 half-hour slots tomorrow (09:00-21:00 in Tokyo)."""
    clock, day = SystemClock(), tomorrow_in_tokyo()
    rule = {"kind": "once", "date": day.date().isoformat(), "start": "09:00", "end": "21:00", "slot_minutes": 30}
    ids = []
    for name in TEACHERS:
        async with sessions.begin() as db:
            made = await accounts.create_user(db, clock, FAST_HASHER, None, nickname=name,
                                              passphrase="teacher-pass-123", role="specialist", profession="psychologist")
            teacher = Principal(account_id=made.account.id, role=Role.SPECIALIST, nickname=name)
            await schedule.create_rule(db, clock, teacher, rule, default_tz="Asia/Tokyo")
        ids.append(made.account.id)
    return ids


def slots(day: datetime) -> list[tuple[str, str]]:
    starts = [day + timedelta(hours=9, minutes=30 * i) for i in range(24)]
    return [(s.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ"),
             (s + timedelta(minutes=30)).astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")) for s in starts]


class Person:
    """A guest with an HTTP client of its own, from its own loopback address."""

    def __init__(self, n: int, base: str):
        self.base = base
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=(f"127.0.0.{20 + n}", 0)),
            timeout=aiohttp.ClientTimeout(total=30),
        )
        self.token = ""

    async def call(self, method: str, path: str, json=None):
        async with self.http.request(method, self.base + path, json=json,
                                     headers={"Authorization": f"Bearer {self.token}"} if self.token else {}) as resp:
            return resp.status, await resp.json()

    async def enter(self) -> "Person":
        status, body = await self.call("POST", "/api/auth/guest", json={})
        assert status == 201, body
        self.token = body["access_token"]
        return self


async def booked_rows(sessions) -> list[Booking]:
    async with sessions() as db:
        return list(await db.scalars(select(Booking).where(Booking.status == "booked")))


def overlapping(rows: list[Booking]) -> list[tuple[str, str]]:
    ordered = sorted(rows, key=lambda b: b.starts_at)
    return [(a.id, b.id) for a, b in zip(ordered, ordered[1:]) if b.starts_at < a.ends_at]


async def test_every_acknowledged_booking_survives_kill_9(db_url, tmp_path):
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    server = Server(db_url, tmp_path)
    people: list[Person] = []
    try:
        teachers = await publish_teachers(sessions)
        offer = [(t, start, end) for t in teachers for start, end in slots(tomorrow_in_tokyo())]
        await server.start()
        people = [await Person(n, server.url).enter() for n in range(PEOPLE)]
        rng = random.Random(10)
        attempts = [(p, choice) for p in people for choice in rng.sample(offer, TRIES_EACH)]
        acknowledged: list[tuple[Person, str]] = []
        lost: list[BaseException] = []

        async def attempt(person: Person, choice) -> None:
            teacher, start, end = choice
            try:
                status, body = await person.call("POST", "/api/bookings",
                                                 json={"specialist_id": teacher, "starts_at": start, "ends_at": end})
            except (aiohttp.ClientError, asyncio.TimeoutError) as err:
                lost.append(err)  # in flight when the server died: may or may not have been kept
                return
            if status == 201:
                acknowledged.append((person, body["booking"]["id"]))
                if len(acknowledged) == KILL_AFTER:
                    server.kill()
            else:
                assert status == 409 and body["error"]["code"] in {"SLOT_TAKEN", "SLOT_UNAVAILABLE", "BOOKING_LIMIT"}, body

        await asyncio.wait_for(asyncio.gather(*(attempt(p, c) for p, c in attempts)), timeout=120)
        assert server.proc.wait(10) == -signal.SIGKILL
        assert len(acknowledged) >= KILL_AFTER and lost, "the kill must land in the middle of the burst"

        server.stop()
        await server.start()  # the same database and port, as after a crash
        rows = await booked_rows(sessions)
        kept = {row.id: row for row in rows}
        for person, booking_id in acknowledged:
            status, mine = await person.call("GET", "/api/bookings?side=person")
            assert status == 200 and booking_id in {b["id"] for b in mine["bookings"] if b["status"] == "booked"}
            assert booking_id in kept
        for teacher in teachers:
            assert overlapping([r for r in rows if r.specialist_id == teacher]) == [], "a slot held twice"
        for person_id in {r.person_id for r in rows}:
            theirs = [r for r in rows if r.person_id == person_id]
            assert len(theirs) <= 3 and overlapping(theirs) == []

        # The restarted server goes on: a newcomer books a slot nobody holds.
        newcomer = Person(PEOPLE, server.url)
        people.append(newcomer)
        await newcomer.enter()
        held = {(r.specialist_id, r.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")) for r in rows}
        teacher, start, end = next(c for c in offer if c[:2] not in held)
        status, body = await newcomer.call("POST", "/api/bookings", json={"specialist_id": teacher, "starts_at": start, "ends_at": end})
        assert status == 201, body
    finally:
        for person in people:
            await person.http.close()
        server.stop()
        await engine.dispose()
