"""Every server-to-client event, declared once: its name, the namespace it travels on, who
hears it (its audience) and what it carries.

docs/PROTOCOL.md is checked against this table, and so are the event lists of the web
clients (the space, the console, the standalone desk and consult pages), by
tests/unit/test_event_registry.py. A new event starts here. (Client-to-server events have
their own table: server/realtime/client_events.py.)

Audiences, in the words of the product:
- ``member``: someone in the space (one person, a zone, everyone there, the staff there)
- ``visitor`` / ``worker``: a person knocking at the desk / the staff on duty at the desk
- ``console``: a specialist's console, wherever in it they are (``ToConsole`` emits)
- ``person`` / ``specialist``: the person / the specialist or colleague of a live consultation
- ``attendee`` / ``host``: someone in a live event room / its hosts and co-hosts
- ``everyone``: every connection of the account's session, on any namespace
"""
from __future__ import annotations

from dataclasses import dataclass

from server.core.delivery import CONSULT, DESK, SPACE

SPACE, DESK, CONSULT, EVENT = "/space", "/desk", "/consult", "/event"
ANY = "*"  # every namespace
# Notices for the specialist console travel on /desk: the console keeps that link open from
# sign-in on, whichever section is shown (web_client/src/console/notices.js).
CONSOLE_NAMESPACE = DESK

MEMBER, VISITOR, WORKER, CONSOLE, PERSON, SPECIALIST, EVERYONE = (
    "member", "visitor", "worker", "console", "person", "specialist", "everyone")
ATTENDEE, HOST = "attendee", "host"


@dataclass(frozen=True, slots=True)
class ServerEvent:
    name: str
    namespace: str
    audience: frozenset[str]
    payload: str


def _e(name: str, namespace: str, audience: str | tuple[str, ...], payload: str) -> ServerEvent:
    who = (audience,) if isinstance(audience, str) else audience
    return ServerEvent(name, namespace, frozenset(who), payload)


SERVER_EVENTS: tuple[ServerEvent, ...] = (
    _e("session:ended", ANY, EVERYONE, "{reason}; then the namespace is disconnected"),
    # /space: the world
    _e("world:snapshot", SPACE, MEMBER, "{t, map_id, instance_id, you, avatars, contacts, zone, place, hidden, ...}"),
    _e("world:batch", SPACE, MEMBER, "{t, enter, move, leave, update, you?, place?}"),
    _e("world:place", SPACE, MEMBER, "{place}"),
    _e("world:correct", SPACE, MEMBER, "{x, y}"),
    _e("session:replaced", SPACE, MEMBER, "{}"),
    _e("presence:hidden_count", SPACE, MEMBER, "{count} (staff, moderators, admins)"),
    _e("presence:reveal_ended", SPACE, MEMBER, "{}"),
    _e("emote:shown", SPACE, MEMBER, "{emote, from, to, at}"),
    _e("contact:request", SPACE, MEMBER, "{request_id, from, others, expires_at}"),
    _e("contact:opened", SPACE, MEMBER, "{conversation_id, request_id, members}"),
    _e("contact:joined", SPACE, MEMBER, "{conversation_id, member}"),
    _e("contact:left", SPACE, MEMBER, "{conversation_id, account_id}"),
    _e("contact:closed", SPACE, MEMBER, "{conversation_id}"),
    _e("contact:lapsed", SPACE, MEMBER, "{request_id}"),
    _e("chat:message", SPACE, MEMBER, "{conversation_id, id, sender_id, sender_nickname, text, sent_at}"),
    _e("chat:zone_message", SPACE, MEMBER, "{map_instance, zone, id, sender_id, sender_nickname, text, sent_at}"),
    # /space: moderation (issue 12): sanctions, appeals, moderators in the space
    _e("sanction:notice", SPACE, MEMBER, "{id, kind, state, reason_ja, reason_en, given_at, ends_at, appeal_until, ...}"),
    _e("sanction:lifted", SPACE, MEMBER, "{id, kind}"),
    _e("appeal:decided", SPACE, MEMBER, "{appeal_id, sanction_id, outcome, answer_ja, answer_en}"),
    _e("chat:hidden", SPACE, MEMBER, "{id}"),
    _e("zone:asked_to_leave", SPACE, MEMBER, "{zone, reason_ja, reason_en}; a world:snapshot follows"),
    # /space: the person's support panel and the board reader
    _e("booking:cancelled", SPACE, MEMBER, "{booking, offer_another_time?, message?}"),
    _e("booking:rescheduled", SPACE, MEMBER, "{booking, previous}"),
    _e("booking:no_show", SPACE, MEMBER, "{booking, offer_another_time, message}"),
    _e("board:published", SPACE, MEMBER, "{id, category, title_ja, title_en}"),
    _e("board:updated", SPACE, MEMBER, "{id, category, title_ja, title_en}"),
    _e("board:unpublished", SPACE, MEMBER, "{id, category}"),
    _e("letter:new", SPACE, MEMBER, "{id, sender_nickname}"),
    _e("record:changed", SPACE, MEMBER, "{case_id}"),
    # /space: exchange events (rooms/events)
    _e("event:promoted", SPACE, MEMBER, "{occurrence_id, event_id, title_ja, title_en, starts_at}"),
    _e("event:reminder", SPACE, MEMBER, "{occurrence_id, event_id, title_ja, title_en, starts_at, door_opens_at, when}"),
    _e("report:updated", SPACE, MEMBER, "{id, category, target_kind, status, outcome, created_at, updated_at}"),
    # /desk
    _e("desk:status", DESK, (VISITOR, WORKER), "the public summary"),
    _e("desk:queue", DESK, VISITOR, "{place, waiting, on_duty, staff}"),
    _e("desk:opened", DESK, (VISITOR, WORKER), "the chat as each side sees it"),
    _e("desk:message", DESK, (VISITOR, WORKER), "{session_id, from, id, sender_id, sender_nickname, text, sent_at}"),
    _e("desk:handed_over", DESK, (VISITOR, WORKER), "{session_id, staff_nickname}"),
    _e("desk:ended", DESK, (VISITOR, WORKER), "{session_id, by, requeued?}"),
    _e("desk:state", DESK, WORKER, "{duty, queue, sessions}"),
    _e("desk:message_left", DESK, WORKER, "{id}"),
    _e("desk:reply", DESK, VISITOR, "{id}"),
    # the specialist console's notices (ToConsole)
    _e("booking:created", CONSOLE_NAMESPACE, CONSOLE, "{booking} (the specialist's view)"),
    _e("booking:cancelled", CONSOLE_NAMESPACE, CONSOLE, "{booking} (the specialist's view), when the person cancelled"),
    _e("booking:rescheduled", CONSOLE_NAMESPACE, CONSOLE, "{booking, previous} (the specialist's view), when the person moved it"),
    _e("case:assigned", CONSOLE_NAMESPACE, CONSOLE, "{case_id, person_nickname}"),
    _e("case:unassigned", CONSOLE_NAMESPACE, CONSOLE, "{case_id}"),
    _e("case:consent_changed", CONSOLE_NAMESPACE, CONSOLE, "{case_id}"),
    _e("report:alert", CONSOLE_NAMESPACE, CONSOLE, "{id, category, urgent, created_at, escalated}"),
    _e("report:claimed", CONSOLE_NAMESPACE, CONSOLE, "{id, claimed_by_nickname}"),
    _e("crisis:alert", CONSOLE_NAMESPACE, CONSOLE, "an alert (moderation.crisis_alerts.alert_json): on duty, on escalation, on connect"),
    _e("crisis:acknowledged", CONSOLE_NAMESPACE, CONSOLE, "{id, by_nickname, acknowledged_at}"),
    # /consult
    _e("consult:knock", CONSULT, SPECIALIST, "a waiting-room entry"),
    _e("consult:state", CONSULT, SPECIALIST, "{status, waiting, rooms, ...}"),
    _e("consult:waiting", CONSULT, PERSON, "the waiting view"),
    _e("consult:admitted", CONSULT, (PERSON, SPECIALIST), "the room view"),
    _e("consult:message", CONSULT, (PERSON, SPECIALIST), "the message"),
    _e("consult:consent_request", CONSULT, PERSON, "{session_id, colleague, ...}"),
    _e("consult:consent_answer", CONSULT, SPECIALIST, "{session_id, consent, ...}"),
    _e("consult:participants", CONSULT, (PERSON, SPECIALIST), "{session_id, participants}"),
    _e("consult:invited", CONSULT, SPECIALIST, "the room view (colleague)"),
    _e("consult:removed", CONSULT, SPECIALIST, "{session_id, reason}"),
    _e("consult:ended", CONSULT, (PERSON, SPECIALIST), "{session_id, by, admitted}"),
    _e("consult:voice_state", CONSULT, (PERSON, SPECIALIST), "{session_id, participants}"),
    # /event: the live room of an event (no join/leave announcements; attendees never named)
    _e("event:view", EVENT, (ATTENDEE, HOST), "the room as this reader may see it (rooms/event_room/views.py)"),
    _e("event:message", EVENT, (ATTENDEE, HOST), "{occurrence_id, id, text, sent_at, to, table, from_host, label, mine, seat?, nickname? (hosts only)}"),
    _e("event:reactions", EVENT, (ATTENDEE, HOST), "{occurrence_id, reactions} (counts)"),
    _e("event:asked", EVENT, ATTENDEE, "{occurrence_id, via}"),
    _e("event:removed", EVENT, ATTENDEE, "{occurrence_id, reason, reason_ja?, reason_en?}"),
    _e("event:hidden", EVENT, ATTENDEE, "{occurrence_id, ids}"),
    _e("event:ended", EVENT, (ATTENDEE, HOST), "{occurrence_id}"),
)

# An event may travel on more than one namespace (a booking change reaches the person's space
# and the specialist's console), each declared once.
BY_NAME: dict[str, tuple[ServerEvent, ...]] = {}
for _event in SERVER_EVENTS:
    BY_NAME[_event.name] = (*BY_NAME.get(_event.name, ()), _event)
assert len({(e.name, e.namespace) for e in SERVER_EVENTS}) == len(SERVER_EVENTS), "an event is declared twice"


def heard_by(namespace: str, audiences: set[str]) -> set[str]:
    """The names of the events a client on ``namespace`` serving ``audiences`` can receive."""
    return {e.name for e in SERVER_EVENTS
            if e.namespace in (namespace, ANY) and (e.audience & (audiences | {EVERYONE}))}
