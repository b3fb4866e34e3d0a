// The page's entry point: the landing page, and the way into the space.
// A stored refresh token means this browser was here before: come straight back in (early.js
// has already started renewing the session and fetching the map while this page loaded).

// The space's modules travel after the landing works (or when someone enters first), so the
// landing never waits for them: loadSpace() (early.js starts it at once for a returning browser).
import { api, loadSpace, prefetchSpaceDocs, renewal, spaceDocs } from "./early.js";
import { applyI18n, errorText, getLang, onLangChange, setLang, t } from "./i18n.js";
import { $ } from "./ui/dom.js";
import { bindRecoverForm } from "./ui/account_forms.js";
import { Announcer } from "./ui/announcer.js";
import { Notices } from "./ui/notices.js";
import { say, sayAgain } from "./ui/said.js";
import { applyTextLimits } from "./ui/page_limits.js";
import { applyPreferences, loadPreferences } from "./ui/preferences.js";

const FAREWELL_KEY = "ibasho.farewell";

const notices = new Notices($("#notices"));
const announcer = new Announcer($("#announcer"));
let app = null;

// `render`: how to say it in the current language (re-said when the language changes).
function landingStatus(render) {
  say($("#landing-status"), render);
}

function setBusy(busy) {
  for (const el of document.querySelectorAll("#landing button")) el.disabled = busy;
}

// early.js covers the page with 「入っています…」 for a returning browser; main.js takes over.
function notReturning() {
  document.documentElement.classList.remove("returning");
}

function showLanding() {
  notReturning();
  $("#space").hidden = true;
  $("#landing").hidden = false;
}

// Leaving reloads the page: a clean slate, no listeners or state left from the visit.
function leave(message) {
  try { if (message) sessionStorage.setItem(FAREWELL_KEY, message); } catch { /* shown nowhere */ }
  window.location.assign("/");
}

// A board page's "report this post" link lands here as /?report_post=<id>: once inside,
// the report dialog opens for that post (the link itself reports nothing).
function reportFromLink() {
  const postId = new URLSearchParams(window.location.search).get("report_post");
  if (!postId) return;
  window.history.replaceState(null, "", "/");
  // The dialog travels only when a board page sent someone here to report a post.
  import("./ui/report_dialog.js").then(({ openReportDialog }) => openReportDialog(api, { kind: "board_post", id: postId.slice(0, 64) }));
}

async function enterSpace() {
  landingStatus(() => t("entering"));
  $("#landing").hidden = true;
  $("#entering").hidden = false; // a calm word at once, never a blank screen
  notReturning();
  try {
    const { App } = await loadSpace();
    app = new App({ api, notices, announcer, onLeave: leave });
    $("#space").hidden = false;
    await app.start(spaceDocs());
    $("#entering").hidden = true;
    landingStatus(null);
    app.focusMap();
    reportFromLink();
  } catch (err) {
    app?.stop();
    app = null;
    $("#entering").hidden = true;
    showLanding();
    landingStatus(() => errorText(err));
  }
}

async function enter(how, errorId = "#login-error") {
  setBusy(true);
  const error = $(errorId);
  say(error, null, { hide: true });
  try {
    await how();
    await enterSpace();
  } catch (err) {
    if (err.code === "SUSPENDED" && err.detail) showSuspension(err.detail);
    else if (error.closest("form").hidden) landingStatus(() => errorText(err));
    else say(error, () => errorText(err), { hide: true });
  } finally {
    setBusy(false);
  }
}

// The right passphrase of a suspended account: why, until when, and the way to appeal
// (the module travels only then).
function showSuspension(detail) {
  let box = $("#suspension");
  if (!box) {
    box = document.createElement("section");
    box.id = "suspension";
    box.className = "card suspension";
    box.setAttribute("aria-labelledby", "suspension-title");
    $("#recover-form").after(box);
  }
  $("#login-form").hidden = true;
  $("#show-login").setAttribute("aria-expanded", "false");
  import("./ui/suspended_appeal.js").then((m) => m.showSuspension(box, detail, api))
    .catch((err) => landingStatus(() => errorText(err)));
}

function bindLanding() {
  $("#enter-guest").addEventListener("click", () => enter(() => api.enterAsGuest(getLang())));
  const form = $("#login-form");
  const toggle = $("#show-login");
  toggle.addEventListener("click", () => {
    form.hidden = !form.hidden;
    toggle.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) $("#login-nickname").focus();
  });
  $("#login-cancel").addEventListener("click", () => {
    form.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const nickname = $("#login-nickname").value.trim();
    const passphrase = $("#login-passphrase").value;
    enter(() => api.logIn(nickname, passphrase));
  });
  bindRecoverForm(api, enter);
  for (const button of document.querySelectorAll(".lang-switch")) {
    button.addEventListener("click", () => setLang(getLang() === "ja" ? "en" : "ja"));
  }
}

async function boot() {
  applyPreferences(loadPreferences());
  applyTextLimits(document);
  applyI18n(document);
  onLangChange(() => {
    applyI18n(document);
    sayAgain();
    app?.languageChanged();
  });
  bindLanding();
  setBusy(false); // the ways in start disabled in the HTML: they need this script
  let farewell = null;
  try {
    farewell = sessionStorage.getItem(FAREWELL_KEY);
    sessionStorage.removeItem(FAREWELL_KEY);
  } catch { /* nothing to say */ }
  if (farewell) landingStatus(() => farewell); // said in the language it was written in
  if (renewal) {
    try {
      await renewal;
      await enterSpace();
      return;
    } catch (err) {
      landingStatus(err.code === "NETWORK" ? () => errorText(err) : null);
    }
  }
  showLanding();
  loadSpace().catch(() => { /* tried again on entering */ });
  prefetchSpaceDocs(); // ~4 KB compressed: entering then waits for no round trip
}

boot();
