// REST calls and the tokens that authorise them.
// The refresh token lives in localStorage (a reload keeps the same guest); the access
// token only in memory. Every error body is {code, message: {ja, en}}.


const REFRESH_KEY = "ibasho.refresh_token";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.code || "ERROR");
    this.status = status;
    this.code = body?.code || "ERROR";
    this.messages = body?.message || null; // {ja, en} from the server, or null
    this.field = body?.field || null;
    this.detail = body?.detail || null;
  }
}

export class Api {
  constructor(storage = globalThis.localStorage) {
    this.storage = storage;
    this.accessToken = null;
    this.account = null;
    this.refreshing = null;
    this.credentialChange = null; // a passphrase change under way (see changePassphrase)
    // The operator's time zone, as the server says it with the account. Whoever shows times
    // listens (times.js's setOperatorZone): the landing and early.js stay without times.js.
    this.timezone = null;
    this.onTimezone = null;
  }

  tookTimezone(zone) {
    if (!zone) return;
    this.timezone = zone;
    this.onTimezone?.(zone);
  }

  get refreshToken() {
    try { return this.storage.getItem(REFRESH_KEY); } catch { return null; }
  }

  signedIn(body) {
    this.accessToken = body.access_token;
    if (body.account) this.account = body.account;
    this.tookTimezone(body.timezone);
    if (body.refresh_token) {
      try { this.storage.setItem(REFRESH_KEY, body.refresh_token); } catch { /* private mode: memory only */ }
    }
    return body;
  }

  forget() {
    this.accessToken = null;
    this.account = null;
    try { this.storage.removeItem(REFRESH_KEY); } catch { /* nothing kept */ }
  }

  // Trade the refresh token for a new access token; concurrent callers share one request.
  refresh() {
    if (!this.refreshing) {
      const token = this.refreshToken;
      this.refreshing = (async () => {
        if (!token) throw new ApiError(401, { code: "TOKEN_INVALID" });
        try {
          return this.signedIn(await this.raw("POST", "/api/auth/refresh", { refresh_token: token }, false));
        } catch (err) {
          if (err instanceof ApiError && (err.code === "TOKEN_INVALID" || err.code === "TOKEN_EXPIRED")) this.forget();
          throw err;
        }
      })().finally(() => { this.refreshing = null; });
    }
    return this.refreshing;
  }

  async raw(method, path, json, withAuth) {
    const headers = { Accept: "application/json" };
    if (json !== undefined) headers["Content-Type"] = "application/json";
    if (withAuth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: json === undefined ? undefined : JSON.stringify(json), credentials: "same-origin",
      });
    } catch {
      throw new ApiError(0, { code: "NETWORK" });
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = null; }
    if (!response.ok) throw new ApiError(response.status, body?.error || { code: response.status === 404 ? "NOT_FOUND" : "INTERNAL" });
    return body;
  }

  // A call on behalf of the signed-in person: refreshes once when the access token expired.
  async call(method, path, json) {
    if (!this.accessToken && this.refreshToken) await this.refresh();
    try {
      return await this.raw(method, path, json, true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.code === "TOKEN_EXPIRED") {
        await this.refresh();
        return this.raw(method, path, json, true);
      }
      throw err;
    }
  }

  get(path) { return this.raw("GET", path, undefined, false); }

  enterAsGuest(lang) { return this.raw("POST", "/api/auth/guest", { lang }, false).then((b) => this.signedIn(b)); }

  logIn(nickname, passphrase) {
    return this.raw("POST", "/api/auth/login", { nickname, passphrase }, false).then((b) => this.signedIn(b));
  }

  // Forgotten passphrase: the recovery code sets a new one; the answer carries a new code.
  recover(nickname, recoveryCode, newPassphrase) {
    const body = { nickname, recovery_code: recoveryCode, new_passphrase: newPassphrase };
    return this.raw("POST", "/api/auth/recover", body, false).then((b) => this.signedIn(b));
  }

  // Ends every other session; this browser gets fresh tokens.
  // `credentialChange` is the change under way, so the socket's session:ended of the old session
  // is not taken for an end (net.js).
  async changePassphrase(current, next) {
    const body = { current_passphrase: current, new_passphrase: next };
    const change = this.call("POST", "/api/me/passphrase", body).then((b) => this.signedIn(b));
    this.credentialChange = change;
    try { return await change; } finally { if (this.credentialChange === change) this.credentialChange = null; }
  }

  async keep(nickname, passphrase, kind) {
    const body = { nickname, passphrase };
    if (kind) body.kind = kind;
    return this.signedIn(await this.call("POST", "/api/auth/keep", body));
  }

  async logOut() {
    try { await this.call("POST", "/api/auth/logout"); } finally { this.forget(); }
  }

  async me() {
    const body = await this.call("GET", "/api/me");
    this.account = body.account;
    this.tookTimezone(body.timezone);
    return body.account;
  }

  async setKind(kind) {
    const body = await this.call("PATCH", "/api/me", { kind });
    this.account = body.account;
    return body.account;
  }

  saveLook(look) { return this.call("PUT", "/api/me/look", look); }

  myLook() { return this.call("GET", "/api/me/look"); }
}
