"""Typed words: text validation, a short-lived memory of recent messages, and zone chat.

Messages are never written to disk. ``ChatLog`` keeps only the last few minutes per
channel so that a report can carry the context it was about; after that they are gone.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rooms.presence import ContactFacts
from server.core import text as text_rules
from server.core.ratelimit import RateLimiter
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount

MAX_TEXT_LENGTH = text_rules.CHAT.max_length

ZONE_MESSAGE = "chat:zone_message"


def validate_text(text: object) -> str:
    """A chat line as stored: the ``chat`` kind of ``server.core.text`` (single line, NFC,
    1..MAX_TEXT_LENGTH characters, no control, bidi or zero-width characters)."""
    return text_rules.required(text_rules.CHAT, text, field="text")


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

    def remove(self, message_id: str) -> ChatMessage | None:
        """Take one message out of the window (a moderator hid it); None when it is gone."""
        for ring in self._channels.values():
            for message in ring:
                if message.id == message_id:
                    ring.remove(message)
                    return message
        return None

    def find(self, message_id: str, now: datetime) -> tuple[str, list[ChatMessage]] | None:
        """The channel holding ``message_id`` and its messages still inside the window (what a
        report's context snapshot is cut from); None once the message has left the window."""
        for channel in list(self._channels):
            messages = self.recent(channel, now)
            if any(m.id == message_id for m in messages):
                return channel, messages
        return None

    def by_sender(self, sender_id: str, now: datetime, *, prefix: str = "") -> list[ChatMessage]:
        """What ``sender_id`` said in channels starting with ``prefix`` still inside the window."""
        found = [m for channel in list(self._channels) if channel.startswith(prefix)
                 for m in self.recent(channel, now) if m.sender_id == sender_id]
        return sorted(found, key=lambda m: m.sent_at_ms)

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
