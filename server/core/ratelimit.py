"""The one rate limiter: a token bucket per key, with time from an injected clock.

Each key may act ``burst`` times in a row, then regains one action every ``1 / rate``
seconds. ``per_window(limit, window_s)`` reads as "at most ``limit`` in ``window_s``": a burst
of ``limit``, then the same average pace (unlike a sliding window, a key that used its burst
gets single actions back steadily instead of all at once when the window ends).

Buckets that have refilled completely hold no information, so they are dropped once there
are more than ``prune_above`` keys (and, while many keys stay busy, each time the table has
doubled); if a flood of fresh keys keeps them all busy, the oldest half is forgotten beyond
``max_keys``, which keeps memory bounded whatever comes in.
"""
from __future__ import annotations

import math

from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode


class RateLimiter:
    def __init__(self, clock: Clock, *, rate: float, burst: int, prune_above: int = 10_000,
                 max_keys: int = 100_000):
        if rate <= 0 or burst < 1 or prune_above < 1 or max_keys < 2:
            raise ValueError("rate must be > 0, burst >= 1 and the key limits positive")
        self._clock = clock
        self._rate = float(rate)
        self._burst = float(burst)
        self._prune_above = prune_above
        self._max_keys = max_keys
        self._next_prune = prune_above  # the size at which buckets are swept again
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at monotonic)

    @classmethod
    def per_window(cls, clock: Clock, *, limit: int, window_s: float, **limits: int) -> RateLimiter:
        """At most ``limit`` actions in any ``window_s`` seconds, on average after the burst."""
        if limit < 1 or window_s <= 0:
            raise ValueError("limit must be >= 1 and window_s > 0")
        return cls(clock, rate=limit / window_s, burst=limit, **limits)

    def _tokens(self, key: str, now: float) -> float:
        held = self._buckets.get(key)
        if held is None:
            return self._burst
        tokens, at = held
        return min(self._burst, tokens + (now - at) * self._rate)

    def try_acquire(self, key: str) -> bool:
        """Take one token if there is one; False means "not now" (and nothing is taken)."""
        now = self._clock.monotonic()
        tokens = self._tokens(key, now)
        if tokens < 1.0:
            return False
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > self._next_prune:
            self.prune()
        return True

    def blocked(self, key: str) -> bool:
        """Whether ``key`` would be refused now (nothing is taken)."""
        return self._tokens(key, self._clock.monotonic()) < 1.0

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may act again (0 when it may act now)."""
        tokens = self._tokens(key, self._clock.monotonic())
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self._rate

    def acquire(self, key: str) -> None:
        """Take one token or refuse with RATE_LIMITED (with a hint for when to retry)."""
        if not self.try_acquire(key):
            wait = self.retry_after(key)
            detail = {"retry_after_ms": math.ceil(wait * 1000), "retry_after": max(1, math.ceil(wait))}
            raise DomainError(ErrorCode.RATE_LIMITED, detail=detail)

    def give_back(self, key: str) -> None:
        """Return one token taken for an action that did not happen after all. Taking first
        and giving back on failure keeps a burst from slipping past a check made before
        slow work (every request of the burst would pass the check before any took)."""
        held = self._buckets.get(key)
        if held is not None:
            tokens, at = held
            self._buckets[key] = (min(self._burst, tokens + 1.0), at)

    def reset(self, key: str) -> None:
        """Give ``key`` its whole burst back (a login that succeeded, say)."""
        self._buckets.pop(key, None)

    def prune(self) -> int:
        """Forget buckets that are full again (and, past ``max_keys``, the oldest half);
        returns how many were dropped."""
        now = self._clock.monotonic()
        full = [k for k in self._buckets if self._tokens(k, now) >= self._burst]
        for key in full:
            del self._buckets[key]
        dropped = len(full)
        if len(self._buckets) > self._max_keys:
            oldest = list(self._buckets)[: len(self._buckets) // 2]
            for key in oldest:
                del self._buckets[key]
            dropped += len(oldest)
        # Many busy keys: sweep again only once the table has doubled, not on every action.
        self._next_prune = max(self._prune_above, 2 * len(self._buckets))
        return dropped

    def __len__(self) -> int:
        return len(self._buckets)
