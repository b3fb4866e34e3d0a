"""Space benchmark: N simulated avatars walking at 10 Hz around one Ibasho server process.

    python -m bench.space --avatars 1000 --seconds 20 --json
    python -m bench.space --sweep 250,500,750,1000,1250 --seconds 20 --json

Each run starts a real server (``python -m server`` on a fresh SQLite data dir, a generated
bench map, channel capacity >= N so everyone shares ONE channel) pinned to core 0, and
load-generator processes (``bench.space_load``: lean Socket.IO clients) pinned to core 1.
Guest accounts are created directly in the database and their access tokens signed with the
server's secret (the REST guest route is rate limited per address, and the benchmark must not
loosen the server's limits); each avatar starts at a random spot through the signed resume
place the server itself hands out on reconnect, so the crowd is spread over the map from the
first second instead of piling up at a spawn point.

Then the same load generator and N run against the baseline (``bench.baseline_server``: bare
python-socketio, one whole-room batch every 100 ms). One JSON object is printed; the
baseline's figures carry a ``baseline_`` prefix. All traffic stays on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.space_load import ClientSpec, Plan, Tally, connect_all, observations, walk_all
from bench.space_map import bench_map_document, describe, side_cells_for, start_positions, CELL_TILES
from bench.space_proc import CpuMeter, MachineMeter, memory_mb, pin_to, wait_until_quiet
from bench.space_stats import figures, merge_tallies
from rooms.maps import GameMap, load_demo_map, load_map

LOOPBACK = "127.0.0.1"
TARGET_P99_MS = 150.0
TARGET_DELIVERY = 0.95  # delivered + coalesced: a fast server that drops moves does not pass
QUIET_PCT = 25.0  # --wait-quiet: start a run once the machine is at most this busy (% of a core)
DISTURBED_PCT = 15.0  # --attempts: a run with more foreign CPU than this is run again


@dataclass(frozen=True)
class Options:
    avatars: int
    seconds: float = 20.0
    warmup: float = 5.0
    drain: float = 1.5
    workers: int = 4
    observers: int = 100
    tracked: int = 50
    visible_target: float = 30.0
    map_tiles: int | None = None
    seed: int = 1
    server_core: int | None = 0
    loadgen_core: int | None = 1
    ibasho: bool = True
    baseline: bool = True
    logs: str | None = None  # a folder to keep the servers' logs in
    wait_quiet_s: float = 0.0  # wait up to this long for other work on the machine to calm down
    attempts: int = 1  # run again (up to this many times) when other work disturbed the run


# --- load-generator processes ---------------------------------------------------------------

def worker_main(conn, url: str, specs: list[ClientSpec], map_path: str | None, seed: int) -> None:
    """One load-generator process: connect its share of clients, walk by the plan, report."""
    game_map = load_map(map_path) if map_path else load_demo_map()
    asyncio.run(_worker(conn, url, specs, game_map, seed))


async def _worker(conn, url: str, specs: list[ClientSpec], game_map: GameMap, seed: int) -> None:
    loop = asyncio.get_running_loop()
    tally = Tally()
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as http:
        clients, failed = await connect_all(http, url, specs, game_map, tally, seed=seed)
        conn.send(("connected", len(clients), failed))
        plan = await loop.run_in_executor(None, conn.recv)
        if clients:
            await walk_all(clients, tally, plan)
        result = worker_result(tally, clients, failed)
        for client in clients:
            client.closing = True
        await asyncio.gather(*(c.close() for c in clients))
    conn.send(("result", result))


def worker_result(tally: Tally, clients: list, failed: int) -> dict:
    return {
        "connected": len(clients), "failed": failed,
        "observers": sum(1 for c in clients if c.spec.observer),
        "moves_sent": tally.moves_sent, "acked_moves_sent": tally.acked_moves_sent,
        "moves_accepted": tally.moves_accepted,
        "moves_refused": tally.moves_refused, "corrections": tally.corrections,
        "move_entries": tally.move_entries, "observer_batches": tally.observer_batches,
        "visible_sum": tally.visible_sum, "disconnects": tally.disconnects,
        "ack_rtts": tally.ack_rtts, "batch_ages": tally.batch_ages,
        "tracked_sends": tally.tracked_sends, "observations": observations(clients),
    }


def _evenly(ids: list[str], count: int, offset: int) -> set[str]:
    if count >= len(ids):
        return set(ids)
    step = len(ids) / count
    return {ids[(int(i * step) + offset) % len(ids)] for i in range(count)}


def client_specs(logins: list[tuple[str, str]], places: list[str | None], observers: int) -> list[ClientSpec]:
    ids = [account_id for account_id, _ in logins]
    watching = _evenly(ids, observers, 0)
    return [ClientSpec(account_id, token, place, account_id in watching)
            for (account_id, token), place in zip(logins, places)]


def drive(url: str, specs: list[ClientSpec], map_path: str | None, server_pid: int, opts: Options) -> dict:
    """Run the load generator processes against a started server; return the run's figures."""
    ctx = multiprocessing.get_context("spawn")
    workers, pipes = [], []
    chunks = [specs[i::opts.workers] for i in range(opts.workers)]
    for i, chunk in enumerate(c for c in chunks if c):
        parent_end, child_end = ctx.Pipe()
        proc = ctx.Process(target=worker_main, args=(child_end, url, chunk, map_path, opts.seed * 1000 + i), daemon=True)
        proc.start()
        workers.append(proc)
        pipes.append(parent_end)
    try:
        connect_deadline = time.time() + 60 + len(specs) / 10
        for pipe in pipes:
            if not pipe.poll(max(1.0, connect_deadline - time.time())):
                raise RuntimeError("load generator did not finish connecting in time")
            pipe.recv()
        ids = [s.account_id for s in specs]
        start = time.time() + 1.0
        plan = Plan(walk_from=start, measure_from=start + opts.warmup,
                    measure_to=start + opts.warmup + opts.seconds,
                    stop_at=start + opts.warmup + opts.seconds + opts.drain,
                    tracked=frozenset(_evenly(ids, opts.tracked, max(1, len(ids) // (2 * max(1, opts.tracked))))))
        for pipe in pipes:
            pipe.send(plan)
        server_cpu = CpuMeter([server_pid])
        loadgen_cpu = CpuMeter([os.getpid()] + [w.pid for w in workers])
        machine = MachineMeter()
        _sleep_until(plan.measure_from)
        now = time.time()
        for meter in (server_cpu, loadgen_cpu, machine):
            meter.start(now)
        _sleep_until(plan.measure_to)
        now = time.time()
        for meter in (server_cpu, loadgen_cpu, machine):
            meter.stop(now)
        rss, peak = memory_mb(server_pid)
        parts = []
        for pipe in pipes:
            if not pipe.poll(opts.drain + 60):
                raise RuntimeError("load generator did not report in time")
            parts.append(pipe.recv()[1])
    finally:
        for proc in workers:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
    out = figures(merge_tallies(parts), avatars=len(specs), measure_from=plan.measure_from, measure_to=plan.measure_to)
    out.update(server_cpu_pct=server_cpu.percent, server_rss_mb=rss, server_rss_peak_mb=peak,
               loadgen_cpu_pct=loadgen_cpu.percent,
               # Everything else running on the machine meanwhile (other work disturbs a run).
               other_cpu_pct=round(sum(machine.percent.values()) - server_cpu.percent - loadgen_cpu.percent, 1),
               core_busy_pct=machine.percent)
    return out


def _sleep_until(t: float) -> None:
    time.sleep(max(0.0, t - time.time()))


async def measure_in_process(url: str, logins: list[tuple[str, str]], game_map: GameMap, *,
                             places: list[str | None] | None = None, seconds: float = 2.0,
                             warmup: float = 0.5, drain: float = 0.5) -> dict:
    """The same load generator in this process and event loop (for a smoke test against an
    in-process server): everyone observes and everyone is tracked. No CPU figures."""
    specs = client_specs(logins, places or [None] * len(logins), observers=len(logins))
    tally = Tally()
    async with aiohttp.ClientSession() as http:
        clients, failed = await connect_all(http, url, specs, game_map, tally)
        start = time.time() + 0.1
        plan = Plan(walk_from=start, measure_from=start + warmup, measure_to=start + warmup + seconds,
                    stop_at=start + warmup + seconds + drain, tracked=frozenset(a for a, _ in logins))
        await walk_all(clients, tally, plan)
        result = worker_result(tally, clients, failed)
        for client in clients:
            client.closing = True
        await asyncio.gather(*(c.close() for c in clients))
    out = figures(merge_tallies([result]), avatars=len(logins), measure_from=plan.measure_from, measure_to=plan.measure_to)
    out.update(server_cpu_pct=None, server_rss_mb=None, server_rss_peak_mb=None, loadgen_cpu_pct=None)
    return out


# --- servers --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _server_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "IBASHO_SECRET", "IBASHO_PUBLIC_URL")}
    env.update(extra)
    return env


def _spawn(cmd: list[str], env: dict[str, str], core: int | None, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            preexec_fn=(lambda: pin_to(core)) if core is not None else None)


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become healthy in time")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _create_guests(database_url: str, secret: str, count: int, seed: int) -> list[tuple[str, str]]:
    from avatars.accounts import enter_as_guest
    from server.auth import TokenSigner
    from server.core.clock import SystemClock
    from server.db import create_engine, session_factory

    clock = SystemClock()
    signer = TokenSigner(secret, clock, access_minutes=240)  # outlives retries and quiet waits
    rng = random.Random(seed)
    engine = create_engine(database_url)
    try:
        async with session_factory(engine).begin() as db:
            signed = [await enter_as_guest(db, clock, rng, lang=rng.choice(("ja", "en"))) for _ in range(count)]
    finally:
        await engine.dispose()
    return [(s.account.id, signer.issue_access(account_id=s.account.id, session_id=s.session_id,
                                               role=s.account.role, token_version=s.account.token_version))
            for s in signed]


def _places(secret: str, logins: list[tuple[str, str]], game_map: GameMap, seed: int) -> list[str]:
    from server.core.clock import SystemClock
    from server.realtime.resume import ResumeSigner

    signer = ResumeSigner(secret, SystemClock(), ttl_seconds=3600)
    spots = start_positions(game_map, len(logins), random.Random(seed))
    instance = f"{game_map.id}-1"  # capacity >= N: everyone in the first channel
    return [signer.sign(account_id, instance, x, y) for (account_id, _), (x, y) in zip(logins, spots)]


def run_once(opts: Options) -> dict:
    """Ibasho and then the baseline, with the same accounts, starting spots and load."""
    n = opts.avatars
    with tempfile.TemporaryDirectory(prefix="ibasho-bench-space-") as tmp:
        tmp_path = Path(tmp)
        side = opts.map_tiles or side_cells_for(n, opts.visible_target) * CELL_TILES
        map_path = tmp_path / "bench-map.json"
        map_path.write_text(json.dumps(bench_map_document(side)))
        game_map = load_map(map_path)
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        port = free_port()
        env = _server_env({"IBASHO_DATA_DIR": str(data_dir), "HOST": LOOPBACK, "PORT": str(port),
                           "IBASHO_CHANNEL_CAPACITY": str(max(n, 100)), "IBASHO_MAP": str(map_path)})
        subprocess.run([sys.executable, "-m", "server.cli", "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        secret = (data_dir / "secret.key").read_text().strip()
        logins = asyncio.run(_create_guests(f"sqlite+aiosqlite:///{data_dir / 'ibasho.db'}", secret, n, opts.seed))
        places = _places(secret, logins, game_map, opts.seed)
        specs = client_specs(logins, places, opts.observers)

        report: dict = {"avatars": n, "seconds": opts.seconds, "map": describe(game_map, n)}
        logs = Path(opts.logs) if opts.logs else tmp_path
        logs.mkdir(parents=True, exist_ok=True)
        ibasho = base = None
        if opts.ibasho:
            cmd = [sys.executable, "-m", "server"]
            ibasho = _serve_and_drive(cmd, env, port, specs, map_path, opts, logs / f"server-{n}.log")
            report.update(ibasho)
            report["meets_target"] = meets_target(ibasho)
        if opts.baseline:
            port = free_port()
            cmd = [sys.executable, "-m", "bench.baseline_server", "--port", str(port)]
            base = _serve_and_drive(cmd, _server_env({}), port, specs, map_path, opts, logs / f"baseline-{n}.log")
            report.update({f"baseline_{k}": v for k, v in base.items() if k != "avatars"})
            report["baseline_meets_target"] = meets_target(base)
        if ibasho and base:
            report.update(ratios(ibasho, base))
    return report


def _serve_and_drive(cmd: list[str], env: dict[str, str], port: int, specs: list[ClientSpec], map_path: Path,
                     opts: Options, log_path: Path) -> dict:
    for attempt in range(1, opts.attempts + 1):
        busy_before = wait_until_quiet(QUIET_PCT, opts.wait_quiet_s) if opts.wait_quiet_s else None
        server = _spawn(cmd, env, opts.server_core, log_path)
        url = f"http://{LOOPBACK}:{port}"
        try:
            _wait_healthy(url, server)
            run = drive(url, specs, str(map_path), server.pid, opts)
        finally:
            _stop(server)
        run.update(machine_busy_before_pct=busy_before, attempt=attempt)
        if run["other_cpu_pct"] <= DISTURBED_PCT:
            break
    return run


def meets_target(run: dict) -> bool:
    p99 = run.get("latency_p99_ms")
    delivered = (run.get("delivered_ratio") or 0) + (run.get("coalesced_ratio") or 0)
    return (p99 is not None and p99 < TARGET_P99_MS and delivered >= TARGET_DELIVERY
            and run["connected"] == run["avatars"] and run["disconnects"] == 0)


def ratios(ibasho: dict, base: dict) -> dict:
    def ratio(a, b):
        return round(a / b, 2) if a is not None and b else None

    return {
        # > 1: the baseline is that many times slower / costlier than Ibasho at the same N.
        "p99_ratio_baseline_over_ibasho": ratio(base.get("latency_p99_ms"), ibasho.get("latency_p99_ms")),
        "server_cpu_ratio_baseline_over_ibasho": ratio(base.get("server_cpu_pct"), ibasho.get("server_cpu_pct")),
    }


def sweep(sizes: list[int], opts: Options) -> dict:
    runs = []
    for n in sizes:
        runs.append(run_once(Options(**{**opts.__dict__, "avatars": n})))
        print(json.dumps(runs[-1], ensure_ascii=False), file=sys.stderr, flush=True)  # progress
    return summarize(runs)


def summarize(runs: list[dict]) -> dict:
    """The sweep's answer: the largest N meeting the target on each side (a side that did
    not run, with ``--only``, has none) and their ratio."""
    best = max((r["avatars"] for r in runs if r.get("meets_target")), default=None)
    base_best = max((r["avatars"] for r in runs if r.get("baseline_meets_target")), default=None)
    return {
        "runs": runs,
        "largest_n_meeting_target": best,
        "baseline_largest_n_meeting_target": base_best,
        "capacity_ratio": round(best / base_best, 2) if best and base_best else None,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.space", description=__doc__.splitlines()[0])
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--avatars", type=int, help="simulated people in one map")
    what.add_argument("--sweep", help="comma-separated list of N to run one after another")
    p.add_argument("--seconds", type=float, default=20.0, help="measured window per run")
    p.add_argument("--warmup", type=float, default=5.0, help="walking before the window opens")
    p.add_argument("--workers", type=int, default=4, help="load-generator processes")
    p.add_argument("--observers", type=int, default=100, help="clients that read every batch")
    p.add_argument("--tracked", type=int, default=50, help="walkers whose moves are timed end to end")
    p.add_argument("--visible-target", type=float, default=30.0, help="crowd in view the map is sized for")
    p.add_argument("--map-tiles", type=int, help="fixed map side in tiles instead of sizing it by N")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", choices=("ibasho", "baseline"), help="run one of the two servers only")
    p.add_argument("--no-pin", action="store_true", help="do not pin server and load generator to cores")
    p.add_argument("--nice", type=int, default=0,
                   help="niceness for this process, its load generator and the servers (negative needs root)")
    p.add_argument("--logs", help="keep the servers' logs in this folder")
    p.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                   help=f"before each run, wait up to this long until the machine is under {QUIET_PCT:.0f}%% busy")
    p.add_argument("--attempts", type=int, default=1,
                   help=f"run again, up to this many times in all, when other work used over {DISTURBED_PCT:.0f}%% of a core")
    p.add_argument("--json", action="store_true", help="print the JSON object on one line")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A polite stop (kill PID) still stops the servers and removes the temporary files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    pinned = not args.no_pin and (os.cpu_count() or 1) >= 2 and hasattr(os, "sched_setaffinity")
    opts = Options(
        avatars=args.avatars or 0, seconds=args.seconds, warmup=args.warmup, workers=args.workers,
        observers=args.observers, tracked=args.tracked, visible_target=args.visible_target,
        map_tiles=args.map_tiles, seed=args.seed, logs=args.logs, wait_quiet_s=args.wait_quiet,
        attempts=max(1, args.attempts),
        ibasho=args.only != "baseline", baseline=args.only != "ibasho",
        server_core=0 if pinned else None, loadgen_core=1 if pinned else None,
    )
    pin_to(opts.loadgen_core)  # this process and the load-generator processes it starts
    if args.nice:
        os.nice(args.nice)  # inherited by the load generator and both servers
    if args.sweep:
        result = sweep([int(n) for n in args.sweep.split(",") if n.strip()], opts)
    else:
        result = run_once(opts)
    result["pinning"] = {"server_core": opts.server_core, "loadgen_core": opts.loadgen_core}
    result["command"] = "python -m bench.space " + " ".join(sys.argv[1:] if argv is None else argv)
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
