"""Maps of the space, read from Tiled JSON files.

A map file has a ``ground`` tile layer (what the client draws; the tileset gives each tile a
``kind`` and a ``color`` because the client paints tiles by code), a ``collision`` tile layer
(any non-zero tile blocks walking), a ``zones`` object layer (rectangles with the rules of
each area) and an ``objects`` object layer (spawn points, doors, the desk, notice boards).

The server only keeps what it needs to judge movement and places; ``client_json()`` hands
the browser the Tiled document itself.
"""
from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rooms.boards.categories import CATEGORIES

DEMO_MAP_PATH = Path(__file__).with_name("maps") / "plaza.json"

BOARD_CATEGORIES = frozenset(c.key for c in CATEGORIES)  # the boards module owns the list

# Tiled stores flip/rotation flags in the top bits of a gid.
_GID_MASK = 0x1FFFFFFF
# Two crossings closer than this (in segment parameter) count as passing through a corner.
_CORNER_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Zone:
    """An area with its own rules, e.g. the quiet corner where nobody may start a chat."""

    id: str
    kind: str
    name_ja: str
    name_en: str
    x: float
    y: float
    w: float
    h: float
    chat_allowed: bool
    requests_allowed: bool
    description_ja: str
    description_en: str

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.x + self.w and self.y <= y < self.y + self.h

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "name_ja": self.name_ja, "name_en": self.name_en,
            "chat_allowed": self.chat_allowed, "requests_allowed": self.requests_allowed,
            "description_ja": self.description_ja, "description_en": self.description_en,
        }


@dataclass(frozen=True, slots=True)
class MapObject:
    """A thing placed on the map. ``x, y`` is its centre in pixels (the point for point objects)."""

    id: str
    type: str
    x: float
    y: float
    properties: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class GameMap:
    id: str
    name_ja: str
    name_en: str
    width: int  # tiles
    height: int  # tiles
    tile_size: int  # pixels
    blocked: bytes  # one byte per tile, row by row; 1 = nobody can stand there
    zones: tuple[Zone, ...]
    objects: tuple[MapObject, ...]
    spawns: tuple[tuple[float, float], ...]
    tiled: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def pixel_width(self) -> int:
        return self.width * self.tile_size

    @property
    def pixel_height(self) -> int:
        return self.height * self.tile_size

    def is_blocked_tile(self, tx: int, ty: int) -> bool:
        if not (0 <= tx < self.width and 0 <= ty < self.height):
            return True
        return self.blocked[ty * self.width + tx] != 0

    def is_blocked_px(self, x: float, y: float) -> bool:
        """Off the map (or not a number) counts as blocked."""
        if not (math.isfinite(x) and math.isfinite(y)):
            return True
        if not (0 <= x < self.pixel_width and 0 <= y < self.pixel_height):
            return True
        return self.is_blocked_tile(int(x // self.tile_size), int(y // self.tile_size))

    def zone_at(self, x: float, y: float) -> Zone | None:
        for zone in self.zones:
            if zone.contains(x, y):
                return zone
        return None

    def zone_by_id(self, zone_id: str) -> Zone | None:
        for zone in self.zones:
            if zone.id == zone_id:
                return zone
        return None

    def objects_of_type(self, type_: str) -> list[MapObject]:
        return [o for o in self.objects if o.type == type_]

    def segment_clear(self, x0: float, y0: float, x1: float, y1: float, *, ends_free: bool = False) -> bool:
        """True when no blocked tile touches the straight segment between the two points.

        Walks every tile the segment crosses (a grid traversal, not sampling), so nothing
        slips through. Where the segment passes exactly through a tile corner, both tiles
        beside the corner must be free: two walls touching diagonally are a closed wall.
        ``ends_free``: the caller already knows the end is free and the start is where a
        walker stands (checked when they got there), so only the tiles between are walked.
        """
        if not ends_free and (self.is_blocked_px(x0, y0) or self.is_blocked_px(x1, y1)):
            return False
        ts = self.tile_size
        tx, ty = int(x0 // ts), int(y0 // ts)
        end_x, end_y = int(x1 // ts), int(y1 // ts)
        dx, dy = x1 - x0, y1 - y0
        step_x = (dx > 0) - (dx < 0)
        step_y = (dy > 0) - (dy < 0)
        if step_x:
            boundary = (tx + 1) * ts if step_x > 0 else tx * ts
            t_max_x, t_delta_x = (boundary - x0) / dx, ts / abs(dx)
        else:
            t_max_x, t_delta_x = math.inf, math.inf
        if step_y:
            boundary = (ty + 1) * ts if step_y > 0 else ty * ts
            t_max_y, t_delta_y = (boundary - y0) / dy, ts / abs(dy)
        else:
            t_max_y, t_delta_y = math.inf, math.inf

        while (tx, ty) != (end_x, end_y):
            # Never step past the end tile on an axis: guards against rounding.
            can_x, can_y = tx != end_x, ty != end_y
            if can_x and can_y and abs(t_max_x - t_max_y) <= _CORNER_EPS:
                if self.is_blocked_tile(tx + step_x, ty) or self.is_blocked_tile(tx, ty + step_y):
                    return False
                tx, ty = tx + step_x, ty + step_y
                t_max_x += t_delta_x
                t_max_y += t_delta_y
            elif can_x and (t_max_x < t_max_y or not can_y):
                tx += step_x
                t_max_x += t_delta_x
            else:
                ty += step_y
                t_max_y += t_delta_y
            if self.is_blocked_tile(tx, ty):
                return False
        return True

    def client_json(self) -> dict[str, Any]:
        """What the browser needs to draw the map: the Tiled document (a private copy)."""
        return copy.deepcopy(dict(self.tiled))


def load_demo_map() -> GameMap:
    return load_map(DEMO_MAP_PATH)


def load_map(path: str | Path) -> GameMap:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"map {path.name}: not valid JSON ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"map {path.name}: not UTF-8 text") from exc
    return parse_map(raw, source=path.name)


def parse_map(raw: Any, *, source: str = "map") -> GameMap:
    """Build a GameMap from a Tiled JSON document; anything malformed raises ValueError."""
    return _Parser(raw, source).parse()


class _Parser:
    def __init__(self, raw: Any, source: str):
        self.raw = raw
        self.source = source

    def fail(self, message: str) -> ValueError:
        return ValueError(f"map {self.source}: {message}")

    def parse(self) -> GameMap:
        raw = self.raw
        if not isinstance(raw, dict):
            raise self.fail("the document must be a JSON object")
        if raw.get("orientation") != "orthogonal":
            raise self.fail("only orthogonal maps are supported")
        if raw.get("infinite"):
            raise self.fail("infinite maps are not supported")
        width = self.positive_int(raw, "width", "map")
        height = self.positive_int(raw, "height", "map")
        tile_w = self.positive_int(raw, "tilewidth", "map")
        tile_h = self.positive_int(raw, "tileheight", "map")
        if tile_w != tile_h:
            raise self.fail("tiles must be square (tilewidth == tileheight)")

        props = self.properties(raw, "map")
        map_id = self.text(props, "map_id", "map properties")
        name_ja = self.text(props, "name_ja", "map properties")
        name_en = self.text(props, "name_en", "map properties")

        tile_count = self.tileset_size()
        layers = raw.get("layers")
        if not isinstance(layers, list):
            raise self.fail("'layers' must be a list")
        ground = self.tile_layer(layers, "ground", width, height)
        collision = self.tile_layer(layers, "collision", width, height)
        for gid in ground:
            if gid > tile_count:
                raise self.fail(f"ground tile {gid} is not in the tileset ({tile_count} tiles)")
        blocked = bytes(1 if gid else 0 for gid in collision)

        zones = tuple(self.zone(o, width * tile_w, height * tile_h)
                      for o in self.object_layer(layers, "zones"))
        seen_zones: set[str] = set()
        for zone in zones:
            if zone.id in seen_zones:
                raise self.fail(f"zone id {zone.id!r} is used twice")
            seen_zones.add(zone.id)

        objects = tuple(self.map_object(o) for o in self.object_layer(layers, "objects"))
        seen_objects: set[str] = set()
        for obj in objects:
            if obj.id in seen_objects:
                raise self.fail(f"object name {obj.id!r} is used twice")
            seen_objects.add(obj.id)

        game_map = GameMap(
            id=map_id, name_ja=name_ja, name_en=name_en, width=width, height=height,
            tile_size=tile_w, blocked=blocked, zones=zones, objects=objects,
            spawns=tuple((o.x, o.y) for o in objects if o.type == "spawn"),
            tiled=MappingProxyType(copy.deepcopy(raw)),
        )
        if not game_map.spawns:
            raise self.fail("the 'objects' layer needs at least one object of type 'spawn'")
        for x, y in game_map.spawns:
            if game_map.is_blocked_px(x, y):
                raise self.fail(f"spawn point ({x}, {y}) is on a blocked tile or off the map")
        return game_map

    # -- pieces ---------------------------------------------------------------------------

    def tileset_size(self) -> int:
        tilesets = self.raw.get("tilesets")
        if not isinstance(tilesets, list) or not tilesets:
            raise self.fail("'tilesets' must be a non-empty list")
        highest = 0
        for ts in tilesets:
            if not isinstance(ts, dict):
                raise self.fail("each tileset must be an object")
            if "source" in ts:
                raise self.fail("external tilesets are not supported; embed the tileset in the map")
            first = self.positive_int(ts, "firstgid", "tileset")
            count = self.positive_int(ts, "tilecount", "tileset")
            for tile in ts.get("tiles", []):
                if not isinstance(tile, dict) or not isinstance(tile.get("id"), int):
                    raise self.fail("each tileset tile needs an integer 'id'")
                where = f"tileset tile {tile['id']}"
                tile_props = self.properties(tile, where)
                self.text(tile_props, "kind", where)
                self.text(tile_props, "color", where)
            highest = max(highest, first + count - 1)
        return highest

    def tile_layer(self, layers: list[Any], name: str, width: int, height: int) -> list[int]:
        layer = self.layer(layers, name, "tilelayer")
        if layer.get("encoding", "csv") != "csv" or "chunks" in layer:
            raise self.fail(f"layer {name!r}: save tile data as CSV (a plain array), not encoded or chunked")
        if layer.get("width") != width or layer.get("height") != height:
            raise self.fail(f"layer {name!r} must be {width}x{height} tiles like the map")
        data = layer.get("data")
        if not isinstance(data, list) or len(data) != width * height:
            raise self.fail(f"layer {name!r}: 'data' must be a list of {width * height} tile ids")
        out = []
        for gid in data:
            if not isinstance(gid, int) or isinstance(gid, bool) or gid < 0:
                raise self.fail(f"layer {name!r}: tile ids must be non-negative integers")
            out.append(gid & _GID_MASK)
        return out

    def object_layer(self, layers: list[Any], name: str) -> list[dict[str, Any]]:
        objects = self.layer(layers, name, "objectgroup").get("objects")
        if not isinstance(objects, list) or not all(isinstance(o, dict) for o in objects):
            raise self.fail(f"layer {name!r}: 'objects' must be a list of objects")
        return objects

    def layer(self, layers: list[Any], name: str, kind: str) -> dict[str, Any]:
        found = [l for l in layers if isinstance(l, dict) and l.get("name") == name]
        if len(found) != 1:
            raise self.fail(f"needs exactly one layer named {name!r}")
        if found[0].get("type") != kind:
            raise self.fail(f"layer {name!r} must be a {kind}")
        return found[0]

    def zone(self, obj: dict[str, Any], map_w: int, map_h: int) -> Zone:
        where = f"zone {obj.get('name') or obj.get('id')!r}"
        if obj.get("ellipse") or obj.get("point") or "polygon" in obj or "polyline" in obj:
            raise self.fail(f"{where} must be a rectangle")
        x, y = self.number(obj, "x", where), self.number(obj, "y", where)
        w, h = self.number(obj, "width", where), self.number(obj, "height", where)
        if w <= 0 or h <= 0:
            raise self.fail(f"{where} must have a positive width and height")
        if x < 0 or y < 0 or x + w > map_w or y + h > map_h:
            raise self.fail(f"{where} reaches outside the map")
        p = self.properties(obj, where)
        return Zone(
            id=self.text(p, "zone_id", where), kind=self.text(p, "kind", where),
            name_ja=self.text(p, "name_ja", where), name_en=self.text(p, "name_en", where),
            x=x, y=y, w=w, h=h,
            chat_allowed=self.flag(p, "chat_allowed", where),
            requests_allowed=self.flag(p, "requests_allowed", where),
            description_ja=self.text(p, "description_ja", where),
            description_en=self.text(p, "description_en", where),
        )

    def map_object(self, obj: dict[str, Any]) -> MapObject:
        name = obj.get("name")
        if not isinstance(name, str) or not name:
            raise self.fail(f"object {obj.get('id')!r} needs a non-empty name (used as its id)")
        where = f"object {name!r}"
        type_ = obj.get("type")
        if not isinstance(type_, str) or not type_:
            raise self.fail(f"{where} needs a type")
        x, y = self.number(obj, "x", where), self.number(obj, "y", where)
        w, h = obj.get("width", 0), obj.get("height", 0)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in (w, h)):
            raise self.fail(f"{where}: width and height must be non-negative numbers")
        p = self.properties(obj, where)
        if type_ == "door":
            self.text(p, "room_id", where)
        elif type_ == "board" and p.get("category") not in BOARD_CATEGORIES:
            raise self.fail(f"{where}: 'category' must be one of {sorted(BOARD_CATEGORIES)}")
        return MapObject(id=name, type=type_, x=x + w / 2, y=y + h / 2, properties=MappingProxyType(p))

    def properties(self, holder: dict[str, Any], where: str) -> dict[str, Any]:
        items = holder.get("properties", [])
        if not isinstance(items, list):
            raise self.fail(f"{where}: 'properties' must be a list")
        out: dict[str, Any] = {}
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or "value" not in item:
                raise self.fail(f"{where}: each property needs a 'name' and a 'value'")
            out[item["name"]] = item["value"]
        return out

    def positive_int(self, holder: dict[str, Any], key: str, where: str) -> int:
        value = holder.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise self.fail(f"{where}: {key!r} must be a positive integer")
        return value

    def number(self, holder: dict[str, Any], key: str, where: str) -> float:
        value = holder.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise self.fail(f"{where}: {key!r} must be a number")
        return float(value)

    def text(self, holder: Mapping[str, Any], key: str, where: str) -> str:
        value = holder.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}: {key!r} must be a non-empty string")
        return value

    def flag(self, holder: Mapping[str, Any], key: str, where: str) -> bool:
        value = holder.get(key)
        if not isinstance(value, bool):
            raise self.fail(f"{where}: {key!r} must be true or false")
        return value
