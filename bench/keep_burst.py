"""A bystander's ping while a burst of accounts is kept (issue 10, item 4).

Starts ``python -m server`` from a checkout (``--checkout``, so the same script measures main
and a branch) on a fresh SQLite database, pinned to one core; connects one bystander to
/space who sends ``ping`` with an ack every 20 ms; after a quiet phase, fires ``--keeps``
POST /api/auth/keep (no token, real argon2id cost) from ``--clients`` loopback addresses,
``--concurrency`` at a time. Prints JSON: the bystander's p50/p99 in the quiet phase and
during the burst, and what the keeps were answered.

    .venv/bin/python -m bench.keep_burst --checkout . --keeps 200 --clients 50
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import aiohttp
import socketio


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0


def start_server(checkout: str, port: int, data_dir: str, core: str) -> subprocess.Popen:
    root = os.path.abspath(checkout)  # ``-m`` puts the working directory first on sys.path
    env = dict(os.environ, PYTHONPATH=root, IBASHO_DATA_DIR=data_dir, HOST="127.0.0.1", PORT=str(port))
    subprocess.run([sys.executable, "-m", "server.cli", "migrate"], env=env, cwd=root, check=True, capture_output=True)
    return subprocess.Popen(["taskset", "-c", core, sys.executable, "-m", "server"], env=env, cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_ready(url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(400):
            try:
                async with http.get(url + "/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("server did not start")


async def bystander(url: str, phases: dict, stop: asyncio.Event) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(url + "/api/auth/guest", json={}) as resp:
            token = (await resp.json())["access_token"]
    sio = socketio.AsyncClient()
    await sio.connect(url, namespaces=["/space"], auth={"token": token}, transports=["websocket"])
    while not stop.is_set():
        started = time.perf_counter()
        await sio.call("ping", {}, namespace="/space", timeout=10)
        phases[phases["now"]].append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)
    await sio.disconnect()


async def keep_one(url: str, n: int, clients: int, answers: collections.Counter, gate: asyncio.Semaphore) -> None:
    address = f"127.0.{3 + n % clients // 250}.{1 + n % clients % 250}"
    async with gate, aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0))) as http:
        body = {"nickname": f"burst{n}", "passphrase": "a burst passphrase"}
        async with http.post(url + "/api/auth/keep", json=body) as resp:
            data = await resp.json()
            answers[data["error"]["code"] if resp.status >= 400 else "kept"] += 1


async def run(args) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        server = start_server(args.checkout, port, data_dir, args.server_core)
        try:
            await wait_ready(url)
            phases: dict = {"now": "quiet", "quiet": [], "burst": []}
            stop = asyncio.Event()
            pinger = asyncio.create_task(bystander(url, phases, stop))
            await asyncio.sleep(args.quiet_s)
            phases["now"] = "burst"
            answers: collections.Counter = collections.Counter()
            gate = asyncio.Semaphore(args.concurrency)
            started = time.perf_counter()
            await asyncio.gather(*(keep_one(url, n, args.clients, answers, gate) for n in range(args.keeps)))
            burst_s = time.perf_counter() - started
            stop.set()
            await pinger
        finally:
            server.terminate()
            server.wait()
    return {
        "checkout": args.checkout, "keeps": args.keeps, "clients": args.clients, "concurrency": args.concurrency,
        "burst_s": round(burst_s, 2), "answers": dict(answers),
        "quiet_ms": {"n": len(phases["quiet"]), "p50": percentile(phases["quiet"], 0.5), "p99": percentile(phases["quiet"], 0.99)},
        "burst_ms": {"n": len(phases["burst"]), "p50": percentile(phases["burst"], 0.5), "p99": percentile(phases["burst"], 0.99)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", default=".")
    parser.add_argument("--keeps", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--quiet-s", type=float, default=3.0)
    parser.add_argument("--server-core", default="0")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
