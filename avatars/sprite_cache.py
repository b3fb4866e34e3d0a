"""Keep recently drawn sprite sheets in memory, keyed by the look's digest.

Many people share a look (and generated guests reuse the same parts), so drawing each look
once and serving the bytes afterwards saves work. Least recently used sheets leave first.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

from avatars.parts import AvatarLook
from avatars.sprites import compose_sprite_sheet


class SpriteCache:
    """An LRU cache from ``look.digest()`` to PNG bytes.

    Safe to share between the event loop and worker threads: the lock only guards the
    dictionary; drawing happens outside it (two threads may draw the same look once each,
    which is harmless because the result is identical).
    """

    def __init__(self, max_entries: int = 512, compose: Callable[[AvatarLook], bytes] = compose_sprite_sheet):
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValueError("max_entries must be a positive integer")
        self._max = max_entries
        self._compose = compose
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def cached(self, look: AvatarLook) -> tuple[str, bytes] | None:
        """(digest, png) when ``look`` is already drawn (counts as a hit), else None."""
        digest = look.digest()
        with self._lock:
            png = self._entries.get(digest)
            if png is None:
                return None
            self._entries.move_to_end(digest)
            self.hits += 1
            return digest, png

    def get_or_compose(self, look: AvatarLook) -> tuple[str, bytes]:
        """(digest, png) for ``look``, drawing it only when it is not cached."""
        found = self.cached(look)
        if found is not None:
            return found
        digest = look.digest()
        with self._lock:
            self.misses += 1
        png = self._compose(look)
        with self._lock:
            # another thread may have stored it meanwhile; keep the first copy
            png = self._entries.setdefault(digest, png)
            self._entries.move_to_end(digest)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return digest, png

    def get(self, digest: str) -> bytes | None:
        """Cached bytes for a digest (e.g. from a sprite URL), or None. Counts as a use."""
        with self._lock:
            png = self._entries.get(digest)
            if png is not None:
                self._entries.move_to_end(digest)
            return png

    def __contains__(self, digest: object) -> bool:
        with self._lock:
            return digest in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @property
    def max_entries(self) -> int:
        return self._max
