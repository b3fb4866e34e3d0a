// Alerts that can't be missed, shared by the console's desk and sessions sections: a soft
// WebAudio chime, a caller that repeats the chime and flashes the tab title for as long as
// something waits for an answer, and system notifications (permission asked only on an
// explicit click of the staff member; visitors are never asked).
//
//   import { makeChime, createCaller, notify, notificationState, askNotifications } from "./alerts.js";
//   const chime = makeChime();            // chime.unlock() on a click, then chime.play()
//   const caller = createCaller({ chime, soundOn: () => true, flashText: () => "● …", needsAttention: () => document.hidden });
//   caller.set(true);  // repeats until caller.set(false) or caller.stop()

import { h } from "./dom.js";

export const CHIME_EVERY_MS = 20000;
export const FLASH_EVERY_MS = 1500;

// A soft two-note chime. The AudioContext is created on a click (browsers require a gesture).
export function makeChime() {
  let ctx = null;
  return {
    unlock() {
      const Ctor = window.AudioContext || window.webkitAudioContext;
      if (!ctx && Ctor) ctx = new Ctor();
      if (ctx?.state === "suspended") ctx.resume();
    },
    play() {
      if (!ctx || ctx.state !== "running") return;
      const start = ctx.currentTime;
      [659.25, 880].forEach((freq, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = "sine";
        osc.frequency.value = freq;
        const t = start + i * 0.22;
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.08, t + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
        osc.connect(gain).connect(ctx.destination);
        osc.start(t);
        osc.stop(t + 1);
      });
    },
    get unlocked() { return ctx?.state === "running"; },
    close() { ctx?.close(); ctx = null; },
  };
}

// Repeats while `set(true)`: the chime every `everyMs` (when soundOn()), and the tab title
// blinking between flashText() and the page's own title while needsAttention().
export function createCaller({ chime, soundOn = () => true, flashText, needsAttention = () => document.hidden || !document.hasFocus(),
  everyMs = CHIME_EVERY_MS, flashMs = FLASH_EVERY_MS, onRing = () => {} }) {
  let ringTimer = null;
  let flashTimer = null;
  let titleBefore = document.title;

  function ring() {
    if (soundOn()) chime.play();
    onRing();
  }

  function start() {
    titleBefore = document.title;
    ringTimer = setInterval(ring, everyMs);
    let on = false;
    flashTimer = setInterval(() => {
      on = !on && needsAttention();
      document.title = on ? flashText() : titleBefore;
    }, flashMs);
  }

  function stop() {
    if (!ringTimer) return;
    clearInterval(ringTimer);
    clearInterval(flashTimer);
    ringTimer = flashTimer = null;
    document.title = titleBefore;
  }

  return {
    set(calling) {
      if (calling && !ringTimer) start();
      else if (!calling) stop();
    },
    stop,
    get calling() { return ringTimer !== null; },
  };
}

export function notificationState() {
  if (!("Notification" in window)) return "unsupported";
  return Notification.permission; // granted | denied | default
}

// Only ever from an explicit click of a staff member.
export async function askNotifications() {
  if (!("Notification" in window)) return "unsupported";
  return Notification.requestPermission();
}

// A system notification, only when permitted and only when the page is not in view.
export function notify(title, body, tag, notLooking = () => document.hidden) {
  if (notificationState() !== "granted" || !notLooking()) return;
  try { new Notification(title, { body, tag }); } catch { /* not shown */ }
}

// The "alerts" settings both sections show: the chime on/off and notifications (the button asks
// only on that click). `prefix` is the section's class prefix ("cd", "ss"); `words` has
// sound, notificationsOn, notificationsBlocked, allowNotifications; `redraw()` after asking.
export function alertSettings({ id, prefix, state, chime, words, buttonClass, redraw }) {
  const sound = h("input", { type: "checkbox", id, checked: state.sound, onchange: () => {
    state.sound = sound.checked;
    if (sound.checked) { chime.unlock(); chime.play(); }
  } });
  const parts = [h("div", { class: `${prefix}-choice` }, sound, h("label", { for: id, text: words.sound }))];
  const permission = notificationState();
  if (permission === "granted") parts.push(h("p", { class: `${prefix}-hint`, text: words.notificationsOn }));
  else if (permission === "denied") parts.push(h("p", { class: `${prefix}-hint`, text: words.notificationsBlocked }));
  else if (permission === "default") {
    parts.push(h("button", { type: "button", class: buttonClass, text: words.allowNotifications, onclick: async () => {
      await askNotifications();
      redraw();
    } }));
  }
  // one row with room between the choice and the button (console.css .alert-settings)
  return [h("div", { class: "alert-settings" }, ...parts)];
}
