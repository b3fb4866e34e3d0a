// Keeps one socket's live access and hears when it ends (docs/PROTOCOL.md, "Live access").
//
// The server checks every event against the access token the socket connected with, so before
// that token runs out we fetch a fresh one over REST and send `session:renew {token}`. When the
// session ends (logout elsewhere, a role or passphrase change, expiry) the server sends
// `session:ended {reason}` and closes the socket; `onEnded(reason)` runs once.
//
//   const keeper = keepSession(socket, { token: () => api.accessToken, refresh: () => api.refresh(),
//                                        onEnded: (reason) => ... });
//   keeper.ended   // true from `session:ended` until the socket connects again
//   keeper.stop()

const FAREWELL_KEY = "ibasho.farewell"; // shown once on the landing page (main.js)
const MIN_RENEW_MS = 10_000;

export const ENDED_TEXT = {
  ja: {
    logged_out: "ログアウトしました。またいつでもどうぞ。",
    role_changed: "アカウントの役割が変わったので、いったん退室しました。もう一度ログインしてください。",
    credentials_changed: "合言葉が変わったので、いったん退室しました。新しい合言葉でもう一度入ってください。",
    suspended: "このアカウントはいま使えません。",
    expired: "入室の期限が切れました。もう一度入ってください。",
    revoked: "入室がおわりました。もう一度入ってください。",
  },
  en: {
    logged_out: "You have logged out. Come back any time.",
    role_changed: "Your account's role changed, so you have left for now. Please log in again.",
    credentials_changed: "Your passphrase changed, so you have left for now. Please enter again with the new one.",
    suspended: "This account can't be used at the moment.",
    expired: "Your session has expired. Please enter again.",
    revoked: "Your session has ended. Please enter again.",
  },
};

// The calm words for why the session ended, in "ja" or "en".
export function endedText(reason, lang) {
  const table = ENDED_TEXT[lang === "en" ? "en" : "ja"];
  return table[reason] || table.revoked;
}

// Back to the landing page, which shows `text` once.
export function leaveForLanding(text) {
  try { if (text) sessionStorage.setItem(FAREWELL_KEY, text); } catch { /* shown nowhere */ }
  window.location.assign("/");
}

// Seconds an access token lives (its `exp - iat`), or 0 when it cannot be read.
function lifetimeMs(token) {
  try {
    const part = String(token).split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(part));
    return Math.max(0, (claims.exp - claims.iat) * 1000);
  } catch {
    return 0;
  }
}

export function keepSession(socket, { token, refresh, onEnded }) {
  let timer = null;
  let ended = false;
  let stopped = false;

  async function schedule() {
    clearTimeout(timer);
    const life = lifetimeMs(await token());
    // A third of the lifetime: a token that was already two thirds old at connect still makes it.
    if (life && !stopped && !ended) timer = setTimeout(renew, Math.max(MIN_RENEW_MS, life / 3));
  }

  async function renew() {
    if (stopped || ended || !socket.connected) return;
    try {
      await refresh();
      socket.emit("session:renew", { token: await token() });
    } catch {
      // Offline, or the session is over: the server ends the socket and says why.
    }
    schedule();
  }

  socket.on("connect", () => { ended = false; schedule(); });
  socket.on("session:ended", (data) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    onEnded(data?.reason || "revoked");
  });

  return {
    get ended() { return ended; },
    stop() { stopped = true; clearTimeout(timer); },
  };
}
