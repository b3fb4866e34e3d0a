// Voice in a consultation room: one RTCPeerConnection to the SERVER (never to the other
// person), audio only. The server terminates it and relays the audio, so nobody learns
// anybody else's address. Shared by the person's page and the specialist's console.
//
//   import { createVoice } from "/static/ui/voice_client.js";
//   const voice = createVoice({
//     sessionId,
//     call: (event, data) => Promise,        // an acked Socket.IO call on /consult ({ok,data} unwrapped)
//     onChange: (state) => {},               // {phase: "off"|"starting"|"on"|"failed", muted, talking, pushToTalk}
//   });
//   await voice.start();   // the ONLY place that asks for the microphone (getUserMedia)
//   voice.setMuted(true); voice.setPushToTalk(true); voice.talk(true/false); await voice.stop();
//
// The ICE servers come from `consult:voice_config` at every start (never a hard-coded STUN
// server): TURN credentials are minted for this seat and expire when the room closes, so
// they are never cached between sessions.
//
// aiortc does no trickle ICE, so the offer is sent once gathering is complete. Test pages
// may set `globalThis.ibashoVoiceOptions = {onlyAddresses: ["127.0.0.1"]}` (an init script)
// to drop every other candidate before the offer leaves the browser.

const GATHER_TIMEOUT_MS = 5000;

export function waitForGathering(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      clearTimeout(timer);
      resolve();
    };
    // A slow STUN/TURN server must not hold voice back forever: send what we have.
    const timer = setTimeout(() => { pc.removeEventListener("icegatheringstatechange", done); resolve(); }, GATHER_TIMEOUT_MS);
    pc.addEventListener("icegatheringstatechange", done);
  });
}

export function keepCandidatesOn(sdp, addresses) {
  if (!addresses || !addresses.length) return sdp;
  const allowed = new Set(addresses);
  return sdp.split("\r\n").filter((line) => {
    if (!line.startsWith("a=candidate:")) return true;
    const parts = line.split(" ");
    return parts.length > 4 && allowed.has(parts[4]);
  }).join("\r\n");
}

export function createVoice(options) {
  const { sessionId, call, onChange = () => {} } = options;
  const state = { phase: "off", muted: false, talking: false, pushToTalk: false };
  let pc = null;
  let stream = null;
  let audio = null;

  function changed(patch) {
    Object.assign(state, patch);
    onChange({ ...state });
  }

  function applyTrackState() {
    const track = stream?.getAudioTracks()[0];
    if (!track) return;
    // Muted: nothing is sent. Push-to-talk: only while the key or button is held.
    track.enabled = !state.muted && (!state.pushToTalk || state.talking);
  }

  async function start() {
    if (state.phase === "starting" || state.phase === "on") return;
    changed({ phase: "starting" });
    try {
      const servers = (await call("consult:voice_config", { session_id: sessionId })).ice_servers;
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false,
      });
      pc = new RTCPeerConnection({ iceServers: servers });
      const mine = pc;
      for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
      applyTrackState();
      pc.addEventListener("track", (event) => {
        if (!audio) {
          audio = document.createElement("audio");
          audio.autoplay = true;
          audio.hidden = true;
          document.body.append(audio);
        }
        audio.srcObject = event.streams[0] || new MediaStream([event.track]);
        audio.play().catch(() => { /* resumes on the next gesture */ });
      });
      pc.addEventListener("connectionstatechange", () => {
        if (pc !== mine) return;
        const s = pc.connectionState;
        if (s === "connected") changed({ phase: "on" });
        else if (s === "failed") changed({ phase: "failed" });
        else if (s === "closed" || s === "disconnected") { if (state.phase === "on") changed({ phase: s === "closed" ? "off" : "starting" }); }
      });
      await pc.setLocalDescription(await pc.createOffer());
      await waitForGathering(pc);
      const sdp = keepCandidatesOn(pc.localDescription.sdp, globalThis.ibashoVoiceOptions?.onlyAddresses);
      const reply = await call("consult:voice_offer", { session_id: sessionId, sdp });
      if (pc !== mine) return; // stopped meanwhile
      await pc.setRemoteDescription({ type: "answer", sdp: reply.sdp });
      if (state.muted) await call("consult:voice_mute", { session_id: sessionId, muted: true });
    } catch (error) {
      release();
      changed({ phase: "failed" });
      throw error;
    }
  }

  function release() {
    pc?.close();
    pc = null;
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    if (audio) { audio.srcObject = null; audio.remove(); audio = null; }
  }

  async function stop({ tellServer = true } = {}) {
    const wasOn = pc !== null;
    release();
    changed({ phase: "off", talking: false });
    if (wasOn && tellServer) {
      try { await call("consult:voice_leave", { session_id: sessionId }); } catch { /* the room may be gone */ }
    }
  }

  async function setMuted(muted) {
    changed({ muted });
    applyTrackState();
    // The server also stops forwarding, and the other side's indicator shows "muted".
    if (pc) await call("consult:voice_mute", { session_id: sessionId, muted });
  }

  function setPushToTalk(on) {
    changed({ pushToTalk: on, talking: false });
    applyTrackState();
  }

  function talk(on) {
    if (!state.pushToTalk || state.talking === on) return;
    changed({ talking: on });
    applyTrackState();
  }

  return {
    start, stop, setMuted, setPushToTalk, talk,
    get state() { return { ...state }; },
    get peerConnection() { return pc; },
  };
}
