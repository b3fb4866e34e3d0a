// The consultation room's voice box, person side: "use voice too" (the ONLY place the
// microphone is asked for), mute, push-to-talk (a held button, or Space), the clear on/off
// badge, and the others' voice state. Part of consult.js: it owns the voice connection
// (voice_client.js) and its state; consult.js places the box and passes the seats on.

import { fill, voiceWord } from "./consult_words.js";
import { h } from "./dom.js";
import { createVoice } from "./voice_client.js";

export function consultVoicePanel({ uid, call, session, words, lang, announce, showError, seatName }) {
  let voice = null;
  const state = {
    local: { phase: "off", muted: false, talking: false, pushToTalk: false },
    seats: {}, // seat -> {joined, connected, muted}
    error: "",
  };

  function makeVoice() {
    return createVoice({
      sessionId: session().session_id,
      call,
      onChange: (local) => {
        const before = state.local.phase;
        state.local = local;
        if (local.phase !== before && (local.phase === "on" || local.phase === "off")) {
          announce(local.phase === "on" ? words().voiceOn : words().voiceOff);
        }
        render();
      },
    });
  }

  async function startVoice() {
    state.error = "";
    voice = voice || makeVoice();
    try {
      await voice.start();
    } catch {
      state.error = words().voiceFailed;
      render();
    }
  }

  async function stopVoice() {
    if (voice) await voice.stop();
    voice = null;
    state.local = { ...state.local, phase: "off" };
    render();
    useVoiceButton.focus();
  }

  function onKey(event, down) {
    if (!voice || !state.local.pushToTalk || event.code !== "Space" || event.repeat) return;
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
  const voiceTitle = h("h3", { id: `${uid}-voice`, class: "cs-sub" });
  const myVoice = h("p", { class: "cs-voice-badge", "data-on": "false" });
  const otherVoices = h("ul", { class: "cs-voice-others" });
  const voiceHint = h("p", { class: "cs-hint", id: `${uid}-voice-hint` });
  const useVoiceButton = h("button", { type: "button", class: "cs-primary cs-use-voice", "aria-describedby": voiceHint.id, onclick: startVoice });
  const muteButton = h("button", { type: "button", class: "cs-secondary", "aria-pressed": "false", onclick: () => voice?.setMuted(!state.local.muted).catch(showError) });
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

  // --- rendering ---
  function render() {
    const w = words();
    voiceTitle.textContent = w.voice;
    const local = state.local;
    const on = local.phase === "on";
    myVoice.dataset.on = String(on);
    myVoice.dataset.phase = local.phase;
    myVoice.textContent = local.phase === "starting" ? w.voiceStarting
      : on ? `${w.voiceOn}${local.muted ? `（${w.stateMuted}）` : local.pushToTalk && local.talking ? `（${w.talking}）` : ""}`
        : w.voiceOff;
    const others = Object.entries(state.seats).filter(([seat]) => seat !== session()?.seat);
    otherVoices.replaceChildren(...others.map(([seat, entry]) => h("li", {
      class: "cs-voice-other", "data-on": String(Boolean(entry.connected)),
    }, fill(w.voiceOther, { who: seatName(seat), state: voiceWord(entry, lang()) }))));
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
    voiceError.textContent = state.error;
  }

  return {
    box: voiceBox,
    render,
    setSeats(participants) {
      state.seats = participants;
      render();
    },
    forgetSeats() { state.seats = {}; },
    // The session is over: leave the voice room (tellServer false when the server ended it).
    async stop(how) {
      if (voice) { await voice.stop(how); voice = null; }
    },
    // For tests and embedding hosts: the live voice connection (or null).
    get peerConnection() { return voice?.peerConnection || null; },
    async destroy() {
      document.removeEventListener("keydown", keyDown);
      document.removeEventListener("keyup", keyUp);
      if (voice) await voice.stop();
    },
  };
}
