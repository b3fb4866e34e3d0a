import { test } from "node:test";
import assert from "node:assert/strict";
import { isBlockedPx, segmentClear } from "../../web_client/src/mapdata.js";
import { directionOf, SEND_INTERVAL_MS, Walker } from "../../web_client/src/movement.js";
import { findPath } from "../../web_client/src/pathfinding.js";
import { asciiMap, demoMap } from "./helpers.js";

const RULES = { max_speed_px_s: 200, max_moves_per_s: 20, personal_space_px: 24 };

// The server's acceptance test (rooms/world.py World.move), so the walker can be checked
// against the rules it must obey: rate, walls, travel budget, personal space.
class ServerJudge {
  constructor(map, x, y, now, others = []) {
    this.map = map;
    this.x = x;
    this.y = y;
    this.last = now;
    this.budget = RULES.max_speed_px_s * 0.5;
    this.recent = [];
    this.others = others;
    this.refusals = [];
  }

  move(m, now) {
    this.recent = this.recent.filter((t) => t > now - 1000);
    if (this.recent.length >= RULES.max_moves_per_s) return this.refuse("rate", m);
    this.recent.push(now);
    if (isBlockedPx(this.map, m.x, m.y)) return this.refuse("blocked", m);
    if (!segmentClear(this.map, this.x, this.y, m.x, m.y)) return this.refuse("wall", m);
    const budget = Math.min(RULES.max_speed_px_s * 0.5, this.budget + RULES.max_speed_px_s * ((now - this.last) / 1000));
    const distance = Math.hypot(m.x - this.x, m.y - this.y);
    if (distance > budget + 1e-6) return this.refuse("too_fast", m);
    for (const o of this.others) {
      const after = Math.hypot(o.x - m.x, o.y - m.y);
      if (after < RULES.personal_space_px && after < Math.hypot(o.x - this.x, o.y - this.y)) return this.refuse("personal_space", m);
    }
    this.budget = budget - distance;
    this.last = now;
    this.x = m.x;
    this.y = m.y;
    return true;
  }

  refuse(reason, m) {
    this.refusals.push({ reason, ...m });
    return false;
  }
}

// A deterministic "random" sequence, so a failure can be replayed.
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

// Run the walker with uneven frames (including stalls) and uneven network delays.
function simulate(map, walker, judge, { seconds, rnd, keys = () => null, others = [] }) {
  let now = 0;
  const inFlight = [];
  let sent = 0;
  while (now < seconds * 1000) {
    const r = rnd();
    const dtMs = r < 0.03 ? 250 + rnd() * 200 : 8 + rnd() * 30;
    now += dtMs;
    const k = keys(now);
    if (k) walker.setKeys(k[0], k[1]);
    walker.update(dtMs / 1000, others);
    const move = walker.takeMove(now);
    if (move) {
      sent += 1;
      const arrival = Math.max(now + rnd() * 80, inFlight.length ? inFlight[inFlight.length - 1].at : 0);
      inFlight.push({ at: arrival, move });
    }
    while (inFlight.length && inFlight[0].at <= now) {
      const { at, move: m } = inFlight.shift();
      judge.move(m, at);
    }
  }
  for (const { at, move } of inFlight) judge.move(move, at);
  return sent;
}

test("keyboard walking into walls and corners never sends a move the server refuses", () => {
  const map = demoMap();
  const spawn = map.objects.find((o) => o.type === "spawn");
  for (let seed = 1; seed <= 12; seed += 1) {
    const rnd = lcg(seed);
    const walker = new Walker(map, RULES);
    walker.reset(spawn.x, spawn.y);
    const judge = new ServerJudge(map, spawn.x, spawn.y, 0);
    const dirs = [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [-1, 1], [1, -1], [-1, -1]];
    let current = dirs[0];
    let switchAt = 0;
    const sent = simulate(map, walker, judge, {
      seconds: 20, rnd,
      keys: (now) => {
        if (now >= switchAt) {
          current = dirs[Math.floor(rnd() * dirs.length)];
          switchAt = now + 500 + rnd() * 2500;
        }
        return current;
      },
    });
    assert.deepEqual(judge.refusals, [], `seed ${seed}`);
    assert.ok(sent > 50, `seed ${seed}: the walker did walk (${sent} moves)`);
    assert.ok(!isBlockedPx(map, walker.x, walker.y));
  }
});

test("moves are sent at most ten times per second", () => {
  const map = asciiMap(["..............................", ".............................."]);
  const walker = new Walker(map, RULES);
  walker.reset(16, 16);
  walker.setKeys(1, 0);
  const times = [];
  for (let now = 0; now < 3000; now += 5) {
    walker.update(0.005);
    if (walker.takeMove(now)) times.push(now);
  }
  for (let i = 1; i < times.length; i += 1) assert.ok(times[i] - times[i - 1] >= SEND_INTERVAL_MS);
  assert.ok(times.length >= 25 && times.length <= 31, `${times.length} moves in 3 s`);
});

test("walking a path to every place of the demo map is accepted all the way", () => {
  const map = demoMap();
  const spawn = map.objects.find((o) => o.type === "spawn");
  const rnd = lcg(99);
  for (const zone of map.zones) {
    const walker = new Walker(map, RULES);
    walker.reset(spawn.x, spawn.y);
    const judge = new ServerJudge(map, spawn.x, spawn.y, 0);
    const path = findPath(map, spawn.x, spawn.y, zone.x + zone.w / 2, zone.y + zone.h / 2);
    walker.goTo(path);
    simulate(map, walker, judge, { seconds: 40, rnd });
    assert.deepEqual(judge.refusals, [], zone.id);
    const end = path[path.length - 1];
    assert.ok(Math.hypot(walker.x - end.x, walker.y - end.y) < 1, `${zone.id}: arrived`);
    assert.ok(Math.hypot(judge.x - end.x, judge.y - end.y) < 1, `${zone.id}: the server agrees`);
  }
});

test("someone standing in the way: the walker steps round them, never crowding them", () => {
  const map = asciiMap(["..........", "..........", ".........."]);
  const other = { x: 160, y: 48 };
  const walker = new Walker(map, RULES);
  walker.reset(16, 48);
  const judge = new ServerJudge(map, 16, 48, 0, [other]);
  walker.goTo([{ x: 300, y: 48 }]);
  let closest = Infinity;
  const rnd = lcg(5);
  let now = 0;
  while (now < 8000) {
    now += 16;
    walker.update(0.016, [other]);
    closest = Math.min(closest, Math.hypot(walker.x - other.x, walker.y - other.y));
    const move = walker.takeMove(now);
    if (move) judge.move(move, now + rnd() * 40);
  }
  assert.deepEqual(judge.refusals, []);
  assert.ok(closest >= RULES.personal_space_px - 1e-9, `kept ${closest.toFixed(1)} px away`);
  assert.ok(Math.hypot(walker.x - 300, walker.y - 48) < 1, "arrived on the other side");
});

test("a person blocking a narrow corridor: the walker waits, then gives up quietly", () => {
  const map = asciiMap(["##########", "..........", "##########"]);
  const other = { x: 160, y: 48 };
  const walker = new Walker(map, RULES);
  walker.reset(16, 48);
  const judge = new ServerJudge(map, 16, 48, 0, [other]);
  walker.goTo([{ x: 300, y: 48 }]);
  simulate(map, walker, judge, { seconds: 6, rnd: lcg(5), others: [other] });
  assert.deepEqual(judge.refusals, []);
  assert.ok(Math.hypot(walker.x - other.x, walker.y - other.y) >= RULES.personal_space_px - 1e-9);
  assert.ok(walker.x < other.x, "still on this side");
  assert.equal(walker.walkingPath, false, "the path was dropped after waiting");
});

test("boxed in by a neighbour on the way: the walk still leaves the crowd", () => {
  // Newcomers stand 24 px apart round a spawn point; the walker must get out of the ring.
  const map = asciiMap(Array(8).fill("............"));
  const start = { x: 176, y: 144 };
  const others = [{ x: 176, y: 120 }, { x: 152, y: 144 }, { x: 200, y: 144 }];
  const walker = new Walker(map, RULES);
  walker.reset(start.x, start.y);
  const judge = new ServerJudge(map, start.x, start.y, 0, others);
  walker.goTo(findPath(map, start.x, start.y, 360, 20));
  simulate(map, walker, judge, { seconds: 10, rnd: lcg(11), others });
  assert.deepEqual(judge.refusals, []);
  assert.ok(Math.hypot(walker.x - 360, walker.y - 20) < 1, `arrived, at ${walker.x.toFixed(0)},${walker.y.toFixed(0)}`);
});

test("keyboard: someone standing right in front is walked round, never crowded", () => {
  // Two newcomers: the second is placed 24 px north of the first, who then walks up.
  const map = asciiMap(Array(10).fill("..........."));
  const other = { x: 176, y: 232 };
  const walker = new Walker(map, RULES);
  walker.reset(176, 256);
  const judge = new ServerJudge(map, 176, 256, 0, [other]);
  simulate(map, walker, judge, { seconds: 1.5, rnd: lcg(3), keys: () => [0, -1], others: [other] });
  assert.deepEqual(judge.refusals, []);
  assert.ok(judge.y < 256 - 60, `got past, at ${judge.x.toFixed(0)},${judge.y.toFixed(0)}`);
  assert.ok(Math.abs(judge.x - 176) < 40, "and kept close to the straight line");
});

test("reset (a correction from the server) drops the path and starts from the given spot", () => {
  const map = asciiMap(["......", "......"]);
  const walker = new Walker(map, RULES);
  walker.reset(16, 16);
  walker.goTo([{ x: 170, y: 16 }]);
  walker.update(0.1);
  walker.reset(40, 40, "up");
  assert.equal(walker.walkingPath, false);
  assert.deepEqual([walker.x, walker.y, walker.dir], [40, 40, "up"]);
  assert.equal(walker.takeMove(1e9), null, "nothing to send: the server already has us there");
});

test("directionOf picks the main axis and keeps the old direction when still", () => {
  const cases = [[[1, 0], "right"], [[-1, 0], "left"], [[0, 1], "down"], [[0, -1], "up"], [[2, 1], "right"], [[1, -2], "up"], [[1, 1], "down"]];
  for (const [[dx, dy], expected] of cases) assert.equal(directionOf(dx, dy), expected, `${dx},${dy}`);
  assert.equal(directionOf(0, 0, "left"), "left");
});
