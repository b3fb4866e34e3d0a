"""Where a newcomer appears: near the entrance, never inside anyone's personal space.

Arrivals first look for a roomy spot (three personal spaces from anyone, so name labels don't
overlap) within a few rings of the entrance, taking the spawn points in turn, before packing
closer (1.5 personal spaces apart, so nobody arrives boxed in by others); a newcomer should
never land in a pile of avatars.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from rooms.interest import ring_offsets
from rooms.maps import GameMap

SPAWN_SEARCH_RINGS = 12  # how far around a spawn point we look, in steps
ROOMY_STEPS = 3.0
ROOMY_RINGS = 3
# (x, y, clearance or None for the personal space) -> nobody stands that close
IsFree = Callable[[float, float, float | None], bool]


def arrival_spot(game_map: GameMap, present: int, personal_space: float, is_free: IsFree) -> tuple[float, float]:
    """``present``: how many people are in the instance (it picks whose turn of spawn point)."""
    spawns = list(game_map.spawns)
    first = present % len(spawns)
    turn = spawns[first:] + spawns[:first]
    roomy = free_spot(game_map, turn, max(1.0, ROOMY_STEPS * personal_space), ROOMY_RINGS, is_free,
                      clearance=ROOMY_STEPS * personal_space)
    spot = roomy or free_spot(game_map, spawns, max(1.0, 1.5 * personal_space), SPAWN_SEARCH_RINGS, is_free)
    return spot or spawns[0]  # everything near the spawns is taken: share the spot


def free_spot(game_map: GameMap, spawns: Sequence[tuple[float, float]], step: float, rings: int, is_free: IsFree,
              *, clearance: float | None = None) -> tuple[float, float] | None:
    for sx, sy in spawns:
        for ring in range(rings + 1):
            for dx, dy in ring_offsets(ring):
                x, y = sx + dx * step, sy + dy * step
                if (not game_map.is_blocked_px(x, y) and is_free(x, y, clearance)
                        and game_map.segment_clear(sx, sy, x, y)):
                    return x, y
    return None
