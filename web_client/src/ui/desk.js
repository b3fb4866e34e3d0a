// The desk on duty, for visitors: see whether someone is there, knock without a booking,
// wait with a visible place in line, chat in text, or leave a message outside hours.
// Self-contained: its own socket on /desk, its own REST calls (panel_link.js), its own
// stylesheet; leaving a message and the replies are desk_messages.js. It never
// asks the browser for any permission (no microphone, no notifications, no location).
//
//   import { mountDesk } from "/static/ui/desk.js";
//   const desk = mountDesk(container, {
//     token: () => api.accessToken,          // string, or a function returning one (or a Promise)
//     refreshToken: () => api.refresh(),     // optional: called once when the token expired
//     enter: () => api.enterAsGuest("ja"),   // optional: when there is no token yet, the first
//                                            // button enters (e.g. as a guest) and knocks at once
//     lang: "ja",                            // "ja" | "en"
//     socketFactory: (options) => io("/desk", options),  // optional (tests, or a shared client)
//     onSessionEnded: (reason, text) => ...,  // optional: the server ended the session (after
//                                            // the panel shows `text`; e.g. go to the landing)
//   });
//   desk.setLang("en"); desk.destroy();

import {
  NOTE_MAX, SAY_MAX, describeStatus, fill, hoursLines, placeText, staffLine, words,
} from "./desk_words.js";
import { deskMessages } from "./desk_messages.js";
import { deskShield } from "./desk_shield.js";
import { h, ensureStylesheet } from "./dom.js";
import { endedText as sessionEndedWords } from "./session_keeper.js";
import { AUTH_CODES, ackCaller, keepPanelSession, openPanelSocket, restCaller, tokenOf } from "./panel_link.js";
import { fillReportButton, messageReportButton } from "./report_button.js";

const ACK_TIMEOUT_MS = 8000;

export function mountDesk(container, options = {}) {
  ensureStylesheet(new URL("./desk.css", import.meta.url).href, "data-ibasho-desk");
  const uid = `ibasho-desk-${Math.random().toString(36).slice(2, 10)}`;
  let lang = options.lang === "en" ? "en" : "ja";
  let w = words(lang);
  let socket = null;
  let keeper = null;
  let destroyed = false;
  let authRetried = false;
  let knockAfterConnect = false;
  // Counts desk:opened (and a chat found on reconnect): an ack that answers a call made before
  // the chat opened must not take the person back to the queue. The server acks a knock after
  // its emits and a database write, so staff can take the person before the ack lands.
  let chatsOpened = 0;
  const state = {
    summary: null,
    you: "idle", // idle | waiting | chatting | ended | left
    place: null,
    staff: null, // counts while waiting
    session: null, // {id, staffNickname, lines: [{kind: "message"|"system", ...}]}
    endedBy: null,
    connected: false,
    connection: "", // "" | reconnecting | over
    hours: null,
  };

  const currentToken = tokenOf(options);
  const rest = restCaller(options, currentToken);
  const call = ackCaller(() => socket, ACK_TIMEOUT_MS);

  function errorText(error) {
    if (!error) return "";
    if (error.code === "NOT_ACCEPTING" && error.detail?.reason === "full") return w.full;
    return error.messages?.[lang] || w.failed;
  }

  // --- the socket ---
  async function connect() {
    if (socket || destroyed) return;
    socket = await openPanelSocket("/desk", options, currentToken);
    keeper = keepPanelSession(socket, options, currentToken, sessionEnded);
    socket.on("connect", onConnected);
    socket.on("disconnect", (reason) => {
      state.connected = false;
      if (keeper?.ended) return;
      if (reason !== "io client disconnect") state.connection = "reconnecting";
      render();
    });
    socket.on("connect_error", onConnectError);
    socket.on("desk:status", (summary) => { state.summary = summary; render(); });
    socket.on("desk:queue", (data) => {
      state.you = "waiting";
      state.place = data.place;
      state.staff = data.staff;
      state.summary = { ...(state.summary || {}), on_duty: data.on_duty, staff: data.staff, waiting: data.waiting };
      render();
    });
    socket.on("desk:opened", (data) => { openSession(data); render(); focusSay(); });
    socket.on("desk:message", (data) => {
      if (state.session?.id !== data.session_id) return;
      state.session.lines.push({ kind: "message", ...data });
      renderLines();
    });
    socket.on("desk:handed_over", (data) => {
      if (state.session?.id !== data.session_id) return;
      state.session.staffNickname = data.staff_nickname;
      state.session.lines.push({ kind: "system", text: fill(w.handedOver, { name: data.staff_nickname }), key: "handed" });
      render();
    });
    socket.on("desk:ended", (data) => {
      if (state.session?.id !== data.session_id) return;
      if (data.requeued) {
        state.session = null;
        state.you = "waiting";
        state.notice = w.staffLost;
      } else {
        state.you = "ended";
        state.endedBy = data.by;
        // What was said stays on screen, read-only, until the person closes it or knocks again.
        state.endedSession = state.session;
        state.session = null;
      }
      render();
      if (state.you === "ended") endedTitle.focus();
    });
    socket.on("desk:reply", async () => {
      await messages.load();
      announce(w.replyArrived);
    });
  }

  async function onConnected() {
    state.connected = true;
    state.connection = "";
    authRetried = false;
    try {
      const reply = await call("desk:status");
      applyStatus(reply);
      if (knockAfterConnect) {
        knockAfterConnect = false;
        if (state.you === "idle" && state.summary?.open) await knock();
        else if (state.you === "idle") messages.show(true);
      }
    } catch (error) {
      showError(error);
    }
    render();
  }

  // The server ended this session (docs/PROTOCOL.md, "Live access"): an expiry is retried once
  // with a fresh token; anything else is said calmly, and the host may take the person home.
  async function sessionEnded(reason) {
    state.connected = false;
    if (reason === "expired" && options.refreshToken) {
      try { await options.refreshToken(); socket?.connect(); return; } catch { /* over after all */ }
    }
    state.connection = "ended";
    state.endedReason = reason;
    render();
    options.onSessionEnded?.(reason, sessionEndedWords(reason, lang));
  }

  async function onConnectError(err) {
    const code = err?.data?.code;
    if (socket?.active) { state.connection = "reconnecting"; render(); return; }
    if (AUTH_CODES.has(code) && options.refreshToken && !authRetried) {
      authRetried = true;
      try { await options.refreshToken(); socket.connect(); return; } catch { /* fall through */ }
    }
    state.connection = "over";
    render();
  }

  function applyStatus(reply) {
    const { you, ...summary } = reply;
    state.summary = summary;
    if (you?.state === "waiting") {
      state.you = "waiting";
      state.place = you.place;
      state.staff = you.staff;
    } else if (you?.state === "chatting") {
      openSession(you);
    } else if (state.you === "waiting" || state.you === "chatting") {
      state.you = "idle"; // the place was let go while we were away
      state.session = null;
    }
  }

  function openSession(data) {
    chatsOpened += 1;
    state.you = "chatting";
    state.notice = "";
    const previous = state.session?.id === data.session_id ? state.session.lines.filter((l) => l.kind === "system") : [];
    state.session = {
      id: data.session_id,
      staffNickname: data.staff_nickname,
      lines: [...(data.messages || []).map((m) => ({ kind: "message", ...m })), ...previous],
    };
  }

  // --- actions ---
  async function knock() {
    clearError();
    try {
      const note = noteInput.value.trim();
      const opened = chatsOpened;
      const reply = await call("desk:knock", note ? { note } : {});
      noteInput.value = "";
      state.endedSession = null;
      if (chatsOpened !== opened) { render(); return; } // already taken: the chat is shown
      state.you = "waiting";
      state.place = reply.place;
      render();
      placeHeading.focus();
    } catch (error) {
      if (error.code === "NOT_ACCEPTING") {
        // Closed, or nobody on duty: the status above says so calmly; offer the message.
        try { applyStatus(await call("desk:status")); } catch { /* keep what we had */ }
        messages.show(true);
        if (error.detail?.reason === "full") showError(error);
        return;
      }
      showError(error);
    }
  }

  async function firstStep(wantsMessage) {
    // No token yet: enter (e.g. as a guest), then knock, or open the message form.
    clearError();
    try {
      if (!(await currentToken())) await options.enter();
      knockAfterConnect = !wantsMessage;
      await connect();
      if (wantsMessage) messages.show(true);
      await messages.load();
    } catch (error) {
      showError(error);
    }
  }

  async function leaveQueue() {
    try {
      const opened = chatsOpened;
      await call("desk:leave");
      if (chatsOpened !== opened) return; // taken before leaving: the chat goes on
      state.you = "left";
      state.place = null;
      render();
      announce(w.leftQueue);
      status.focus();
    } catch (error) { showError(error); }
  }

  async function say(event) {
    event.preventDefault();
    const text = sayInput.value.trim();
    if (!text || !state.session) return;
    clearError();
    try {
      if (await shield.say(call, { session_id: state.session.id, text })) {
        sayInput.value = "";
        updateSayCount();
        shield.rehint();
      }
    } catch (error) { showError(error); }
    sayInput.focus();
  }

  async function endChat() {
    if (!state.session) return;
    try { await call("desk:end", { session_id: state.session.id }); } catch (error) { showError(error); }
  }

  async function loadHours() {
    try { state.hours = (await rest("GET", "/api/desk/hours")).hours; } catch { /* keep what we had */ }
    renderHoursList();
  }

  function renderHoursList() {
    hoursList.replaceChildren(...(state.hours ? hoursLines(state.hours, lang) : []).map((line) => h("li", { text: line })));
  }

  // --- structure (built once; render() updates it in place so focus and typing survive) ---
  const title = h("h2", { id: `${uid}-title`, class: "dk-title" });
  const intro = h("p", { class: "dk-intro" });
  const status = h("div", { class: "dk-status", role: "status", "aria-live": "polite", tabindex: "-1" });
  const alertBox = h("p", { class: "dk-alert", role: "alert" });
  const live = h("p", { class: "dk-sr-only", "aria-live": "polite" });
  const connection = h("p", { class: "dk-connection", role: "status" });

  const noteInput = h("input", { id: `${uid}-note`, class: "dk-input", maxlength: String(NOTE_MAX), autocomplete: "off" });
  const noteLabel = h("label", { for: `${uid}-note` });
  const noteHint = h("p", { id: `${uid}-note-hint`, class: "dk-hint" });
  noteInput.setAttribute("aria-describedby", noteHint.id);
  const noteSummary = h("summary", {});
  const noteBox = h("details", { class: "dk-note" }, noteSummary, h("div", { class: "dk-field" }, noteLabel, noteInput, noteHint));
  const knockButton = h("button", { type: "button", class: "dk-primary", onclick: () => (preview() ? firstStep(false) : knock()) });
  const messageButton = h("button", { type: "button", class: "dk-secondary", onclick: () => (preview() ? firstStep(true) : messages.show(true)) });
  const idleBox = h("div", { class: "dk-idle" }, noteBox, h("div", { class: "dk-actions" }, knockButton, messageButton));

  const placeHeading = h("h3", { class: "dk-place", tabindex: "-1" });
  const staffNow = h("p", { class: "dk-staff-now" });
  const waitCalm = h("p", { class: "dk-calm" });
  const leaveButton = h("button", { type: "button", class: "dk-quiet", onclick: leaveQueue });
  const insteadButton = h("button", { type: "button", class: "dk-quiet", onclick: () => messages.show(true) });
  const waitingBox = h("div", { class: "dk-waiting", role: "group", "aria-labelledby": `${uid}-place` },
    placeHeading, staffNow, waitCalm, h("div", { class: "dk-actions" }, leaveButton, insteadButton));
  placeHeading.id = `${uid}-place`;

  const chatHeading = h("h3", { class: "dk-chat-title", id: `${uid}-chat` });
  const chatIntro = h("p", { class: "dk-hint" });
  const lines = h("ol", { class: "dk-lines", role: "log", "aria-live": "polite", "aria-labelledby": `${uid}-chat` });
  const sayInput = h("input", { id: `${uid}-say`, class: "dk-input", maxlength: String(SAY_MAX), autocomplete: "off" });
  const sayLabel = h("label", { for: `${uid}-say`, class: "dk-sr-only" });
  const sayCount = h("span", { class: "dk-count", id: `${uid}-say-count`, "aria-hidden": "true" });
  const sendButton = h("button", { type: "submit", class: "dk-primary" });
  const sayForm = h("form", { class: "dk-say", onsubmit: say }, sayLabel, sayInput, sendButton);
  const endButton = h("button", { type: "button", class: "dk-quiet", onclick: endChat });
  const shield = deskShield({ input: sayInput, lang: () => lang });
  const chatBox = h("section", { class: "dk-chat", "aria-labelledby": `${uid}-chat` },
    chatHeading, chatIntro, lines, sayForm, shield.element, h("div", { class: "dk-chat-foot" }, sayCount, endButton));
  const updateSayCount = () => { sayCount.textContent = fill(w.count, { n: sayInput.value.length, max: SAY_MAX }); };
  sayInput.addEventListener("input", updateSayCount);

  const endedTitle = h("h3", { class: "dk-ended-title", tabindex: "-1" });
  const endedText = h("p", {});
  const againButton = h("button", { type: "button", class: "dk-secondary", onclick: () => knock() });
  const closeChatButton = h("button", { type: "button", class: "dk-quiet", onclick: () => { state.endedSession = null; render(); } });
  const endedBox = h("div", { class: "dk-ended" }, endedTitle, endedText, h("div", { class: "dk-actions" }, againButton, closeChatButton));

  const messages = deskMessages({
    uid, rest, currentToken, words: () => w, announce, showError, clearError, onChange: () => render(),
  });

  const hoursSummary = h("summary", {});
  const hoursList = h("ul", { class: "dk-hours-list" });
  const hoursBox = h("details", { class: "dk-hours" }, hoursSummary, hoursList);
  hoursBox.addEventListener("toggle", () => { if (hoursBox.open) loadHours(); });

  const root = h("section", { class: "dk-panel", "aria-labelledby": title.id, lang },
    title, intro, status, hoursBox, connection, alertBox, live, idleBox, waitingBox, chatBox, endedBox, messages.form, messages.mineBox);
  container.append(root);

  // --- rendering ---
  function preview() {
    return !state.connected && !socket && typeof options.enter === "function";
  }

  function announce(text) {
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 30);
  }

  function showError(error) { alertBox.textContent = errorText(error); }
  function clearError() { alertBox.textContent = ""; }

  function focusSay() { setTimeout(() => sayInput.focus(), 0); }

  function renderTexts() {
    root.setAttribute("lang", lang);
    title.textContent = w.title;
    intro.textContent = w.intro;
    noteSummary.textContent = w.noteSummary;
    noteLabel.textContent = w.noteLabel;
    noteHint.textContent = w.noteHint;
    leaveButton.textContent = w.leaveQueue;
    insteadButton.textContent = w.leaveMessage;
    chatIntro.textContent = w.chatIntro;
    sayLabel.textContent = w.messageLabel;
    sendButton.textContent = w.send;
    endButton.textContent = w.endChat;
    endedTitle.textContent = w.endedTitle;
    againButton.textContent = w.again;
    closeChatButton.textContent = w.closeChat;
    hoursSummary.textContent = w.hoursSummary;
    renderHoursList();
    updateSayCount();
    messages.renderTexts();
  }

  function renderStatus() {
    const described = describeStatus(state.summary, { lang });
    status.dataset.mood = described.mood;
    status.replaceChildren(
      h("p", { class: "dk-headline", text: described.headline }),
      ...described.details.map((text) => h("p", { class: "dk-detail", text })),
    );
  }

  function renderLines() {
    const session = state.session || state.endedSession;
    lines.replaceChildren(...(session?.lines || []).map((line) => {
      if (line.kind === "system") return h("li", { class: "dk-line dk-line-system", text: line.text });
      const mine = line.from === "visitor";
      const report = mine ? null : messageReportButton({ call: rest }, () => ({ kind: "message", id: line.id, place: "desk" }));
      if (report) fillReportButton(report, { mine, sender: line.sender_nickname });
      return h("li", { class: `dk-line ${mine ? "dk-line-mine" : "dk-line-staff"}` },
        h("span", { class: "dk-who", text: mine ? w.you : line.sender_nickname }),
        h("span", { class: "dk-text", text: line.text }), report);
    }));
    lines.scrollTop = lines.scrollHeight;
  }

  function render() {
    renderStatus();
    const open = Boolean(state.summary?.open);
    const idle = state.you === "idle" || state.you === "left";
    connection.textContent = state.connection === "reconnecting" ? w.reconnecting : state.connection === "over" ? w.sessionOver
      : state.connection === "ended" ? sessionEndedWords(state.endedReason, lang) : "";
    connection.hidden = !connection.textContent;

    // The desk's status matters before and after a chat; while waiting or chatting the
    // panel speaks about the person's own place and chat instead.
    status.hidden = state.you === "waiting" || state.you === "chatting";
    hoursBox.hidden = status.hidden;
    idleBox.hidden = !(idle || preview());
    knockButton.textContent = preview() ? w.knockFirst : w.knock;
    knockButton.hidden = !open;
    noteBox.hidden = !open;
    messageButton.textContent = w.leaveMessage;
    messageButton.className = open ? "dk-secondary" : "dk-primary";

    waitingBox.hidden = state.you !== "waiting";
    if (state.you === "waiting") {
      placeHeading.textContent = state.place ? placeText(state.place, lang) : "";
      staffNow.textContent = staffLine(state.staff || state.summary?.staff, lang);
      waitCalm.textContent = state.summary && !state.summary.on_duty ? w.nobodyWhileWaiting : (state.notice || w.waitCalm);
    }

    const shownSession = state.you === "chatting" ? state.session : state.you === "ended" ? state.endedSession : null;
    chatBox.hidden = !shownSession;
    // After the end the words stay readable, but nothing says the talk goes on: no input, no
    // counter, and the heading in the past.
    sayForm.hidden = state.you !== "chatting";
    endButton.hidden = state.you !== "chatting";
    sayCount.hidden = state.you !== "chatting";
    if (shownSession) {
      chatHeading.textContent = fill(state.you === "chatting" ? w.chattingWith : w.chattedWith, { name: shownSession.staffNickname });
      renderLines();
    }

    endedBox.hidden = state.you !== "ended";
    endedText.textContent = (state.endedBy === "staff" ? `${w.endedByStaff} ` : "") + w.endedText;
    againButton.hidden = !open;
    closeChatButton.hidden = !state.endedSession;

    messages.render(state.you === "chatting");
  }

  renderTexts();
  render();

  // Without an `enter` option a token must be there: connect at once.
  (async () => {
    if (await currentToken()) {
      await connect();
      await messages.load();
    } else if (typeof options.enter !== "function") {
      state.connection = "over";
      render();
    } else {
      // Preview: the public status, before anybody entered.
      try { state.summary = (await rest("GET", "/api/desk")).desk; } catch { /* shown as closed */ }
      render();
    }
  })();

  return {
    element: root,
    setLang(next) {
      lang = next === "en" ? "en" : "ja";
      w = words(lang);
      renderTexts();
      render();
    },
    destroy() {
      destroyed = true;
      keeper?.stop();
      socket?.disconnect();
      socket = null;
      root.remove();
    },
  };
}
