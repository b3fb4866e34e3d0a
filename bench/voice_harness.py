"""What the voice benchmarks share (bench.consultation, bench.event): the server process
behind a line-delimited JSON signalling socket, lean aiortc clients that send pre-encoded Opus
and count what arrives without decoding, and the measuring helpers (CPU from /proc, pinning,
percentiles). All traffic is on 127.0.0.1.
"""
from __future__ import annotations

import asyncio
import fractions
import json
import math
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import av
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.codecs.opus import OpusEncoder
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from server.core.errors import DomainError
from server.voice import Forwarding, VoiceConfig, VoiceRooms, parse_host_addresses, restrict_host_candidates
from server.voice.relay import tap_encoded

LOOPBACK = "127.0.0.1"
PACKETS_PER_SECOND = 50
OPUS_TIME_BASE = fractions.Fraction(1, 48000)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DRAIN_SECONDS = 1.0
ROOT = Path(__file__).resolve().parents[1]

Op = Callable[[VoiceRooms, dict], Awaitable[dict]]


# --- server process -------------------------------------------------------------------------

async def serve(forwarding: Forwarding, ops: dict[str, Op], connect_timeout_seconds: float = 60) -> None:
    """The server side: VoiceRooms behind a line-delimited JSON signalling socket. ``ops`` maps
    a request's ``op`` to what the benchmark's server does; ``stats`` and ``shutdown`` are here.
    The port is printed on the first line of stdout."""
    rooms = VoiceRooms(VoiceConfig(host_addresses=(LOOPBACK,), forwarding=forwarding,
                                   connect_timeout_seconds=connect_timeout_seconds))
    done = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        message = json.loads(await reader.readline())
        try:
            op = message["op"]
            if op in ops:
                reply = {"ok": True, **await ops[op](rooms, message)}
            elif op == "stats":
                reply = {"ok": True, "stats": rooms.stats()}
            else:  # shutdown
                reply = {"ok": True}
                done.set()
        except DomainError as error:
            reply = {"ok": False, "error": error.to_dict()}
        writer.write(json.dumps(reply).encode() + b"\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, LOOPBACK, 0, limit=1 << 20)
    print(server.sockets[0].getsockname()[1], flush=True)
    if os.environ.get("IBASHO_BENCH_ICE_LOG"):  # why a connection ended (consent, failure), on stderr
        import logging
        logging.basicConfig(level=logging.WARNING, format="%(relativeCreated)d server %(name)s %(message)s")
        logging.getLogger("aioice.ice").setLevel(logging.INFO)
        rooms._on_event = lambda e: logging.getLogger("bench").warning("voice %s %s", e.participant_id, e.kind)
    profile_to = os.environ.get("IBASHO_BENCH_PROFILE")  # where the server's time goes
    if profile_to:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    await done.wait()
    if profile_to:
        profiler.disable()
        profiler.dump_stats(profile_to)
    server.close()
    await rooms.close()


async def start_server(module: str, forwarding: Forwarding) -> tuple[asyncio.subprocess.Process, int]:
    """``python -m <module> --serve <forwarding>`` in its own process; its signalling port."""
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, "--serve", forwarding.value, stdout=asyncio.subprocess.PIPE, cwd=str(ROOT))
    return server, int(await server.stdout.readline())


async def stop_server(server: asyncio.subprocess.Process, port: int) -> None:
    try:
        await asyncio.wait_for(request(port, {"op": "shutdown"}), 10)
        await asyncio.wait_for(server.wait(), 30)
    except (OSError, asyncio.TimeoutError):
        server.kill()
        await server.wait()


# --- load generator -------------------------------------------------------------------------

def opus_payloads(seconds: float = 1.0, hz: int = 220) -> list[bytes]:
    """One second of a spoken-range tone, encoded once, replayed by every client."""
    encoder = OpusEncoder()
    encoder.codec.bit_rate = 32000  # a voice call's rate, as browsers use
    payloads: list[bytes] = []
    samples = 960
    for n in range(int(seconds * PACKETS_PER_SECOND)):
        frame = av.AudioFrame(format="s16", layout="mono", samples=samples)
        start = n * samples
        pcm = [int(6000 * math.sin(2 * math.pi * hz * (start + i) / 48000)) for i in range(samples)]
        frame.planes[0].update(b"".join(v.to_bytes(2, "little", signed=True) for v in pcm))
        frame.sample_rate, frame.pts, frame.time_base = 48000, start, OPUS_TIME_BASE
        encoded, _ = encoder.encode(frame)
        payloads += encoded
    return payloads


class ReplayTrack(MediaStreamTrack):
    """Paced pre-encoded Opus: the sender only packetizes what it gets (no encoding). It can be
    paused so that the measured window starts and ends with nothing in flight."""

    kind = "audio"

    def __init__(self, payloads: list[bytes]) -> None:
        super().__init__()
        self.payloads = payloads
        self.sent = 0
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.start: float | None = None
        self.paced = 0  # packets since `start`

    def pause(self) -> None:
        self.flowing.clear()

    def resume(self) -> None:
        self.start = None
        self.flowing.set()

    async def recv(self) -> av.Packet:
        if self.readyState != "live":
            raise MediaStreamError
        await self.flowing.wait()
        if self.start is None:
            self.start, self.paced = time.monotonic(), 0
        else:
            await asyncio.sleep(self.start + self.paced / PACKETS_PER_SECOND - time.monotonic())
        if self.readyState != "live" or not self.flowing.is_set():
            return await self.recv()
        packet = av.Packet(self.payloads[self.sent % len(self.payloads)])
        packet.pts, packet.time_base = self.sent * 960, OPUS_TIME_BASE
        self.sent += 1
        self.paced += 1
        return packet

    def stop(self) -> None:
        super().stop()
        self.flowing.set()


class LeanClient:
    def __init__(self, payloads: list[bytes]) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.track = ReplayTrack(payloads)
        self.received = 0
        self.connected = asyncio.Event()
        self.pc.on("connectionstatechange", self._state)

    def _state(self) -> None:
        if self.pc.connectionState == "connected":
            self.connected.set()

    def _count(self, payload: bytes, timestamp: int, voiced: bool) -> None:
        self.received += 1

    async def connect(self, port: int, room: str, participant: str) -> float:
        transceiver = self.pc.addTransceiver(self.track, direction="sendrecv")
        restrict_host_candidates(self.pc, parse_host_addresses([LOOPBACK]))
        await self.pc.setLocalDescription(await self.pc.createOffer())  # ICE gathered here
        offer = self.pc.localDescription.sdp
        opus_pt = next(c.payloadType for c in transceiver._codecs if c.mimeType.lower() == "audio/opus")
        tap_encoded(transceiver.receiver, opus_pt, self._count)  # count, never decode
        started = time.perf_counter()
        reply = await request(port, {"op": "join", "room": room, "participant": participant, "sdp": offer})
        if not reply["ok"]:
            raise RuntimeError(f"join refused: {reply['error']['code']}")
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=reply["sdp"], type="answer"))
        await asyncio.wait_for(self.connected.wait(), 30)
        return (time.perf_counter() - started) * 1000

    async def close(self) -> None:
        self.track.stop()
        await self.pc.close()


async def request(port: int, message: dict) -> dict:
    reader, writer = await asyncio.open_connection(LOOPBACK, port, limit=1 << 20)
    writer.write(json.dumps(message).encode() + b"\n")
    await writer.drain()
    reply = json.loads(await reader.readline())
    writer.close()
    return reply


async def settle(receivers: list, most_seconds: float = 15.0) -> None:
    """Wait until nothing more arrives: DRAIN_SECONDS at least, then until the receivers' count
    stands still for half a second (an overloaded server still empties its queues)."""
    await asyncio.sleep(DRAIN_SECONDS)
    deadline = time.monotonic() + most_seconds
    count = sum(r.received for r in receivers)
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        now = sum(r.received for r in receivers)
        if now == count:
            return
        count = now


class LocalSenders:
    """Sending clients in this process, behind the interface ``measured_window`` uses (bench.event
    also has speakers in a process of their own)."""

    def __init__(self, clients: list["LeanClient"]) -> None:
        self.clients = clients

    async def pause(self) -> None:
        for client in self.clients:
            client.track.pause()

    async def resume(self) -> None:
        for client in self.clients:
            client.track.resume()

    async def sent(self) -> int:
        return sum(c.track.sent for c in self.clients)


async def measured_window(port: int, server_pid: int, senders, receivers: list, seconds: float,
                          extra_pids: tuple[int, ...] = ()) -> dict:
    """Packets sent and received and the processes' CPU over ``seconds`` of traffic. The
    window starts and ends with every source paused and the pipes drained, so "sent" and
    "received" count exactly the same packets. ``senders``: ``LocalSenders`` or alike;
    ``extra_pids``: more load-generator processes whose CPU counts as the load generator's."""
    loadgen = (os.getpid(), *extra_pids)
    await senders.pause()
    await settle(receivers)
    sent0, recv0 = await senders.sent(), sum(r.received for r in receivers)
    server_cpu0, own_cpu0, wall0 = cpu_seconds(server_pid), sum(map(cpu_seconds, loadgen)), time.monotonic()
    await senders.resume()
    await asyncio.sleep(seconds)
    await senders.pause()
    server_cpu1, own_cpu1, wall1 = cpu_seconds(server_pid), sum(map(cpu_seconds, loadgen)), time.monotonic()
    await settle(receivers)
    sent1, recv1 = await senders.sent(), sum(r.received for r in receivers)
    wall = wall1 - wall0
    return {
        "sent": sent1 - sent0, "received": recv1 - recv0, "wall": wall,
        "server_cpu_pct": round(100 * (server_cpu1 - server_cpu0) / wall, 1),
        "loadgen_cpu_pct": round(100 * (own_cpu1 - own_cpu0) / wall, 1),
        "stats": (await request(port, {"op": "stats"}))["stats"],
    }


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def pin(core: int) -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {core})


