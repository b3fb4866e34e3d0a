// What a moderator or admin can do in the space besides looking at hidden people: ask a
// person to leave the zone (with a reason they read kindly) and hide a message for everyone.
// The server checks the role on every call and writes each act to the audit log.

import { getLang } from "../i18n.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { h } from "./dom.js";

const WORDS = {
  ja: { ask: "このエリアを離れるようお願いする", reason: "お願いする理由（ご本人に表示されます）", asked: "お願いを伝えました。",
        hide: "隠す", hide_label: "このメッセージを全員から隠す", hidden: "メッセージを隠しました。" },
  en: { ask: "Ask them to leave this area", reason: "Why (the person reads this)", asked: "The request was sent.",
        hide: "Hide", hide_label: "Hide this message for everyone", hidden: "The message was hidden." },
};
const mw = (key) => (WORDS[getLang()] || WORDS.ja)[key];

export function isModerator(app) {
  return ["moderator", "admin"].includes(app.api.account?.role);
}

export function askToLeaveForm(app, person, onDone) {
  const id = `ask-leave-${person.id}`;
  const reason = h("input", { id, type: "text", maxlength: TEXT_LIMITS.moderation_reason, required: true });
  return h("form", {
    class: "moderator-tools",
    onsubmit: async (event) => {
      event.preventDefault();
      if (await app.act("moderation:ask_leave", { account_id: person.id, reason_ja: reason.value })) {
        app.notices.show(mw("asked"));
        onDone();
      }
    },
  }, h("label", { for: id, text: mw("reason") }), reason, h("button", { type: "submit", class: "quiet-button", text: mw("ask") }));
}

export function hideButton(app, messageId) {
  return h("button", {
    type: "button", class: "quiet-button message-hide", "aria-label": mw("hide_label"), text: mw("hide"),
    onclick: async () => {
      if (await app.act("moderation:hide_message", { message_id: messageId })) app.notices.show(mw("hidden"));
    },
  });
}
