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

import { askNotifications, createCaller, makeChime, notificationState, notify } from "./alerts.js";
import { ensureStylesheet } from "../ui/dom.js";
import { ackedCall, errorText, keptSection, openLive, runner } from "./live.js";
import { h } from "./dom.js";

const STRINGS = {
  ja: {
    deskTitle: "相談デスク",
    intro: "予約なしで来た方と、文字でお話しします。待っている方がいるあいだ、やさしい音とタブの表示でお知らせします。",
    duty: "わたしの状態",
    duty_available: "対応できる",
    duty_busy: "対応中",
    duty_away: "席を外す",
    duty_off: "当番ではない",
    dutyHint: "「当番ではない」以外は当番中です。お話が終わると自動で「対応できる」に戻ります。",
    deskOpen: "受付中",
    deskClosed: "受付時間外",
    deskNobody: "受付時間中・当番なし",
    nextOpening: "次の受付: {when}",
    onDutyCount: "当番 {n}人",
    queue: "待っている方",
    queueEmpty: "いま待っている方はいません。",
    takeNext: "次の方と話す",
    waitingFor: "{min}分",
    waitingJustNow: "いま来たところ",
    lost: "接続が切れています",
    returning: "お話の途中で接続が切れた方",
    guest: "ゲスト",
    kind_unspecified: "未設定",
    kind_individual: "本人",
    kind_family: "家族",
    kind_supporter: "支援者",
    note: "ひとこと",
    myChats: "わたしのお話",
    noChats: "いまお話ししている方はいません。",
    chatWith: "{name}さん（{kind}）",
    handedFrom: "{name}さんから引き継ぎました。",
    handedTo: "{name}さんに引き継ぎました。",
    say: "メッセージ",
    send: "送る",
    handOver: "引き継ぐ",
    handOverTo: "引き継ぐ相手",
    noColleague: "ほかに当番の人がいません",
    end: "お話を終える",
    ended_visitor: "相手の方がお話を終えました。",
    ended_staff: "お話を終えました。",
    ended_visitor_gone: "相手の方の接続が戻りませんでした。",
    ended_staff_gone: "接続が切れたため、相手の方は順番の先頭に戻りました。",
    visitorLost: "（相手の方の接続が切れています）",
    others: "ほかのスタッフのお話",
    otherChat: "{staff} ⇄ {visitor}",
    messages: "残されたメッセージ",
    messagesOpen: "未対応",
    messagesHandled: "対応済み",
    messagesEmpty: "メッセージはありません。",
    reply: "返事（任意・相手の方の画面に表示されます）",
    markHandled: "対応済みにする",
    handledBy: "{name}さんが対応",
    yourReply: "返事",
    alerts: "お知らせ",
    sound: "音で知らせる",
    allowNotifications: "デスクトップ通知を許可する",
    notificationsOn: "デスクトップ通知: オン",
    notificationsBlocked: "デスクトップ通知はブラウザの設定でオフになっています。",
    titleFlash: "● 相談デスクに来ています",
    notifyTitle: "相談デスクに来ている方がいます",
    notifyBody: "待っている方: {n}人",
    messageLeftNotice: "新しいメッセージが残されました。",
    hours: "受付時間",
    weekly: "毎週",
    noHours: "受付時間がまだありません。",
    editHours: "受付時間を変える",
    addRow: "行を足す",
    removeRow: "この行を消す",
    weekday: "曜日",
    start: "開始",
    end_time: "終了",
    saveHours: "受付時間を保存",
    cancel: "やめる",
    days: "特別な日（休み・臨時）",
    date: "日付",
    closedAllDay: "一日お休み",
    dayNote: "お知らせ（来た方に表示）",
    saveDay: "この日を保存",
    clearDay: "いつもどおりに戻す",
    closedLabel: "お休み",
    saved: "保存しました。",
    failed: "うまくいきませんでした。少し時間をおいて、もう一度お試しください。",
    connecting: "つないでいます…",
    reconnecting: "接続が切れています。つなぎ直しています…",
    weekdays: ["月", "火", "水", "木", "金", "土", "日"],
  },
  en: {
    deskTitle: "Desk on duty",
    intro: "Text chats with people who came without a booking. While someone waits, a soft chime and the tab title let you know.",
    duty: "My status",
    duty_available: "Available",
    duty_busy: "Busy",
    duty_away: "Stepped away",
    duty_off: "Off duty",
    dutyHint: "Anything but “Off duty” means on duty. After a chat you are “Available” again.",
    deskOpen: "Open",
    deskClosed: "Outside opening hours",
    deskNobody: "Opening hours, nobody on duty",
    nextOpening: "Next opening: {when}",
    onDutyCount: "On duty: {n}",
    queue: "Waiting",
    queueEmpty: "Nobody is waiting right now.",
    takeNext: "Talk with the next person",
    waitingFor: "{min} min",
    waitingJustNow: "just arrived",
    lost: "connection lost",
    returning: "their chat was cut off",
    guest: "guest",
    kind_unspecified: "not set",
    kind_individual: "individual",
    kind_family: "family",
    kind_supporter: "supporter",
    note: "Note",
    myChats: "My chats",
    noChats: "You are not in a chat right now.",
    chatWith: "{name} ({kind})",
    handedFrom: "Handed over from {name}.",
    handedTo: "Handed over to {name}.",
    say: "Message",
    send: "Send",
    handOver: "Hand over",
    handOverTo: "Hand over to",
    noColleague: "No colleague on duty",
    end: "End the chat",
    ended_visitor: "The person ended the chat.",
    ended_staff: "You ended the chat.",
    ended_visitor_gone: "The person's connection did not come back.",
    ended_staff_gone: "Your connection was lost; the person is first in line again.",
    visitorLost: " (their connection is lost)",
    others: "Colleagues' chats",
    otherChat: "{staff} ⇄ {visitor}",
    messages: "Messages left",
    messagesOpen: "Open",
    messagesHandled: "Handled",
    messagesEmpty: "No messages.",
    reply: "Reply (optional; the person sees it on their page)",
    markHandled: "Mark handled",
    handledBy: "Handled by {name}",
    yourReply: "Reply",
    alerts: "Alerts",
    sound: "Chime",
    allowNotifications: "Allow desktop notifications",
    notificationsOn: "Desktop notifications: on",
    notificationsBlocked: "Desktop notifications are turned off in the browser settings.",
    titleFlash: "● Someone is at the desk",
    notifyTitle: "Someone is waiting at the desk",
    notifyBody: "Waiting: {n}",
    messageLeftNotice: "A new message was left.",
    hours: "Opening hours",
    weekly: "Every week",
    noHours: "No opening hours yet.",
    editHours: "Change the opening hours",
    addRow: "Add a row",
    removeRow: "Remove this row",
    weekday: "Day",
    start: "From",
    end_time: "To",
    saveHours: "Save the opening hours",
    cancel: "Cancel",
    days: "Special dates (closed, extra)",
    date: "Date",
    closedAllDay: "Closed all day",
    dayNote: "Notice (shown to visitors)",
    saveDay: "Save this date",
    clearDay: "Back to the usual hours",
    closedLabel: "closed",
    saved: "Saved.",
    failed: "That didn't work. Please try again in a little while.",
    connecting: "Connecting…",
    reconnecting: "Connection lost. Reconnecting…",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  },
};

const ACK_TIMEOUT_MS = 8000;
const SAY_MAX = 500;
const REPLY_MAX = 1000;

function fill(text, params = {}) {
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function mount(container, api, options = {}) {
  ensureStylesheet(new URL("./desk.css", import.meta.url).href, "data-ibasho-console-desk");
  let lang = options.lang === "en" ? "en" : "ja";
  let w = STRINGS[lang];
  const timeZone = options.timeZone || "Asia/Tokyo";
  const uid = `ibasho-cdesk-${Math.random().toString(36).slice(2, 10)}`;
  const chime = makeChime();
  // While someone waits and I am on duty: the chime every 20 s and a blinking tab title.
  const caller = createCaller({
    chime,
    soundOn: () => state.sound,
    flashText: () => `${w.titleFlash} (${waitingCount()})`,
    needsAttention: () => document.hidden || !root.isConnected || !document.hasFocus(),
  });
  let socket = null;
  let destroyed = false;
  let me = null;
  const timers = { tick: null };
  const state = {
    summary: null,
    duty: "off",
    desk: { duty: [], queue: [], sessions: [] },
    chats: new Map(), // session_id -> {visitor, note, lines: [], notice}
    connection: "connecting",
    sound: options.sound !== false,
    messagesView: "open",
    messages: [],
    hours: null,
    editingHours: false,
    lastQueueLength: 0,
    notice: "",
  };

  const fmtTime = {
    format: (date) => new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB",
      { timeZone, month: "short", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date),
  };

  // --- talking to the server ---
  const call = ackedCall(() => socket, ACK_TIMEOUT_MS);
  const describe = (error) => errorText(error, lang, w.failed);
  const run = runner(() => alertBox, describe);

  async function connect() {
    socket = await openLive({
      namespace: "/desk", api, socketFactory: options.socketFactory,
      onConnection: (connection) => { state.connection = connection; render(); },
      onConnected: async () => {
        try { applyStatus(await call("desk:status")); } catch (error) { alertBox.textContent = describe(error); }
        render();
      },
    });
    if (destroyed) { socket.disconnect(); return; }
    // Sent when the public summary changed: duty, queue length, or the hours (maybe by a colleague).
    socket.on("desk:status", (summary) => {
      const hoursMoved = summary.next_opening !== state.summary?.next_opening || summary.within_hours !== state.summary?.within_hours;
      state.summary = summary;
      renderHead();
      if (hoursMoved && !state.editingHours) loadHours();
    });
    socket.on("desk:state", (desk) => { state.desk = desk; syncDuty(); render(); });
    socket.on("desk:opened", (data) => {
      addChat(data);
      if (data.handed_over_by) state.chats.get(data.session_id).notice = fill(w.handedFrom, { name: data.handed_over_by });
      render();
      focusChat(data.session_id);
    });
    socket.on("desk:message", (data) => {
      const chat = state.chats.get(data.session_id);
      if (!chat) return;
      chat.lines.push(data);
      renderChats();
    });
    socket.on("desk:handed_over", (data) => {
      if (!state.chats.has(data.session_id)) return;
      state.chats.delete(data.session_id);
      announce(fill(w.handedTo, { name: data.staff_nickname }));
      render();
    });
    socket.on("desk:ended", (data) => {
      if (!state.chats.has(data.session_id)) return;
      state.chats.delete(data.session_id);
      announce(w[`ended_${data.by}`] || w.ended_staff);
      render();
    });
    socket.on("desk:message_left", async () => {
      chime.play();
      announce(w.messageLeftNotice);
      await loadMessages();
    });
  }

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
      addChat(opened);
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

  async function loadHours() {
    await run(async () => {
      state.hours = (await api.call("GET", "/api/desk/hours")).hours;
      renderHours();
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

  async function allowNotifications() {
    // Only ever on this explicit click of a staff member.
    await askNotifications();
    renderAlerts();
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

  const hoursTitle = h("h3", { id: `${uid}-hours` });
  const hoursBody = h("div", { class: "cd-hours" });
  const hoursBox = h("section", { class: "cd-box", "aria-labelledby": hoursTitle.id }, hoursTitle, hoursBody);

  const root = h("section", { class: "cd-panel", "aria-labelledby": title.id, lang },
    title, intro, deskLine, connection, alertBox, live, dutyBox,
    h("div", { class: "cd-grid" }, queueBox, chatsBox), messagesBox, alertsBox, hoursBox);
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
    takeButton.disabled = state.duty === "off" || waitingCount() === 0;
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
    const soundId = `${uid}-sound`;
    const sound = h("input", { type: "checkbox", id: soundId, checked: state.sound, onchange: () => {
      state.sound = sound.checked;
      if (sound.checked) { chime.unlock(); chime.play(); }
    } });
    const parts = [h("div", { class: "cd-choice" }, sound, h("label", { for: soundId, text: w.sound }))];
    const permission = notificationState();
    if (permission !== "unsupported") {
      if (permission === "granted") parts.push(h("p", { class: "cd-hint", text: w.notificationsOn }));
      else if (permission === "denied") parts.push(h("p", { class: "cd-hint", text: w.notificationsBlocked }));
      else parts.push(h("button", { type: "button", class: "cd-quiet", text: w.allowNotifications, onclick: allowNotifications }));
    }
    alertsBody.replaceChildren(...parts);
  }

  function hoursText(hours) {
    const byDay = w.weekdays.map((day, index) => {
      const windows = hours.weekly.filter((x) => x.weekday === index).map((x) => `${x.start}–${x.end}`);
      return windows.length ? `${day} ${windows.join(", ")}` : null;
    }).filter(Boolean);
    return byDay.length ? byDay : [w.noHours];
  }

  function weeklyEditor(hours) {
    const rows = h("div", { class: "cd-rows" });
    const addRow = (entry = { weekday: 0, start: "10:00", end: "17:00" }) => {
      const n = rows.children.length;
      const day = h("select", { class: "cd-select", "aria-label": `${w.weekday} ${n + 1}` },
        w.weekdays.map((label, index) => h("option", { value: String(index), text: label, selected: index === entry.weekday })));
      const start = h("input", { class: "cd-input cd-time", value: entry.start, "aria-label": `${w.start} ${n + 1}`, maxlength: "5", inputmode: "numeric" });
      const end = h("input", { class: "cd-input cd-time", value: entry.end, "aria-label": `${w.end_time} ${n + 1}`, maxlength: "5", inputmode: "numeric" });
      const row = h("div", { class: "cd-row" }, day, start, h("span", { "aria-hidden": "true", text: "–" }), end,
        h("button", { type: "button", class: "cd-quiet", text: w.removeRow, onclick: () => row.remove() }));
      rows.append(row);
    };
    hours.weekly.forEach(addRow);
    const form = h("form", { class: "cd-hours-form", onsubmit: (event) => {
      event.preventDefault();
      run(async () => {
        const weekly = [...rows.children].map((row) => {
          const [day, start, end] = row.querySelectorAll("select, input");
          return { weekday: Number(day.value), start: start.value.trim(), end: end.value.trim() };
        });
        state.hours = (await api.call("PUT", "/api/desk/hours", { weekly })).hours;
        state.editingHours = false;
        announce(w.saved);
        renderHours();
      });
    } }, rows,
    h("div", { class: "cd-row" },
      h("button", { type: "button", class: "cd-quiet", text: w.addRow, onclick: () => addRow() }),
      h("button", { type: "submit", class: "cd-primary", text: w.saveHours }),
      h("button", { type: "button", class: "cd-quiet", text: w.cancel, onclick: () => { state.editingHours = false; renderHours(); } })));
    return form;
  }

  function dayEditor() {
    const dateId = `${uid}-day-date`;
    const closedId = `${uid}-day-closed`;
    const noteId = `${uid}-day-note`;
    const date = h("input", { type: "date", id: dateId, class: "cd-input", required: true });
    const closed = h("input", { type: "checkbox", id: closedId, checked: true });
    const start = h("input", { class: "cd-input cd-time", value: "10:00", "aria-label": w.start, maxlength: "5" });
    const end = h("input", { class: "cd-input cd-time", value: "17:00", "aria-label": w.end_time, maxlength: "5" });
    const times = h("div", { class: "cd-row", hidden: true }, start, h("span", { "aria-hidden": "true", text: "–" }), end);
    closed.addEventListener("change", () => { times.hidden = closed.checked; });
    const note = h("input", { id: noteId, class: "cd-input", maxlength: "80" });
    return h("form", { class: "cd-day-form", onsubmit: (event) => {
      event.preventDefault();
      run(async () => {
        const body = { windows: closed.checked ? [] : [{ start: start.value.trim(), end: end.value.trim() }] };
        if (note.value.trim()) body.note = note.value.trim();
        state.hours = (await api.call("PUT", `/api/desk/days/${encodeURIComponent(date.value)}`, body)).hours;
        announce(w.saved);
        renderHours();
      });
    } },
    h("div", { class: "cd-row" }, h("label", { for: dateId, text: w.date }), date,
      h("span", { class: "cd-choice" }, closed, h("label", { for: closedId, text: w.closedAllDay }))),
    times,
    h("div", { class: "cd-row" }, h("label", { for: noteId, text: w.dayNote }), note),
    h("button", { type: "submit", class: "cd-secondary", text: w.saveDay }));
  }

  function renderHours() {
    hoursTitle.textContent = w.hours;
    const hours = state.hours;
    if (!hours) { hoursBody.replaceChildren(); return; }
    const days = hours.days.map((d) => h("li", {},
      `${d.date} ${d.closed ? w.closedLabel : d.windows.map((x) => `${x.start}–${x.end}`).join(", ")}${d.note ? ` (${d.note})` : ""} `,
      h("button", { type: "button", class: "cd-quiet", text: w.clearDay, onclick: () => run(async () => {
        state.hours = (await api.call("DELETE", `/api/desk/days/${encodeURIComponent(d.date)}`)).hours;
        renderHours();
      }) })));
    hoursBody.replaceChildren(
      h("h4", { text: w.weekly }),
      h("ul", { class: "cd-hours-list" }, hoursText(hours).map((line) => h("li", { text: line }))),
      state.editingHours ? weeklyEditor(hours)
        : h("button", { type: "button", class: "cd-quiet", text: w.editHours, onclick: () => { state.editingHours = true; renderHours(); } }),
      h("h4", { text: w.days }),
      ...(days.length ? [h("ul", { class: "cd-hours-list" }, days)] : []),
      dayEditor());
  }

  function render() {
    if (destroyed) return;
    root.setAttribute("lang", lang);
    title.textContent = w.deskTitle;
    intro.textContent = w.intro;
    connection.textContent = state.connection === "connecting" ? w.connecting : state.connection === "reconnecting" ? w.reconnecting : "";
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
    renderHours();
  }

  renderAll();
  timers.tick = setInterval(renderQueue, 30000); // waiting minutes
  (async () => {
    try { me = (await api.call("GET", "/api/me")).account; } catch (error) { alertBox.textContent = describe(error); }
    await connect();
    await Promise.all([loadMessages(), loadHours()]);
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
      socket?.disconnect();
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
