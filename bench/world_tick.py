"""The world's own cost, without a network: N people walking on the bench map, one step each
per tick, then one tick. Prints one JSON object.

What is timed per tick: applying everybody's step (``World.move``) and turning the changes
into encoded batches (``World.tick_json``). The baseline, in the same run on a twin world
with the same walks, is the generic way to the same texts: ``World.tick()`` then
``json.dumps`` of each batch. It shows what the encoded tick saves and gives a figure to
compare changes to the world with, free of the socket and load-generator noise of
``bench.space``.

    .venv/bin/python -m bench.world_tick --avatars 1000 --ticks 300 --json
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import time

from bench.space_map import CELL_TILES, TILE_PX, bench_map_document, side_cells_for, start_positions
from rooms.maps import parse_map
from rooms.world import World
from server.core.clock import FakeClock
from server.core.errors import DomainError

STEP_PX = 12.0
DIRECTIONS = {"up": (0.0, -1.0), "down": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}


class Walk:
    """One world and its walkers: each takes a 12 px step per tick and turns at random when
    a step is refused (a wall, a pillar, someone's personal space)."""

    def __init__(self, game_map, avatars: int, seed: int):
        self.clock = FakeClock()
        self.world = World(game_map, clock=self.clock, capacity=avatars)
        self.rng = random.Random(seed)
        self.heading: dict[str, str] = {}
        for i, (x, y) in enumerate(start_positions(game_map, avatars, random.Random(seed))):
            aid = f"walker-{i:05d}"
            self.world.join(aid, nickname=f"w{i}", look_digest="look", status="open", position=(x, y))
            self.heading[aid] = self.rng.choice(list(DIRECTIONS))
        self.world.tick()  # everybody's first view

    def steps(self) -> None:
        world, rng = self.world, self.rng
        self.clock.advance(0.1)
        for aid, heading in self.heading.items():
            x, y = world.position_of(aid)
            dx, dy = DIRECTIONS[heading]
            try:
                world.move(aid, x + dx * STEP_PX, y + dy * STEP_PX, heading)
            except DomainError:
                self.heading[aid] = rng.choice(list(DIRECTIONS))


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(avatars: int, ticks: int, seed: int) -> dict:
    cells = side_cells_for(avatars, 30.0)
    game_map = parse_map(bench_map_document(cells * CELL_TILES))
    ours, baseline = Walk(game_map, avatars, seed), Walk(game_map, avatars, seed)
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    step_ms, tick_ms, base_ms, sizes = [], [], [], []
    gc.collect()
    gc.freeze()  # as the server does: the start-up heap is never walked again
    for _ in range(ticks):
        step_ms.append(_timed(ours.steps))
        batches: dict[str, str] = {}
        tick_ms.append(_timed(lambda: batches.update(ours.world.tick_json())))
        baseline.steps()
        base_ms.append(_timed(lambda: [dumps(b) for b in baseline.world.tick().values()]))
        sizes.append(sum(len(b) for b in batches.values()))

    def p(values: list[float], q: int) -> float:
        return round(statistics.quantiles(values, n=100)[q - 1], 2)

    return {
        "avatars": avatars, "ticks": ticks, "map_tiles": cells * CELL_TILES, "tile_px": TILE_PX,
        "moves_ms_p50": p(step_ms, 50), "tick_ms_p50": p(tick_ms, 50), "tick_ms_p99": p(tick_ms, 99),
        "batch_bytes_per_tick": int(statistics.mean(sizes)),
        "baseline_tick_ms_p50": p(base_ms, 50), "baseline_tick_ms_p99": p(base_ms, 99),
        "tick_speedup_over_baseline": round(statistics.median(base_ms) / statistics.median(tick_ms), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--avatars", type=int, default=1000)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the JSON object on one line")
    args = parser.parse_args()
    result = run(args.avatars, args.ticks, args.seed)
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
