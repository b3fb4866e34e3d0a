"""The ``/event`` namespace: the live room of an event occurrence. Thin: authenticate, parse,
ask the events domain at the door (server/realtime/event_admission.py), call the live room
(rooms.event_room), record host actions (moderation.audit), keep the voice relay's speakers in
step, send the room's emits, ack.

Voice is the consultations' relay (server.voice): one server-side peer connection per person,
encoded Opus forwarded from the speakers (hosts and voice floor holders) to everyone. A
listener offers a receive-only connection; an offer that would send audio is refused without
the voice floor (LIVE_NO_FLOOR), and the relay forwards nobody else's packets anyway.

The live rooms are in memory and belong to one process: route /event to one of them.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable

import socketio
from aiohttp import web

from moderation import audit
from rooms.event_room.live import LiveEvents
from rooms.event_room.room import LiveEvent
from rooms.event_room.screening import chat_text, label_text
from rooms.event_room.tables import VOICE_SLOTS  # voices a listener hears at once (the relay's slots)
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome
from server.core.principal import Principal
from server.core.delivery import EVENT as NAMESPACE
from server.core.ratelimit import RateLimiter
from server.realtime import crisis, event_admission
from server.realtime.event_payloads import (
    AnswerPayload, AskPayload, ChatModePayload, EnterPayload, EventSayPayload, HandPayload, LockPayload, MicPayload,
    Occurrence, OfferPayload, OpenTablesPayload, PlacePayload, QuietFirstPayload, ReactPayload, RemovePayload,
    SeatPayload, TableMicPayload, TablePayload,
)
from server.realtime.heartbeat import beating
from server.realtime.member_namespace import MemberNamespace
from server.voice import VoiceEvent, VoiceRooms

log = logging.getLogger("ibasho.event")
EVENTS_PER_SECOND = 20  # the flood guard of one connection
VOICE_ROOM_PREFIX = "event:"
REACTIONS_PER_10S = 5
MESSAGES_PER_10S = 5
HOUSEKEEPING_SECONDS = 60.0
_SENDS_NOTHING = re.compile(r"^a=(recvonly|inactive)\s*$", re.MULTILINE)

Handler = Callable[[Principal, Any], Awaitable[Any]]


def voice_room(occurrence_id: str) -> str:
    return VOICE_ROOM_PREFIX + occurrence_id


def socket_room(occurrence_id: str) -> str:
    return f"event:{occurrence_id}"  # the broadcaster's room for ToEvent


def offer_sends_audio(sdp: object) -> bool:
    """Whether an offer asks to send audio: its first audio section is not ``recvonly`` (a
    listener's slots all are; server.voice refuses an offer whose other sections would send).
    Anything else about the offer is checked by server.voice."""
    if not isinstance(sdp, str):
        return False
    sections = re.split(r"^m=", sdp, flags=re.MULTILINE)
    first = sections[1] if len(sections) > 1 else sdp
    return not _SENDS_NOTHING.search(first)


class EventNamespace(MemberNamespace):
    def __init__(self, app: web.Application):
        super().__init__(NAMESPACE, app, log=log, events_per_second=EVENTS_PER_SECOND)
        clock = app[keys.CLOCK]
        self._reactions = RateLimiter.per_window(clock, limit=REACTIONS_PER_10S, window_s=10)
        self._messages = RateLimiter.per_window(clock, limit=MESSAGES_PER_10S, window_s=10)

    @property
    def live(self) -> LiveEvents:
        return self.app[keys.EVENT_LIVE]

    @property
    def voice(self) -> VoiceRooms:
        return self.app[keys.VOICE]

    # -- connections ------------------------------------------------------------------------------

    async def on_connect(self, sid, environ, auth=None):
        await self._join(sid, auth)

    async def on_disconnect(self, sid, reason=None):
        account_id = self._part(sid)
        if account_id is None:  # another tab is still here
            return
        for room in self.live.rooms_of(account_id):
            await self._apply(room, room.leave(account_id))
        self.live.forget_ended()

    # -- everyone -----------------------------------------------------------------------------------

    async def _ping(self, principal, _):
        return {"pong": True}

    async def _enter(self, principal: Principal, p: EnterPayload):
        label = label_text(p.label)
        facts, entrant = await event_admission.admit_to_live(self.app, principal, p.occurrence_id)
        room = self.live.open(facts)
        outcome = room.enter(entrant, label)  # refused (locked, removed, ended): not counted
        first = room.first_visit(principal.account_id) and not (entrant.is_host or entrant.is_cohost)
        for sid in self.sids_of.get(principal.account_id, ()):
            await self.enter_room(sid, socket_room(room.occurrence_id))
        if first:
            await event_admission.note_attendance(self.app, occurrence_id=room.occurrence_id,
                                                  account_kind=entrant.account_kind)
            await funnel.note(self.app, principal, Step.EVENT_ATTENDED)
        return await self._apply(room, outcome)

    async def _leave(self, principal, p: Occurrence):
        room = self.live.get(p.occurrence_id)
        room.member(principal.account_id)
        for sid in self.sids_of.get(principal.account_id, ()):
            await self.leave_room(sid, socket_room(room.occurrence_id))
        return await self._apply(room, room.leave(principal.account_id))

    async def _view(self, principal, p: Occurrence):
        return self.live.get(p.occurrence_id).view_for(principal.account_id)

    async def _members(self, principal, p: Occurrence):
        """The attendee list: hosts only (an attendee is refused, EVENT_NOT_HOST)."""
        room = self.live.get(p.occurrence_id)
        room.require_host(principal.account_id)
        return {"members": room.view_for(principal.account_id)["members"]}

    async def _react(self, principal, p: ReactPayload):
        room = self.live.get(p.occurrence_id)
        room.member(principal.account_id)
        if not self._reactions.try_acquire(principal.account_id):
            raise DomainError(ErrorCode.RATE_LIMITED)
        return await self._apply(room, room.react(principal.account_id, p.reaction))

    async def _say(self, principal, p: EventSayPayload):
        room = self.live.get(p.occurrence_id)
        room.member(principal.account_id)
        # The shield masks contact details (and the moderators' "mask" words) for the hall; the
        # words are also heard for a crisis, as in every other place people write.
        shielded = self.app[keys.SHIELD].public(chat_text(p.text))
        if not self._messages.try_acquire(principal.account_id):
            raise DomainError(ErrorCode.RATE_LIMITED)
        said = await self._apply(room, room.say(principal.account_id, shielded.text, self.app[keys.CLOCK].now()))
        found = await crisis.after_text(self.app, shielded, channel="event", place=room.occurrence_id,
                                        sender_id=principal.account_id, nickname=principal.nickname, context=[])
        return {**said, **found} if isinstance(said, dict) else said

    async def _hand(self, principal, p: HandPayload):
        room = self.live.get(p.occurrence_id)
        return await self._apply(room, room.hand(principal.account_id, p.raised))

    async def _answer(self, principal, p: AnswerPayload):
        room = self.live.get(p.occurrence_id)
        return await self._apply(room, room.answer_ask(principal.account_id, p.accept))

    async def _yield(self, principal, p: Occurrence):
        room = self.live.get(p.occurrence_id)
        return await self._apply(room, room.yield_floor(principal.account_id))

    async def _choose_table(self, principal, p: TablePayload):
        room = self.live.get(p.occurrence_id)
        return await self._apply(room, room.pick_table(principal.account_id, p.table_id))

    async def _mic(self, principal, p: MicPayload):
        """One's own microphone at an open-mic table: only the person turns it on."""
        room = self.live.get(p.occurrence_id)
        return await self._apply(room, room.mic(principal.account_id, p.on))

    # -- hosts ----------------------------------------------------------------------------------------

    # -- the hosts' controls, each recorded (who, when, what); rows in client_events.py ----------

    async def _ask(self, principal, p: AskPayload):
        return await self._host("ask_to_speak", lambda r, a, q: r.ask_to_speak(a, q.seat, q.via))(principal, p)

    async def _take_floor(self, principal, p: SeatPayload):
        return await self._host("take_floor", lambda r, a, q: r.take_floor(a, q.seat))(principal, p)

    async def _mute(self, principal, p: SeatPayload):
        return await self._host("mute", lambda r, a, q: r.mute(a, q.seat))(principal, p)

    async def _lock(self, principal, p: LockPayload):
        return await self._host("lock", lambda r, a, q: r.lock(a, q.locked))(principal, p)

    async def _chat_mode(self, principal, p: ChatModePayload):
        return await self._host("chat_mode", lambda r, a, q: r.set_chat_mode(a, q.mode))(principal, p)

    async def _quiet_first(self, principal, p: QuietFirstPayload):
        return await self._host("quiet_first", lambda r, a, q: r.set_quiet_first(a, q.on))(principal, p)

    async def _pause(self, principal, p: Occurrence):
        return await self._host("pause", lambda r, a, q: r.pause(a, self.app[keys.CLOCK].now()))(principal, p)

    async def _resume(self, principal, p: Occurrence):
        return await self._host("resume", lambda r, a, q: r.resume(a))(principal, p)

    async def _tables_open(self, principal, p: OpenTablesPayload):
        return await self._host("tables_open", self._open_tables)(principal, p)

    async def _place(self, principal, p: PlacePayload):
        return await self._host("place", lambda r, a, q: r.place(a, q.seat, q.table_id))(principal, p)

    async def _call_back(self, principal, p: Occurrence):
        return await self._host("call_back", lambda r, a, q: r.call_back(a))(principal, p)

    async def _table_mic(self, principal, p: TableMicPayload):
        return await self._host("table_mic", lambda r, a, q: r.set_table_mic(a, q.table_id, q.open))(principal, p)

    def _host(self, action: str, act: Callable[[LiveEvent, str, Any], Outcome]) -> Handler:
        async def handler(principal: Principal, p: Any):
            room = self.live.get(p.occurrence_id)
            outcome = act(room, principal.account_id, p)  # refuses non-hosts: EVENT_NOT_HOST
            await self._record(principal, room, action, _detail(p))
            return await self._apply(room, outcome)
        return handler

    def _open_tables(self, room: LiveEvent, account_id: str, p: OpenTablesPayload) -> Outcome:
        names = [label_text(name) or "" for name in p.names]
        if not all(names):
            raise DomainError(ErrorCode.INVALID, field="names")
        return room.open_tables(account_id, names, p.cap, p.open_mic)

    async def _remove(self, principal, p: RemovePayload):
        room = self.live.get(p.occurrence_id)
        outcome = room.remove(principal.account_id, p.seat, p.reason)
        removed = outcome.value.pop("account_id")
        await event_admission.note_removal(self.app, occurrence_id=room.occurrence_id, account_id=removed,
                                           by=principal.account_id, reason=p.reason)
        await self._record(principal, room, "remove", {"reason": p.reason, "account_id": removed})
        value = await self._apply(room, outcome)
        for sid in self.sids_of.get(removed, ()):
            await self.leave_room(sid, socket_room(room.occurrence_id))
        return value

    async def expel(self, occurrence_id: str, account_id: str, reason_ja: str, reason_en: str) -> None:
        """A moderator's removal, committed by the moderation ladder (REST calls this after
        commit): out of the live room, its socket room and its voice, told kindly."""
        room = self.live.find(occurrence_id)
        if room is None:  # not open in this process: the door (the database) keeps them out
            return
        await self._apply(room, room.expel(account_id, reason_ja, reason_en))
        for sid in self.sids_of.get(account_id, ()):
            await self.leave_room(sid, socket_room(occurrence_id))

    def readmit(self, occurrence_id: str, account_id: str) -> None:
        room = self.live.find(occurrence_id)
        if room is not None:
            room.readmit(account_id)

    async def _end(self, principal, p: Occurrence):
        room = self.live.get(p.occurrence_id)
        outcome = room.end(principal.account_id)
        await self._record(principal, room, "end", {"attended_by_kind": outcome.value["attended_by_kind"]})
        await self._apply(room, outcome)
        await self.server.close_room(socket_room(room.occurrence_id), namespace=self.namespace)
        self.live.forget_ended()
        return {"ended": True}

    async def _record(self, principal: Principal, room: LiveEvent, action: str, detail: dict) -> None:
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await audit.record(db, self.app[keys.CLOCK], actor_id=principal.account_id, action=f"event.{action}",
                               target=f"occurrence:{room.occurrence_id}", detail=detail)

    # -- voice ------------------------------------------------------------------------------------------

    async def _voice_offer(self, principal, p: OfferPayload):
        room = self.live.get(p.occurrence_id)
        room.member(principal.account_id)
        if room.ended:
            raise DomainError(ErrorCode.LIVE_ENDED)
        if offer_sends_audio(p.sdp) and not room.may_hold_voice(principal.account_id):
            raise DomainError(ErrorCode.LIVE_NO_FLOOR, field="sdp")
        await self._sync_voice(room)
        answer = await self.voice.join(voice_room(room.occurrence_id), principal.account_id, p.sdp)
        return {"sdp": answer}

    async def _voice_leave(self, principal, p: Occurrence):
        room = self.live.get(p.occurrence_id)
        room.member(principal.account_id)
        try:
            await self.voice.leave(voice_room(room.occurrence_id), principal.account_id)
        except DomainError:
            pass  # no voice room yet: nothing to leave
        return {"voice": False}

    async def _sync_voice(self, room: LiveEvent) -> None:
        """The relay follows the room: everyone inside may listen, only speakers are forwarded."""
        room_id = voice_room(room.occurrence_id)
        if room.ended or not room.members:
            await self.voice.close_room(room_id)
            return
        capacity = max(2, room.facts.capacity + len(room.facts.hosts) + 1)
        await self.voice.allow(room_id, room.members, capacity=capacity, slots=VOICE_SLOTS)
        self.voice.set_speakers(room_id, room.speakers(), room.voice_audiences())

    async def housekeeping(self) -> None:
        """Close the rooms left open past their end (everyone told, voice off), and forget them."""
        for room, outcome in self.live.close_over(self.app[keys.CLOCK].now()):
            await self._apply(room, outcome)
            await self.server.close_room(socket_room(room.occurrence_id), namespace=self.namespace)
        self.live.forget_ended()

    def voice_event(self, event: VoiceEvent) -> None:
        """Voice state is not announced in events: the views already say who holds the floor."""

    # -- sending -----------------------------------------------------------------------------------------

    async def _apply(self, room: LiveEvent, outcome: Outcome) -> Any:
        await self._sync_voice(room)
        await self._send(outcome.emits)
        return outcome.value


def _detail(p: Any) -> dict:
    """What a host action's record keeps: its parameters, never text a person wrote."""
    return {k: v for k, v in p.model_dump().items() if k not in ("occurrence_id", "names")}


def install_event(app: web.Application, sio: socketio.AsyncServer) -> "EventNamespace":
    """The namespace on ``sio``, its voice rooms' events and its heartbeat (the live rooms and
    the key the namespace is kept under belong to the composition root, server/composition.py)."""
    namespace = EventNamespace(app)
    app[keys.VOICE_EVENTS].route(VOICE_ROOM_PREFIX, namespace.voice_event)
    sio.register_namespace(namespace)
    app.cleanup_ctx.append(_event_clock)
    return namespace


async def _event_clock(app: web.Application):
    async with beating(app[keys.CLOCK], HOUSEKEEPING_SECONDS, app[keys.EVENT_NS].housekeeping, log=log,
                       what="event housekeeping"):
        yield
