"""A live server for browser tests whose injected clock the test moves forward.

The ordinary e2e server (conftest.LiveServer) is a subprocess on the system clock, so nothing
that waits for a time (a reminder a day or 15 minutes before, an event's door) can be reached
in a test. This one serves the same app (migrated SQLite + demo content, on loopback) from a
thread of the test process, with a JumpingClock: real time, so the world ticks and rate windows
pass as usual, plus an offset the test moves forward. Every wait on the clock (the heartbeats)
wakes at a jump, so the next beat after it runs at once.

    server = ClockedServer(tmp_dir).start()
    server.jump(minutes=6)          # the reminders' heartbeat runs now
    server.to(starts_at)            # the clock at an instant (never backwards)
"""
from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta, timezone

from aiohttp import web

from server.app import create_app
from server.settings import Settings
from tests.e2e.conftest import LiveServer

# The tokens outlive the jumps: a socket's grant ends with its access token by the server's
# clock, while the browsers renew theirs on their own (real) clock. Renewal is tested in
# tests/integration/test_live_access.py; here it would only end sockets mid-story.
ACCESS_TOKEN_MINUTES = 180


class JumpingClock:
    """The system clock plus an offset that only grows (server.core.clock.Clock)."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._sleepers: set[asyncio.Future] = set()

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + timedelta(seconds=self.offset)

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    async def sleep_until(self, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        while (left := deadline - self.monotonic()) > 0:
            woken = loop.create_future()
            self._sleepers.add(woken)
            timer = loop.call_later(left, lambda f=woken: f.done() or f.set_result(None))
            try:
                await woken
            finally:
                timer.cancel()
                self._sleepers.discard(woken)

    def jump(self, seconds: float) -> None:
        """Move forward; call on the server's loop (ClockedServer.jump does)."""
        assert seconds >= 0, "the clock never goes back"
        self.offset += seconds
        for sleeper in list(self._sleepers):
            if not sleeper.done():
                sleeper.set_result(None)


class ClockedServer(LiveServer):
    def start(self) -> "ClockedServer":
        self.cli("migrate")
        self.cli("seed-demo")
        self.clock = JumpingClock()
        settings = Settings.from_env(self.env).with_(access_token_minutes=ACCESS_TOKEN_MINUTES)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="clocked-server", daemon=True)
        self.thread.start()
        self.runner = self._run(self._serve(create_app(settings, clock=self.clock)))
        return self

    async def _serve(self, app: web.Application) -> web.AppRunner:
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()
        return runner

    def _run(self, coro, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _cancel_the_rest(self) -> None:
        """Sockets' ping tasks outlive the app's cleanup: end them before the loop closes."""
        rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in rest:
            task.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    def now(self) -> datetime:
        return self.clock.now()

    def jump(self, *, minutes: float = 0, seconds: float = 0) -> None:
        async def move() -> None:
            self.clock.jump(minutes * 60 + seconds)
        self._run(move())

    def to(self, instant: datetime) -> None:
        self.jump(seconds=max(0.0, (instant - self.now()).total_seconds()))

    def stop(self) -> None:
        self._run(self.runner.cleanup())
        self._run(self._cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
