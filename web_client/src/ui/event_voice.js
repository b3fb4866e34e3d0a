// Voice in a live event: one RTCPeerConnection to the SERVER, audio only. Listening is a
// receive-only connection: no getUserMedia, so no microphone and no permission prompt.
// Speaking (a host, or an attendee who accepted the voice floor) replaces it with a
// send-and-receive connection; only then is the microphone asked for.
//
//   const voice = createEventVoice({ occurrenceId, call, iceServers: () => Promise<list>, onChange });
//   await voice.listen();  await voice.speak();  await voice.stop();

import { keepCandidatesOn, waitForGathering } from "./voice_client.js";

export function createEventVoice({ occurrenceId, call, iceServers, onChange = () => {} }) {
  const state = { phase: "off", speaking: false };
  let pc = null;
  let stream = null;
  let audio = null;

  function changed(patch) {
    Object.assign(state, patch);
    onChange({ ...state });
  }

  function release() {
    pc?.close();
    pc = null;
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
  }

  function play(event) {
    if (!audio) {
      audio = document.createElement("audio");
      audio.autoplay = true;
      audio.hidden = true;
      document.body.append(audio);
    }
    audio.srcObject = event.streams[0] || new MediaStream([event.track]);
    audio.play().catch(() => { /* resumes on the next gesture */ });
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
    if (speaking) {
      for (const track of stream.getAudioTracks()) mine.addTrack(track, stream);
    } else {
      mine.addTransceiver("audio", { direction: "recvonly" });
    }
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
    if (audio) { audio.srcObject = null; audio.remove(); audio = null; }
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
