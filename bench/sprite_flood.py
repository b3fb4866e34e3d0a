"""One client asks for N sprite sheets of different looks in a few seconds while a bystander
pings /consult: the bystander's ping latency (p50/p99) and how many sheets were drawn.

    python -m bench.sprite_flood --url http://127.0.0.1:8097 [--looks 150 --seconds 3]

Run against a server started separately (127.0.0.1 only), e.g. pinned with taskset to
another core than this script. Issue 10 measured p99 55 ms with every sheet drawn.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import time

import aiohttp
import socketio

from avatars.parts import CATEGORIES, PARTS


def looks(count: int, skip: int) -> list[str]:
    codes = (".".join(c.id for c in combo) for combo in itertools.product(*(PARTS[c] for c in CATEGORIES)))
    return list(itertools.islice(codes, skip, skip + count))


async def flood(http: aiohttp.ClientSession, url: str, codes: list[str], seconds: float) -> dict[int, int]:
    statuses: dict[int, int] = {}

    async def one(code: str) -> None:
        async with http.get(f"{url}/api/avatars/sprites/{code}.png") as resp:
            await resp.read()
            statuses[resp.status] = statuses.get(resp.status, 0) + 1

    tasks = []
    for code in codes:
        tasks.append(asyncio.create_task(one(code)))
        await asyncio.sleep(seconds / len(codes))
    await asyncio.gather(*tasks)
    return statuses


async def main(url: str, count: int, seconds: float, skip: int) -> dict:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/api/auth/guest", json={}) as resp:
            token = (await resp.json())["access_token"]
        bystander = socketio.AsyncClient(reconnection=False)
        await bystander.connect(url, namespaces=["/consult"], transports=["websocket"], auth={"token": token})
        rtts: list[float] = []
        done = asyncio.Event()

        async def ping() -> None:
            while not done.is_set():
                start = time.perf_counter()
                await bystander.call("ping", {}, namespace="/consult", timeout=10)
                rtts.append((time.perf_counter() - start) * 1000)
                await asyncio.sleep(0.02)

        pinger = asyncio.create_task(ping())
        await asyncio.sleep(0.5)
        warm = len(rtts)
        await asyncio.sleep(seconds)  # the same length of quiet, for comparison on a busy machine
        quiet = len(rtts)
        statuses = await flood(http, url, looks(count, skip), seconds)
        done.set()
        await pinger
        await bystander.disconnect()
    return {"looks": count, "seconds": seconds, "statuses": statuses,
            "quiet": summary(rtts[warm:quiet]), "during": summary(rtts[quiet:])}


def summary(rtts: list[float]) -> dict:
    ordered = sorted(rtts)
    return {"pings": len(ordered), "p50_ms": round(statistics.median(ordered), 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--looks", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--skip", type=int, default=0, help="start further into the looks (a fresh, uncached set)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.url, args.looks, args.seconds, args.skip))))
