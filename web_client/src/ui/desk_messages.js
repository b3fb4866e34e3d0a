// The desk panel's messages: leaving a message for the desk (outside hours, or instead of
// waiting) and the person's own messages with the desk's replies, each withdrawable after a
// confirmation. Part of desk.js: it keeps its own state and elements; desk.js places them,
// says when the form shows, and re-renders the panel through onChange.

import { MESSAGE_MAX, fill } from "./desk_words.js";
import { h } from "./dom.js";

export function deskMessages({ uid, rest, currentToken, words, announce, showError, clearError, onChange }) {
  const state = {
    formOpen: false,
    mine: [],
    isGuest: null,
    confirming: null, // the id of a message whose withdrawal is being confirmed
  };

  async function leaveMessage(event) {
    event.preventDefault();
    clearError();
    try {
      await rest("POST", "/api/desk/messages", { text: messageInput.value });
      messageInput.value = "";
      updateMessageCount();
      state.formOpen = false;
      announce(words().messageSent);
      await loadMine();
      onChange();
    } catch (error) { showError(error); }
  }

  async function loadMine() {
    if (!(await currentToken())) return;
    try {
      state.mine = (await rest("GET", "/api/desk/messages/mine")).messages;
      if (state.isGuest === null) {
        try { state.isGuest = (await rest("GET", "/api/me")).account.is_guest; } catch { state.isGuest = null; }
      }
    } catch { /* the list just stays as it was */ }
    renderMine();
  }

  async function withdraw(id) {
    try {
      await rest("DELETE", `/api/desk/messages/${encodeURIComponent(id)}`);
      state.confirming = null;
      announce(words().withdrawn);
      await loadMine();
    } catch (error) { showError(error); }
  }

  // --- structure ---
  const messageTitle = h("h3", { id: `${uid}-msg-title` });
  const messageInput = h("textarea", { id: `${uid}-msg`, class: "dk-textarea", rows: "4", maxlength: String(MESSAGE_MAX) });
  const messageLabel = h("label", { for: `${uid}-msg`, class: "dk-sr-only" });
  const messageHint = h("p", { id: `${uid}-msg-hint`, class: "dk-hint" });
  const guestNote = h("p", { class: "dk-hint dk-guest-note" });
  const messageCount = h("span", { class: "dk-count", "aria-hidden": "true" });
  messageInput.setAttribute("aria-describedby", messageHint.id);
  const updateMessageCount = () => { messageCount.textContent = fill(words().count, { n: messageInput.value.length, max: MESSAGE_MAX }); };
  messageInput.addEventListener("input", updateMessageCount);
  const messageSend = h("button", { type: "submit", class: "dk-primary" });
  const messageCancel = h("button", { type: "button", class: "dk-quiet", onclick: () => show(false) });
  const form = h("form", { class: "dk-message-form", "aria-labelledby": messageTitle.id, onsubmit: leaveMessage },
    messageTitle, messageHint, messageLabel, messageInput, messageCount, guestNote,
    h("div", { class: "dk-actions" }, messageSend, messageCancel));

  const mineTitle = h("h3", { id: `${uid}-mine` });
  const mineList = h("ul", { class: "dk-mine-list" });
  const mineBox = h("section", { class: "dk-mine", "aria-labelledby": mineTitle.id }, mineTitle, mineList);

  // --- rendering ---
  function renderTexts() {
    const w = words();
    messageTitle.textContent = w.messageTitle;
    messageLabel.textContent = w.messageTitle;
    messageHint.textContent = w.messageHint;
    guestNote.textContent = w.guestNote;
    messageSend.textContent = w.messageSend;
    messageCancel.textContent = w.cancel;
    mineTitle.textContent = w.mineTitle;
    updateMessageCount();
  }

  function renderMine() {
    const w = words();
    mineBox.hidden = !state.mine.length;
    mineList.replaceChildren(...state.mine.map((message) => {
      const item = h("li", { class: "dk-mine-item" },
        h("p", { class: "dk-mine-text", text: message.text }),
        h("p", { class: "dk-mine-state", text: message.handled ? w.handled : w.notYet }));
      if (message.reply) {
        item.append(h("div", { class: "dk-reply" },
          h("p", { class: "dk-reply-from", text: fill(w.replyFrom, { name: message.replied_by || "" }) }),
          h("p", { class: "dk-reply-text", text: message.reply })));
      }
      if (state.confirming === message.id) {
        item.append(h("div", { class: "dk-confirm", role: "group" },
          h("p", { text: w.withdrawConfirm }),
          h("div", { class: "dk-actions" },
            h("button", { type: "button", class: "dk-danger", text: w.withdraw, onclick: () => withdraw(message.id) }),
            h("button", { type: "button", class: "dk-quiet", text: w.cancel, onclick: () => { state.confirming = null; renderMine(); } }))));
      } else {
        item.append(h("button", { type: "button", class: "dk-quiet", text: w.withdraw,
          onclick: () => { state.confirming = message.id; renderMine(); } }));
      }
      return item;
    }));
  }

  // Shows or hides the form (the whole panel re-renders: the idle buttons depend on it).
  function show(open) {
    state.formOpen = open;
    onChange();
    if (open) messageInput.focus();
  }

  // Called from the panel's render(); `chatting`: a chat in progress hides the form.
  function render(chatting) {
    form.hidden = !state.formOpen || chatting;
    guestNote.hidden = state.isGuest !== true;
    renderMine();
  }

  return { form, mineBox, show, load: loadMine, renderTexts, render };
}
