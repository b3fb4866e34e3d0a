// The consultation room, person side: the person's upcoming bookings, the waiting room
// (the specialist's status, typing while waiting), and the private room (text always;
// voice only when the person presses "use voice too", with mute, push-to-talk and a clear
// on/off indicator; end). Self-contained: its own socket on /consult, its own REST calls,
// its own stylesheet (the plumbing shared with desk.js is panel_link.js). The microphone is
// asked for ONLY by the "use voice" button (consult_voice.js, the voice box).
//
//   import { mountConsult } from "/static/ui/consult.js";
//   const consult = mountConsult(container, {
//     token: () => api.accessToken,        // string, or a function returning one (or a Promise)
//     refreshToken: () => api.refresh(),   // optional: called once when the token expired
//     lang: "ja",                          // "ja" | "en"
//     timeZone: "Asia/Tokyo",              // how times are shown
//     socketFactory: (options) => io("/consult", options),  // optional
//     onSessionEnded: (reason, text) => ...,  // optional: the server ended the session
//   });
//   consult.setLang("en"); consult.destroy();

import { consultVoicePanel } from "./consult_voice.js";
import {
  SAY_MAX, canWaitNow, fill, opensAt, professionName, statusText, words,
} from "./consult_words.js";
import { h, ensureStylesheet } from "./dom.js";
import { crisisBox } from "./crisis_box.js";
import { endedText as sessionEndedWords } from "./session_keeper.js";
import { AUTH_CODES, ackCaller, keepPanelSession, openPanelSocket, restCaller, tokenOf } from "./panel_link.js";
import { formatAt, formatRange, operatorZone, zoneLabel } from "../times.js";


const ACK_TIMEOUT_MS = 15000;
const LIST_REFRESH_MS = 30000;

export function mountConsult(container, options = {}) {
  ensureStylesheet(new URL("./consult.css", import.meta.url).href, "data-ibasho-consult");
  const timeZone = options.timeZone || operatorZone();
  const uid = `ibasho-consult-${Math.random().toString(36).slice(2, 10)}`;
  let lang = options.lang === "en" ? "en" : "ja";
  let w = words(lang);
  let socket = null;
  let keeper = null;
  let destroyed = false;
  let authRetried = false;
  const timers = { list: null };
  const state = {
    view: "list", // list | waiting | room | ended
    bookings: null, // null while loading
    signedOut: false,
    session: null, // the waiting or room view from the server
    lines: [],
    endedBy: null,
    consentAsk: null, // {nickname, profession}
    confirmingEnd: false,
    connection: "connecting",
  };

  const currentToken = tokenOf(options);
  const rest = restCaller(options, currentToken);
  const call = ackCaller(() => socket, ACK_TIMEOUT_MS);

  function errorText(error) {
    return error?.messages?.[lang] || w.failed;
  }

  // --- the socket ---
  // The server ended this session (docs/PROTOCOL.md, "Live access"): an expiry is retried once
  // with a fresh token; anything else is said calmly, and the host may take the person home.
  async function sessionEnded(reason) {
    if (reason === "expired" && options.refreshToken) {
      try { await options.refreshToken(); socket?.connect(); return; } catch { /* over after all */ }
    }
    await voicePanel.stop({ tellServer: false });
    state.connection = "ended";
    state.endedReason = reason;
    renderConnection();
    options.onSessionEnded?.(reason, sessionEndedWords(reason, lang));
  }

  async function connect() {
    const token = await currentToken();
    if (!token) { state.signedOut = true; state.bookings = []; state.connection = ""; render(); return; }
    socket = await openPanelSocket("/consult", options, currentToken);
    if (destroyed) { socket.disconnect(); return; }
    keeper = keepPanelSession(socket, options, currentToken, sessionEnded);
    socket.on("connect", onConnected);
    socket.on("disconnect", (reason) => {
      if (keeper?.ended) return;
      if (reason !== "io client disconnect") { state.connection = "reconnecting"; renderConnection(); }
    });
    socket.on("connect_error", async (err) => {
      if (socket.active) { state.connection = "reconnecting"; renderConnection(); return; }
      if (AUTH_CODES.has(err?.data?.code) && options.refreshToken && !authRetried) {
        authRetried = true;
        try { await options.refreshToken(); socket.connect(); return; } catch { /* fall through */ }
      }
      state.connection = "reconnecting";
      renderConnection();
    });
    socket.on("consult:waiting", (view) => {
      if (state.session?.session_id !== view.session_id || state.view !== "waiting") return;
      state.session = view;
      renderWaiting(); // the status card is a live region: changes are read out from there
    });
    socket.on("consult:admitted", (view) => {
      openRoom(view);
      announce(w.admittedNotice);
      heading.focus();
    });
    socket.on("consult:message", (message) => {
      if (state.session?.session_id !== message.session_id) return;
      if (state.lines.some((m) => m.id === message.id)) return;
      state.lines.push(message);
      renderLines();
    });
    socket.on("consult:consent_request", (data) => {
      if (state.session?.session_id !== data.session_id) return;
      state.consentAsk = data.colleague;
      renderConsent();
      consentYes.focus();
    });
    socket.on("consult:participants", (data) => {
      if (state.session?.session_id !== data.session_id) return;
      const had = colleagueOf(state.session);
      state.session = { ...state.session, participants: data.participants, consent: data.consent };
      const now = colleagueOf(state.session);
      if (!had && now) announce(fill(w.consentGiven, { name: now.nickname }));
      if (had && !now) announce(fill(w.colleagueLeft, { name: had.nickname }));
      renderRoom();
    });
    socket.on("consult:voice_state", (data) => {
      if (state.session?.session_id !== data.session_id) return;
      voicePanel.setSeats(data.participants);
    });
    socket.on("consult:ended", (data) => {
      if (state.session?.session_id !== data.session_id) return;
      closeSession(data.by);
    });
  }

  async function onConnected() {
    state.connection = "";
    authRetried = false;
    try {
      const status = await call("consult:status");
      const current = status.as_person.find((s) => s.phase === "admitted") || status.as_person[0];
      if (current) {
        if (current.phase === "admitted") openRoom(current);
        else openWaiting(current);
      } else if (state.view === "waiting" || state.view === "room") {
        state.view = "list"; // let go while we were away (e.g. the time ended)
        state.session = null;
      }
    } catch (error) {
      showError(error);
    }
    await loadBookings();
    render();
  }

  async function loadBookings() {
    try {
      const from = new Date(Date.now() - 60000).toISOString().replace(/\.\d+Z$/, "Z");
      const data = await rest("GET", `/api/bookings?side=person&from=${encodeURIComponent(from)}&status=booked,no_show`);
      state.bookings = data.bookings;
    } catch (error) {
      if (AUTH_CODES.has(error.code)) state.signedOut = true;
      state.bookings = [];
    }
    renderList();
  }

  // --- the session ---
  function openWaiting(view) {
    state.view = "waiting";
    state.session = view;
    state.lines = [...(view.messages || [])];
    render();
  }

  function openRoom(view) {
    state.view = "room";
    state.session = view;
    state.lines = [...(view.messages || [])];
    state.consentAsk = view.consent?.state === "pending" ? view.consent.colleague : null;
    render();
    call("consult:voice_state", { session_id: view.session_id })
      .then((data) => voicePanel.setSeats(data.participants))
      .catch(() => {});
  }

  async function closeSession(by) {
    await voicePanel.stop({ tellServer: false });
    state.view = "ended";
    state.endedBy = by;
    state.session = null;
    state.consentAsk = null;
    state.confirmingEnd = false;
    voicePanel.forgetSeats();
    render();
    heading.focus();
    loadBookings();
  }

  function colleagueOf(session) {
    return session?.participants?.find((p) => p.seat === "colleague") || null;
  }

  // --- actions ---
  async function run(action) {
    clearError();
    try { return await action(); } catch (error) { showError(error); return undefined; }
  }

  async function goWait(booking) {
    await run(async () => {
      const view = await call("consult:wait", { session_id: booking.id });
      if (view.phase === "admitted") openRoom(view);
      else openWaiting(view);
      heading.focus();
    });
  }

  async function leaveWaiting() {
    await run(async () => {
      await call("consult:leave_waiting", { session_id: state.session.session_id });
      state.view = "list";
      state.session = null;
      render();
      announce(w.leftWaiting);
      heading.focus();
    });
  }

  async function say(event) {
    event.preventDefault();
    const text = sayInput.value.trim();
    if (!text || !state.session) return;
    await run(async () => {
      const message = await call("consult:say", { session_id: state.session.session_id, text });
      if (message.crisis) crisis.show(message.crisis);
      sayInput.value = "";
      if (!state.lines.some((m) => m.id === message.id)) { state.lines.push(message); renderLines(); }
    });
    sayInput.focus();
  }

  async function answerConsent(accept) {
    await run(async () => {
      await call("consult:consent", { session_id: state.session.session_id, accept });
      state.consentAsk = null;
      renderConsent();
      heading.focus();
    });
  }

  async function endSession() {
    await run(async () => {
      await call("consult:end", { session_id: state.session.session_id });
      await closeSession("person");
    });
  }

  // --- structure ---
  const heading = h("h2", { id: `${uid}-title`, class: "cs-title", tabindex: "-1" });
  const intro = h("p", { class: "cs-intro" });
  const connection = h("p", { class: "cs-connection", role: "status" });
  const alertBox = h("p", { class: "cs-alert", role: "alert" });
  const live = h("p", { class: "cs-sr-only", "aria-live": "polite" });

  // list
  const listTitle = h("h3", { id: `${uid}-mine` });
  const list = h("ul", { class: "cs-bookings" });
  const listNote = h("p", { class: "cs-hint" });
  const listBox = h("section", { class: "cs-box", "aria-labelledby": listTitle.id }, listTitle, list, listNote);

  // waiting
  const statusCard = h("div", { class: "cs-status", role: "status" });
  const leaveButton = h("button", { type: "button", class: "cs-quiet", onclick: leaveWaiting });
  const waitingBox = h("section", { class: "cs-box cs-waiting" }, statusCard, leaveButton);

  // room: who is here (voice: consult_voice.js)
  const hereTitle = h("h3", { id: `${uid}-here`, class: "cs-sub" });
  const hereList = h("ul", { class: "cs-here" });
  const consentBox = h("div", { class: "cs-consent", role: "group", "aria-labelledby": `${uid}-consent-title` });
  const consentTitle = h("h4", { id: `${uid}-consent-title` });
  const consentText = h("p", {});
  const consentYes = h("button", { type: "button", class: "cs-primary", onclick: () => answerConsent(true) });
  const consentNo = h("button", { type: "button", class: "cs-secondary", onclick: () => answerConsent(false) });
  consentBox.append(consentTitle, consentText, h("div", { class: "cs-row" }, consentYes, consentNo));
  const withdrawButton = h("button", { type: "button", class: "cs-quiet", onclick: () => answerConsent(false) });


  const voicePanel = consultVoicePanel({
    uid, call, session: () => state.session, words: () => w, lang: () => lang, announce, showError, seatName,
  });

  // conversation (waiting and room)
  const linesTitle = h("h3", { id: `${uid}-lines`, class: "cs-sub" });
  const lines = h("ol", { class: "cs-lines", role: "log", "aria-live": "polite", "aria-labelledby": linesTitle.id, tabindex: "0" });
  const sayId = `${uid}-say`;
  const sayLabel = h("label", { for: sayId });
  const sayInput = h("textarea", { id: sayId, class: "cs-input", rows: "2", maxlength: String(SAY_MAX) });
  sayInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) say(event);
  });
  const sendButton = h("button", { type: "submit", class: "cs-primary" });
  const sayForm = h("form", { class: "cs-say", onsubmit: say }, sayLabel, sayInput, sendButton);
  const crisis = crisisBox({ lang: () => lang, onClose: () => sayInput.focus() });
  const conversationBox = h("section", { class: "cs-box cs-conversation", "aria-labelledby": linesTitle.id }, linesTitle, lines, sayForm,
    crisis.element);

  const endButton = h("button", { type: "button", class: "cs-end", onclick: () => { state.confirmingEnd = true; renderEnd(); endYes.focus(); } });
  const endQuestion = h("p", { class: "cs-end-question" });
  const endYes = h("button", { type: "button", class: "cs-end", onclick: endSession });
  const endNo = h("button", { type: "button", class: "cs-secondary", onclick: () => { state.confirmingEnd = false; renderEnd(); endButton.focus(); } });
  const endConfirm = h("div", { class: "cs-row cs-end-confirm", role: "group" }, endQuestion, endYes, endNo);
  const endBox = h("div", { class: "cs-end-box" }, endButton, endConfirm);

  const roomHead = h("section", { class: "cs-box cs-room", "aria-labelledby": hereTitle.id }, hereTitle, hereList, consentBox, withdrawButton);

  // ended
  const endedText = h("p", {});
  const backButton = h("button", { type: "button", class: "cs-secondary", onclick: () => { state.view = "list"; render(); heading.focus(); } });
  const endedBox = h("section", { class: "cs-box cs-ended" }, endedText, backButton);

  const grid = h("div", { class: "cs-grid" }, conversationBox, voicePanel.box);
  const root = h("section", { class: "cs-panel", "aria-labelledby": heading.id, lang },
    heading, intro, connection, alertBox, live,
    listBox, waitingBox, roomHead, grid, endBox, endedBox);
  container.append(root);

  // --- rendering ---
  function announce(text) {
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 30);
  }

  function clearError() { alertBox.textContent = ""; }
  function showError(error) { alertBox.textContent = errorText(error); }

  const span = (from, to) => `${formatAt(from, lang, "day", { zone: timeZone })} ${formatRange(from, to, lang, { zone: timeZone })}${zoneLabel(lang, from, { zone: timeZone })}`;

  function renderConnection() {
    connection.textContent = state.connection === "connecting" ? w.connecting : state.connection === "reconnecting" ? w.reconnecting
      : state.connection === "ended" ? sessionEndedWords(state.endedReason, lang) : "";
    connection.hidden = !connection.textContent;
  }

  function renderList() {
    listTitle.textContent = w.mine;
    const bookings = state.bookings || [];
    list.replaceChildren(...bookings.map((booking) => {
      const when = span(booking.starts_at, booking.ends_at);
      const who = fill(w.with, { name: booking.specialist.nickname, profession: professionName(booking.specialist.profession, lang) });
      const item = h("li", { class: "cs-booking" }, h("p", { class: "cs-when", text: when }), h("p", { class: "cs-who", text: who }));
      if (canWaitNow(booking)) {
        item.append(h("button", { type: "button", class: "cs-primary", text: w.goWait, onclick: () => goWait(booking) }));
      } else {
        item.append(h("p", { class: "cs-hint", text: fill(w.opensAt, { time: fmt().format(opensAt(booking)) }) }));
      }
      return item;
    }));
    list.hidden = !bookings.length;
    listNote.textContent = state.signedOut ? w.signedOut : state.bookings && !bookings.length ? `${w.none} ${w.noneHint}` : "";
    listNote.hidden = !listNote.textContent;
  }

  function renderWaiting() {
    const s = state.session;
    if (!s || state.view !== "waiting") return;
    const name = fill(w.with, { name: s.specialist.nickname, profession: professionName(s.specialist.profession, lang) });
    const when = span(s.starts_at, s.ends_at);
    statusCard.dataset.status = s.specialist_status?.status || "on_the_way";
    const parts = [
      h("p", { class: "cs-who", text: `${name} · ${when}` }),
      h("p", { class: "cs-status-text", text: statusText(s.specialist_status, lang) }),
    ];
    if (s.seen) parts.push(h("p", { class: "cs-seen", text: w.seen }));
    statusCard.replaceChildren(...parts);
    leaveButton.textContent = w.leaveWaiting;
  }

  function seatName(seat) {
    return w[`seat_${seat}`] || seat;
  }

  function renderRoom() {
    const s = state.session;
    if (!s || state.view !== "room") return;
    hereTitle.textContent = w.here;
    hereList.replaceChildren(...(s.participants || []).map((p) => h("li", {},
      p.you ? w.you : `${seatName(p.seat)}: ${p.nickname}${p.profession ? `（${professionName(p.profession, lang)}）` : ""}`)));
    const colleague = colleagueOf(s);
    withdrawButton.hidden = !colleague;
    if (colleague) withdrawButton.textContent = fill(w.consentWithdraw, { name: colleague.nickname });
    renderConsent();
    voicePanel.render();
    renderEnd();
  }

  function renderConsent() {
    consentBox.hidden = !state.consentAsk || state.view !== "room";
    if (!state.consentAsk) return;
    consentTitle.textContent = w.consentTitle;
    consentText.textContent = fill(w.consentAsk, {
      name: state.consentAsk.nickname, profession: professionName(state.consentAsk.profession, lang) || "—",
    });
    consentYes.textContent = w.consentYes;
    consentNo.textContent = w.consentNo;
  }

  function renderLines() {
    linesTitle.textContent = w.messages;
    lines.replaceChildren(...state.lines.map((m) => {
      const mine = m.from === "person";
      return h("li", { class: `cs-line ${mine ? "cs-mine" : ""}` },
        h("span", { class: "cs-line-who", text: mine ? w.you : `${m.nickname}（${seatName(m.from)}）` }),
        h("span", { class: "cs-line-text", text: m.text }));
    }));
    lines.scrollTop = lines.scrollHeight;
  }

  function renderEnd() {
    const inRoom = state.view === "room";
    endBox.hidden = !inRoom;
    endButton.textContent = w.end;
    endButton.hidden = state.confirmingEnd;
    endConfirm.hidden = !state.confirmingEnd;
    endQuestion.textContent = w.endConfirm;
    endYes.textContent = w.endYes;
    endNo.textContent = w.endNo;
  }

  function render() {
    if (destroyed) return;
    root.setAttribute("lang", lang);
    const view = state.view;
    heading.textContent = view === "waiting" ? w.waitingTitle : view === "room" ? w.roomTitle : view === "ended" ? w.endedTitle : w.title;
    intro.textContent = view === "waiting" ? w.waitingIntro : view === "room" ? w.roomIntro : view === "ended" ? "" : w.intro;
    intro.hidden = !intro.textContent;
    renderConnection();
    listBox.hidden = view !== "list";
    waitingBox.hidden = view !== "waiting";
    roomHead.hidden = view !== "room";
    voicePanel.box.hidden = view !== "room";
    grid.classList.toggle("cs-grid-single", view !== "room"); // waiting: the conversation takes the width
    conversationBox.hidden = view !== "waiting" && view !== "room";
    endedBox.hidden = view !== "ended";
    sayLabel.textContent = view === "waiting" ? w.typeWhileWaiting : w.messageLabel;
    sendButton.textContent = w.send;
    endedText.textContent = state.endedBy === "time" ? w.endedTime : w.endedText;
    backButton.textContent = w.backToList;
    renderList();
    renderWaiting();
    renderRoom();
    renderLines();
    renderEnd();
  }

  render();
  connect().catch(showError);
  timers.list = setInterval(() => { if (state.view === "list") renderList(); }, LIST_REFRESH_MS); // "enter" appears on time

  return {
    element: root,
    setLang(next) {
      lang = next === "en" ? "en" : "ja";
      w = words(lang);
      render();
    },
    // For tests and embedding hosts: the live voice connection (or null).
    get peerConnection() { return voicePanel.peerConnection; },
    async destroy() {
      destroyed = true;
      clearInterval(timers.list);
      await voicePanel.destroy();
      keeper?.stop();
      socket?.disconnect();
      root.remove();
    },
  };
}
