"""Signed "where I was" hints, so a reconnect after a server restart resumes at the same place.

The server hands each client a short token naming its last confirmed place; the client gives
it back when it reconnects. Signing it means a reconnect can never be used to teleport.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json

from server.core.clock import Clock


class ResumeSigner:
    def __init__(self, secret: str, clock: Clock, *, ttl_seconds: int):
        self._key = hashlib.sha256(b"ibasho-resume:" + secret.encode()).digest()
        self._clock = clock
        self._ttl = ttl_seconds

    def sign(self, account_id: str, instance_id: str, x: float, y: float) -> str:
        exp = int(self._clock.now().timestamp()) + self._ttl
        body = json.dumps([account_id, instance_id, round(x, 1), round(y, 1), exp], separators=(",", ":")).encode()
        mac = hmac.digest(self._key, body, "sha256")[:16]  # the one-shot C path
        return base64.urlsafe_b64encode(body).decode().rstrip("=") + "." + base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def verify(self, token: object, account_id: str) -> tuple[str, float, float] | None:
        """(instance_id, x, y) when the token is genuine, fresh and this account's; else None."""
        if not isinstance(token, str) or len(token) > 400 or "." not in token:
            return None
        body_b64, mac_b64 = token.split(".", 1)
        try:
            body = base64.urlsafe_b64decode(body_b64 + "=" * (-len(body_b64) % 4))
            mac = base64.urlsafe_b64decode(mac_b64 + "=" * (-len(mac_b64) % 4))
            expected = hmac.digest(self._key, body, "sha256")[:16]
            if not hmac.compare_digest(mac, expected):
                return None
            owner, instance_id, x, y, exp = json.loads(body)
        except (ValueError, TypeError):
            return None
        if owner != account_id or exp < self._clock.now().timestamp():
            return None
        return str(instance_id), float(x), float(y)
