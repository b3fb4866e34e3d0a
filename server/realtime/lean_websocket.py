"""A leaner Engine.IO loop for connections that open straight on the websocket transport.

python-engineio serves each websocket with a reader that, for every frame received, starts a
task and arms a timer (``wait_for``), then goes through a generic event trigger that inspects
the handler each time; its writer arms another task and timer for every frame it sends. With
hundreds of people walking, that is 20,000 frames a second, and this bookkeeping was about a
fifth of the server's time (docs/PERFORMANCE.md). Here the same work is done with one reader
and one writer per connection and one idle timer per connection, re-armed only when it fires:

* frames are read in order and each Engine.IO message goes straight to the Socket.IO
  server's message handler (which checks and answers as usual); pings, pongs, close and
  anything else go through engineio's own ``receive``;
* the writer sends what engineio queued for the socket, in order, as engineio's does;
  ``send_now`` lets the world's clock put a frame on the wire at once when nothing is queued
  or being sent for that socket (so every batch of a tick leaves before the steps that came
  in meanwhile are read, instead of after a writer wake-up per connection);
* a connection that sends nothing for ``ping_interval + ping_timeout`` is closed, as with
  engineio's own loop (clients answer the server's pings, so a live one never idles that long);
* when either side ends, the socket is closed through engineio (disconnect handlers run once);
* a malformed frame (binary, an unknown packet type, or a message the Socket.IO server refuses
  as malformed) ends that connection alone, with one log line naming the kind.

Connections that start on long-polling and upgrade keep engineio's own loop (the upgrade
handshake is its business); Ibasho's web client opens on the websocket directly.
"""
from __future__ import annotations

import asyncio
import functools
import logging

from engineio import exceptions
from engineio import packet as eio_packet
from engineio.async_drivers.aiohttp import WebSocket
from engineio.async_socket import AsyncSocket

log = logging.getLogger("ibasho.realtime")
_MESSAGE = str(eio_packet.MESSAGE)
# One line per malformed frame, naming its kind; never its content (it may hold text or a
# token), never a traceback. Only the connection that sent it is closed.
MALFORMED = "a malformed %s closed its connection (%s)"
_KNOWN_TYPES = frozenset(str(t) for t in range(len(eio_packet.packet_names)))


def _engineio_problem(data: object) -> str | None:
    """Why a websocket frame that is not a message can't be an Engine.IO packet, or None.
    Ibasho sends and expects text only: a binary frame is malformed here."""
    if type(data) is not str:
        return "binary"
    if data[:1] not in _KNOWN_TYPES:
        return "unknown_type"
    return None


class LeanWebSocket(WebSocket):
    """engineio's aiohttp websocket driver, running ``serve_websocket`` for new connections."""

    async def __call__(self, environ):
        socket = getattr(self.handler, "__self__", None)
        if isinstance(socket, AsyncSocket) and not socket.connected:
            self.handler = functools.partial(serve_websocket, socket)
        return await super().__call__(environ)


def use_lean_websockets(eio_server) -> None:
    """Have this Engine.IO server (only this one) serve new websockets with the lean loop."""
    eio_server._async = {**eio_server._async, "websocket": LeanWebSocket}


class _Link:
    """A lean connection's websocket, and whether something is being written to it."""

    __slots__ = ("ws", "sending")

    def __init__(self, ws: WebSocket):
        self.ws = ws
        self.sending = False

    async def write(self, text: str) -> None:
        self.sending = True
        try:
            await self.ws.send(text)
        finally:
            self.sending = False


async def send_now(eio_server, eio_sid: str, text: str) -> None:
    """Send one Engine.IO message, straight onto the websocket when that keeps the order
    (nothing queued, nothing being written), else through engineio's queue as usual."""
    socket = eio_server.sockets.get(eio_sid)
    if socket is None or socket.closed or socket.closing:
        return
    link: _Link | None = getattr(socket, "lean_link", None)
    if link is None or link.sending or not socket.queue.empty():
        await eio_server.send_packet(eio_sid, eio_packet.Packet(eio_packet.MESSAGE, text))
        return
    try:
        await link.write(_MESSAGE + text)
    except Exception:  # the connection went away: its reader ends it
        pass


async def serve_websocket(socket: AsyncSocket, ws: WebSocket) -> None:
    server = socket.server
    socket.connected = True
    socket.upgraded = True
    link = socket.lean_link = _Link(ws)
    loop = asyncio.get_running_loop()
    idle_limit = server.ping_interval + server.ping_timeout
    last_heard = loop.time()

    def check_idle() -> None:
        nonlocal watchdog
        quiet_for = loop.time() - last_heard
        if quiet_for >= idle_limit:
            closing.append(asyncio.ensure_future(ws.close()))  # the pending read then ends
        else:
            watchdog = loop.call_later(idle_limit - quiet_for, check_idle)

    on_message = server.handlers.get("message")
    limit = server.max_http_buffer_size
    closing: list[asyncio.Future] = []
    writer = asyncio.ensure_future(_write(socket, link))
    watchdog = loop.call_later(idle_limit, check_idle)
    try:
        while True:
            try:
                data = await ws.wait()
            except (Exception, asyncio.CancelledError):
                # Closed, or not a text/binary frame; aiohttp also cancels this handler when the
                # connection drops. Either way the socket is closed properly below, as engineio's
                # own loop does (otherwise disconnect handlers would never run).
                break
            if data is None or len(data) > limit:
                break
            last_heard = loop.time()
            if on_message is not None and type(data) is str and data[:1] == _MESSAGE:
                try:
                    await on_message(socket.sid, data[1:])  # a malformed one closes the socket
                except Exception as exc:
                    # The kind of failure only: an exception's text may quote what was sent.
                    log.warning(MALFORMED, "websocket message", type(exc).__name__)
                    break
                if socket.closed:
                    break
                continue
            kind = _engineio_problem(data)
            if kind is not None:
                log.warning(MALFORMED, "Engine.IO frame", kind)
                break
            try:
                await socket.receive(eio_packet.Packet(encoded_packet=data))
            except exceptions.SocketIsClosedError:
                break
            except Exception as exc:
                log.warning(MALFORMED, "Engine.IO packet", type(exc).__name__)
                break
    finally:
        watchdog.cancel()
        # aiohttp may cancel this handler while it closes the connection: the ending must
        # still run to completion, or the disconnect handlers would never hear of it.
        ending = asyncio.ensure_future(_end(socket, writer, closing))
        _endings.add(ending)
        ending.add_done_callback(_endings.discard)
        try:
            await asyncio.shield(ending)
        except asyncio.CancelledError:
            pass


_endings: set[asyncio.Future] = set()  # keeps running endings referenced


async def _end(socket: AsyncSocket, writer: asyncio.Future, closing: list[asyncio.Future]) -> None:
    await socket.queue.put(None)  # lets the writer finish what is queued, then stop
    await writer
    for task in closing:
        await task
    await socket.close(wait=False, abort=True, reason=socket.server.reason.TRANSPORT_CLOSE)


async def _write(socket: AsyncSocket, link: _Link) -> None:
    queue = socket.queue
    try:
        while True:
            pkt = await queue.get()
            queue.task_done()
            if pkt is None:
                return
            await link.write(pkt.encode())
    except Exception:  # the connection went away while sending
        return
    finally:
        await link.ws.close()
