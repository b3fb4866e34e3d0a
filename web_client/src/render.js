// Drawing the space on a canvas: the map (painted once into an offscreen canvas, by code,
// from the tileset's kinds and colours), then avatars, names and stamp bubbles each frame.
// Only reads state; never changes it.

import { drawSymbol } from "./icons.js";
import { positionAt } from "./state.js";

const FRAME = 48;
const DIRECTION_ROWS = { down: 0, left: 1, right: 2, up: 3 };
const FURNITURE = new Set(["tree", "flowers", "bench", "table", "sofa", "bookshelf", "plant", "desk", "board", "hedge"]);
const INTERP_DELAY_MS = 120;

// -- small colour helpers -------------------------------------------------------------------

function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function rgb([r, g, b]) {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

function mix(hex, other, k) {
  const a = hexToRgb(hex);
  const b = hexToRgb(other);
  return rgb(a.map((v, i) => v + (b[i] - v) * k));
}

const shade = (hex, k) => mix(hex, "#3b2f25", k);
const tint = (hex, k) => mix(hex, "#fffaf0", k);

// A stable pseudo-random number in [0, 1) per tile, so the painted details never flicker.
function noise(tx, ty, salt = 0) {
  let n = (tx * 374761393 + ty * 668265263 + salt * 2147483647) | 0;
  n = Math.imul(n ^ (n >>> 13), 1274126177);
  return ((n ^ (n >>> 16)) >>> 0) / 4294967296;
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

// -- the map ------------------------------------------------------------------------------------

function tileAt(map, tx, ty) {
  if (tx < 0 || ty < 0 || tx >= map.width || ty >= map.height) return null;
  return map.tiles[map.ground[ty * map.width + tx]] || null;
}

// The floor under a piece of furniture: the first plain neighbour's colour.
function floorUnder(map, tx, ty) {
  for (const [dx, dy] of [[0, 1], [-1, 0], [1, 0], [0, -1], [1, 1], [-1, -1]]) {
    const t = tileAt(map, tx + dx, ty + dy);
    if (t && !FURNITURE.has(t.kind) && t.kind !== "wall") return t;
  }
  return { kind: "grass", color: "#9cc27a" };
}

function paintFloorDetail(ctx, kind, color, x, y, ts, tx, ty, edges = {}) {
  switch (kind) {
    case "grass":
      ctx.fillStyle = shade(color, 0.12);
      for (let i = 0; i < 3; i += 1) {
        const px = x + 4 + noise(tx, ty, i) * (ts - 8);
        const py = y + 4 + noise(tx, ty, i + 7) * (ts - 8);
        ctx.fillRect(px, py, 2, 3);
        ctx.fillRect(px + 3, py + 1, 2, 2);
      }
      break;
    case "path":
    case "stone":
      ctx.fillStyle = shade(color, 0.08);
      if (kind === "stone") {
        ctx.fillRect(x, y + ts - 1, ts, 1);
        ctx.fillRect(x + ((ty % 2) ? ts / 2 : 0), y, 1, ts);
      } else if (noise(tx, ty) < 0.35) {
        ctx.beginPath();
        ctx.arc(x + 6 + noise(tx, ty, 3) * 20, y + 6 + noise(tx, ty, 4) * 20, 1.6, 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    case "wood_floor":
    case "stage":
    case "deck":
      ctx.fillStyle = shade(color, 0.1);
      if (kind === "deck") {
        for (let i = 1; i < 4; i += 1) ctx.fillRect(x + (i * ts) / 4, y, 1, ts);
      } else {
        for (let i = 1; i < 4; i += 1) ctx.fillRect(x, y + (i * ts) / 4, ts, 1);
        ctx.fillRect(x + ((tx + ty) % 2 ? 10 : 22), y, 1, ts / 4);
      }
      break;
    case "tatami":
      ctx.strokeStyle = shade(color, 0.15);
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, ts - 1, ts - 1);
      ctx.fillStyle = shade(color, 0.06);
      for (let i = 4; i < ts; i += 4) {
        if ((tx + ty) % 2) ctx.fillRect(x + i, y + 1, 1, ts - 2);
        else ctx.fillRect(x + 1, y + i, ts - 2, 1);
      }
      break;
    case "rug":
      // One soft border around the whole rug, not around every tile.
      ctx.fillStyle = tint(color, 0.35);
      if (edges.top) ctx.fillRect(x, y + 4, ts, 1.5);
      if (edges.bottom) ctx.fillRect(x, y + ts - 5.5, ts, 1.5);
      if (edges.left) ctx.fillRect(x + 4, y, 1.5, ts);
      if (edges.right) ctx.fillRect(x + ts - 5.5, y, 1.5, ts);
      break;
    case "water":
      ctx.strokeStyle = tint(color, 0.4);
      ctx.lineWidth = 1.5;
      if (noise(tx, ty) < 0.5) {
        const cx = x + 8 + noise(tx, ty, 2) * 14;
        const cy = y + 10 + noise(tx, ty, 5) * 12;
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.quadraticCurveTo(cx + 4, cy - 3, cx + 8, cy);
        ctx.stroke();
      }
      break;
    case "room_floor":
      ctx.fillStyle = shade(color, 0.05);
      for (let i = 0; i < ts; i += 8) ctx.fillRect(x, y + i, ts, 1);
      break;
    default:
      break;
  }
}

function paintFurniture(ctx, kind, color, x, y, ts, tx, ty) {
  const cx = x + ts / 2;
  const cy = y + ts / 2;
  switch (kind) {
    case "tree": {
      ctx.fillStyle = "rgba(60, 50, 30, 0.18)";
      ctx.beginPath();
      ctx.ellipse(cx, y + ts - 4, 12, 5, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = "#8a6a4a";
      ctx.fillRect(cx - 2, cy + 2, 4, 10);
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(cx, cy - 2, 13, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = tint(color, 0.2);
      ctx.beginPath();
      ctx.arc(cx - 4, cy - 6, 6, 0, Math.PI * 2);
      ctx.fill();
      break;
    }
    case "hedge": {
      ctx.fillStyle = shade(color, 0.12);
      roundRect(ctx, x + 1, y + 3, ts - 2, ts - 4, 8);
      ctx.fill();
      ctx.fillStyle = color;
      for (const [ox, oy] of [[9, 11], [22, 10], [15, 20], [25, 22], [7, 23]]) {
        ctx.beginPath();
        ctx.arc(x + ox, y + oy, 7, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.fillStyle = tint(color, 0.18);
      ctx.beginPath();
      ctx.arc(x + 10, y + 9, 3, 0, Math.PI * 2);
      ctx.fill();
      break;
    }
    case "flowers": {
      const petals = ["#f6c1cc", "#f7e3a1", "#d9c6ef", "#fbd5b5"];
      for (let i = 0; i < 4; i += 1) {
        const fx = x + 6 + noise(tx, ty, i) * (ts - 12);
        const fy = y + 6 + noise(tx, ty, i + 9) * (ts - 12);
        ctx.fillStyle = petals[(tx + ty + i) % petals.length];
        for (let p = 0; p < 5; p += 1) {
          const a = (p / 5) * Math.PI * 2;
          ctx.beginPath();
          ctx.arc(fx + Math.cos(a) * 2.6, fy + Math.sin(a) * 2.6, 2, 0, Math.PI * 2);
          ctx.fill();
        }
        ctx.fillStyle = "#fff7e0";
        ctx.beginPath();
        ctx.arc(fx, fy, 1.3, 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    }
    case "bench": {
      ctx.fillStyle = shade(color, 0.25);
      ctx.fillRect(x + 4, y + 20, 3, 8);
      ctx.fillRect(x + ts - 7, y + 20, 3, 8);
      ctx.fillStyle = color;
      roundRect(ctx, x + 1, y + 9, ts - 2, 6, 2);
      ctx.fill();
      roundRect(ctx, x + 1, y + 16, ts - 2, 6, 2);
      ctx.fill();
      break;
    }
    case "table":
    case "desk": {
      ctx.fillStyle = "rgba(60, 50, 30, 0.15)";
      roundRect(ctx, x + 2, y + 6, ts - 2, ts - 6, 4);
      ctx.fill();
      ctx.fillStyle = color;
      roundRect(ctx, x + 1, y + 3, ts - 2, ts - 8, 4);
      ctx.fill();
      ctx.fillStyle = tint(color, 0.15);
      ctx.fillRect(x + 3, y + 5, ts - 6, 2);
      if (kind === "desk" && noise(tx, ty) < 0.5) {
        ctx.fillStyle = "#fbf6ea";
        ctx.fillRect(x + 9, y + 9, 10, 8);
      }
      break;
    }
    case "sofa": {
      ctx.fillStyle = shade(color, 0.18);
      roundRect(ctx, x + 1, y + 4, ts - 2, ts - 6, 7);
      ctx.fill();
      ctx.fillStyle = color;
      roundRect(ctx, x + 4, y + 10, ts - 8, ts - 14, 5);
      ctx.fill();
      break;
    }
    case "bookshelf": {
      ctx.fillStyle = color;
      ctx.fillRect(x + 1, y + 1, ts - 2, ts - 3);
      const spines = ["#d99a7e", "#a9c1a0", "#e2c275", "#9fb4d4", "#c9a9d6"];
      for (let row = 0; row < 2; row += 1) {
        for (let i = 0; i < 6; i += 1) {
          ctx.fillStyle = spines[(i + row + tx) % spines.length];
          const hgt = 9 + noise(tx, ty, i + row * 6) * 3;
          ctx.fillRect(x + 3 + i * 4.4, y + 3 + row * 14 + (12 - hgt), 3.4, hgt);
        }
      }
      break;
    }
    case "plant": {
      ctx.fillStyle = "#c98f6b";
      roundRect(ctx, x + 10, y + 18, 12, 11, 3);
      ctx.fill();
      ctx.fillStyle = color;
      for (const [ox, oy, r] of [[16, 12, 7], [10, 15, 5], [22, 15, 5]]) {
        ctx.beginPath();
        ctx.arc(x + ox, y + oy, r, 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    }
    case "board": {
      ctx.fillStyle = shade(color, 0.3);
      ctx.fillRect(x + 6, y + 22, 3, 9);
      ctx.fillRect(x + ts - 9, y + 22, 3, 9);
      ctx.fillStyle = color;
      roundRect(ctx, x + 1, y + 2, ts - 2, 21, 3);
      ctx.fill();
      ctx.fillStyle = "#fbf6ea";
      ctx.fillRect(x + 5, y + 6, 9, 11);
      ctx.fillStyle = "#f6e3a8";
      ctx.fillRect(x + 17, y + 7, 10, 8);
      break;
    }
    default:
      break;
  }
}

function paintWall(ctx, color, x, y, ts, map, tx, ty) {
  ctx.fillStyle = color;
  ctx.fillRect(x, y, ts, ts);
  const below = tileAt(map, tx, ty + 1);
  if (below && below.kind !== "wall") {
    ctx.fillStyle = tint(color, 0.22);
    ctx.fillRect(x, y + ts - 12, ts, 12);
    ctx.fillStyle = shade(color, 0.18);
    ctx.fillRect(x, y + ts - 2, ts, 2);
  } else {
    ctx.fillStyle = shade(color, 0.08);
    ctx.fillRect(x, y, ts, 1);
  }
}

function paintDoor(ctx, color, x, y, ts) {
  ctx.fillStyle = shade(color, 0.25);
  ctx.fillRect(x, y, ts, ts);
  ctx.fillStyle = color;
  roundRect(ctx, x + 4, y + 2, ts - 8, ts - 2, [6, 6, 0, 0]);
  ctx.fill();
  ctx.fillStyle = "#f3dca8";
  ctx.beginPath();
  ctx.arc(x + ts - 10, y + ts / 2 + 2, 1.8, 0, Math.PI * 2);
  ctx.fill();
}

const LABEL_FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif';

function label(ctx, text, x, y, { size = 12, bg = "rgba(255, 250, 240, 0.88)", fg = "#5b4a3a", border = null, bold = false } = {}) {
  ctx.font = `${bold ? "600 " : ""}${size}px ${LABEL_FONT}`;
  const w = ctx.measureText(text).width + size;
  const hgt = size + 8;
  roundRect(ctx, x - w / 2, y - hgt / 2, w, hgt, hgt / 2);
  ctx.fillStyle = bg;
  ctx.fill();
  if (border) {
    ctx.strokeStyle = border;
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  ctx.fillStyle = fg;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, x, y + 0.5);
  return w;
}

export function paintMap(map, { scale = 1, lowStimulus = false, lang = "ja" } = {}) {
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(map.pixelWidth * scale);
  canvas.height = Math.ceil(map.pixelHeight * scale);
  const ctx = canvas.getContext("2d");
  ctx.scale(scale, scale);
  ctx.fillStyle = map.background;
  ctx.fillRect(0, 0, map.pixelWidth, map.pixelHeight);
  const ts = map.tileSize;
  const calm = (hex) => (lowStimulus ? mix(hex, "#d9d0c3", 0.45) : hex);
  for (let ty = 0; ty < map.height; ty += 1) {
    for (let tx = 0; tx < map.width; tx += 1) {
      const tile = tileAt(map, tx, ty);
      if (!tile) continue;
      const x = tx * ts;
      const y = ty * ts;
      const color = tile.color || "#e8dcc6";
      if (tile.kind === "wall") {
        if (lowStimulus) {
          ctx.fillStyle = calm(color);
          ctx.fillRect(x, y, ts, ts);
        } else paintWall(ctx, color, x, y, ts, map, tx, ty);
        continue;
      }
      if (tile.kind === "door") {
        if (lowStimulus) {
          ctx.fillStyle = calm(color);
          ctx.fillRect(x, y, ts, ts);
        } else paintDoor(ctx, color, x, y, ts);
        continue;
      }
      if (FURNITURE.has(tile.kind)) {
        const floor = floorUnder(map, tx, ty);
        ctx.fillStyle = calm(floor.color);
        ctx.fillRect(x, y, ts, ts);
        if (lowStimulus) {
          ctx.fillStyle = calm(color);
          roundRect(ctx, x + 3, y + 3, ts - 6, ts - 6, 6);
          ctx.fill();
        } else {
          paintFloorDetail(ctx, floor.kind, floor.color, x, y, ts, tx, ty);
          paintFurniture(ctx, tile.kind, color, x, y, ts, tx, ty);
        }
        continue;
      }
      ctx.fillStyle = calm(color);
      ctx.fillRect(x, y, ts, ts);
      if (!lowStimulus) {
        const same = (dx, dy) => tileAt(map, tx + dx, ty + dy)?.kind === tile.kind;
        const edges = { top: !same(0, -1), bottom: !same(0, 1), left: !same(-1, 0), right: !same(1, 0) };
        paintFloorDetail(ctx, tile.kind, color, x, y, ts, tx, ty, edges);
      }
    }
  }
  // Signs: the name of each place, of each private room, board and desk.
  for (const zone of map.zones) {
    label(ctx, zone.name[lang] || zone.name.ja, zone.x + zone.w / 2, zone.y + 16,
      { size: 13, bold: true, bg: "rgba(255, 248, 236, 0.92)", border: "rgba(150, 120, 90, 0.35)" });
  }
  for (const obj of map.objects) {
    if (!obj.name || obj.type === "spawn") continue;
    const text = obj.name[lang] || obj.name.ja;
    const dy = obj.type === "door" ? -26 : 24;
    label(ctx, text, obj.x, obj.y + dy, { size: 11 });
  }
  return canvas;
}

// -- sprites ------------------------------------------------------------------------------------

const SPRITE_RETRY_MS = 3000;

export class SpriteCache {
  constructor() {
    this.images = new Map();
  }

  get(code) {
    if (!code) return null;
    let entry = this.images.get(code);
    if (!entry) {
      const img = new Image();
      entry = { img, ready: false };
      img.onload = () => { entry.ready = true; };
      // Refused (the server limits new drawings per client) or lost: forget it for a while,
      // so a later frame asks again instead of never showing that person.
      img.onerror = () => { setTimeout(() => this.images.delete(code), SPRITE_RETRY_MS); };
      img.src = `/api/avatars/sprites/${encodeURIComponent(code)}.png`;
      this.images.set(code, entry);
    }
    return entry.ready ? entry.img : null;
  }
}

// -- the renderer -------------------------------------------------------------------------------

export class Renderer {
  constructor(canvas, map) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.map = map;
    this.sprites = new SpriteCache();
    this.options = { reducedMotion: false, lowStimulus: false, lang: "ja" };
    this.mapImage = null;
    this.mapScale = 1;
    this.view = { x: 0, y: 0, w: 0, h: 0, zoom: 1 };
    this.drawn = new Map(); // id -> {x, y} as last drawn (world px)
    this.previous = new Map();
    this.walkClock = new Map();
    this.dpr = 1;
  }

  setOptions(options) {
    const changed = ["lowStimulus", "lang"].some((k) => k in options && options[k] !== this.options[k]);
    this.options = { ...this.options, ...options };
    if (changed || !this.mapImage) this.repaintMap();
  }

  repaintMap() {
    this.mapScale = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
    this.mapImage = paintMap(this.map, { scale: this.mapScale, lowStimulus: this.options.lowStimulus, lang: this.options.lang });
  }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    this.dpr = Math.min(2, window.devicePixelRatio || 1);
    const w = Math.max(1, Math.round(rect.width));
    const h = Math.max(1, Math.round(rect.height));
    if (this.canvas.width !== Math.round(w * this.dpr) || this.canvas.height !== Math.round(h * this.dpr)) {
      this.canvas.width = Math.round(w * this.dpr);
      this.canvas.height = Math.round(h * this.dpr);
    }
    this.view.w = w;
    this.view.h = h;
    this.view.zoom = w < 600 ? 0.9 : 1;
  }

  // Centre on (cx, cy) but keep the map filling the view where it can.
  // `covered` screen pixels at the bottom are hidden (a bottom sheet): centre in the rest,
  // and let the map's bottom edge rise above the sheet.
  placeCamera(cx, cy, covered = 0) {
    const { w, h, zoom } = this.view;
    const vw = w / zoom;
    const vh = h / zoom;
    const hidden = covered / zoom;
    const clamp = (c, size, span) => (size <= span ? (size - span) / 2 : Math.min(Math.max(c - span / 2, 0), size - span));
    this.view.x = clamp(cx, this.map.pixelWidth, vw);
    this.view.y = clamp(cy + hidden / 2, this.map.pixelHeight + hidden, vh);
  }

  screenToWorld(sx, sy) {
    return { x: this.view.x + sx / this.view.zoom, y: this.view.y + sy / this.view.zoom };
  }

  worldToScreen(x, y) {
    return { x: (x - this.view.x) * this.view.zoom, y: (y - this.view.y) * this.view.zoom };
  }

  // The person drawn under a world point, if any (their body box, feet at the bottom).
  avatarAt(x, y, exceptId = null) {
    let best = null;
    for (const [id, p] of this.drawn) {
      if (id === exceptId) continue;
      if (x >= p.x - 16 && x <= p.x + 16 && y >= p.y - 42 && y <= p.y + 18) {
        if (!best || p.y > best.p.y) best = { id, p };
      }
    }
    return best ? best.id : null;
  }

  // frame = {state, self: {x, y, dir, moving}, now, target, emoteSymbols}
  draw(frame) {
    const { ctx, view } = this;
    const { state, self, now } = frame;
    this.resize();
    // A bottom sheet may cover the lower part of the map: centre in what is still visible.
    this.placeCamera(self.x, self.y, frame.coveredBottom || 0);
    // Where the camera looks, for people measuring the screen (and for browser tests).
    const camera = `${Math.round(view.x)},${Math.round(view.y)},${view.zoom}`;
    if (this.canvas.dataset.camera !== camera) this.canvas.dataset.camera = camera;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = this.map.background;
    ctx.fillRect(0, 0, view.w, view.h);
    ctx.setTransform(this.dpr * view.zoom, 0, 0, this.dpr * view.zoom, -view.x * this.dpr * view.zoom, -view.y * this.dpr * view.zoom);
    if (this.mapImage) {
      ctx.drawImage(this.mapImage, 0, 0, this.mapImage.width, this.mapImage.height, 0, 0, this.map.pixelWidth, this.map.pixelHeight);
    }
    if (frame.target) this.drawTarget(frame.target, now);

    const smooth = !this.options.reducedMotion;
    const people = [];
    for (const av of Object.values(state.avatars)) {
      const p = smooth ? positionAt(av, now - INTERP_DELAY_MS) : { x: av.x, y: av.y };
      people.push({ id: av.id, nickname: av.nickname, look: av.look, status: av.status, dir: av.dir, x: p.x, y: p.y, me: false,
        hidden: Boolean(av.hidden) }); // a moderator's look: drawn faint, as a reminder they chose to hide
    }
    if (state.me) {
      people.push({ id: state.me.id, nickname: state.me.nickname, look: state.me.look, status: state.me.status,
        dir: self.dir, x: self.x, y: self.y, me: true, moving: self.moving });
    }
    people.sort((a, b) => a.y - b.y);
    this.drawn = new Map(people.map((p) => [p.id, { x: p.x, y: p.y }]));
    for (const p of people) this.drawAvatar(p, now);
    this.drawNames(people, self, frame.hiddenSelf);
    for (const e of state.emotes) {
      const p = this.drawn.get(e.from);
      if (p) this.drawBubble(frame.emoteSymbols?.[e.emote] || "leaf", p, now - e.shownAt);
    }
    this.previous = this.drawn;
  }

  drawTarget(target, now) {
    const { ctx } = this;
    const still = this.options.reducedMotion || this.options.lowStimulus;
    const pulse = still ? 0 : Math.sin(now / 300) * 1.5;
    ctx.strokeStyle = "rgba(200, 120, 80, 0.7)";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.ellipse(target.x, target.y, 9 + pulse, 5 + pulse / 2, 0, 0, Math.PI * 2);
    ctx.stroke();
  }

  drawAvatar(p, now) {
    const { ctx } = this;
    ctx.save();
    if (p.hidden) ctx.globalAlpha = 0.45;
    this.drawFigure(p, now);
    ctx.restore();
  }

  drawFigure(p, now) {
    const { ctx } = this;
    const prev = this.previous.get(p.id);
    const moving = p.me ? p.moving : Boolean(prev && Math.hypot(prev.x - p.x, prev.y - p.y) > 0.05);
    ctx.fillStyle = "rgba(70, 55, 40, 0.2)";
    ctx.beginPath();
    ctx.ellipse(p.x, p.y + 2, 12, 5, 0, 0, Math.PI * 2);
    ctx.fill();
    if (p.me) {
      ctx.strokeStyle = "rgba(214, 128, 84, 0.75)";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.ellipse(p.x, p.y + 2, 15, 7, 0, 0, Math.PI * 2);
      ctx.stroke();
    }
    const img = this.sprites.get(p.look);
    const animate = moving && !this.options.reducedMotion && !this.options.lowStimulus;
    let col = 1;
    if (animate) {
      const step = Math.floor(now / 160) % 4;
      col = [0, 1, 2, 1][step];
    }
    const row = DIRECTION_ROWS[p.dir] ?? 0;
    if (img) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(img, col * FRAME, row * FRAME, FRAME, FRAME, Math.round(p.x - FRAME / 2), Math.round(p.y - FRAME + 6), FRAME, FRAME);
      ctx.imageSmoothingEnabled = true;
    } else {
      ctx.fillStyle = p.me ? "#e7b08f" : "#cdb8a0";
      ctx.beginPath();
      ctx.arc(p.x, p.y - 18, 11, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  // Names of a crowd would pile up into an unreadable heap: show yours, then the nearest
  // ones that fit without overlapping (the list mode names everyone).
  drawNames(people, self, hiddenSelf) {
    const { ctx } = this;
    ctx.font = `11px ${LABEL_FONT}`;
    const order = people.slice().sort((a, b) => (b.me - a.me)
      || Math.hypot(a.x - self.x, a.y - self.y) - Math.hypot(b.x - self.x, b.y - self.y));
    const placed = [];
    for (const p of order) {
      const marker = p.status === "open" || p.status === "dnd" || (p.me && hiddenSelf) ? 16 : 0;
      const w = ctx.measureText(p.nickname || "").width + 11 + marker;
      const box = { x0: p.x - w / 2 - 2, x1: p.x + w / 2 + 2, y0: p.y + 7, y1: p.y + 26 };
      if (!p.me && placed.some((b) => box.x0 < b.x1 && box.x1 > b.x0 && box.y0 < b.y1 && box.y1 > b.y0)) continue;
      placed.push(box);
      this.drawName(p, hiddenSelf);
    }
  }

  drawName(p, hiddenSelf) {
    const { ctx } = this;
    const y = p.y + 16;
    const bg = p.me ? "rgba(248, 226, 208, 0.95)" : "rgba(255, 250, 240, 0.88)";
    const w = label(ctx, p.nickname || "", p.x, y, { size: 11, bg, fg: "#4e3d2f", border: p.me ? "rgba(214, 128, 84, 0.6)" : null });
    const marker = p.status === "open" ? "leaf" : p.status === "dnd" ? "moon" : null;
    if (marker) drawSymbol(ctx, marker, p.x - w / 2 - 7, y, 12, this.options.lowStimulus);
    if (p.me && hiddenSelf) drawSymbol(ctx, "moon", p.x + w / 2 + 7, y, 11, true);
  }

  drawBubble(symbol, p, age) {
    const { ctx } = this;
    const still = this.options.reducedMotion || this.options.lowStimulus;
    let scale = 1;
    let alpha = 1;
    let rise = 0;
    if (!still) {
      scale = age < 220 ? 0.6 + 0.4 * (age / 220) : 1;
      rise = Math.min(age / 4000, 1) * 6;
      alpha = age > 3400 ? Math.max(0, 1 - (age - 3400) / 600) : 1;
    }
    const x = p.x;
    const y = p.y - 56 - rise;
    ctx.save();
    ctx.globalAlpha = alpha;
    ctx.translate(x, y);
    ctx.scale(scale, scale);
    ctx.fillStyle = "rgba(255, 252, 246, 0.97)";
    ctx.strokeStyle = "rgba(160, 130, 100, 0.45)";
    ctx.lineWidth = 1;
    roundRect(ctx, -16, -15, 32, 28, 12);
    ctx.fill();
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(-4, 13);
    ctx.lineTo(0, 19);
    ctx.lineTo(4, 13);
    ctx.closePath();
    ctx.fill();
    drawSymbol(ctx, symbol, 0, -1, 20, this.options.lowStimulus);
    ctx.restore();
  }
}
