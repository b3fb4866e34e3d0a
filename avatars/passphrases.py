"""Passphrase and recovery-code hashing with argon2id, off the event loop."""
from __future__ import annotations

import asyncio
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server.core.errors import DomainError, ErrorCode

MIN_LENGTH, MAX_LENGTH = 8, 128
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


class PassphraseHasher:
    def __init__(self, *, time_cost: int = 2, memory_cost: int = 19_456):
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1)

    def hash(self, secret: str) -> str:
        return self._hasher.hash(secret)

    def verify(self, hashed: str | None, secret: str) -> bool:
        if not hashed:
            # Spend the same effort as a real check so timing does not tell whether an account exists.
            self._hasher.hash(secret)
            return False
        try:
            return self._hasher.verify(hashed, secret)
        except (VerificationError, InvalidHashError):
            return False


def _yield_cpu() -> None:
    """Hashing threads run at a lower priority (Linux nices each thread): on a busy core the
    event loop, which answers everyone else, is scheduled first."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not permitted: equal priority still works
        pass


class HashPool:
    """Runs argon2id in worker threads (argon2-cffi releases the GIL), at most ``workers``
    at a time. Past ``queue`` waiting callers the pool answers BUSY at once instead of letting
    a burst pile up: a flood of logins costs the flood, not everyone else's latency."""

    def __init__(self, hasher: PassphraseHasher, *, workers: int = 2, queue: int = 10):
        self._hasher = hasher
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2", initializer=_yield_cpu)
        self._slots = asyncio.Semaphore(workers)
        self._admitted = 0
        self._limit = workers + queue

    async def _run(self, fn, *args):
        if self._admitted >= self._limit:
            raise DomainError(ErrorCode.BUSY, detail={"retry_after": 1})
        self._admitted += 1
        try:
            async with self._slots:
                return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        finally:
            self._admitted -= 1

    async def hash(self, secret: str) -> str:
        return await self._run(self._hasher.hash, secret)

    async def hash_all(self, *secrets_: str) -> list[str]:
        """Several hashes under one admission: a request is refused BUSY before any work, never
        half-way through."""
        return await self._run(lambda: [self._hasher.hash(s) for s in secrets_])

    async def verify(self, hashed: str | None, secret: str) -> bool:
        return await self._run(self._hasher.verify, hashed, secret)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def validate_passphrase(raw: object) -> str:
    if not isinstance(raw, str) or not MIN_LENGTH <= len(raw) <= MAX_LENGTH:
        raise DomainError(ErrorCode.PASSPHRASE_WEAK, field="passphrase")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        raise DomainError(ErrorCode.PASSPHRASE_WEAK, field="passphrase")
    return raw


def new_recovery_code() -> str:
    """16 characters in 4 groups, e.g. ``K7QF-2MZX-P9HD-4WTA``: shown once, stored hashed."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_recovery_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))
