"""The token bucket behind every "please slow down"."""
from __future__ import annotations

import pytest

from rooms.ratelimit import RateLimiter
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode


def test_burst_then_steady_rate():
    clock = FakeClock()
    limiter = RateLimiter(clock, rate=1, burst=3)
    assert [limiter.try_acquire("k") for _ in range(4)] == [True, True, True, False]
    assert limiter.retry_after("k") == pytest.approx(1.0)
    clock.advance(0.5)
    assert not limiter.try_acquire("k")
    clock.advance(0.5)
    assert limiter.try_acquire("k")
    assert not limiter.try_acquire("k")


def test_refill_never_exceeds_burst():
    clock = FakeClock()
    limiter = RateLimiter(clock, rate=1, burst=2)
    limiter.try_acquire("k")
    clock.advance(3600)
    assert [limiter.try_acquire("k") for _ in range(3)] == [True, True, False]


def test_keys_are_independent():
    limiter = RateLimiter(FakeClock(), rate=1, burst=1)
    assert limiter.try_acquire("a")
    assert not limiter.try_acquire("a")
    assert limiter.try_acquire("b")


def test_acquire_refuses_with_a_retry_hint():
    clock = FakeClock()
    limiter = RateLimiter(clock, rate=0.5, burst=1)
    limiter.acquire("k")
    with pytest.raises(DomainError) as info:
        limiter.acquire("k")
    assert info.value.code is ErrorCode.RATE_LIMITED
    assert info.value.detail == {"retry_after_ms": 2000}
    clock.advance(2)
    limiter.acquire("k")


def test_full_buckets_are_forgotten():
    clock = FakeClock()
    limiter = RateLimiter(clock, rate=1, burst=2, prune_above=3)
    for key in "abc":
        limiter.try_acquire(key)
    assert len(limiter) == 3
    clock.advance(0.5)
    limiter.try_acquire("a")
    assert limiter.prune() == 0  # nobody has refilled yet
    clock.advance(1)
    assert limiter.prune() == 2  # b and c are full again; a is still refilling
    assert len(limiter) == 1
    clock.advance(10)
    for key in "wxyz":  # growing past prune_above sweeps the full ones by itself
        limiter.try_acquire(key)
    assert len(limiter) == 4


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (1, 0)])
def test_nonsense_limits_are_refused(rate, burst):
    with pytest.raises(ValueError):
        RateLimiter(FakeClock(), rate=rate, burst=burst)
