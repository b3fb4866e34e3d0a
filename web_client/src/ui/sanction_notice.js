// A person's notices from the moderators: a sanction the moment it is given (a calm dialog
// with the reason and the end), its lifting, the answer to an appeal, and being asked to
// leave a zone. The dialog that lists every notice and holds the one appeal per sanction is
// ui/sanction_dialog.js, loaded when first opened.

import { errorText } from "../i18n.js";
import { LazyPanel } from "./lazy_panel.js";
import { localText, sw, when } from "./sanction_words.js";

export class SanctionNotices {
  constructor(app) {
    this.app = app;
    this.dialog = new LazyPanel(async () => new (await import("./sanction_dialog.js")).SanctionDialog(app));
  }

  onServerEvent(name, data) {
    switch (name) {
      case "sanction:notice":
        this.app.announcer.say(sw("notice_new"));
        this.open().catch(() => {}); // its module did not arrive: the words were said; the list is one click away
        break;
      case "sanction:lifted":
        this.app.notices.show(sw("notice_lifted"), { timeout: 15000 });
        this.dialog.panel?.onServerEvent();
        break;
      case "appeal:decided":
        this.app.notices.show(sw("notice_answer"), { timeout: 20000 });
        this.dialog.panel?.onServerEvent();
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

  open() {
    return this.dialog.open();
  }
}
