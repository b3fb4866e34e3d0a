"""Waiting in tests: on a condition, or for a FakeClock's loops, never for a fixed time.

These are the suite's polling loops (the one place a test's wait touches real time), so a
test says what it waits for and fails with that when it does not come."""
from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable


async def within(predicate: Callable[[], object], seconds: float = 10.0, *, step: float = 0.05) -> bool:
    """Whether ``predicate()`` (plain or async) became true within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)


async def until(predicate: Callable[[], object], seconds: float = 10.0, *, step: float = 0.05,
                what: str = "condition") -> None:
    """Return once ``predicate()`` is true; fail the test after ``seconds``."""
    assert await within(predicate, seconds, step=step), f"{what} not reached in {seconds} s"


def within_sync(predicate: Callable[[], object], seconds: float = 10.0, *, step: float = 0.1) -> bool:
    """``within`` for the synchronous (Playwright, subprocess) tests."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def until_sync(predicate: Callable[[], object], seconds: float = 10.0, *, step: float = 0.1,
               what: str = "condition") -> None:
    assert within_sync(predicate, seconds, step=step), f"{what} not reached in {seconds} s"


async def advance(clock, seconds: float, timeout: float = 10.0) -> None:
    """Move a FakeClock and wait until every loop it woke has run its turn and parked on the
    clock again (the heartbeats are the only sleepers on it: server/realtime/heartbeat.py)."""
    parked = clock.sleepers
    clock.advance(seconds)
    await until(lambda: clock.sleepers >= parked, timeout, step=0.01, what="the clock's loops parked again")


async def until_subscribed(redis_url: str, listeners: dict[str, int], seconds: float = 10.0) -> None:
    """Wait until each Redis channel has its number of listening server processes (what is
    published before that reaches nobody). A process listens for revocations from its start
    (server/realtime/live_access.py) and on its Socket.IO channel from its first connection."""
    import redis.asyncio as redis

    client = redis.from_url(redis_url)
    try:
        async def listening() -> bool:
            counts = dict(await client.pubsub_numsub(*listeners))
            return all(counts[channel.encode()] >= n for channel, n in listeners.items())

        await until(listening, seconds, what=f"subscribers {listeners}")
    finally:
        await client.aclose()
