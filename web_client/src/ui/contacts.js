// The dock for contact: a gentle welcome, invitations (never modal, answerable or
// ignorable), invitations one has sent, and open conversations with their typed talk.

import { $, h, keyedList } from "./dom.js";
import { formatTime } from "../times.js";
import { fillReportButton, messageReportButton } from "./report_button.js";
import { getLang, listNames, t } from "../i18n.js";
import { watchInput } from "../shield_hint.js";
import { TEXT_LIMITS } from "../text_limits.js";

function names(list) {
  return listNames(list.map((m) => m.nickname));
}

export class ContactDock {
  constructor(app) {
    this.app = app;
    this.el = $("#contact-dock");
    this.welcome = null;
    this.invites = h("div", { class: "dock-group invites" });
    this.sent = h("div", { class: "dock-group sent" });
    this.conversations = h("div", { class: "dock-group conversations" });
    this.el.append(this.invites, this.sent, this.conversations);
  }

  showWelcome() {
    if (this.welcome) return;
    const choose = h("button", { type: "button", class: "primary small", text: t("welcome_avatar") });
    const close = h("button", { type: "button", class: "quiet-button small", text: t("welcome_close") });
    this.welcome = h("article", { class: "card welcome-card", "aria-labelledby": "welcome-title" },
      h("h2", { id: "welcome-title", text: t("welcome_title") }),
      h("p", { text: t("welcome_body") }),
      h("div", { class: "row" }, choose, close));
    const dismiss = () => {
      this.welcome?.remove();
      this.welcome = null;
    };
    choose.addEventListener("click", () => { dismiss(); this.app.openAvatarBuilder(); });
    close.addEventListener("click", () => { dismiss(); this.app.focusMap(); });
    this.el.prepend(this.welcome);
  }

  update(prev, state) {
    if (prev.invitations !== state.invitations) this.renderInvitations(state);
    if (prev.sent !== state.sent) this.renderSent(state);
    if (prev.conversations !== state.conversations || prev.me?.id !== state.me?.id) this.renderConversations(state);
  }

  renderAll(state) {
    if (this.welcome) {
      this.welcome.remove();
      this.welcome = null;
      this.showWelcome();
    }
    this.invites.textContent = "";
    this.sent.textContent = "";
    this.conversations.textContent = "";
    this.renderInvitations(state);
    this.renderSent(state);
    this.renderConversations(state);
  }

  renderInvitations(state) {
    keyedList(this.invites, state.invitations, (r) => r.request_id, (r) => {
      const accept = h("button", { type: "button", class: "primary small", dataset: { action: "accept" } });
      const decline = h("button", { type: "button", class: "quiet-button small", dataset: { action: "decline" } });
      accept.addEventListener("click", () => this.app.answerInvitation(r.request_id, true));
      decline.addEventListener("click", () => this.app.answerInvitation(r.request_id, false));
      return h("article", { class: "card invite-card", "aria-labelledby": `inv-${r.request_id}` },
        h("h3", { id: `inv-${r.request_id}`, class: "invite-title" }),
        h("p", { class: "invite-others" }),
        h("p", { class: "hint invite-body" }),
        h("div", { class: "row" }, accept, decline));
    }, (el, r) => {
      el.querySelector(".invite-title").textContent = t("invite_card_title", { name: r.from.nickname });
      const others = el.querySelector(".invite-others");
      others.hidden = !r.others?.length;
      others.textContent = r.others?.length ? t("invite_card_others", { names: names(r.others) }) : "";
      el.querySelector(".invite-body").textContent = t("invite_card_body");
      el.querySelector("[data-action=accept]").textContent = t("invite_accept");
      el.querySelector("[data-action=decline]").textContent = t("invite_decline");
    });
  }

  renderSent(state) {
    keyedList(this.sent, state.sent, (r) => r.request_id, (r) => {
      const withdraw = h("button", { type: "button", class: "quiet-button small" });
      withdraw.addEventListener("click", () => this.app.withdrawInvitation(r.request_id));
      return h("div", { class: "sent-chip" }, h("span", { class: "sent-text" }), withdraw);
    }, (el, r) => {
      const who = r.invitee_ids.map((id) => this.app.nicknameOf(id)).filter(Boolean);
      el.querySelector(".sent-text").textContent = t("invite_waiting", { names: listNames(who) || "…" });
      el.querySelector("button").textContent = t("invite_withdraw");
    });
  }

  renderConversations(state) {
    const list = Object.values(state.conversations);
    keyedList(this.conversations, list, (c) => c.id, (c) => this.createConversation(c), (el, c) => this.fillConversation(el, c, state));
  }

  createConversation(c) {
    const input = h("input", { id: `say-${c.id}`, maxlength: String(TEXT_LIMITS.chat), autocomplete: "off", class: "say-input" });
    const form = h("form", { class: "say-form" },
      h("label", { for: `say-${c.id}`, class: "sr-only conv-label" }), input,
      h("button", { type: "submit", class: "secondary conv-send" }));
    const hint = h("p", { class: "shield-hint", role: "status", hidden: true });
    const rehint = watchInput(input, hint, { lang: getLang, where: "public" });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.app.say(c.id, input.value).then((ok) => { if (ok) { input.value = ""; rehint(); } });
    });
    const leave = h("button", { type: "button", class: "quiet-button small conv-leave" });
    leave.addEventListener("click", () => this.app.leaveConversation(c.id));
    const dismiss = h("button", { type: "button", class: "primary small conv-dismiss" });
    dismiss.addEventListener("click", () => this.app.dismissConversation(c.id));
    return h("section", { class: "card conversation", "aria-labelledby": `conv-${c.id}`, dataset: { conversation: c.id } },
      h("header", { class: "conv-head" }, h("h3", { id: `conv-${c.id}`, class: "conv-title" }), leave),
      h("ol", { class: "messages conv-messages" }),
      form, hint,
      h("div", { class: "conv-closed", hidden: true }, h("p", { class: "gentle-note" }), dismiss));
  }

  fillConversation(el, c, state) {
    const me = state.me?.id;
    const others = c.members.filter((m) => m.account_id !== me);
    el.querySelector(".conv-title").textContent = others.length ? t("conv_title", { names: names(others) }) : t("conv_title_alone");
    el.querySelector(".conv-leave").textContent = t("conv_leave");
    el.querySelector(".conv-label").textContent = t("conv_label");
    el.querySelector(".conv-send").textContent = t("conv_send");
    el.querySelector(".say-input").setAttribute("placeholder", t("conv_placeholder"));
    const closed = el.querySelector(".conv-closed");
    closed.hidden = !c.closed;
    closed.querySelector("p").textContent = t("conv_closed");
    closed.querySelector("button").textContent = t("conv_dismiss");
    el.querySelector(".say-form").hidden = c.closed;
    el.querySelector(".conv-leave").hidden = c.closed;
    const list = el.querySelector(".conv-messages");
    const lang = this.app.lang;
    const items = c.messages.map((m, i) => ({ ...m, key: m.kind === "message" ? m.id : `${m.kind}-${i}` }));
    keyedList(list, items, (m) => m.key, (m) => (m.kind === "message"
      ? h("li", { class: "message", dataset: { id: m.id } }, h("span", { class: "sender" }), h("span", { class: "text" }), h("time", {}),
        messageReportButton(this.app.api, () => ({ kind: "message", id: m.id, place: "conversation" })))
      : h("li", { class: "system-line" })), (li, m) => {
      if (m.kind === "message") {
        li.classList.toggle("mine", m.sender_id === me);
        li.querySelector(".sender").textContent = m.sender_id === me ? t("you") : m.sender_nickname;
        li.querySelector(".text").textContent = m.text;
        li.querySelector("time").textContent = formatTime(m.sent_at, lang);
        fillReportButton(li.querySelector(".msg-report"), { mine: m.sender_id === me, sender: m.sender_nickname });
      } else {
        li.textContent = t(m.kind === "joined" ? "conv_joined" : "conv_left", { name: m.nickname });
      }
    });
    list.scrollTop = list.scrollHeight;
  }

  focusConversation(id) {
    const el = this.conversations.querySelector(`[data-conversation="${CSS.escape(id)}"] .say-input`);
    el?.focus();
  }
}
