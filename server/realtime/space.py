"""The ``/space`` namespace: the 2D world. Thin: authenticate, call the domain, send what
changed. Dispatch, payloads and the acked envelope are the namespace shell's
(member_namespace.py, from client_events.py), like /desk and /consult; steps take its fast path.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from aiohttp import web

from avatars.look_codes import look_code, stored_look
from avatars.models import Account
from moderation import audit
from rooms import blocks as block_store
from rooms import visibility
from rooms.chat import conversation_channel, validate_text, zone_channel
from rooms.space import Arrival, Space
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal
from server.realtime.broadcaster import STAFF_ROOM, account_room
from server.realtime import crisis
from server.realtime.connection import authenticate
from server.realtime.lean_websocket import send_now
from server.realtime.member_namespace import MemberNamespace
from server.realtime.payloads import SayPayload
from server.realtime.protocol import parse_payload
from server.realtime.resume import ResumeSigner
from server.realtime import space_moderation
from server.realtime.space_frames import NAMESPACE, batch_frame, event_frame, with_field
from server.realtime.space_payloads import (
    AccountPayload, AskLeavePayload, ChatSayPayload, ConversationPayload, EmotePayload, HiddenPayload,
    HideMessagePayload, InvitePayload, MovePayload,
    RequestPayload, Resume, RevealPayload, StatusPayload,
)

log = logging.getLogger("ibasho.space")
# The flood guard of one connection (all events); steps have their own limit in the world.
EVENTS_PER_SECOND = 60
PLACE_RENEW_S = 2.0  # a walker's batch carries a freshly signed place at most this often
TICK_S = 0.1  # the world's clock: one batch per viewer per tick
STOPPED_AFTER_S = 0.3  # no step for this long: the walk ended (steps come 10 a second)


@dataclass
class Connections:
    """Which socket is each account's avatar on this process (one per account; who is
    connected is the shell's ``principal_of``), and who is briefly away."""

    sid_of: dict[str, str] = field(default_factory=dict)
    departing: dict[str, asyncio.TimerHandle] = field(default_factory=dict)
    place_sent_at: dict[str, float] = field(default_factory=dict)  # account -> monotonic time
    last_step_at: dict[str, float] = field(default_factory=dict)  # walkers -> tick of their last step
    to_correct: set[str] = field(default_factory=set)  # walkers with refused steps since the last tick
    stepped_out: set[str] = field(default_factory=set)  # left the map at once (world:step_out)


class SpaceNamespace(MemberNamespace):
    def __init__(self, app: web.Application):
        super().__init__(NAMESPACE, app, log=log, events_per_second=EVENTS_PER_SECOND)
        self.connections = Connections()
        settings = app[keys.SETTINGS]
        self.resume_signer = ResumeSigner(settings.secret, app[keys.CLOCK],
                                          ttl_seconds=max(600, settings.reconnect_grace_seconds))

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
        await self._note(sid, principal)
        await funnel.note(self.app, principal, Step.VISIT, account.created_at)  # once a day per account
        if principal.is_staff:
            await self.enter_room(sid, STAFF_ROOM)
        # One avatar per account: an older tab, on this or another server process, is told
        # to step aside (the client closes itself); a local one is also disconnected here.
        await self.emit("session:replaced", {}, room=account_room(account_id), skip_sid=sid)
        if previous_sid and previous_sid != sid:
            self._part(previous_sid)  # its events are refused from now on
            await self.disconnect(previous_sid)
        await self.emit("world:snapshot", self._snapshot_payload(account_id), to=sid)

    def _resume_from(self, auth: object) -> Resume:
        raw = auth.get("resume") if isinstance(auth, dict) else None
        try:
            return parse_payload(Resume, raw) if isinstance(raw, dict) else Resume()
        except DomainError:
            return Resume()  # a stale or odd resume hint just means a fresh arrival

    async def on_disconnect(self, sid, reason=None):
        account_id = self._part(sid)
        if account_id is None or self.connections.sid_of.get(account_id) != sid:
            return  # a replaced tab, or not the account's last connection here
        if account_id in self.connections.stepped_out:  # already gone from the map: no grace
            self.connections.stepped_out.discard(account_id)
            await self._depart(account_id)
            return
        grace = self.app[keys.SETTINGS].reconnect_grace_seconds
        self.space.world.set_away(account_id, True)
        loop = asyncio.get_running_loop()
        self.connections.departing[account_id] = loop.call_later(
            grace, lambda: asyncio.ensure_future(self._depart(account_id))
        )

    async def _depart(self, account_id: str) -> None:
        self.connections.departing.pop(account_id, None)
        if account_id in self.connections.sid_of and self.connections.sid_of[account_id] in self.principal_of:
            return  # came back in the meantime
        self.connections.sid_of.pop(account_id, None)
        self.connections.place_sent_at.pop(account_id, None)
        self.connections.last_step_at.pop(account_id, None)
        await self._send(self.space.leave(account_id).emits)

    async def depart_all(self) -> None:
        for handle in self.connections.departing.values():
            handle.cancel()
        self.connections.departing.clear()

    def _refused(self, event: str, principal: Principal, refusal: DomainError) -> None:
        if refusal.code == ErrorCode.MOVE_REJECTED or (event == "world:move" and refusal.code == ErrorCode.RATE_LIMITED):
            # Sent with the next tick, once however many steps were refused meanwhile
            # (a client that lagged may have several in flight).
            self.connections.to_correct.add(principal.account_id)

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

    # -- handlers (declared in client_events.py) ----------------------------------------------------

    async def _snapshot(self, principal: Principal, _):
        return self._snapshot_payload(principal.account_id)

    async def _step(self, principal: Principal, p: MovePayload) -> None:
        # Unanswered: the next batch confirms it; a signed place would be wasted work here.
        self.space.world.move(principal.account_id, p.x, p.y, p.dir)

    async def _move(self, principal: Principal, p: MovePayload):
        x, y = self.space.world.move(principal.account_id, p.x, p.y, p.dir)
        return {"x": round(x, 1), "y": round(y, 1), "place": self._place_token(principal.account_id)}

    async def _status(self, principal: Principal, p: StatusPayload):
        self.space.world.set_status(principal.account_id, p.status)
        return {"status": p.status}

    async def _step_out(self, principal: Principal, _):
        """Leave the map at once, without the reconnect grace: the person goes into a live event
        (docs/EVENTS.md), and an "away" avatar left standing in the hall would say who attends.
        Others see them leave like anyone who leaves; the client closes its socket next, and a
        new connection is a fresh arrival at the signed resume point."""
        place = self._place_token(principal.account_id)  # signed before leaving: where to come back
        self.connections.stepped_out.add(principal.account_id)
        await self._send(self.space.leave(principal.account_id).emits)
        return {"left": True, "place": place}

    async def _hidden(self, principal: Principal, p: HiddenPayload):
        self.space.world.set_hidden(principal.account_id, p.hidden)
        return {"hidden": p.hidden}

    async def _reveal_hidden(self, principal: Principal, p: RevealPayload):
        """A moderator's or admin's bounded look at hidden people: checked, then written to the
        audit log, then opened (a look that could not be logged does not happen)."""
        if p.on:
            reason = visibility.check_reveal(principal, p.reason)
            action, detail = visibility.AUDIT_REVEAL, {"reason": reason, "seconds": visibility.REVEAL_SECONDS}
        else:
            if not visibility.may_reveal(principal):
                raise DomainError(ErrorCode.FORBIDDEN)
            if self.space.reveals.active(principal.account_id) is None:  # nothing to end, nothing to log
                return self.space.stop_reveal(principal).value
            action, detail = visibility.AUDIT_REVEAL_OFF, {}
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await audit.record(db, self.app[keys.CLOCK], actor_id=principal.account_id, action=action,
                               target=self.space.world.instance_of(principal.account_id), detail=detail)
        outcome = self.space.start_reveal(principal, reason) if p.on else self.space.stop_reveal(principal)
        return outcome.value

    async def _look_changed(self, principal: Principal, _):
        # The look is saved over REST (PUT /api/me/look); this tells the world to show it.
        async with self.app[keys.DB_SESSIONS]() as db:
            account = await db.get(Account, principal.account_id)
        code = look_code(stored_look(account.look))
        self.space.world.set_look(principal.account_id, code)
        return {"look": code}

    async def _emote(self, principal: Principal, p: EmotePayload):
        sent = await self._apply(self.space.emote(principal.account_id, p.emote, p.to))
        await funnel.note(self.app, principal, Step.FIRST_STAMP)  # in memory after the first of the day
        return sent

    async def _invite(self, principal: Principal, p: InvitePayload):
        return await self._apply(self.space.invite(principal.account_id, p.to))

    async def _accept(self, principal: Principal, p: RequestPayload):
        return await self._apply(self.space.conversations.accept(p.request_id, principal.account_id))

    async def _decline(self, principal: Principal, p: RequestPayload):
        return await self._apply(self.space.conversations.decline(p.request_id, principal.account_id))

    async def _withdraw(self, principal: Principal, p: RequestPayload):
        return await self._apply(self.space.conversations.withdraw(p.request_id, principal.account_id))

    async def _leave_conversation(self, principal: Principal, p: ConversationPayload):
        return await self._apply(self.space.conversations.leave(p.conversation_id, principal.account_id))

    async def _say(self, principal: Principal, p: ChatSayPayload):
        shielded = self.app[keys.SHIELD].public(validate_text(p.text))
        outcome = self.space.conversations.say(p.conversation_id, principal.account_id, shielded.text)
        await self._send(outcome.emits)
        await funnel.note(self.app, principal, Step.FIRST_TEXT)
        return await self._after_text(shielded, outcome.value, "conversation", conversation_channel(p.conversation_id))

    async def _zone_say(self, principal: Principal, p: SayPayload):
        shielded = self.app[keys.SHIELD].public(validate_text(p.text))
        outcome = self.space.zone_say(principal.account_id, shielded.text)
        await self._send(outcome.emits)
        await funnel.note(self.app, principal, Step.FIRST_TEXT)
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

    async def _block(self, principal: Principal, p: AccountPayload):
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await block_store.add_block(db, self.app[keys.CLOCK], principal, p.account_id)
        outcome = self.space.block(principal.account_id, p.account_id)
        await self._send(outcome.emits)
        return {}

    async def _unblock(self, principal: Principal, p: AccountPayload):
        async with self.app[keys.DB_SESSIONS].begin() as db:
            await block_store.remove_block(db, principal, p.account_id)
        self.space.unblock(principal.account_id, p.account_id)
        return {}

    # -- moderators in the space (server/realtime/space_moderation.py) ---------------------------

    async def _hide_message(self, principal: Principal, p: HideMessagePayload):
        return await space_moderation.hide_message(self, principal, p)

    async def _ask_leave(self, principal: Principal, p: AskLeavePayload):
        return await space_moderation.ask_leave(self, principal, p)

    async def _block_list(self, principal: Principal, _):
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

