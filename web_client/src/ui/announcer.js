// A calm voice for screen readers: one polite live region, one message at a time, never
// faster than every 1.5 s, the same sentence not twice in a row, and arrivals gathered
// into one sentence instead of a stream of names.

import { t } from "../i18n.js";

const GAP_MS = 1500;
const ARRIVAL_WINDOW_MS = 2500;
const MAX_QUEUE = 4;

export class Announcer {
  constructor(el) {
    this.el = el;
    this.queue = [];
    this.timer = null;
    this.lastText = "";
    this.lastAt = 0;
    this.arrivals = [];
    this.arrivalTimer = null;
  }

  say(text) {
    if (!text || text === this.lastText && Date.now() - this.lastAt < 10000) return;
    if (this.queue.includes(text)) return;
    this.queue.push(text);
    // Keep the newest few: old news is no news for someone listening.
    if (this.queue.length > MAX_QUEUE) this.queue.splice(0, this.queue.length - MAX_QUEUE);
    this.pump();
  }

  pump() {
    if (this.timer || !this.queue.length) return;
    const wait = Math.max(0, this.lastAt + GAP_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const text = this.queue.shift();
      this.el.textContent = "";
      // A fresh node makes screen readers read it even when the words repeat.
      requestAnimationFrame(() => { this.el.textContent = text; });
      this.lastText = text;
      this.lastAt = Date.now();
      this.pump();
    }, wait);
  }

  arrived(nickname) {
    this.arrivals.push(nickname);
    if (this.arrivalTimer) return;
    this.arrivalTimer = setTimeout(() => {
      const names = this.arrivals;
      this.arrivals = [];
      this.arrivalTimer = null;
      if (names.length === 1) this.say(t("announce_arrived_one", { name: names[0] }));
      else if (names.length > 1) this.say(t("announce_arrived_many", { name: names[0], n: names.length }));
    }, ARRIVAL_WINDOW_MS);
  }

  clear() {
    clearTimeout(this.timer);
    clearTimeout(this.arrivalTimer);
    this.timer = null;
    this.arrivalTimer = null;
    this.queue = [];
    this.arrivals = [];
    this.el.textContent = "";
  }
}
