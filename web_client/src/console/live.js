// The console's live link to one Socket.IO namespace, shared by the desk and the sessions
// sections: token auth, gentle reconnects, acked calls, and how failures are shown.

import { socketOpener } from "../ui/dom.js";
import { endedText, keepSession, leaveForLanding } from "../ui/session_keeper.js";

// An acked call on the socket `getSocket()` returns: resolves with the reply's `data`, rejects
// with an Error carrying `code`, `messages` ({ja, en}) and `detail`.
export function ackedCall(getSocket, timeoutMs) {
  return (event, data = {}) => new Promise((resolve, reject) => {
    const socket = getSocket();
    if (!socket) { reject(Object.assign(new Error("offline"), { code: "OFFLINE" })); return; }
    socket.timeout(timeoutMs).emit(event, data, (err, reply) => {
      if (err) reject(Object.assign(new Error("timeout"), { code: "TIMEOUT" }));
      else if (reply?.ok) resolve(reply.data);
      else reject(Object.assign(new Error(reply?.error?.code || "FAILED"), {
        code: reply?.error?.code, messages: reply?.error?.message || null, detail: reply?.error?.detail || {},
      }));
    });
  });
}

// The words for a failure, in the chosen language (console/api.js errors bring their own).
export function errorText(error, lang, fallback) {
  if (typeof error?.text === "function") return error.text(lang, fallback);
  return error?.messages?.[lang] || fallback;
}

// Runs an action, showing its failure (if any) in the element `alertBox()` returns instead
// of throwing (a getter: sections build their alert box after their helpers).
export function runner(alertBox, describe) {
  return async (action) => {
    alertBox().textContent = "";
    try { return await action(); } catch (error) { alertBox().textContent = describe(error); return undefined; }
  };
}

// Opens `namespace` with the console's token. `onConnection("")` on (re)connect, then
// `onConnected()`; `onConnection("reconnecting")` while the link is down. When the server
// refuses the connection (an expired token), one REST call refreshes the token, then it tries again.
// The token is renewed on the open socket before it runs out; when the server ends the session
// (a role change, logout elsewhere) the console says why on the landing page.
export async function openLive({ namespace, api, socketFactory, onConnected, onConnection }) {
  const factory = socketFactory || socketOpener(namespace);
  const socket = await factory({
    transports: ["websocket"],
    auth: (cb) => cb({ token: api.token() }),
    reconnectionDelay: 800,
    reconnectionDelayMax: 8000,
  });
  const keeper = keepSession(socket, {
    token: () => api.token(),
    refresh: () => api.refresh(),
    onEnded: async (reason) => {
      if (reason === "expired") {
        try { await api.refresh(); socket.connect(); return; } catch { /* over after all */ }
      }
      api.forget();
      leaveForLanding(endedText(reason, document.documentElement.lang));
    },
  });
  socket.on("connect", () => { onConnection(""); onConnected(); });
  socket.on("disconnect", (reason) => {
    if (keeper.ended) return;
    if (reason !== "io client disconnect") onConnection("reconnecting");
  });
  socket.on("connect_error", async () => {
    if (socket.active) { onConnection("reconnecting"); return; }
    try { await api.call("GET", "/api/me"); socket.connect(); } catch { onConnection("reconnecting"); }
  });
  return socket;
}

// A console section whose panel stays alive between visits: one panel per api object, moved
// into each new render so its socket and alerts keep running while other sections are shown.
// `mountPanel(root, api, {lang, timeZone})` builds it; `onReturn(panel)` runs on each return.
export function keptSection({ id, titleKey, strings, mountPanel, onReturn = () => {} }) {
  const panels = new WeakMap();
  return {
    id,
    titleKey,
    strings,
    render(root, ctx) {
      let panel = panels.get(ctx.api);
      root.replaceChildren();
      if (!panel) {
        panel = mountPanel(root, ctx.api, { lang: ctx.lang, timeZone: ctx.timeZone });
        panels.set(ctx.api, panel);
      } else {
        panel.setLang(ctx.lang);
        onReturn(panel);
        root.append(panel.element);
      }
    },
  };
}
