"""The one heartbeat every long-lived loop runs on (the world's tick, the desk's and the
consultation rooms' housekeeping, the live-access sweep). It waits on the injected clock, so
a test moves it by advancing a FakeClock, and ``stop`` awaits the task, so nothing runs after
shutdown. A run that fails is logged and the next one runs as usual: one bad turn must not stop
the grace periods and time-outs of everybody else."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable

from server.core.clock import Clock


class Heartbeat:
    """Run ``job`` every ``seconds`` of ``clock`` time, on a fixed grid: a late run does not
    shift the ones after it, and beats missed while late (an overrun, or a test moving a
    FakeClock by days) are skipped, not run back to back."""

    def __init__(self, clock: Clock, seconds: float, job: Callable[[], Awaitable[None]], *,
                 log: logging.Logger, what: str):
        self.clock, self.seconds, self.job = clock, seconds, job
        self.log, self.what = log, what
        self._task: asyncio.Task | None = None

    def start(self) -> Heartbeat:
        self._task = asyncio.create_task(self._beats(), name=self.what)
        return self

    async def stop(self) -> None:
        """Cancel the loop and wait until it has really ended."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _beats(self) -> None:
        next_at = self.clock.monotonic()
        while True:
            next_at += self.seconds
            behind = self.clock.monotonic() - next_at
            if behind > 0:
                next_at += self.seconds * math.ceil(behind / self.seconds)
            await self.clock.sleep_until(next_at)
            try:
                await self.job()
            except Exception:
                self.log.exception("%s failed", self.what)


@contextlib.asynccontextmanager
async def beating(clock: Clock, seconds: float, job: Callable[[], Awaitable[None]], *,
                  log: logging.Logger, what: str):
    """A heartbeat for the length of a ``with`` block (an aiohttp cleanup context's life)."""
    heartbeat = Heartbeat(clock, seconds, job, log=log, what=what).start()
    try:
        yield heartbeat
    finally:
        await heartbeat.stop()
