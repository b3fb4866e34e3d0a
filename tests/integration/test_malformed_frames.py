"""Malformed Socket.IO and Engine.IO frames close only the connection that sent them, with
one log line naming the kind and no traceback; people connected meanwhile stay connected
and keep being answered."""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

import aiohttp
import pytest

from tests.conftest import fast_path
from tests.integration.space_client import SpaceClient

MALFORMED = [
    pytest.param(b"\x00\x01\x02binary", id="binary-frame"),
    pytest.param(b"4" + b"\xff" * 10, id="binary-message"),
    pytest.param("4", id="empty-message"),
    pytest.param("49/space,", id="unknown-socketio-type"),
    pytest.param('42/space,["world:move",', id="cut-json"),
    pytest.param("42/space," + "[" * 60000, id="deep-arrays"),
    pytest.param('42/space,["zone:say",' + '{"a":' * 3000 + "1" + "}" * 3000 + "]", id="deep-objects"),
    pytest.param('42/space,["world:move",' + "[" * 5000 + "]" * 5000 + "]", id="deep-fast-path"),
    pytest.param('42/space,123["world:move",{"x":1}', id="fast-path-cut"),
    pytest.param('45-/space,["x",{"_placeholder":true,"num":0}]', id="binary-event-without-attachment"),
    pytest.param('451-/space,["x",{"_placeholder":true,"num":99}]', id="binary-placeholder"),
    pytest.param("42/space,{}", id="event-not-a-list"),
    pytest.param("42/space,[]", id="event-empty-list"),
    pytest.param('42/space,[{"a":1}]', id="event-name-not-a-string"),
    pytest.param('40/space,{"token":' + "[" * 60000, id="deep-connect"),
]


async def member(running, token: str) -> aiohttp.ClientWebSocketResponse:
    """A bare websocket that has entered /space."""
    http = running.api.http
    ws = await http.ws_connect(f"{running.url}/socket.io/?EIO=4&transport=websocket")
    assert (await ws.receive(timeout=5)).data.startswith("0")
    await ws.send_str('40/space,{"token":"%s"}' % token)
    while True:
        msg = await ws.receive(timeout=5)
        if msg.type == aiohttp.WSMsgType.TEXT and msg.data.startswith("40/space,"):
            return ws


async def ended_soon(ws: aiohttp.ClientWebSocketResponse) -> str | None:
    """How the server ends this websocket within a few seconds (frames before are read):
    "closed" (the websocket is closed, maybe after the Engine.IO close packet) or "told" (the
    close packet came, the session is over, and the websocket is left for the client to close;
    two seconds are given for it to close after the packet), else None."""
    told = False
    try:
        async with asyncio.timeout(5) as deadline:
            while True:
                msg = await ws.receive()
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING,
                                aiohttp.WSMsgType.ERROR):
                    return "closed"
                if msg.type == aiohttp.WSMsgType.TEXT and msg.data == "1" and not told:
                    told = True
                    deadline.reschedule(asyncio.get_running_loop().time() + 2)
                if msg.type == aiohttp.WSMsgType.TEXT and msg.data == "2":
                    await ws.send_str("3")
    except TimeoutError:
        return "told" if told else None


# With the fast path off, engineio's own websocket loop ends a session by sending the close
# packet and leaves the websocket to the client (a Socket.IO client closes it on that packet;
# a bare one is dropped after ping_interval + ping_timeout). The lean loop closes it at once.
ENDED = "closed" if fast_path() else "told"


@asynccontextmanager
async def bystander_and_attacker(running, caplog):
    """A person on /space through the real client, and a bare websocket in /space; the log
    records from then on."""
    caplog.set_level(logging.INFO)
    bystander = SpaceClient(running.url, (await running.api.guest())["access_token"])
    await bystander.connect()
    attacker = await member(running, (await running.api.guest())["access_token"])
    try:
        caplog.clear()
        yield bystander, attacker
    finally:
        await attacker.close()
        await bystander.close()


def tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("frame", MALFORMED)
async def test_a_malformed_frame_closes_only_its_connection(running, caplog, frame):
    async with bystander_and_attacker(running, caplog) as (bystander, attacker):
        await (attacker.send_bytes(frame) if isinstance(frame, bytes) else attacker.send_str(frame))
        assert await ended_soon(attacker) == ENDED
        assert bystander.sio.connected
        assert await bystander.ok("block:list") == {"blocked": []}
        assert tracebacks(caplog) == []
        lines = [r.getMessage() for r in caplog.records if "malformed" in r.getMessage()]
        assert len(lines) == 1, [r.getMessage() for r in caplog.records]


# Engine.IO frames that only the lean loop (the fast path) ends cleanly. With the fast path off,
# engineio's own loop answers them its way, and this cannot change without overriding it:
# an empty frame makes its handler raise (the websocket drops; the http layer logs one line naming
# the kind, no traceback, since the error's text may quote the frame); an unknown packet type is
# logged by engineio with a traceback and the connection stays.
ENGINEIO_FRAMES = [
    pytest.param("", "closed", None, id="empty"),
    pytest.param("9nonsense", None, "Unknown receive error", id="unknown-engineio-type"),
]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("frame", "ended_off", "logged_off"), ENGINEIO_FRAMES)
async def test_an_engineio_frame_of_no_known_kind(running, caplog, frame, ended_off, logged_off):
    async with bystander_and_attacker(running, caplog) as (bystander, attacker):
        await attacker.send_str(frame)
        assert await ended_soon(attacker) == ("closed" if fast_path() else ended_off)
        assert await bystander.ok("block:list") == {"blocked": []}
        if fast_path():
            assert tracebacks(caplog) == []
            assert len([r for r in caplog.records if "malformed" in r.getMessage()]) == 1
        else:
            assert [r.getMessage() for r in caplog.records if r.exc_info] == ([logged_off] if logged_off else [])
        if ended_off is None and not fast_path():  # still served
            await attacker.send_str('42/space,5["block:list",{}]')
            while not (msg := await attacker.receive(timeout=5)).data.startswith("43/space,5"):
                pass
            assert '"blocked":[]' in msg.data


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_malformed_polling_message_closes_only_that_session(running, caplog):
    caplog.set_level(logging.INFO)
    bystander = SpaceClient(running.url, (await running.api.guest())["access_token"])
    await bystander.connect()
    http = running.api.http
    base = f"{running.url}/socket.io/?EIO=4&transport=polling"
    async with http.get(base) as resp:
        opening = await resp.text()
    sid = opening[opening.index('"sid":"') + 7:].split('"', 1)[0]
    async with http.post(f"{base}&sid={sid}", data="42/space," + "[" * 30000) as resp:
        assert resp.status < 500
    async with http.get(f"{base}&sid={sid}", timeout=aiohttp.ClientTimeout(total=10)) as resp:
        answer = await resp.text()
        assert resp.status == 400 or answer.startswith("1"), answer  # unknown session, or told to close
    assert await bystander.ok("block:list") == {"blocked": []}
    assert tracebacks(caplog) == []
    assert len([r for r in caplog.records if "malformed" in r.getMessage()]) == 1
    await bystander.close()
