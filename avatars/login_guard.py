"""Slows down passphrase guessing without letting a stranger lock the owner out.

Failures are counted per client and per account-and-client: only the client that guesses
is made to wait, so the owner logging in from elsewhere is never refused. Across all
clients, an account that keeps failing is only slowed down (a short delay before each
attempt), never blocked: a many-address attack gets fewer guesses per second, the owner
still gets in a moment later. A success forgets that client's failures on that account.
"""
from __future__ import annotations

import math

from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ratelimit import RateLimiter


class LoginGuard:
    def __init__(
        self,
        clock: Clock,
        *,
        per_pair: int = 5,
        per_client: int = 20,
        per_account: int = 30,
        window_s: float = 900,
        account_delay_s: float = 1.0,
    ):
        self._pairs = RateLimiter.per_window(clock, limit=per_pair, window_s=window_s)
        self._clients = RateLimiter.per_window(clock, limit=per_client, window_s=window_s)
        self._accounts = RateLimiter.per_window(clock, limit=per_account, window_s=window_s)
        self.account_delay_s = account_delay_s

    @staticmethod
    def _pair(login_name: str, client_key: str) -> str:
        return f"{client_key}\x00{login_name}"

    def check(self, login_name: str, client_key: str) -> float:
        """Refuse this client for now (TOO_MANY_ATTEMPTS with ``retry_after`` seconds), or
        return how long to wait before checking the passphrase (0 unless the account is hot)."""
        wait = max(self._clients.retry_after(client_key), self._pairs.retry_after(self._pair(login_name, client_key)))
        if wait > 0:
            raise DomainError(ErrorCode.TOO_MANY_ATTEMPTS, detail={"retry_after": max(1, math.ceil(wait))})
        return self.account_delay_s if self._accounts.blocked(login_name) else 0.0

    def failed(self, login_name: str, client_key: str) -> None:
        self._pairs.try_acquire(self._pair(login_name, client_key))
        self._clients.try_acquire(client_key)
        self._accounts.try_acquire(login_name)

    def succeeded(self, login_name: str, client_key: str) -> None:
        self._pairs.reset(self._pair(login_name, client_key))
