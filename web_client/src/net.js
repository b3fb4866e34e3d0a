// The space's socket (/space): the one module of the space that touches it. The space's
// panels send through `send()` and hear the server through `onEvent(name, data)`. The other
// pages keep their own sockets: ui/desk.js (/desk), ui/consult.js (/consult), and the
// console's console/live.js and console/notices.js; ui/session_keeper.js renews the token on
// any of them.
//
// Reconnecting: Socket.IO retries by itself after a network blip; each attempt asks
// `getAuth()` again, so it carries a fresh token and the last place (`resume`). When the
// server refuses the token (expired), we refresh it once over REST and try again.
//
// Live access: the server checks every event against the session. Before the access token
// runs out the keeper renews it on the open socket; when the session ends (logout elsewhere,
// a role or passphrase change) the server says why: onState("session_ended", reason). An
// expiry the keeper could not prevent (a sleeping laptop) is retried once with a fresh token.

import { io } from "/vendor/socket.io.esm.min.js";
import { keepSession } from "./ui/session_keeper.js";

const ACK_TIMEOUT_MS = 8000;
const AUTH_CODES = new Set(["TOKEN_EXPIRED", "TOKEN_INVALID", "UNAUTHENTICATED"]);

export const SERVER_EVENTS = [
  "world:snapshot", "world:batch", "world:correct", "world:place",
  "emote:shown",
  "contact:request", "contact:opened", "contact:joined", "contact:left", "contact:closed", "contact:lapsed",
  "chat:message", "chat:zone_message",
  "session:replaced",
  // staff, moderators and admins: how many are hidden here; the end of a moderator's look
  "presence:hidden_count", "presence:reveal_ended",
  // for the support panel: letters, bookings and new notices
  "letter:new", "booking:cancelled", "booking:rescheduled", "booking:no_show", "record:changed",
  // for the board reader (and the support panel's notice)
  "board:published", "board:updated", "board:unpublished",
  // for the events panel: a seat from the waitlist, reminders before a session
  "event:promoted", "event:reminder",
];

export class Connection {
  // getAuth() -> {token, resume}; refreshAuth() -> Promise (rejects when the session is over);
  // ownChange() -> the Promise of this device's own passphrase change, while one is under way;
  // onEvent(name, data); onState(state, detail) with state in
  // connected | reconnecting | ended | replaced | closed | session_ended (detail: the reason).
  constructor({ getAuth, refreshAuth, ownChange = () => null, onEvent, onState }) {
    this.getAuth = getAuth;
    this.refreshAuth = refreshAuth;
    this.ownChange = ownChange;
    this.onEvent = onEvent;
    this.onState = onState;
    this.socket = null;
    this.authRetries = 0;
    this.replaced = false;
  }

  open() {
    if (this.socket) return;
    this.replaced = false;
    const socket = io("/space", {
      transports: ["websocket"],
      auth: (cb) => cb(this.getAuth()),
      reconnectionDelay: 800,
      reconnectionDelayMax: 8000,
    });
    this.socket = socket;
    this.keeper = keepSession(socket, {
      token: () => this.getAuth().token,
      refresh: () => this.refreshAuth(),
      onEnded: (reason) => this.sessionEnded(socket, reason),
    });
    socket.on("connect", () => {
      this.authRetries = 0;
      this.onState("connected");
    });
    socket.on("connect_error", (err) => this.connectFailed(err));
    socket.on("disconnect", (reason) => {
      if (this.replaced || this.keeper?.ended) return;
      if (reason === "io client disconnect") this.onState("closed");
      else if (reason === "io server disconnect") this.onState("ended", "SERVER_DISCONNECT");
      else this.onState("reconnecting", reason);
    });
    socket.on("session:replaced", () => {
      this.replaced = true;
      this.onState("replaced");
    });
    for (const name of SERVER_EVENTS) {
      if (name !== "session:replaced") socket.on(name, (data) => this.onEvent(name, data));
    }
  }

  async connectFailed(err) {
    const socket = this.socket;
    if (!socket) return;
    if (socket.active) {
      this.onState("reconnecting", "network"); // Socket.IO keeps trying on its own
      return;
    }
    const code = err?.data?.code;
    if (AUTH_CODES.has(code) && this.authRetries < 2) {
      this.authRetries += 1;
      try {
        await this.refreshAuth();
        if (this.socket === socket) socket.connect();
        return;
      } catch {
        this.onState("ended", "TOKEN_INVALID");
        return;
      }
    }
    this.onState("ended", code || "REFUSED");
  }

  async sessionEnded(socket, reason) {
    // This device changed the passphrase itself: its old session ends like every other, and the
    // app reopens the socket on the fresh one (the announcement may beat the REST answer).
    const own = reason === "credentials_changed" ? this.ownChange() : null;
    if (own) {
      try { await own; return; } catch { /* the change failed: the session ended for another cause */ }
    }
    if (reason === "expired") {
      try {
        await this.refreshAuth();
        if (this.socket === socket) socket.connect();
        return;
      } catch { /* the session is over after all */ }
    }
    if (this.socket === socket) this.onState("session_ended", reason);
  }

  // Resume after "replaced" or "ended" when the person asks for it.
  reconnect() {
    this.replaced = false;
    this.authRetries = 0;
    if (this.socket) this.socket.connect();
    else this.open();
  }

  // Emit without waiting for an answer (steps: 10 a second, confirmed in the next batch).
  tell(event, payload = {}) {
    const socket = this.socket;
    if (socket && socket.connected) socket.emit(event, payload);
  }

  // Emit and wait for the ack: resolves with `data`, rejects with the error body {code, message}.
  send(event, payload = {}) {
    return new Promise((resolve, reject) => {
      const socket = this.socket;
      if (!socket || !socket.connected) {
        reject({ code: "OFFLINE" });
        return;
      }
      socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (timeoutErr, reply) => {
        if (timeoutErr) reject({ code: "TIMEOUT" });
        else if (reply && reply.ok) resolve(reply.data);
        else reject(reply?.error || { code: "INTERNAL" });
      });
    });
  }

  get connected() {
    return Boolean(this.socket && this.socket.connected);
  }

  close() {
    const socket = this.socket;
    this.socket = null;
    this.keeper?.stop();
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
  }
}
