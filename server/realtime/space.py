"""The ``/space`` namespace: the 2D world. Thin: authenticate, parse, call the domain, ack.

Every client event is acked with ``{ok, data}`` or ``{ok: false, error}``. Unknown events,
bad payloads and refusals are answered, never raised, so one client's mistake cannot
disturb another client or the server.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

import socketio
from aiohttp import web

from avatars.look_codes import look_code, stored_look
from avatars.models import Account
from moderation import audit
from rooms import blocks as block_store
from rooms import visibility
from rooms.chat import conversation_channel, validate_text, zone_channel
from rooms.space import Arrival, Space
from server import keys
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Emit
from server.core.ratelimit import RateLimiter
from server.realtime import crisis
from server.realtime.broadcaster import STAFF_ROOM, account_room, send_emits
from server.realtime.connection import authenticate
from server.realtime.fast_events import IbashoSocketServer
from server.realtime.lean_websocket import send_now
from server.realtime.protocol import Command, fail, ok, parse_payload
from server.realtime.resume import ResumeSigner
from server.realtime.space_frames import NAMESPACE, batch_frame, event_frame, with_field
from server.realtime.space_payloads import (
    AccountPayload, ConversationPayload, Empty, EmotePayload, HiddenPayload, InvitePayload, MovePayload,
    RequestPayload, Resume, RevealPayload, SayPayload, StatusPayload, ZoneSayPayload,
)

log = logging.getLogger("ibasho.space")
PLACE_RENEW_S = 2.0  # a walker's batch carries a freshly signed place at most this often
TICK_S = 0.1  # the world's clock: one batch per viewer per tick
STOPPED_AFTER_S = 0.3  # no step for this long: the walk ended (steps come 10 a second)


@dataclass
class Connections:
    """Which socket belongs to which account on this process, and who is briefly away."""

    sid_of: dict[str, str] = field(default_factory=dict)
    account_of: dict[str, str] = field(default_factory=dict)
    departing: dict[str, asyncio.TimerHandle] = field(default_factory=dict)
    place_sent_at: dict[str, float] = field(default_factory=dict)  # account -> monotonic time
    last_step_at: dict[str, float] = field(default_factory=dict)  # walkers -> tick of their last step
    to_correct: set[str] = field(default_factory=set)  # walkers with refused steps since the last tick


Handler = Callable[[str, str, Any], Awaitable[Any]]


class SpaceNamespace(socketio.AsyncNamespace):
    def __init__(self, app: web.Application):
        super().__init__(NAMESPACE)
        self.app = app
        self.connections = Connections()
        clock = app[keys.CLOCK]
        settings = app[keys.SETTINGS]
        self.resume_signer = ResumeSigner(settings.secret, clock, ttl_seconds=max(600, settings.reconnect_grace_seconds))
        # A flood guard for all events of one connection; moves have their own limit in the world.
        self._events = RateLimiter.per_window(clock, limit=60, window_s=1.0)
        self._handlers: dict[str, tuple[type[Command], Handler]] = {
            "world:snapshot": (Empty, self._snapshot),
            "world:move": (MovePayload, self._move),
            "presence:status": (StatusPayload, self._status),
            "presence:hidden": (HiddenPayload, self._hidden),
            "presence:look": (Empty, self._look_changed),
            "presence:reveal_hidden": (RevealPayload, self._reveal_hidden),
            "emote:send": (EmotePayload, self._emote),
            "contact:invite": (InvitePayload, self._invite),
            "contact:accept": (RequestPayload, self._accept),
            "contact:decline": (RequestPayload, self._decline),
            "contact:withdraw": (RequestPayload, self._withdraw),
            "contact:leave": (ConversationPayload, self._leave_conversation),
            "chat:say": (SayPayload, self._say),
            "zone:say": (ZoneSayPayload, self._zone_say),
            "block:add": (AccountPayload, self._block),
            "block:remove": (AccountPayload, self._unblock),
            "block:list": (Empty, self._block_list),
            "ping": (Empty, self._ping),
        }
        self._unanswered: dict[str, Handler] = {"world:move": self._step}

    @property
    def space(self) -> Space:
        return self.app[keys.SPACE]

    # -- connection lifecycle -------------------------------------------------------------------

    async def on_connect(self, sid, environ, auth=None):
        principal = await authenticate(self.app, auth, namespace=NAMESPACE, sid=sid)
        resume = self._resume_from(auth)
        async with self.app[keys.DB_SESSIONS]() as db:
            account = await db.get(Account, principal.account_id)
            blocked = await block_store.blocked_by(db, principal.account_id)
        account_id = principal.account_id
        world = self.space.world
        previous_sid = self.connections.sid_of.get(account_id)
        pending = self.connections.departing.pop(account_id, None)
        if pending is not None:
            pending.cancel()
        profile = world.profile(account_id)
        if profile is not None:  # still here (a blip, or another tab): keep place and status
            position, instance_id = world.position_of(account_id), profile.instance_id
            status, hidden = profile.status, profile.hidden
        else:
            place = self.resume_signer.verify(resume.place, account_id)
            instance_id, position = (place[0], (place[1], place[2])) if place else (None, None)
            status, hidden = resume.status or "just_here", bool(resume.hidden)
        self.space.enter(Arrival(
            principal=principal, look=look_code(stored_look(account.look)), blocked_ids=blocked,
            status=status, hidden=hidden, position=position, instance_id=instance_id,
        ))
        self.connections.sid_of[account_id] = sid
        self.connections.account_of[sid] = account_id
        await self.save_session(sid, {"principal": principal})
        await self.enter_room(sid, account_room(account_id))
        if principal.is_staff:
            await self.enter_room(sid, STAFF_ROOM)
        # One avatar per account: an older tab, on this or another server process, is told
        # to step aside (the client closes itself); a local one is also disconnected here.
        await self.emit("session:replaced", {}, room=account_room(account_id), skip_sid=sid)
        if previous_sid and previous_sid != sid:
            self.connections.account_of.pop(previous_sid, None)
            await self.disconnect(previous_sid)
        await self.emit("world:snapshot", self._snapshot_payload(account_id), to=sid)

    def _resume_from(self, auth: object) -> Resume:
        raw = auth.get("resume") if isinstance(auth, dict) else None
        try:
            return parse_payload(Resume, raw) if isinstance(raw, dict) else Resume()
        except DomainError:
            return Resume()  # a stale or odd resume hint just means a fresh arrival

    async def on_disconnect(self, sid, reason=None):
        account_id = self.connections.account_of.pop(sid, None)
        if account_id is None or self.connections.sid_of.get(account_id) != sid:
            return
        grace = self.app[keys.SETTINGS].reconnect_grace_seconds
        loop = asyncio.get_running_loop()
        self.connections.departing[account_id] = loop.call_later(
            grace, lambda: asyncio.ensure_future(self._depart(account_id))
        )

    async def _depart(self, account_id: str) -> None:
        self.connections.departing.pop(account_id, None)
        if account_id in self.connections.sid_of and self.connections.sid_of[account_id] in self.connections.account_of:
            return  # came back in the meantime
        self.connections.sid_of.pop(account_id, None)
        self.connections.place_sent_at.pop(account_id, None)
        self.connections.last_step_at.pop(account_id, None)
        await self._send(self.space.leave(account_id).emits)

    async def depart_all(self) -> None:
        for handle in self.connections.departing.values():
            handle.cancel()
        self.connections.departing.clear()

    # -- dispatch -------------------------------------------------------------------------------

    async def trigger_event(self, event, *args):
        if event in ("connect", "disconnect"):
            return await super().trigger_event(event, *args)
        sid = args[0] if args else None
        data = args[1] if len(args) > 1 else None
        if len(args) > 2:  # every event carries one payload object, nothing after it
            return fail(ErrorCode.INVALID)
        return await self.handle(event, sid, data)

    def install_fast_path(self, server: IbashoSocketServer) -> None:
        """Steps skip python-socketio's per-event task and dispatch (they come 10 a second
        from everyone walking); they still go through ``handle`` like every other event."""
        server.add_fast_event(NAMESPACE, "world:move", self.handle)

    async def handle(self, event: object, sid: str | None, data: Any, answer: bool = True,
                     wire_size: int | None = None) -> dict:
        """Check, parse and run one client event; the answer is the ack envelope. With
        ``answer=False`` (nobody asked for an ack) handlers may skip building a reply."""
        account_id = self.connections.account_of.get(sid)
        if account_id is None:
            return fail(ErrorCode.UNAUTHENTICATED)
        if not self._events.try_acquire(sid):
            return fail(ErrorCode.RATE_LIMITED)
        entry = self._handlers.get(event) if isinstance(event, str) else None
        if entry is None:
            return fail(ErrorCode.UNKNOWN_EVENT)
        model, handler = entry
        if not answer:
            handler = self._unanswered.get(event, handler)
        try:
            payload = parse_payload(model, data, wire_size=wire_size)
            return ok(await handler(sid, account_id, payload))
        except DomainError as exc:
            if exc.code == ErrorCode.MOVE_REJECTED or (event == "world:move" and exc.code == ErrorCode.RATE_LIMITED):
                # Sent with the next tick, once however many steps were refused meanwhile
                # (a client that lagged may have several in flight).
                self.connections.to_correct.add(account_id)
            return fail(exc.code, field=exc.field, detail=exc.detail)
        except Exception:
            log.exception("space event %s failed", event)  # the event name only: no payload
            return fail(ErrorCode.INTERNAL)

    async def _send(self, emits: tuple[Emit, ...] | list[Emit]) -> None:
        await send_emits(self.server, emits, namespace=NAMESPACE)

    async def _send_corrections(self, eio_sid_of) -> None:
        """``world:correct`` to each walker with refused steps since the last tick."""
        to_correct, self.connections.to_correct = self.connections.to_correct, set()
        for account_id in to_correct:
            position = self.space.world.position_of(account_id)
            sid = self.connections.sid_of.get(account_id)
            eio_sid = eio_sid_of(sid, NAMESPACE) if sid is not None else None
            if position is not None and eio_sid is not None:
                frame = event_frame("world:correct", f'{{"x":{round(position[0], 1)!r},"y":{round(position[1], 1)!r}}}')
                await send_now(self.server.eio, eio_sid, frame)

    def _place_token(self, account_id: str) -> str | None:
        world = self.space.world
        position, instance_id = world.position_of(account_id), world.instance_of(account_id)
        if position is None or instance_id is None:
            return None
        return self.resume_signer.sign(account_id, instance_id, position[0], position[1])

    def _snapshot_payload(self, account_id: str) -> dict:
        snapshot = self.space.snapshot_for(account_id)
        snapshot["map_id"] = self.space.world.map.id
        snapshot["place"] = self._place_token(account_id)
        profile = self.space.world.profile(account_id)
        snapshot["hidden"] = profile.hidden if profile else False
        return snapshot

    # -- handlers ---------------------------------------------------------------------------------

    async def _ping(self, sid, account_id, _):
        return {"pong": True}

    async def _snapshot(self, sid, account_id, _):
        return self._snapshot_payload(account_id)

    async def _step(self, sid, account_id, p: MovePayload) -> None:
        # Unanswered: the next batch confirms it; a signed place would be wasted work here.
        self.space.world.move(account_id, p.x, p.y, p.dir)

    async def _move(self, sid, account_id, p: MovePayload):
        x, y = self.space.world.move(account_id, p.x, p.y, p.dir)
        return {"x": round(x, 1), "y": round(y, 1), "place": self._place_token(account_id)}

    async def _status(self, sid, account_id, p: StatusPayload):
        self.space.world.set_status(account_id, p.status)
        return {"status": p.status}

    async def _hidden(self, sid, account_id, p: HiddenPayload):
        self.space.world.set_hidden(account_id, p.hidden)
        return {"hidden": p.hidden}

    async def _reveal_hidden(self, sid, account_id, p: RevealPayload):
        """A moderator's or admin's bounded look at hidden people: checked, then written to the
        audit log, then opened (a look that could not be logged does not happen)."""
        principal = (await self.get_session(sid))["principal"]
        if p.on:
            reason = visibility.check_reveal(principal, p.reason)
            action, detail = visibility.AUDIT_REVEAL, {"reason": reason, "seconds": visibility.REVEAL_SECONDS}
        else:
            if not visibility.may_reveal(principal):
                raise DomainError(ErrorCode.FORBIDDEN)
            if self.space.reveals.active(account_id) is None:  # nothing to end, nothing to log
                return self.space.stop_reveal(principal).value
            action, detail = visibility.AUDIT_REVEAL_OFF, {}
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await audit.record(db, self.app[keys.CLOCK], actor_id=account_id, action=action,
                               target=self.space.world.instance_of(account_id), detail=detail)
        outcome = self.space.start_reveal(principal, reason) if p.on else self.space.stop_reveal(principal)
        return outcome.value

    async def _look_changed(self, sid, account_id, _):
        # The look is saved over REST (PUT /api/me/look); this tells the world to show it.
        async with self.app[keys.DB_SESSIONS]() as db:
            account = await db.get(Account, account_id)
        code = look_code(stored_look(account.look))
        self.space.world.set_look(account_id, code)
        return {"look": code}

    async def _emote(self, sid, account_id, p: EmotePayload):
        outcome = self.space.emote(account_id, p.emote, p.to)
        await self._send(outcome.emits)
        return outcome.value

    async def _invite(self, sid, account_id, p: InvitePayload):
        outcome = self.space.invite(account_id, p.to)
        await self._send(outcome.emits)
        return outcome.value

    async def _accept(self, sid, account_id, p: RequestPayload):
        outcome = self.space.conversations.accept(p.request_id, account_id)
        await self._send(outcome.emits)
        return outcome.value

    async def _decline(self, sid, account_id, p: RequestPayload):
        outcome = self.space.conversations.decline(p.request_id, account_id)
        await self._send(outcome.emits)
        return outcome.value

    async def _withdraw(self, sid, account_id, p: RequestPayload):
        outcome = self.space.conversations.withdraw(p.request_id, account_id)
        await self._send(outcome.emits)
        return outcome.value

    async def _leave_conversation(self, sid, account_id, p: ConversationPayload):
        outcome = self.space.conversations.leave(p.conversation_id, account_id)
        await self._send(outcome.emits)
        return outcome.value

    async def _say(self, sid, account_id, p: SayPayload):
        shielded = self.app[keys.SHIELD].public(validate_text(p.text))
        outcome = self.space.conversations.say(p.conversation_id, account_id, shielded.text)
        await self._send(outcome.emits)
        return await self._after_text(shielded, outcome.value, "conversation", conversation_channel(p.conversation_id))

    async def _zone_say(self, sid, account_id, p: ZoneSayPayload):
        shielded = self.app[keys.SHIELD].public(validate_text(p.text))
        outcome = self.space.zone_say(account_id, shielded.text)
        await self._send(outcome.emits)
        said = outcome.value
        return await self._after_text(shielded, said, "zone", zone_channel(said["map_instance"], said["zone"]))

    async def _after_text(self, shielded, said: dict, channel_kind: str, channel: str) -> dict:
        """The sender's answer: the message id, what the shield hid and why, and, when the
        words sound like a crisis, the support lines (staff were asked first)."""
        now = self.app[keys.CLOCK].now()
        context = crisis.lines_of(self.space.conversations.log.recent(channel, now))
        found = await crisis.after_text(self.app, shielded, channel=channel_kind, place=channel[:64],
                                        sender_id=said["sender_id"], nickname=said["sender_nickname"], context=context)
        return {"id": said["id"], **shielded.sender_notice(), **found}

    async def _block(self, sid, account_id, p: AccountPayload):
        principal = (await self.get_session(sid))["principal"]
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await block_store.add_block(db, self.app[keys.CLOCK], principal, p.account_id)
        outcome = self.space.block(account_id, p.account_id)
        await self._send(outcome.emits)
        return {}

    async def _unblock(self, sid, account_id, p: AccountPayload):
        principal = (await self.get_session(sid))["principal"]
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await block_store.remove_block(db, principal, p.account_id)
        self.space.unblock(account_id, p.account_id)
        return {}

    async def _block_list(self, sid, account_id, _):
        principal = (await self.get_session(sid))["principal"]
        async with self.app[keys.DB_SESSIONS]() as db:
            return {"blocked": await block_store.list_blocks(db, principal)}

    # -- the clock of the world -------------------------------------------------------------------

    async def flush_tick(self) -> int:
        """Send each viewer one batch of what changed near them; returns how many were sent.

        The world hands over each batch already JSON-encoded (entries are encoded once per
        cell and shared by its watchers), and the batch is queued straight on the viewer's
        Engine.IO socket as the very packet ``emit`` would build. Viewers are connections of
        this process. ``emit(to=sid)`` would encode every entry again for every viewer, walk
        the data looking for bytes, and start and await a task per viewer (two trips through
        the event loop each, so the last viewer of a big tick waited for everyone else's
        traffic); with a Redis manager it would also publish every batch. Queuing on the
        socket never suspends; the socket's writer sends the frame. A walker's own batch also
        holds ``you`` (the place the world confirmed) and, every ``PLACE_RENEW_S``, ``place``
        (a signed resume token), so steps need no answer of their own.
        """
        world = self.space.world
        movers = world.pending_movers()
        batches = world.tick_json()
        sid_of = self.connections.sid_of
        server = self.server
        eio_sid_of = server.manager.eio_sid_from_sid
        now = self.app[keys.CLOCK].monotonic()
        sent = 0
        for account_id, batch in batches.items():
            sid = sid_of.get(account_id)
            eio_sid = eio_sid_of(sid, NAMESPACE) if sid is not None else None
            if eio_sid is not None:
                if account_id in movers:
                    place = self._renewed_place(account_id, now)
                    if place is not None:
                        batch = with_field(batch, "place", place)
                await send_now(server.eio, eio_sid, batch_frame(batch))
                sent += 1
        await self._send_corrections(eio_sid_of)
        last_step_at = self.connections.last_step_at
        for account_id in movers:
            last_step_at[account_id] = now
        await self._place_where_stopped(now)
        return sent

    async def _place_where_stopped(self, now: float) -> None:
        """Whoever stopped walking (no step for ``STOPPED_AFTER_S``) gets a signed place for
        exactly where they stand, unless the batch with their last step carried one, so a
        restart brings them back right there."""
        last_step_at, sent_at = self.connections.last_step_at, self.connections.place_sent_at
        stopped = [a for a, at in last_step_at.items() if now - at >= STOPPED_AFTER_S]
        for account_id in stopped:
            last = last_step_at.pop(account_id)
            sid = self.connections.sid_of.get(account_id)
            if sid is None or sent_at.get(account_id, -PLACE_RENEW_S) >= last:
                continue
            place = self._place_token(account_id)
            if place is not None:
                sent_at[account_id] = now
                await self.emit("world:place", {"place": place}, to=sid)

    def _renewed_place(self, account_id: str, now: float) -> str | None:
        """A walker's resume place, signed again once ``PLACE_RENEW_S`` have passed (signing
        every step of everyone cost more than the step)."""
        sent_at = self.connections.place_sent_at
        last = sent_at.get(account_id)
        if last is not None and now - last < PLACE_RENEW_S:
            return None
        sent_at[account_id] = now
        return self._place_token(account_id)

    async def housekeeping(self) -> None:
        outcome = self.space.expire()
        await self._send(outcome.emits)
        await self._send(self.space.expire_reveals().emits)
        await self._send(self.space.hidden_counts().emits)
        now = self.app[keys.CLOCK].now()
        self.space.zone_chat.log.purge(now)
        self.space.conversations.log.purge(now)

