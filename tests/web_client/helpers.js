// Shared fixtures for the client tests: the real demo map, and small maps drawn in ASCII.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseMap } from "../../web_client/src/mapdata.js";

const here = fileURLToPath(new URL(".", import.meta.url));

export function demoMap() {
  return parseMap(JSON.parse(readFileSync(`${here}../../rooms/maps/plaza.json`, "utf8")));
}

// '.' floor, '#' wall; 32 px tiles.
export function asciiMap(rows, tileSize = 32) {
  const width = rows[0].length;
  const height = rows.length;
  const ground = [];
  const collision = [];
  for (const row of rows) {
    for (const ch of row) {
      ground.push(ch === "#" ? 2 : 1);
      collision.push(ch === "#" ? 2 : 0);
    }
  }
  return parseMap({
    width, height, tilewidth: tileSize, tileheight: tileSize,
    properties: [{ name: "map_id", value: "t" }, { name: "name_ja", value: "テスト" }, { name: "name_en", value: "Test" }],
    tilesets: [{ firstgid: 1, tiles: [
      { id: 0, properties: [{ name: "kind", value: "path" }, { name: "color", value: "#eeddcc" }] },
      { id: 1, properties: [{ name: "kind", value: "wall" }, { name: "color", value: "#887766" }] },
    ] }],
    layers: [
      { name: "ground", type: "tilelayer", width, height, data: ground },
      { name: "collision", type: "tilelayer", width, height, data: collision },
      { name: "zones", type: "objectgroup", objects: [] },
      { name: "objects", type: "objectgroup", objects: [] },
    ],
  });
}

export function deepFreeze(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
