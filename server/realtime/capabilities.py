"""Which capability each client event uses, for the sanctions policy checked on every event
(``live_access.LiveAccess.guard``). Events not listed need only a live session (reading,
walking away, leaving, pings, moderators' own tools); listing one here is the whole change
needed for the policy to reach it, on every namespace and on both ways in (the fast path too)."""
from __future__ import annotations

from moderation.sanctions.ladder import Capability

C = Capability
EVENT_CAPABILITIES: dict[tuple[str, str], Capability] = {
    ("/space", "world:move"): C.MOVE,
    ("/space", "emote:send"): C.STAMP,
    ("/space", "zone:say"): C.ZONE_CHAT,
    ("/space", "contact:invite"): C.INVITE,
    ("/space", "contact:accept"): C.CONVERSATION_CHAT,
    ("/space", "chat:say"): C.CONVERSATION_CHAT,
    ("/desk", "desk:knock"): C.DESK,
    ("/desk", "desk:say"): C.DESK,
    ("/consult", "consult:wait"): C.CONSULT,
    ("/consult", "consult:say"): C.CONSULT,
    ("/consult", "consult:voice_offer"): C.CONSULT,
}


def capability_of(namespace: str, event: object) -> Capability | None:
    return EVENT_CAPABILITIES.get((namespace, event)) if isinstance(event, str) else None
