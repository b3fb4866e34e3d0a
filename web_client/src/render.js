// Drawing the space on a canvas each frame: the painted map (map_painter.js) under the
// camera, then avatars, names and stamp bubbles. Only reads state; never changes it.

import { drawSymbol } from "./icons.js";
import { LABEL_FONT, PaintedMap, label, roundRect } from "./map_painter.js";
import { positionAt } from "./state.js";

const FRAME = 48;
const DIRECTION_ROWS = { down: 0, left: 1, right: 2, up: 3 };
const INTERP_DELAY_MS = 120;

// -- sprites ------------------------------------------------------------------------------------

const SPRITE_RETRY_MS = 3000;

// Work for when the page has nothing else to do (a timer where requestIdleCallback is missing).
function idle(fn) {
  if (globalThis.requestIdleCallback) globalThis.requestIdleCallback(fn, { timeout: 500 });
  else {
    setTimeout(() => {
      const end = performance.now() + 8;
      fn({ didTimeout: false, timeRemaining: () => Math.max(0, end - performance.now()) });
    }, 16);
  }
}

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
    this.painted = null; // {scale, map: PaintedMap once made}
    this.view = { x: 0, y: 0, w: 0, h: 0, zoom: 1 };
    this.drawn = new Map(); // id -> {x, y} as last drawn (world px)
    this.previous = new Map();
    this.walkClock = new Map();
    this.dpr = 1;
  }

  setOptions(options) {
    const changed = ["lowStimulus", "lang"].some((k) => k in options && options[k] !== this.options[k]);
    this.options = { ...this.options, ...options };
    if (changed || !this.painted) this.repaintMap();
  }

  // A fresh canvas, painted where the camera looks when a frame needs it and elsewhere in idle
  // time, nearest to the camera first (before the first frame: the way in, or `paintFrom`).
  // Even the canvas is made only when a frame or idle time first needs it: entering the space
  // does not wait for it.
  repaintMap() {
    const painted = { scale: Math.min(2, Math.max(1, window.devicePixelRatio || 1)), map: null };
    this.painted = painted;
    const step = (deadline) => {
      if (this.painted !== painted) return; // painted again meanwhile (language, calmer colours)
      const map = this.paintedMap();
      const { x, y } = this.paintCentre();
      while (deadline.timeRemaining() > 4 || deadline.didTimeout) {
        if (!map.paintNext(x, y)) return;
        if (deadline.didTimeout) break;
      }
      idle(step);
    };
    idle(step);
  }

  paintedMap() {
    const painted = this.painted;
    painted.map ??= new PaintedMap(this.map, { scale: painted.scale, lowStimulus: this.options.lowStimulus, lang: this.options.lang });
    return painted.map;
  }

  paintCentre() {
    if (this.view.w) return { x: this.view.x + this.view.w / this.view.zoom / 2, y: this.view.y + this.view.h / this.view.zoom / 2 };
    const entrance = this.map.objects.find((o) => o.type === "spawn");
    return entrance || { x: this.map.pixelWidth / 2, y: this.map.pixelHeight / 2 };
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
    if (this.painted) {
      const painted = this.paintedMap();
      painted.ensure(view.x, view.y, view.w / view.zoom, view.h / view.zoom);
      ctx.drawImage(painted.canvas, 0, 0, painted.canvas.width, painted.canvas.height, 0, 0, this.map.pixelWidth, this.map.pixelHeight);
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
    if (p.away) ctx.globalAlpha = 0.3; // gone for now (reconnect grace): a faint trace, not a person
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
