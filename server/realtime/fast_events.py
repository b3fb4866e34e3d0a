"""A short way in for the one event that arrives all the time: ``world:move``.

Everybody walking sends ten steps a second. For each packet python-socketio builds a new JSON
decoder, starts a task and runs its generic event dispatch before Ibasho sees the step, and
that machinery cost more than checking the step itself (see docs/PERFORMANCE.md). A packet
that is exactly ``42<namespace>,<optional ack id>["<event>",<payload>]`` for a registered event
is decoded once here and handed to its handler inline, in the connection's own reader, so the
steps of one person are still handled in the order they were sent. The handler is the same one
the normal path calls (same checks, same answers); a packet that is anything else (another
event, odd framing, bad JSON) takes the normal path, which answers errors as usual.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import socketio
from socketio import packet as sio_packet

from server.core.commands import MAX_DEPTH, too_deep
from server.realtime.lean_websocket import MALFORMED, use_lean_websockets
from server.realtime.live_access import RENEW_EVENT

log = logging.getLogger("ibasho.realtime")

# (event, sid, payload, answer: an ack was asked for, wire_size: the packet's length) -> ack value
EventHandler = Callable[[str, str, Any, bool, int], Awaitable[Any]]
MAX_ACK_ID_DIGITS = 12


def socketio_problem(data: object) -> str | None:
    """Why a message can't be one of Ibasho's Socket.IO packets before decoding it, or None.
    The protocol has no binary payloads, and no event nests deeper than a request body may
    (one level more for the ``[event, payload]`` list around it)."""
    if type(data) is not str:
        return "binary"
    if data[:1] in (str(sio_packet.BINARY_EVENT), str(sio_packet.BINARY_ACK)):
        return "binary_packet"
    if too_deep(data, MAX_DEPTH + 1):
        return "too_deep"
    return None


@dataclass(frozen=True, slots=True)
class FastPacket:
    ack_id: int | None
    payload: Any


def split_event_packet(data: str, head: str, event: str) -> FastPacket | None:
    """``42/space,7["world:move",{...}]`` -> FastPacket(7, {...}) when ``head`` is
    ``42/space,`` and ``event`` is ``world:move``; None for anything else."""
    if not data.startswith(head):
        return None
    start = len(head)
    bracket = data.find("[", start, start + MAX_ACK_ID_DIGITS + 1)
    if bracket < 0:
        return None
    digits = data[start:bracket]
    if digits and not (digits.isascii() and digits.isdigit()):
        return None
    if not data.startswith(f'["{event}",', bracket):
        return None
    try:
        decoded = json.loads(data[bracket:])
    except ValueError:
        return None
    if type(decoded) is not list or len(decoded) != 2:
        return None
    return FastPacket(int(digits) if digits else None, decoded[1])


class IbashoSocketServer(socketio.AsyncServer):
    """python-socketio's server, plus the short way in for registered frequent events, on
    Engine.IO's lean websocket loop (``lean_websocket``). Every event, on either way in, is
    first checked against the connection's live grant (``live_access``)."""

    def __init__(self, *args, fast_path: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Off (IBASHO_FAST_PATH=off): steps take python-socketio's normal path and websockets
        # engineio's own loop; same answers, slower. The private names used are listed in
        # engine_overrides.py.
        self.fast_path = fast_path
        self._fast: list[tuple[str, str, str, EventHandler]] = []  # (head, namespace, event, handler)
        self.live_access = None  # server.realtime.live_access.LiveAccess, set by install_live_access
        if fast_path:
            use_lean_websockets(self.eio)

    async def _trigger_event(self, event, namespace, *args):
        access = self.live_access
        if access is None:  # a bare transport (its own tests): no accounts, nothing to check
            return await super()._trigger_event(event, namespace, *args)
        sid = args[0] if args else None
        if event == "connect":  # the namespace's handler admits it; a refusal holds no grant
            admitted = False
            try:
                admitted = await super()._trigger_event(event, namespace, *args) is not False
                return admitted or False
            finally:
                if not admitted:
                    access.release(namespace, sid)
        if event == "disconnect":
            try:
                return await super()._trigger_event(event, namespace, *args)
            finally:
                access.release(namespace, sid)
        if event == RENEW_EVENT:
            return await access.renew(namespace, sid, args[1] if len(args) > 1 else None)
        refused = access.guard(namespace, sid, event)
        if refused is not None:
            return refused
        return await super()._trigger_event(event, namespace, *args)

    def add_fast_event(self, namespace: str, event: str, handler: EventHandler) -> None:
        """Let ``event`` skip python-socketio's dispatch. ``handler`` must be the one the
        namespace's normal path calls: with the fast path off, that path is the only one."""
        if self.fast_path:
            self._fast.append((f"{sio_packet.EVENT}{namespace},", namespace, event, handler))

    async def _handle_eio_message(self, eio_sid, data):
        """Handle one Socket.IO packet; a malformed one (binary, too deeply nested, undecodable,
        an event without a name) closes only the connection that sent it, with one log line
        naming the kind and no traceback (the packet's text may hold a message or a token)."""
        kind = socketio_problem(data)
        if kind is None:
            try:
                await self._handle_packet(eio_sid, data)
                return
            except Exception as exc:
                kind = type(exc).__name__
        log.warning(MALFORMED, "Socket.IO packet", kind)
        socket = self.eio.sockets.get(eio_sid)
        if socket is not None:
            # without waiting for the queue to drain: a long-polling client may never fetch it
            await socket.close(wait=False, reason=self.eio.reason.SERVER_DISCONNECT)

    async def _handle_event(self, eio_sid, namespace, id, data):
        if type(data) is not list or not data or type(data[0]) is not str:
            raise ValueError("an event needs a name")
        await super()._handle_event(eio_sid, namespace, id, data)

    async def _handle_packet(self, eio_sid, data):
        if type(data) is str and eio_sid not in self._binary_packet:
            for head, namespace, event, handler in self._fast:
                fast = split_event_packet(data, head, event)
                if fast is not None:
                    sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
                    if sid is not None and self.manager.is_connected(sid, namespace):
                        access = self.live_access
                        reply = (access and access.guard(namespace, sid, event)) or await handler(
                            event, sid, fast.payload, fast.ack_id is not None, len(data))
                        if fast.ack_id is not None:
                            await self._send_packet(eio_sid, self.packet_class(
                                sio_packet.ACK, namespace=namespace, id=fast.ack_id, data=[reply]))
                        return
                    break  # not in that namespace (yet): the normal path decides
        await super()._handle_eio_message(eio_sid, data)
