"""The ``/consult`` namespace: live consultations. Thin: authenticate, parse, read the
booking, call the live sessions (rooms.live_consultations), send their emits, ack.

Voice is signalled in one acked round trip: ``consult:voice_offer {session_id, sdp}`` is
answered with ``{sdp}`` (the client gathered its candidates first; aiortc does no trickle).
The server terminates each participant's connection and relays the audio (server.voice),
so no participant ever receives another's SDP or candidates.

Every connection joins ``account:<id>`` on this namespace, so ``ToAccount`` emits reach all
of that account's tabs. The live sessions are in memory and belong to one server process:
with several processes, route ``/consult`` to one of them (as ``/desk``; see docs/DESK.md).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import socketio
from aiohttp import web

from rooms.live_consultations import service
from rooms.live_consultations.completion import complete_on_end
from rooms.live_consultations.live import LiveSessions
from rooms.live_consultations.session import Closed, VoiceSeats, session_channel
from rooms.live_consultations.rules import BookingFacts, iso, require_colleague, room_closes_at
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core.delivery import CONSULT as NAMESPACE
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Emit, ToAccount
from server.core.principal import Principal
from server.realtime.consult_payloads import (
    ConsentPayload, ConsultSayPayload, InvitePayload, MutePayload, OfferPayload, SessionPayload, StatusPayload,
)
from server.realtime import crisis
from server.realtime.heartbeat import beating
from server.realtime.member_namespace import MemberNamespace
from server.voice import VoiceEvent, VoiceRooms
from server.voice.turn import Seated, TurnConfig, mint, public_ice_servers

log = logging.getLogger("ibasho.consult")
EVENTS_PER_SECOND = 20  # the flood guard of one connection
VOICE_ROOM_PREFIX = "consult:"
VOICE_STATE = "consult:voice_state"
HOUSEKEEPING_SECONDS = 5.0


def voice_room(session_id: str) -> str:
    return VOICE_ROOM_PREFIX + session_id


async def apply_voice_seats(voice: VoiceRooms, seats: VoiceSeats) -> None:
    """The one way the live sessions' seats reach the voice rooms: no seats, voice off for
    everyone; otherwise exactly these may speak (anyone else is disconnected)."""
    if seats.participants:
        await voice.allow(voice_room(seats.session_id), seats.participants, capacity=seats.capacity)
    else:
        await voice.close_room(voice_room(seats.session_id))


class ConsultNamespace(MemberNamespace):
    def __init__(self, app: web.Application):
        super().__init__(NAMESPACE, app, log=log, events_per_second=EVENTS_PER_SECOND)
        self._turn = TurnConfig.from_settings(app[keys.SETTINGS])  # None: no relay configured
        self._background: set[asyncio.Task] = set()
        self._voice_used: set[str] = set()  # sessions whose voice someone joined (the funnel's mode)

    @property
    def live(self) -> LiveSessions:
        return self.app[keys.CONSULT]

    @property
    def voice(self) -> VoiceRooms:
        return self.app[keys.VOICE]

    # -- connection lifecycle -------------------------------------------------------------------

    async def on_connect(self, sid, environ, auth=None):
        principal, first = await self._join(sid, auth)
        if first:
            await self._send(self.live.present(principal.account_id).emits)

    async def on_disconnect(self, sid, reason=None):
        account_id = self._part(sid)
        if account_id is None:  # not their last connection here
            return
        await self._send(self.live.absent(account_id).emits)
        # Their last tab closed: end their voice at once rather than waiting for ICE to time out.
        for session_id in self.live.rooms_of(account_id):
            try:
                await self.voice.leave(voice_room(session_id), account_id)
            except DomainError:
                pass

    async def _facts(self, session_id: str, *, fresh: bool = False) -> BookingFacts:
        """The booking behind a session: the live copy, or the database (always for ``fresh``).
        No booking with that id: NOT_FOUND. Someone else's: the rules say FORBIDDEN."""
        facts = None if fresh else self.live.facts_of(session_id)
        if facts is None:
            async with self.app[keys.DB_SESSIONS]() as db:
                facts = await service.load_facts(db, session_id)
        if facts is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="session_id")
        return facts

    # -- handlers (declared in client_events.py) -------------------------------------------------

    async def _status(self, principal, _):
        data = self.live.status_for(principal.account_id)
        data["now"] = self.app[keys.CLOCK].now().strftime("%Y-%m-%dT%H:%M:%SZ")
        return data

    async def _wait(self, principal, p: SessionPayload):
        # Fresh: the booking may have been cancelled or completed since it was last read.
        return await self._apply(self.live.arrive(principal.account_id, await self._facts(p.session_id, fresh=True)))

    async def _leave_waiting(self, principal, p: SessionPayload):
        return await self._apply(self.live.leave_waiting(principal.account_id, await self._facts(p.session_id)))

    async def _say(self, principal, p: ConsultSayPayload):
        said = await self._apply(self.live.say(principal.account_id, await self._facts(p.session_id), p.text))
        if principal.is_staff:  # the person's words are what a crisis screening is for
            return said
        # Unfiltered (a private talk with one's specialist); screened only for a crisis.
        shielded = self.app[keys.SHIELD].private(said["text"])
        now = self.app[keys.CLOCK].now()
        context = crisis.lines_of(self.live.log.recent(session_channel(said["session_id"]), now))
        found = await crisis.after_text(self.app, shielded, channel="consult", place=said["session_id"],
                                        sender_id=principal.account_id, nickname=said["nickname"], context=context)
        return {**said, **found}

    async def _set_status(self, principal, p: StatusPayload):
        return await self._apply(self.live.set_status(principal, p.status, p.minutes))

    async def _see(self, principal, p: SessionPayload):
        return await self._apply(self.live.see(principal.account_id, await self._facts(p.session_id)))

    async def _admit(self, principal, p: SessionPayload):
        # Fresh: a booking cancelled while the person waited is not let in.
        outcome = self.live.admit(principal.account_id, await self._facts(p.session_id, fresh=True))
        await self._seat_voice(p.session_id)
        return await self._apply(outcome)

    async def _enter(self, principal, p: SessionPayload):
        return await self._apply(self.live.enter(principal.account_id, await self._facts(p.session_id)))

    async def _invite(self, principal, p: InvitePayload):
        facts = await self._facts(p.session_id)
        self.live.require_invite(principal.account_id, facts)  # strangers learn nothing about ids
        async with self.app[keys.DB_SESSIONS]() as db:
            colleague, role_allowed, disabled = await service.load_colleague(db, p.colleague_id)
        require_colleague(facts, colleague.account_id, role_allowed=role_allowed, disabled=disabled)
        return await self._apply(self.live.invite(principal.account_id, facts, colleague))

    async def _consent(self, principal, p: ConsentPayload):
        outcome = self.live.consent(principal.account_id, await self._facts(p.session_id), p.accept)
        await self._seat_voice(p.session_id)
        return await self._apply(outcome)

    async def _step_out(self, principal, p: SessionPayload):
        outcome = self.live.step_out(principal.account_id, await self._facts(p.session_id))
        await self._seat_voice(p.session_id)
        return await self._apply(outcome)

    async def _end(self, principal, p: SessionPayload):
        outcome = self.live.end(principal.account_id, await self._facts(p.session_id))
        await self._close(principal, outcome.value)
        await self._send(outcome.emits)
        return outcome.value.ack

    async def _voice_config(self, principal, p: SessionPayload):
        """The ICE servers for this room's voice: the public list, plus TURN credentials of
        one's own that end when the room closes, only for someone seated with voice."""
        facts = await self._facts(p.session_id)
        self.live.require_voice(principal.account_id, facts)
        servers = public_ice_servers(self.app[keys.SETTINGS].ice_servers)
        if self._turn is None:
            return {"ice_servers": servers, "expires_at": None}
        seated = Seated(room_id=voice_room(p.session_id), until=room_closes_at(facts))
        creds = mint(self._turn, seated, self.app[keys.CLOCK].now())
        return {"ice_servers": [*servers, creds.ice_server()], "expires_at": iso(creds.expires_at)}

    async def _voice_offer(self, principal, p: OfferPayload):
        facts = await self._facts(p.session_id)
        self.live.require_voice_offer(principal.account_id, facts)
        answer = await self.voice.join(voice_room(p.session_id), principal.account_id, p.sdp)
        self._voice_used.add(p.session_id)
        return {"sdp": answer}

    async def _voice_mute(self, principal, p: MutePayload):
        self.live.require_voice(principal.account_id, await self._facts(p.session_id))
        self.voice.set_muted(voice_room(p.session_id), principal.account_id, p.muted)
        return {"muted": p.muted}

    async def _voice_leave(self, principal, p: SessionPayload):
        self.live.require_voice(principal.account_id, await self._facts(p.session_id))
        await self.voice.leave(voice_room(p.session_id), principal.account_id)
        return {"voice": False}

    async def _voice_state(self, principal, p: SessionPayload):
        self.live.require_voice(principal.account_id, await self._facts(p.session_id))
        return self._voice_state_of(p.session_id)

    # -- rooms closing, voice seats, voice state ----------------------------------------------------

    async def _close(self, actor: Principal | None, closed: Closed) -> None:
        """A room closed (ended by a side, or by the clock: ``actor`` None): voice off for
        everyone, and its booking completed by the domain."""
        await self._seat_voice(closed.facts.booking_id)
        with_voice = closed.facts.booking_id in self._voice_used
        self._voice_used.discard(closed.facts.booking_id)
        try:
            async with self.app[keys.DB_SESSIONS].begin() as db:
                done = await complete_on_end(db, self.app[keys.CLOCK], actor, closed)
        except DomainError as refused:  # the domain's rules said no: the room is closed all the same
            log.info("booking not completed after its session: %s", refused.code.value)
            return
        except Exception:
            log.exception("completing a booking after its session failed")
            return
        if done.changed:  # held: counted once, by whether anyone spoke in it
            await funnel.note_account(self.app, closed.facts.person_id,
                                      Step.CONSULT_VOICE if with_voice else Step.CONSULT_TEXT)

    async def _seat_voice(self, session_id: str) -> None:
        """Who may use the room's voice follows the live session's seats (admitted, a
        colleague in or out, closed)."""
        await apply_voice_seats(self.voice, self.live.voice_seats(session_id))

    def _voice_state_of(self, session_id: str) -> dict[str, Any]:
        """Per seat (never per account id): whether their voice is on and whether muted."""
        state = self.voice.state(voice_room(session_id))
        participants = {}
        for seat, account_id in self.live.seats(session_id).items():
            mine = state.get(account_id, {})
            participants[seat.value] = {
                "joined": bool(mine.get("joined")), "connected": bool(mine.get("connected")), "muted": bool(mine.get("muted")),
            }
        return {"session_id": session_id, "participants": participants}

    def voice_event(self, event: VoiceEvent) -> None:
        """From VoiceRooms (must not block): tell every seat the room's voice state."""
        session_id = event.room_id.removeprefix(VOICE_ROOM_PREFIX)
        self._spawn(self._send_voice_state(session_id))

    async def _send_voice_state(self, session_id: str) -> None:
        data = self._voice_state_of(session_id)
        await self._send([Emit(ToAccount(who), VOICE_STATE, data) for who in self.live.seats(session_id).values()])

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- the sessions' clock ---------------------------------------------------------------------

    async def housekeeping(self) -> None:
        outcome = self.live.expire()
        for closed in outcome.value:
            await self._close(None, closed)
        await self._send(outcome.emits)
        self.live.log.purge(self.app[keys.CLOCK].now())


def install_consult(app: web.Application, sio: socketio.AsyncServer) -> ConsultNamespace:
    """The namespace on ``sio``, its voice rooms' events, and a heartbeat (the live sessions,
    the voice relay and the key the namespace is kept under belong to the composition root,
    server/composition.py)."""
    namespace = ConsultNamespace(app)
    app[keys.VOICE_EVENTS].route(VOICE_ROOM_PREFIX, namespace.voice_event)
    sio.register_namespace(namespace)
    app.cleanup_ctx.append(_consult_clock)
    return namespace


async def _consult_clock(app: web.Application):
    namespace = app[keys.CONSULT_NS]

    async with beating(app[keys.CLOCK], HOUSEKEEPING_SECONDS, namespace.housekeeping, log=log,
                       what="consult housekeeping"):
        yield
