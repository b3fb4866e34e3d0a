"""The load generator of the space benchmark: lean Socket.IO clients walking at 10 Hz.

python-socketio's own client costs more CPU than the server it would measure, so each
simulated person here speaks the wire format directly over one aiohttp websocket: the
Engine.IO 4 open packet ``0{...}``, ``40/space,{auth}`` to join the namespace, events as
``42/space,["name",{...}]``, acked moves as ``42/space,<id>["world:move",{...}]`` answered by
``43/space,<id>[...]``, and ``3`` for every ``2`` ping of the server.

Everybody walks (a random-direction walk that turns at walls, 120 px/s in 10 Hz steps, and
goes back to where the server says after a refused step). Steps are sent like the web client
sends them, without asking for an answer (``42/space,["world:move",{...}]``; a refused step is
followed by ``world:correct``), except by the *tracked* walkers, who ask for one
(``42/space,<id>["world:move",{...}]``) to know which of their steps were accepted. A sample of clients, the
*observers*, also read every batch they receive: they keep the set of people in their view
(snapshot, ``enter``, ``leave``), count move entries, and note when a position of a
*tracked* walker reaches them. Tracked walkers note when they sent each move and whether it
was accepted. Joining the two after the run (``bench.space_stats``) gives end-to-end latency
(move sent -> position received by a viewer) and the share of moves delivered, without
adding anything to the protocol. Everything is timed with ``time.time()``: one clock for all
processes of this machine.
"""
from __future__ import annotations

import asyncio
import json
import math
import random
import time
from array import array
from dataclasses import dataclass, field
from operator import itemgetter

import aiohttp

from rooms.maps import GameMap

NAMESPACE_CONNECTED = "40/space,"
NAMESPACE_REFUSED = "44/space,"
EVENT = "42/space,"
ACK = "43/space,"
BATCH = '42/space,["world:batch"'
STEP_S = 0.1  # 10 moves per second, like the web client
SPEED_PX_S = 120.0
_FIRST_ID = itemgetter(0)


def pos_key(x: float, y: float) -> int:
    """One int per position at the world's 0.1 px resolution (maps stay under 100,000 px)."""
    return round(x * 10) * 1_000_000 + round(y * 10)


@dataclass(frozen=True, slots=True)
class ClientSpec:
    account_id: str
    token: str
    place: str | None = None  # a signed resume place: where this person starts
    observer: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """Absolute ``time.time()`` instants shared by every load-generator process."""

    walk_from: float
    measure_from: float
    measure_to: float
    stop_at: float
    tracked: frozenset[str]


@dataclass
class Tally:
    """What one load-generator process counted inside the measured window."""

    plan: Plan | None = None
    moves_sent: int = 0
    acked_moves_sent: int = 0  # by tracked walkers, who ask for an answer to each step
    moves_accepted: int = 0
    moves_refused: int = 0
    corrections: int = 0
    move_entries: int = 0  # move entries received by observers (about others)
    observer_batches: int = 0
    visible_sum: int = 0  # people in an observer's view, summed over the batches it got
    ack_rtts: array = field(default_factory=lambda: array("d"))
    batch_ages: array = field(default_factory=lambda: array("d"))  # receipt - batch ``t``
    tracked_sends: dict[str, list[list]] = field(default_factory=dict)  # id -> [sent, key, accepted]
    disconnects: int = 0

    def in_window(self, t: float) -> bool:
        plan = self.plan
        return plan is not None and plan.measure_from <= t < plan.measure_to


class Walker:
    """A random-direction walk: pick a heading, walk a while, turn at walls and pillars."""

    __slots__ = ("map", "rng", "x", "y", "vx", "vy", "dir", "legs")

    def __init__(self, game_map: GameMap, rng: random.Random):
        self.map = game_map
        self.rng = rng
        self.x = self.y = self.vx = self.vy = 0.0
        self.dir = "down"
        self.legs = 0

    def reset(self, x: float, y: float) -> None:
        self.x, self.y = x, y
        self.legs = 0

    def _turn(self) -> None:
        angle = self.rng.uniform(0, 2 * math.pi)
        step = SPEED_PX_S * STEP_S
        self.vx, self.vy = step * math.cos(angle), step * math.sin(angle)
        if abs(self.vx) > abs(self.vy):
            self.dir = "right" if self.vx > 0 else "left"
        else:
            self.dir = "down" if self.vy > 0 else "up"
        self.legs = self.rng.randint(10, 60)

    def next_step(self) -> tuple[float, float, str] | None:
        for _ in range(4):
            if self.legs <= 0:
                self._turn()
            nx, ny = round(self.x + self.vx, 1), round(self.y + self.vy, 1)
            if self.map.segment_clear(self.x, self.y, nx, ny):
                self.legs -= 1
                self.x, self.y = nx, ny
                return nx, ny, self.dir
            self.legs = 0
        return None


class RefusedConnection(Exception):
    pass


class WireClient:
    """One simulated person: a websocket, a walker, and (for observers) what it sees."""

    def __init__(self, spec: ClientSpec, game_map: GameMap, tally: Tally, rng: random.Random):
        self.spec = spec
        self.id = spec.account_id
        self.tally = tally
        self.walker = Walker(game_map, rng)
        self.phase = rng.uniform(0, STEP_S)
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.connected: asyncio.Future | None = None
        self.snapshot_seen = asyncio.Event()
        self.reader: asyncio.Task | None = None
        self.ack_id = 0
        self.pending: dict[int, tuple[float, list | None, bool]] = {}
        self.closing = False
        # observers only
        self.known: set[str] = set()
        self.intervals: dict[str, list[list[float]]] = {}  # tracked id -> [[from, to], ...]
        self.received: dict[str, dict[int, float]] = {}  # tracked id -> position key -> first receipt

    # -- connecting -------------------------------------------------------------------------

    async def connect(self, http: aiohttp.ClientSession, url: str, timeout: float = 20.0) -> None:
        self.ws = await http.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket",
                                        autoping=True, max_msg_size=16 * 1024 * 1024, timeout=aiohttp.ClientWSTimeout(ws_close=2))
        opening = await self.ws.receive(timeout=timeout)
        if opening.type != aiohttp.WSMsgType.TEXT or not opening.data.startswith("0"):
            raise RefusedConnection("no Engine.IO open packet")
        auth: dict = {"token": self.spec.token}
        if self.spec.place:
            auth["resume"] = {"place": self.spec.place}
        self.connected = asyncio.get_running_loop().create_future()
        self.reader = asyncio.create_task(self._read())
        await self.ws.send_str(NAMESPACE_CONNECTED + json.dumps(auth, separators=(",", ":")))
        await asyncio.wait_for(asyncio.shield(self.connected), timeout)
        await asyncio.wait_for(self.snapshot_seen.wait(), timeout)

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self.reader is not None:
            try:
                await asyncio.wait_for(self.reader, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass

    # -- receiving ----------------------------------------------------------------------------

    async def _read(self) -> None:
        ws = self.ws
        tally = self.tally
        observer = self.spec.observer
        try:
            while True:
                msg = await ws.receive()
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data: str = msg.data
                now = time.time()
                if data.startswith(BATCH):
                    if observer:
                        self._on_batch(json.loads(data[9:])[1], now)
                elif data.startswith(ACK):
                    self._on_ack(data, now)
                elif data.startswith(EVENT):
                    name, payload = json.loads(data[9:])[:2]
                    self._on_event(name, payload, now)
                elif data == "2":
                    await ws.send_str("3")
                elif data.startswith(NAMESPACE_CONNECTED):
                    if not self.connected.done():
                        self.connected.set_result(True)
                elif data.startswith(NAMESPACE_REFUSED):
                    if not self.connected.done():
                        self.connected.set_exception(RefusedConnection(data[9:200]))
                    break
        except (aiohttp.ClientError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            if self.connected is not None and not self.connected.done():
                self.connected.set_exception(RefusedConnection("closed while connecting"))
            if not self.closing:
                tally.disconnects += 1

    def _on_ack(self, data: str, now: float) -> None:
        bracket = data.find("[", 9)
        sent = self.pending.pop(int(data[9:bracket]), None)
        if sent is None:
            return
        sent_at, record, in_window = sent
        accepted = data.startswith('[{"ok":true', bracket)
        if record is not None:
            record[2] = accepted
        if in_window:
            tally = self.tally
            if accepted:
                tally.moves_accepted += 1
            else:
                tally.moves_refused += 1
            tally.ack_rtts.append(now - sent_at)

    def _on_event(self, name: str, payload: dict, now: float) -> None:
        if name == "world:snapshot":
            you = payload["you"]
            self.walker.reset(float(you["x"]), float(you["y"]))
            if self.spec.observer:
                self._resync({a["id"] for a in payload.get("avatars", ())} - {self.id}, now)
            self.snapshot_seen.set()
        elif name == "world:correct":
            self.walker.reset(float(payload["x"]), float(payload["y"]))
            if self.tally.in_window(now):
                self.tally.corrections += 1

    def _resync(self, ids: set[str], now: float) -> None:
        tracked = self.tally.plan.tracked if self.tally.plan else frozenset()
        for aid in self.known - ids:
            self._lose(aid, now, tracked)
        for aid in ids - self.known:
            self._see(aid, now, tracked)
        self.known = ids

    def _see(self, aid: str, now: float, tracked: frozenset[str]) -> None:
        if aid in tracked:
            spans = self.intervals.setdefault(aid, [])
            if not spans or spans[-1][1] != math.inf:
                spans.append([now, math.inf])

    def _lose(self, aid: str, now: float, tracked: frozenset[str]) -> None:
        if aid in tracked:
            spans = self.intervals.get(aid)
            if spans and spans[-1][1] == math.inf:
                spans[-1][1] = now

    def _on_batch(self, batch: dict, now: float) -> None:
        tally = self.tally
        plan = tally.plan
        tracked = plan.tracked if plan is not None else frozenset()
        in_window = tally.in_window(now)
        # Receipts are noted past the window too: a move sent just before its end arrives after.
        noting = plan is not None and now >= plan.measure_from
        known = self.known
        for aid in batch.get("leave", ()):
            if aid in known:
                known.discard(aid)
                self._lose(aid, now, tracked)
        for avatar in batch.get("enter", ()):
            aid = avatar["id"]
            if aid == self.id:
                continue
            if aid not in known:
                known.add(aid)
                self._see(aid, now, tracked)
            if noting and aid in tracked:
                self.received.setdefault(aid, {}).setdefault(pos_key(avatar["x"], avatar["y"]), now)
        if not noting:
            return
        moves = batch.get("move", ())
        by_id = dict(zip(map(_FIRST_ID, moves), moves))  # in C: cheap even for a whole room
        if in_window:
            tally.move_entries += len(by_id) - (self.id in by_id)
            tally.observer_batches += 1
            tally.visible_sum += len(known)
            tally.batch_ages.append(now - batch["t"] / 1000)
        for aid in by_id.keys() & tracked:
            if aid != self.id:
                entry = by_id[aid]
                self.received.setdefault(aid, {}).setdefault(pos_key(entry[1], entry[2]), now)

    # -- walking ----------------------------------------------------------------------------------

    async def walk(self, plan: Plan) -> None:
        tally = self.tally
        own_sends = tally.tracked_sends.setdefault(self.id, []) if self.id in plan.tracked else None
        next_at = plan.walk_from + self.phase
        ws = self.ws
        while True:
            now = time.time()
            if next_at > now:
                await asyncio.sleep(next_at - now)
                now = time.time()
            if now >= plan.stop_at or ws.closed:
                return
            step = self.walker.next_step()
            if step is not None:
                x, y, direction = step
                move = f'["world:move",{{"x":{x!r},"y":{y!r},"dir":"{direction}"}}]'
                sent_at = time.time()
                in_window = plan.measure_from <= sent_at < plan.measure_to
                if own_sends is not None:  # tracked: ask for an answer, to know what was accepted
                    self.ack_id += 1
                    frame = f"{EVENT}{self.ack_id}{move}"
                    record = [sent_at, pos_key(x, y), None]
                    own_sends.append(record)
                    self.pending[self.ack_id] = (sent_at, record, in_window)
                    if in_window:
                        tally.acked_moves_sent += 1
                else:  # like the web client: no answer, a refusal comes as world:correct
                    frame = EVENT + move
                if in_window:
                    tally.moves_sent += 1
                try:
                    await ws.send_str(frame)
                except (aiohttp.ClientError, ConnectionError):
                    return
            next_at += STEP_S
            if next_at < now:  # fell behind (a stall): skip the missed steps, never burst
                next_at += STEP_S * math.ceil((now - next_at) / STEP_S)


async def connect_all(http: aiohttp.ClientSession, url: str, specs: list[ClientSpec], game_map: GameMap,
                      tally: Tally, *, seed: int = 0, concurrency: int = 20) -> tuple[list[WireClient], int]:
    """Connect everyone (a few at a time, like people arriving); returns (clients, failures)."""
    gate = asyncio.Semaphore(concurrency)
    clients = [WireClient(spec, game_map, tally, random.Random(f"{seed}:{spec.account_id}")) for spec in specs]

    async def one(client: WireClient) -> bool:
        async with gate:
            try:
                await client.connect(http, url)
                return True
            except (RefusedConnection, aiohttp.ClientError, ConnectionError, asyncio.TimeoutError):
                await client.close()
                return False

    results = await asyncio.gather(*(one(c) for c in clients))
    return [c for c, ok in zip(clients, results) if ok], results.count(False)


async def walk_all(clients: list[WireClient], tally: Tally, plan: Plan) -> None:
    """Walk until ``plan.stop_at``; moves sent before ``measure_to`` have until then to arrive."""
    tally.plan = plan
    now = time.time()
    for client in clients:
        if client.spec.observer:  # tracked people already in view since the snapshot
            for aid in client.known:
                client._see(aid, now, plan.tracked)
    await asyncio.gather(*(c.walk(plan) for c in clients))


def observations(clients: list[WireClient]) -> list[dict]:
    """What each observer saw of the tracked walkers (picklable, for the join)."""
    return [{"intervals": c.intervals, "received": c.received}
            for c in clients if c.spec.observer]
