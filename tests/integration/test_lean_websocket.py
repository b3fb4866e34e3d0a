"""The lean Engine.IO websocket loop behaves like engineio's own: order, pings, idle
connections, drops and polling upgrades, on a real server over loopback."""
import json

import aiohttp
import pytest
import socketio
from aiohttp import web
from aiohttp.test_utils import TestServer

from server.realtime.fast_events import IbashoSocketServer
from tests.conftest import fast_path
from tests.waiting import until, within


class Recorder(socketio.AsyncNamespace):
    def __init__(self):
        super().__init__("/t")
        self.seen: list = []
        self.gone: list[str] = []

    async def on_note(self, sid, data):
        self.seen.append(data)
        return {"n": data}

    async def on_disconnect(self, sid, reason=None):
        self.gone.append(sid)


async def raw_member(http: aiohttp.ClientSession, url: str) -> tuple[aiohttp.ClientWebSocketResponse, str]:
    """A bare websocket speaking Engine.IO/Socket.IO by hand, joined to /t; returns it and
    the Engine.IO open packet."""
    ws = await http.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket")
    opening = (await ws.receive(timeout=5)).data
    assert opening.startswith("0")
    await ws.send_str("40/t,")
    assert (await ws.receive(timeout=5)).data.startswith("40/t,")
    return ws, opening


async def until_gone(recorder: Recorder, seconds: float = 3.0) -> None:
    """The server ran the namespace's disconnect for the one connection, within ``seconds``."""
    await until(lambda: recorder.gone, seconds, what="the disconnect")
    assert len(recorder.gone) == 1


@pytest.fixture
async def served():
    sio = IbashoSocketServer(async_mode="aiohttp", ping_interval=1, ping_timeout=1, logger=False,
                             engineio_logger=False, fast_path=fast_path())
    recorder = Recorder()
    sio.register_namespace(recorder)
    app = web.Application()
    sio.attach(app)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/"), recorder
    await server.close()


async def test_events_arrive_in_order_and_are_answered(served):
    url, recorder = served
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(url, namespaces=["/t"], transports=["websocket"])
    try:
        for i in range(50):
            await client.emit("note", i, namespace="/t")
        assert await client.call("note", "last", namespace="/t") == {"n": "last"}
        assert recorder.seen == list(range(50)) + ["last"]
        # two ping rounds (a second each): the client answers them, the link stays
        (socket,) = recorder.server.eio.sockets.values()
        pongs, answered = [], socket.schedule_ping  # engineio schedules the next ping on each pong
        socket.schedule_ping = lambda: (pongs.append(1), answered())
        await until(lambda: len(pongs) >= 2, 10, what="two pongs")
        assert client.connected and await client.call("note", "still", namespace="/t") == {"n": "still"}
    finally:
        await client.disconnect()
    await until_gone(recorder)


async def test_a_silent_connection_is_closed_and_its_disconnect_runs(served):
    url, recorder = served
    async with aiohttp.ClientSession() as http:
        ws, opening = await raw_member(http, url)
        assert json.loads(opening[1:])["pingInterval"] == 1000
        # never answer the server's pings ("2"): it must give up on us
        closed = False
        for _ in range(40):
            msg = await ws.receive(timeout=5)
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                closed = True
                break
        assert closed
    await until_gone(recorder)


async def test_a_dropped_transport_still_runs_the_disconnect(served):
    url, recorder = served
    async with aiohttp.ClientSession() as http:
        ws, _ = await raw_member(http, url)
        ws._response.connection.transport.abort()  # no close frame: the cable was pulled
    await until_gone(recorder)


async def test_a_connection_that_starts_polling_and_upgrades_works_too(served):
    url, recorder = served
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(url, namespaces=["/t"], transports=["polling", "websocket"])
    try:
        assert await client.call("note", "over polling first", namespace="/t") == {"n": "over polling first"}
        await until(lambda: client.transport() == "websocket", 3, what="the upgrade")
        assert await client.call("note", "upgraded", namespace="/t") == {"n": "upgraded"}
    finally:
        await client.disconnect()


async def test_send_now_keeps_the_order_of_what_is_queued(served):
    """A frame sent at once never overtakes one engineio queued before it."""
    from engineio import packet as eio_packet

    from server.realtime.lean_websocket import send_now

    url, recorder = served
    got: list = []
    client = socketio.AsyncClient(reconnection=False)
    client.on("n", lambda data: got.append(data), namespace="/t")
    await client.connect(url, namespaces=["/t"], transports=["websocket"])
    try:
        await client.call("note", "hello", namespace="/t")  # the server knows us now
        eio = recorder.server.eio
        (eio_sid,) = list(eio.sockets)
        frame = lambda i: f'2/t,["n",{i}]'  # noqa: E731 - the packet emit("n", i) builds
        socket, direct = eio.sockets[eio_sid], 0
        for i in range(0, 100, 2):
            if i % 4:
                # the writer has taken everything queued: the way is clear
                direct += await within(socket.queue.empty, 1, step=0.005)
                await send_now(eio, eio_sid, frame(i))  # straight onto the websocket
            else:
                await eio.send_packet(eio_sid, eio_packet.Packet(eio_packet.MESSAGE, frame(i)))  # queued
            await send_now(eio, eio_sid, frame(i + 1))  # after a queued frame: must wait behind it
        assert direct >= 20
        await until(lambda: len(got) >= 100, 2.5, what="all 100 frames")
        assert got == list(range(100))
        await send_now(eio, "no-such-socket", frame(0))  # gone: nothing happens
    finally:
        await client.disconnect()


async def test_a_broken_message_is_logged_without_its_text_and_closes_that_link(served, caplog):
    url, recorder = served
    async with aiohttp.ClientSession() as http:
        ws, _ = await raw_member(http, url)
        other, _ = await raw_member(http, url)
        with caplog.at_level("WARNING", logger="ibasho.realtime"):
            await ws.send_str('42/t,["note","my private words"')  # cut short: not JSON
            closing = await ws.receive(timeout=5)
        assert closing.data == "1" or closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        await until_gone(recorder)  # that connection's disconnect ran, and only that one's
        await other.send_str('42/t,7["note","still here"]')
        assert (await other.receive(timeout=5)).data == '43/t,7[{"n":"still here"}]'
        assert recorder.seen == ["still here"]
        logged = [r.getMessage() for r in caplog.records]
        assert len(logged) == 1 and "malformed" in logged[0] and "private" not in logged[0], logged
        assert not any(r.exc_info for r in caplog.records)
        await other.close()
        await ws.close()
