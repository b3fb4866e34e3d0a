"""How much sprite drawing the server does for whom.

Drawing is the costly part (a cached sheet costs nothing), so only drawings count: each client
gets a burst and then a steady pace (RATE_LIMITED beyond), and a few draw at once whatever the
number of clients, so the thread pool and the event loop stay free."""
from __future__ import annotations

import asyncio
from typing import Callable, TypeVar

from server.core.clock import Clock
from server.core.ratelimit import RateLimiter

T = TypeVar("T")

DRAW_BURST = 20  # a screenful of looks nobody has shown yet (a sheet costs 30-100 ms of CPU)
DRAW_RATE = 1.0  # then one new drawing a second per client
DRAWS_AT_ONCE = 1  # and, whoever asks, one drawing at a time (it holds the GIL much of the time)


class DrawBudget:
    def __init__(self, clock: Clock):
        self._per_client = RateLimiter(clock, rate=DRAW_RATE, burst=DRAW_BURST)
        self._at_once = asyncio.Semaphore(DRAWS_AT_ONCE)

    async def draw(self, client: str, draw: Callable[..., T], *args) -> T:
        """``draw(*args)`` in a worker thread, on ``client``'s budget (a keyed address hash)."""
        self._per_client.acquire(f"draw:{client}")
        async with self._at_once:
            return await asyncio.to_thread(draw, *args)
