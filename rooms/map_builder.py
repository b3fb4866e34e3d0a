"""Build small Tiled maps from ASCII art, for tests, benchmarks and quick experiments.

    '.' floor   '#' wall   'S' floor with a spawn point at the tile's centre

Zones are given in tiles as ``(zone_id, tx, ty, tw, th)`` or with keyword overrides as a
dict; everything else gets calm defaults. The result is a Tiled JSON document that
``rooms.maps.parse_map`` accepts, so the same loader is exercised as for real maps.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

_FLOOR, _WALL = 1, 2


def tiled_from_ascii(
    rows: Sequence[str],
    *,
    map_id: str = "test",
    tile_size: int = 32,
    zones: Iterable[tuple[str, int, int, int, int] | dict[str, Any]] = (),
) -> dict[str, Any]:
    if not rows or len({len(r) for r in rows}) != 1:
        raise ValueError("rows must be non-empty and of equal length")
    width, height = len(rows[0]), len(rows)
    ground, collision, objects = [], [], []
    next_id = 1
    for ty, row in enumerate(rows):
        for tx, ch in enumerate(row):
            if ch not in ".#S":
                raise ValueError(f"unknown map character {ch!r}")
            wall = ch == "#"
            ground.append(_WALL if wall else _FLOOR)
            collision.append(_WALL if wall else 0)
            if ch == "S":
                objects.append({
                    "id": next_id, "name": f"spawn-{next_id}", "type": "spawn", "point": True,
                    "x": (tx + 0.5) * tile_size, "y": (ty + 0.5) * tile_size, "width": 0, "height": 0,
                })
                next_id += 1

    zone_objects = []
    for z in zones:
        spec = dict(z) if isinstance(z, dict) else dict(zip(("zone_id", "tx", "ty", "tw", "th"), z))
        zone_id = spec["zone_id"]
        props = {
            "zone_id": zone_id, "kind": spec.get("kind", zone_id),
            "name_ja": spec.get("name_ja", zone_id), "name_en": spec.get("name_en", zone_id),
            "chat_allowed": spec.get("chat_allowed", True), "requests_allowed": spec.get("requests_allowed", True),
            "description_ja": spec.get("description_ja", "説明"), "description_en": spec.get("description_en", "About"),
        }
        zone_objects.append({
            "id": next_id, "name": zone_id, "type": "zone",
            "x": spec["tx"] * tile_size, "y": spec["ty"] * tile_size,
            "width": spec["tw"] * tile_size, "height": spec["th"] * tile_size,
            "properties": [{"name": k, "type": _tiled_type(v), "value": v} for k, v in props.items()],
        })
        next_id += 1

    def tile_layer(layer_id: int, name: str, data: list[int]) -> dict[str, Any]:
        return {"id": layer_id, "name": name, "type": "tilelayer", "x": 0, "y": 0,
                "width": width, "height": height, "opacity": 1, "visible": True, "data": data}

    def object_layer(layer_id: int, name: str, objs: list[dict[str, Any]]) -> dict[str, Any]:
        return {"id": layer_id, "name": name, "type": "objectgroup", "x": 0, "y": 0,
                "opacity": 1, "visible": True, "draworder": "topdown", "objects": objs}

    return {
        "type": "map", "version": "1.10", "orientation": "orthogonal", "renderorder": "right-down",
        "infinite": False, "width": width, "height": height, "tilewidth": tile_size, "tileheight": tile_size,
        "properties": [
            {"name": "map_id", "type": "string", "value": map_id},
            {"name": "name_ja", "type": "string", "value": "テスト"},
            {"name": "name_en", "type": "string", "value": "Test"},
        ],
        "tilesets": [{
            "firstgid": 1, "name": "plain", "tilewidth": tile_size, "tileheight": tile_size,
            "tilecount": 2, "columns": 0,
            "tiles": [
                {"id": 0, "properties": [{"name": "kind", "type": "string", "value": "floor"},
                                         {"name": "color", "type": "color", "value": "#d6ae7e"}]},
                {"id": 1, "properties": [{"name": "kind", "type": "string", "value": "wall"},
                                         {"name": "color", "type": "color", "value": "#8f7d6b"}]},
            ],
        }],
        "layers": [
            tile_layer(1, "ground", ground),
            tile_layer(2, "collision", collision),
            object_layer(3, "zones", zone_objects),
            object_layer(4, "objects", objects),
        ],
        "nextlayerid": 5, "nextobjectid": next_id,
    }


def _tiled_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "string"
