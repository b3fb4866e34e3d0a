"""The server's own work to answer one event listener (no network wait, one process).

    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m bench.voice_join --joins 40 --json'

Prepares N listener offers with the event's receive-only voice slots, then times
``VoiceRooms.join`` for each, one after another (what a listener waits for on an idle server:
the offer checked, a peer connection with one outbound track per slot, the answer with ICE
gathered). The baseline in the same run is aiortc's plain answer for the same offers
(``RTCPeerConnection``, ``setRemoteDescription``, ``createAnswer``, ``setLocalDescription``)
without Ibasho's checks and slots. Loopback only. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

from bench.voice_harness import LOOPBACK, percentile
from server.realtime.event import VOICE_SLOTS
from server.voice import VoiceConfig, VoiceRooms, parse_host_addresses, restrict_host_candidates

HOSTS = parse_host_addresses([LOOPBACK])


async def offers(count: int) -> tuple[list[RTCPeerConnection], list[str]]:
    clients, sdps = [], []
    for _ in range(count):
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        for _ in range(VOICE_SLOTS):
            pc.addTransceiver("audio", direction="recvonly")
        restrict_host_candidates(pc, HOSTS)
        await pc.setLocalDescription(await pc.createOffer())
        clients.append(pc)
        sdps.append(pc.localDescription.sdp)
    return clients, sdps


def summary(ms: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 0.95), 2)}


async def run(joins: int) -> dict:
    clients, sdps = await offers(joins)
    rooms = VoiceRooms(VoiceConfig(host_addresses=(LOOPBACK,)))
    await rooms.allow("event:bench", [f"l{i}" for i in range(joins)], capacity=joins + 1, slots=VOICE_SLOTS)
    shipped = []
    for i, sdp in enumerate(sdps):
        started = time.perf_counter()
        await rooms.join("event:bench", f"l{i}", sdp)
        shipped.append((time.perf_counter() - started) * 1000)
    await rooms.close()
    plain, answered = [], []
    for sdp in sdps:
        started = time.perf_counter()
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        restrict_host_candidates(pc, HOSTS)
        await pc.setLocalDescription(await pc.createAnswer())
        plain.append((time.perf_counter() - started) * 1000)
        answered.append(pc)
    for pc in (*answered, *clients):
        await pc.close()
    return {"joins": joins, "voice_slots": VOICE_SLOTS, "join_server": summary(shipped),
            "baseline": "aiortc's plain answer, same offers", "baseline_join_server": summary(plain),
            "load_average_1m_at_start": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--joins", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.joins)), indent=None if args.json else 2))


if __name__ == "__main__":
    main()
