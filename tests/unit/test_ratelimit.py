"""The one token bucket behind every "please slow down" (chat, stamps, invites, knocks,
logins, guest accounts, the per-connection flood guards)."""
from __future__ import annotations

import pytest

from server.core.ratelimit import RateLimiter
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


def test_a_token_given_back_can_be_taken_again_but_never_beyond_the_burst():
    clock = FakeClock()
    limiter = RateLimiter(clock, rate=1, burst=2)
    assert [limiter.try_acquire("k") for _ in range(3)] == [True, True, False]
    limiter.give_back("k")
    assert [limiter.try_acquire("k") for _ in range(2)] == [True, False]
    clock.advance(3600)
    limiter.give_back("k")  # already full: nothing beyond the burst
    limiter.give_back("never-seen")  # a key with no bucket is full already
    assert [limiter.try_acquire("k") for _ in range(3)] == [True, True, False]
    assert len(limiter) == 1


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
    assert info.value.detail == {"retry_after_ms": 2000, "retry_after": 2}  # seconds, as in Retry-After
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


@pytest.mark.parametrize(("limit", "window_s"), [(0, 60), (5, 0), (5, -1)])
def test_nonsense_windows_are_refused(limit, window_s):
    with pytest.raises(ValueError):
        RateLimiter.per_window(FakeClock(), limit=limit, window_s=window_s)


def test_per_window_allows_the_limit_then_the_same_pace():
    clock = FakeClock()
    limiter = RateLimiter.per_window(clock, limit=5, window_s=900)  # five tries per 15 minutes
    assert [limiter.try_acquire("k") for _ in range(6)] == [True] * 5 + [False]
    clock.advance(179)
    assert limiter.blocked("k")
    clock.advance(1)  # 900 / 5 seconds after the burst: one more
    assert not limiter.blocked("k")
    assert limiter.try_acquire("k") and limiter.blocked("k")
    clock.advance(900)  # a whole quiet window: the whole burst again, never more
    assert [limiter.try_acquire("k") for _ in range(6)] == [True] * 5 + [False]


def test_blocked_asks_without_taking():
    limiter = RateLimiter(FakeClock(), rate=1, burst=2)
    assert not any(limiter.blocked("k") for _ in range(10))
    assert limiter.try_acquire("k") and limiter.try_acquire("k")
    assert limiter.blocked("k") and not limiter.blocked("other")


def test_reset_gives_the_whole_burst_back():
    limiter = RateLimiter(FakeClock(), rate=0.001, burst=2)
    limiter.try_acquire("k")
    limiter.try_acquire("k")
    assert limiter.blocked("k")
    limiter.reset("k")
    assert [limiter.try_acquire("k") for _ in range(3)] == [True, True, False]
    limiter.reset("never-seen")  # nothing to forget: no error


def test_a_flood_of_busy_keys_stays_bounded():
    clock = FakeClock()
    limiter = RateLimiter(clock, rate=0.001, burst=1, prune_above=10, max_keys=100)
    for i in range(1000):  # every key stays empty: pruning alone could drop none
        assert limiter.try_acquire(f"key-{i}")
    assert len(limiter) <= 200
    assert not limiter.try_acquire("key-999")  # the newest keys are still remembered
    assert limiter.try_acquire("key-0")  # the oldest were forgotten
