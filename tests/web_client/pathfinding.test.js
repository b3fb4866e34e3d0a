import { test } from "node:test";
import assert from "node:assert/strict";
import { isBlockedPx, nearestWalkable, segmentClear, zoneAt } from "../../web_client/src/mapdata.js";
import { findPath, findTilePath, smoothPath } from "../../web_client/src/pathfinding.js";
import { asciiMap, demoMap } from "./helpers.js";

function legsClear(map, start, path) {
  let prev = start;
  for (const p of path) {
    if (!segmentClear(map, prev.x, prev.y, p.x, p.y)) return false;
    prev = p;
  }
  return true;
}

function length(start, path) {
  let prev = start;
  let total = 0;
  for (const p of path) {
    total += Math.hypot(p.x - prev.x, p.y - prev.y);
    prev = p;
  }
  return total;
}

test("segmentClear follows the server's rules (cases)", () => {
  const map = asciiMap([
    ".....",
    ".#...",
    "..#..",
    ".....",
  ]);
  const c = (tx, ty) => [(tx + 0.5) * 32, (ty + 0.5) * 32];
  const cases = [
    ["same tile", c(0, 0), c(0, 0), true],
    ["along the top row", c(0, 0), c(4, 0), true],
    ["into a wall", c(0, 1), c(2, 1), false],
    ["ends on a wall", c(0, 0), c(1, 1), false],
    ["diagonal through a corner beside a wall", c(2, 1), c(3, 2), false],
    ["diagonal through a corner between free tiles", c(3, 0), c(4, 1), true],
    ["through the diagonal gap between walls", c(1, 2), c(2, 1), false],
    ["off the map", c(0, 0), [-5, 16], false],
    ["open bottom row", c(0, 3), c(4, 3), true],
  ];
  for (const [name, [x0, y0], [x1, y1], expected] of cases) {
    assert.equal(segmentClear(map, x0, y0, x1, y1), expected, name);
  }
});

test("A* finds the way around a wall, and none into a closed room", () => {
  const map = asciiMap([
    "........",
    ".######.",
    "......#.",
    "####..#.",
    "...#..#.",
    "...####.",
  ]);
  const path = findTilePath(map, { tx: 0, ty: 2 }, { tx: 7, ty: 5 });
  assert.ok(path, "a path exists");
  assert.deepEqual(path[0], { tx: 0, ty: 2 });
  assert.deepEqual(path[path.length - 1], { tx: 7, ty: 5 });
  for (let i = 1; i < path.length; i += 1) {
    const a = path[i - 1];
    const b = path[i];
    assert.ok(Math.abs(a.tx - b.tx) <= 1 && Math.abs(a.ty - b.ty) <= 1, "steps are to neighbours");
    assert.ok(!isBlockedPx(map, (b.tx + 0.5) * 32, (b.ty + 0.5) * 32));
  }
  assert.equal(findTilePath(map, { tx: 0, ty: 2 }, { tx: 1, ty: 4 }), null, "the closed corner room is unreachable");
  assert.equal(findPath(map, 16, 80, 48, 144), null);
});

test("findPath legs are straight, clear and not much longer than needed", () => {
  const map = asciiMap([
    "..........",
    "..........",
    "....##....",
    "....##....",
    "..........",
  ]);
  const start = { x: 40, y: 112 };
  const path = findPath(map, start.x, start.y, 300, 100);
  assert.ok(path);
  assert.ok(legsClear(map, start, path));
  assert.ok(path.length <= 3, `few turning points, got ${path.length}`);
  assert.deepEqual(path[path.length - 1], { x: 300, y: 100 });
  assert.ok(length(start, path) < 300, "close to the straight-line distance");
});

test("a straight clear line is a one-leg path", () => {
  const map = asciiMap(["......", "......"]);
  assert.deepEqual(findPath(map, 10, 10, 180, 50), [{ x: 180, y: 50 }]);
});

test("a goal on furniture or water walks to the nearest free spot", () => {
  const map = asciiMap([
    ".....",
    ".###.",
    ".###.",
    ".###.",
    ".....",
  ]);
  const goal = nearestWalkable(map, 80, 80);
  assert.ok(goal && !isBlockedPx(map, goal.x, goal.y));
  const path = findPath(map, 16, 16, 80, 80);
  assert.ok(path);
  const end = path[path.length - 1];
  assert.ok(!isBlockedPx(map, end.x, end.y));
  assert.ok(Math.hypot(end.x - 80, end.y - 80) <= 64);
});

test("smoothPath keeps endpoints and only clear legs", () => {
  const map = asciiMap(["....", ".#..", "...."]);
  const pts = [{ x: 16, y: 16 }, { x: 16, y: 48 }, { x: 16, y: 80 }, { x: 48, y: 80 }, { x: 80, y: 80 }, { x: 112, y: 48 }];
  const smooth = smoothPath(map, pts);
  assert.deepEqual(smooth[0], pts[0]);
  assert.deepEqual(smooth[smooth.length - 1], pts[pts.length - 1]);
  assert.ok(legsClear(map, smooth[0], smooth.slice(1)));
  assert.ok(smooth.length < pts.length);
});

test("on the demo map, every place can be reached from the spawn, with clear legs", () => {
  const map = demoMap();
  const spawn = map.objects.find((o) => o.type === "spawn");
  for (const zone of map.zones) {
    const path = findPath(map, spawn.x, spawn.y, zone.x + zone.w / 2, zone.y + zone.h / 2);
    assert.ok(path, `a way to ${zone.id}`);
    assert.ok(legsClear(map, spawn, path), `clear legs to ${zone.id}`);
    const end = path[path.length - 1];
    assert.equal(zoneAt(map, end.x, end.y)?.id, zone.id, `the walk ends inside ${zone.id}`);
  }
  for (const board of map.objects.filter((o) => o.type === "board")) {
    const path = findPath(map, spawn.x, spawn.y, board.x, board.y);
    assert.ok(path && legsClear(map, spawn, path), `a way to ${board.id}`);
  }
});

test("the demo map parses with zones, boards and walls", () => {
  const map = demoMap();
  assert.equal(map.id, "plaza");
  assert.equal(map.pixelWidth, 1920);
  assert.deepEqual(map.zones.map((z) => z.id).sort(), ["boards", "consultation", "family", "hall", "plaza", "quiet"]);
  const quiet = map.zones.find((z) => z.id === "quiet");
  assert.equal(quiet.chatAllowed, false);
  assert.equal(quiet.requestsAllowed, false);
  assert.equal(map.objects.filter((o) => o.type === "board").length, 6);
  assert.ok(isBlockedPx(map, 5, 5), "the outer wall blocks");
});
