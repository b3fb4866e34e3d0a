"""Moderators in the space (issue 12, item 8): hide a message for everyone while it is still in
the in-memory window, and ask a person to leave a zone (they are moved to the plaza's entrance
and told why, kindly). The transport checks the role and writes the audit log first; seeing
hidden people is the audited look of rooms/visibility.py."""
from __future__ import annotations

from typing import Any

from rooms.chat import ChatMessage
from rooms.space import Space
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Emit, Outcome, ToAccount

HIDDEN_EVENT = "chat:hidden"
ASKED_TO_LEAVE_EVENT = "zone:asked_to_leave"


def _members_of(space: Space, message: ChatMessage) -> tuple[str, ...]:
    kind, _, rest = message.channel.partition(":")
    if kind == "conversation":
        return space.conversations.members(rest)
    instance_id, _, zone_id = rest.partition(":")
    return tuple(space.world.members_of_zone(instance_id, zone_id))


def hide_message(space: Space, message_id: str) -> Outcome[dict[str, Any]]:
    """Out of the window, and ``chat:hidden {id}`` to the channel's members (their clients
    remove it). A message already gone (or never there) is NOT_FOUND: nothing to hide."""
    for log in (space.zone_chat.log, space.conversations.log):
        message = log.remove(message_id)
        if message is not None:
            members = set(_members_of(space, message)) | {message.sender_id}
            value = {"id": message.id, "channel": message.channel, "sender_id": message.sender_id}
            return Outcome(value, tuple(Emit(ToAccount(m), HIDDEN_EVENT, {"id": message.id}) for m in sorted(members)))
    raise DomainError(ErrorCode.NOT_FOUND, field="id")


def where(space: Space, account_id: str) -> dict[str, Any]:
    """The person's zone, for the audit log before anything moves; NOT_FOUND when absent or
    in no zone (there is nothing to leave)."""
    zone = space.world.zone_of(account_id)
    instance_id = space.world.instance_of(account_id)
    if zone is None or instance_id is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="account_id")
    return {"instance_id": instance_id, "zone": zone.id}


def ask_to_leave(space: Space, account_id: str, reason_ja: str, reason_en: str) -> Outcome[dict[str, Any]]:
    """Move the person to a free spot by the entrance of the same plaza (a rejoin in the
    world keeps look, status, hiding and blocks) and tell them why."""
    place = where(space, account_id)
    profile = space.world.profile(account_id)
    space.world.join(
        account_id, nickname=profile.nickname, look_digest=profile.look, status=profile.status,
        hidden=profile.hidden, counts_hidden=profile.counts_hidden, sees_hidden=profile.sees_hidden,
        blocked_ids=space.world.blocks_of(account_id), instance_id=place["instance_id"],
    )
    told = {"zone": place["zone"], "reason_ja": reason_ja, "reason_en": reason_en}
    return Outcome(place, (Emit(ToAccount(account_id), ASKED_TO_LEAVE_EVENT, told),))
