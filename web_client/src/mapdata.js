// The map as the client needs it, read from the server's Tiled JSON.
// Pure: no DOM, so node --test can load it. The walkability rules mirror rooms/maps.py
// exactly, so a step the client allows is a step the server accepts.

const GID_MASK = 0x1fffffff;
const CORNER_EPS = 1e-9;

function props(list) {
  const out = {};
  for (const item of list || []) out[item.name] = item.value;
  return out;
}

function layer(doc, name) {
  return (doc.layers || []).find((l) => l.name === name);
}

export function parseMap(doc) {
  const width = doc.width;
  const height = doc.height;
  const tileSize = doc.tilewidth;
  const mapProps = props(doc.properties);
  const tiles = {};
  for (const ts of doc.tilesets || []) {
    for (const tile of ts.tiles || []) {
      const p = props(tile.properties);
      tiles[ts.firstgid + tile.id] = { kind: p.kind, color: p.color, solid: Boolean(p.solid) };
    }
  }
  const ground = Uint16Array.from(layer(doc, "ground").data, (g) => g & GID_MASK);
  const blocked = Uint8Array.from(layer(doc, "collision").data, (g) => ((g & GID_MASK) ? 1 : 0));
  const zones = (layer(doc, "zones")?.objects || []).map((o) => {
    const p = props(o.properties);
    return {
      id: p.zone_id, kind: p.kind, name: { ja: p.name_ja, en: p.name_en },
      description: { ja: p.description_ja, en: p.description_en },
      chatAllowed: Boolean(p.chat_allowed), requestsAllowed: Boolean(p.requests_allowed),
      x: o.x, y: o.y, w: o.width, h: o.height,
    };
  });
  const objects = (layer(doc, "objects")?.objects || []).map((o) => {
    const p = props(o.properties);
    return {
      id: o.name, type: o.type, x: o.x + (o.width || 0) / 2, y: o.y + (o.height || 0) / 2,
      properties: p,
      name: p.name_ja || p.name_en ? { ja: p.name_ja || p.name_en, en: p.name_en || p.name_ja } : null,
    };
  });
  return {
    id: mapProps.map_id, name: { ja: mapProps.name_ja, en: mapProps.name_en },
    width, height, tileSize, pixelWidth: width * tileSize, pixelHeight: height * tileSize,
    background: doc.backgroundcolor || "#f4ead8", tiles, ground, blocked, zones, objects,
  };
}

export function isBlockedTile(map, tx, ty) {
  if (tx < 0 || ty < 0 || tx >= map.width || ty >= map.height) return true;
  return map.blocked[ty * map.width + tx] !== 0;
}

export function isBlockedPx(map, x, y) {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return true;
  if (x < 0 || y < 0 || x >= map.pixelWidth || y >= map.pixelHeight) return true;
  return isBlockedTile(map, Math.floor(x / map.tileSize), Math.floor(y / map.tileSize));
}

export function zoneAt(map, x, y) {
  for (const z of map.zones) {
    if (z.x <= x && x < z.x + z.w && z.y <= y && y < z.y + z.h) return z;
  }
  return null;
}

export function zoneById(map, id) {
  return map.zones.find((z) => z.id === id) || null;
}

// The same grid traversal as GameMap.segment_clear on the server.
export function segmentClear(map, x0, y0, x1, y1) {
  if (isBlockedPx(map, x0, y0) || isBlockedPx(map, x1, y1)) return false;
  const ts = map.tileSize;
  let tx = Math.floor(x0 / ts);
  let ty = Math.floor(y0 / ts);
  const endX = Math.floor(x1 / ts);
  const endY = Math.floor(y1 / ts);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const stepX = Math.sign(dx);
  const stepY = Math.sign(dy);
  let tMaxX = Infinity; let tDeltaX = Infinity;
  let tMaxY = Infinity; let tDeltaY = Infinity;
  if (stepX) {
    const boundary = stepX > 0 ? (tx + 1) * ts : tx * ts;
    tMaxX = (boundary - x0) / dx; tDeltaX = ts / Math.abs(dx);
  }
  if (stepY) {
    const boundary = stepY > 0 ? (ty + 1) * ts : ty * ts;
    tMaxY = (boundary - y0) / dy; tDeltaY = ts / Math.abs(dy);
  }
  let guard = map.width + map.height + 4;
  while ((tx !== endX || ty !== endY) && guard-- > 0) {
    const canX = tx !== endX;
    const canY = ty !== endY;
    if (canX && canY && Math.abs(tMaxX - tMaxY) <= CORNER_EPS) {
      if (isBlockedTile(map, tx + stepX, ty) || isBlockedTile(map, tx, ty + stepY)) return false;
      tx += stepX; ty += stepY; tMaxX += tDeltaX; tMaxY += tDeltaY;
    } else if (canX && (tMaxX < tMaxY || !canY)) {
      tx += stepX; tMaxX += tDeltaX;
    } else {
      ty += stepY; tMaxY += tDeltaY;
    }
    if (isBlockedTile(map, tx, ty)) return false;
  }
  return true;
}

export function tileCentre(map, tx, ty) {
  return { x: (tx + 0.5) * map.tileSize, y: (ty + 0.5) * map.tileSize };
}

// The walkable tile nearest to a point (breadth-first in rings), for "go there" targets
// that sit on furniture (a board, a desk) or in a zone's middle.
export function nearestWalkable(map, x, y, maxRadius = 8) {
  const cx = Math.floor(x / map.tileSize);
  const cy = Math.floor(y / map.tileSize);
  for (let r = 0; r <= maxRadius; r += 1) {
    let best = null;
    for (let ty = cy - r; ty <= cy + r; ty += 1) {
      for (let tx = cx - r; tx <= cx + r; tx += 1) {
        if (Math.max(Math.abs(tx - cx), Math.abs(ty - cy)) !== r || isBlockedTile(map, tx, ty)) continue;
        const d = (tx - cx) ** 2 + (ty - cy) ** 2;
        if (!best || d < best.d) best = { tx, ty, d };
      }
    }
    if (best) return tileCentre(map, best.tx, best.ty);
  }
  return null;
}
