// The dialog of a person's notices from the moderators (ui/sanction_notice.js opens it): every
// sanction with its reason and end, the answer to an appeal, and the one appeal per sanction.
// Its module travels only when first opened.

import { errorText } from "../i18n.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { h } from "./dom.js";
import { localText, sw, when } from "./sanction_words.js";

export class SanctionDialog {
  constructor(app) {
    this.app = app;
    this.dialog = null;
  }

  async open() {
    if (!this.dialog) {
      this.list = h("div", { class: "sanction-list", "aria-live": "polite" });
      const close = h("button", { type: "button", class: "quiet-button", text: sw("close") });
      this.heading = h("h2", { id: "sanction-title", text: sw("title") });
      this.dialog = h("dialog", { class: "dialog sanction-dialog", "aria-labelledby": "sanction-title" },
        this.heading, this.list, h("div", { class: "dialog-actions" }, close));
      close.addEventListener("click", () => this.dialog.close());
      document.body.append(this.dialog);
    }
    await this.refresh();
    if (!this.dialog.open) this.dialog.showModal();
  }

  async refresh() {
    this.heading.textContent = sw("title");
    let body;
    try {
      body = await this.app.api.call("GET", "/api/me/sanctions");
    } catch (err) {
      this.list.replaceChildren(h("p", { role: "alert", text: errorText(err) }));
      return;
    }
    const items = body.sanctions.map((s) => this.item(s));
    this.list.replaceChildren(...(items.length ? items : [h("p", { text: sw("none") })]),
      h("p", { class: "gentle-note", text: sw("still_open") }));
  }

  item(s) {
    const lines = [
      h("h3", { text: sw(`kind_${s.kind}`) }),
      h("p", { class: "sanction-reason" }, h("strong", { text: `${sw("reason")}: ` }), localText(s.reason_ja, s.reason_en)),
    ];
    if (s.state === "lifted") lines.push(h("p", { text: sw("lifted") }));
    else if (s.kind !== "warning" && s.kind !== "event_removal") lines.push(h("p", { class: "sanction-until", text: s.ends_at ? sw("until", { when: when(s.ends_at) }) : sw("no_end") }));
    const appeal = s.appeal;
    if (appeal?.outcome) {
      lines.push(h("h4", { text: sw(`answer_${appeal.outcome}`) }), h("p", { class: "sanction-answer", text: localText(appeal.answer_ja, appeal.answer_en) }));
    } else if (appeal) {
      lines.push(h("p", { text: sw("appeal_waiting") }));
    } else if (s.appeal_until && new Date(s.appeal_until) > new Date()) {
      lines.push(h("p", { class: "gentle-note", text: sw("appeal_until", { when: when(s.appeal_until) }) }), this.appealForm(s));
    }
    return h("section", { class: "sanction-item", dataset: { sanctionId: s.id, kind: s.kind } }, lines);
  }

  appealForm(s) {
    const limit = TEXT_LIMITS.appeal_text;
    const id = `appeal-${s.id}`;
    const text = h("textarea", { id, rows: 4, maxlength: limit, required: true });
    const status = h("p", { role: "status" });
    const form = h("details", { class: "sanction-appeal" },
      h("summary", { text: sw("appeal") }),
      h("form", {
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            await this.app.api.call("POST", `/api/me/sanctions/${s.id}/appeal`, { text: text.value });
            this.app.notices.show(sw("appeal_sent"), { timeout: 15000 });
            await this.refresh();
          } catch (err) {
            status.textContent = errorText(err);
          }
        },
      }, h("label", { for: id, text: sw("appeal_label", { n: limit }) }), text,
      h("button", { type: "submit", text: sw("appeal_send") }), status));
    return form;
  }

  // A sanction lifted or an appeal answered while the list is on screen.
  onServerEvent() {
    if (this.dialog?.open) this.refresh();
  }

  destroy() {
    this.dialog?.remove();
  }
}
