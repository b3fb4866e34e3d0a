// A panel whose module travels only when someone first opens it (a slow phone should not
// download the board reader or the avatar builder just to walk around).

const MAX_PENDING = 100;

export class LazyPanel {
  // `load`: () => Promise of the panel (e.g. a dynamic import, then `new Panel(...)`).
  constructor(load) {
    this.load = load;
    this.panel = null;
    this.loading = null;
    this.destroyed = false;
    this.pending = []; // server events before the panel exists, handed over when it loads
  }

  ready() {
    this.loading ??= this.load().then((panel) => {
      this.panel = panel;
      for (const args of this.pending.splice(0)) panel.onServerEvent?.(...args);
      if (this.destroyed) panel.destroy?.();
      return panel;
    }, (err) => {
      this.loading = null; // a network hiccup: the next open tries again
      throw err;
    });
    return this.loading;
  }

  async open(...args) {
    const panel = await this.ready();
    if (!this.destroyed) return panel.open(...args);
  }

  // Server events for a panel nobody has opened yet are kept (the newest few) so it can
  // still mark what is new when it opens, without loading it for them.
  onServerEvent(...args) {
    if (this.panel) this.panel.onServerEvent?.(...args);
    else this.pending = [...this.pending, args].slice(-MAX_PENDING);
  }

  destroy() {
    this.destroyed = true;
    this.panel?.destroy?.();
  }
}

// A sign of the map (the hall's programme) whose module travels only when the person first
// walks into its zone: `near(x, y)` says whether the avatar is there. Until then update() is
// only a zone test; once loaded, the sign gets every position itself. A failed load is tried
// again on the next walk in, not on every frame.
export class LazySign {
  constructor(load, near) {
    this.lazy = new LazyPanel(load);
    this.near = near;
    this.wasNear = false;
    this.at = null;
  }

  // The sign once it has loaded (null before): what it offers, only if it is there.
  get sign() {
    return this.lazy.panel;
  }

  update(x, y) {
    if (this.sign) {
      this.sign.update(x, y);
      return;
    }
    this.at = [x, y];
    const near = this.near(x, y);
    if (near && !this.wasNear) {
      this.lazy.ready().then((sign) => { if (!this.lazy.destroyed) sign.update(...this.at); }, () => {});
    }
    this.wasNear = near;
  }

  destroy() {
    this.lazy.destroy();
  }
}
