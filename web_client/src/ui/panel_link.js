// How the self-contained panels (desk.js, consult.js) reach the server: REST with the
// person's token (refreshed once when it has expired), their own socket kept alive by
// session_keeper.js, and acknowledged socket calls whose refusals are shaped like REST ones
// ({code, messages: {ja, en}, detail}), so one errorText() explains both.

import { socketOpener } from "./dom.js";
import { keepSession } from "./session_keeper.js";

export const AUTH_CODES = new Set(["TOKEN_EXPIRED", "TOKEN_INVALID", "UNAUTHENTICATED"]);

// options.token: a string, or a function returning one (or a Promise).
export function tokenOf(options) {
  return async () => (typeof options.token === "function" ? options.token() : options.token) || null;
}

export function restCaller(options, currentToken) {
  const doFetch = options.fetch || window.fetch.bind(window);
  return async function rest(method, path, body, retried = false) {
    const token = await currentToken();
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await doFetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : null;
    if (response.status === 401 && !retried && options.refreshToken && data?.error?.code === "TOKEN_EXPIRED") {
      await options.refreshToken();
      return rest(method, path, body, true);
    }
    if (!response.ok) throw refusal(data?.error);
    return data;
  };
}

// A refusal from the server (REST error body or ack error), as an Error.
function refusal(body) {
  return Object.assign(new Error(body?.code || "FAILED"), {
    code: body?.code || "FAILED", messages: body?.message || null, detail: body?.detail || {},
  });
}

// The panel's socket on its namespace (options.socketFactory for tests or a shared client).
export function openPanelSocket(namespace, options, currentToken) {
  const factory = options.socketFactory || socketOpener(namespace);
  return factory({
    transports: ["websocket"],
    auth: (cb) => { currentToken().then((token) => cb({ token })); },
    reconnectionDelay: 800,
    reconnectionDelayMax: 8000,
  });
}

export function keepPanelSession(socket, options, currentToken, onEnded) {
  return keepSession(socket, {
    token: currentToken,
    refresh: () => (options.refreshToken ? options.refreshToken() : Promise.reject(new Error("no refresh"))),
    onEnded,
  });
}

// call(event, data) -> the ack's data, or throws a refusal (OFFLINE, TIMEOUT, or the server's).
export function ackCaller(getSocket, timeoutMs) {
  return function call(event, data = {}) {
    return new Promise((resolve, reject) => {
      const socket = getSocket();
      if (!socket) { reject(Object.assign(new Error("offline"), { code: "OFFLINE" })); return; }
      socket.timeout(timeoutMs).emit(event, data, (err, reply) => {
        if (err) reject(Object.assign(new Error("timeout"), { code: "TIMEOUT" }));
        else if (reply?.ok) resolve(reply.data);
        else reject(refusal(reply?.error));
      });
    });
  };
}
