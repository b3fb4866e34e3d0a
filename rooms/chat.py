"""Typed words: text validation, a short-lived memory of recent messages, and zone chat.

Messages are never written to disk. ``ChatLog`` keeps only the last few minutes per
channel so that a report can carry the context it was about; after that they are gone.
"""
from __future__ import annotations

import unicodedata
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rooms.presence import ContactFacts
from server.core.ratelimit import RateLimiter
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount

MAX_TEXT_LENGTH = 500

ZONE_MESSAGE = "chat:zone_message"

# Bidi embedding/override/isolate controls can make text read differently from how it
# was written (e.g. hide a URL's real direction), so they are refused outright.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _is_forbidden(ch: str) -> bool:
    code = ord(ch)
    return (
        code <= 0x1F
        or 0x7F <= code <= 0x9F
        or ch in _BIDI_CONTROLS
        or 0xD800 <= code <= 0xDFFF  # lone surrogates break encoding further down the line
    )


def validate_text(text: object) -> str:
    """Return the message text stripped of surrounding whitespace, or refuse with INVALID.

    Rules: a str; 1..MAX_TEXT_LENGTH characters after stripping; no control characters
    (C0, DEL, C1; newlines and tabs included) and no bidi override/isolate characters.
    """
    if not isinstance(text, str):
        raise DomainError(ErrorCode.INVALID, field="text", detail={"reason": "not_text"})
    stripped = text.strip()
    if not stripped:
        raise DomainError(ErrorCode.INVALID, field="text", detail={"reason": "empty"})
    if len(stripped) > MAX_TEXT_LENGTH:
        raise DomainError(
            ErrorCode.INVALID, field="text", detail={"reason": "too_long", "max_length": MAX_TEXT_LENGTH}
        )
    if any(_is_forbidden(ch) for ch in stripped):
        raise DomainError(ErrorCode.INVALID, field="text", detail={"reason": "forbidden_character"})
    # NFC so the same words typed on different keyboards compare and filter alike.
    return unicodedata.normalize("NFC", stripped)


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def zone_channel(map_instance: str, zone: str) -> str:
    return f"zone:{map_instance}:{zone}"


@dataclass(frozen=True, slots=True)
class ChatMessage:
    id: str
    channel: str
    sender_id: str
    sender_nickname: str
    text: str
    sent_at_ms: int

    def payload(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sender_id": self.sender_id,
            "sender_nickname": self.sender_nickname,
            "text": self.text,
            "sent_at": self.sent_at_ms,
        }


class ChatLog:
    """Recent messages per channel, kept at most ``window_seconds`` and ``max_per_channel``."""

    def __init__(self, *, window_seconds: float = 600.0, max_per_channel: int = 200):
        if window_seconds <= 0 or max_per_channel < 1:
            raise ValueError("window_seconds must be > 0 and max_per_channel >= 1")
        self._window_ms = int(window_seconds * 1000)
        self._max = max_per_channel
        self._channels: dict[str, deque[ChatMessage]] = {}

    def append(self, message: ChatMessage) -> None:
        ring = self._channels.get(message.channel)
        if ring is None:
            ring = self._channels[message.channel] = deque(maxlen=self._max)
        ring.append(message)
        self._purge_channel(message.channel, message.sent_at_ms - self._window_ms)

    def recent(self, channel: str, now: datetime) -> list[ChatMessage]:
        """Messages of ``channel`` still inside the window, oldest first."""
        self._purge_channel(channel, to_ms(now) - self._window_ms)
        return list(self._channels.get(channel, ()))

    def purge(self, now: datetime) -> int:
        """Drop every message older than the window; returns how many were dropped."""
        cutoff = to_ms(now) - self._window_ms
        return sum(self._purge_channel(channel, cutoff) for channel in list(self._channels))

    def _purge_channel(self, channel: str, cutoff_ms: int) -> int:
        ring = self._channels.get(channel)
        if ring is None:
            return 0
        dropped = 0
        while ring and ring[0].sent_at_ms <= cutoff_ms:
            ring.popleft()
            dropped += 1
        if not ring:
            del self._channels[channel]
        return dropped

    def channel_count(self) -> int:
        return len(self._channels)


def say_rate_limiter(clock: Clock) -> RateLimiter:
    """Default chat budget: 5 messages in a row, then one every 2 s (5 per 10 s)."""
    return RateLimiter(clock, rate=0.5, burst=5)


class ZoneChat:
    """Typing to everyone standing in the same zone, where the zone allows it."""

    def __init__(self, clock: Clock, *, limiter: RateLimiter | None = None, log: ChatLog | None = None):
        self._clock = clock
        self._limiter = say_rate_limiter(clock) if limiter is None else limiter
        self.log = ChatLog() if log is None else log

    def say(self, sender_id: str, text: object, facts: ContactFacts) -> Outcome[dict[str, Any]]:
        """The zone is where the sender stands (from ``facts``), so nobody speaks into a
        zone they are not in. Recipients: people of that zone who can see the sender."""
        sender = facts.person(sender_id)
        if sender is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="sender")
        place = sender.place
        if not place.chat_allowed:
            raise DomainError(ErrorCode.NOT_ALLOWED_HERE)
        clean = validate_text(text)
        self._limiter.acquire(f"say:{sender_id}")
        message = ChatMessage(
            id=new_id(),
            channel=zone_channel(place.map_instance, place.zone),
            sender_id=sender_id,
            sender_nickname=sender.nickname,
            text=clean,
            sent_at_ms=to_ms(self._clock.now()),
        )
        self.log.append(message)
        data = {"map_instance": place.map_instance, "zone": place.zone, **message.payload()}
        emits = tuple(
            Emit(ToAccount(p.account_id), ZONE_MESSAGE, data)
            for p in facts.audience_of(sender_id)
            if p.place.map_instance == place.map_instance and p.place.zone == place.zone
        )
        return Outcome(data, emits)
