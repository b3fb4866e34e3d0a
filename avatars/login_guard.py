"""Slows down passphrase guessing: failures are counted per account and per client."""
from __future__ import annotations

from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ratelimit import RateLimiter


class LoginGuard:
    def __init__(self, clock: Clock, *, per_account: int = 5, per_client: int = 20, window_s: float = 900):
        self._accounts = RateLimiter.per_window(clock, limit=per_account, window_s=window_s)
        self._clients = RateLimiter.per_window(clock, limit=per_client, window_s=window_s)

    def check(self, login_name: str, client_key: str) -> None:
        if self._accounts.blocked(login_name) or self._clients.blocked(client_key):
            raise DomainError(ErrorCode.RATE_LIMITED)

    def failed(self, login_name: str, client_key: str) -> None:
        self._accounts.try_acquire(login_name)
        self._clients.try_acquire(client_key)

    def succeeded(self, login_name: str) -> None:
        self._accounts.reset(login_name)
