// Local movement with client-side prediction. Pure (no DOM, no clock of its own): the
// caller advances it with update(dtSeconds, others) and asks takeMove(nowMs) for the next
// "world:move" to send.
//
// The server refuses a step that crosses a wall, is too long, or ends inside someone's
// personal space. So the walker only ever stands where the straight line from the last
// position it *sent* is clear and short enough; if the next bit of walking would break
// that, it waits for the next send (at most 100 ms). Every move it sends is acceptable.

import { isBlockedPx, segmentClear } from "./mapdata.js";
import { findPath } from "./pathfinding.js";

export const SEND_INTERVAL_MS = 100; // at most 10 moves per second

// When someone stands in the way, try turning a little (in degrees) before waiting: the
// server only refuses steps that bring you closer to a person inside their personal space.
const STEER_ANGLES = [35, -35, 70, -70, 90, -90, 125, -125, 160, -160].map((d) => (d * Math.PI) / 180);

export function directionOf(dx, dy, fallback = "down") {
  if (dx === 0 && dy === 0) return fallback;
  if (Math.abs(dx) > Math.abs(dy)) return dx > 0 ? "right" : "left";
  return dy > 0 ? "down" : "up";
}

function rotate(x, y, angle) {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x * c - y * s, x * s + y * c];
}

export class Walker {
  constructor(map, rules = {}) {
    this.map = map;
    const limit = rules.max_speed_px_s || 200;
    this.speed = Math.min(140, limit * 0.7); // px/s, well under the server's limit
    // Longest distance from the last sent point; the server allows max_speed x elapsed.
    this.maxStep = limit * (SEND_INTERVAL_MS / 1000) * 0.9;
    this.personalSpace = rules.personal_space_px ?? 24;
    this.x = 0;
    this.y = 0;
    this.dir = "down";
    this.keys = { dx: 0, dy: 0 };
    this.path = [];
    this.goal = null;
    this.best = Infinity; // closest we have been to the goal, to notice being stuck
    this.sinceProgress = 0;
    this.sent = null; // {x, y, dir, at}
    this.blockedFor = 0;
    this.moving = false;
  }

  reset(x, y, dir = this.dir) {
    this.x = x;
    this.y = y;
    this.dir = dir;
    this.path = [];
    this.goal = null;
    this.sent = { x, y, dir, at: -Infinity };
    this.blockedFor = 0;
    this.moving = false;
  }

  setKeys(dx, dy) {
    this.keys = { dx, dy };
    if (dx || dy) this.path = [];
  }

  goTo(waypoints) {
    this.path = waypoints ? waypoints.slice() : [];
    this.goal = this.path.length ? this.path[this.path.length - 1] : null;
    this.blockedFor = 0;
    this.best = Infinity;
    this.sinceProgress = 0;
  }

  get walkingPath() {
    return this.path.length > 0;
  }

  // May the avatar stand at (x, y) now? `others` are [{x, y}] of people we can see.
  canStand(x, y, others) {
    if (isBlockedPx(this.map, x, y)) return false;
    const from = this.sent || { x: this.x, y: this.y };
    if (Math.hypot(x - from.x, y - from.y) > this.maxStep) return false;
    if (!segmentClear(this.map, from.x, from.y, x, y)) return false;
    for (const o of others) {
      const after = Math.hypot(o.x - x, o.y - y);
      if (after < this.personalSpace && after < Math.hypot(o.x - this.x, o.y - this.y)) return false;
    }
    return true;
  }

  // Advance by dt seconds. Returns true when the position changed.
  update(dt, others = []) {
    const step = this.speed * Math.min(dt, 0.25);
    const { dx, dy } = this.keys;
    let moved = false;
    if (dx || dy) {
      const len = Math.hypot(dx, dy);
      const mx = (dx / len) * step;
      const my = (dy / len) * step;
      this.dir = directionOf(dx, dy, this.dir);
      // Try the whole step, then slide along walls on one axis, then steer round people.
      const tries = [[mx, my], [mx, 0], [0, my], ...STEER_ANGLES.slice(0, 6).map((a) => rotate(mx, my, a))];
      for (const [tx, ty] of tries) {
        if ((tx || ty) && this.canStand(this.x + tx, this.y + ty, others)) {
          this.x += tx;
          this.y += ty;
          moved = true;
          break;
        }
      }
    } else if (this.path.length) {
      moved = this.followPath(step, others);
      this.watchProgress(dt);
    }
    this.moving = moved;
    return moved;
  }

  followPath(step, others) {
    const target = this.path[0];
    const ddx = target.x - this.x;
    const ddy = target.y - this.y;
    const dist = Math.hypot(ddx, ddy);
    if (dist < 0.01) {
      this.path.shift();
      return false;
    }
    const k = Math.min(1, step / dist);
    const nx = this.x + ddx * k;
    const ny = this.y + ddy * k;
    this.dir = directionOf(ddx, ddy, this.dir);
    if (this.canStand(nx, ny, others)) {
      this.blockedFor = 0;
      this.x = nx;
      this.y = ny;
      if (k >= 1) this.path.shift();
      return true;
    }
    // Someone in the way: step round them, then find the way on from where we are.
    const sx = (ddx / dist) * Math.min(step, dist);
    const sy = (ddy / dist) * Math.min(step, dist);
    if (others.length) {
      for (const angle of STEER_ANGLES) {
        const [tx, ty] = rotate(sx, sy, angle);
        if (this.canStand(this.x + tx, this.y + ty, others)) {
          this.x += tx;
          this.y += ty;
          this.blockedFor = 0;
          this.replanIfCut();
          return true;
        }
      }
    }
    // Waiting for the next send fixes a wall or length limit; a person may not move.
    this.blockedFor += step / this.speed;
    if (this.blockedFor > 1.5) this.path = [];
    return false;
  }

  // Stepping round people must lead somewhere: without getting closer for a while, stop.
  watchProgress(dt) {
    if (!this.goal) return;
    const d = Math.hypot(this.goal.x - this.x, this.goal.y - this.y);
    if (d < this.best - 1) {
      this.best = d;
      this.sinceProgress = 0;
    } else {
      this.sinceProgress += Math.min(dt, 0.25);
      if (this.sinceProgress > 2.5) this.path = [];
    }
  }

  // After stepping aside, the straight line to the next waypoint may cross a wall.
  replanIfCut() {
    const next = this.path[0];
    if (!next || segmentClear(this.map, this.x, this.y, next.x, next.y) || !this.goal) return;
    this.path = findPath(this.map, this.x, this.y, this.goal.x, this.goal.y) || [];
  }

  // The move to send now, or null (nothing changed, or sent less than 100 ms ago).
  takeMove(now) {
    const s = this.sent;
    if (s && now - s.at < SEND_INTERVAL_MS) return null;
    if (s && s.x === this.x && s.y === this.y && s.dir === this.dir) return null;
    this.sent = { x: this.x, y: this.y, dir: this.dir, at: now };
    return { x: this.x, y: this.y, dir: this.dir };
  }
}
