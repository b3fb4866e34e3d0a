// A person's notices from the moderators: a sanction the moment it is given (a calm dialog
// with the reason and the end), its lifting, the answer to an appeal, and being asked to
// leave a zone. The same dialog lists every notice and holds the one appeal per sanction.

import { errorText } from "../i18n.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { h } from "./dom.js";
import { localText, sw, when } from "./sanction_words.js";

export class SanctionNotices {
  constructor(app) {
    this.app = app;
    this.dialog = null;
  }

  onServerEvent(name, data) {
    switch (name) {
      case "sanction:notice":
        this.app.announcer.say(sw("notice_new"));
        this.open();
        break;
      case "sanction:lifted":
        this.app.notices.show(sw("notice_lifted"), { timeout: 15000 });
        if (this.dialog?.open) this.refresh();
        break;
      case "appeal:decided":
        this.app.notices.show(sw("notice_answer"), { timeout: 20000 });
        if (this.dialog?.open) this.refresh();
        break;
      case "zone:asked_to_leave": {
        const text = sw("asked_to_leave", { reason: localText(data.reason_ja, data.reason_en) });
        this.app.announcer.say(text);
        this.app.notices.show(text, { timeout: 30000 });
        break;
      }
      default:
        break;
    }
  }

  // True when `err` was a refusal of the sanctions policy, now shown as a calm notice.
  explain(err) {
    if (err?.code !== "SANCTIONED" && err?.code !== "NEW_ACCOUNT_WAIT") return false;
    const detail = err.detail || {};
    const parts = [errorText(err)];
    if (detail.reason_ja || detail.reason_en) parts.push(`${sw("reason")}: ${localText(detail.reason_ja, detail.reason_en)}`);
    if (detail.until) parts.push(sw("until", { when: when(detail.until) }));
    this.app.notices.show(parts.join(" "), { timeout: 15000 });
    return true;
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
}
