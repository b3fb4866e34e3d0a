// The sign at the event hall: while one's avatar is in the map's hall zone, a quiet card says
// what is on now and next (Japan time) and offers the events list. When a hall event's door
// is open and the person may go in, it also offers to enter it: a click, or E / Enter on the
// map, opens the live room as a panel (app.enterEvent). It never opens anything by itself
// and never takes the focus; what it shows comes from the server (door_open by its clock).

import { getLang, onLangChange } from "../i18n.js";
import { zoneAt } from "../mapdata.js";
import { ensureStylesheet, h } from "./dom.js";
import { ew, localWhen, pick } from "./events_words.js";
import { hallProgram } from "./hall_program.js";

const REFRESH_MS = 60000; // a door opens on a minute; standing in the hall, the sign follows

function tokyoTime(iso) {
  return new Date(iso).toLocaleTimeString(getLang() === "en" ? "en-GB" : "ja-JP",
    { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" });
}

export class HallSign {
  // load(): the server's sessions (GET /api/events); onOpen(): the events list;
  // onEnter(occurrence): the live room, only ever on the person's own click or key.
  constructor({ container, map, load = async () => [], onOpen, onEnter = () => {}, announce = () => {} }) {
    this.map = map;
    this.load = load;
    this.onEnter = onEnter;
    this.announce = announce;
    this.inHall = false;
    this.program = { now: null, next: null, access: null };
    this.timer = null;
    this.lines = h("div", { class: "hall-sign-lines" });
    this.enterButton = h("button", { type: "button", class: "small primary hall-sign-enter", onclick: () => this.enter() });
    this.why = h("p", { class: "hall-sign-why" });
    this.button = h("button", { type: "button", class: "small quiet-button board-prompt-read hall-sign-read", onclick: onOpen });
    this.el = h("section", { class: "hall-sign", hidden: true, "aria-labelledby": "hall-sign-title" },
      h("h2", { id: "hall-sign-title", class: "hall-sign-title" }), this.lines, this.why,
      h("div", { class: "hall-sign-actions" }, this.enterButton, this.button));
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
    clearInterval(this.timer);
    this.timer = null;
    this.render();
    if (!inHall) return;
    this.refresh(true);
    this.timer = setInterval(() => this.refresh(false), REFRESH_MS);
  }

  async refresh(arriving) {
    let occurrences = [];
    try { occurrences = await this.load(); } catch { /* the sign stays as it was */ return; }
    const before = this.program.now?.id;
    this.program = hallProgram(occurrences);
    this.render();
    const live = this.program.now;
    if (!this.inHall) return;
    if (arriving) this.announce(live ? ew("sign_announce_live", { title: pick(live.event, "title") }) : ew("sign_announce"));
    else if (live && live.id !== before) this.announce(ew("sign_opened", { title: pick(live.event, "title") }));
  }

  // The offer to enter, when there is one (E or Enter on the map asks for it too).
  get canEnter() {
    return this.inHall && this.program.access === "enter";
  }

  enter() {
    if (!this.canEnter) return false;
    this.onEnter(this.program.now);
    return true;
  }

  render() {
    this.el.hidden = !this.inHall;
    this.el.querySelector(".hall-sign-title").textContent = ew("sign_title");
    const { now, next, access } = this.program;
    const rows = [];
    if (now) {
      rows.push(h("p", { class: "hall-sign-now" }, h("strong", { text: ew("sign_now") }), " ",
        `${pick(now.event, "title")} (${tokyoTime(now.starts_at)}–${tokyoTime(now.ends_at)})`));
    }
    if (next) rows.push(h("p", { class: "hall-sign-next", text: `${ew("sign_next")} ${pick(next.event, "title")} (${localWhen(next.starts_at)})` }));
    if (!now && !next) rows.push(h("p", { class: "hall-sign-next", text: ew("sign_nothing") }));
    this.lines.replaceChildren(...rows);
    this.enterButton.hidden = access !== "enter";
    this.enterButton.textContent = now ? ew("sign_enter", { title: pick(now.event, "title") }) : "";
    this.why.hidden = !now;
    this.why.textContent = !now ? "" : access === "enter" ? ew("sign_enter_note") : ew(`sign_why_${access}`);
    this.button.textContent = ew("sign_read");
  }

  destroy() {
    clearInterval(this.timer);
    this.unlisten();
    this.el.remove();
  }
}

// The sign once its stylesheet has arrived (it travels when one first walks into the hall, and
// a card laid out unstyled over the map for a moment would jump).
export async function createHallSign(options) {
  await ensureStylesheet(new URL("./hall_sign.css", import.meta.url).href, "data-hall-sign");
  return new HallSign(options);
}
