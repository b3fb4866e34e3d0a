// Crisis alerts in the console, heard from sign-in on whichever section is shown: someone's
// words at the desk, in a consultation, a letter or a conversation sounded like a crisis.
// Each alert shows who (a nickname, never a real name), where, the message and the few before
// it, and a form to record what was done and the legal basis of any sharing. Until someone
// acknowledges it, the console chimes (repeating), the tab title blinks and a desktop
// notification is shown when permitted. Alerts come on the console's /desk link
// (crisis:alert: at once to the staff on duty, to everyone after 2 minutes, and again on every
// connect) and from GET /api/crisis-alerts when the link (re)connects.
//
//   import { mountCrisis } from "./crisis.js";  // mountCrisis(api, { lang, timeZone, announce })

import { CRISIS_EVENTS } from "./events.js";
import { leaveLive, openLive } from "./live.js";
import { createCaller, makeChime, notificationState, askNotifications, notify } from "./alerts.js";
import { h, uniqueId } from "./dom.js";
import { formatter } from "./i18n.js";
import { ensureStylesheet } from "../ui/dom.js";
import { TEXT_LIMITS } from "../text_limits.js";

export const CHIME_EVERY_MS = 10000;

export const STRINGS = {
  ja: {
    title: "緊急の確認が必要なメッセージ",
    flash: "● 緊急の確認",
    escalated: "2分間確認されなかったため、全スタッフに通知しています",
    where: { desk: "相談デスク", consult: "個別相談", letter: "お手紙", conversation: "会話", zone: "場所の会話", event: "イベント" },
    who: "{name}さん（ID {id}）",
    at: "{when}、{where}",
    action: "したこと（例: デスクで声をかけた、窓口を伝えた）",
    basis: "外部との情報共有の根拠",
    bases: {
      not_shared: "共有していない",
      consent: "本人の同意",
      protection_of_life: "生命・身体の保護（本人の同意を得ることが困難）",
      suicide_prevention: "自殺対策（関係機関との連携）",
    },
    acknowledge: "確認して記録する",
    acknowledged: "{name}さんが確認しました",
    allow: "デスクトップ通知を許可する",
    sound: "音を鳴らす（画面をクリックすると有効になります）",
    failed: "記録できませんでした。",
  },
  en: {
    title: "Messages that need a look now",
    flash: "● Crisis alert",
    escalated: "Not acknowledged for 2 minutes: every staff member is being alerted",
    where: { desk: "the desk", consult: "a consultation", letter: "a letter", conversation: "a conversation", zone: "a place's talk", event: "an event" },
    who: "{name} (ID {id})",
    at: "{when}, {where}",
    action: "What you did (e.g. talked at the desk, gave the support lines)",
    basis: "Legal basis of any sharing outside",
    bases: {
      not_shared: "Nothing shared",
      consent: "The person's consent",
      protection_of_life: "Protection of life or body (consent could not be obtained)",
      suicide_prevention: "Suicide prevention (working with the agencies concerned)",
    },
    acknowledge: "Acknowledge and record",
    acknowledged: "{name} acknowledged it",
    allow: "Allow desktop notifications",
    sound: "Chime (starts after a click on the page)",
    failed: "Could not record it.",
  },
};

export function alertSummary(alert, lang) {
  const w = STRINGS[lang === "en" ? "en" : "ja"];
  return `${w.title}: ${w.who.replace("{name}", alert.nickname).replace("{id}", alert.account_id || "-")}`;
}

export function mountCrisis(api, { lang, timeZone, announce, socketFactory }) {
  ensureStylesheet(new URL("./crisis.css", import.meta.url).href, "data-ibasho-crisis");
  const state = { lang, alerts: new Map() };
  const chime = makeChime();
  const unlock = () => chime.unlock();
  document.addEventListener("click", unlock);
  const caller = createCaller({ chime, everyMs: CHIME_EVERY_MS, flashText: () => words().flash, needsAttention: () => true,
    onRing: () => notifyAll() });
  const list = h("ol", { class: "crisis-alerts" });
  const heading = h("h2", { class: "crisis-heading", id: "crisis-heading" });
  const tools = h("div", { class: "row crisis-tools" });
  const element = h("section", { class: "crisis", "aria-labelledby": "crisis-heading", hidden: true }, heading, tools, list);
  const words = () => STRINGS[state.lang];

  function notifyAll() {
    for (const alert of state.alerts.values()) notify(words().title, alertSummary(alert, state.lang), `crisis-${alert.id}`, () => true);
  }

  function card(alert) {
    const w = words();
    const fmt = formatter(state.lang, timeZone);
    const id = uniqueId("crisis");
    const action = h("textarea", { id: `${id}-action`, required: true, rows: "2", maxlength: String(TEXT_LIMITS.crisis_action) });
    const basis = h("select", { id: `${id}-basis` },
      ...Object.entries(w.bases).map(([value, text]) => h("option", { value, text })));
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", { class: "crisis-ack" },
      h("label", { for: action.id, text: w.action }), action,
      h("label", { for: basis.id, text: w.basis }), basis, error,
      h("button", { type: "submit", class: "primary", text: w.acknowledge }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.textContent = "";
      try {
        await api.call("POST", `/api/crisis-alerts/${encodeURIComponent(alert.id)}/ack`, { action: action.value, legal_basis: basis.value });
        forget(alert.id);
      } catch (err) {
        error.textContent = err.text ? err.text(state.lang, w.failed) : w.failed;
      }
    });
    const context = h("ol", { class: "crisis-context" }, ...(alert.context || []).map((line) =>
      h("li", { class: line.sender_id === alert.account_id ? "crisis-own" : "" },
        h("strong", { text: `${line.nickname}: ` }), line.text)));
    return h("li", { class: `crisis-alert${alert.escalated ? " crisis-escalated" : ""}`, "data-alert": alert.id },
      h("p", { class: "crisis-who" }, h("strong", { text: w.who.replace("{name}", alert.nickname).replace("{id}", alert.account_id || "-") }),
        " ", w.at.replace("{when}", `${fmt.day(alert.at)} ${fmt.time(alert.at)}`).replace("{where}", w.where[alert.channel] || alert.channel)),
      alert.escalated ? h("p", { class: "crisis-escalation", text: w.escalated }) : null,
      context, form);
  }

  function draw() {
    const w = words();
    heading.textContent = w.title;
    const permission = notificationState();
    tools.replaceChildren(
      permission === "default" ? h("button", { type: "button", class: "quiet", text: w.allow,
        onclick: async () => { chime.unlock(); await askNotifications(); draw(); } }) : "",
      h("span", { class: "muted", text: w.sound }));
    // Keep the cards being typed in; add new ones, drop acknowledged ones.
    const shown = new Set([...list.children].map((li) => li.dataset.alert));
    for (const li of [...list.children]) if (!state.alerts.has(li.dataset.alert)) li.remove();
    for (const alert of state.alerts.values()) {
      const existing = list.querySelector(`[data-alert="${CSS.escape(alert.id)}"]`);
      if (!shown.has(alert.id)) list.append(card(alert));
      else if (alert.escalated && !existing.classList.contains("crisis-escalated")) existing.replaceWith(card(alert));
    }
    element.hidden = state.alerts.size === 0;
    caller.set(state.alerts.size > 0);
  }

  function arrive(alert) {
    if (!alert?.id || alert.acknowledged) return;
    const isNew = !state.alerts.has(alert.id);
    state.alerts.set(alert.id, alert);
    draw();
    if (isNew) {
      chime.play();
      announce(alertSummary(alert, state.lang));
      notify(words().title, alertSummary(alert, state.lang), `crisis-${alert.id}`, () => true);
    }
  }

  function forget(id) {
    state.alerts.delete(id);
    draw();
  }

  async function load() {
    try {
      const { alerts } = await api.call("GET", "/api/crisis-alerts");
      for (const alert of alerts) arrive(alert);
    } catch { /* the live link brings them too */ }
  }

  const handlers = { "crisis:alert": arrive, "crisis:acknowledged": (data) => forget(data?.id) };
  const onConnection = () => {};
  openLive({ namespace: "/desk", api, socketFactory, onConnection, onConnected: load }).then((socket) => {
    for (const event of CRISIS_EVENTS) socket.on(event, handlers[event]);
  }).catch(() => { /* the REST list still shows them */ });
  load();
  draw();
  return {
    element,
    setLang(next) { state.lang = next === "en" ? "en" : "ja"; list.replaceChildren(); draw(); },
    get count() { return state.alerts.size; },
    close: () => {
      caller.stop();
      document.removeEventListener("click", unlock);
      return leaveLive({ namespace: "/desk", api, onConnection });
    },
  };
}
