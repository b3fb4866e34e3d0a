"""Event hall benchmark: the cost of the hall's text and reactions with N attendees.

    python -m bench.event_hall --attendees 200 --rates 0.1,0.2,0.4 --seconds 15 --json

One real server (``python -m server`` on a fresh SQLite data dir, pinned to core 0) holds a
live event: a drop-in session for everyone whose door is open, one host who sets the chat to
"everyone", and N attendees (lean Socket.IO clients of bench.event_hall_load in ``--workers``
processes pinned to core 1). In each stage every attendee sends chat lines at ``rate`` per
second and as many reactions (the room allows 5 of each per 10 s, so rates stay under 0.5).
Accounts and the event are written straight into the database, their tokens signed with the
server's secret, like bench.space (the REST routes are rate limited per address).

Per stage: lines and reactions the server accepted per second, frames delivered per second,
chat delivery latency (line sent -> received by another attendee: p50 and p99 over every
(line, receiver) pair, and p99 of the time until *every* other attendee had it), reaction
answer times, server and load-generator CPU. Then the same load against the baseline
(bench.event_hall_baseline: one python-socketio room broadcast per line, no rules), figures
prefixed ``baseline_``. One JSON object; the machine's 1-minute load average rides along.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.event_hall_load import Person, Stage, Tally, worker_main
from bench.space import LOOPBACK, _create_guests, _server_env, _spawn, _stop, _wait_healthy, free_port
from bench.space_proc import CpuMeter, MachineMeter, cpu_seconds
from bench.voice_harness import percentile

TOKYO = ZoneInfo("Asia/Tokyo")
SETTLE_S = 2.0  # between everyone's arrival and the first stage


async def _make_event(database_url: str, secret: str, attendees: int, seed: int) -> tuple[str, list[Person]]:
    """A host (a guest made staff) and a drop-in session starting in two minutes."""
    from sqlalchemy import select, update

    from avatars.models import Account
    from rooms.events import planning
    from rooms.events.models import EventOccurrence
    from server.core.clock import SystemClock
    from server.core.principal import Principal, Role
    from server.db import create_engine, session_factory

    logins = await _create_guests(database_url, secret, attendees + 1, seed)
    host_id = logins[0][0]
    clock = SystemClock()
    starts = (datetime.now(TOKYO) + timedelta(minutes=2)).replace(second=0, microsecond=0)
    fields = {"title_ja": "ベンチの交流会", "title_en": "Bench meetup", "kind": "exchange", "audience": "everyone",
              "registration": "drop_in", "place": "hall", "capacity": 300, "first_date": starts.date().isoformat(),
              "start_time": starts.strftime("%H:%M"), "duration_minutes": 180, "repeat": "none"}
    engine = create_engine(database_url)
    try:
        async with session_factory(engine).begin() as db:
            await db.execute(update(Account).where(Account.id == host_id).values(role=Role.STAFF.value, is_guest=False))
            nickname = await db.scalar(select(Account.nickname).where(Account.id == host_id))
            host = Principal(host_id, Role.STAFF, nickname=nickname)
            event = await planning.create(db, clock, host, fields, [planning.HostChoice(nickname, "host")])
            occurrence_id = await db.scalar(select(EventOccurrence.id).where(EventOccurrence.event_id == event.id))
    finally:
        await engine.dispose()
    return occurrence_id, [Person(_as_staff(logins[0][1], secret), host=True), *(Person(t) for _, t in logins[1:])]


def _as_staff(token: str, secret: str) -> str:
    """The host's token again, saying "staff" now that the account is."""
    import jwt

    from server.auth import TokenSigner
    from server.core.clock import SystemClock

    claims = jwt.decode(token, options={"verify_signature": False})
    return TokenSigner(secret, SystemClock(), access_minutes=240).issue_access(
        account_id=claims["sub"], session_id=claims["sid"], role="staff", token_version=claims["ver"])


# --- one run against one server -------------------------------------------------------------

def drive(url: str, occurrence_id: str, people: list[Person], server_pid: int, opts: argparse.Namespace) -> dict:
    ctx = multiprocessing.get_context("spawn")
    shares = [people[i::opts.workers] for i in range(opts.workers)]
    pipes, procs = [], []
    for index, share in enumerate(shares):
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=worker_main, args=(child, url, occurrence_id, share, "abcdefghijklmnopqrstuvwxyz"[index],
                                                     opts.seed + index, opts.loadgen_core), daemon=True)
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    arrived = sum(pipe.recv()[1] for pipe in pipes)
    start = time.time() + SETTLE_S
    stages = []
    for rate in opts.rates:
        stages.append(Stage(rate, start, start + opts.seconds))
        start += opts.seconds
    for pipe in pipes:
        pipe.send(stages)
    server_cpu, loadgen_cpu = [CpuMeter([server_pid]) for _ in stages], [CpuMeter([p.pid for p in procs]) for _ in stages]
    machine = MachineMeter()
    machine.start(time.time())
    work_from = cpu_seconds(server_pid)  # to the last answer: all the work the run asked for
    for stage, s_cpu, l_cpu in zip(stages, server_cpu, loadgen_cpu):
        time.sleep(max(0.0, stage.start - time.time()))
        s_cpu.start(time.time())
        l_cpu.start(time.time())
        time.sleep(max(0.0, stage.end - time.time()))
        s_cpu.stop(time.time())
        l_cpu.stop(time.time())
    tallies: list[Tally] = [pipe.recv()[1] for pipe in pipes]
    other = machine.stop(time.time())
    whole_s = cpu_seconds(server_pid) - work_from
    frames = sum(t.frames for t in tallies)
    for proc in procs:
        proc.join(10)
    report = {"arrived": arrived, "connect_failures": sum(t.failed for t in tallies),
              "unanswered": sum(t.unanswered for t in tallies),
              # What a starved server still shows: its CPU per frame delivered, over the whole run.
              "frames_delivered": frames, "server_cpu_s_whole_run": round(whole_s, 2),
              "server_cpu_us_per_frame": round(1e6 * whole_s / frames, 1) if frames else None,
              "disconnects": sum(t.disconnects for t in tallies), "cores_busy_pct": other,
              "stages": [stage_figures(i, stage, tallies, len(people) - 1, opts.seconds, s.percent, l.percent)
                         for i, (stage, s, l) in enumerate(zip(stages, server_cpu, loadgen_cpu))]}
    return report


def stage_figures(index: int, stage: Stage, tallies: list[Tally], attendees: int, seconds: float,
                  server_cpu: float, loadgen_cpu: float) -> dict:
    said = {line: t for tally in tallies for line, t in tally.stages[index].said.items()}
    pairs, everyone, receipts = [], [], 0
    for line, sent in said.items():
        times = [t for tally in tallies for t in tally.arrivals.get(line, ())]
        receipts += len(times)
        pairs.extend(t - sent for t in times)
        if len(times) >= attendees:  # every other attendee and the host
            everyone.append(max(times) - sent)
    acks = [a for tally in tallies for a in tally.stages[index].react_acks]
    refused: dict[str, int] = {}
    for tally in tallies:
        for code, n in tally.stages[index].refused.items():
            refused[code] = refused.get(code, 0) + n
    reacted = sum(t.stages[index].reacted for t in tallies)
    ms = lambda values, q: round(1000 * percentile(values, q), 1) if values else None  # noqa: E731
    return {
        "rate_per_attendee_s": stage.rate,
        "offered_per_s": round(2 * stage.rate * attendees, 1),
        "lines_accepted_per_s": round(len(said) / seconds, 1),
        "reactions_accepted_per_s": round(reacted / seconds, 1),
        "messages_handled_per_s": round((len(said) + reacted) / seconds, 1),
        "refused": refused,
        "line_frames_per_s": round(receipts / seconds, 1),
        "reaction_frames_per_s": round(sum(t.stages[index].reaction_frames for t in tallies) / seconds, 1),
        "delivered_ratio": round(receipts / (len(said) * attendees), 4) if said else None,
        "delivery_p50_ms": ms(pairs, 0.5), "delivery_p99_ms": ms(pairs, 0.99),
        "all_received_p99_ms": ms(everyone, 0.99),
        "reaction_answer_p50_ms": ms(acks, 0.5), "reaction_answer_p99_ms": ms(acks, 0.99),
        "server_cpu_pct": server_cpu, "loadgen_cpu_pct": loadgen_cpu,
    }


def _serve_and_drive(cmd: list[str], env: dict[str, str], port: int, occurrence_id: str, people: list[Person],
                     opts: argparse.Namespace, log_path: Path) -> dict:
    server = _spawn(cmd, env, opts.server_core, log_path)
    url = f"http://{LOOPBACK}:{port}"
    try:
        _wait_healthy(url, server)
        return drive(url, occurrence_id, people, server.pid, opts)
    finally:
        _stop(server)


def run(opts: argparse.Namespace) -> dict:
    report: dict = {"attendees": opts.attendees, "hosts": 1, "seconds_per_stage": opts.seconds,
                    "load_avg_1min_before": round(os.getloadavg()[0], 2), "nice": os.nice(0)}
    with tempfile.TemporaryDirectory(prefix="ibasho-bench-hall-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        port = free_port()
        env = _server_env({"IBASHO_DATA_DIR": str(data_dir), "HOST": LOOPBACK, "PORT": str(port)})
        subprocess.run([sys.executable, "-m", "server.cli", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
        secret = (data_dir / "secret.key").read_text().strip()
        database_url = f"sqlite+aiosqlite:///{data_dir / 'ibasho.db'}"
        occurrence_id, people = asyncio.run(_make_event(database_url, secret, opts.attendees, opts.seed))
        logs = Path(opts.logs) if opts.logs else Path(tmp)
        logs.mkdir(parents=True, exist_ok=True)
        report.update(_serve_and_drive([sys.executable, "-m", "server"], env, port, occurrence_id, people, opts,
                                       logs / "server.log"))
        if opts.baseline:
            port = free_port()
            base = _serve_and_drive([sys.executable, "-m", "bench.event_hall_baseline", "--port", str(port)],
                                    _server_env({}), port, occurrence_id, people, opts, logs / "baseline.log")
            report.update({f"baseline_{k}": v for k, v in base.items()})
    report["load_avg_1min_after"] = round(os.getloadavg()[0], 2)
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=200)
    parser.add_argument("--rates", type=lambda s: [float(x) for x in s.split(",")], default=[0.1, 0.2, 0.4],
                        help="chat lines (and reactions) per attendee per second, one stage each; under 0.5")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each stage")
    parser.add_argument("--workers", type=int, default=2, help="load-generator processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server-core", type=int, default=0)
    parser.add_argument("--loadgen-core", type=int, default=1)
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--logs", help="a folder to keep the servers' logs in")
    parser.add_argument("--nice", type=int, default=0,
                        help="niceness for this process, its server and load generator (negative needs root)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    opts = parser.parse_args(argv)
    if opts.nice:
        os.nice(opts.nice)  # before the servers and workers start: they inherit the priority
    if not opts.rates or any(not 0 < r < 0.5 for r in opts.rates):
        parser.error("each rate must be above 0 and under 0.5 (the room allows 5 lines per 10 s)")
    if (os.cpu_count() or 1) < 2:
        opts.server_core = opts.loadgen_core = None
    return opts


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    print(json.dumps(run(opts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
