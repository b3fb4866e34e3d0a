// For moderators and admins: "show me who" is hidden in this channel. A look needs a written
// reason, is audit-logged by the server, lasts ten minutes at most and can be ended at any
// time. Looking is not reaching: hidden people still cannot be invited or sent stamps.
// (Staff see only how many are hidden: the note under the people list.)

import { $, h } from "./dom.js";
import { formatTime } from "../times.js";
import { t } from "../i18n.js";
import { TEXT_LIMITS } from "../text_limits.js";

export class RevealControl {
  constructor(app) {
    this.app = app;
    this.el = $("#reveal-control");
    this.render(app.state);
  }

  update(prev, state) {
    if (prev.revealingUntil !== state.revealingUntil) this.render(state);
  }

  onServerEvent(name, data) {
    if (name === "presence:hidden_count") this.app.dispatch({ type: "hidden_count", count: data.count });
    else if (name === "presence:reveal_ended") {
      this.app.dispatch({ type: "reveal_set", until: null });
      this.app.notices.show(t("reveal_ended"));
    }
  }

  async set(on, reason) {
    const data = await this.app.act("presence:reveal_hidden", on ? { on: true, reason } : { on: false });
    if (!data) return false;
    this.app.dispatch({ type: "reveal_set", until: data.until });
    this.app.announcer.say(t(on ? "reveal_on_said" : "reveal_off_said"));
    $(on ? "#reveal-stop" : "#reveal-reason")?.focus();
    return true;
  }

  render(state) {
    const { el } = this;
    el.textContent = "";
    el.hidden = state.revealingUntil === undefined; // only roles that may look get the field
    if (el.hidden) return;
    if (state.revealingUntil) {
      const until = formatTime(state.revealingUntil, this.app.lang);
      el.append(
        h("p", { class: "gentle-note", role: "status", text: t("reveal_active", { time: until }) }),
        h("button", { type: "button", id: "reveal-stop", class: "small", text: t("reveal_stop"), onclick: () => this.set(false) }));
      return;
    }
    const input = h("input", { id: "reveal-reason", maxlength: String(TEXT_LIMITS.hidden_look_reason), autocomplete: "off", required: true });
    const form = h("form", { class: "say-form reveal-form" },
      h("label", { for: "reveal-reason", text: t("reveal_reason_label") }), input,
      h("button", { type: "submit", class: "small secondary", text: t("reveal_start") }));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const reason = input.value.trim();
      if (reason) this.set(true, reason);
    });
    el.append(h("p", { class: "hint", text: t("reveal_explain") }), form);
  }
}
