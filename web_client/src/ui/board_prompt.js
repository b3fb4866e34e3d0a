// The small, quiet offer that appears when one's avatar stands by a notice board:
// 「掲示板「相談のしかた」を読む」. It never opens anything by itself and never takes the
// focus; a click, or Enter / E while the map has the focus, opens the reader.

import { getLang, onLangChange } from "../i18n.js";
import { h } from "./dom.js";
import { bw, nearestBoard, readingDistance } from "./board_words.js";

export class BoardPrompt {
  // container: where the offer sits (the map area); map: parsed map (objects, tileSize);
  // onOpen(board): open the reader on that board; announce(text): a polite live message.
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
    const board = Number.isFinite(x) && Number.isFinite(y) ? nearestBoard(this.map.objects, x, y, this.radius) : null;
    if (board === this.board) return;
    this.board = board;
    this.render();
    if (board) this.announce(bw("prompt_announce", { name: this.name(board) }, getLang()));
  }

  render() {
    const lang = getLang();
    this.el.hidden = !this.board;
    if (!this.board) return;
    this.el.dataset.category = this.board.properties.category;
    this.button.textContent = bw("prompt_read", { name: this.name(this.board) }, lang);
    this.hint.textContent = bw("prompt_hint", {}, lang);
  }

  // Open the reader on the board one stands by; false when there is none.
  open() {
    if (!this.board) return false;
    this.onOpen(this.board);
    return true;
  }
}
