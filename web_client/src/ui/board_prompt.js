// The small, quiet offer that appears when one's avatar stands by a place that does
// something: a notice board (「掲示板「相談のしかた」を読む」), the consultation desk (talk to
// the desk on duty) or a consultation room's door (the waiting room of one's booking). It
// never opens anything by itself and never takes the focus; a click, or Enter / E while
// the map has the focus, opens it.

import { getLang, onLangChange } from "../i18n.js";
import { h } from "./dom.js";
import { bw, nearestPlace, readingDistance } from "./board_words.js";

export class BoardPrompt {
  // container: where the offer sits (the map area); map: parsed map (objects, tileSize);
  // onOpen(place): open what the place offers (a board's reader, the desk, the waiting
  // room); announce(text): a polite live message.
  constructor({ container, map, onOpen, announce = () => {} }) {
    this.map = map;
    this.onOpen = onOpen;
    this.announce = announce;
    this.radius = readingDistance(map.tileSize);
    this.board = null;
    this.button = h("button", { type: "button", class: "small primary board-prompt-read" });
    this.hint = h("span", { class: "board-prompt-hint", "aria-hidden": "true" });
    this.el = h("div", { class: "board-prompt", hidden: true }, this.button, this.hint);
    this.button.addEventListener("click", () => this.open());
    container.append(this.el);
    this.unlisten = onLangChange(() => this.render());
  }

  destroy() {
    this.unlisten();
    this.el.remove();
  }

  name(board) {
    const lang = getLang();
    return board?.name ? board.name[lang] || board.name.ja : board?.properties?.category || "";
  }

  // Called every frame with the avatar's position; touches the DOM only when the nearest
  // board changes.
  update(x, y) {
    const place = Number.isFinite(x) && Number.isFinite(y) ? nearestPlace(this.map.objects, x, y, this.radius) : null;
    if (place === this.board) return;
    this.board = place;
    this.render();
    if (place) this.announce(bw(this.words(place).announce, { name: this.name(place) }, getLang()));
  }

  words(place) {
    if (place.type === "desk") return { read: "prompt_desk", announce: "prompt_desk_announce" };
    if (place.type === "door") return { read: "prompt_door", announce: "prompt_door_announce" };
    return { read: "prompt_read", announce: "prompt_announce" };
  }

  render() {
    const lang = getLang();
    this.el.hidden = !this.board;
    if (!this.board) return;
    this.el.dataset.category = this.board.properties?.category || this.board.type;
    this.button.textContent = bw(this.words(this.board).read, { name: this.name(this.board) }, lang);
    this.hint.textContent = bw("prompt_hint", {}, lang);
  }

  // Open the reader on the board one stands by; false when there is none.
  open() {
    if (!this.board) return false;
    this.onOpen(this.board);
    return true;
  }
}
