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
APPEAL_CLAIMS = ["exp", "iat", "jti", "sub", "san", "typ"]
APPEAL_TTL = timedelta(minutes=30)  # long enough to write an appeal calmly, then gone


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

    def issue_appeal(self, *, account_id: str, sanction_id: str) -> str:
        """A single-purpose token for a suspended or banned person, who has no session: it
        names one sanction and only the appeal route reads it (it is no access token)."""
        now = self._clock.now()
        claims = {"sub": account_id, "san": sanction_id, "typ": "appeal", "jti": new_id(),
                  "iat": int(now.timestamp()), "exp": int((now + APPEAL_TTL).timestamp())}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify_appeal(self, token: object) -> tuple[str, str]:
        """(account_id, sanction_id) of a valid appeal token; TOKEN_INVALID / TOKEN_EXPIRED otherwise."""
        claims = self._decode(token, APPEAL_CLAIMS)
        if claims.get("typ") != "appeal" or not isinstance(claims.get("san"), str):
            raise DomainError(ErrorCode.TOKEN_INVALID)
        self._check_expiry(claims)
        return str(claims["sub"]), claims["san"]

    def _decode(self, token: object, required: list[str]) -> dict:
        if not isinstance(token, str) or not token or len(token) > 2048:
            raise DomainError(ErrorCode.TOKEN_INVALID)
        try:
            return jwt.decode(token, self._secret, algorithms=[ALGORITHM],
                              options={"require": required, "verify_iat": False, "verify_exp": False})
        except jwt.PyJWTError:
            raise DomainError(ErrorCode.TOKEN_INVALID) from None

    def _check_expiry(self, claims: dict) -> None:
        if not isinstance(claims["exp"], int) or claims["exp"] < self._clock.now().timestamp() - 5:
            raise DomainError(ErrorCode.TOKEN_EXPIRED)

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
