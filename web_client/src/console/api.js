// The console's REST client: the bearer token, one silent refresh when it expired, and
// errors carrying the server's stable code and its message in both languages.

const STORE_KEY = "ibasho.console.session";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.code || `HTTP_${status}`);
    this.status = status;
    this.code = body?.error?.code || "FAILED";
    this.messages = body?.error?.message || null;
    this.detail = body?.error?.detail || {};
    this.field = body?.error?.field || null;
  }

  text(lang, fallback) {
    return this.messages?.[lang] || fallback;
  }
}

export function createApi(storage = window.sessionStorage) {
  let session = JSON.parse(storage.getItem(STORE_KEY) || "null");

  function save(next) {
    session = next;
    if (next) storage.setItem(STORE_KEY, JSON.stringify(next));
    else storage.removeItem(STORE_KEY);
  }

  async function raw(method, path, body, token) {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : await response.blob();
    return { response, data };
  }

  async function refresh() {
    if (!session?.refresh_token) return false;
    const { response, data } = await raw("POST", "/api/auth/refresh", { refresh_token: session.refresh_token });
    if (!response.ok) { save(null); return false; }
    save({ ...session, access_token: data.access_token, refresh_token: data.refresh_token });
    return true;
  }

  async function call(method, path, body) {
    let { response, data } = await raw(method, path, body, session?.access_token);
    if (response.status === 401 && data?.error?.code === "TOKEN_EXPIRED" && (await refresh())) {
      ({ response, data } = await raw(method, path, body, session.access_token));
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  async function login(nickname, passphrase) {
    const { response, data } = await raw("POST", "/api/auth/login", { nickname, passphrase });
    if (!response.ok) throw new ApiError(response.status, data);
    save({ access_token: data.access_token, refresh_token: data.refresh_token });
    return data.account;
  }

  async function logout() {
    try { await call("POST", "/api/auth/logout"); } catch { /* signed out either way */ }
    save(null);
  }

  return {
    call,
    login,
    logout,
    get signedIn() { return Boolean(session?.access_token); },
    token: () => session?.access_token,
    // For a live socket's renewal: rejects when the session is over.
    refresh: async () => { if (!(await refresh())) throw new Error("session over"); },
    forget: () => save(null),
  };
}
