"""Consultation voice benchmark: N one-to-one sessions relayed by one server process.

    python -m bench.consultation --sessions 25 --seconds 20 --json
    python -m bench.consultation --sweep 8,16,25,32,40 --seconds 20 --json

Both sides of every session are aiortc clients sending Opus (20 ms packets, 50 per second)
through ``VoiceRooms`` running in a separate server process. The server is pinned to core 0
and this load generator to core 1 (when there are two cores). Each run is made twice in the
same invocation: with the server forwarding encoded packets (what Ibasho ships) and, as the
baseline, with the same sessions through aiortc's plain ``MediaRelay`` (decode, re-encode).

The clients themselves neither encode nor decode: they send pre-encoded Opus packets and count
what arrives, so the load generator's cost stays well below the server's.

Figures: connect time is offer sent -> client connected; audio packets per second per
direction and loss are counted over a steady window (packets the sending clients handed to
aiortc vs. packets the receiving clients got); server CPU is from /proc/<pid>/stat over the
same window. All traffic is on 127.0.0.1. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import asyncio
import fractions
import json
import math
import os
import statistics
import sys
import time
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


# --- server process -------------------------------------------------------------------------

async def serve(forwarding: Forwarding) -> None:
    """The server side: VoiceRooms behind a line-delimited JSON signalling socket."""
    rooms = VoiceRooms(VoiceConfig(host_addresses=(LOOPBACK,), forwarding=forwarding, connect_timeout_seconds=60))
    done = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = json.loads(await reader.readline())
        try:
            if request["op"] == "allow":
                await rooms.allow(request["room"], request["participants"])
                reply = {"ok": True}
            elif request["op"] == "join":
                reply = {"ok": True, "sdp": await rooms.join(request["room"], request["participant"], request["sdp"])}
            elif request["op"] == "stats":
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
    await done.wait()
    server.close()
    await rooms.close()


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


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def pin(core: int) -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {core})


async def pause_and_drain(clients: list["LeanClient"], seconds: float) -> None:
    for client in clients:
        client.track.pause()
    await asyncio.sleep(seconds)


async def measure(forwarding: Forwarding, sessions: int, seconds: float, warmup: float, payloads: list[bytes]) -> dict:
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.consultation", "--serve", forwarding.value,
        stdout=asyncio.subprocess.PIPE, cwd=str(Path(__file__).resolve().parents[1]),
    )
    port = int(await server.stdout.readline())
    clients: list[LeanClient] = []
    try:
        connect_ms: list[float] = []
        failures: list[str] = []
        gate = asyncio.Semaphore(4)  # sessions arrive a few at a time, not in one burst

        async def open_session(i: int) -> None:
            async with gate:
                await request(port, {"op": "allow", "room": f"room-{i}", "participants": ["a", "b"]})
                pair = [LeanClient(payloads), LeanClient(payloads)]
                clients.extend(pair)
                results = await asyncio.gather(
                    pair[0].connect(port, f"room-{i}", "a"), pair[1].connect(port, f"room-{i}", "b"),
                    return_exceptions=True)
                for result in results:  # an overloaded server may not connect everyone: count it
                    if isinstance(result, BaseException):
                        failures.append(type(result).__name__)
                    else:
                        connect_ms.append(result)

        setup_started = time.perf_counter()
        await asyncio.gather(*(open_session(i) for i in range(sessions)))
        setup_s = time.perf_counter() - setup_started
        await asyncio.sleep(warmup)

        # The window starts and ends with every source paused and the pipes drained, so
        # "sent" and "received" count exactly the same packets.
        await pause_and_drain(clients, DRAIN_SECONDS)
        sent0, recv0 = sum(c.track.sent for c in clients), sum(c.received for c in clients)
        server_cpu0, own_cpu0, wall0 = cpu_seconds(server.pid), cpu_seconds(os.getpid()), time.monotonic()
        for client in clients:
            client.track.resume()
        await asyncio.sleep(seconds)
        for client in clients:
            client.track.pause()
        server_cpu1, own_cpu1, wall1 = cpu_seconds(server.pid), cpu_seconds(os.getpid()), time.monotonic()
        await asyncio.sleep(DRAIN_SECONDS)
        sent1, recv1 = sum(c.track.sent for c in clients), sum(c.received for c in clients)
        stats = (await request(port, {"op": "stats"}))["stats"]

        wall = wall1 - wall0
        sent, received = sent1 - sent0, recv1 - recv0
        return {
            "sessions": sessions,
            "connect_p50_ms": round(statistics.median(connect_ms), 1) if connect_ms else None,
            "connect_p95_ms": round(percentile(connect_ms, 0.95), 1) if connect_ms else None,
            "connect_failures": len(failures),
            "setup_s": round(setup_s, 2),
            "audio_packets_per_s_per_direction": round(received / wall / (2 * sessions), 2),
            "loss_pct": round(max(0.0, 100 * (1 - received / sent)) if sent else 100.0, 3),
            "server_cpu_pct": round(100 * (server_cpu1 - server_cpu0) / wall, 1),
            "loadgen_cpu_pct": round(100 * (own_cpu1 - own_cpu0) / wall, 1),
            "server_queue_drops": stats["packets_dropped"],
        }
    finally:
        for client in clients:
            await client.close()
        try:
            await asyncio.wait_for(request(port, {"op": "shutdown"}), 10)
            await asyncio.wait_for(server.wait(), 20)
        except (OSError, asyncio.TimeoutError):
            server.kill()
            await server.wait()


async def compare(sessions: int, seconds: float, warmup: float, payloads: list[bytes]) -> dict:
    result = await measure(Forwarding.ENCODED, sessions, seconds, warmup, payloads)
    baseline = await measure(Forwarding.DECODED, sessions, seconds, warmup, payloads)
    result["forwarding"] = "encoded packets (server/voice/relay.py)"
    result["baseline_forwarding"] = "aiortc MediaRelay, decode + re-encode"
    result.update({f"baseline_{k}": v for k, v in baseline.items() if k != "sessions"})
    return result


async def run(args: argparse.Namespace) -> dict:
    pin(1)
    payloads = opus_payloads()
    common = {
        "seconds": args.seconds, "cores": os.cpu_count(), "server_core": 0, "loadgen_core": 1,
        # Other work on the machine shows up as loss and CPU here: keep it visible.
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "nice": os.nice(0),  # the server process inherits it
    }
    if not args.sweep:
        return {**await compare(args.sessions, args.seconds, args.warmup, payloads), **common}
    runs = [await compare(n, args.seconds, args.warmup, payloads) for n in args.sweep]
    under = [r["sessions"] for r in runs if r["loss_pct"] < 1.0]
    under_baseline = [r["sessions"] for r in runs if r["baseline_loss_pct"] < 1.0]
    return {
        **runs[-1], **common,
        "sweep": runs,
        "largest_sessions_under_1pct_loss": max(under, default=0),
        "baseline_largest_sessions_under_1pct_loss": max(under_baseline, default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of traffic before the window")
    parser.add_argument("--sweep", type=lambda s: [int(x) for x in s.split(",")], help="e.g. 8,16,25,32,40")
    parser.add_argument("--json", action="store_true", help="print one JSON object on one line")
    parser.add_argument("--nice", type=int, default=0,
                        help="scheduling priority change for both processes (e.g. -10 as root on a shared machine)")
    parser.add_argument("--serve", choices=[f.value for f in Forwarding], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.nice:
        os.nice(args.nice)  # before the server process is started: it inherits the priority
    if args.serve:
        pin(0)
        asyncio.run(serve(Forwarding(args.serve)))
        return
    result = asyncio.run(run(args))
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
