"""The demo map and the map loader: what the world relies on to judge movement and places."""
from __future__ import annotations

import copy
import json
import math
import random
import re
from collections import deque

import pytest

from rooms.map_builder import tiled_from_ascii
from rooms.maps import BOARD_CATEGORIES, DEMO_MAP_PATH, GameMap, load_demo_map, load_map, parse_map

TS = 32


@pytest.fixture(scope="module")
def demo() -> GameMap:
    return load_demo_map()


def tile_centre(tx: int, ty: int) -> tuple[float, float]:
    return (tx + 0.5) * TS, (ty + 0.5) * TS


def reachable_tiles(m: GameMap) -> set[tuple[int, int]]:
    """Breadth-first search over walkable tiles from the first spawn point (4 neighbours)."""
    sx, sy = m.spawns[0]
    start = (int(sx // m.tile_size), int(sy // m.tile_size))
    seen = {start}
    queue = deque([start])
    while queue:
        tx, ty = queue.popleft()
        for nx, ny in ((tx + 1, ty), (tx - 1, ty), (tx, ty + 1), (tx, ty - 1)):
            if (nx, ny) not in seen and not m.is_blocked_tile(nx, ny):
                seen.add((nx, ny))
                queue.append((nx, ny))
    return seen


# -- the demo map -----------------------------------------------------------------------------

def test_demo_map_shape(demo: GameMap) -> None:
    assert demo.id == "plaza"
    assert (demo.width, demo.height, demo.tile_size) == (60, 40, 32)
    assert (demo.pixel_width, demo.pixel_height) == (1920, 1280)
    assert demo.name_ja and demo.name_en
    assert len(demo.blocked) == 60 * 40


@pytest.mark.parametrize(
    "zone_id, chat_allowed, requests_allowed",
    [
        ("plaza", True, True),
        ("boards", True, True),
        ("consultation", True, True),
        ("hall", True, True),
        ("family", True, True),
        ("quiet", False, False),
    ],
)
def test_demo_zones_and_their_rules(demo: GameMap, zone_id: str, chat_allowed: bool, requests_allowed: bool) -> None:
    zone = demo.zone_by_id(zone_id)
    assert zone is not None
    assert (zone.chat_allowed, zone.requests_allowed) == (chat_allowed, requests_allowed)
    assert zone.name_ja and zone.name_en and zone.description_ja and zone.description_en
    assert zone.public()["id"] == zone_id


def test_family_lounge_is_named_in_japanese(demo: GameMap) -> None:
    assert demo.zone_by_id("family").name_ja == "家族のひろば"
    assert demo.zone_by_id("quiet").name_ja == "居場所"


def test_every_walkable_tile_and_zone_is_reachable_from_spawn(demo: GameMap) -> None:
    reached = reachable_tiles(demo)
    walkable = {(tx, ty) for ty in range(demo.height) for tx in range(demo.width) if not demo.is_blocked_tile(tx, ty)}
    assert walkable - reached == set(), "walkable pockets nobody can reach"
    for zone in demo.zones:
        inside = {t for t in reached if zone.contains(*tile_centre(*t))}
        assert inside, f"zone {zone.id} has no reachable tile"


def test_spawns_are_walkable_and_in_the_plaza(demo: GameMap) -> None:
    assert demo.spawns
    for x, y in demo.spawns:
        assert not demo.is_blocked_px(x, y)
        assert demo.zone_at(x, y).id == "plaza"


def test_boards_doors_and_desk_stand_next_to_a_reachable_tile(demo: GameMap) -> None:
    reached = reachable_tiles(demo)
    things = [o for o in demo.objects if o.type in {"board", "door", "desk"}]
    assert len(things) == 6 + 4 + 1
    for obj in things:
        tx, ty = int(obj.x // TS), int(obj.y // TS)
        around = {(tx, ty), (tx + 1, ty), (tx - 1, ty), (tx, ty + 1), (tx, ty - 1)}
        assert around & reached, f"{obj.id} cannot be reached"


def test_board_objects_cover_every_category_in_the_board_corner(demo: GameMap) -> None:
    boards = demo.objects_of_type("board")
    assert sorted(b.properties["category"] for b in boards) == sorted(BOARD_CATEGORIES)
    for board in boards:
        assert demo.zone_at(board.x, board.y).id == "boards"
        assert board.properties["name_ja"] and board.properties["name_en"]


def test_doors_lead_to_distinct_private_rooms_and_the_desk_is_in_the_consultation_wing(demo: GameMap) -> None:
    doors = demo.objects_of_type("door")
    room_ids = [d.properties["room_id"] for d in doors]
    assert len(room_ids) == len(set(room_ids)) == 4
    desks = demo.objects_of_type("desk")
    assert len(desks) == 1
    for obj in doors + desks:
        assert demo.zone_at(obj.x, obj.y).id == "consultation"


def test_tileset_gives_every_ground_tile_a_kind_and_a_colour(demo: GameMap) -> None:
    doc = demo.client_json()
    tileset = doc["tilesets"][0]
    by_gid = {}
    for tile in tileset["tiles"]:
        props = {p["name"]: p["value"] for p in tile["properties"]}
        assert re.fullmatch(r"#[0-9a-f]{6}", props["color"])
        by_gid[tileset["firstgid"] + tile["id"]] = props["kind"]
    ground = next(l for l in doc["layers"] if l["name"] == "ground")
    assert set(ground["data"]) <= set(by_gid)
    kinds = set(by_gid.values())
    assert {"grass", "wood_floor", "path", "water", "wall", "rug", "tree", "bench"} <= kinds


def test_collision_matches_solid_tile_kinds(demo: GameMap) -> None:
    doc = demo.client_json()
    tileset = doc["tilesets"][0]
    solid = {tileset["firstgid"] + t["id"] for t in tileset["tiles"]
             if any(p["name"] == "solid" and p["value"] for p in t["properties"])}
    ground = next(l for l in doc["layers"] if l["name"] == "ground")["data"]
    for i, gid in enumerate(ground):
        assert (gid in solid) == bool(demo.blocked[i]), f"tile {i % 60},{i // 60}"


def test_client_json_is_a_private_copy(demo: GameMap) -> None:
    doc = demo.client_json()
    assert [l["name"] for l in doc["layers"]] == ["ground", "collision", "zones", "objects"]
    doc["layers"].clear()
    assert len(demo.client_json()["layers"]) == 4
    json.dumps(doc)  # serialisable


# -- lookups ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "x, y, blocked",
    [
        (*tile_centre(30, 36), False),  # the spawn path
        (*tile_centre(0, 0), True),  # outer wall
        (*tile_centre(30, 30), True),  # the pond
        (*tile_centre(15, 33), True),  # hedge between boards and plaza
        (*tile_centre(15, 30), False),  # the opening in that hedge
        (-0.01, 500, True),
        (500, -1, True),
        (1920, 500, True),  # first pixel past the right edge
        (500, 1280, True),
        (1919.9, 1279.9, True),  # last pixel: the hedge corner
        (math.nan, 500, True),
        (500, math.inf, True),
    ],
)
def test_is_blocked_px(demo: GameMap, x: float, y: float, blocked: bool) -> None:
    assert demo.is_blocked_px(x, y) is blocked


@pytest.mark.parametrize(
    "x, y, zone_id",
    [
        (*tile_centre(30, 36), "plaza"),
        (*tile_centre(5, 30), "boards"),
        (*tile_centre(10, 12), "consultation"),
        (*tile_centre(30, 10), "hall"),
        (*tile_centre(50, 10), "family"),
        (*tile_centre(50, 30), "quiet"),
        (-5, 10, None),
        (2000, 10, None),
    ],
)
def test_zone_at(demo: GameMap, x: float, y: float, zone_id: str | None) -> None:
    zone = demo.zone_at(x, y)
    assert (zone.id if zone else None) == zone_id


# -- segments ------------------------------------------------------------------------------------

DIAGONAL = parse_map(tiled_from_ascii([
    "S.....",
    "......",
    "...#..",
    "..#...",
    "......",
]))


@pytest.mark.parametrize(
    "a, b, clear",
    [
        ((16, 16), (176, 16), True),  # along an open row
        ((16, 16), (16, 144), True),  # down an open column
        ((80, 80), (80, 80), True),  # standing still
        ((80, 80), (112, 80), False),  # into the wall tile (3, 2)
        ((48, 80), (144, 80), False),  # straight through it
        # The two walls touch only at the corner (96, 96): passing exactly through it...
        ((80, 80), (112, 112), False),
        ((112, 112), (80, 80), False),
        # ...or a hair beside it must not slip through either.
        ((80, 80), (112, 112.001), False),
        ((80, 80), (112.001, 112), False),
        # a corner with free tiles on both sides is fine
        ((144, 112), (176, 144), True),
        ((16, 144), (176, 144), True),
        ((16, 16), (-1, 16), False),  # off the map
        ((16, 16), (16, math.nan), False),
    ],
)
def test_segment_clear_table(a: tuple[float, float], b: tuple[float, float], clear: bool) -> None:
    assert DIAGONAL.segment_clear(*a, *b) is clear


def test_segment_clear_never_misses_a_wall_dense_sampling_would_find(demo: GameMap) -> None:
    rng = random.Random(7)
    checked_blocked = 0
    for _ in range(1000):
        x0, y0 = rng.uniform(0, demo.pixel_width), rng.uniform(0, demo.pixel_height)
        angle, length = rng.uniform(0, 2 * math.pi), rng.uniform(0, 160)
        x1, y1 = x0 + math.cos(angle) * length, y0 + math.sin(angle) * length
        steps = max(1, int(length * 10))  # every 0.1 px
        sampled_blocked = any(
            demo.is_blocked_px(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)
        )
        if sampled_blocked:
            checked_blocked += 1
            assert demo.segment_clear(x0, y0, x1, y1) is False, (x0, y0, x1, y1)
    assert checked_blocked > 100


# -- malformed maps ------------------------------------------------------------------------------

def _base() -> dict:
    return json.loads(DEMO_MAP_PATH.read_text(encoding="utf-8"))


def _layer(doc: dict, name: str) -> dict:
    return next(l for l in doc["layers"] if l["name"] == name)


def _zone(doc: dict, zone_id: str) -> dict:
    return next(o for o in _layer(doc, "zones")["objects"] if o["name"] == zone_id)


def _obj(doc: dict, name: str) -> dict:
    return next(o for o in _layer(doc, "objects")["objects"] if o["name"] == name)


def _set_prop(holder: dict, name: str, value) -> None:
    for p in holder["properties"]:
        if p["name"] == name:
            p["value"] = value
            return
    holder["properties"].append({"name": name, "type": "string", "value": value})


def _drop_prop(holder: dict, name: str) -> None:
    holder["properties"] = [p for p in holder["properties"] if p["name"] != name]


MALFORMED = [
    ("not an object", lambda d: [d], "JSON object"),
    ("isometric", lambda d: d.update(orientation="isometric"), "orthogonal"),
    ("infinite", lambda d: d.update(infinite=True), "infinite"),
    ("zero width", lambda d: d.update(width=0), "'width'"),
    ("non-square tiles", lambda d: d.update(tileheight=16), "square"),
    ("no map id", lambda d: _drop_prop(d, "map_id"), "'map_id'"),
    ("external tileset", lambda d: d["tilesets"][0].update(source="tiles.tsj"), "external tilesets"),
    ("tile without colour", lambda d: _drop_prop(d["tilesets"][0]["tiles"][0], "color"), "'color'"),
    ("no ground layer", lambda d: d["layers"].remove(_layer(d, "ground")), "'ground'"),
    ("two collision layers", lambda d: d["layers"].append(copy.deepcopy(_layer(d, "collision"))), "exactly one"),
    ("zones as tiles", lambda d: _layer(d, "zones").update(type="tilelayer"), "objectgroup"),
    ("short collision data", lambda d: _layer(d, "collision")["data"].pop(), "2400"),
    ("base64 data", lambda d: _layer(d, "ground").update(encoding="base64"), "CSV"),
    ("text in tile data", lambda d: _layer(d, "ground")["data"].__setitem__(5, "1"), "non-negative"),
    ("unknown ground tile", lambda d: _layer(d, "ground")["data"].__setitem__(5, 999), "not in the tileset"),
    ("chat flag as text", lambda d: _set_prop(_zone(d, "quiet"), "chat_allowed", "false"), "'chat_allowed'"),
    ("zone without name", lambda d: _drop_prop(_zone(d, "hall"), "name_en"), "'name_en'"),
    ("duplicate zone id", lambda d: _set_prop(_zone(d, "hall"), "zone_id", "plaza"), "used twice"),
    ("elliptic zone", lambda d: _zone(d, "hall").update(ellipse=True), "rectangle"),
    ("zone off the map", lambda d: _zone(d, "hall").update(x=1900), "outside the map"),
    ("empty zone", lambda d: _zone(d, "hall").update(width=0), "positive width"),
    ("door without room", lambda d: _drop_prop(_obj(d, "door-room-1"), "room_id"), "'room_id'"),
    ("board of unknown category", lambda d: _set_prop(_obj(d, "board-faq"), "category", "ads"), "'category'"),
    ("nameless object", lambda d: _obj(d, "board-faq").update(name=""), "non-empty name"),
    ("duplicate object name", lambda d: _obj(d, "board-faq").update(name="board-events"), "used twice"),
    ("no spawn", lambda d: _layer(d, "objects").update(
        objects=[o for o in _layer(d, "objects")["objects"] if o["type"] != "spawn"]), "spawn"),
    ("spawn in the pond", lambda d: _obj(d, "spawn-1").update(x=30.5 * 32, y=30.5 * 32), "blocked tile"),
    ("property without value", lambda d: d["properties"].append({"name": "x"}), "'value'"),
]


@pytest.mark.parametrize("label, mutate, message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_maps_are_refused_with_a_clear_message(label, mutate, message) -> None:
    doc = _base()
    replaced = mutate(doc)
    if isinstance(replaced, list):
        doc = replaced
    with pytest.raises(ValueError) as caught:
        parse_map(doc, source="broken.json")
    assert message in str(caught.value)
    assert str(caught.value).startswith("map broken.json:")


def test_the_unmodified_base_parses() -> None:
    assert parse_map(_base()).id == "plaza"


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b""])
def test_load_map_refuses_unreadable_files(tmp_path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="map bad.json"):
        load_map(path)


def test_load_map_reads_a_file(tmp_path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiled_from_ascii(["S.#"], map_id="tiny")), encoding="utf-8")
    m = load_map(path)
    assert (m.id, m.width, m.height, m.spawns) == ("tiny", 3, 1, ((16.0, 16.0),))
    assert m.is_blocked_px(80, 16) and not m.is_blocked_px(48, 16)


def test_flipped_tile_flags_do_not_change_the_tile() -> None:
    doc = tiled_from_ascii(["S.#"])
    _layer(doc, "ground")["data"][1] |= 0x80000000  # drawn mirrored in Tiled
    m = parse_map(doc)
    assert not m.is_blocked_tile(1, 0)


def test_board_signs_carry_the_boards_own_names():
    from rooms.boards.categories import CATEGORIES
    from rooms.maps import load_demo_map

    labels = {c.key: (c.label_ja, c.label_en) for c in CATEGORIES}
    boards = load_demo_map().objects_of_type("board")
    assert {b.properties["category"] for b in boards} == set(labels)
    for board in boards:
        assert (board.properties["name_ja"], board.properties["name_en"]) == labels[board.properties["category"]]
