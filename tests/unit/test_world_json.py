"""``World.tick_json()`` sends exactly what ``World.tick()`` describes, as compact JSON text.

Two twin worlds get the same scripted life (joins, moves, leaves, hiding, blocks, staff,
looks, several channels); one is ticked with ``tick()``, the other with ``tick_json()``,
and every batch must be the same text ``json.dumps(batch, separators=(",", ":"))`` gives.
"""
from __future__ import annotations

import json
import math
import random

import pytest

from rooms.maps import load_demo_map
from rooms.world import World
from rooms.world_people import _Avatar, _coord, _coord_json
from server.core.clock import FakeClock
from server.core.errors import DomainError

DEMO = load_demo_map()
NICKNAMES = ["ひだまり", "Sora", "木漏れ日", 'quote "me"', "ゆっくり"]


def compact(batch: dict) -> str:
    return json.dumps(batch, separators=(",", ":"))


class Twins:
    """The same operations applied to two worlds with their own clocks."""

    def __init__(self) -> None:
        self.clocks = (FakeClock(), FakeClock())
        self.worlds = tuple(World(DEMO, clock=c, capacity=8, cell_size_px=128, view_radius_px=200)
                            for c in self.clocks)

    def do(self, name: str, *args, **kwargs) -> bool:
        outcomes = []
        for world in self.worlds:
            try:
                getattr(world, name)(*args, **kwargs)
                outcomes.append(True)
            except DomainError as exc:
                outcomes.append(exc.code)
        assert outcomes[0] == outcomes[1]
        return outcomes[0] is True

    def advance(self, seconds: float) -> None:
        for clock in self.clocks:
            clock.advance(seconds)

    def tick(self) -> tuple[dict[str, str], dict[str, str]]:
        plain, encoded = self.worlds[0].tick(), self.worlds[1].tick_json()
        return {vid: compact(batch) for vid, batch in plain.items()}, encoded


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_tick_json_is_the_text_of_tick(seed: int) -> None:
    rng = random.Random(seed)
    twins = Twins()
    walkable = [((tx + 0.5) * DEMO.tile_size, (ty + 0.5) * DEMO.tile_size)
                for ty in range(DEMO.height) for tx in range(DEMO.width) if not DEMO.is_blocked_tile(tx, ty)]
    accounts = [f"u{i}" for i in range(24)]
    sent = {"batches": 0, "move": 0, "enter": 0, "leave": 0, "update": 0}

    def join(aid: str) -> None:
        twins.do("join", aid, nickname=rng.choice(NICKNAMES), look_digest=f"look-{rng.randrange(4)}",
                 status=rng.choice(["open", "just_here", "dnd"]), hidden=rng.random() < 0.2,
                 sees_hidden=rng.random() < 0.25, blocked_ids=set(rng.sample(accounts, rng.choice([0, 0, 1, 2]))),
                 position=rng.choice(walkable) if rng.random() < 0.6 else None)

    for aid in accounts[:16]:
        join(aid)
    for step in range(3000):
        world = twins.worlds[0]
        present = [a for a in accounts if world.instance_of(a)]
        who = rng.choice(present) if present else None
        r = rng.random()
        if r < 0.6 and who:
            x, y = world.position_of(who)
            angle = rng.uniform(0, 2 * math.pi)
            dist = rng.choice([8, 16, 40, 90])
            twins.advance(rng.choice([0.05, 0.1, 0.3]))
            twins.do("move", who, round(x + math.cos(angle) * dist, 1), round(y + math.sin(angle) * dist, 1),
                     rng.choice(["down", "left", "right", "up"]))
        elif r < 0.64:
            join(rng.choice(accounts))
        elif r < 0.66 and who:
            twins.do("leave", who)
        elif r < 0.70 and who:
            twins.do("set_status", who, rng.choice(["open", "just_here", "dnd"]))
        elif r < 0.72 and who:
            twins.do("set_look", who, f"look-{rng.randrange(6)}")
        elif r < 0.75 and who:
            if rng.random() < 0.8:
                twins.do("set_hidden", who, rng.random() < 0.5)
            else:
                twins.do("set_sees_hidden", who, rng.random() < 0.5)
        elif r < 0.78 and who:
            twins.do(rng.choice(["add_block", "remove_block"]), who, rng.choice(accounts))
        else:
            expected, encoded = twins.tick()
            assert encoded == expected, f"step {step}"
            for text in encoded.values():
                batch = json.loads(text)
                sent["batches"] += 1
                for key in ("move", "enter", "leave", "update"):
                    sent[key] += len(batch[key])
    # The script reached every kind of news, so the comparison covered them all.
    assert sent["batches"] > 200 and min(sent[k] for k in ("move", "enter", "leave", "update")) > 20


def test_a_tick_without_news_sends_nothing() -> None:
    twins = Twins()
    twins.do("join", "a", nickname="A", look_digest="l", status="open", position=(400.0, 400.0))
    twins.do("join", "b", nickname="B", look_digest="l", status="open", position=(440.0, 400.0))
    first_plain, first_encoded = twins.tick()
    assert first_encoded == first_plain and set(first_encoded) == {"a", "b"}
    assert twins.tick() == ({}, {})


def test_coordinate_text_is_the_json_of_the_rounded_coordinate() -> None:
    """Batches write coordinates with "%.1f"; ``tick()`` rounds with ``round(v, 1)``. Both
    must give the same text for every place on a map, ties and whole numbers included."""
    rng = random.Random(5)
    values = [rng.uniform(0, 20_000) for _ in range(20_000)]
    values += [n / 100 for n in range(0, 200_000, 5)]  # every x.x5 "tie" below 2,000 px
    values += [float(n) for n in range(0, 5000)] + [0.04, 0.05, 0.15, 0.25, 2.675, 1e-9]
    mismatches = [v for v in values if _coord_json(v) != json.dumps(_coord(v))]
    assert mismatches == []


def test_public_text_is_the_json_of_public() -> None:
    clock = FakeClock()
    world = World(DEMO, clock=clock)
    for i, nickname in enumerate(NICKNAMES + ["tab\there", "back\\slash", "絵文字🌸", "</script>"]):
        world.join(f"acc-{i}", nickname=nickname, look_digest=f'look"{i}', status="dnd")
    world.set_hidden("acc-1", True)
    world.set_away("acc-2", True)  # within the reconnect grace
    world.set_hidden("acc-3", True)
    world.set_away("acc-3", True)
    avatars = world._avatars.values()
    assert avatars and all(isinstance(av, _Avatar) for av in avatars)
    for av in avatars:
        assert av.public_json() == compact(av.public())
    assert [av.public().get("away") for av in avatars][:4] == [None, None, True, True]
