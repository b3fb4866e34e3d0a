// Short, calm notes at the top of the screen (a refusal, a confirmation). They fade on
// their own and can be closed; never more than three at once.

import { h } from "./dom.js";
import { t } from "../i18n.js";

const MAX = 3;

export class Notices {
  constructor(el) {
    this.el = el;
  }

  show(text, { kind = "info", timeout = 6000 } = {}) {
    if (!text) return;
    for (const existing of this.el.children) {
      if (existing.dataset.text === text) existing.remove();
    }
    const close = h("button", { type: "button", class: "notice-close", "aria-label": t("dismiss"), text: "×" });
    const note = h("div", { class: `notice notice-${kind}`, dataset: { text } }, h("p", { text }), close);
    close.addEventListener("click", () => note.remove());
    this.el.append(note);
    while (this.el.children.length > MAX) this.el.firstElementChild.remove();
    if (timeout) setTimeout(() => note.remove(), timeout);
  }

  error(text) {
    this.show(text, { kind: "error", timeout: 9000 });
  }

  clear() {
    this.el.textContent = "";
  }
}
