"""A token bucket per key, with time from an injected clock.

Each key may act ``burst`` times in a row, then regains one action every ``1 / rate``
seconds. Buckets that have refilled completely hold no information, so ``prune`` drops
them; that keeps memory bounded by the number of recently active keys.
"""
from __future__ import annotations

import math

from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode


class RateLimiter:
    def __init__(self, clock: Clock, *, rate: float, burst: int, prune_above: int = 10_000):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self._clock = clock
        self._rate = float(rate)
        self._burst = float(burst)
        self._prune_above = prune_above
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at monotonic)

    def _tokens(self, key: str, now: float) -> float:
        held = self._buckets.get(key)
        if held is None:
            return self._burst
        tokens, at = held
        return min(self._burst, tokens + (now - at) * self._rate)

    def try_acquire(self, key: str) -> bool:
        """Take one token if there is one; False means "not now"."""
        now = self._clock.monotonic()
        tokens = self._tokens(key, now)
        if tokens < 1.0:
            return False
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > self._prune_above:
            self.prune()
        return True

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may act again (0 when it may act now)."""
        tokens = self._tokens(key, self._clock.monotonic())
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self._rate

    def acquire(self, key: str) -> None:
        """Take one token or refuse with RATE_LIMITED (with a hint for when to retry)."""
        if not self.try_acquire(key):
            wait_ms = math.ceil(self.retry_after(key) * 1000)
            raise DomainError(ErrorCode.RATE_LIMITED, detail={"retry_after_ms": wait_ms})

    def prune(self) -> int:
        """Forget buckets that are full again; returns how many were dropped."""
        now = self._clock.monotonic()
        full = [k for k in self._buckets if self._tokens(k, now) >= self._burst]
        for key in full:
            del self._buckets[key]
        return len(full)

    def __len__(self) -> int:
        return len(self._buckets)
