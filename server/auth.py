"""Signed access tokens (PyJWT, HS256 pinned) and their verification."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import jwt

from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "jti", "sub", "sid", "role", "ver", "typ"]


@dataclass(frozen=True, slots=True)
class AccessClaims:
    account_id: str
    session_id: str
    role: str
    token_version: int
    jti: str
    expires_at: int = 0  # seconds since the epoch: open sockets end then unless renewed


class TokenSigner:
    def __init__(self, secret: str, clock: Clock, *, access_minutes: int = 15):
        if len(secret) < 32:
            raise ValueError("IBASHO_SECRET must be at least 32 characters")
        self._secret = secret
        self._clock = clock
        self.access_ttl = timedelta(minutes=access_minutes)

    def issue_access(self, *, account_id: str, session_id: str, role: str, token_version: int) -> str:
        now = self._clock.now()
        claims = {
            "sub": account_id,
            "sid": session_id,
            "role": role,
            "ver": token_version,
            "typ": "access",
            "jti": new_id(),
            "iat": int(now.timestamp()),
            "exp": int((now + self.access_ttl).timestamp()),
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify_access(self, token: object) -> AccessClaims:
        if not isinstance(token, str) or not token or len(token) > 2048:
            raise DomainError(ErrorCode.TOKEN_INVALID)
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],  # pinned: "none" and RS/HS confusion are refused
                # Expiry is checked below against the injected clock, not PyJWT's wall clock.
                options={"require": REQUIRED_CLAIMS, "verify_iat": False, "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise DomainError(ErrorCode.TOKEN_INVALID) from None
        if claims.get("typ") != "access" or not isinstance(claims.get("ver"), int):
            raise DomainError(ErrorCode.TOKEN_INVALID)
        if not isinstance(claims["exp"], int) or claims["exp"] < self._clock.now().timestamp() - 5:
            raise DomainError(ErrorCode.TOKEN_EXPIRED)
        return AccessClaims(
            account_id=str(claims["sub"]),
            session_id=str(claims["sid"]),
            role=str(claims["role"]),
            token_version=claims["ver"],
            jti=str(claims["jti"]),
            expires_at=claims["exp"],
        )
