"""Stamps: the wordless step on the ladder (look around -> stamp -> type -> speak).

A stamp asks nothing of anyone, so it needs no consent; it is shown to the people around
the sender. Aiming it at someone is gentler than an invitation but still a nudge, so the
target must be visible, not in "do not disturb", and not resting in a no-requests zone.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from rooms.chat import to_ms
from rooms.presence import ContactFacts, Status
from server.core.ratelimit import RateLimiter
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Emit, Outcome, ToAccount

EMOTE_SHOWN = "emote:shown"


@dataclass(frozen=True, slots=True)
class Emote:
    id: str
    ja: str
    en: str
    symbol: str  # a shape key the client draws itself (no emoji: they render differently everywhere)

    def payload(self) -> dict[str, str]:
        return {"id": self.id, "ja": self.ja, "en": self.en, "symbol": self.symbol}


CATALOGUE: tuple[Emote, ...] = (
    Emote("wave", "手をふる", "Wave", "hand"),
    Emote("nod", "うなずく", "Nod", "check"),
    Emote("thanks", "ありがとう", "Thank you", "heart"),
    Emote("smile", "にっこり", "Smile", "smile"),
    Emote("clap", "拍手", "Clap", "sparkle"),
    Emote("just_here", "ここにいるだけで大丈夫", "I'm fine just being here", "leaf"),
    Emote("sleepy", "ねむい", "Sleepy", "moon"),
    Emote("cheer", "応援してるよ", "Rooting for you", "star"),
    Emote("tea", "お茶どうぞ", "Have some tea", "cup"),
    Emote("see_you", "またね", "See you", "door"),
)

EMOTES_BY_ID: Mapping[str, Emote] = MappingProxyType({e.id: e for e in CATALOGUE})


def catalogue_payload() -> list[dict[str, str]]:
    return [e.payload() for e in CATALOGUE]


def check_emote(sender_id: str, emote_id: object, target_id: object, facts: ContactFacts) -> Emote:
    """Return the emote if the sender may show it now; refuse otherwise.

    - unknown emote, or a target that is not an id or is the sender: INVALID
    - the sender blocked the target: BLOCKED (the sender knows their own block; the
      transport tells the target nothing)
    - the target is absent, in another map, or blocked the sender: NOT_FOUND, one answer
      for all three so a block never shows
    - the target rests in a no-requests zone: NOT_ALLOWED_HERE; is in "dnd": NOT_ACCEPTING
    """
    emote = EMOTES_BY_ID.get(emote_id) if isinstance(emote_id, str) else None
    if emote is None:
        raise DomainError(ErrorCode.INVALID, field="emote")
    if facts.person(sender_id) is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="sender")
    if target_id is None:
        return emote
    if not isinstance(target_id, str) or target_id == sender_id:
        raise DomainError(ErrorCode.INVALID, field="target")
    if facts.has_blocked(sender_id, target_id):
        raise DomainError(ErrorCode.BLOCKED, field="target")
    target = facts.person(target_id)
    if target is None or not facts.can_see(sender_id, target_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="target")
    if not target.place.requests_allowed:
        raise DomainError(ErrorCode.NOT_ALLOWED_HERE, field="target")
    if target.status is Status.DND:
        raise DomainError(ErrorCode.NOT_ACCEPTING, field="target")
    return emote


def emote_rate_limiter(clock: Clock) -> RateLimiter:
    """Default stamp budget: 3 in a row, then one per second."""
    return RateLimiter(clock, rate=1.0, burst=3)


class Emotes:
    def __init__(self, clock: Clock, *, limiter: RateLimiter | None = None):
        self._clock = clock
        self._limiter = emote_rate_limiter(clock) if limiter is None else limiter

    def send(
        self, sender_id: str, emote_id: object, target_id: object, facts: ContactFacts
    ) -> Outcome[dict[str, Any]]:
        """Show a stamp to everyone in ``facts`` who can see the sender (sender included).

        Rate limited first, so repeated tries can't probe who is around.
        """
        self._limiter.acquire(f"emote:{sender_id}")
        emote = check_emote(sender_id, emote_id, target_id, facts)
        data = {"emote": emote.id, "from": sender_id, "to": target_id, "at": to_ms(self._clock.now())}
        emits = tuple(Emit(ToAccount(p.account_id), EMOTE_SHOWN, data) for p in facts.audience_of(sender_id))
        return Outcome(data, emits)
