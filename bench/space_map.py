"""The bench map for the space benchmark: open floor with pillars and a few zones, sized so
each avatar has a crowd in view but nobody sees everybody.

The map is generated with ``rooms.map_builder`` (so the server loads it through the same
Tiled parser as a real map). Its side grows with the number of avatars, keeping the crowd
around each person (``visible``) near a chosen target whatever N is: the runs of a sweep then
differ in how many people are connected, not in how crowded each screen is.
"""
from __future__ import annotations

import math
import random

from rooms.map_builder import tiled_from_ascii
from rooms.maps import GameMap

TILE_PX = 32
CELL_TILES = 8  # the world's interest cells are 256 px
VIEW_REACH_CELLS = 2  # a 15-tile view radius over 256 px cells: a window of 5x5 cells
PILLAR_EVERY = 12  # tiles between 2x2 pillars


def expected_visible(avatars: int, cells: int, reach: int = VIEW_REACH_CELLS) -> float:
    """Mean number of others in a viewer's window when people stand uniformly on a
    ``cells`` x ``cells`` grid of interest cells (windows are clipped at the edges)."""
    width = sum(min(cells - 1, i + reach) - max(0, i - reach) + 1 for i in range(cells)) / cells
    return (avatars - 1) * (width / cells) ** 2


def side_cells_for(avatars: int, visible_target: float) -> int:
    """The smallest square map (in cells) whose expected crowd in view is at most the target,
    never so small that everyone sees everyone, and with floor enough for everybody."""
    cells = 2 * VIEW_REACH_CELLS + 2
    while expected_visible(avatars, cells) > visible_target or (cells * CELL_TILES) ** 2 < 3 * avatars:
        cells += 1
    return cells


def bench_rows(side_tiles: int) -> list[str]:
    rows = []
    for ty in range(side_tiles):
        row = []
        for tx in range(side_tiles):
            border = tx in (0, side_tiles - 1) or ty in (0, side_tiles - 1)
            pillar = (tx % PILLAR_EVERY in (6, 7)) and (ty % PILLAR_EVERY in (6, 7))
            row.append("#" if border or pillar else ".")
        rows.append(row)
    mid = side_tiles // 2
    rows[mid][mid + 2] = "S"
    return ["".join(r) for r in rows]


def bench_map_document(side_tiles: int, *, map_id: str = "bench") -> dict:
    """A Tiled JSON document: a square hall with pillars and four zones."""
    q = side_tiles // 4
    size = max(2, side_tiles // 8)
    zones = [
        ("north-west", q, q, size, size),
        ("north-east", 3 * q - size, q, size, size),
        ("south-west", q, 3 * q - size, size, size),
        {"zone_id": "quiet", "tx": 3 * q - size, "ty": 3 * q - size, "tw": size, "th": size,
         "chat_allowed": False, "requests_allowed": False},
    ]
    return tiled_from_ascii(bench_rows(side_tiles), map_id=map_id, tile_size=TILE_PX, zones=zones)


def start_positions(game_map: GameMap, count: int, rng: random.Random) -> list[tuple[float, float]]:
    """Distinct floor tiles spread uniformly over the map, one person per tile (so nobody
    starts inside anyone's 24 px personal space), slightly off the tile centre."""
    ts = game_map.tile_size
    free = [(tx, ty) for ty in range(game_map.height) for tx in range(game_map.width)
            if not game_map.is_blocked_tile(tx, ty)]
    if count > len(free):
        raise ValueError(f"the map has {len(free)} free tiles for {count} avatars")
    jitter = max(0.0, (ts - 26) / 2)  # stays at least 26 px from the next tile's person
    out = []
    for tx, ty in rng.sample(free, count):
        x = (tx + 0.5) * ts + rng.uniform(-jitter, jitter)
        y = (ty + 0.5) * ts + rng.uniform(-jitter, jitter)
        out.append((round(x, 1), round(y, 1)))
    return out


def describe(game_map: GameMap, avatars: int) -> dict:
    cells = math.ceil(game_map.pixel_width / (CELL_TILES * TILE_PX))
    return {
        "id": game_map.id, "tiles": [game_map.width, game_map.height],
        "side_px": game_map.pixel_width, "cells": cells,
        "expected_visible": round(expected_visible(avatars, cells), 1),
    }
