"""The load generator of the event hall benchmark: lean Socket.IO clients on ``/event``.

Like bench.space_load, each simulated person speaks the wire format over one aiohttp websocket
(python-socketio's own client costs more CPU than the server it would measure): ``40/event,``
with the token, events with an ack id ``42/event,<id>["event:say",{...}]`` answered by
``43/event,<id>[{"ok":...}]``, and ``3`` for every ``2`` ping.

Every person enters the hall, then sends chat lines and reactions at the stage's rate. A chat
line carries a letters-only id (digits could look like a phone number to the shield), so every
receiver notes when each line reached it without decoding the frame. Reactions name nobody,
so they are timed by their answer (the server answers after the broadcast went out) and
counted where they arrive. Everything is timed with ``time.time()``: one clock for every
process of this machine.
"""
from __future__ import annotations

import asyncio
import json
import random
import string
import time
from array import array
from dataclasses import dataclass, field

import aiohttp

NAMESPACE = "/event"
CONNECTED = "40/event,"
REFUSED = "44/event,"
EVENT = "42/event,"
ACK = "43/event,"
MESSAGE = '42/event,["event:message"'
REACTIONS = '42/event,["event:reactions"'
TEXT_MARK = '"text":"hall '
LETTERS = string.ascii_lowercase
DRAIN_MOST_S = 60.0


@dataclass(frozen=True, slots=True)
class Person:
    token: str
    host: bool = False


@dataclass(frozen=True, slots=True)
class Stage:
    rate: float  # chat lines per attendee per second (reactions at the same rate)
    start: float  # absolute time.time()
    end: float


@dataclass
class StageTally:
    said: dict[str, float] = field(default_factory=dict)  # line id -> sent at (accepted lines)
    refused: dict[str, int] = field(default_factory=dict)  # error code -> count (chat and reactions)
    reacted: int = 0
    react_acks: array = field(default_factory=lambda: array("d"))  # seconds from send to answer
    reaction_frames: int = 0


@dataclass
class Tally:
    stages: list[StageTally]
    arrivals: dict[str, list[float]] = field(default_factory=dict)  # line id -> receipts' times (others)
    failed: int = 0
    disconnects: int = 0
    unanswered: int = 0  # sends still without an answer when the drain gave up
    frames: int = 0  # line and reaction frames received over the whole run (for CPU per frame)

    def stage_of(self, t: float, stages: list[Stage]) -> StageTally | None:
        for stage, tally in zip(stages, self.stages):
            if stage.start <= t < stage.end:
                return tally
        return None


def letters(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = LETTERS[r] + out
        if n == 0:
            return out


class HallClient:
    def __init__(self, person: Person, prefix: str, occurrence_id: str, tally: Tally, stages: list[Stage]):
        self.person = person
        self.prefix = prefix  # this client's letters ending in "Z": line ids are prefix + sequence letters
        self.occurrence_id = occurrence_id
        self.tally = tally
        self.stages = stages
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task | None = None
        self.connected: asyncio.Future | None = None
        self.pending: dict[int, tuple[asyncio.Future | None, float, str, str | None]] = {}
        self.next_ack = 0
        self.seq = 0
        self.closing = False

    async def connect(self, http: aiohttp.ClientSession, url: str, timeout: float = 30.0) -> None:
        self.ws = await http.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket", autoping=True,
                                        max_msg_size=4 * 1024 * 1024, timeout=aiohttp.ClientWSTimeout(ws_close=2))
        opening = await self.ws.receive(timeout=timeout)
        if opening.type != aiohttp.WSMsgType.TEXT or not opening.data.startswith("0"):
            raise ConnectionError("no Engine.IO open packet")
        self.connected = asyncio.get_running_loop().create_future()
        self.reader = asyncio.create_task(self._read())
        await self.ws.send_str(CONNECTED + json.dumps({"token": self.person.token}))
        await asyncio.wait_for(asyncio.shield(self.connected), timeout)

    async def call(self, event: str, data: dict, timeout: float = 30.0) -> dict:
        """Send and wait for the answer (setting up: entering, the host's chat mode)."""
        future = asyncio.get_running_loop().create_future()
        self._send(event, data, future, None)
        return await asyncio.wait_for(future, timeout)

    def _send(self, event: str, data: dict, future: asyncio.Future | None, line: str | None) -> None:
        self.next_ack += 1
        self.pending[self.next_ack] = (future, time.time(), event, line)
        body = json.dumps([event, {"occurrence_id": self.occurrence_id, **data}], ensure_ascii=False)
        asyncio.ensure_future(self.ws.send_str(f"{EVENT}{self.next_ack}{body}"))

    def say(self) -> None:
        self.seq += 1
        line = f"{self.prefix}{letters(self.seq)}"
        self._send("event:say", {"text": f"hall {line}"}, None, line)

    def react(self, reaction: str) -> None:
        self._send("event:react", {"reaction": reaction}, None, None)

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self.reader is not None:
            try:
                await asyncio.wait_for(self.reader, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass

    async def _read(self) -> None:
        ws, tally, stages = self.ws, self.tally, self.stages
        try:
            while True:
                msg = await ws.receive()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data: str = msg.data
                now = time.time()
                if data.startswith(MESSAGE):
                    tally.frames += 1
                    at = data.find(TEXT_MARK)
                    if at > 0:
                        start = at + len(TEXT_MARK)
                        line = data[start:data.find('"', start)]
                        if not line.startswith(self.prefix):  # one's own line is not a delivery
                            tally.arrivals.setdefault(line, []).append(now)
                elif data.startswith(REACTIONS):
                    tally.frames += 1
                    stage = tally.stage_of(now, stages)
                    if stage is not None:
                        stage.reaction_frames += 1
                elif data.startswith(ACK):
                    self._on_ack(data, now)
                elif data == "2":
                    await ws.send_str("3")
                elif data.startswith(CONNECTED):
                    if not self.connected.done():
                        self.connected.set_result(True)
                elif data.startswith(REFUSED):
                    if not self.connected.done():
                        self.connected.set_exception(ConnectionError(data[9:200]))
                    break
        except (aiohttp.ClientError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            if self.connected is not None and not self.connected.done():
                self.connected.set_exception(ConnectionError("closed while connecting"))
            if not self.closing:
                tally.disconnects += 1

    def _on_ack(self, data: str, now: float) -> None:
        bracket = data.find("[", 9)
        future, sent_at, event, line = self.pending.pop(int(data[9:bracket]), (None, 0.0, "", None))
        reply = json.loads(data[bracket:])[0]
        if future is not None:
            if not future.done():
                future.set_result(reply)
            return
        stage = self.tally.stage_of(sent_at, self.stages)
        if stage is None:
            return
        if not reply.get("ok"):
            code = reply.get("error", {}).get("code", "?")
            stage.refused[code] = stage.refused.get(code, 0) + 1
        elif event == "event:say":
            stage.said[line] = sent_at
        else:
            stage.reacted += 1
            stage.react_acks.append(now - sent_at)


async def run_people(conn, url: str, occurrence_id: str, people: list[Person], prefix: str, seed: int) -> Tally:
    """Connect and enter everyone (the host also opens chat to everyone), say so on ``conn``,
    then take the stages from ``conn`` and send at each stage's rate until the last one ends."""
    rng = random.Random(seed)
    stages: list[Stage] = []
    tally = Tally([])
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        clients = [HallClient(p, f"{prefix}{letters(i)}Z", occurrence_id, tally, stages) for i, p in enumerate(people)]
        gate = asyncio.Semaphore(16)

        async def arrive(client: HallClient) -> HallClient | None:
            async with gate:
                try:
                    await client.connect(http, url)
                    entered = await client.call("event:enter", {})
                    if not entered.get("ok"):
                        raise ConnectionError(entered.get("error", {}).get("code"))
                    if client.person.host:
                        await client.call("event:chat_mode", {"mode": "everyone"})
                    return client
                except (OSError, ConnectionError, asyncio.TimeoutError, aiohttp.ClientError):
                    tally.failed += 1
                    return None

        arrived = [c for c in await asyncio.gather(*(arrive(c) for c in clients)) if c is not None]
        conn.send(("ready", len(arrived)))
        stages.extend(await asyncio.get_running_loop().run_in_executor(None, conn.recv))
        tally.stages.extend(StageTally() for _ in stages)
        senders = [c for c in arrived if not c.person.host]
        await asyncio.gather(*(_send_loop(c, stages, rng.random(), rng) for c in senders))
        # Drain: every answer back (a starved server answers late), then the last deliveries.
        deadline = time.time() + DRAIN_MOST_S
        while time.time() < deadline and any(c.pending for c in arrived):
            await asyncio.sleep(0.2)
        tally.unanswered = sum(len(c.pending) for c in arrived)
        await asyncio.sleep(1.5)
        for client in arrived:
            await client.close()
    return tally


async def _send_loop(client: HallClient, stages: list[Stage], phase: float, rng: random.Random) -> None:
    """Chat at ``rate`` per second from a random phase; a reaction half a period later."""
    for stage in stages:
        period = 1.0 / stage.rate
        t = stage.start + phase * period
        while t < stage.end:
            await asyncio.sleep(max(0.0, t - time.time()))
            client.say()
            await asyncio.sleep(max(0.0, t + period / 2 - time.time()))
            client.react(rng.choice(("clap", "heart", "nod", "smile")))
            t += period


def worker_main(conn, url: str, occurrence_id: str, people: list[Person], prefix: str, seed: int,
                core: int | None) -> None:
    from bench.space_proc import pin_to

    pin_to(core)
    tally = asyncio.run(run_people(conn, url, occurrence_id, people, prefix, seed))
    conn.send(("tally", tally))
    conn.close()
