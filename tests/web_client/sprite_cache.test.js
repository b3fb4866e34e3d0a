import { test, mock } from "node:test";
import assert from "node:assert/strict";

// A stand-in for the browser's Image: records each request; the test decides its fate.
const requested = [];
globalThis.Image = class {
  set src(url) { this.url = url; requested.push(this); }
};

const { SpriteCache } = await import("../../web_client/src/render.js");

test("a refused sprite sheet is asked for again later, not given up for good", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const cache = new SpriteCache();
    assert.equal(cache.get("round.light"), null);
    assert.equal(requested.length, 1);
    requested[0].onerror(); // 429: the server limits new drawings per client
    assert.equal(cache.get("round.light"), null);
    assert.equal(requested.length, 1); // not hammered on every frame
    mock.timers.tick(3000);
    assert.equal(cache.get("round.light"), null);
    assert.equal(requested.length, 2); // asked again
    requested[1].onload();
    assert.equal(cache.get("round.light"), requested[1]);
  } finally {
    mock.timers.reset();
  }
});
