import { test } from "node:test";
import assert from "node:assert/strict";
import { LazyPanel, LazySign } from "../../web_client/src/ui/lazy_panel.js";

class Panel {
  constructor() { this.events = []; this.opened = []; this.destroyed = false; }
  onServerEvent(name, data) { this.events.push([name, data]); }
  open(args) { this.opened.push(args); return "opened"; }
  destroy() { this.destroyed = true; }
}

test("nothing loads until the panel is opened; events before that are handed over in order", async () => {
  let loads = 0;
  const lazy = new LazyPanel(async () => { loads += 1; return new Panel(); });
  lazy.onServerEvent("board:published", { id: 1 });
  lazy.onServerEvent("board:updated", { id: 2 });
  assert.equal(loads, 0);
  assert.equal(await lazy.open({ category: "events" }), "opened");
  await lazy.open({ category: "talk" });
  assert.equal(loads, 1);
  assert.deepEqual(lazy.panel.events, [["board:published", { id: 1 }], ["board:updated", { id: 2 }]]);
  assert.deepEqual(lazy.panel.opened, [{ category: "events" }, { category: "talk" }]);
  lazy.onServerEvent("board:unpublished", { id: 1 });
  assert.equal(lazy.panel.events.length, 3);
});

test("only the newest events are kept while nobody has opened the panel", async () => {
  const lazy = new LazyPanel(async () => new Panel());
  for (let i = 0; i < 150; i += 1) lazy.onServerEvent("board:published", { id: i });
  await lazy.ready();
  assert.equal(lazy.panel.events.length, 100);
  assert.deepEqual(lazy.panel.events[0][1], { id: 50 });
});

test("a failed load is tried again on the next open", async () => {
  let attempts = 0;
  const lazy = new LazyPanel(async () => {
    attempts += 1;
    if (attempts === 1) throw new TypeError("Failed to fetch dynamically imported module");
    return new Panel();
  });
  await assert.rejects(lazy.open(), /Failed to fetch/);
  assert.equal(await lazy.open(), "opened");
  assert.equal(attempts, 2);
});

test("destroyed before or while loading: the panel is destroyed and never opened", async () => {
  let release;
  const lazy = new LazyPanel(() => new Promise((resolve) => { release = resolve; }));
  const opening = lazy.open();
  lazy.destroy();
  const panel = new Panel();
  release(panel);
  assert.equal(await opening, undefined);
  assert.ok(panel.destroyed);
  assert.deepEqual(panel.opened, []);
  const unused = new LazyPanel(async () => new Panel());
  unused.destroy(); // never loaded: nothing to do, no error
});

class Sign {
  constructor() { this.seen = []; this.destroyed = false; }
  update(x, y) { this.seen.push([x, y]); }
  destroy() { this.destroyed = true; }
}

test("a sign loads when the avatar first walks into its zone, then follows every position", async () => {
  let loads = 0;
  const lazy = new LazySign(async () => { loads += 1; return new Sign(); }, (x) => x >= 10);
  lazy.update(1, 0);
  lazy.update(5, 0);
  assert.equal(loads, 0);
  assert.equal(lazy.sign, null);
  lazy.update(10, 0);
  lazy.update(11, 0); // still loading: no second load
  await lazy.lazy.ready();
  assert.equal(loads, 1);
  assert.deepEqual(lazy.sign.seen, [[11, 0]]); // the newest position, once
  lazy.update(3, 0);
  assert.deepEqual(lazy.sign.seen, [[11, 0], [3, 0]]);
});

test("a sign whose module failed loads again on the next walk in, not on every frame", async () => {
  let loads = 0;
  const lazy = new LazySign(async () => {
    loads += 1;
    if (loads === 1) throw new Error("offline");
    return new Sign();
  }, (x) => x >= 10);
  lazy.update(10, 0);
  await lazy.lazy.loading?.catch(() => {});
  lazy.update(12, 0);
  lazy.update(13, 0);
  assert.equal(loads, 1);
  lazy.update(2, 0);
  lazy.update(10, 0);
  await lazy.lazy.ready();
  assert.equal(loads, 2);
  assert.deepEqual(lazy.sign.seen, [[10, 0]]);
});

test("a sign that arrives after the space stopped is destroyed, never shown", async () => {
  let release;
  const lazy = new LazySign(() => new Promise((resolve) => { release = resolve; }), () => true);
  lazy.update(0, 0);
  lazy.destroy();
  const sign = new Sign();
  release(sign);
  await lazy.lazy.loading;
  assert.equal(sign.destroyed, true);
  assert.deepEqual(sign.seen, []);
});
