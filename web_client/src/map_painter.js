// Painting the map into an offscreen canvas, by code, from the tileset's kinds and colours:
// floors, walls, doors, furniture and the zone and object labels. Also the small canvas
// helpers (rounded rectangles, labels) the per-frame renderer draws names with.
//
// The canvas is painted in chunks of 8x8 tiles: what the camera shows first, the rest in idle
// time (PaintedMap). Painting the whole map at once took about 0.3 s of a slow phone's CPU
// between the map's arrival and the first frame (issue 15 item 12).

const FURNITURE = new Set(["tree", "flowers", "bench", "table", "sofa", "bookshelf", "plant", "desk", "board", "hedge"]);

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

// The same few colours are mixed for every tile: remembered once worked out.
const mixed = new Map();
function mixOnce(hex, other, k) {
  const key = `${hex}${other}${k}`;
  let colour = mixed.get(key);
  if (colour === undefined) {
    colour = mix(hex, other, k);
    mixed.set(key, colour);
  }
  return colour;
}

const shade = (hex, k) => mixOnce(hex, "#3b2f25", k);
const tint = (hex, k) => mixOnce(hex, "#fffaf0", k);

// A stable pseudo-random number in [0, 1) per tile, so the painted details never flicker.
function noise(tx, ty, salt = 0) {
  let n = (tx * 374761393 + ty * 668265263 + salt * 2147483647) | 0;
  n = Math.imul(n ^ (n >>> 13), 1274126177);
  return ((n ^ (n >>> 16)) >>> 0) / 4294967296;
}

export function roundRect(ctx, x, y, w, h, r) {
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

export const LABEL_FONT = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif';

export function label(ctx, text, x, y, { size = 12, bg = "rgba(255, 250, 240, 0.88)", fg = "#5b4a3a", border = null, bold = false } = {}) {
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

export const CHUNK_TILES = 8;

function paintTile(ctx, map, tx, ty, lowStimulus) {
  const tile = tileAt(map, tx, ty);
  if (!tile) return;
  const ts = map.tileSize;
  const x = tx * ts;
  const y = ty * ts;
  const color = tile.color || "#e8dcc6";
  const calm = (hex) => (lowStimulus ? mixOnce(hex, "#d9d0c3", 0.45) : hex);
  if (tile.kind === "wall") {
    if (lowStimulus) {
      ctx.fillStyle = calm(color);
      ctx.fillRect(x, y, ts, ts);
    } else paintWall(ctx, color, x, y, ts, map, tx, ty);
    return;
  }
  if (tile.kind === "door") {
    if (lowStimulus) {
      ctx.fillStyle = calm(color);
      ctx.fillRect(x, y, ts, ts);
    } else paintDoor(ctx, color, x, y, ts);
    return;
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
    return;
  }
  ctx.fillStyle = calm(color);
  ctx.fillRect(x, y, ts, ts);
  if (!lowStimulus) {
    const same = (dx, dy) => tileAt(map, tx + dx, ty + dy)?.kind === tile.kind;
    const edges = { top: !same(0, -1), bottom: !same(0, 1), left: !same(-1, 0), right: !same(1, 0) };
    paintFloorDetail(ctx, tile.kind, color, x, y, ts, tx, ty, edges);
  }
}

// Signs: the name of each place, of each private room, board and desk, with the box each covers.
function signsOf(ctx, map, lang) {
  const signs = [];
  const add = (text, x, y, style) => {
    ctx.font = `${style.bold ? "600 " : ""}${style.size}px ${LABEL_FONT}`;
    const w = ctx.measureText(text).width + style.size;
    const hgt = style.size + 8;
    signs.push({ text, x, y, style, box: [x - w / 2 - 2, y - hgt / 2 - 2, x + w / 2 + 2, y + hgt / 2 + 2] });
  };
  for (const zone of map.zones) {
    add(zone.name[lang] || zone.name.ja, zone.x + zone.w / 2, zone.y + 16,
      { size: 13, bold: true, bg: "rgba(255, 248, 236, 0.92)", border: "rgba(150, 120, 90, 0.35)" });
  }
  for (const obj of map.objects) {
    if (!obj.name || obj.type === "spawn") continue;
    add(obj.name[lang] || obj.name.ja, obj.x, obj.y + (obj.type === "door" ? -26 : 24), { size: 11 });
  }
  return signs;
}

// The map's canvas, painted chunk by chunk and exactly as if painted whole: each chunk is
// clipped to its own square, tiles in order, then the signs over it. Every tile first covers
// its own square, so what a tile draws past its edge (a tree's shadow) is covered by the next
// tile; only over an empty square does it stay, so on maps with empty squares the tiles just
// above and left of a chunk are painted into it too.
export class PaintedMap {
  // `chunkTiles`: the side of a chunk in tiles (a chunk as large as the map paints it whole).
  constructor(map, { scale = 1, lowStimulus = false, lang = "ja", chunkTiles = CHUNK_TILES } = {}) {
    this.map = map;
    this.chunkTiles = chunkTiles;
    this.lowStimulus = lowStimulus;
    this.canvas = document.createElement("canvas");
    this.canvas.width = Math.ceil(map.pixelWidth * scale);
    this.canvas.height = Math.ceil(map.pixelHeight * scale);
    this.ctx = this.canvas.getContext("2d");
    this.ctx.scale(scale, scale);
    this.cols = Math.ceil(map.width / chunkTiles);
    this.rows = Math.ceil(map.height / chunkTiles);
    this.done = new Uint8Array(this.cols * this.rows);
    this.left = this.done.length;
    this.holes = map.ground.some((id) => !map.tiles[id]);
    this.signs = signsOf(this.ctx, map, lang);
  }

  get complete() {
    return this.left === 0;
  }

  paintChunk(col, row) {
    const i = row * this.cols + col;
    if (this.done[i]) return;
    this.done[i] = 1;
    this.left -= 1;
    const { ctx, map } = this;
    const ts = map.tileSize;
    const tx0 = col * this.chunkTiles;
    const ty0 = row * this.chunkTiles;
    const tx1 = Math.min(map.width, tx0 + this.chunkTiles);
    const ty1 = Math.min(map.height, ty0 + this.chunkTiles);
    const [x0, y0, x1, y1] = [tx0 * ts, ty0 * ts, tx1 * ts, ty1 * ts];
    ctx.save();
    ctx.beginPath();
    ctx.rect(x0, y0, x1 - x0, y1 - y0);
    ctx.clip();
    ctx.fillStyle = map.background;
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    const margin = this.holes ? 1 : 0;
    for (let ty = ty0 - margin; ty < ty1; ty += 1) {
      for (let tx = tx0 - margin; tx < tx1; tx += 1) paintTile(ctx, map, tx, ty, this.lowStimulus);
    }
    for (const { text, x, y, style, box } of this.signs) {
      if (box[0] < x1 && box[2] > x0 && box[1] < y1 && box[3] > y0) label(ctx, text, x, y, style);
    }
    ctx.restore();
  }

  // Every chunk a world rectangle touches (the camera's view), painted now if not yet.
  ensure(x, y, w, h) {
    if (this.complete) return;
    const span = this.chunkTiles * this.map.tileSize;
    const c0 = Math.max(0, Math.floor(x / span));
    const r0 = Math.max(0, Math.floor(y / span));
    const c1 = Math.min(this.cols - 1, Math.floor((x + w) / span));
    const r1 = Math.min(this.rows - 1, Math.floor((y + h) / span));
    for (let r = r0; r <= r1; r += 1) {
      for (let c = c0; c <= c1; c += 1) this.paintChunk(c, r);
    }
  }

  // The unpainted chunk nearest to a world point, painted (idle time); false when none is left.
  paintNext(x, y) {
    if (this.complete) return false;
    const span = this.chunkTiles * this.map.tileSize;
    let best = -1;
    let bestDistance = Infinity;
    for (let i = 0; i < this.done.length; i += 1) {
      if (this.done[i]) continue;
      const cx = ((i % this.cols) + 0.5) * span;
      const cy = (Math.floor(i / this.cols) + 0.5) * span;
      const distance = (cx - x) ** 2 + (cy - y) ** 2;
      if (distance < bestDistance) {
        best = i;
        bestDistance = distance;
      }
    }
    this.paintChunk(best % this.cols, Math.floor(best / this.cols));
    return !this.complete;
  }

  paintAll() {
    for (let row = 0; row < this.rows; row += 1) {
      for (let col = 0; col < this.cols; col += 1) this.paintChunk(col, row);
    }
    return this;
  }
}
