// The desk on duty, staff side: go on duty, see who is waiting, take the next person, chat,
// hand over to a colleague, end; read and answer messages left outside hours; set the
// opening hours. While someone waits and you are on duty, the desk keeps calling you: a
// soft chime (WebAudio) every 20 s, a blinking tab title, and a system notification if
// you allowed them (asked only when you press the button; visitors are never asked).
//
//   import { mount } from "/static/console/desk.js";
//   const desk = mount(container, api, { lang: "ja" });   // api: createApi() of console/api.js
//   desk.setLang("en"); desk.destroy();
//
// As a console section: `import desk from "./desk.js"` and add `desk` to SECTIONS. The
// section keeps one live desk per api object and moves it between renders, so the socket
// and the alerts survive switching sections.

import { alertSettings, createCaller, makeChime, notify } from "./alerts.js";
import { ensureStylesheet } from "../ui/dom.js";
import { errorText, keptSection, liveLink, runner } from "./live.js";
import { DESK_EVENTS } from "./events.js";
import { hoursPanel } from "./desk_hours.js";
import { h } from "./dom.js";
import { fill } from "./i18n.js";
import { STRINGS } from "./desk_strings.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { formatAt, operatorZone } from "../times.js";


const ACK_TIMEOUT_MS = 8000;
const SAY_MAX = TEXT_LIMITS.chat;
const REPLY_MAX = TEXT_LIMITS.desk_reply;


export function mount(container, api, options = {}) {
  ensureStylesheet(new URL("./desk.css", import.meta.url).href, "data-ibasho-console-desk");
  let lang = options.lang === "en" ? "en" : "ja";
  let w = STRINGS[lang];
  const timeZone = options.timeZone || operatorZone();
  const uid = `ibasho-cdesk-${Math.random().toString(36).slice(2, 10)}`;
  const chime = makeChime();
  // While someone waits and I am on duty: the chime every 20 s and a blinking tab title.
  const caller = createCaller({
    chime,
    soundOn: () => state.sound,
    flashText: () => `${w.titleFlash} (${waitingCount()})`,
    needsAttention: () => document.hidden || !root.isConnected || !document.hasFocus(),
  });
  let destroyed = false;
  let me = null;
  const timers = { tick: null };
  const state = {
    summary: null,
    duty: "off",
    desk: { duty: [], queue: [], sessions: [] },
    chats: new Map(), // session_id -> {visitor, note, lines: [], notice}
    connection: "connecting",
    // The desk's state has come over the open link: until then a choice would go nowhere.
    live: false,
    sound: options.sound !== false,
    messagesView: "open",
    messages: [],
    lastQueueLength: 0,
    notice: "",
  };

  const fmtTime = { format: (date) => formatAt(date, lang, "dayTime", { zone: timeZone, label: false }) };

  // --- talking to the server ---
  const describe = (error) => errorText(error, lang, w.failed);
  const run = runner(() => alertBox, describe);
  const hours = hoursPanel({ api, uid, run, announce, words: () => w });
  const link = liveLink({
    namespace: "/desk", api, socketFactory: options.socketFactory, timeoutMs: ACK_TIMEOUT_MS, events: DESK_EVENTS,
    isDestroyed: () => destroyed,
    onConnection: (connection) => {
      state.connection = connection;
      if (connection) state.live = false;
      render();
    },
    onConnected: async () => {
      try {
        applyStatus(await call("desk:status"));
        state.live = true;
      } catch (error) { alertBox.textContent = describe(error); }
      render();
    },
    handlers: {
      // Sent when the public summary changed: duty, queue length, or the hours (maybe by a colleague).
      "desk:status": (summary) => {
        const hoursMoved = summary.next_opening !== state.summary?.next_opening || summary.within_hours !== state.summary?.within_hours;
        state.summary = summary;
        renderHead();
        if (hoursMoved && !hours.editing) hours.load();
      },
      "desk:state": (desk) => { state.desk = desk; syncDuty(); render(); },
      "desk:opened": (data) => {
        addChat(data);
        if (data.handed_over_by) state.chats.get(data.session_id).notice = fill(w.handedFrom, { name: data.handed_over_by });
        render();
        focusChat(data.session_id);
      },
      "desk:message": (data) => {
        const chat = state.chats.get(data.session_id);
        if (!chat) return;
        chat.lines.push(data);
        renderChats();
      },
      "desk:handed_over": (data) => {
        if (!state.chats.has(data.session_id)) return;
        state.chats.delete(data.session_id);
        announce(fill(w.handedTo, { name: data.staff_nickname }));
        render();
      },
      "desk:ended": (data) => {
        if (!state.chats.has(data.session_id)) return;
        state.chats.delete(data.session_id);
        announce(w[`ended_${data.by}`] || w.ended_staff);
        render();
      },
      "desk:message_left": async () => {
        chime.play();
        announce(w.messageLeftNotice);
        await loadMessages();
      },
    },
  });
  const { call } = link;

  function applyStatus(reply) {
    const { you, desk, ...summary } = reply;
    state.summary = summary;
    state.desk = desk || state.desk;
    state.duty = you?.duty || "off";
    state.chats = new Map();
    for (const session of you?.sessions || []) addChat(session);
  }

  function syncDuty() {
    const mine = state.desk.duty.find((d) => d.account_id === me?.id);
    state.duty = mine ? mine.status : "off";
  }

  function addChat(data) {
    state.chats.set(data.session_id, { visitor: data.visitor, note: data.note, lines: [...(data.messages || [])], notice: "", draft: "" });
  }

  async function setDuty(status) {
    chime.unlock();
    await run(async () => {
      const reply = await call("desk:duty", { status });
      state.duty = reply.status;
      render();
    });
  }

  async function takeNext() {
    chime.unlock();
    await run(async () => {
      const opened = await call("desk:take_next");
      // desk:opened came first (the server emits, then acks): keep lines that arrived since
      if (!state.chats.has(opened.session_id)) addChat(opened);
      render();
      focusChat(opened.session_id);
    });
  }

  function chatInput(sessionId) {
    return root.querySelector(`[data-chat="${CSS.escape(sessionId)}"] input`);
  }

  async function say(sessionId) {
    const chat = state.chats.get(sessionId);
    const text = (chat?.draft || "").trim();
    if (!text) return;
    await run(async () => {
      await call("desk:say", { session_id: sessionId, text });
      // The card may have been redrawn meanwhile (our own message came back): clear the draft.
      chat.draft = "";
      const input = chatInput(sessionId);
      if (input) input.value = "";
    });
    chatInput(sessionId)?.focus();
  }

  async function loadMessages() {
    await run(async () => {
      state.messages = (await api.call("GET", `/api/desk/messages?state=${state.messagesView}`)).messages;
      renderMessages();
    });
  }

  // --- alerts: repeat while someone waits and I am on duty ---
  function waitingCount() {
    return state.desk.queue.filter((q) => q.connected).length;
  }

  function updateAlerts() {
    const calling = state.duty !== "off" && waitingCount() > 0;
    const count = waitingCount();
    if (count > state.lastQueueLength && calling) {
      chime.play();
      notify(w.notifyTitle, fill(w.notifyBody, { n: count }), "ibasho-desk", () => document.hidden || !root.isConnected);
    }
    state.lastQueueLength = count;
    caller.set(calling);
  }

  // --- structure ---
  const title = h("h2", { id: `${uid}-title`, class: "cd-title" });
  const intro = h("p", { class: "cd-intro" });
  const deskLine = h("p", { class: "cd-desk-line", role: "status" });
  const connection = h("p", { class: "cd-connection", role: "status" });
  const alertBox = h("p", { class: "cd-alert", role: "alert" });
  const live = h("p", { class: "cd-sr-only", "aria-live": "polite" });

  const dutyLegend = h("legend", {});
  const dutyHint = h("p", { class: "cd-hint", id: `${uid}-duty-hint` });
  const dutyChoices = h("div", { class: "cd-duty-choices" });
  const dutyBox = h("fieldset", { class: "cd-duty", "aria-describedby": dutyHint.id }, dutyLegend, dutyChoices, dutyHint);

  const queueTitle = h("h3", { id: `${uid}-queue` });
  const queueList = h("ol", { class: "cd-queue" });
  const takeButton = h("button", { type: "button", class: "cd-primary", onclick: takeNext });
  const queueBox = h("section", { class: "cd-box cd-queue-box", "aria-labelledby": queueTitle.id }, queueTitle, queueList, takeButton);

  const chatsTitle = h("h3", { id: `${uid}-chats` });
  const chatsList = h("div", { class: "cd-chats" });
  const othersTitle = h("h4", {});
  const othersList = h("ul", { class: "cd-others" });
  const chatsBox = h("section", { class: "cd-box", "aria-labelledby": chatsTitle.id }, chatsTitle, chatsList, othersTitle, othersList);

  const messagesTitle = h("h3", { id: `${uid}-messages` });
  const messagesTabs = h("div", { class: "cd-tabs", role: "group" });
  const messagesList = h("ul", { class: "cd-messages" });
  const messagesBox = h("section", { class: "cd-box", "aria-labelledby": messagesTitle.id }, messagesTitle, messagesTabs, messagesList);

  const alertsTitle = h("h3", { id: `${uid}-alerts` });
  const alertsBody = h("div", { class: "cd-alerts" });
  const alertsBox = h("section", { class: "cd-box", "aria-labelledby": alertsTitle.id }, alertsTitle, alertsBody);


  // Inside a console section the section's own heading names the desk: no second heading.
  title.hidden = Boolean(options.inSection);
  const root = h("section", { class: "cd-panel", "aria-labelledby": options.inSection ? "section-title" : title.id, lang },
    title, intro, deskLine, connection, alertBox, live, dutyBox,
    h("div", { class: "cd-grid" }, queueBox, chatsBox), messagesBox, alertsBox, hours.element);
  container.append(root);

  // --- rendering ---
  function announce(text) {
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 30);
  }

  function kindLabel(person) {
    const kind = w[`kind_${person.kind}`] || w.kind_unspecified;
    return person.is_guest ? `${kind} · ${w.guest}` : kind;
  }

  function focusChat(sessionId) {
    setTimeout(() => chatInput(sessionId)?.focus(), 0);
  }

  function renderHead() {
    const s = state.summary;
    if (!s) { deskLine.textContent = ""; return; }
    const label = s.open ? w.deskOpen : s.within_hours ? w.deskNobody : w.deskClosed;
    const parts = [label, fill(w.onDutyCount, { n: s.on_duty })];
    if (!s.within_hours && s.next_opening) parts.push(fill(w.nextOpening, { when: fmtTime.format(new Date(s.next_opening)) }));
    deskLine.textContent = parts.join(" · ");
    deskLine.dataset.mood = s.open ? "open" : "closed";
  }

  function renderDuty() {
    dutyBox.disabled = !state.live;
    dutyLegend.textContent = w.duty;
    dutyHint.textContent = w.dutyHint;
    dutyChoices.replaceChildren(...["available", "busy", "away", "off"].map((status) => {
      const id = `${uid}-duty-${status}`;
      const input = h("input", { type: "radio", name: `${uid}-duty`, id, value: status, checked: state.duty === status,
        onchange: () => setDuty(status) });
      return h("div", { class: "cd-choice" }, input, h("label", { for: id, text: w[`duty_${status}`] }));
    }));
  }

  function minutesWaiting(iso) {
    return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
  }

  function renderQueue() {
    queueTitle.textContent = `${w.queue} (${state.desk.queue.length})`;
    takeButton.textContent = w.takeNext;
    takeButton.disabled = !state.live || state.duty === "off" || waitingCount() === 0;
    if (!state.desk.queue.length) {
      queueList.replaceChildren(h("li", { class: "cd-empty", text: w.queueEmpty }));
      return;
    }
    queueList.replaceChildren(...state.desk.queue.map((entry) => {
      const minutes = minutesWaiting(entry.knocked_at);
      return h("li", { class: `cd-queue-item${entry.connected ? "" : " cd-lost"}` },
        h("span", { class: "cd-queue-name", text: entry.nickname }),
        h("span", { class: "cd-tag", text: kindLabel(entry) }),
        h("span", { class: "cd-wait", text: minutes ? fill(w.waitingFor, { min: minutes }) : w.waitingJustNow }),
        entry.connected ? null : h("span", { class: "cd-tag cd-tag-warn", text: w.lost }),
        entry.returning ? h("span", { class: "cd-tag", text: w.returning }) : null,
        entry.note ? h("p", { class: "cd-note" }, h("span", { class: "cd-sr-only", text: `${w.note}: ` }), entry.note) : null);
    }));
  }

  function colleagues() {
    return state.desk.duty.filter((d) => d.account_id !== me?.id && d.connected);
  }

  function chatCard(sessionId, chat) {
    const session = state.desk.sessions.find((s) => s.session_id === sessionId);
    const lost = session && !session.visitor_connected;
    const headingId = `${uid}-chat-${sessionId}`;
    const log = h("ol", { class: "cd-lines", role: "log", "aria-live": "polite", "aria-labelledby": headingId },
      chat.lines.map((line) => h("li", { class: `cd-line ${line.from === "staff" ? "cd-line-staff" : "cd-line-visitor"}` },
        h("span", { class: "cd-who", text: line.sender_nickname }),
        h("span", { class: "cd-text", text: line.text }))));
    const inputId = `${headingId}-say`;
    const input = h("input", { id: inputId, class: "cd-input", maxlength: String(SAY_MAX), autocomplete: "off" });
    input.value = chat.draft;
    input.addEventListener("input", () => { chat.draft = input.value; });
    const form = h("form", { class: "cd-say", onsubmit: (event) => { event.preventDefault(); say(sessionId); } },
      h("label", { for: inputId, class: "cd-sr-only", text: w.say }), input, h("button", { type: "submit", class: "cd-primary", text: w.send }));
    const others = colleagues();
    const selectId = `${headingId}-to`;
    const select = h("select", { id: selectId, class: "cd-select", disabled: !others.length },
      others.length ? others.map((c) => h("option", { value: c.account_id, text: `${c.nickname}（${w[`duty_${c.status}`]}）` }))
        : h("option", { value: "", text: w.noColleague }));
    const handOver = h("div", { class: "cd-hand-over" },
      h("label", { for: selectId, text: w.handOverTo }), select,
      h("button", { type: "button", class: "cd-secondary", text: w.handOver, disabled: !others.length,
        onclick: () => run(async () => { await call("desk:hand_over", { session_id: sessionId, to_account_id: select.value }); }) }));
    const card = h("article", { class: "cd-chat", "data-chat": sessionId, "aria-labelledby": headingId },
      h("h4", { id: headingId, text: fill(w.chatWith, { name: chat.visitor.nickname, kind: kindLabel(chat.visitor) }) + (lost ? w.visitorLost : "") }),
      chat.note ? h("p", { class: "cd-note", text: `${w.note}: ${chat.note}` }) : null,
      chat.notice ? h("p", { class: "cd-hint", text: chat.notice }) : null,
      log, form,
      h("div", { class: "cd-chat-foot" }, handOver,
        h("button", { type: "button", class: "cd-quiet", text: w.end,
          onclick: () => run(async () => { await call("desk:end", { session_id: sessionId }); }) })));
    setTimeout(() => { log.scrollTop = log.scrollHeight; }, 0);
    return card;
  }

  function renderChats() {
    chatsTitle.textContent = w.myChats;
    // Half-typed messages live in each chat's draft; keep the focus across the redraw.
    const active = document.activeElement;
    const focused = active?.tagName === "INPUT" ? active.closest?.("[data-chat]")?.dataset.chat : null;
    chatsList.replaceChildren(...(state.chats.size
      ? [...state.chats.entries()].map(([id, chat]) => chatCard(id, chat))
      : [h("p", { class: "cd-empty", text: w.noChats })]));
    if (focused) chatInput(focused)?.focus();
    const others = state.desk.sessions.filter((s) => !state.chats.has(s.session_id));
    othersTitle.textContent = w.others;
    othersTitle.hidden = !others.length;
    othersList.replaceChildren(...others.map((s) => h("li", { text: fill(w.otherChat, { staff: s.staff.nickname, visitor: s.visitor.nickname }) })));
  }

  function renderMessages() {
    messagesTitle.textContent = w.messages;
    messagesTabs.setAttribute("aria-label", w.messages);
    messagesTabs.replaceChildren(...["open", "handled"].map((view) => h("button", {
      type: "button", class: view === state.messagesView ? "cd-secondary" : "cd-quiet", "aria-pressed": String(view === state.messagesView),
      text: view === "open" ? w.messagesOpen : w.messagesHandled,
      onclick: () => { state.messagesView = view; loadMessages(); },
    })));
    if (!state.messages.length) {
      messagesList.replaceChildren(h("li", { class: "cd-empty", text: w.messagesEmpty }));
      return;
    }
    messagesList.replaceChildren(...state.messages.map((message) => {
      const item = h("li", { class: "cd-message" },
        h("p", { class: "cd-meta" }, h("strong", { text: message.author.nickname }), " ",
          h("span", { class: "cd-tag", text: kindLabel(message.author) }), " ",
          h("time", { datetime: message.created_at, text: fmtTime.format(new Date(message.created_at)) })),
        h("p", { class: "cd-text", text: message.text }));
      if (message.handled) {
        item.append(h("p", { class: "cd-hint", text: fill(w.handledBy, { name: message.handled_by || "" }) }));
        if (message.reply) item.append(h("p", { class: "cd-reply" }, h("span", { class: "cd-who", text: w.yourReply }), message.reply));
      } else {
        const replyId = `${uid}-reply-${message.id}`;
        const reply = h("textarea", { id: replyId, class: "cd-input", rows: "2", maxlength: String(REPLY_MAX) });
        item.append(h("label", { for: replyId, text: w.reply }), reply,
          h("button", { type: "button", class: "cd-secondary", text: w.markHandled, onclick: () => run(async () => {
            const body = reply.value.trim() ? { reply: reply.value } : {};
            await api.call("POST", `/api/desk/messages/${encodeURIComponent(message.id)}/handled`, body);
            announce(w.saved);
            await loadMessages();
          }) }));
      }
      return item;
    }));
  }

  function renderAlerts() {
    alertsTitle.textContent = w.alerts;
    alertsBody.replaceChildren(...alertSettings({ id: `${uid}-sound`, prefix: "cd", state, chime, words: w, buttonClass: "cd-quiet", redraw: renderAlerts }));
  }

  function render() {
    if (destroyed) return;
    root.setAttribute("lang", lang);
    title.textContent = w.deskTitle;
    intro.textContent = w.intro;
    // "connecting" lasts until the desk's state has come, not just the socket.
    const waiting = state.connection === "reconnecting" ? w.reconnecting : state.live ? "" : w.connecting;
    connection.textContent = waiting;
    connection.hidden = !connection.textContent;
    renderHead();
    renderDuty();
    renderQueue();
    renderChats();
    updateAlerts();
  }

  function renderAll() {
    render();
    renderMessages();
    renderAlerts();
    hours.render();
  }

  renderAll();
  timers.tick = setInterval(renderQueue, 30000); // waiting minutes
  (async () => {
    try { me = (await api.call("GET", "/api/me")).account; } catch (error) { alertBox.textContent = describe(error); }
    await link.connect();
    await Promise.all([loadMessages(), hours.load()]);
  })();

  return {
    element: root,
    setLang(next) {
      lang = next === "en" ? "en" : "ja";
      w = STRINGS[lang];
      renderAll();
    },
    destroy() {
      destroyed = true;
      caller.stop();
      for (const timer of Object.values(timers)) clearInterval(timer);
      link.close();
      chime.close();
      root.remove();
    },
  };
}

// The console section: the desk stays live while other sections are shown.
export default keptSection({
  id: "desk",
  titleKey: "deskTitle",
  strings: { ja: { deskTitle: STRINGS.ja.deskTitle }, en: { deskTitle: STRINGS.en.deskTitle } },
  mountPanel: mount,
});

export { STRINGS };
