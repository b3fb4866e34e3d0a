// A panel whose module travels only when someone first opens it (a slow phone should not
// download the board reader or the avatar builder just to walk around).

export class LazyPanel {
  // `load`: () => Promise of the panel (e.g. a dynamic import, then `new Panel(...)`).
  constructor(load) {
    this.load = load;
    this.panel = null;
    this.loading = null;
    this.destroyed = false;
  }

  ready() {
    this.loading ??= this.load().then((panel) => {
      this.panel = panel;
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

  // Server events for a panel nobody has opened concern nothing on screen.
  onServerEvent(...args) {
    this.panel?.onServerEvent?.(...args);
  }

  destroy() {
    this.destroyed = true;
    this.panel?.destroy?.();
  }
}
