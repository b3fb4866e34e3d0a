"""What counting the funnel costs on the space's hot paths (a stamp, a line in a zone). Prints
one JSON object.

The handlers call ``server.funnel.note`` after every stamp and text; only an account's first of
the day reaches the database. Timed here, with the real function over a migrated SQLite file:

* ``repeat_us``: a note for an account already counted today (the in-memory set answers), per
  call; the baseline in the same run is the same loop awaiting an empty coroutine instead.
* ``first_ms``: the first note of the day for distinct accounts (one upsert transaction each).

    .venv/bin/python -m bench.funnel_note --calls 200000 --firsts 300 --json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from rooms.funnel.recorder import FunnelRecorder
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core.clock import FakeClock
from server.core.principal import AccountKind, Principal, Role
from server.db import create_engine, session_factory, upgrade_to_head


async def _nothing(*_args) -> None:
    return None


async def run(calls: int, firsts: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await asyncio.to_thread(upgrade_to_head, url)
        engine = create_engine(url)
        clock = FakeClock(datetime(2026, 6, 1, 3, 0, tzinfo=timezone.utc))
        app = {keys.FUNNEL: FunnelRecorder(clock), keys.DB_SESSIONS: session_factory(engine)}
        walker = Principal("w" * 32, Role.VISITOR, AccountKind.FAMILY)
        await funnel.note(app, walker, Step.FIRST_STAMP)  # counted: every later note is a repeat
        repeat, baseline = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            for _ in range(calls):
                await _nothing(app, walker, Step.FIRST_STAMP)
            baseline.append((time.perf_counter() - started) / calls * 1e6)
            started = time.perf_counter()
            for _ in range(calls):
                await funnel.note(app, walker, Step.FIRST_STAMP)
            repeat.append((time.perf_counter() - started) / calls * 1e6)
        first = []
        for n in range(firsts):  # accounts need no row: the aggregate tables hold no account id
            started = time.perf_counter()
            await funnel.note(app, Principal(f"{n:032d}", Role.VISITOR, AccountKind.INDIVIDUAL), Step.FIRST_TEXT)
            first.append((time.perf_counter() - started) * 1e3)
        await engine.dispose()
    repeat_us, baseline_us = statistics.median(repeat), statistics.median(baseline)
    return {
        "bench": "funnel_note", "calls": calls, "rounds": rounds, "firsts": firsts,
        "repeat_us": round(repeat_us, 3), "baseline_us": round(baseline_us, 3),
        "added_us_per_stamp": round(repeat_us - baseline_us, 3),
        "first_ms_median": round(statistics.median(first), 2),
        "first_ms_p95": round(sorted(first)[int(len(first) * 0.95) - 1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200000)
    parser.add_argument("--firsts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.calls, args.firsts, args.rounds))))


if __name__ == "__main__":
    main()
