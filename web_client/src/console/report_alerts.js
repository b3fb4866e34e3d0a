// Report alerts in the console, from sign-in on whichever section is shown: a new report rings
// the moderators', staff's and admins' consoles; an urgent one left unclaimed for two minutes
// rings every staff console (the two-person rule). A banner says what waits, the soft chime
// repeats every 30 s and a desktop notification shows (when permitted and the page is not in
// view) until someone claims it. Moderators also ring for what was unclaimed when they signed in.
//
//   const alerts = mountReportAlerts(api, { role, lang, announce });  // alerts.element, setLang, close

import { REPORT_EVENTS } from "./events.js";
import { createCaller, makeChime, notify } from "./alerts.js";
import { leaveLive, openLive } from "./live.js";
import { h } from "./dom.js";

export const REPEAT_MS = 30000;
const MODERATORS = new Set(["moderator", "admin"]);

export const STRINGS = {
  ja: {
    alertNew: "新しい報告があります（{n}件、だれも見ていません）",
    alertUrgent: "急ぎの報告があります。すぐに見てください。",
    alertEscalated: "急ぎの報告が2分以上だれにも見られていません。モデレーターに声をかけてください。",
    alertOpen: "報告を見る",
    alertFlash: "● 報告",
    notifyTitle: "いばしょ: 報告",
  },
  en: {
    alertNew: "New reports waiting ({n}, nobody has claimed them)",
    alertUrgent: "An urgent report is waiting. Please look now.",
    alertEscalated: "An urgent report has waited over 2 minutes unclaimed. Please reach a moderator.",
    alertOpen: "Open reports",
    alertFlash: "● Report",
    notifyTitle: "Ibasho: report",
  },
};

// The banner's words for the waiting reports (a Map id -> alert), for `role` in `lang`.
export function alertText(waiting, role, lang) {
  const words = STRINGS[lang === "en" ? "en" : "ja"];
  const alerts = [...waiting.values()];
  if (alerts.some((a) => a.escalated) && !MODERATORS.has(role)) return words.alertEscalated;
  if (alerts.some((a) => a.urgent)) return words.alertUrgent;
  return words.alertNew.replace("{n}", String(alerts.length));
}

export function mountReportAlerts(api, { role, lang, announce, socketFactory, chime = makeChime() }) {
  const state = { lang, waiting: new Map() };
  let listener = null; // the reports section, while it shows the queue
  const text = h("p", { class: "report-alert-text", role: "alert" });
  const open = MODERATORS.has(role)
    ? h("a", { href: "#reports", class: "report-alert-open" })
    : null;
  const element = h("section", { class: "report-alert", hidden: true, "aria-label": STRINGS[lang].notifyTitle }, text, open);
  const caller = createCaller({ chime, everyMs: REPEAT_MS, flashText: () => STRINGS[state.lang].alertFlash,
    onRing: () => notify(STRINGS[state.lang].notifyTitle, text.textContent, "ibasho-report") });
  // Browsers play sound only after a gesture: the first click anywhere allows the chime.
  const unlock = () => { chime.unlock(); document.removeEventListener("click", unlock); };
  document.addEventListener("click", unlock);

  function draw() {
    const words = STRINGS[state.lang];
    element.hidden = state.waiting.size === 0;
    text.textContent = state.waiting.size ? alertText(state.waiting, role, state.lang) : "";
    if (open) open.textContent = words.alertOpen;
    caller.set(state.waiting.size > 0);
  }

  function ring(alert) {
    const fresh = !state.waiting.has(alert.id) || (alert.escalated && !state.waiting.get(alert.id).escalated);
    state.waiting.set(alert.id, alert);
    draw();
    listener?.();
    if (fresh) {
      chime.play();
      announce(text.textContent);
      notify(STRINGS[state.lang].notifyTitle, text.textContent, "ibasho-report");
    }
  }

  const handlers = {
    "report:alert": ring,
    "report:claimed": (data) => { state.waiting.delete(data.id); draw(); listener?.(); },
  };
  const onConnection = () => {};
  openLive({ namespace: "/desk", api, socketFactory, onConnection, onConnected: () => {} }).then((socket) => {
    for (const event of REPORT_EVENTS) socket.on(event, (data) => handlers[event](data));
  }).catch(() => { /* the queue still shows every report */ });
  if (MODERATORS.has(role)) {
    api.call("GET", "/api/moderation/alerts").then(({ alerts }) => {
      for (const alert of alerts || []) state.waiting.set(alert.id, { ...alert, escalated: false });
      draw();
      if (state.waiting.size) announce(text.textContent);
    }).catch(() => {});
  }
  draw();
  return {
    element,
    setLang(next) { state.lang = next === "en" ? "en" : "ja"; draw(); },
    // One listener told of every alert and claim (the shown queue redraws); null to stop.
    listen(fn) { listener = fn; },
    // A claim made in this console: stop ringing for it at once.
    claimed(id) { state.waiting.delete(id); draw(); },
    close: () => { caller.stop(); document.removeEventListener("click", unlock); return leaveLive({ namespace: "/desk", api, onConnection }); },
  };
}
