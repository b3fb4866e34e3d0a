"""One live session's record, what it hands over when it closes, and who sits in its voice.

Kept apart from ``live`` (the use cases) and ``views`` (what each seat sees) so that each
can be read alone. The session id is the booking id.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from rooms.chat import ChatMessage
from rooms.live_consultations.rules import BookingFacts, Phase
from server.core.clock import Clock
from server.core.ratelimit import RateLimiter


@dataclass(frozen=True, slots=True)
class Colleague:
    account_id: str
    nickname: str
    profession: str | None = None


@dataclass(eq=False)
class Session:
    facts: BookingFacts
    phase: Phase
    arrived_at: datetime
    knocked_at: datetime
    seen_at: datetime | None = None
    admitted_at: datetime | None = None
    person_present: bool = True
    colleague: Colleague | None = None
    consented: bool = False
    messages: deque[ChatMessage] = field(default_factory=deque)

    @property
    def id(self) -> str:
        return self.facts.booking_id

    @property
    def colleague_id(self) -> str | None:
        """The colleague's id only while the person has consented: that is their seat."""
        return self.colleague.account_id if self.colleague is not None and self.consented else None


@dataclass(frozen=True, slots=True)
class Closed:
    """An admitted room that closed: what completing its booking needs. ``by`` is the seat
    that ended it ("person", "specialist") or "time"; ``ack`` answers the one who ended it."""

    facts: BookingFacts
    admitted_at: datetime
    by: str
    ack: dict


@dataclass(frozen=True, slots=True)
class VoiceSeats:
    """Who may use a session's voice now: the one source the voice rooms follow. No
    participants: the room is closed (or not open yet) and its voice must be off."""

    session_id: str
    participants: frozenset[str]

    @property
    def capacity(self) -> int:
        return max(2, len(self.participants))


def session_channel(session_id: str) -> str:
    return f"consult:{session_id}"


def knock_rate_limiter(clock: Clock) -> RateLimiter:
    """Leaving and coming back knocks again; after three in a row, once a minute at most,
    so the specialist's alert is not rung over and over (the person still waits)."""
    return RateLimiter(clock, rate=1 / 60, burst=3)


def voice_offer_limiter(clock: Clock) -> RateLimiter:
    """Each offer opens a server-side peer connection: a few in a row (voice on, off, on
    again, a reload), then one every five seconds."""
    return RateLimiter(clock, rate=0.2, burst=5)
