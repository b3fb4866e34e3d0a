"""Every client-to-server event, declared once: its name, the namespace it is sent on, the
payload model it is parsed into, the namespace's handler, and the roles that may send it.

The namespaces dispatch from this table and from nothing else (server/realtime/member_namespace.py:
an event that is not here is answered ``UNKNOWN_EVENT``), docs/PROTOCOL.md is checked against
it (tests/unit/test_event_registry.py), and the socket fuzz layer and the authorisation matrix
read their event lists from it, so a new event cannot escape them.

A new event is one row here plus its handler, a method of the namespace
``async def _name(self, principal, payload) -> ack data`` (a domain refusal is raised as
``DomainError`` and answered by the shell). Then: a row in docs/PROTOCOL.md, a payload in
tests/integration/authz_events.py and a row in tests/integration/authz_table.py.

``roles``: who may send it, checked by the shell on every event once the payload parsed,
before the handler runs (``FORBIDDEN`` for anyone else; a bad payload is ``INVALID`` whoever
sends it); None means anyone connected, the domain deciding the rest (e.g. whose chat it
is). The domain still checks its own rules behind it.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from rooms.desk.policy import DESK_ROLES
from rooms.visibility import REVEAL_ROLES
from server.core.delivery import CONSULT, DESK, EVENT, SPACE
from server.core.policy import CONSULTANT_ROLES, MODERATION_ROLES
from server.core.principal import Role
from server.realtime.consult_payloads import (
    ConsentPayload, ConsultSayPayload, InvitePayload as ConsultInvitePayload, MutePayload, OfferPayload,
    SessionPayload, StatusPayload as ConsultStatusPayload,
)
from server.realtime.event_payloads import (
    AnswerPayload, AskPayload, ChatModePayload, EnterPayload, EventSayPayload, HandPayload, LockPayload, MicPayload,
    Occurrence, OfferPayload as EventOfferPayload, OpenTablesPayload, PlacePayload, QuietFirstPayload, ReactPayload,
    RemovePayload, SeatPayload, TableMicPayload, TablePayload,
)
from server.realtime.desk_payloads import DeskSayPayload, DeskSessionPayload, DutyPayload, HandOverPayload, KnockPayload
from server.realtime.payloads import Empty, RenewPayload, SayPayload
from server.realtime.space_payloads import (
    AccountPayload, AskLeavePayload, ChatSayPayload, ConversationPayload, EmotePayload, HiddenPayload,
    HideMessagePayload, InvitePayload, MovePayload, RequestPayload, RevealPayload, StatusPayload,
)

ANY = "*"  # sent on every namespace
NAMESPACES = (SPACE, DESK, CONSULT, EVENT)
SERVER = None  # handler of an event the Socket.IO server answers itself, before any namespace


@dataclass(frozen=True, slots=True)
class ClientEvent:
    name: str
    namespace: str
    payload: type[BaseModel]
    handler: str | None  # the namespace's method that handles it
    roles: frozenset[Role] | None = None
    # Frequent and small: read on the short way in (server/realtime/fast_events.py), a hook of
    # the shell, with the same checks and answers; "unanswered" is the handler used when the
    # client asked for no ack (it may skip building one).
    fast: bool = False
    unanswered: str | None = None

    def sent_on(self) -> tuple[str, ...]:
        return NAMESPACES if self.namespace == ANY else (self.namespace,)


def _on(namespace: str):
    def event(name: str, payload: type[BaseModel], handler: str | None, **options) -> ClientEvent:
        return ClientEvent(name, namespace, payload, handler, **options)
    return event


space, desk, consult, live_event, every = _on(SPACE), _on(DESK), _on(CONSULT), _on(EVENT), _on(ANY)

CLIENT_EVENTS: tuple[ClientEvent, ...] = (
    # answered by live access (server/realtime/live_access.py) before the namespace sees it
    every("session:renew", RenewPayload, SERVER),
    # /space: the world
    space("world:snapshot", Empty, "_snapshot"),
    space("world:move", MovePayload, "_move", fast=True, unanswered="_step"),
    space("world:step_out", Empty, "_step_out"),
    space("presence:status", StatusPayload, "_status"),
    space("presence:hidden", HiddenPayload, "_hidden"),
    space("presence:look", Empty, "_look_changed"),
    space("presence:reveal_hidden", RevealPayload, "_reveal_hidden", roles=REVEAL_ROLES),
    space("emote:send", EmotePayload, "_emote"),
    space("contact:invite", InvitePayload, "_invite"),
    space("contact:accept", RequestPayload, "_accept"),
    space("contact:decline", RequestPayload, "_decline"),
    space("contact:withdraw", RequestPayload, "_withdraw"),
    space("contact:leave", ConversationPayload, "_leave_conversation"),
    space("chat:say", ChatSayPayload, "_say"),
    space("zone:say", SayPayload, "_zone_say"),
    space("block:add", AccountPayload, "_block"),
    space("block:remove", AccountPayload, "_unblock"),
    space("block:list", Empty, "_block_list"),
    space("ping", Empty, "_ping"),
    space("moderation:hide_message", HideMessagePayload, "_hide_message", roles=MODERATION_ROLES),
    space("moderation:ask_leave", AskLeavePayload, "_ask_leave", roles=MODERATION_ROLES),
    # /desk: desk workers don't knock at their own desk, a rule of the desk (FORBIDDEN with
    # detail.reason "desk_worker"), so desk:knock names no roles here
    desk("desk:status", Empty, "_status"),
    desk("desk:knock", KnockPayload, "_knock"),
    desk("desk:leave", Empty, "_leave"),
    desk("desk:say", DeskSayPayload, "_say"),
    desk("desk:end", DeskSessionPayload, "_end"),
    desk("desk:duty", DutyPayload, "_duty", roles=DESK_ROLES),
    desk("desk:take_next", Empty, "_take_next", roles=DESK_ROLES),
    desk("desk:hand_over", HandOverPayload, "_hand_over", roles=DESK_ROLES),
    desk("ping", Empty, "_ping"),
    # /consult: who sits where in a session is the live sessions' rule (FORBIDDEN with detail)
    consult("consult:status", Empty, "_status"),
    consult("consult:wait", SessionPayload, "_wait"),
    consult("consult:leave_waiting", SessionPayload, "_leave_waiting"),
    consult("consult:say", ConsultSayPayload, "_say"),
    consult("consult:set_status", ConsultStatusPayload, "_set_status", roles=CONSULTANT_ROLES),
    consult("consult:see", SessionPayload, "_see"),
    consult("consult:admit", SessionPayload, "_admit"),
    consult("consult:enter", SessionPayload, "_enter"),
    consult("consult:invite", ConsultInvitePayload, "_invite"),
    consult("consult:consent", ConsentPayload, "_consent"),
    consult("consult:step_out", SessionPayload, "_step_out"),
    consult("consult:end", SessionPayload, "_end"),
    consult("consult:voice_config", SessionPayload, "_voice_config"),
    consult("consult:voice_offer", OfferPayload, "_voice_offer"),
    consult("consult:voice_mute", MutePayload, "_voice_mute"),
    consult("consult:voice_leave", SessionPayload, "_voice_leave"),
    consult("consult:voice_state", SessionPayload, "_voice_state"),
    consult("ping", Empty, "_ping"),
    # /event: whether someone is a host of this event is the live room's rule (EVENT_NOT_HOST),
    # so the hosts' controls name no roles here
    live_event("event:enter", EnterPayload, "_enter"),
    live_event("event:leave", Occurrence, "_leave"),
    live_event("event:view", Occurrence, "_view"),
    live_event("event:react", ReactPayload, "_react"),
    live_event("event:say", EventSayPayload, "_say"),
    live_event("event:hand", HandPayload, "_hand"),
    live_event("event:answer", AnswerPayload, "_answer"),
    live_event("event:yield", Occurrence, "_yield"),
    live_event("event:table", TablePayload, "_choose_table"),
    live_event("event:mic", MicPayload, "_mic"),
    live_event("event:members", Occurrence, "_members"),
    live_event("event:ask", AskPayload, "_ask"),
    live_event("event:take_floor", SeatPayload, "_take_floor"),
    live_event("event:mute", SeatPayload, "_mute"),
    live_event("event:remove", RemovePayload, "_remove"),
    live_event("event:lock", LockPayload, "_lock"),
    live_event("event:chat_mode", ChatModePayload, "_chat_mode"),
    live_event("event:quiet_first", QuietFirstPayload, "_quiet_first"),
    live_event("event:pause", Occurrence, "_pause"),
    live_event("event:resume", Occurrence, "_resume"),
    live_event("event:end", Occurrence, "_end"),
    live_event("event:tables_open", OpenTablesPayload, "_tables_open"),
    live_event("event:place", PlacePayload, "_place"),
    live_event("event:call_back", Occurrence, "_call_back"),
    live_event("event:table_mic", TableMicPayload, "_table_mic"),
    live_event("event:voice_offer", EventOfferPayload, "_voice_offer"),
    live_event("event:voice_leave", Occurrence, "_voice_leave"),
    live_event("ping", Empty, "_ping"),
)


def on_namespace(namespace: str) -> dict[str, ClientEvent]:
    """The events a namespace handles itself, by name."""
    return {e.name: e for e in CLIENT_EVENTS if e.namespace == namespace and e.handler is not SERVER}


def sent_on(namespace: str) -> dict[str, ClientEvent]:
    """Every event a client may send on ``namespace`` (the server's own included), by name."""
    return {e.name: e for e in CLIENT_EVENTS if namespace in e.sent_on()}


_KEYS = [(ns, e.name) for e in CLIENT_EVENTS for ns in e.sent_on()]
assert len(set(_KEYS)) == len(_KEYS), "a client event is declared twice on one namespace"
