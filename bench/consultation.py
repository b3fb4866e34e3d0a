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
import json
import os
import statistics
import time

from bench.voice_harness import (
    LeanClient, LocalSenders, measured_window, opus_payloads, percentile, pin, request, serve, start_server, stop_server,
)
from server.voice import Forwarding, VoiceRooms


async def allow_room(rooms: VoiceRooms, message: dict) -> dict:
    await rooms.allow(message["room"], message["participants"])
    return {}


async def join_room(rooms: VoiceRooms, message: dict) -> dict:
    return {"sdp": await rooms.join(message["room"], message["participant"], message["sdp"])}


SERVER_OPS = {"allow": allow_room, "join": join_room}


async def measure(forwarding: Forwarding, sessions: int, seconds: float, warmup: float, payloads: list[bytes]) -> dict:
    server, port = await start_server("bench.consultation", forwarding)
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

        window = await measured_window(port, server.pid, LocalSenders(clients), clients, seconds)
        wall, sent, received, stats = window["wall"], window["sent"], window["received"], window["stats"]
        return {
            "sessions": sessions,
            "connect_p50_ms": round(statistics.median(connect_ms), 1) if connect_ms else None,
            "connect_p95_ms": round(percentile(connect_ms, 0.95), 1) if connect_ms else None,
            "connect_failures": len(failures),
            "setup_s": round(setup_s, 2),
            "audio_packets_per_s_per_direction": round(received / wall / (2 * sessions), 2),
            "loss_pct": round(max(0.0, 100 * (1 - received / sent)) if sent else 100.0, 3),
            "server_cpu_pct": window["server_cpu_pct"],
            "loadgen_cpu_pct": window["loadgen_cpu_pct"],
            "server_queue_drops": stats["packets_dropped"],
        }
    finally:
        for client in clients:
            await client.close()
        await stop_server(server, port)


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
        asyncio.run(serve(Forwarding(args.serve), SERVER_OPS))
        return
    result = asyncio.run(run(args))
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
