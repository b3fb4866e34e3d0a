// Painting the map once into an offscreen canvas, by code, from the tileset's kinds and
// colours: floors, walls, doors, furniture and the zone and object labels. Also the small
// canvas helpers (rounded rectangles, labels) the per-frame renderer draws names with.

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

const shade = (hex, k) => mix(hex, "#3b2f25", k);
const tint = (hex, k) => mix(hex, "#fffaf0", k);

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
