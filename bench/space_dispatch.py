"""CPU per step through the namespace shell: ``world:move`` handed to ``/space``'s ``handle()``
(what the fast path calls: live flood guard, table lookup, payload parsing, the unanswered
step handler) against the baseline measured in the same run, the same steps given straight to
``World.move`` (the domain alone). Prints one JSON object; ``shell_overhead_us`` is the
difference per step. CPU time (``time.process_time``), so a loaded machine slows it less than
wall time would; no network, no database.

    .venv/bin/python -m bench.space_dispatch --steps 200000 --json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import tempfile
import time
from pathlib import Path

from avatars.look_codes import look_code, stored_look
from rooms.space import Arrival
from server import keys
from server.app import create_app
from server.core.clock import FakeClock
from server.core.principal import Principal, Role
from server.settings import Settings

STEP_S = 0.1  # the fake clock moves this much per step: no limit ever trips
SID = "bench-sid"


def build(data_dir: Path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{data_dir}/unused.db", secret=secrets.token_urlsafe(48),
                        data_dir=data_dir, host="127.0.0.1", port=0, public_url="http://127.0.0.1",
                        ice_servers=[], ice_host_addresses=["127.0.0.1"])
    clock = FakeClock()
    app = create_app(settings, clock=clock)
    namespace, space = app[keys.SPACE_NS], app[keys.SPACE]
    principal = Principal(account_id="walker", role=Role.VISITOR, nickname="walker")
    space.enter(Arrival(principal=principal, look=look_code(stored_look(None)), blocked_ids=frozenset(), status="open"))
    namespace.principal_of[SID] = principal
    return namespace, space.world, clock, principal


def steps_from(world, account_id: str, count: int) -> list[dict]:
    """Back and forth by 4 px from where the walker stands (a free tile)."""
    x, y = world.position_of(account_id)
    return [{"x": x + (4.0 if i % 2 == 0 else 0.0), "y": y, "dir": "right" if i % 2 == 0 else "left"}
            for i in range(count)]


async def through_shell(namespace, clock, steps: list[dict]) -> tuple[float, int]:
    refused = 0
    started = time.process_time()
    for step in steps:
        clock.advance(STEP_S)
        reply = await namespace.handle("world:move", SID, step, False, 40)
        refused += not reply["ok"]
    return time.process_time() - started, refused


def straight_to_world(world, clock, account_id: str, steps: list[dict]) -> float:
    started = time.process_time()
    for step in steps:
        clock.advance(STEP_S)
        world.move(account_id, step["x"], step["y"], step["dir"])
    return time.process_time() - started


async def run(count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        namespace, world, clock, principal = build(Path(folder))
        steps = steps_from(world, principal.account_id, count)
        await through_shell(namespace, clock, steps[:1000])  # warm up
        shell_s, refused = await through_shell(namespace, clock, steps)
        world_s = straight_to_world(world, clock, principal.account_id, steps)
    return {
        "steps": count, "refused": refused,
        "shell_us_per_step": round(shell_s / count * 1e6, 2),
        "baseline_world_move_us_per_step": round(world_s / count * 1e6, 2),
        "shell_overhead_us": round((shell_s - world_s) / count * 1e6, 2),
        "command": f"python -m bench.space_dispatch --steps {count} --json",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200_000)
    parser.add_argument("--json", action="store_true", help="print the JSON object on one line")
    args = parser.parse_args()
    result = asyncio.run(run(args.steps))
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
