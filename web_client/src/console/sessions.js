// Live sessions, specialist side: today's sessions, the waiting room (knocks, and what people
// typed while waiting), my status (ready / finishing a previous session / running late), let
// someone in, and the room: text, optional voice (mute, push-to-talk, a clear on/off
// indicator), a colleague with the person's consent, end.
//
// A knock can't be missed: a soft chime at once and every 20 s, a blinking tab title, and a
// system notification if allowed (asked only when you press the button), repeating until
// you answer ("I've seen you") or let the person in. It keeps calling while you are in
// another console section: one live panel per api object survives re-renders.
//
//   import sessions from "./sessions.js";   // a console section: {id, titleKey, strings, render}
//   import { mount } from "./sessions.js";   // or: mount(container, api, {lang, timeZone})

import { alertSettings, createCaller, makeChime, notify } from "./alerts.js";
import { PROFESSIONS } from "../ui/booking.js";
import { ensureStylesheet } from "../ui/dom.js";
import { errorText, keptSection, liveLink, runner } from "./live.js";
import { CONSULT_EVENTS } from "./events.js";
import { voiceControls } from "./sessions_voice.js";
import { h } from "./dom.js";
import { fill } from "./i18n.js";
import { STRINGS } from "./sessions_strings.js";
import { formatRange, operatorZone } from "../times.js";
import { TEXT_LIMITS } from "../text_limits.js";


const ACK_TIMEOUT_MS = 15000;
const SAY_MAX = TEXT_LIMITS.chat;
const LATE_CHOICES = [5, 10, 15, 20, 30];


export function mount(container, api, options = {}) {
  ensureStylesheet(new URL("./sessions.css", import.meta.url).href, "data-ibasho-console-sessions");
  let lang = options.lang === "en" ? "en" : "ja";
  let w = STRINGS[lang];
  const timeZone = options.timeZone || operatorZone();
  const uid = `ibasho-sessions-${Math.random().toString(36).slice(2, 10)}`;
  const chime = makeChime();
  let destroyed = false;
  let me = null;
  const state = {
    connection: "connecting",
    status: { chosen: null, minutes: null },
    waiting: [],
    rooms: [], // rooms as the specialist and as a colleague: the server's room views
    today: [],
    colleagues: null,
    notes: new Map(), // session id -> a calm line shown in the room (consent answers)
    drafts: new Map(),
    confirmingEnd: null,
    sound: options.sound !== false,
    tick: null,
  };

  const caller = createCaller({
    chime,
    soundOn: () => state.sound,
    flashText: () => `${w.titleFlash} (${unanswered().length})`,
    needsAttention: () => document.hidden || !root.isConnected || !document.hasFocus(),
  });

  // --- talking to the server ---
  const describe = (error) => errorText(error, lang, w.failed);
  const run = runner(() => alertBox, describe);
  const voices = voiceControls({ call: (...args) => call(...args), uid, run, words: () => w, root: () => root, redraw: () => renderRooms() });
  const link = liveLink({
    namespace: "/consult", api, socketFactory: options.socketFactory, timeoutMs: ACK_TIMEOUT_MS, events: CONSULT_EVENTS,
    isDestroyed: () => destroyed,
    onConnection: (connection) => { state.connection = connection; renderHead(); },
    onConnected: async () => {
      try { applyStatus(await call("consult:status")); } catch (error) { alertBox.textContent = describe(error); }
      render();
    },
    handlers: {
      "consult:knock": (entry) => {
        chime.play();
        const name = entry.person.nickname;
        notify(w.notifyTitle, fill(w.notifyBody, { name }), `ibasho-knock-${entry.session_id}`, () => document.hidden || !root.isConnected);
        announce(fill(w.knockNotice, { name }));
      },
      "consult:state": (data) => { applyState(data); render(); },
      "consult:admitted": (room) => { upsertRoom(room); render(); },
      "consult:invited": (room) => {
        upsertRoom(room);
        announce(fill(w.invited, { name: room.person?.nickname || "" }));
        render();
      },
      "consult:message": (message) => {
        const room = state.rooms.find((r) => r.session_id === message.session_id);
        if (!room) return; // waiting-room messages come with consult:state
        if (!room.messages.some((m) => m.id === message.id)) room.messages.push(message);
        renderRooms();
      },
      "consult:participants": (data) => {
        const room = state.rooms.find((r) => r.session_id === data.session_id);
        if (!room) return;
        room.participants = data.participants;
        room.consent = data.consent;
        renderRooms();
      },
      "consult:consent_answer": (data) => {
        state.notes.set(data.session_id, fill(w[`answer_${data.answer}`], { name: data.colleague?.nickname || "" }));
        announce(state.notes.get(data.session_id));
        renderRooms();
      },
      "consult:removed": (data) => { dropRoom(data.session_id); announce(w.removed); render(); },
      "consult:voice_state": (data) => { voices.setSeats(data.session_id, data.participants); renderRooms(); },
      "consult:ended": (data) => {
        dropRoom(data.session_id);
        announce(w[`ended_${data.by}`] || w.ended_specialist);
        render();
        loadToday();
      },
    },
  });
  const { call } = link;

  function applyStatus(reply) {
    applyState({ ...reply.as_specialist, as_colleague: reply.as_colleague });
  }

  function applyState(data) {
    state.status = data.status;
    state.waiting = data.waiting;
    const rooms = [...data.rooms, ...(data.as_colleague || [])];
    // Keep the messages already shown (the state carries them too; the newest copy wins).
    state.rooms = rooms;
    for (const id of voices.sessions()) {
      if (!rooms.some((r) => r.session_id === id)) voices.stop(id, false);
    }
  }

  function upsertRoom(room) {
    const index = state.rooms.findIndex((r) => r.session_id === room.session_id);
    if (index >= 0) state.rooms[index] = room;
    else state.rooms.push(room);
    state.waiting = state.waiting.filter((w0) => w0.session_id !== room.session_id);
  }

  function dropRoom(sessionId) {
    state.rooms = state.rooms.filter((r) => r.session_id !== sessionId);
    voices.stop(sessionId, false);
    state.notes.delete(sessionId);
    if (state.confirmingEnd === sessionId) state.confirmingEnd = null;
  }

  async function loadToday() {
    try { state.today = (await api.call("GET", "/api/bookings/today")).bookings; } catch { state.today = []; }
    renderToday();
  }

  async function loadColleagues() {
    if (state.colleagues) return;
    try {
      const found = (await api.call("GET", "/api/specialists")).specialists;
      state.colleagues = found.filter((s) => s.id !== me?.id);
    } catch { state.colleagues = []; }
  }

  // --- actions ---
  async function setStatus(status, minutes) {
    chime.unlock();
    await run(async () => {
      const body = { status };
      if (status === "running_late" && minutes) body.minutes = minutes;
      const reply = await call("consult:set_status", body);
      state.status = reply;
      renderStatus();
    });
  }

  async function see(sessionId) {
    chime.unlock();
    await run(() => call("consult:see", { session_id: sessionId }));
  }

  async function admit(sessionId) {
    chime.unlock();
    await run(async () => {
      const room = await call("consult:admit", { session_id: sessionId });
      upsertRoom(room);
      render();
      setTimeout(() => root.querySelector(`[data-room="${CSS.escape(sessionId)}"] textarea`)?.focus(), 0);
    });
  }

  async function say(sessionId, input) {
    const text = input.value.trim();
    if (!text) return;
    await run(async () => {
      const message = await call("consult:say", { session_id: sessionId, text });
      input.value = "";
      state.drafts.delete(sessionId);
      const room = state.rooms.find((r) => r.session_id === sessionId);
      if (room && !room.messages.some((m) => m.id === message.id)) room.messages.push(message);
      renderRooms();
      root.querySelector(`[data-room="${CSS.escape(sessionId)}"] textarea`)?.focus();
    });
  }

  async function invite(sessionId, colleagueId) {
    await run(async () => {
      const reply = await call("consult:invite", { session_id: sessionId, colleague_id: colleagueId });
      const room = state.rooms.find((r) => r.session_id === sessionId);
      if (room) room.consent = { state: "pending", colleague: reply.colleague };
      renderRooms();
    });
  }

  async function end(sessionId) {
    await run(async () => {
      await call("consult:end", { session_id: sessionId });
      dropRoom(sessionId);
      announce(w.ended_specialist);
      render();
      loadToday();
    });
  }

  async function stepOut(sessionId) {
    await run(async () => {
      await call("consult:step_out", { session_id: sessionId });
      dropRoom(sessionId);
      render();
    });
  }

  // --- structure ---
  // As a console section the console's own heading names it: the panel's title is then only
  // for screen readers (it still labels the region).
  const title = h("h2", { id: `${uid}-title`, class: options.embedded ? "ss-sr-only" : "ss-title" });
  const intro = h("p", { class: "ss-intro" });
  const connection = h("p", { class: "ss-connection", role: "status" });
  const alertBox = h("p", { class: "ss-alert", role: "alert" });
  const live = h("p", { class: "ss-sr-only", "aria-live": "polite" });
  const statusBox = h("fieldset", { class: "ss-box ss-status" });
  const waitingTitle = h("h3", { id: `${uid}-waiting` });
  const waitingList = h("ul", { class: "ss-waiting" });
  const waitingBox = h("section", { class: "ss-box ss-waiting-box", "aria-labelledby": waitingTitle.id }, waitingTitle, waitingList);
  const roomsTitle = h("h3", { id: `${uid}-rooms` });
  const roomsList = h("div", { class: "ss-rooms" });
  const roomsBox = h("section", { class: "ss-box", "aria-labelledby": roomsTitle.id }, roomsTitle, roomsList);
  const todayTitle = h("h3", { id: `${uid}-today` });
  const todayList = h("ul", { class: "ss-today" });
  const todayBox = h("section", { class: "ss-box", "aria-labelledby": todayTitle.id }, todayTitle, todayList);
  const alertsTitle = h("h3", { id: `${uid}-alerts` });
  const alertsBody = h("div", { class: "ss-alerts" });
  const alertsBox = h("section", { class: "ss-box", "aria-labelledby": alertsTitle.id }, alertsTitle, alertsBody);
  const root = h("section", { class: "ss-panel", "aria-labelledby": title.id, lang },
    title, intro, connection, alertBox, live,
    h("div", { class: "ss-grid" }, waitingBox, statusBox), roomsBox, todayBox, alertsBox);
  root.addEventListener("click", () => chime.unlock()); // any click may open the audio for the chime
  container.append(root);

  // --- rendering ---
  function announce(text) {
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 30);
  }

  const span = (item) => formatRange(item.starts_at, item.ends_at, lang, { zone: timeZone });

  function kindLabel(person) {
    const kind = w[`kind_${person?.kind}`] || w.kind_unspecified;
    return person?.is_guest ? `${kind} · ${w.guest}` : kind;
  }

  function professionName(profession) {
    return PROFESSIONS[profession]?.[lang] || "";
  }

  function unanswered() {
    return state.waiting.filter((entry) => !entry.seen);
  }

  function renderHead() {
    title.textContent = w.sessionsTitle;
    intro.textContent = w.intro;
    connection.textContent = state.connection === "connecting" ? w.connecting : state.connection === "reconnecting" ? w.reconnecting : "";
    connection.hidden = !connection.textContent;
  }

  function renderStatus() {
    const chosen = state.status?.chosen || "auto";
    const name = `${uid}-status`;
    const minutesId = `${uid}-late`;
    const minutes = h("select", { id: minutesId, class: "ss-select", disabled: chosen !== "running_late",
      onchange: () => setStatus("running_late", Number(minutes.value) || null) },
    h("option", { value: "", text: w.lateUnknown }),
    LATE_CHOICES.map((n) => h("option", { value: String(n), text: String(n), selected: state.status?.minutes === n })));
    statusBox.replaceChildren(
      h("legend", { text: w.myStatus }),
      ...["auto", "ready", "finishing_previous", "running_late"].map((status) => {
        const id = `${name}-${status}`;
        return h("div", { class: "ss-choice" },
          h("input", { type: "radio", name, id, value: status, checked: chosen === status,
            onchange: () => setStatus(status, status === "running_late" ? Number(minutes.value) || null : null) }),
          h("label", { for: id, text: w[`status_${status}`] }));
      }),
      h("div", { class: "ss-row ss-late" }, h("label", { for: minutesId, text: w.lateMinutes }), minutes),
      h("p", { class: "ss-hint", text: w.statusHint }),
    );
  }

  function minutesAgo(iso) {
    return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
  }

  function renderWaiting() {
    waitingTitle.textContent = `${w.waiting}${state.waiting.length ? ` (${state.waiting.length})` : ""}`;
    if (!state.waiting.length) {
      waitingList.replaceChildren(h("li", { class: "ss-empty", text: w.waitingEmpty }));
      return;
    }
    waitingList.replaceChildren(...state.waiting.map((entry) => {
      const ago = minutesAgo(entry.arrived_at);
      const facts = [span(entry), ago ? fill(w.arrived, { min: ago }) : w.arrivedNow];
      if (!entry.connected) facts.push(w.lost);
      return h("li", { class: "ss-knock", "data-seen": String(entry.seen), "data-session": entry.session_id },
        h("p", { class: "ss-who" }, h("strong", { text: entry.person.nickname }), ` (${kindLabel(entry.person)})`),
        h("p", { class: "ss-facts", text: facts.join(" · ") }),
        entry.seen ? h("p", { class: "ss-seen", text: w.seenMark }) : null,
        entry.messages.length ? h("div", { class: "ss-typed" },
          h("p", { class: "ss-typed-title", text: w.typed }),
          h("ul", {}, entry.messages.map((m) => h("li", { text: m.text })))) : null,
        h("div", { class: "ss-row" },
          entry.seen ? null : h("button", { type: "button", class: "quiet", text: w.see, onclick: () => see(entry.session_id) }),
          h("button", { type: "button", class: "primary", text: w.admit, onclick: () => admit(entry.session_id) })));
    }));
  }

  function invitePanel(room) {
    const consent = room.consent || { state: "none" };
    if (consent.state === "pending" || consent.state === "given") {
      return h("p", { class: "ss-consent", text: fill(w[`consent_${consent.state}`], { name: consent.colleague?.nickname || "" }) });
    }
    const choices = (state.colleagues || []);
    if (!choices.length) return h("details", { class: "ss-invite" }, h("summary", { text: w.invite }), h("p", { class: "ss-hint", text: w.noColleagues }));
    const selectId = `${uid}-invite-${room.session_id}`;
    const select = h("select", { id: selectId, class: "ss-select" },
      choices.map((c) => h("option", { value: c.id, text: `${c.nickname}（${professionName(c.profession)}）` })));
    return h("details", { class: "ss-invite" }, h("summary", { text: w.invite }),
      h("div", { class: "ss-row" }, h("label", { for: selectId, text: w.inviteWho }), select,
        h("button", { type: "button", class: "quiet", text: w.inviteSend, onclick: () => invite(room.session_id, select.value) })),
      h("p", { class: "ss-hint", text: w.inviteHint }));
  }

  function roomCard(room) {
    const asColleague = room.seat === "colleague";
    const heading = asColleague ? fill(w.colleagueRoom, { name: room.person.nickname })
      : fill(w.roomWith, { name: room.person.nickname, kind: kindLabel(room.person) });
    const logId = `${uid}-log-${room.session_id}`;
    const sayId = `${uid}-say-${room.session_id}`;
    const input = h("textarea", { id: sayId, class: "ss-input", rows: "2", maxlength: String(SAY_MAX) });
    input.value = state.drafts.get(room.session_id) || "";
    input.addEventListener("input", () => state.drafts.set(room.session_id, input.value));
    input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); say(room.session_id, input); } });
    const lines = h("ol", { id: logId, class: "ss-lines", role: "log", "aria-live": "polite", tabindex: "0", "aria-label": heading },
      room.messages.map((m) => h("li", { class: `ss-line ${m.from === room.seat ? "ss-mine" : ""}` },
        h("span", { class: "ss-line-who", text: m.from === room.seat ? w.you : `${m.nickname}（${w[`seat_${m.from}`] || m.from}）` }),
        h("span", { class: "ss-line-text", text: m.text }))));
    const confirming = state.confirmingEnd === room.session_id;
    const endRow = asColleague
      ? h("div", { class: "ss-row ss-end" }, h("button", { type: "button", class: "quiet danger-text", text: w.stepOut, onclick: () => stepOut(room.session_id) }))
      : confirming
        ? h("div", { class: "ss-row ss-end", role: "group" }, h("span", { text: w.endConfirm }),
          h("button", { type: "button", class: "danger", text: w.endYes, onclick: () => end(room.session_id) }),
          h("button", { type: "button", class: "quiet", text: w.endNo, onclick: () => { state.confirmingEnd = null; renderRooms(); } }))
        : h("div", { class: "ss-row ss-end" }, h("button", { type: "button", class: "quiet danger-text", text: w.end,
          onclick: () => { state.confirmingEnd = room.session_id; renderRooms(); } }));
    const note = state.notes.get(room.session_id);
    const card = h("article", { class: "ss-room", "data-room": room.session_id, "aria-label": heading },
      h("h4", { class: "ss-room-title", text: `${heading} · ${span(room)}` }),
      h("p", { class: "ss-here", text: `${w.here}: ${room.participants.map((p) => (p.you ? w.you : `${p.nickname}（${w[`seat_${p.seat}`]}）`)).join("、")}` }),
      note ? h("p", { class: "ss-note", role: "status", text: note }) : null,
      h("div", { class: "ss-room-grid" },
        h("div", {}, lines,
          h("form", { class: "ss-say", onsubmit: (e) => { e.preventDefault(); say(room.session_id, input); } },
            h("label", { for: sayId, text: w.messageLabel }), input, h("button", { type: "submit", class: "primary", text: w.send }))),
        voices.panel(room)),
      asColleague ? null : invitePanel(room),
      endRow);
    setTimeout(() => { lines.scrollTop = lines.scrollHeight; }, 0);
    return card;
  }

  function renderRooms() {
    roomsTitle.textContent = w.rooms;
    // Keep focus in the same field across a redraw (a message arriving while typing).
    const active = document.activeElement;
    const activeId = root.contains(active) ? active.id : null;
    roomsList.replaceChildren(...(state.rooms.length ? state.rooms.map(roomCard) : [h("p", { class: "ss-empty", text: w.roomsEmpty })]));
    if (activeId) document.getElementById(activeId)?.focus();
  }

  function renderToday() {
    todayTitle.textContent = w.today;
    if (!state.today.length) { todayList.replaceChildren(h("li", { class: "ss-empty", text: w.todayEmpty })); return; }
    todayList.replaceChildren(...state.today.map((b) => {
      const waiting = state.waiting.some((e) => e.session_id === b.id);
      const inRoom = state.rooms.some((r) => r.session_id === b.id);
      const where = waiting ? w.inWaiting : inRoom ? w.inRoom : w[`status_${b.status}`] || b.status;
      return h("li", { "data-where": waiting ? "waiting" : inRoom ? "room" : b.status },
        h("span", { class: "ss-time", text: span(b) }), " ",
        h("strong", { text: b.person?.nickname || "" }), ` (${kindLabel(b.person)}) · `, h("span", { class: "ss-where", text: where }));
    }));
  }

  function renderAlerts() {
    alertsTitle.textContent = w.alerts;
    alertsBody.replaceChildren(...alertSettings({ id: `${uid}-sound`, prefix: "ss", state, chime, words: w, buttonClass: "quiet", redraw: renderAlerts }));
  }

  function updateAlerts() {
    caller.set(unanswered().length > 0); // repeats until every knock is answered or let in
  }

  function render() {
    if (destroyed) return;
    root.setAttribute("lang", lang);
    renderHead();
    renderStatus();
    renderWaiting();
    renderRooms();
    renderToday();
    updateAlerts();
  }

  render();
  renderAlerts();
  state.tick = setInterval(() => { renderWaiting(); }, 30000); // minutes waiting
  (async () => {
    try { me = (await api.call("GET", "/api/me")).account; } catch (error) { alertBox.textContent = describe(error); }
    await Promise.all([loadToday(), loadColleagues()]);
    await link.connect();
  })();

  return {
    element: root,
    setLang(next) {
      lang = next === "en" ? "en" : "ja";
      w = STRINGS[lang];
      render();
      renderAlerts();
    },
    refresh() { loadToday(); },
    destroy() {
      destroyed = true;
      caller.stop();
      clearInterval(state.tick);
      voices.destroy();
      link.close();
      chime.close();
      root.remove();
    },
  };
}

// The console section: the waiting room stays live (and alerting) while other sections are shown.
export default keptSection({
  id: "sessions",
  titleKey: "sessionsTitle",
  strings: { ja: { sessionsTitle: STRINGS.ja.sessionsTitle }, en: { sessionsTitle: STRINGS.en.sessionsTitle } },
  mountPanel: (root, api, options) => mount(root, api, { ...options, embedded: true }),
  onReturn: (panel) => panel.refresh(),
});

export { STRINGS };
