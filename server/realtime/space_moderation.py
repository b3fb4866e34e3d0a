"""The /space events of moderators in the space: ``moderation:hide_message`` and
``moderation:ask_leave``. The role is checked on every call (a demoted moderator's next event is
refused), the act is written to the audit log (before the world changes, for asking to leave), and the emits go
out after the commit."""
from __future__ import annotations

from typing import TYPE_CHECKING

from moderation import audit
from rooms import space_moderation
from server import keys
from server.core import text
from server.core.errors import DomainError, ErrorCode
from server.core.policy import MODERATION_ROLES, require_role
from server.core.principal import Principal
from server.realtime.space_payloads import AskLeavePayload, HideMessagePayload

if TYPE_CHECKING:
    from server.realtime.space import SpaceNamespace


async def hide_message(ns: "SpaceNamespace", principal: Principal, p: HideMessagePayload) -> dict:
    require_role(principal, MODERATION_ROLES)  # also declared in client_events.py: checked twice, cheaply
    account_id = principal.account_id
    reason = text.clean(text.MODERATION_REASON, p.reason, field="reason", optional=True)
    # Out of the window first (so two moderators cannot both hide it); if the log then
    # fails, the event fails and nobody is told, but the message stays out of any report.
    outcome = space_moderation.hide_message(ns.space, p.message_id)
    async with ns.app[keys.DB_SESSIONS].begin() as db:
        await audit.record(db, ns.app[keys.CLOCK], actor_id=account_id, action="space.hide_message",
                           target=p.message_id, detail={**outcome.value, "reason": reason})
    await ns._send(outcome.emits)
    return {"id": p.message_id}


async def ask_leave(ns: "SpaceNamespace", principal: Principal, p: AskLeavePayload) -> dict:
    require_role(principal, MODERATION_ROLES)
    account_id = principal.account_id
    reason_ja = text.required(text.MODERATION_REASON, p.reason_ja, field="reason_ja")
    reason_en = text.clean(text.MODERATION_REASON, p.reason_en, field="reason_en", optional=True) or reason_ja
    if p.account_id == account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "self"})
    place = space_moderation.where(ns.space, p.account_id)
    async with ns.app[keys.DB_SESSIONS].begin() as db:
        await audit.record(db, ns.app[keys.CLOCK], actor_id=account_id, action="space.ask_leave",
                           target=p.account_id, detail={**place, "reason": reason_ja})
    outcome = space_moderation.ask_to_leave(ns.space, p.account_id, reason_ja, reason_en)
    await ns._send(outcome.emits)
    target_sid = ns.connections.sid_of.get(p.account_id)
    if target_sid is not None:
        await ns.emit("world:snapshot", ns._snapshot_payload(p.account_id), to=target_sid)
    return {"account_id": p.account_id}
