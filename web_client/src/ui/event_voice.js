// Voice in a live event: one RTCPeerConnection to the SERVER, audio only. Listening is a
// receive-only connection: no getUserMedia, so no microphone and no permission prompt.
// Speaking (a host, or an attendee who accepted the voice floor) replaces it with a
// send-and-receive connection; only then is the microphone asked for.
// Several voices at once: the offer carries VOICE_SLOTS audio sections (the first is one's own
// microphone or receive-only, the others receive-only); the server forwards each speaker on a
// slot, so a change of speakers needs no renegotiation. The browser plays every slot.
//
//   const voice = createEventVoice({ occurrenceId, call, iceServers: () => Promise<list>, onChange });
//   await voice.listen();  await voice.speak();  await voice.stop();

import { keepCandidatesOn, waitForGathering } from "./voice_client.js";

// Equal to rooms/event_room/tables.py VOICE_SLOTS (the server refuses more sections).
export const VOICE_SLOTS = 3;

export function createEventVoice({ occurrenceId, call, iceServers, onChange = () => {} }) {
  const state = { phase: "off", speaking: false };
  let pc = null;
  let stream = null;
  let audios = [];

  function changed(patch) {
    Object.assign(state, patch);
    onChange({ ...state });
  }

  function release() {
    silenceAll();
    pc?.close();
    pc = null;
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
  }

  function play(event) {
    // One hidden <audio> per slot: the browser mixes the voices.
    const audio = document.createElement("audio");
    audio.autoplay = true;
    audio.hidden = true;
    audio.dataset.voiceSlot = String(audios.length);
    document.body.append(audio);
    audios.push(audio);
    audio.srcObject = new MediaStream([event.track]);
    audio.play().catch(() => { /* resumes on the next gesture */ });
  }

  function silenceAll() {
    for (const audio of audios) { audio.srcObject = null; audio.remove(); }
    audios = [];
  }

  async function open(speaking) {
    release();
    changed({ phase: "starting", speaking });
    const servers = await iceServers();
    if (speaking) {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false,
      });
    }
    const mine = new RTCPeerConnection({ iceServers: servers });
    pc = mine;
    const [own] = speaking ? stream.getAudioTracks() : [];
    mine.addTransceiver(own || "audio", own ? { direction: "sendrecv", streams: [stream] } : { direction: "recvonly" });
    for (let slot = 1; slot < VOICE_SLOTS; slot += 1) mine.addTransceiver("audio", { direction: "recvonly" });
    mine.addEventListener("track", play);
    mine.addEventListener("connectionstatechange", () => {
      if (pc !== mine) return;
      const s = mine.connectionState;
      if (s === "connected") changed({ phase: "on" });
      else if (s === "failed") changed({ phase: "failed" });
    });
    await mine.setLocalDescription(await mine.createOffer());
    await waitForGathering(mine);
    const sdp = keepCandidatesOn(mine.localDescription.sdp, globalThis.ibashoVoiceOptions?.onlyAddresses);
    const reply = await call("event:voice_offer", { occurrence_id: occurrenceId, sdp });
    if (pc !== mine) return;
    await mine.setRemoteDescription({ type: "answer", sdp: reply.sdp });
  }

  async function run(speaking) {
    try {
      await open(speaking);
    } catch (error) {
      release();
      changed({ phase: "failed", speaking: false });
      throw error;
    }
  }

  async function stop({ tellServer = true } = {}) {
    const was = pc !== null;
    release();
    changed({ phase: "off", speaking: false });
    if (was && tellServer) {
      try { await call("event:voice_leave", { occurrence_id: occurrenceId }); } catch { /* the room may be gone */ }
    }
  }

  return {
    listen: () => run(false),
    speak: () => run(true),
    stop,
    get state() { return { ...state }; },
    get peerConnection() { return pc; },
  };
}
