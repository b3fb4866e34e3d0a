"""TURN credentials that expire: coturn's shared-secret scheme (the "TURN REST API").

coturn runs with ``--use-auth-secret --static-auth-secret=SECRET``. A username is
``<unix expiry>:<anything>`` and its password ``base64(HMAC-SHA1(SECRET, username))``; coturn
recomputes the password and refuses a username whose expiry has passed (at allocation and at
every refresh). So the server hands out a fresh pair per participant, for as long as what the
person is seated in lasts, and nothing static ever reaches a browser: a leaked pair is a relay
for one person until that room closes, not an open relay for everyone for ever.

The opaque part is random: coturn's logs name neither the person nor the room.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.settings import Settings

TURN_URL = re.compile(r"^turns?:[^\s?]+(\?transport=(udp|tcp))?$")
MIN_TTL_SECONDS = 60
MAX_TTL_SECONDS = 24 * 3600


def public_ice_servers(entries: Sequence[Mapping]) -> list[dict]:
    """What anyone signed in may see: the URLs of the STUN entries. The settings already
    refuse relays and credentials in that list; this is the last guard before it leaves."""
    public = []
    for entry in entries:
        urls = [entry["urls"]] if isinstance(entry["urls"], str) else list(entry["urls"])
        if not any(u.startswith(("turn:", "turns:")) for u in urls):
            public.append({"urls": entry["urls"]})
    return public


def turn_password(secret: str, username: str) -> str:
    """coturn's formula for ``--use-auth-secret``."""
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class TurnConfig:
    urls: tuple[str, ...]
    secret: str = field(repr=False)
    ttl_seconds: int = 7200

    def __post_init__(self) -> None:
        if not self.urls or not all(isinstance(u, str) and TURN_URL.match(u) for u in self.urls):
            raise ValueError("IBASHO_TURN_URLS needs turn: or turns: URLs")
        if not self.secret:
            raise ValueError("IBASHO_TURN_SECRET must not be empty")
        if not MIN_TTL_SECONDS <= self.ttl_seconds <= MAX_TTL_SECONDS:
            raise ValueError(f"IBASHO_TURN_TTL_SECONDS must be {MIN_TTL_SECONDS}..{MAX_TTL_SECONDS}")

    @classmethod
    def from_settings(cls, settings: "Settings") -> "TurnConfig | None":
        """None when no relay is configured; ValueError when only half of one is."""
        if not settings.turn_urls and not settings.turn_secret:
            return None
        if not settings.turn_urls or not settings.turn_secret:
            raise ValueError("set both IBASHO_TURN_URLS and IBASHO_TURN_SECRET (or neither)")
        return cls(urls=tuple(settings.turn_urls), secret=settings.turn_secret, ttl_seconds=settings.turn_ttl_seconds)


@dataclass(frozen=True)
class Seated:
    """What a person is seated in (a consultation's room now, an event's later), as far as
    TURN cares: the caller has checked the seat; ``until`` is when that room's voice ends."""

    room_id: str
    until: datetime


@dataclass(frozen=True)
class TurnCredentials:
    urls: tuple[str, ...]
    username: str
    credential: str = field(repr=False)
    expires_at: datetime

    def ice_server(self) -> dict:
        """As an RTCIceServer dict for a browser's RTCPeerConnection."""
        return {"urls": list(self.urls), "username": self.username, "credential": self.credential}


def mint(config: TurnConfig, seated: Seated, now: datetime) -> TurnCredentials:
    """A fresh pair for one participant: valid for the TTL, never past ``seated.until``."""
    expires_at = min(now + timedelta(seconds=config.ttl_seconds), seated.until)
    expiry = int(expires_at.timestamp())  # whole seconds, rounded down: never past the end
    if expiry <= now.timestamp():
        raise ValueError("nothing to mint: the room's voice has ended")
    username = f"{expiry}:{secrets.token_urlsafe(12)}"
    return TurnCredentials(
        urls=config.urls, username=username, credential=turn_password(config.secret, username),
        expires_at=datetime.fromtimestamp(expiry, tz=now.tzinfo),
    )
