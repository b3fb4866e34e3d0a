// The live room of an event (the /event/<occurrence> page), attendee and host in one panel.
// Attendees see how many are here, the hosts, and whoever holds the floor by the label they
// chose: never another attendee's name (the server sends none). Listening needs no
// microphone; the microphone is asked for only when the person accepts the voice floor, turns
// their own microphone on at an open-mic table (heard by that table only), or a host presses
// "speak with my microphone". Hosts get the controls of event_host.js.
//
//   const room = mountEventRoom(container, { occurrenceId, token, refreshToken, lang, onSessionEnded });
//   room.setLang("en");

import { h, ensureStylesheet } from "./dom.js";
import { createEventVoice } from "./event_voice.js";
import { feedbackForm } from "./event_feedback.js";
import { hostControls } from "./event_host.js";
import { LABEL_MAX, SAY_MAX, fill, shownName, words } from "./event_words.js";
import { endedText as sessionEndedWords } from "./session_keeper.js";
import { ackCaller, keepPanelSession, openPanelSocket, restCaller, tokenOf } from "./panel_link.js";
import { fillReportButton, messageReportButton } from "./report_button.js";

const ACK_TIMEOUT_MS = 15000;
const REACTIONS = ["clap", "heart", "nod", "smile"];

export function mountEventRoom(container, options) {
  ensureStylesheet(new URL("./event.css", import.meta.url).href, "data-ibasho-event");
  const occurrenceId = options.occurrenceId;
  let lang = options.lang === "en" ? "en" : "ja";
  let w = words(lang);
  let socket = null;
  let keeper = null;
  let destroyed = false;
  const state = { phase: "door", view: null, lines: [], hidden: new Set(), removedReason: null, removedWords: null };
  const currentToken = tokenOf(options);
  const rest = restCaller(options, currentToken);
  const call = ackCaller(() => socket, ACK_TIMEOUT_MS);
  const voice = createEventVoice({
    occurrenceId, call,
    iceServers: async () => (await rest("GET", "/api/voice/config")).ice_servers || [],
    onChange: () => renderVoice(),
  });

  // --- the frame ---
  const heading = h("h2", { class: "ev-title", tabindex: "-1" });
  const alertBox = h("p", { class: "ev-alert", role: "alert" });
  const status = h("p", { class: "ev-sr-only", role: "status", "aria-live": "polite" });
  const doorIntro = h("p", { class: "ev-intro" });
  const labelInput = h("input", { id: "ev-label", type: "text", maxlength: String(LABEL_MAX), autocomplete: "off" });
  const labelText = h("label", { for: "ev-label" });
  const enterButton = h("button", { type: "button", class: "ev-primary", onclick: () => enter() });
  const door = h("section", { class: "ev-box ev-door" }, doorIntro, labelText, labelInput, enterButton);

  const pausedTitle = h("h3", { class: "ev-paused-title" });
  const pausedText = h("p");
  const paused = h("div", { class: "ev-paused", role: "status", hidden: true }, pausedTitle, pausedText);
  const count = h("p", { class: "ev-count" });
  const hosts = h("p", { class: "ev-hosts" });
  const floorTitle = h("h3", { class: "ev-sub" });
  const floorList = h("ul", { class: "ev-floor" });
  const listenButton = h("button", { type: "button", class: "ev-quiet", onclick: () => toggleListen() });
  const voiceNote = h("p", { class: "ev-note" });
  const askText = h("p");
  const askYes = h("button", { type: "button", class: "ev-primary", onclick: () => answer(true) });
  const askNo = h("button", { type: "button", class: "ev-quiet", onclick: () => answer(false) });
  const askBox = h("div", { class: "ev-ask", role: "alertdialog", "aria-live": "assertive", hidden: true }, askText, askYes, askNo);
  const floorMine = h("p", { class: "ev-note" });
  const yieldButton = h("button", { type: "button", class: "ev-quiet", onclick: () => act("event:yield") });
  const handButton = h("button", { type: "button", class: "ev-primary", onclick: () => toggleHand() });
  const handPlace = h("p", { class: "ev-place" });
  const reactionsLabel = h("p", { class: "ev-note", id: "ev-reactions-label" });
  const reactionButtons = REACTIONS.map((r) => h("button", {
    type: "button", class: "ev-reaction", dataset: { reaction: r },
    onclick: () => act("event:react", { reaction: r }),
  }));
  const reactionCounts = h("span", { class: "ev-counts", "aria-hidden": "true" });
  const chatTitle = h("h3", { class: "ev-sub" });
  const chatMode = h("p", { class: "ev-note" });
  const lines = h("ul", { class: "ev-lines", "aria-live": "polite" });
  const sayInput = h("textarea", { id: "ev-say", rows: "2", maxlength: String(SAY_MAX) });
  const sayLabel = h("label", { for: "ev-say" });
  const sendButton = h("button", { type: "button", class: "ev-primary", onclick: () => say() });
  const tablesTitle = h("h3", { class: "ev-sub" });
  const tablesList = h("ul", { class: "ev-tables" });
  // One's own microphone at an open-mic table: shown only when seated at one.
  const micTitle = h("h4", { class: "ev-sub", id: "ev-mic-title" });
  const micButton = h("button", { type: "button", class: "ev-primary ev-mic", onclick: () => toggleMic() });
  const micNote = h("p", { class: "ev-note", id: "ev-mic-note", "aria-live": "polite" });
  const tableVoicesTitle = h("p", { class: "ev-note" });
  const tableVoicesList = h("ul", { class: "ev-floor ev-table-voices" });
  const micBox = h("div", { class: "ev-mic-box", role: "group", "aria-labelledby": "ev-mic-title", hidden: true },
    micTitle, micNote, micButton, tableVoicesTitle, tableVoicesList);
  micButton.setAttribute("aria-describedby", "ev-mic-note");
  const micClosed = h("p", { class: "ev-note", hidden: true });
  const tablesBox = h("section", { class: "ev-box", hidden: true }, tablesTitle, tablesList, micBox, micClosed);
  const hostSlot = h("div");
  const room = h("div", { class: "ev-room", hidden: true },
    paused,
    h("section", { class: "ev-box ev-stage" }, count, hosts, floorTitle, floorList, listenButton, voiceNote),
    askBox,
    h("section", { class: "ev-box ev-ladder" }, floorMine, yieldButton, handButton, handPlace,
      h("div", { class: "ev-row", role: "group", "aria-labelledby": "ev-reactions-label" }, reactionsLabel, ...reactionButtons, reactionCounts)),
    h("section", { class: "ev-box" }, chatTitle, chatMode, lines, sayLabel, sayInput, sendButton),
    tablesBox, hostSlot);
  const endText = h("p");
  const feedbackSlot = h("div", { class: "ev-feedback" });
  const endBox = h("section", { class: "ev-box ev-end", hidden: true }, endText, feedbackSlot);
  const panel = h("div", { class: "ev-panel" }, heading, alertBox, status, door, room, endBox);
  container.replaceChildren(panel);

  const host = hostControls(hostSlot, { call: (event, data) => act(event, data), words: () => w });

  // --- talking to the server ---
  let shownError = null; // the refusal shown, said again when the language changes

  function sayError(error) {
    shownError = error;
    alertBox.textContent = error ? error?.messages?.[lang] || w.failed : "";
  }

  async function act(event, data = {}) {
    sayError(null);
    try {
      return await call(event, { occurrence_id: occurrenceId, ...data });
    } catch (error) {
      sayError(error);
      return null;
    }
  }

  async function enter() {
    const reply = await act("event:enter", labelInput.value.trim() ? { label: labelInput.value.trim() } : {});
    if (!reply) return;
    state.phase = "in";
    showView(reply);
    heading.focus();
  }

  async function connect() {
    if (!(await currentToken())) { doorIntro.textContent = w.signedOut; enterButton.hidden = true; return; }
    const opened = await openPanelSocket("/event", options, currentToken);
    if (destroyed) { opened.disconnect(); return; }
    socket = opened;
    keeper = keepPanelSession(socket, options, currentToken, async (reason) => {
      await voice.stop({ tellServer: false });
      options.onSessionEnded?.(reason, sessionEndedWords(reason, lang));
    });
    socket.on("connect", () => { if (state.phase === "in") enter(); });
    socket.on("event:view", (view) => { if (view.occurrence_id === occurrenceId) showView(view); });
    socket.on("event:message", (message) => {
      if (message.occurrence_id !== occurrenceId || state.lines.some((m) => m.id === message.id)) return;
      state.lines.push(message);
      renderLines();
    });
    socket.on("event:reactions", (data) => {
      if (data.occurrence_id !== occurrenceId || !state.view) return;
      state.view.reactions = data.reactions;
      renderReactions();
    });
    socket.on("event:asked", (data) => {
      if (data.occurrence_id !== occurrenceId) return;
      askText.textContent = data.via === "voice" ? w.askedVoice : w.askedText;
      askBox.hidden = false;
      askYes.dataset.via = data.via;
      askYes.focus();
    });
    socket.on("event:hidden", (data) => {
      if (data.occurrence_id !== occurrenceId) return;
      data.ids.forEach((id) => state.hidden.add(id));
      renderLines();
    });
    socket.on("event:removed", (data) => {
      if (data.occurrence_id !== occurrenceId) return;
      state.phase = "removed";
      state.removedReason = data.reason;
      // A moderator's removal comes in the moderator's own words, in both languages.
      state.removedWords = data.reason === "moderation" ? { ja: data.reason_ja, en: data.reason_en } : null;
      voice.stop({ tellServer: false });
      render();
    });
    socket.on("event:ended", (data) => {
      if (data.occurrence_id !== occurrenceId) return;
      state.phase = "ended";
      voice.stop({ tellServer: false });
      if (state.view && state.view.role !== "host") offerFeedback();
      render();
    });
  }

  // The host's questions, if any, right where the attendee is when the event ends (the same
  // anonymous form as the space's events panel, which still offers it later).
  function offerFeedback() {
    const entry = { occurrence_id: occurrenceId, title_ja: state.view.title_ja, title_en: state.view.title_en };
    feedbackSlot.replaceChildren(feedbackForm({ call: rest }, entry, (text) => { status.textContent = text; }, { inline: true }));
  }

  async function answer(accept) {
    const via = askYes.dataset.via;
    askBox.hidden = true;
    const reply = await act("event:answer", { accept });
    if (reply && accept && via === "voice") {
      try { await voice.speak(); } catch { alertBox.textContent = w.failed; }
    }
  }

  async function toggleListen() {
    if (voice.state.phase === "off" || voice.state.phase === "failed") {
      try { await voice.listen(); } catch (error) { sayError(error); }
    } else {
      await voice.stop();
    }
  }

  let micBusy = false;

  async function toggleMic() {
    if (micBusy) return;
    micBusy = true;
    try {
      if (state.view?.you?.mic) {
        if (await act("event:mic", { on: false })) await voice.listen().catch(() => {});
        return;
      }
      // The server says yes first (an open-mic table with room for one more voice); only then
      // does the browser ask for the microphone, on this click.
      if (!(await act("event:mic", { on: true }))) return;
      try {
        await voice.speak();
      } catch {
        await act("event:mic", { on: false });
        alertBox.textContent = w.micDenied;
      }
    } finally {
      micBusy = false;
      render();
    }
  }

  function toggleHand() {
    act("event:hand", { raised: !state.view?.you?.hand });
  }

  async function say() {
    const text = sayInput.value.trim();
    if (!text) return;
    if (await act("event:say", { text })) sayInput.value = "";
  }

  // --- showing ---
  function showView(view) {
    const before = state.view;
    state.view = view;
    const mine = view.you;
    // The voice floor or one's own microphone went away (taken, muted, the table left, the
    // event paused): back to listening only, and the browser lets go of the microphone.
    if (mine && !mine.floor && !mine.mic && voice.state.speaking && !micBusy) voice.listen().catch(() => {});
    if (before && before.paused !== view.paused) status.textContent = view.paused ? w.pausedTitle : "";
    render();
  }

  function render() {
    w = words(lang);
    heading.textContent = state.view ? state.view[lang === "en" ? "title_en" : "title_ja"] : w.doorTitle;
    doorIntro.textContent = w.doorIntro;
    labelText.textContent = w.labelField;
    enterButton.textContent = w.enter;
    askYes.textContent = w.askYes;
    askNo.textContent = w.askNo;
    door.hidden = state.phase !== "door";
    room.hidden = state.phase !== "in";
    endBox.hidden = state.phase === "door" || state.phase === "in";
    const stop = lang === "en" ? ". " : "。"; // a title then a sentence, punctuated in the page's language
    if (state.phase === "ended") endText.textContent = `${w.endedTitle}${stop}${w.endedText}`;
    if (state.phase === "removed") {
      const why = state.removedWords ? (state.removedWords[lang] || state.removedWords.ja)
        : w[`removed_${state.removedReason}`] || w.removed_other;
      endText.textContent = `${w.removedTitle}${stop}${why}`;
    }
    const view = state.view;
    if (!view || state.phase !== "in") return;
    pausedTitle.textContent = w.pausedTitle;
    pausedText.textContent = w.pausedText;
    paused.hidden = !view.paused;
    room.classList.toggle("ev-is-paused", view.paused);
    count.textContent = fill(w.here, { n: view.count });
    // Hosts are public, but only those in the room are listed: before they come, say so.
    hosts.textContent = view.hosts.length
      ? `${w.hostsAre}: ${view.hosts.map((x) => x.nickname + (x.cohost ? w.cohost : "")).join(lang === "en" ? ", " : "、")}`
      : w.hostsNotYet;
    floorTitle.textContent = w.floorTitle;
    const onFloor = view.floor.map((f) => h("li", {}, view.role === "host" ? `${f.nickname} (${w[`floorVia_${f.via}`]})`
      : shownName(f.label, w) + (f.you ? w.youMark : "")));
    const quiet = view.hosts.length ? w.nobodyFloor : w.nobodyYet;
    floorList.replaceChildren(...(onFloor.length ? onFloor : [h("li", { class: "ev-note" }, quiet)]));
    const you = view.you || {};
    const attendee = view.role !== "host";
    handButton.hidden = !attendee || Boolean(you.floor);
    handButton.textContent = you.hand ? w.handPass : w.handRaise;
    handButton.setAttribute("aria-pressed", String(Boolean(you.hand)));
    handButton.disabled = view.paused;  // refused while paused (LIVE_PAUSED): not offered, rather than an error
    handPlace.textContent = you.hand ? fill(w.handPlace, { n: you.hand }) : "";
    floorMine.textContent = you.floor ? (you.muted ? w.floorMuted : you.floor === "voice" ? w.floorYoursVoice : w.floorYoursText) : "";
    yieldButton.hidden = !you.floor;
    yieldButton.textContent = w.yieldFloor;
    reactionsLabel.textContent = w.reactions;
    reactionButtons.forEach((b) => { b.textContent = w[`r_${b.dataset.reaction}`]; b.disabled = view.paused; });
    renderReactions();
    chatTitle.textContent = w.chatTitle;
    const atTable = you.table || null;
    chatMode.textContent = atTable ? w.chat_table : w[`chat_${view.chat_mode}`];
    sayLabel.textContent = w.say;
    sendButton.textContent = w.send;
    const canWrite = !view.paused && (view.role === "host" || atTable || view.chat_mode !== "off" || you.floor === "text");
    sayInput.disabled = !canWrite;
    sendButton.disabled = !canWrite;
    renderTables(view, you);
    host.render(view);
    renderVoice();
    renderLines();
  }

  function renderReactions() {
    const r = state.view?.reactions || {};
    reactionCounts.textContent = REACTIONS.map((k) => (r[k] ? `${w[`r_${k}`]} ${r[k]}` : "")).filter(Boolean).join(" · ");
  }

  function renderTables(view, you) {
    tablesBox.hidden = !view.tables.length;
    tablesTitle.textContent = w.tablesTitle;
    tablesList.replaceChildren(...view.tables.map((t) => {
      const mine = you.table === t.id;
      const button = view.role === "host"
        ? h("button", { type: "button", class: "ev-quiet", onclick: () => act("event:table", { table_id: t.id }) }, w.visit)
        : h("button", { type: "button", class: "ev-quiet", disabled: !mine && t.count >= t.cap,
          onclick: () => act("event:table", { table_id: mine ? null : t.id }) }, mine ? w.tableLeave : w.tableSit);
      return h("li", { class: mine ? "ev-table ev-mine" : "ev-table" },
        h("span", {}, `${t.name} (${fill(w.tableCount, { n: t.count, cap: t.cap })})${mine ? ` · ${w.yourTable}` : ""}`), button);
    }));
    renderMic(view, you);
  }

  function renderMic(view, you) {
    const table = view.role !== "host" && you.table ? view.tables.find((t) => t.id === you.table) : null;
    micBox.hidden = !table || !table.open_mic;
    micClosed.hidden = !table || table.open_mic;
    micClosed.textContent = w.micClosed;
    if (micBox.hidden) return;
    micTitle.textContent = w.micTitle;
    micButton.textContent = you.mic ? w.micOff : w.micOn;
    micButton.setAttribute("aria-pressed", String(Boolean(you.mic)));
    micButton.classList.toggle("ev-primary", !you.mic);
    micButton.classList.toggle("ev-quiet", Boolean(you.mic));
    micButton.disabled = micBusy || (view.paused && !you.mic);
    micNote.textContent = you.mic ? w.micLive : w.micHint;
    tableVoicesTitle.textContent = w.tableVoices;
    const voices = (view.table_voices || []).map((v) => h("li", {}, shownName(v.label, w) + (v.you ? w.youMark : "")));
    tableVoicesList.replaceChildren(...(voices.length ? voices : [h("li", { class: "ev-note" }, w.tableVoicesNone)]));
  }

  function renderVoice() {
    const phase = voice.state.phase;
    listenButton.textContent = phase === "off" || phase === "failed" ? w.listenStart : w.listenStop;
    voiceNote.textContent = voice.state.speaking ? w.speakingNow : phase === "on" ? w.listening : w.listenHint;
    host.renderVoice(voice);
  }

  function renderLines() {
    lines.replaceChildren(...state.lines.map((m) => {
      const hidden = state.hidden.has(m.id);
      const who = m.nickname ? `${m.nickname}${m.label ? ` (${m.label})` : ""}` : shownName(m.label, w);
      // Reporting a line names it by occurrence and id; the server finds who wrote it.
      const report = m.mine ? null : messageReportButton({ call: rest },
        () => ({ kind: "message", id: `${occurrenceId}:${m.id}`, place: "event" }));
      if (report) fillReportButton(report, { mine: false, sender: who });
      return h("li", { class: m.from_host ? "ev-line ev-from-host" : "ev-line" },
        h("span", { class: "ev-who" }, `${who}${m.mine ? w.youMark : ""}: `),
        hidden && state.view?.role !== "host" ? h("span", { class: "ev-note" }, w.hiddenNote) : m.text, report);
    }));
  }

  render();
  connect();
  return {
    setLang(next) {
      lang = next === "en" ? "en" : "ja";
      render();
      if (shownError) sayError(shownError);
    },
    voice,
    // Closing the panel (in the space) leaves the room: voice stops, the count goes down by one
    // like any leaving (no announcement), even when another tab stays on the same event.
    destroy() {
      destroyed = true;
      voice.stop({ tellServer: false });
      if (socket && state.phase === "in") socket.emit("event:leave", { occurrence_id: occurrenceId });
      keeper?.stop?.();
      socket?.disconnect();
      socket = null;
      panel.remove();
    },
  };
}
