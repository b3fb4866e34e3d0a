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

import { askNotifications, createCaller, makeChime, notificationState, notify } from "./alerts.js";
import { PROFESSIONS } from "../ui/booking.js";
import { createVoice } from "../ui/voice_client.js";
import { ensureStylesheet } from "../ui/dom.js";
import { ackedCall, errorText, keptSection, openLive, runner } from "./live.js";
import { h } from "./dom.js";

const STRINGS = {
  ja: {
    sessionsTitle: "待合室と相談室",
    intro: "予約した方が来ると、ここに表示されて音でお知らせします。「気づいています」を押すか、部屋に招き入れるまで、お知らせは続きます。",
    myStatus: "待っている方に見える、わたしの状態",
    status_auto: "自動（いまの様子から）",
    status_ready: "準備ができている",
    status_finishing_previous: "前の相談を終えるところ",
    status_running_late: "少し遅れている",
    lateMinutes: "あと何分ほど",
    lateUnknown: "わからない",
    statusHint: "「自動」では、ほかの相談中は「前の相談を終えるところ」、それ以外は「準備ができている」と表示されます。",
    today: "今日の相談",
    todayEmpty: "今日の相談はありません。",
    waiting: "待合室",
    waitingEmpty: "いま待っている方はいません。",
    arrived: "{min}分前に来ました",
    arrivedNow: "いま来ました",
    lost: "接続が切れています",
    seenMark: "気づいていることを伝えました",
    typed: "待っている間に書いたこと",
    see: "気づいています（少し待ってもらう）",
    admit: "部屋に招き入れる",
    inWaiting: "待合室にいます",
    inRoom: "相談中",
    guest: "ゲスト",
    kind_unspecified: "未設定",
    kind_individual: "本人",
    kind_family: "家族",
    kind_supporter: "支援者",
    status_booked: "予約中",
    status_completed: "実施済み",
    status_no_show: "来られなかった",
    rooms: "相談室",
    roomsEmpty: "いま開いている相談室はありません。",
    roomWith: "{name}さん（{kind}）",
    colleagueRoom: "{name}さんの相談室（同席）",
    here: "部屋にいる人",
    seat_person: "相談する方",
    seat_specialist: "担当",
    seat_colleague: "同席の専門家",
    you: "わたし",
    messageLabel: "メッセージ",
    send: "送る",
    voice: "声",
    useVoice: "声も使う",
    voiceHint: "声は相手の方が選んだときだけ届きます。文字だけのままでも大丈夫です。",
    voiceOn: "わたしの声: オン",
    voiceOff: "わたしの声: オフ",
    voiceStarting: "声をつないでいます…",
    voiceFailed: "声をつなげませんでした。文字は続けられます。",
    voiceOther: "{who}の声: {state}",
    stateOn: "オン",
    stateOff: "オフ",
    stateMuted: "ミュート中",
    stateConnecting: "接続中",
    mute: "ミュート",
    pushToTalk: "押している間だけ話す",
    holdToTalk: "押して話す",
    talking: "話しています",
    stopVoice: "声をやめる",
    invite: "もう一人の専門家に同席してもらう",
    inviteWho: "同席してもらう人",
    inviteSend: "相談する方に聞く",
    inviteHint: "相談する方が「はい」と答えたときだけ、同席できます。",
    consent_pending: "{name}さんの同席について、相談する方の答えを待っています。",
    consent_given: "{name}さんが同席しています（相談する方の同意あり）。",
    answer_given: "相談する方が同席に同意しました。",
    answer_declined: "相談する方は、今回は二人で話すことを選びました。",
    answer_withdrawn: "相談する方の希望で、{name}さんは退室しました。",
    noColleagues: "ほかに相談を受けている専門家がいません。",
    stepOut: "退室する",
    removed: "相談する方の希望で、退室しました。",
    end: "相談を終える",
    endConfirm: "相談を終えますか？ 予約は「実施済み」になります。",
    endYes: "はい、終える",
    endNo: "まだ続ける",
    ended_person: "相談する方が相談を終えました。",
    ended_specialist: "相談を終えました。",
    ended_time: "時間を大きく過ぎたため、相談室を閉じました。",
    alerts: "お知らせ",
    sound: "音で知らせる",
    allowNotifications: "デスクトップ通知を許可する",
    notificationsOn: "デスクトップ通知: オン",
    notificationsBlocked: "デスクトップ通知はブラウザの設定でオフになっています。",
    titleFlash: "● 待合室に来ています",
    notifyTitle: "待合室に来ています",
    notifyBody: "{name}さんが待合室に来ました。",
    knockNotice: "{name}さんが待合室に来ました。",
    invited: "{name}さんの相談に同席できるようになりました。",
    failed: "うまくいきませんでした。少し時間をおいて、もう一度お試しください。",
    connecting: "つないでいます…",
    reconnecting: "接続が切れています。つなぎ直しています…",
  },
  en: {
    sessionsTitle: "Waiting room & sessions",
    intro: "When someone with a booking arrives, they appear here and a chime tells you. It keeps calling until you answer (“I've seen you”) or let them in.",
    myStatus: "My status, as people waiting see it",
    status_auto: "Automatic (from what I'm doing)",
    status_ready: "Ready",
    status_finishing_previous: "Finishing a previous session",
    status_running_late: "Running a little late",
    lateMinutes: "About how many minutes",
    lateUnknown: "not sure",
    statusHint: "“Automatic” shows “finishing a previous session” while you are in another session, otherwise “ready”.",
    today: "Today's sessions",
    todayEmpty: "No sessions today.",
    waiting: "Waiting room",
    waitingEmpty: "Nobody is waiting right now.",
    arrived: "arrived {min} min ago",
    arrivedNow: "just arrived",
    lost: "connection lost",
    seenMark: "They know you've seen them",
    typed: "Written while waiting",
    see: "I've seen you (please wait a little)",
    admit: "Let them in",
    inWaiting: "in the waiting room",
    inRoom: "in session",
    guest: "guest",
    kind_unspecified: "not set",
    kind_individual: "individual",
    kind_family: "family",
    kind_supporter: "supporter",
    status_booked: "booked",
    status_completed: "completed",
    status_no_show: "did not come",
    rooms: "Sessions in progress",
    roomsEmpty: "No session is open right now.",
    roomWith: "{name} ({kind})",
    colleagueRoom: "{name}'s session (joining)",
    here: "In the room",
    seat_person: "Person",
    seat_specialist: "Specialist",
    seat_colleague: "Second specialist",
    you: "me",
    messageLabel: "Message",
    send: "Send",
    voice: "Voice",
    useVoice: "Use voice too",
    voiceHint: "Your voice reaches the person only if they chose voice too. Text only is fine.",
    voiceOn: "My voice: on",
    voiceOff: "My voice: off",
    voiceStarting: "Connecting voice…",
    voiceFailed: "Voice could not connect. Text goes on.",
    voiceOther: "{who}'s voice: {state}",
    stateOn: "on",
    stateOff: "off",
    stateMuted: "muted",
    stateConnecting: "connecting",
    mute: "Mute",
    pushToTalk: "Push to talk",
    holdToTalk: "Hold to talk",
    talking: "Talking",
    stopVoice: "Stop voice",
    invite: "Ask a second specialist to join",
    inviteWho: "Who should join",
    inviteSend: "Ask the person",
    inviteHint: "They join only if the person says yes.",
    consent_pending: "Waiting for the person's answer about {name} joining.",
    consent_given: "{name} is here (the person agreed).",
    answer_given: "The person agreed to the second specialist joining.",
    answer_declined: "The person chose to talk just the two of you this time.",
    answer_withdrawn: "At the person's wish, {name} has left.",
    noColleagues: "No other specialist holds consultations.",
    stepOut: "Leave the room",
    removed: "At the person's wish, you have left the room.",
    end: "End the session",
    endConfirm: "End the session? The booking is marked completed.",
    endYes: "Yes, end it",
    endNo: "Not yet",
    ended_person: "The person ended the session.",
    ended_specialist: "You ended the session.",
    ended_time: "The room was closed long after its time.",
    alerts: "Alerts",
    sound: "Chime",
    allowNotifications: "Allow desktop notifications",
    notificationsOn: "Desktop notifications: on",
    notificationsBlocked: "Desktop notifications are turned off in the browser settings.",
    titleFlash: "● Someone is in the waiting room",
    notifyTitle: "Someone is in the waiting room",
    notifyBody: "{name} has arrived in the waiting room.",
    knockNotice: "{name} has arrived in the waiting room.",
    invited: "You can now join {name}'s session.",
    failed: "That didn't work. Please try again in a little while.",
    connecting: "Connecting…",
    reconnecting: "Connection lost. Reconnecting…",
  },
};

const ACK_TIMEOUT_MS = 15000;
const SAY_MAX = 500;
const LATE_CHOICES = [5, 10, 15, 20, 30];

function fill(text, params = {}) {
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function mount(container, api, options = {}) {
  ensureStylesheet(new URL("./sessions.css", import.meta.url).href, "data-ibasho-console-sessions");
  let lang = options.lang === "en" ? "en" : "ja";
  let w = STRINGS[lang];
  const timeZone = options.timeZone || "Asia/Tokyo";
  const uid = `ibasho-sessions-${Math.random().toString(36).slice(2, 10)}`;
  const chime = makeChime();
  let socket = null;
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
    voices: new Map(), // session id -> {voice, local}
    voiceSeats: new Map(), // session id -> {seat: {joined, connected, muted}}
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
  const call = ackedCall(() => socket, ACK_TIMEOUT_MS);
  const describe = (error) => errorText(error, lang, w.failed);
  const run = runner(() => alertBox, describe);

  async function connect() {
    socket = await openLive({
      namespace: "/consult", api, socketFactory: options.socketFactory,
      onConnection: (connection) => { state.connection = connection; renderHead(); },
      onConnected: async () => {
        try { applyStatus(await call("consult:status")); } catch (error) { alertBox.textContent = describe(error); }
        render();
      },
    });
    if (destroyed) { socket.disconnect(); return; }
    socket.on("consult:knock", (entry) => {
      chime.play();
      const name = entry.person.nickname;
      notify(w.notifyTitle, fill(w.notifyBody, { name }), `ibasho-knock-${entry.session_id}`, () => document.hidden || !root.isConnected);
      announce(fill(w.knockNotice, { name }));
    });
    socket.on("consult:state", (data) => { applyState(data); render(); });
    socket.on("consult:admitted", (room) => { upsertRoom(room); render(); });
    socket.on("consult:invited", (room) => {
      upsertRoom(room);
      announce(fill(w.invited, { name: room.person?.nickname || "" }));
      render();
    });
    socket.on("consult:message", (message) => {
      const room = state.rooms.find((r) => r.session_id === message.session_id);
      if (!room) return; // waiting-room messages come with consult:state
      if (!room.messages.some((m) => m.id === message.id)) room.messages.push(message);
      renderRooms();
    });
    socket.on("consult:participants", (data) => {
      const room = state.rooms.find((r) => r.session_id === data.session_id);
      if (!room) return;
      room.participants = data.participants;
      room.consent = data.consent;
      renderRooms();
    });
    socket.on("consult:consent_answer", (data) => {
      state.notes.set(data.session_id, fill(w[`answer_${data.answer}`], { name: data.colleague?.nickname || "" }));
      announce(state.notes.get(data.session_id));
      renderRooms();
    });
    socket.on("consult:removed", (data) => { dropRoom(data.session_id); announce(w.removed); render(); });
    socket.on("consult:voice_state", (data) => { state.voiceSeats.set(data.session_id, data.participants); renderRooms(); });
    socket.on("consult:ended", (data) => {
      dropRoom(data.session_id);
      announce(w[`ended_${data.by}`] || w.ended_specialist);
      render();
      loadToday();
    });
  }

  function applyStatus(reply) {
    applyState({ ...reply.as_specialist, as_colleague: reply.as_colleague });
  }

  function applyState(data) {
    state.status = data.status;
    state.waiting = data.waiting;
    const rooms = [...data.rooms, ...(data.as_colleague || [])];
    // Keep the messages already shown (the state carries them too; the newest copy wins).
    state.rooms = rooms;
    for (const id of [...state.voices.keys()]) {
      if (!rooms.some((r) => r.session_id === id)) stopVoice(id, false);
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
    stopVoice(sessionId, false);
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

  // --- voice ---
  async function startVoice(sessionId) {
    const entry = { voice: null, local: { phase: "starting", muted: false, talking: false, pushToTalk: false }, error: "" };
    entry.voice = createVoice({
      sessionId,
      call,
      onChange: (local) => { entry.local = local; renderRooms(); },
    });
    state.voices.set(sessionId, entry);
    try { await entry.voice.start(); } catch { entry.error = w.voiceFailed; renderRooms(); }
  }

  function stopVoice(sessionId, tellServer = true) {
    const entry = state.voices.get(sessionId);
    if (!entry) return;
    state.voices.delete(sessionId);
    entry.voice.stop({ tellServer });
  }

  function onKey(event, down) {
    if (event.code !== "Space" || event.repeat) return;
    const entry = [...state.voices.values()].find((e) => e.local.pushToTalk);
    if (!entry) return;
    const tag = event.target?.tagName;
    if (!event.target?.classList?.contains("ss-talk") && (tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON" || tag === "SELECT")) return;
    event.preventDefault();
    entry.voice.talk(down);
  }
  const keyDown = (event) => onKey(event, true);
  const keyUp = (event) => onKey(event, false);
  document.addEventListener("keydown", keyDown);
  document.addEventListener("keyup", keyUp);

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

  const fmtTime = () => new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const span = (item) => `${fmtTime().format(new Date(item.starts_at))}–${fmtTime().format(new Date(item.ends_at))}`;

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

  function voicePanel(room) {
    const entry = state.voices.get(room.session_id);
    const local = entry?.local || { phase: "off", muted: false, talking: false, pushToTalk: false };
    const on = local.phase === "on";
    const seats = state.voiceSeats.get(room.session_id) || {};
    const others = Object.entries(seats).filter(([seat]) => seat !== room.seat);
    const badge = h("p", { class: "ss-voice-badge", "data-on": String(on), "data-phase": local.phase,
      text: local.phase === "starting" ? w.voiceStarting : on ? `${w.voiceOn}${local.muted ? `（${w.stateMuted}）` : ""}` : w.voiceOff });
    const stateWord = (s) => (!s?.joined ? w.stateOff : !s.connected ? w.stateConnecting : s.muted ? w.stateMuted : w.stateOn);
    const parts = [h("h4", { text: w.voice }), badge,
      h("ul", { class: "ss-voice-others" }, others.map(([seat, s]) => h("li", { "data-on": String(Boolean(s.connected)),
        text: fill(w.voiceOther, { who: w[`seat_${seat}`] || seat, state: stateWord(s) }) })))];
    if (!entry) {
      parts.push(h("button", { type: "button", class: "primary ss-use-voice", text: w.useVoice, onclick: () => startVoice(room.session_id) }),
        h("p", { class: "ss-hint", text: w.voiceHint }));
    } else {
      const pttId = `${uid}-ptt-${room.session_id}`;
      const talk = h("button", { type: "button", class: "ss-talk", "aria-pressed": String(local.talking), "data-talking": String(local.talking),
        text: local.talking ? w.talking : w.holdToTalk, hidden: !local.pushToTalk });
      talk.addEventListener("pointerdown", (e) => { e.preventDefault(); entry.voice.talk(true); });
      for (const type of ["pointerup", "pointerleave", "pointercancel"]) talk.addEventListener(type, () => entry.voice.talk(false));
      talk.addEventListener("keydown", (e) => { if ((e.key === " " || e.key === "Enter") && !e.repeat) { e.preventDefault(); entry.voice.talk(true); } });
      talk.addEventListener("keyup", (e) => { if (e.key === " " || e.key === "Enter") { e.preventDefault(); entry.voice.talk(false); } });
      parts.push(
        h("div", { class: "ss-row" },
          h("button", { type: "button", class: "quiet ss-toggle", "aria-pressed": String(local.muted), text: w.mute,
            onclick: () => run(() => entry.voice.setMuted(!local.muted)) }),
          h("button", { type: "button", class: "quiet", text: w.stopVoice, onclick: () => { stopVoice(room.session_id); renderRooms(); } })),
        h("div", { class: "ss-choice" },
          h("input", { type: "checkbox", id: pttId, checked: local.pushToTalk, onchange: (e) => {
            entry.voice.setPushToTalk(e.target.checked); // redraws the panel
            if (e.target.checked) root.querySelector(`[data-room="${CSS.escape(room.session_id)}"] .ss-talk`)?.focus();
          } }),
          h("label", { for: pttId, text: w.pushToTalk })),
        talk);
      if (entry.error) parts.push(h("p", { class: "ss-alert", role: "alert", text: entry.error }));
    }
    return h("div", { class: "ss-voice" }, parts);
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
        voicePanel(room)),
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
    const soundId = `${uid}-sound`;
    const sound = h("input", { type: "checkbox", id: soundId, checked: state.sound, onchange: () => {
      state.sound = sound.checked;
      if (sound.checked) { chime.unlock(); chime.play(); }
    } });
    const parts = [h("div", { class: "ss-choice" }, sound, h("label", { for: soundId, text: w.sound }))];
    const permission = notificationState();
    if (permission === "granted") parts.push(h("p", { class: "ss-hint", text: w.notificationsOn }));
    else if (permission === "denied") parts.push(h("p", { class: "ss-hint", text: w.notificationsBlocked }));
    else if (permission === "default") {
      parts.push(h("button", { type: "button", class: "quiet", text: w.allowNotifications, onclick: async () => {
        await askNotifications();
        renderAlerts();
      } }));
    }
    alertsBody.replaceChildren(...parts);
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
    await connect();
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
      document.removeEventListener("keydown", keyDown);
      document.removeEventListener("keyup", keyUp);
      for (const id of [...state.voices.keys()]) stopVoice(id);
      socket?.disconnect();
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
