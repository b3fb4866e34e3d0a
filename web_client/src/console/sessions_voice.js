// Voice in the console's live-session rooms: start and stop my voice, mute, push-to-talk
// (the Space key or a held button), and what each other seat's voice is doing.

import { createVoice } from "../ui/voice_client.js";
import { h } from "./dom.js";
import { fill } from "./i18n.js";

// `call` makes acked /consult calls; `words()` the section's words now; `root()` the panel;
// `redraw()` redraws the rooms (each room's panel comes from `panel(room)`).
export function voiceControls({ call, uid, run, words, root, redraw }) {
  const state = {
    voices: new Map(), // session id -> {voice, local}
    voiceSeats: new Map(), // session id -> {seat: {joined, connected, muted}}
  };
  const renderRooms = redraw;

  async function startVoice(sessionId) {
    const entry = { voice: null, local: { phase: "starting", muted: false, talking: false, pushToTalk: false }, error: "" };
    entry.voice = createVoice({
      sessionId,
      call,
      onChange: (local) => { entry.local = local; renderRooms(); },
    });
    state.voices.set(sessionId, entry);
    try { await entry.voice.start(); } catch { entry.error = words().voiceFailed; renderRooms(); }
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

  function voicePanel(room) {
    const w = words();
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
            if (e.target.checked) root().querySelector(`[data-room="${CSS.escape(room.session_id)}"] .ss-talk`)?.focus();
          } }),
          h("label", { for: pttId, text: w.pushToTalk })),
        talk);
      if (entry.error) parts.push(h("p", { class: "ss-alert", role: "alert", text: entry.error }));
    }
    return h("div", { class: "ss-voice" }, parts);
  }


  return {
    panel: voicePanel,
    stop: stopVoice,
    setSeats: (sessionId, participants) => state.voiceSeats.set(sessionId, participants),
    sessions: () => [...state.voices.keys()],
    destroy() {
      document.removeEventListener("keydown", keyDown);
      document.removeEventListener("keyup", keyUp);
      for (const id of [...state.voices.keys()]) stopVoice(id);
    },
  };
}
