// A small menu beside an avatar clicked on the map. Not modal: Escape or a click elsewhere
// closes it and focus returns to the map.

import { $, h } from "./dom.js";
import { personActions } from "./person_actions.js";
import { askToLeaveForm, isModerator } from "./moderator_tools.js";
import { t } from "../i18n.js";

export class PersonMenu {
  constructor(app) {
    this.app = app;
    this.el = $("#person-menu");
    this.personId = null;
    this.actions = null;
    this.el.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        this.close(true);
      }
    });
  }

  open(person, screen) {
    this.personId = person.id;
    this.el.textContent = "";
    const close = h("button", { type: "button", class: "notice-close", "aria-label": t("action_close"), text: "×" });
    close.addEventListener("click", () => this.close(true));
    this.actions = personActions(this.app, person, { onDone: () => this.close(true) });
    const status = h("p", { class: "hint", text: t(`status_${person.status}`) });
    this.el.append(h("div", { class: "menu-head" }, h("h3", { id: "person-menu-title", text: person.nickname }), close), status, this.actions.el);
    if (isModerator(this.app)) this.el.append(askToLeaveForm(this.app, person, () => this.close(true)));
    this.el.setAttribute("aria-labelledby", "person-menu-title");
    this.el.hidden = false;
    // Place it beside the avatar, kept inside the map area.
    const area = this.el.parentElement.getBoundingClientRect();
    const w = this.el.offsetWidth;
    const hgt = this.el.offsetHeight;
    const left = Math.min(Math.max(8, screen.x + 24), area.width - w - 8);
    const top = Math.min(Math.max(8, screen.y - hgt / 2), area.height - hgt - 8);
    this.el.style.left = `${left}px`;
    this.el.style.top = `${top}px`;
    this.el.querySelector(".person-actions button")?.focus();
  }

  update(state) {
    if (!this.personId || this.el.hidden) return;
    const person = state.avatars[this.personId];
    if (!person) this.close(false);
    else this.actions?.update(person);
  }

  close(refocus) {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.personId = null;
    this.actions = null;
    if (refocus) this.app.focusMap();
  }
}
