"""A sliding-window counter keyed by string. In memory, per process, time from a Clock."""
from __future__ import annotations

from collections import deque

from server.core.clock import Clock


class SlidingWindowLimiter:
    def __init__(self, clock: Clock, *, limit: int, window_s: float, max_keys: int = 100_000):
        self._clock = clock
        self._limit = limit
        self._window = window_s
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def _fresh(self, key: str) -> deque[float]:
        now = self._clock.monotonic()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self._max_keys:
                self._evict(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self._window:
            hits.popleft()
        return hits

    def _evict(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self._window]:
            del self._hits[key]
        if len(self._hits) >= self._max_keys:  # still full: drop the oldest half
            for key in list(self._hits)[: self._max_keys // 2]:
                del self._hits[key]

    def blocked(self, key: str) -> bool:
        return len(self._fresh(key)) >= self._limit

    def hit(self, key: str) -> bool:
        """Count one event; return False (and count nothing) when the key is over its limit."""
        hits = self._fresh(key)
        if len(hits) >= self._limit:
            return False
        hits.append(self._clock.monotonic())
        return True

    def reset(self, key: str) -> None:
        self._hits.pop(key, None)
