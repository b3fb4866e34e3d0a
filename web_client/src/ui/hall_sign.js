// The sign at the event hall: while one's avatar is in the map's hall zone, a quiet offer to
// see the events to come (the same look and place as a notice board's offer). It never opens
// anything by itself and never takes the focus.

import { onLangChange } from "../i18n.js";
import { zoneAt } from "../mapdata.js";
import { h } from "./dom.js";
import { ew } from "./events_words.js";

export class HallSign {
  constructor({ container, map, onOpen, announce = () => {} }) {
    this.map = map;
    this.announce = announce;
    this.inHall = false;
    this.button = h("button", { type: "button", class: "small primary board-prompt-read hall-sign-read", onclick: onOpen });
    this.el = h("div", { class: "board-prompt hall-sign", hidden: true }, this.button);
    container.append(this.el);
    this.unlisten = onLangChange(() => this.render());
    this.render();
  }

  // Called every frame with the avatar's position; touches the DOM only on entering or leaving.
  update(x, y) {
    const zone = Number.isFinite(x) && Number.isFinite(y) ? zoneAt(this.map, x, y) : null;
    const inHall = zone?.kind === "hall";
    if (inHall === this.inHall) return;
    this.inHall = inHall;
    this.render();
    if (inHall) this.announce(ew("sign_announce"));
  }

  render() {
    this.el.hidden = !this.inHall;
    this.button.textContent = ew("sign_read");
  }

  destroy() {
    this.unlisten();
    this.el.remove();
  }
}
