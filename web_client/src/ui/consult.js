// The consultation room, person side: the person's upcoming bookings, the waiting room
// (the specialist's status, typing while waiting), and the private room (text always;
// voice only when the person presses "use voice too", with mute, push-to-talk and a clear
// on/off indicator; end). Self-contained: its own socket on /consult, its own REST calls,
// its own stylesheet. The microphone is asked for ONLY by the "use voice" button.
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

import { createVoice } from "./voice_client.js";
import {
  SAY_MAX, canWaitNow, fill, opensAt, professionName, statusText, voiceWord, words,
} from "./consult_words.js";
import { h, ensureStylesheet, socketOpener } from "./dom.js";
import { endedText, keepSession } from "./session_keeper.js";

const ACK_TIMEOUT_MS = 15000;
const AUTH_CODES = new Set(["TOKEN_EXPIRED", "TOKEN_INVALID", "UNAUTHENTICATED"]);
const LIST_REFRESH_MS = 30000;

export function mountConsult(container, options = {}) {
  ensureStylesheet(new URL("./consult.css", import.meta.url).href, "data-ibasho-consult");
  const doFetch = options.fetch || window.fetch.bind(window);
  const timeZone = options.timeZone || "Asia/Tokyo";
  const uid = `ibasho-consult-${Math.random().toString(36).slice(2, 10)}`;
  let lang = options.lang === "en" ? "en" : "ja";
  let w = words(lang);
  let socket = null;
  let keeper = null;
  let destroyed = false;
  let authRetried = false;
  let voice = null;
  const timers = { list: null };
  const state = {
    view: "list", // list | waiting | room | ended
    bookings: null, // null while loading
    signedOut: false,
    session: null, // the waiting or room view from the server
    lines: [],
    endedBy: null,
    voiceLocal: { phase: "off", muted: false, talking: false, pushToTalk: false },
    voiceSeats: {}, // seat -> {joined, connected, muted}
    voiceError: "",
    consentAsk: null, // {nickname, profession}
    confirmingEnd: false,
    connection: "connecting",
  };

  const currentToken = async () => (typeof options.token === "function" ? options.token() : options.token) || null;

  // --- REST ---
  async function rest(method, path, retried = false) {
    const token = await currentToken();
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await doFetch(path, { method, headers });
    const data = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : null;
    if (response.status === 401 && !retried && options.refreshToken && data?.error?.code === "TOKEN_EXPIRED") {
      await options.refreshToken();
      return rest(method, path, true);
    }
    if (!response.ok) throw Object.assign(new Error(data?.error?.code || "FAILED"), { code: data?.error?.code, messages: data?.error?.message });
    return data;
  }

  function errorText(error) {
    return error?.messages?.[lang] || w.failed;
  }

  // --- the socket ---
  function call(event, data = {}) {
    return new Promise((resolve, reject) => {
      if (!socket) { reject(Object.assign(new Error("offline"), { code: "OFFLINE" })); return; }
      socket.timeout(ACK_TIMEOUT_MS).emit(event, data, (err, reply) => {
        if (err) reject(Object.assign(new Error("timeout"), { code: "TIMEOUT" }));
        else if (reply?.ok) resolve(reply.data);
        else reject(Object.assign(new Error(reply?.error?.code || "FAILED"), {
          code: reply?.error?.code, messages: reply?.error?.message, detail: reply?.error?.detail || {},
        }));
      });
    });
  }

  // The server ended this session (docs/PROTOCOL.md, "Live access"): an expiry is retried once
  // with a fresh token; anything else is said calmly, and the host may take the person home.
  async function sessionEnded(reason) {
    if (reason === "expired" && options.refreshToken) {
      try { await options.refreshToken(); socket?.connect(); return; } catch { /* over after all */ }
    }
    if (voice) { await voice.stop({ tellServer: false }); voice = null; }
    state.connection = "ended";
    state.endedReason = reason;
    renderConnection();
    options.onSessionEnded?.(reason, endedText(reason, lang));
  }

  async function connect() {
    const token = await currentToken();
    if (!token) { state.signedOut = true; state.bookings = []; state.connection = ""; render(); return; }
    const factory = options.socketFactory || socketOpener("/consult");
    socket = await factory({
      transports: ["websocket"],
      auth: (cb) => { currentToken().then((t) => cb({ token: t })); },
      reconnectionDelay: 800,
      reconnectionDelayMax: 8000,
    });
    if (destroyed) { socket.disconnect(); return; }
    keeper = keepSession(socket, {
      token: currentToken,
      refresh: () => (options.refreshToken ? options.refreshToken() : Promise.reject(new Error("no refresh"))),
      onEnded: sessionEnded,
    });
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
      state.voiceSeats = data.participants;
      renderVoice();
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
      .then((data) => { state.voiceSeats = data.participants; renderVoice(); })
      .catch(() => {});
  }

  async function closeSession(by) {
    if (voice) { await voice.stop({ tellServer: false }); voice = null; }
    state.view = "ended";
    state.endedBy = by;
    state.session = null;
    state.consentAsk = null;
    state.confirmingEnd = false;
    state.voiceSeats = {};
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

  // --- voice ---
  function makeVoice() {
    return createVoice({
      sessionId: state.session.session_id,
      call,
      onChange: (local) => {
        const before = state.voiceLocal.phase;
        state.voiceLocal = local;
        if (local.phase !== before && (local.phase === "on" || local.phase === "off")) {
          announce(local.phase === "on" ? w.voiceOn : w.voiceOff);
        }
        renderVoice();
      },
    });
  }

  async function startVoice() {
    state.voiceError = "";
    voice = voice || makeVoice();
    try {
      await voice.start();
    } catch {
      state.voiceError = w.voiceFailed;
      renderVoice();
    }
  }

  async function stopVoice() {
    if (voice) await voice.stop();
    voice = null;
    state.voiceLocal = { ...state.voiceLocal, phase: "off" };
    renderVoice();
    useVoiceButton.focus();
  }

  function onKey(event, down) {
    if (!voice || !state.voiceLocal.pushToTalk || event.code !== "Space" || event.repeat) return;
    const tag = event.target?.tagName;
    if (event.target !== talkButton && (tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON" || tag === "SELECT")) return;
    event.preventDefault();
    voice.talk(down);
  }
  const keyDown = (event) => onKey(event, true);
  const keyUp = (event) => onKey(event, false);
  document.addEventListener("keydown", keyDown);
  document.addEventListener("keyup", keyUp);

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

  // room: who is here, voice
  const hereTitle = h("h3", { id: `${uid}-here`, class: "cs-sub" });
  const hereList = h("ul", { class: "cs-here" });
  const consentBox = h("div", { class: "cs-consent", role: "group", "aria-labelledby": `${uid}-consent-title` });
  const consentTitle = h("h4", { id: `${uid}-consent-title` });
  const consentText = h("p", {});
  const consentYes = h("button", { type: "button", class: "cs-primary", onclick: () => answerConsent(true) });
  const consentNo = h("button", { type: "button", class: "cs-secondary", onclick: () => answerConsent(false) });
  consentBox.append(consentTitle, consentText, h("div", { class: "cs-row" }, consentYes, consentNo));
  const withdrawButton = h("button", { type: "button", class: "cs-quiet", onclick: () => answerConsent(false) });

  const voiceTitle = h("h3", { id: `${uid}-voice`, class: "cs-sub" });
  const myVoice = h("p", { class: "cs-voice-badge", "data-on": "false" });
  const otherVoices = h("ul", { class: "cs-voice-others" });
  const voiceHint = h("p", { class: "cs-hint", id: `${uid}-voice-hint` });
  const useVoiceButton = h("button", { type: "button", class: "cs-primary cs-use-voice", "aria-describedby": voiceHint.id, onclick: startVoice });
  const muteButton = h("button", { type: "button", class: "cs-secondary", "aria-pressed": "false", onclick: () => voice?.setMuted(!state.voiceLocal.muted).catch(showError) });
  const pttId = `${uid}-ptt`;
  const pttInput = h("input", { type: "checkbox", id: pttId, onchange: () => {
    voice?.setPushToTalk(pttInput.checked);
    if (pttInput.checked) talkButton.focus(); // so Space talks at once (on the checkbox it would untick it)
  } });
  const pttLabel = h("label", { for: pttId });
  const pttHint = h("p", { class: "cs-hint", id: `${uid}-ptt-hint` });
  pttInput.setAttribute("aria-describedby", pttHint.id);
  const talkButton = h("button", { type: "button", class: "cs-talk", "aria-pressed": "false" });
  const press = (event) => { event.preventDefault(); voice?.talk(true); };
  const release = () => voice?.talk(false);
  talkButton.addEventListener("pointerdown", press);
  talkButton.addEventListener("pointerup", release);
  talkButton.addEventListener("pointerleave", release);
  talkButton.addEventListener("pointercancel", release);
  talkButton.addEventListener("keydown", (event) => {
    if ((event.key === " " || event.key === "Enter") && !event.repeat) { event.preventDefault(); voice?.talk(true); }
  });
  talkButton.addEventListener("keyup", (event) => {
    if (event.key === " " || event.key === "Enter") { event.preventDefault(); voice?.talk(false); }
  });
  const stopVoiceButton = h("button", { type: "button", class: "cs-quiet", onclick: stopVoice });
  const voiceError = h("p", { class: "cs-alert", role: "alert" });
  const voiceControls = h("div", { class: "cs-voice-controls" },
    h("div", { class: "cs-row" }, muteButton, stopVoiceButton),
    h("div", { class: "cs-choice" }, pttInput, pttLabel), pttHint, talkButton);
  const voiceBox = h("section", { class: "cs-box cs-voice", "aria-labelledby": voiceTitle.id },
    voiceTitle, myVoice, otherVoices, useVoiceButton, voiceHint, voiceControls, voiceError);

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
  const conversationBox = h("section", { class: "cs-box cs-conversation", "aria-labelledby": linesTitle.id }, linesTitle, lines, sayForm);

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

  const grid = h("div", { class: "cs-grid" }, conversationBox, voiceBox);
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

  const fmt = () => new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB",
    { timeZone, month: "short", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const fmtTime = () => new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  function renderConnection() {
    connection.textContent = state.connection === "connecting" ? w.connecting : state.connection === "reconnecting" ? w.reconnecting
      : state.connection === "ended" ? endedText(state.endedReason, lang) : "";
    connection.hidden = !connection.textContent;
  }

  function renderList() {
    listTitle.textContent = w.mine;
    const bookings = state.bookings || [];
    list.replaceChildren(...bookings.map((booking) => {
      const when = `${fmt().format(new Date(booking.starts_at))}–${fmtTime().format(new Date(booking.ends_at))}`;
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
    const when = `${fmt().format(new Date(s.starts_at))}–${fmtTime().format(new Date(s.ends_at))}`;
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
    renderVoice();
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

  function renderVoice() {
    voiceTitle.textContent = w.voice;
    const local = state.voiceLocal;
    const on = local.phase === "on";
    myVoice.dataset.on = String(on);
    myVoice.dataset.phase = local.phase;
    myVoice.textContent = local.phase === "starting" ? w.voiceStarting
      : on ? `${w.voiceOn}${local.muted ? `（${w.stateMuted}）` : local.pushToTalk && local.talking ? `（${w.talking}）` : ""}`
        : w.voiceOff;
    const others = Object.entries(state.voiceSeats).filter(([seat]) => seat !== state.session?.seat);
    otherVoices.replaceChildren(...others.map(([seat, entry]) => h("li", {
      class: "cs-voice-other", "data-on": String(Boolean(entry.connected)),
    }, fill(w.voiceOther, { who: seatName(seat), state: voiceWord(entry, lang) }))));
    const active = local.phase === "on" || local.phase === "starting";
    useVoiceButton.hidden = active;
    useVoiceButton.textContent = w.useVoice;
    voiceHint.textContent = w.voiceHint;
    voiceHint.hidden = active;
    voiceControls.hidden = !active;
    muteButton.textContent = w.mute; // a toggle: the label stays, aria-pressed and the badge say the state
    muteButton.setAttribute("aria-pressed", String(local.muted));
    pttLabel.textContent = w.pushToTalk;
    pttHint.textContent = w.pushToTalkHint;
    pttInput.checked = local.pushToTalk;
    talkButton.hidden = !local.pushToTalk;
    talkButton.textContent = local.talking ? w.talking : w.holdToTalk;
    talkButton.setAttribute("aria-pressed", String(local.talking));
    talkButton.dataset.talking = String(local.talking);
    stopVoiceButton.textContent = w.stopVoice;
    voiceError.textContent = state.voiceError;
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
    voiceBox.hidden = view !== "room";
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
    get peerConnection() { return voice?.peerConnection || null; },
    async destroy() {
      destroyed = true;
      clearInterval(timers.list);
      document.removeEventListener("keydown", keyDown);
      document.removeEventListener("keyup", keyUp);
      if (voice) await voice.stop();
      keeper?.stop();
      socket?.disconnect();
      root.remove();
    },
  };
}
