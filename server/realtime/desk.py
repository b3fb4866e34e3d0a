"""The ``/desk`` namespace: the desk on duty. Thin: authenticate, parse, call the live desk
(rooms.desk.queue), send its emits, ack.

Every connection joins ``account:<id>`` on this namespace, and desk workers (staff,
specialists, admins) also join ``staff``, so ``ToAccount``/``ToStaff`` emits reach them.
Several tabs of one account are fine; the desk hears "disconnected" only when the last one
closes, and holds the person's place for a grace period.

The live desk is in memory, so it belongs to one server process: with several processes,
route ``/desk`` to one of them (see docs/DESK.md).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Literal

import socketio
from aiohttp import web
from pydantic import Field

from rooms.chat import ChatLog, validate_text
from rooms.desk import service
from rooms.desk.hours import OpeningHours
from rooms.desk.policy import is_desk_worker
from rooms.desk.queue import Desk
from rooms.desk.records import desk_channel
from server import keys
from server.core.principal import Principal
from server.core.ratelimit import RateLimiter
from server.realtime import crisis
from server.realtime.broadcaster import STAFF_ROOM, send_emits
from server.realtime.heartbeat import beating
from server.realtime.member_namespace import MemberNamespace
from server.realtime.protocol import Command

log = logging.getLogger("ibasho.desk")
NAMESPACE = "/desk"
GRACE_SECONDS = 60.0
HOUSEKEEPING_SECONDS = 1.0
MESSAGES_PER_ADDRESS_HOUR = 10


class Empty(Command):
    pass


class KnockPayload(Command):
    note: str | None = Field(default=None, max_length=1000)


class SessionPayload(Command):
    session_id: str = Field(max_length=64)


class SayPayload(Command):
    session_id: str = Field(max_length=64)
    text: str = Field(max_length=2000)
    # The person saw CONFIRM_PERSONAL_INFO and chose to give staff these details anyway.
    confirmed: bool = False


class DutyPayload(Command):
    status: Literal["available", "busy", "away", "off"]


class HandOverPayload(Command):
    session_id: str = Field(max_length=64)
    to_account_id: str = Field(max_length=64)


Handler = Callable[[Principal, Any], Awaitable[Any]]


class DeskNamespace(MemberNamespace):
    def __init__(self, app: web.Application):
        super().__init__(NAMESPACE, app, log=log, label="desk")
        self._handlers: dict[str, tuple[type[Command], Handler]] = {
            "desk:status": (Empty, self._status),
            "desk:knock": (KnockPayload, self._knock),
            "desk:leave": (Empty, self._leave),
            "desk:say": (SayPayload, self._say),
            "desk:end": (SessionPayload, self._end),
            "desk:duty": (DutyPayload, self._duty),
            "desk:take_next": (Empty, self._take_next),
            "desk:hand_over": (HandOverPayload, self._hand_over),
            "ping": (Empty, self._ping),
        }

    @property
    def desk(self) -> Desk:
        return self.app[keys.DESK]

    # -- connection lifecycle -------------------------------------------------------------------

    async def on_connect(self, sid, environ, auth=None):
        principal, first = await self._join(sid, auth)
        if is_desk_worker(principal):
            await self.enter_room(sid, STAFF_ROOM)
        if first:
            await self._send(self.desk.reconnected(principal.account_id).emits)
        # After the connect is answered: alerts still waiting for someone reach this console.
        self.server.start_background_task(crisis.resend_to, self.app, self.server, sid, principal, NAMESPACE)

    async def on_disconnect(self, sid, reason=None):
        account_id = self._part(sid)
        if account_id is not None:  # their last connection here closed
            await self._send(self.desk.disconnected(account_id).emits)


    async def _apply(self, outcome) -> Any:
        await self._send(outcome.emits)
        return outcome.value

    # -- handlers -------------------------------------------------------------------------------

    async def _ping(self, principal, _):
        return {"pong": True}

    async def _status(self, principal, _):
        return self.desk.status_for(principal)

    async def _knock(self, principal, p: KnockPayload):
        return await self._apply(self.desk.knock(principal, p.note))

    async def _leave(self, principal, _):
        return await self._apply(self.desk.leave_queue(principal.account_id))

    async def _say(self, principal, p: SayPayload):
        if is_desk_worker(principal):  # staff write to the person: nothing to shield or alert
            return await self._apply(self.desk.say(p.session_id, principal.account_id, p.text))
        shielded = self.app[keys.SHIELD].desk(validate_text(p.text), confirmed=p.confirmed)
        said = await self._apply(self.desk.say(p.session_id, principal.account_id, shielded.text))
        now = self.app[keys.CLOCK].now()
        context = crisis.lines_of(self.desk.log.recent(desk_channel(said["session_id"]), now))
        found = await crisis.after_text(self.app, shielded, channel="desk", place=said["session_id"],
                                        sender_id=principal.account_id, nickname=said["sender_nickname"], context=context)
        return {**said, **found}

    async def _end(self, principal, p: SessionPayload):
        return await self._apply(self.desk.end(p.session_id, principal.account_id))

    async def _duty(self, principal, p: DutyPayload):
        return await self._apply(self.desk.set_duty(principal, p.status))

    async def _take_next(self, principal, _):
        return await self._apply(self.desk.take_next(principal))

    async def _hand_over(self, principal, p: HandOverPayload):
        return await self._apply(self.desk.hand_over(principal, p.session_id, p.to_account_id))

    # -- the desk's clock -------------------------------------------------------------------------

    async def housekeeping(self) -> None:
        await self._send(self.desk.expire().emits)
        self.desk.log.purge(self.app[keys.CLOCK].now())


async def send_desk_emits(app: web.Application, emits) -> None:
    """For REST handlers: desk events go out on /desk, after commit."""
    await send_emits(app[keys.SIO], emits, namespace=NAMESPACE)


def install_desk(app: web.Application, sio: socketio.AsyncServer) -> None:
    """The live desk on the app, its namespace on ``sio``, and its heartbeat."""
    settings, clock = app[keys.SETTINGS], app[keys.CLOCK]
    app[keys.DESK] = Desk(
        clock, OpeningHours.build(settings.timezone),
        log=ChatLog(window_seconds=settings.chat_window_seconds), grace_seconds=GRACE_SECONDS,
    )
    # Leaving messages: the per-account daily cap lives in the database; this one, per
    # address, slows down someone creating guest after guest to flood the staff's list.
    app[keys.DESK_MESSAGE_LIMITER] = RateLimiter.per_window(clock, limit=MESSAGES_PER_ADDRESS_HOUR, window_s=3600)
    namespace = DeskNamespace(app)
    app[keys.DESK_NS] = namespace
    sio.register_namespace(namespace)
    app.cleanup_ctx.append(_desk_clock)


async def _desk_clock(app: web.Application):
    """Load the opening hours once the database is there, then tick once a second."""
    async with app[keys.DB_SESSIONS]() as db:
        hours = await service.load_hours(db, app[keys.SETTINGS].timezone)
    app[keys.DESK].set_hours(hours)
    namespace = app[keys.DESK_NS]

    async with beating(app[keys.CLOCK], HOUSEKEEPING_SECONDS, namespace.housekeeping, log=log,
                       what="desk housekeeping"):
        yield
