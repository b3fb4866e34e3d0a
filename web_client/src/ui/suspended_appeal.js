// What a suspended (or banned) person meets at the landing page after the right passphrase:
// why, until when, and a way to appeal without signing in. The refused login carried a token
// good for that one appeal and nothing else (30 minutes); the next login shows the appeal's
// state and, once decided, the answer. A wrong passphrase never gets here: it says nothing.
//
//   showSuspension(container, detail, api)   // detail: the SUSPENDED refusal's detail

import { errorText, getLang, onLangChange } from "../i18n.js";
import { h } from "./dom.js";
import { TEXT_LIMITS } from "../text_limits.js";

const WORDS = {
  ja: {
    title_suspension: "このアカウントは、いまお休み中です",
    title_ban: "このアカウントは、使えなくなりました",
    reason: "理由",
    until: "{when} まで。その後はまた入れます。",
    no_end: "期限はありません。",
    appeal_title: "この判断について申し立てる",
    appeal_intro: "判断した人とは別の担当者が読んで、お返事します。1回だけ、{when} までできます。",
    appeal_label: "どう考えているか、書いてください（{n}文字まで）",
    appeal_send: "申し立てを送る",
    appeal_sent: "申し立てを受け付けました。別の担当者が確認します。お返事は、次にニックネームで入ろうとしたときにここで読めます。",
    appeal_waiting: "申し立てを受け付けています。別の担当者が確認中です。",
    answer_upheld: "申し立てへのお返事（このままとします）",
    answer_lifted: "申し立てへのお返事（取り消しました）",
    appeal_closed: "この件への申し立ての期間は終わりました。",
    support: "つらいときは、入らずに使える相談デスクや掲示板もあります。",
  },
  en: {
    title_suspension: "This account is paused for now",
    title_ban: "This account can no longer be used",
    reason: "Why",
    until: "Until {when}. You are welcome back after that.",
    no_end: "There is no end date.",
    appeal_title: "Appeal this decision",
    appeal_intro: "A moderator other than the one who decided will read it and answer. Once only, until {when}.",
    appeal_label: "Tell us how you see it (up to {n} characters)",
    appeal_send: "Send the appeal",
    appeal_sent: "Your appeal was received. Another moderator will look at it. You can read the answer here the next time you try to enter with your nickname.",
    appeal_waiting: "Your appeal was received. Another moderator is looking at it.",
    answer_upheld: "Answer to your appeal (it stays as it is)",
    answer_lifted: "Answer to your appeal (it was lifted)",
    appeal_closed: "The time to appeal this has passed.",
    support: "If things are hard, the desk and the boards are open without entering.",
  },
};

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ""));
}

function when(iso, lang) {
  return new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "ja-JP",
    { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

let shown = null; // the render of the suspension on the page (one at a time)

export function showSuspension(container, detail, api) {
  let sent = false;
  const text = h("textarea", { id: "suspended-appeal-text", rows: "5", maxlength: String(TEXT_LIMITS.appeal_text), required: true });
  const status = h("p", { class: "suspension-status", role: "status" });

  function render() {
    const lang = getLang() === "en" ? "en" : "ja";
    const w = WORDS[lang];
    const say = (key, params = {}) => fill(w[key], params);
    const reason = (lang === "en" ? detail.reason_en : detail.reason_ja) || detail.reason_ja;
    const parts = [
      h("h2", { id: "suspension-title", tabindex: "-1", text: say(detail.kind === "ban" ? "title_ban" : "title_suspension") }),
      h("p", { class: "suspension-reason" }, h("strong", { text: `${say("reason")}: ` }), reason),
      h("p", { class: "suspension-until", text: detail.until ? say("until", { when: when(detail.until, lang) }) : say("no_end") }),
    ];
    const appeal = detail.appeal;
    if (appeal?.outcome) {
      parts.push(h("h3", { text: say(`answer_${appeal.outcome}`) }),
        h("p", { class: "suspension-answer", text: (lang === "en" ? appeal.answer_en : appeal.answer_ja) || appeal.answer_ja }));
    } else if (appeal || sent) {
      parts.push(h("p", { class: "suspension-waiting", text: say(sent ? "appeal_sent" : "appeal_waiting") }));
    } else if (detail.may_appeal && detail.appeal_token) {
      const label = h("label", { for: text.id, text: say("appeal_label", { n: TEXT_LIMITS.appeal_text }) });
      const form = h("form", { class: "suspension-appeal", "aria-labelledby": "suspension-appeal-title" },
        h("h3", { id: "suspension-appeal-title", text: say("appeal_title") }),
        h("p", { class: "hint", text: say("appeal_intro", { when: when(detail.appeal_until, lang) }) }),
        label, text, h("button", { type: "submit", class: "primary", text: say("appeal_send") }));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        form.querySelector("button").disabled = true;
        try {
          await api.raw("POST", "/api/auth/appeal", { token: detail.appeal_token, text: text.value }, false);
          sent = true;
          render();
          container.querySelector(".suspension-waiting")?.focus?.();
          status.textContent = say("appeal_sent");
        } catch (err) {
          status.textContent = errorText(err);
          form.querySelector("button").disabled = false;
        }
      });
      parts.push(form);
    } else {
      parts.push(h("p", { class: "hint", text: say("appeal_closed") }));
    }
    parts.push(status, h("p", { class: "hint", text: say("support") }));
    container.replaceChildren(...parts);
  }

  if (!shown) onLangChange(() => shown?.());
  shown = render;
  container.hidden = false;
  render();
  container.querySelector("#suspension-title").focus();
}
