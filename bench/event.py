"""Event voice benchmark: K speakers heard by N receive-only listeners through one server.

    python -m bench.event --listeners 100 --speakers 1 --seconds 20 --json
    python -m bench.event --sweep 50,100,150 --speakers 3 --seconds 20 --json

Speakers are aiortc clients sending pre-encoded Opus (20 ms packets, 50 per second), in a
process of their own on the load generator's core (bench/event_speakers.py);
listeners are aiortc clients offering the event's receive-only voice slots (what a browser
listener offers: no microphone; server/realtime/event.py ``VOICE_SLOTS``). The server is
``VoiceRooms`` in its own process with the event's rules (everyone may listen, only the
speakers are forwarded: ``set_speakers``), pinned to core 0; this load generator is pinned to
core 1. Each run is made twice in the same
invocation: the server forwarding encoded packets (what Ibasho ships) and, as the baseline,
aiortc's plain ``MediaRelay`` (decode once per speaker, encode once per listener).

Figures: join time is offer sent -> first audio packet at the listener, split into its
phases (answer back, of which the server's own work; connected, i.e. ICE + DTLS; first audio);
loss compares what each listener received with what the speakers sent over a steady window
(with K <= slots every listener hears every speaker); CPU from /proc over the window.
All traffic is on 127.0.0.1 (run it inside ``unshare -n``). Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import asyncio
import os
import statistics
import time

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

from bench.voice_harness import (
    LOOPBACK, PACKETS_PER_SECOND, measured_window, percentile, pin, request, serve, start_server,
    stop_server,
)
from bench.event_speakers import RemoteSenders
from server.realtime.event import VOICE_SLOTS
from server.voice import Forwarding, VoiceRooms, parse_host_addresses, restrict_host_candidates
from server.voice.relay import tap_encoded

ROOM = "event:bench"
JOIN_GATE = 8  # listeners arrive a few at a time, as people do at a door


async def allow_everyone(rooms: VoiceRooms, message: dict) -> dict:
    participants = message["participants"]
    await rooms.allow(ROOM, participants, capacity=len(participants) + 1, slots=VOICE_SLOTS)
    rooms.set_speakers(ROOM, message["speakers"])
    return {}


async def join_room(rooms: VoiceRooms, message: dict) -> dict:
    started = time.perf_counter()
    answer = await rooms.join(ROOM, message["participant"], message["sdp"])
    return {"sdp": answer, "server_ms": (time.perf_counter() - started) * 1000}


SERVER_OPS = {"allow": allow_everyone, "join": join_room}


class Listener:
    """A receive-only client with the event's slots: counts packets, never decodes."""

    def __init__(self) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.received = 0
        self.first = asyncio.Event()
        self.connected = asyncio.Event()
        self.pc.on("connectionstatechange", lambda: self.pc.connectionState == "connected" and self.connected.set())
        self.phases: dict[str, float] = {}

    def _count(self, payload: bytes, timestamp: int, voiced: bool) -> None:
        self.received += 1
        self.first.set()

    async def connect(self, port: int, participant: str) -> float:
        transceivers = [self.pc.addTransceiver("audio", direction="recvonly") for _ in range(VOICE_SLOTS)]
        restrict_host_candidates(self.pc, parse_host_addresses([LOOPBACK]))
        offer_started = time.perf_counter()
        await self.pc.setLocalDescription(await self.pc.createOffer())
        for transceiver in transceivers:
            opus_pt = next(c.payloadType for c in transceiver._codecs if c.mimeType.lower() == "audio/opus")
            tap_encoded(transceiver.receiver, opus_pt, self._count)
        started = time.perf_counter()
        reply = await request(port, {"op": "join", "participant": participant, "sdp": self.pc.localDescription.sdp})
        if not reply["ok"]:
            raise RuntimeError(f"join refused: {reply['error']['code']}")
        answered = time.perf_counter()
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=reply["sdp"], type="answer"))
        await asyncio.wait_for(self.connected.wait(), 60)
        connected = time.perf_counter()
        await asyncio.wait_for(self.first.wait(), 60)
        heard = time.perf_counter()
        self.phases = {"offer": started - offer_started, "answer": answered - started, "server": reply["server_ms"] / 1000,
                       "connect": connected - answered, "first_audio": heard - connected}
        return (heard - started) * 1000

    async def close(self) -> None:
        await self.pc.close()


async def measure(forwarding: Forwarding, listeners: int, speakers: int, seconds: float, warmup: float) -> dict:
    server, port = await start_server("bench.event", forwarding)
    ears = [Listener() for _ in range(listeners)]
    voices = None
    try:
        speaker_ids = [f"s{i}" for i in range(speakers)]
        await request(port, {"op": "allow", "speakers": speaker_ids,
                             "participants": speaker_ids + [f"l{i}" for i in range(listeners)]})
        voices = await RemoteSenders.start(port, ROOM, speakers)  # their own process (bench/event_speakers.py)
        join_ms: list[float] = []
        failures: list[str] = []
        gate = asyncio.Semaphore(JOIN_GATE)

        async def arrive(i: int) -> None:
            async with gate:
                try:
                    join_ms.append(await ears[i].connect(port, f"l{i}"))
                except Exception as exc:  # an overloaded server may not let everyone in: count it
                    failures.append(type(exc).__name__)

        setup_started = time.perf_counter()
        await asyncio.gather(*(arrive(i) for i in range(listeners)))
        setup_s = time.perf_counter() - setup_started
        await asyncio.sleep(warmup)

        window = await measured_window(port, server.pid, voices, ears, seconds, extra_pids=(voices.process.pid,))
        wall, stats = window["wall"], window["stats"]
        # Each listener hears every speaker on a slot of its own (one at a time past the slots).
        expected = window["sent"] / speakers * listeners * min(speakers, VOICE_SLOTS)
        received = window["received"]
        phases = {name: [1000 * e.phases[name] for e in ears if e.phases] for name in
                  ("offer", "answer", "server", "connect", "first_audio")}
        return {
            "listeners": listeners,
            "speakers": speakers,
            "join_p50_ms": round(statistics.median(join_ms), 1) if join_ms else None,
            "join_p95_ms": round(percentile(join_ms, 0.95), 1) if join_ms else None,
            "join_failures": len(failures),
            # Where join time goes (ms, p50/p95): offer = the listener's own ICE gathering (before
            # the offer is sent, not in join_*); answer = offer sent -> answer back, of which
            # server = VoiceRooms.join itself (the rest is waiting for the server's loop);
            # connect = ICE checks + DTLS handshake; first_audio = connected -> first packet.
            **{f"join_{name}_p{q}_ms": round(percentile(v, q / 100), 1) if v else None
               for name, v in phases.items() for q in (50, 95)},
            "setup_s": round(setup_s, 2),
            "loss_pct": round(max(0.0, 100 * (1 - received / expected)) if expected else 100.0, 3),
            "packets_per_s_per_listener": round(received / wall / listeners, 2) if listeners else 0,
            # loss_pct counts against what the speakers managed to send; a speaker whose own
            # connection lapsed sends nothing, so also against the nominal 50 packets a second.
            "speaker_packets_per_s": round(window["sent"] / wall / speakers, 2),
            "loss_vs_nominal_pct": round(max(0.0, 100 * (1 - received / (
                wall * PACKETS_PER_SECOND * listeners * min(speakers, VOICE_SLOTS)))), 3),
            "server_cpu_pct": window["server_cpu_pct"],
            "loadgen_cpu_pct": window["loadgen_cpu_pct"],
            "server_queue_drops": stats["packets_dropped"],
            # A speaker whose connection lapsed during a long set-up explains a 100% loss.
            "speakers_connected_after": await voices.connected(),
        }
    finally:
        for ear in ears:
            await ear.close()
        if voices is not None:
            await voices.close()
        await stop_server(server, port)


async def compare(listeners: int, speakers: int, seconds: float, warmup: float, baseline: bool) -> dict:
    result = await measure(Forwarding.ENCODED, listeners, speakers, seconds, warmup)
    result["forwarding"] = "encoded packets (server/voice/relay.py)"
    if baseline:
        base = await measure(Forwarding.DECODED, listeners, speakers, seconds, warmup)
        result["baseline_forwarding"] = "aiortc MediaRelay, decode + re-encode"
        result.update({f"baseline_{k}": v for k, v in base.items() if k not in ("listeners", "speakers")})
    return result


async def run(args: argparse.Namespace) -> dict:
    pin(1)
    common = {"seconds": args.seconds, "voice_slots": VOICE_SLOTS, "cores": os.cpu_count(), "server_core": 0, "loadgen_core": 1,
              "load_average_1m_at_start": round(os.getloadavg()[0], 2), "nice": os.nice(0)}
    if not args.sweep:
        return {**await compare(args.listeners, args.speakers, args.seconds, args.warmup,
                                not args.no_baseline), **common}
    runs = [await compare(n, args.speakers, args.seconds, args.warmup, not args.no_baseline)
            for n in args.sweep]
    fine = [r["listeners"] for r in runs if r["loss_vs_nominal_pct"] < 1.0 and (r["join_p95_ms"] or 1e9) < 1000]
    return {**runs[-1], **common, "sweep": runs, "largest_listeners_under_1pct_loss_and_1s_join": max(fine, default=0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listeners", type=int, default=50)
    parser.add_argument("--speakers", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--sweep", type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--no-baseline", action="store_true", help="skip the MediaRelay run (it is slow at large N)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--nice", type=int, default=0,
                        help="scheduling priority change for both processes (e.g. -5 as root on a shared machine)")
    parser.add_argument("--serve", choices=[f.value for f in Forwarding], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.nice:
        os.nice(args.nice)  # before the server process is started: it inherits the priority
    if args.serve:
        pin(0)
        asyncio.run(serve(Forwarding(args.serve), SERVER_OPS, connect_timeout_seconds=120))
        return
    print(json.dumps(asyncio.run(run(args)), indent=None if args.json else 2))


if __name__ == "__main__":
    main()
