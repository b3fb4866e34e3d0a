// A* over the collision layer, then "string pulling" so the avatar walks straight lines.
// Pure: depends only on mapdata.js. Every straight leg of the result passes segmentClear,
// the server's own test, so walking it is never refused for a wall.

import { isBlockedPx, isBlockedTile, nearestWalkable, segmentClear, tileCentre } from "./mapdata.js";

const SQRT2 = Math.SQRT2;
const NEIGHBOURS = [
  [1, 0, 1], [-1, 0, 1], [0, 1, 1], [0, -1, 1],
  [1, 1, SQRT2], [1, -1, SQRT2], [-1, 1, SQRT2], [-1, -1, SQRT2],
];

class MinHeap {
  constructor() { this.items = []; }
  get size() { return this.items.length; }
  push(item) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].f <= a[i].f) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].f < a[m].f) m = l;
        if (r < a.length && a[r].f < a[m].f) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

function octile(ax, ay, bx, by) {
  const dx = Math.abs(ax - bx);
  const dy = Math.abs(ay - by);
  return Math.max(dx, dy) + (SQRT2 - 1) * Math.min(dx, dy);
}

// Tile path from start tile to goal tile (inclusive), or null when unreachable.
export function findTilePath(map, start, goal, maxNodes = 20000) {
  const { width } = map;
  if (isBlockedTile(map, start.tx, start.ty) || isBlockedTile(map, goal.tx, goal.ty)) return null;
  const key = (tx, ty) => ty * width + tx;
  const g = new Map([[key(start.tx, start.ty), 0]]);
  const came = new Map();
  const closed = new Set();
  const open = new MinHeap();
  open.push({ tx: start.tx, ty: start.ty, f: octile(start.tx, start.ty, goal.tx, goal.ty) });
  let expanded = 0;
  while (open.size && expanded < maxNodes) {
    const cur = open.pop();
    const ck = key(cur.tx, cur.ty);
    if (closed.has(ck)) continue;
    closed.add(ck);
    expanded += 1;
    if (cur.tx === goal.tx && cur.ty === goal.ty) {
      const path = [{ tx: cur.tx, ty: cur.ty }];
      let k = ck;
      while (came.has(k)) {
        k = came.get(k);
        path.push({ tx: k % width, ty: Math.floor(k / width) });
      }
      return path.reverse();
    }
    for (const [dx, dy, cost] of NEIGHBOURS) {
      const nx = cur.tx + dx;
      const ny = cur.ty + dy;
      if (isBlockedTile(map, nx, ny)) continue;
      // No cutting corners: both tiles beside a diagonal step must be free.
      if (dx && dy && (isBlockedTile(map, cur.tx + dx, cur.ty) || isBlockedTile(map, cur.tx, cur.ty + dy))) continue;
      const nk = key(nx, ny);
      if (closed.has(nk)) continue;
      const ng = g.get(ck) + cost;
      if (ng < (g.get(nk) ?? Infinity)) {
        g.set(nk, ng);
        came.set(nk, ck);
        open.push({ tx: nx, ty: ny, f: ng + octile(nx, ny, goal.tx, goal.ty) });
      }
    }
  }
  return null;
}

// Keep only the turning points that are needed: from each kept point, jump to the
// furthest later point still in a straight clear line.
export function smoothPath(map, points) {
  if (points.length <= 2) return points.slice();
  const out = [points[0]];
  let i = 0;
  while (i < points.length - 1) {
    let j = points.length - 1;
    while (j > i + 1 && !segmentClear(map, points[i].x, points[i].y, points[j].x, points[j].y)) j -= 1;
    out.push(points[j]);
    i = j;
  }
  return out;
}

// Pixel waypoints from (x, y) towards (gx, gy), excluding the start point. When the goal
// is not walkable the nearest walkable spot is used; null when there is no way.
export function findPath(map, x, y, gx, gy) {
  let goal = { x: gx, y: gy };
  if (isBlockedPx(map, gx, gy)) {
    goal = nearestWalkable(map, gx, gy);
    if (!goal) return null;
  }
  const ts = map.tileSize;
  const start = { tx: Math.floor(x / ts), ty: Math.floor(y / ts) };
  const end = { tx: Math.floor(goal.x / ts), ty: Math.floor(goal.y / ts) };
  if (segmentClear(map, x, y, goal.x, goal.y)) return [goal];
  const tiles = findTilePath(map, start, end);
  if (!tiles) return null;
  const points = [{ x, y }, ...tiles.slice(1, -1).map((t) => tileCentre(map, t.tx, t.ty)), goal];
  // The first leg starts off-centre: make sure it is clear, else go via the start tile's centre.
  const smooth = smoothPath(map, points);
  if (smooth.length > 1 && !segmentClear(map, x, y, smooth[1].x, smooth[1].y)) {
    smooth.splice(1, 0, tileCentre(map, start.tx, start.ty));
  }
  return smooth.slice(1);
}
