"""Injected time. Domain code asks a Clock, never ``datetime.now()``; long-lived loops wait on
the clock too (``sleep_until``), so a test moves them forward by advancing a FakeClock."""
from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...
    def monotonic(self) -> float: ...
    async def sleep_until(self, deadline: float) -> None:
        """Return once ``monotonic()`` has reached ``deadline``."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep_until(self, deadline: float) -> None:
        # The event loop's clock is time.monotonic(), so this is the same wait as before.
        await asyncio.sleep(max(0.0, deadline - time.monotonic()))


class FakeClock:
    """A clock tests move by hand; whatever sleeps on it wakes when a test advances past it."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)
        self._mono = 1000.0
        self._sleepers: list[tuple[float, int, asyncio.Future]] = []
        self._order = itertools.count()

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds
        while self._sleepers and self._sleepers[0][0] <= self._mono:
            _, _, waiter = heapq.heappop(self._sleepers)
            if not waiter.done():
                waiter.set_result(None)

    async def sleep_until(self, deadline: float) -> None:
        if deadline <= self._mono:
            await asyncio.sleep(0)  # still a turn of the loop, as a real sleep would be
            return
        waiter = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (deadline, next(self._order), waiter))
        await waiter  # a cancelled sleeper leaves a cancelled future behind: advance skips it

    @property
    def sleepers(self) -> int:
        """How many waits are pending (tests wait for a loop to be parked before advancing)."""
        return sum(1 for _, _, waiter in self._sleepers if not waiter.done())
