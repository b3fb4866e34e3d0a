"""The live world: movement rules, personal space, channels, visibility and interest."""
from __future__ import annotations

import math
import random
from typing import Any

import pytest

from rooms.map_builder import tiled_from_ascii
from rooms.maps import GameMap, load_demo_map, parse_map
from rooms.world import World
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode

PUBLIC_KEYS = {"id", "nickname", "look", "x", "y", "dir", "status"}

# A walled room with two walls touching only at a corner: (4, 3) and (5, 4).
ROOM = parse_map(tiled_from_ascii([
    "##########",
    "#S.......#",
    "#........#",
    "#...#....#",
    "#....#...#",
    "#........#",
    "##########",
], map_id="room", zones=[("left", 1, 1, 4, 5), {"zone_id": "hush", "tx": 5, "ty": 1, "tw": 4, "th": 5,
                                                 "chat_allowed": False, "requests_allowed": False}]))

OPEN = parse_map(tiled_from_ascii([
    "############",
    "#S.........#",
    "#..........#",
    "#..........#",
    "#..........#",
    "############",
], map_id="open"))


@pytest.fixture(scope="module")
def demo() -> GameMap:
    return load_demo_map()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def join(world: World, account_id: str, **kw: Any):
    kw.setdefault("nickname", account_id.upper())
    kw.setdefault("look_digest", f"look-{account_id}")
    kw.setdefault("status", "open")
    kw.setdefault("hidden", False)
    kw.setdefault("sees_hidden", False)
    kw.setdefault("blocked_ids", set())
    return world.join(account_id, **kw)


def centre(tx: int, ty: int) -> tuple[float, float]:
    return (tx + 0.5) * 32, (ty + 0.5) * 32


def refusal(call) -> tuple[str, str | None]:
    with pytest.raises(DomainError) as caught:
        call()
    err = caught.value
    return err.code.value, err.detail.get("reason") or err.field


# -- movement -----------------------------------------------------------------------------------

MOVES = [
    # label, start, seconds since the last move, target, direction, expected
    ("step right", (80, 80), 0.1, (100, 80), "right", "ok"),
    ("diagonal step", (80, 80), 0.1, (94, 94), "down", "ok"),
    ("turn on the spot", (80, 80), 0.0, (80, 80), "up", "ok"),
    ("bunched moves within the jitter allowance", (80, 80), 0.0, (170, 80), "right", "ok"),
    ("too fast", (80, 80), 0.1, (200, 80), "right", ("MOVE_REJECTED", "too_fast")),
    ("too fast even after a long rest", (48, 48), 30.0, (272, 48), "right", ("MOVE_REJECTED", "too_fast")),
    ("into a wall tile", (112, 112), 0.1, (144, 112), "right", ("MOVE_REJECTED", "blocked")),
    ("through a wall", (112, 112), 0.1, (176, 112), "right", ("MOVE_REJECTED", "wall")),
    ("cutting the corner between two walls", (144, 144), 0.1, (176, 112), "up", ("MOVE_REJECTED", "wall")),
    ("the same corner from the other side", (176, 112), 0.1, (144, 144), "down", ("MOVE_REJECTED", "wall")),
    ("into the outer wall", (48, 48), 0.1, (16, 48), "left", ("MOVE_REJECTED", "blocked")),
    ("off the map", (48, 48), 0.1, (-10, 48), "left", ("MOVE_REJECTED", "blocked")),
    ("far off the map", (48, 48), 0.1, (48, 9999), "down", ("MOVE_REJECTED", "blocked")),
    ("unknown direction", (80, 80), 0.1, (90, 80), "north", ("INVALID", "dir")),
    ("direction in capitals", (80, 80), 0.1, (90, 80), "DOWN", ("INVALID", "dir")),
    ("no direction", (80, 80), 0.1, (90, 80), None, ("INVALID", "dir")),
    ("direction of the wrong type", (80, 80), 0.1, (90, 80), ["down"], ("INVALID", "dir")),
    ("x is not a number", (80, 80), 0.1, ("90", 80), "right", ("INVALID", "position")),
    ("y is NaN", (80, 80), 0.1, (90, math.nan), "right", ("INVALID", "position")),
    ("x is infinite", (80, 80), 0.1, (math.inf, 80), "right", ("INVALID", "position")),
    ("x is a boolean", (80, 80), 0.1, (True, 80), "right", ("INVALID", "position")),
]


@pytest.mark.parametrize("label, start, dt, target, direction, expected", MOVES, ids=[m[0] for m in MOVES])
def test_movement_rules(clock, label, start, dt, target, direction, expected) -> None:
    world = World(ROOM, clock=clock)
    assert join(world, "a", position=start).x == start[0]
    clock.advance(dt)
    if expected == "ok":
        assert world.move("a", *target, direction) == target
        assert world.position_of("a") == target
    else:
        assert refusal(lambda: world.move("a", *target, direction)) == expected
        assert world.position_of("a") == start  # a refused step changes nothing


def test_walking_at_full_speed_keeps_working(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a", position=(48, 48))
    x, step = 48.0, 20.0  # 200 px/s at 10 moves a second
    for i in range(60):
        clock.advance(0.1)
        x += step if (i // 15) % 2 == 0 else -step
        world.move("a", x, 48, "right")


def test_running_faster_than_allowed_is_stopped_soon(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a", position=(48, 48))
    x = 48.0
    accepted = 0
    with pytest.raises(DomainError) as caught:
        for _ in range(30):
            clock.advance(0.1)
            world.move("a", x + 30, 48, "right")  # 300 px/s
            x += 30
            accepted += 1
    assert caught.value.code is ErrorCode.MOVE_REJECTED
    assert accepted <= 10  # the saved-up allowance (100 px) runs out after a few steps


def test_rate_limit_counts_moves_in_a_sliding_second(clock) -> None:
    world = World(OPEN, clock=clock, max_moves_per_s=20)
    join(world, "a", position=(48, 48))
    for i in range(20):
        world.move("a", 48 + i, 48, "right")
        clock.advance(0.01)
    assert refusal(lambda: world.move("a", 70, 48, "right")) == ("RATE_LIMITED", None)
    clock.advance(0.3)  # the first moves are still inside the last second
    assert refusal(lambda: world.move("a", 70, 48, "right"))[0] == "RATE_LIMITED"
    clock.advance(0.6)
    assert world.move("a", 70, 48, "right") == (70, 48)


def test_refused_moves_count_towards_the_rate_limit(clock) -> None:
    world = World(OPEN, clock=clock, max_moves_per_s=5)
    join(world, "a", position=(48, 48))
    for _ in range(5):
        with pytest.raises(DomainError):
            world.move("a", 10, 48, "left")  # into the wall
    assert refusal(lambda: world.move("a", 50, 48, "right"))[0] == "RATE_LIMITED"


def test_moving_someone_who_is_not_here(clock) -> None:
    world = World(OPEN, clock=clock)
    assert refusal(lambda: world.move("ghost", 50, 50, "down"))[0] == "NOT_FOUND"


# -- personal space ---------------------------------------------------------------------------------

SPACE = [
    # label, target of A, A is looking at hidden people, B hidden, block, expected
    ("stopping right next to B", (130, 80), False, False, None, "personal_space"),
    ("stopping exactly at the edge", (126, 80), False, False, None, "ok"),
    ("passing at a distance", (150, 104), False, False, None, "ok"),
    ("B is hidden from a visitor", (130, 80), False, True, None, "ok"),
    ("someone looking sees hidden B and keeps their distance", (130, 80), True, True, None, "personal_space"),
    ("A blocked B", (130, 80), False, False, "a->b", "ok"),
    ("B blocked A", (130, 80), False, False, "b->a", "ok"),
]


@pytest.mark.parametrize("label, target, looking, hidden, block, expected", SPACE, ids=[s[0] for s in SPACE])
def test_personal_space(clock, label, target, looking, hidden, block, expected) -> None:
    world = World(OPEN, clock=clock, personal_space_px=24)
    join(world, "a", position=(100, 80), sees_hidden=looking, blocked_ids={"b"} if block == "a->b" else set())
    join(world, "b", position=(150, 80), hidden=hidden, blocked_ids={"a"} if block == "b->a" else set())
    clock.advance(0.2)
    if expected == "ok":
        assert world.move("a", *target, "right") == target
    else:
        assert refusal(lambda: world.move("a", *target, "right")) == ("MOVE_REJECTED", expected)


def test_someone_inside_your_space_may_step_away_but_not_closer(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a", position=(100, 80))
    join(world, "b", position=(150, 80), hidden=True)
    clock.advance(0.3)
    world.move("a", 140, 80, "right")  # B is hidden from A, so this is allowed
    world.set_hidden("b", False)
    clock.advance(0.1)
    assert refusal(lambda: world.move("a", 145, 80, "right")) == ("MOVE_REJECTED", "personal_space")
    assert world.move("a", 135, 80, "left") == (135, 80)


def test_newcomers_never_appear_inside_someone_elses_space(clock, demo) -> None:
    world = World(demo, clock=clock)
    places = [join(world, f"p{i}") for i in range(40)]
    for i, a in enumerate(places):
        assert not demo.is_blocked_px(a.x, a.y)
        for b in places[i + 1:]:
            assert math.hypot(a.x - b.x, a.y - b.y) >= world.personal_space_px


# -- zones ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "tile, zone_id, chat, requests",
    [
        ((30, 36), "plaza", True, True),
        ((5, 30), "boards", True, True),
        ((10, 12), "consultation", True, True),
        ((30, 10), "hall", True, True),
        ((50, 10), "family", True, True),
        ((50, 30), "quiet", False, False),
    ],
)
def test_zone_of_a_person_and_its_rules(clock, demo, tile, zone_id, chat, requests) -> None:
    world = World(demo, clock=clock)
    join(world, "a", position=centre(*tile))
    zone = world.zone_of("a")
    assert (zone.id, zone.chat_allowed, zone.requests_allowed) == (zone_id, chat, requests)
    assert world.members_of_zone("plaza-1", zone_id) == ["a"]


def test_zone_membership_follows_moves_and_leaves(clock) -> None:
    world = World(ROOM, clock=clock)
    join(world, "a", position=(144, 48))
    join(world, "b", position=(80, 48), hidden=True)
    assert world.members_of_zone("room-1", "left") == ["a", "b"]
    clock.advance(0.2)
    world.move("a", 176, 48, "right")
    assert world.zone_of("a").id == "hush" and world.zone_of("a").chat_allowed is False
    assert world.members_of_zone("room-1", "left") == ["b"]
    assert world.members_of_zone("room-1", "hush") == ["a"]
    world.leave("b")
    assert world.members_of_zone("room-1", "left") == []
    assert world.members_of_zone("no-such-instance", "left") == []
    assert world.zone_of("b") is None


def test_profile_blocks_and_audience(clock, demo) -> None:
    world = World(demo, clock=clock)
    join(world, "a", position=(560, centre(0, 32)[1]), status="dnd", blocked_ids={"b", "absent"})
    join(world, "b", position=(600, centre(0, 32)[1]))
    join(world, "s", position=(640, centre(0, 32)[1]), counts_hidden=True, sees_hidden=True)
    join(world, "h", position=(680, centre(0, 32)[1]), hidden=True)
    join(world, "far", position=(1800, centre(0, 32)[1]))
    profile = world.profile("a")
    assert (profile.nickname, profile.status, profile.hidden, profile.counts_hidden, profile.sees_hidden) == ("A", "dnd", False, False, False)
    assert (profile.instance_id, profile.x, profile.zone.id, profile.direction) == ("plaza-1", 560, "plaza", "down")
    assert world.profile("nobody") is None
    assert world.blocks_of("a") == {"b", "absent"} and world.blocks_of("b") == frozenset()
    assert world.audience_of("a") == ["h", "s"]  # b blocked, far out of view
    assert world.audience_of("h") == ["s"]  # a hidden person is seen only by someone looking
    assert world.audience_of("nobody") == []


# -- channels -----------------------------------------------------------------------------------

def test_a_full_instance_overflows_into_a_new_one_that_closes_when_empty(clock) -> None:
    world = World(OPEN, clock=clock, capacity=2)
    assert join(world, "a").instance_id == "open-1"
    assert join(world, "b").instance_id == "open-1"
    assert join(world, "c").instance_id == "open-2"
    assert join(world, "d").instance_id == "open-2"
    assert join(world, "e").instance_id == "open-3"
    assert world.instances() == {"open-1": 2, "open-2": 2, "open-3": 1}
    assert world.count() == 5
    assert not world.can_see("a", "c") and world.instance_of("c") == "open-2"
    assert [x["id"] for x in world.snapshot_for("c")["avatars"]] == ["d"]

    world.leave("c")
    world.leave("d")
    assert world.instances() == {"open-1": 2, "open-3": 1}  # the empty extra one closed
    assert join(world, "f").instance_id == "open-3"  # the first with room
    assert join(world, "g").instance_id == "open-2"  # a new one, reusing the free number
    world.leave("a")
    world.leave("b")
    assert world.instances() == {"open-1": 0, "open-2": 1, "open-3": 2}  # the first one stays
    assert join(world, "h").instance_id == "open-1"
    world.leave("g")
    assert world.instances() == {"open-1": 1, "open-3": 2}
    world.leave("nobody")  # leaving twice or never joined is harmless


def test_moves_and_snapshots_stay_inside_an_instance(clock) -> None:
    world = World(OPEN, clock=clock, capacity=1)
    join(world, "a", position=(100, 80))
    join(world, "b", position=(100, 80))  # same spot, other channel: no personal space clash
    assert world.position_of("b") == (100, 80)
    world.snapshot_for("a"), world.snapshot_for("b")
    clock.advance(0.1)
    world.move("a", 110, 80, "right")
    batches = world.tick()
    assert set(batches) == {"a"}  # b, in the other channel, hears nothing
    assert batches["a"]["move"] == [] and batches["a"]["you"] == [110, 80]


# -- visibility -------------------------------------------------------------------------------------

@pytest.mark.parametrize("counts", [False, True])
@pytest.mark.parametrize(
    "looking, other_hidden, sees",
    [(False, False, True), (False, True, False), (True, False, True), (True, True, True)],
)
def test_hidden_people_are_seen_only_by_someone_looking(clock, counts, looking, other_hidden, sees) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80), counts_hidden=counts, sees_hidden=looking)
    join(world, "o", position=(200, 80), hidden=other_hidden)
    assert world.can_see("v", "o") is sees
    snap = world.snapshot_for("v")
    assert [a["id"] for a in snap["avatars"]] == (["o"] if sees else [])
    if counts:  # counting is separate from looking: the count alone says nothing about who
        assert snap["hidden_count"] == (1 if other_hidden else 0)
    else:
        assert "hidden_count" not in snap
    assert world.can_see("o", "v")  # hiding hides you, not others from you


def test_snapshot_carries_public_facts_only(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80), counts_hidden=True, sees_hidden=True, blocked_ids={"z"})
    join(world, "o", position=(200, 80), hidden=True, counts_hidden=True, sees_hidden=True, status="dnd")
    snap = world.snapshot_for("v")
    assert set(snap) == {"t", "instance_id", "you", "avatars", "hidden_count"}
    assert snap["you"] == {"id": "v", "nickname": "V", "look": "look-v", "x": 100, "y": 80,
                           "dir": "down", "status": "open"}
    # only someone looking ever receives a hidden person, marked as hidden
    assert snap["avatars"] == [{"id": "o", "nickname": "O", "look": "look-o", "x": 200, "y": 80,
                                "dir": "down", "status": "dnd", "hidden": True}]


@pytest.mark.parametrize("how", ["join", "add_block", "set_blocks"])
def test_blocks_are_symmetric(clock, how) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a", position=(100, 80), sees_hidden=True, blocked_ids={"b"} if how == "join" else set())
    join(world, "b", position=(200, 80))
    join(world, "c", position=(300, 80))
    for v in "abc":
        world.snapshot_for(v)
    if how == "add_block":
        world.add_block("a", "b")
    elif how == "set_blocks":
        world.set_blocks("a", ["b", "someone-absent"])
    batches = world.tick()
    assert not world.can_see("a", "b") and not world.can_see("b", "a")
    assert world.can_see("a", "c") and world.can_see("b", "c")
    assert [x["id"] for x in world.snapshot_for("a")["avatars"]] == ["c"]
    assert [x["id"] for x in world.snapshot_for("b")["avatars"]] == ["c"]
    if how != "join":
        assert batches["a"]["leave"] == ["b"] and batches["b"]["leave"] == ["a"]
        assert "c" not in batches
    # B moving is not reported to A, nor A's status to B
    clock.advance(0.1)
    world.move("b", 210, 80, "right")
    world.set_status("a", "dnd")
    batches = world.tick()
    assert "a" not in batches or not batches["a"]["move"]
    assert batches["b"]["update"] == [] and batches["b"]["move"] == []  # only b's own step
    assert batches["b"]["you"] == [210, 80]
    assert batches["c"]["move"] == [["b", 210, 80, "right"]]


def test_unblocking_brings_people_back_unless_the_other_side_blocked_too(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a", position=(100, 80), blocked_ids={"b"})
    join(world, "b", position=(200, 80), blocked_ids={"a"})
    world.snapshot_for("a"), world.snapshot_for("b")
    world.remove_block("a", "b")
    assert not world.can_see("a", "b")  # B still blocks A
    assert world.tick() == {}
    world.remove_block("b", "a")
    assert world.can_see("a", "b") and world.can_see("b", "a")
    batches = world.tick()
    assert [x["id"] for x in batches["a"]["enter"]] == ["b"]
    assert [x["id"] for x in batches["b"]["enter"]] == ["a"]


def test_block_changes_for_absent_people_are_ignored(clock) -> None:
    world = World(OPEN, clock=clock)
    world.add_block("absent", "b")
    world.remove_block("absent", "b")
    world.set_blocks("absent", ["b"])
    join(world, "b")
    assert world.can_see("b", "b")


# -- joining again ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "position, instance_id, resumed_at, instance",
    [
        ((100, 80), "open-2", (100, 80), "open-2"),  # a valid place: back exactly there
        ((100, 80), "open-9", (100, 80), "open-2"),  # channel gone: first with room, same spot
        ((16, 80), "open-2", None, "open-2"),  # in the wall
        ((-50, 80), "open-2", None, "open-2"),  # off the map
        ((math.nan, 80), "open-2", None, "open-2"),
        (("100", 80), "open-2", None, "open-2"),
        ((300, 112), "open-2", "near", "open-2"),  # inside someone's personal space: the nearest free spot
        (None, "open-2", None, "open-2"),
        (100, "open-2", None, "open-2"),  # not a pair at all
        ((100, 80, 5), "open-2", None, "open-2"),
    ],
)
def test_reconnect_resumes_a_valid_place_or_falls_back_to_spawn(clock, position, instance_id, resumed_at, instance) -> None:
    world = World(OPEN, clock=clock, capacity=3)
    for name in ("x1", "x2", "x3"):
        join(world, name)
    join(world, "y", position=(300, 100))
    assert world.instance_of("y") == "open-2"
    place = join(world, "a", position=position, instance_id=instance_id)
    assert place.instance_id == instance
    if resumed_at == "near":  # beside the one who stands there now, not back at a spawn point
        assert 24 <= math.hypot(place.x - 300, place.y - 100) and math.hypot(place.x - 300, place.y - 112) <= 4 * 24
    elif resumed_at is not None:
        assert (place.x, place.y) == resumed_at
    else:
        assert math.hypot(place.x - OPEN.spawns[0][0], place.y - OPEN.spawns[0][1]) < 100
        assert not OPEN.is_blocked_px(place.x, place.y)
        assert math.hypot(place.x - 300, place.y - 100) >= 24


def test_reconnecting_does_not_reset_the_move_rate_limit(clock) -> None:
    world = World(OPEN, clock=clock, max_moves_per_s=3)
    join(world, "a", position=(100, 80))
    for i in range(3):
        world.move("a", 100 + i, 80, "right")
    join(world, "a", position=(102, 80))
    assert refusal(lambda: world.move("a", 104, 80, "right"))[0] == "RATE_LIMITED"


def test_a_full_channel_cannot_be_resumed(clock) -> None:
    world = World(OPEN, clock=clock, capacity=1)
    join(world, "a")
    join(world, "b")
    assert join(world, "c", position=(200, 80), instance_id="open-1").instance_id == "open-3"


def test_rejoining_replaces_the_old_avatar(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80))
    join(world, "a", position=(200, 80))
    world.snapshot_for("v")
    join(world, "a", nickname="NEW", position=(250, 100))
    assert world.count() == 2
    batch = world.tick()["v"]
    assert batch["leave"] == []
    assert batch["enter"] == [{"id": "a", "nickname": "NEW", "look": "look-a", "x": 250, "y": 100,
                               "dir": "down", "status": "open"}]
    assert [x["id"] for x in world.snapshot_for("v")["avatars"]] == ["a"]


def test_rejoining_keeps_an_extra_channel_open_for_the_resume(clock) -> None:
    world = World(OPEN, clock=clock, capacity=1)
    join(world, "a")
    join(world, "b", position=(200, 80))
    assert world.instance_of("b") == "open-2"
    assert join(world, "b", position=(200, 80), instance_id="open-2").instance_id == "open-2"
    assert world.instances() == {"open-1": 1, "open-2": 1}


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"status": "busy"}, "status"),
        ({"status": None}, "status"),
        ({"status": ["open"]}, "status"),
        ({"look_digest": 5}, "look"),
        ({"nickname": None}, "nickname"),
        ({"blocked_ids": "b"}, "blocked_ids"),
    ],
)
def test_join_refuses_bad_input(clock, kwargs, field) -> None:
    world = World(OPEN, clock=clock)
    assert refusal(lambda: join(world, "a", **kwargs)) == ("INVALID", field)
    assert world.count() == 0


def test_status_and_look_validation(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a")
    assert refusal(lambda: world.set_status("a", "away")) == ("INVALID", "status")
    assert refusal(lambda: world.set_look("a", "")) == ("INVALID", "look")
    assert refusal(lambda: world.set_status("ghost", "open"))[0] == "NOT_FOUND"
    for status in ("open", "just_here", "dnd"):
        world.set_status("a", status)


# -- interest and batches -----------------------------------------------------------------------

ROW = centre(0, 32)[1]  # an open east-west walk through the plaza (tiles 16..44)


def walk(world: World, clock: FakeClock, who: str, to_x: float, step: float = 20) -> None:
    x, y = world.position_of(who)
    while abs(to_x - x) > 1e-9:
        x += max(-step, min(step, to_x - x))
        clock.advance(0.1)
        world.move(who, x, y, "right" if to_x > x else "left")


def test_far_moves_are_not_delivered_and_view_changes_send_enter_and_leave(clock, demo) -> None:
    world = World(demo, clock=clock)
    join(world, "v", position=(560, ROW))  # cell (2, 4): watches cells 0..4, i.e. x < 1280
    join(world, "far", position=(1400, ROW))  # cell 5: out of view
    assert world.snapshot_for("v")["avatars"] == []
    world.tick()

    clock.advance(0.1)
    world.move("far", 1380, ROW, "left")
    assert "v" not in world.tick()

    walk(world, clock, "far", 1270)  # into cell 4
    batch = world.tick()["v"]
    assert [a["id"] for a in batch["enter"]] == ["far"]
    assert batch["enter"][0]["x"] == 1270 and batch["move"] == []

    clock.advance(0.1)
    world.move("far", 1260, ROW, "left")
    clock.advance(0.1)
    world.move("far", 1250, ROW, "left")
    assert world.tick()["v"]["move"] == [["far", 1250, ROW, "left"]]  # coalesced: last place only

    walk(world, clock, "far", 1300)
    batch = world.tick()["v"]
    assert batch["leave"] == ["far"] and batch["enter"] == []


def test_the_viewer_moving_brings_others_into_view(clock, demo) -> None:
    world = World(demo, clock=clock)
    join(world, "v", position=(560, ROW))
    join(world, "far", position=(1400, ROW))
    world.snapshot_for("v"), world.snapshot_for("far")
    walk(world, clock, "v", 780)  # v into cell 3: now watches up to x < 1536
    batches = world.tick()
    assert [a["id"] for a in batches["v"]["enter"]] == ["far"]
    assert [a["id"] for a in batches["far"]["enter"]] == ["v"]


def test_own_moves_are_confirmed_once_per_tick_and_others_see_them(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a", position=(100, 80))
    join(world, "b", position=(200, 80))
    world.snapshot_for("a"), world.snapshot_for("b")
    clock.advance(0.1)
    world.move("a", 105, 80, "right")
    clock.advance(0.05)
    world.move("a", 110, 80, "right")  # two steps in one tick: only the later is news
    with pytest.raises(DomainError):
        world.move("a", 500, 80, "right")  # refused: never confirmed
    t = world.snapshot_for("b")["t"]
    assert world.tick() == {
        "b": {"t": t, "enter": [], "leave": [], "move": [["a", 110, 80, "right"]], "update": []},
        "a": {"t": t, "enter": [], "leave": [], "move": [], "update": [], "you": [110, 80]},
    }
    assert world.tick() == {}  # nobody moved: nothing to confirm


def test_joins_leaves_status_and_hiding_reach_viewers(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80))
    join(world, "s", position=(100, 140), sees_hidden=True)
    world.snapshot_for("v"), world.snapshot_for("s")
    join(world, "a", position=(200, 80))
    batches = world.tick()
    assert [a["id"] for a in batches["v"]["enter"]] == ["a"]
    assert set(batches["v"]["enter"][0]) == PUBLIC_KEYS

    world.set_status("a", "dnd")
    world.set_look("a", "look-2")
    assert world.tick()["v"]["update"] == [{"id": "a", "status": "dnd", "look": "look-2", "away": False}]

    world.set_hidden("a", True)
    batches = world.tick()
    assert batches["v"]["leave"] == ["a"]
    # someone looking keeps seeing her, now marked as hidden
    assert [(x["id"], x.get("hidden")) for x in batches["s"]["enter"]] == [("a", True)] and not batches["s"]["leave"]

    world.set_status("a", "open")
    batches = world.tick()
    assert "v" not in batches  # no news about someone hidden
    assert batches["s"]["update"] == [{"id": "a", "status": "open", "look": "look-2", "away": False}]

    world.set_hidden("a", False)
    assert [x["id"] for x in world.tick()["v"]["enter"]] == ["a"]

    world.leave("a")
    batches = world.tick()
    assert batches["v"]["leave"] == ["a"] and batches["s"]["leave"] == ["a"]


def test_someone_who_comes_and_goes_within_one_tick_is_never_mentioned(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80))
    world.snapshot_for("v")
    join(world, "a", position=(200, 80))
    world.leave("a")
    assert world.tick() == {}


def test_a_joiner_without_a_snapshot_gets_everything_in_the_first_batch(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "a", position=(200, 80))
    join(world, "v", position=(100, 80))
    batches = world.tick()
    assert [x["id"] for x in batches["v"]["enter"]] == ["a"]
    assert [x["id"] for x in batches["a"]["enter"]] == ["v"]


def test_leaving_and_coming_back_within_one_tick_sends_the_new_facts(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80))
    join(world, "a", position=(200, 80), status="open")
    world.snapshot_for("v")
    world.leave("a")
    join(world, "a", position=(200, 80), status="dnd")
    batch = world.tick()["v"]
    assert batch["leave"] == [] and [(x["id"], x["status"]) for x in batch["enter"]] == [("a", "dnd")]


def test_batches_carry_the_clock_time_in_milliseconds(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80))
    world.tick()
    join(world, "a", position=(200, 80))
    clock.advance(2.5)
    assert world.tick()["v"]["t"] == int(clock.now().timestamp() * 1000)


def test_one_move_among_a_thousand_people_reaches_only_those_watching_nearby(clock) -> None:
    big = parse_map(tiled_from_ascii(["S" + "." * 159] + ["." * 160 for _ in range(119)], map_id="big"))
    world = World(big, clock=clock, capacity=1000)
    rng = random.Random(5)
    for i in range(1000):
        join(world, f"p{i}", position=(rng.uniform(0, 160 * 32), rng.uniform(0, 120 * 32)))
    world.tick()
    assert world.instances() == {"big-1": 1000}
    mover = "p0"
    clock.advance(0.1)
    x, y = world.position_of(mover)
    step = 10 if x < 2000 else -10
    world.move(mover, x + step, y, "right")
    batches = world.tick()
    own = batches.pop(mover)
    assert own["move"] == [] and own["you"] == [round(x + step, 1), round(y, 1)]
    # only people whose view window covers the mover's cell hear about it
    for viewer, batch in batches.items():
        assert batch["move"] == [[mover, round(x + step, 1), round(y, 1), "right"]]
        vx, vy = world.position_of(viewer)
        assert abs(vx - x) < 3 * 256 and abs(vy - y) < 3 * 256
    assert 0 < len(batches) < 200


# -- snapshot + deltas == fresh snapshot --------------------------------------------------------

def apply_batch(state: dict[str, dict], batch: dict[str, Any], viewer: str) -> None:
    assert set(batch) - {"you"} == {"t", "enter", "move", "leave", "update"}
    entered = {a["id"] for a in batch["enter"]}
    assert not entered & set(batch["leave"]), "an id both leaves and enters"
    assert viewer not in entered | set(batch["leave"])
    for aid in batch["leave"]:
        assert aid in state, "leave for someone the client never had"
        del state[aid]
    for avatar in batch["enter"]:
        # the hidden flag only on hidden people (whom only someone looking receives)
        assert set(avatar) == PUBLIC_KEYS | ({"hidden"} if avatar.get("hidden") is True else set())
        state[avatar["id"]] = dict(avatar)
    for aid, x, y, direction in batch["move"]:
        assert aid in state and aid != viewer, "move for someone the client does not hold"
        state[aid].update(x=x, y=y, dir=direction)
    for update in batch["update"]:
        assert update["id"] in state
        state[update["id"]].update(status=update["status"], look=update["look"])


def by_id(snapshot: dict[str, Any]) -> dict[str, dict]:
    return {a["id"]: a for a in snapshot["avatars"]}


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_snapshot_plus_deltas_equals_a_fresh_snapshot(demo, seed: int) -> None:
    rng = random.Random(seed)
    clock = FakeClock()
    # small cells and a short view so people cross cells and views often
    world = World(demo, clock=clock, capacity=12, cell_size_px=128, view_radius_px=200)
    walkable = [centre(tx, ty) for ty in range(demo.height) for tx in range(demo.width)
                if not demo.is_blocked_tile(tx, ty) and demo.zone_at(*centre(tx, ty)).id in {"plaza", "boards", "quiet"}]
    accounts = [f"u{i}" for i in range(30)]
    every_tick = set(accounts[:10])  # checked after every tick; the rest only at the end
    clients: dict[str, dict[str, dict]] = {}
    counts = {"moves": 0, "enter": 0, "leave": 0, "move": 0, "update": 0, "you": 0}

    def do_join(aid: str) -> None:
        position = rng.choice(walkable) if rng.random() < 0.5 else None
        join(world, aid, sees_hidden=rng.random() < 0.2, hidden=rng.random() < 0.15,
             status=rng.choice(["open", "just_here", "dnd"]),
             blocked_ids=set(rng.sample(accounts, rng.choice([0, 0, 0, 1, 2]))),
             position=position, instance_id=rng.choice([None, "plaza-1", "plaza-2"]))
        clients[aid] = by_id(world.snapshot_for(aid))

    for aid in accounts[:20]:
        do_join(aid)
    for viewer, batch in world.tick().items():
        apply_batch(clients[viewer], batch, viewer)

    for step in range(5000):
        present = [a for a in accounts if world.instance_of(a)]
        r = rng.random()
        who = rng.choice(present) if present else None
        if r < 0.55 and who:
            x, y = world.position_of(who)
            angle = rng.uniform(0, 2 * math.pi)
            dist = rng.choice([10, 20, 40, 60])
            clock.advance(rng.choice([0.05, 0.1, 0.2, 0.4]))
            try:
                world.move(who, x + math.cos(angle) * dist, y + math.sin(angle) * dist,
                           rng.choice(["down", "left", "right", "up"]))
                counts["moves"] += 1
            except DomainError:
                pass
        elif r < 0.60:
            do_join(rng.choice(accounts))  # a newcomer or a rejoin
        elif r < 0.63 and who:
            world.leave(who)
            clients.pop(who, None)
        elif r < 0.68 and who:
            world.set_status(who, rng.choice(["open", "just_here", "dnd"]))
        elif r < 0.71 and who:
            world.set_look(who, f"look-{rng.randrange(5)}")
        elif r < 0.75 and who:
            if rng.random() < 0.8:
                world.set_hidden(who, rng.random() < 0.4)
            else:
                world.set_sees_hidden(who, rng.random() < 0.5)
        elif r < 0.79 and who:
            choice = rng.random()
            other = rng.choice(accounts)
            if choice < 0.4:
                world.add_block(who, other)
            elif choice < 0.8:
                world.remove_block(who, other)
            else:
                world.set_blocks(who, rng.sample(accounts, 2))
        elif r < 0.81 and who:
            clients[who] = by_id(world.snapshot_for(who))  # a client asks to resync mid-tick
        else:
            batches = world.tick()
            assert set(batches) <= set(clients)
            for viewer, batch in batches.items():
                apply_batch(clients[viewer], batch, viewer)
                if "you" in batch:  # the viewer's own confirmed place, as the world has it
                    assert batch["you"] == [round(c, 1) for c in world.position_of(viewer)]
                    counts["you"] += 1
                for key in ("enter", "leave", "move", "update"):
                    counts[key] += len(batch[key])
            for viewer in every_tick & set(clients):
                assert clients[viewer] == by_id(world.snapshot_for(viewer)), f"step {step}, viewer {viewer}"

    for viewer, batch in world.tick().items():
        apply_batch(clients[viewer], batch, viewer)
    assert set(clients) == {a for a in accounts if world.instance_of(a)}
    for viewer, state in clients.items():
        assert state == by_id(world.snapshot_for(viewer)), viewer
    # the script really exercised the machinery
    assert counts["moves"] > 300 and min(counts[k] for k in ("enter", "leave", "move", "update", "you")) > 20
    assert len(world.instances()) >= 2 or world.count() <= 12


# -- arrivals and the reconnect grace -------------------------------------------------------------

def test_arrivals_spread_over_the_entrance_instead_of_piling_up(clock, demo) -> None:
    world = World(demo, clock=clock)
    places = [join(world, f"p{i}") for i in range(9)]
    roomy = 3 * world.personal_space_px  # name labels of neighbours don't overlap
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            assert math.hypot(a.x - b.x, a.y - b.y) >= roomy
    nearest_spawn = {min(range(len(demo.spawns)), key=lambda k: math.hypot(p.x - demo.spawns[k][0], p.y - demo.spawns[k][1]))
                     for p in places}
    assert nearest_spawn == set(range(len(demo.spawns)))  # every entrance point is used
    for p in places:  # still at the entrance, not sent across the map
        assert min(math.hypot(p.x - sx, p.y - sy) for sx, sy in demo.spawns) <= 4 * roomy


def test_someone_in_the_reconnect_grace_is_shown_away_then_back(clock) -> None:
    world = World(OPEN, clock=clock)
    join(world, "v", position=(100, 80))
    join(world, "a", position=(140, 80))
    world.snapshot_for("v")
    world.tick()
    world.set_away("a", True)
    world.set_away("a", True)  # said twice: one update
    assert world.tick()["v"]["update"] == [{"id": "a", "status": "open", "look": "look-a", "away": True}]
    assert [x.get("away") for x in world.snapshot_for("v")["avatars"] if x["id"] == "a"] == [True]
    # back on a new connection (a rejoin at the same place): seen afresh, no longer away
    join(world, "a", position=(140, 80))
    back = world.tick()["v"]
    assert [(x["id"], x.get("away")) for x in back["enter"]] == [("a", None)]
    assert not any(x.get("away") for x in world.snapshot_for("v")["avatars"])
    world.set_away("nobody", True)  # someone already gone: nothing happens
    assert "v" not in world.tick()



def test_a_taken_resume_point_gives_the_nearest_free_spot_not_the_spawn(demo, clock) -> None:
    """Back from a live event in the hall (docs/EVENTS.md): someone now stands where one left;
    the returning person stands beside them, not back at the plaza's spawn points."""
    world = World(demo, clock=clock)
    hall = (960.0, 352.0)  # the middle of the event hall
    join(world, "bystander", position=hall)
    back = join(world, "returning", position=hall)
    assert world.zone_of("returning").id == "hall"
    assert 0 < math.hypot(back.x - hall[0], back.y - hall[1]) <= 4 * world.personal_space_px
