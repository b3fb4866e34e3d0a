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

// The console's open links, one per api object and namespace: the notices (main.js) and the
// desk section share one /desk socket, so one keeper renews the token on it.
const links = new WeakMap();

async function openLink(namespace, api, socketFactory) {
  const factory = socketFactory || socketOpener(namespace);
  const link = { subscribers: new Set(), socket: null, keeper: null };
  const socket = await factory({
    transports: ["websocket"],
    auth: (cb) => cb({ token: api.token() }),
    reconnectionDelay: 800,
    reconnectionDelayMax: 8000,
  });
  link.socket = socket;
  link.keeper = keepSession(socket, {
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
  const tell = (connection) => { for (const onConnection of link.subscribers) onConnection(connection); };
  socket.on("disconnect", (reason) => {
    if (link.keeper.ended) return;
    if (reason !== "io client disconnect") tell("reconnecting");
  });
  socket.on("connect_error", async () => {
    if (socket.active) { tell("reconnecting"); return; }
    try { await api.call("GET", "/api/me"); socket.connect(); } catch { tell("reconnecting"); }
  });
  return link;
}

function sharedLink(namespace, api) {
  let byNamespace = links.get(api);
  if (!byNamespace) links.set(api, (byNamespace = new Map()));
  if (!byNamespace.has(namespace)) byNamespace.set(namespace, openLink(namespace, api));
  return byNamespace.get(namespace);
}

// Opens `namespace` with the console's token (or joins the console's open link there; a test's
// `socketFactory` gets a socket of its own). `onConnection("")` on (re)connect, then
// `onConnected()`; `onConnection("reconnecting")` while the link is down. When the server
// refuses the connection (an expired token), one REST call refreshes the token, then it tries again.
// The token is renewed on the open socket before it runs out; when the server ends the session
// (a role change, logout elsewhere) the console says why on the landing page.
export async function openLive({ namespace, api, socketFactory, onConnected, onConnection }) {
  const link = await (socketFactory ? openLink(namespace, api, socketFactory) : sharedLink(namespace, api));
  const { socket } = link;
  link.subscribers.add(onConnection);
  // `onConnected(socket)`: on a link the console already had open it runs before this returns.
  socket.on("connect", () => { onConnection(""); onConnected(socket); });
  if (socket.connected) { onConnection(""); onConnected(socket); }
  return socket;
}

// A live section's link: opens `namespace` (joining the console's open link there), runs
// `onConnected()` on each (re)connect, routes the server's events to `handlers` ({event: fn},
// whose names must be exactly `events`, the section's list in console/events.js) and makes
// acked calls (`link.call(event, data)`). `isDestroyed()`: the panel went away while connecting.
export function liveLink({ namespace, api, socketFactory, timeoutMs, events, handlers, onConnected, onConnection, isDestroyed }) {
  const names = Object.keys(handlers);
  if (names.length !== events.length || names.some((name) => !events.includes(name))) {
    throw new Error(`${namespace}: the handlers differ from the section's event list`);
  }
  let socket = null;
  // A shared link stays open while the console's other users of it need it.
  const close = () => {
    if (socketFactory) { socket?.disconnect(); return undefined; }
    for (const [event, handler] of Object.entries(handlers)) socket?.off(event, handler);
    return leaveLive({ namespace, api, onConnection });
  };
  // The socket is ours (calls go to it, handlers listen on it) before onConnected asks for
  // the section's state: on an already open link that happens inside openLive.
  const adopt = (opened) => {
    if (socket === opened) return;
    socket = opened;
    for (const [event, handler] of Object.entries(handlers)) socket.on(event, handler);
  };
  return {
    call: ackedCall(() => socket, timeoutMs),
    async connect() {
      adopt(await openLive({ namespace, api, socketFactory, onConnection,
        onConnected: (opened) => { adopt(opened); return onConnected(); } }));
      if (isDestroyed()) close();
    },
    close,
  };
}

// Leaves the console's open link on `namespace` (the `onConnection` given to openLive); the
// last one to leave closes it, so signing out without a live section open ends no session on
// a socket (the sign-in form follows, as before, not the landing page).
export async function leaveLive({ namespace, api, onConnection }) {
  const pending = links.get(api)?.get(namespace);
  if (!pending) return;
  const link = await pending;
  link.subscribers.delete(onConnection);
  if (link.subscribers.size) return;
  links.get(api).delete(namespace);
  link.keeper.stop();
  link.socket.disconnect();
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
        panel = mountPanel(root, ctx.api, { lang: ctx.lang, timeZone: ctx.timeZone, inSection: true });
        panels.set(ctx.api, panel);
      } else {
        panel.setLang(ctx.lang);
        onReturn(panel);
        root.append(panel.element);
      }
    },
  };
}
