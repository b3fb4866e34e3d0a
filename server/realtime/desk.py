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

import socketio
from aiohttp import web

from rooms.chat import validate_text
from rooms.desk import service
from rooms.desk.policy import is_desk_worker
from rooms.desk.queue import Desk
from rooms.desk.records import desk_channel
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core.delivery import DESK as NAMESPACE
from server.realtime.broadcaster import STAFF_ROOM
from server.realtime.desk_payloads import DeskSayPayload, DeskSessionPayload, DutyPayload, HandOverPayload, KnockPayload
from server.realtime import crisis
from server.realtime.heartbeat import beating
from server.realtime.member_namespace import MemberNamespace

log = logging.getLogger("ibasho.desk")
EVENTS_PER_SECOND = 20  # the flood guard of one connection
GRACE_SECONDS = 60.0
HOUSEKEEPING_SECONDS = 1.0
MESSAGES_PER_ADDRESS_HOUR = 10


class DeskNamespace(MemberNamespace):
    def __init__(self, app: web.Application):
        super().__init__(NAMESPACE, app, log=log, events_per_second=EVENTS_PER_SECOND)

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

    # -- handlers (declared in client_events.py) -------------------------------------------------

    async def _status(self, principal, _):
        return self.desk.status_for(principal)

    async def _knock(self, principal, p: KnockPayload):
        knocked = await self._apply(self.desk.knock(principal, p.note))
        await funnel.note(self.app, principal, Step.DESK_CONTACT)
        return knocked

    async def _leave(self, principal, _):
        return await self._apply(self.desk.leave_queue(principal.account_id))

    async def _say(self, principal, p: DeskSayPayload):
        if is_desk_worker(principal):  # staff write to the person: nothing to shield or alert
            return await self._apply(self.desk.say(p.session_id, principal.account_id, p.text))
        shielded = self.app[keys.SHIELD].desk(validate_text(p.text), confirmed=p.confirmed)
        said = await self._apply(self.desk.say(p.session_id, principal.account_id, shielded.text))
        now = self.app[keys.CLOCK].now()
        context = crisis.lines_of(self.desk.log.recent(desk_channel(said["session_id"]), now))
        found = await crisis.after_text(self.app, shielded, channel="desk", place=said["session_id"],
                                        sender_id=principal.account_id, nickname=said["sender_nickname"], context=context)
        return {**said, **found}

    async def _end(self, principal, p: DeskSessionPayload):
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


def install_desk(app: web.Application, sio: socketio.AsyncServer) -> DeskNamespace:
    """The desk's namespace on ``sio`` and its heartbeat (the live desk itself, and the key
    the namespace is kept under, belong to the composition root, server/composition.py)."""
    namespace = DeskNamespace(app)
    sio.register_namespace(namespace)
    app.cleanup_ctx.append(_desk_clock)
    return namespace


async def _desk_clock(app: web.Application):
    """Load the opening hours once the database is there, then tick once a second."""
    async with app[keys.DB_SESSIONS]() as db:
        hours = await service.load_hours(db, app[keys.SETTINGS].timezone)
    app[keys.DESK].set_hours(hours)
    namespace = app[keys.DESK_NS]

    async with beating(app[keys.CLOCK], HOUSEKEEPING_SECONDS, namespace.housekeeping, log=log,
                       what="desk housekeeping"):
        yield
