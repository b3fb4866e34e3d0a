// The page's entry point: the landing page, and the way into the space.
// A stored refresh token means this browser was here before: come straight back in.

import { Api } from "./api.js";
import { applyI18n, errorText, getLang, onLangChange, setLang, t } from "./i18n.js";
import { $ } from "./ui/dom.js";
import { bindRecoverForm } from "./ui/account_forms.js";
import { Announcer } from "./ui/announcer.js";
import { Notices } from "./ui/notices.js";
import { say, sayAgain } from "./ui/said.js";
import { applyTextLimits } from "./ui/page_limits.js";
import { applyPreferences, loadPreferences } from "./ui/preferences.js";

const FAREWELL_KEY = "ibasho.farewell";

const api = new Api();
const notices = new Notices($("#notices"));
const announcer = new Announcer($("#announcer"));
let app = null;
let spaceModule = null;

// The space's modules travel after the landing works (or when someone enters first), so
// the landing never waits for them; a failed fetch is tried again on the next entry.
function loadSpace() {
  spaceModule ??= import("./app.js").catch((err) => { spaceModule = null; throw err; });
  return spaceModule;
}

// `render`: how to say it in the current language (re-said when the language changes).
function landingStatus(render) {
  say($("#landing-status"), render);
}

function setBusy(busy) {
  for (const el of document.querySelectorAll("#landing button")) el.disabled = busy;
}

function showLanding() {
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
  try {
    const { App } = await loadSpace();
    app = new App({ api, notices, announcer, onLeave: leave });
    $("#space").hidden = false;
    await app.start();
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
  if (api.refreshToken) {
    loadSpace().catch(() => { /* tried again on entering */ }); // fetched while the session renews
    try {
      await api.refresh();
      await enterSpace();
      return;
    } catch (err) {
      landingStatus(err.code === "NETWORK" ? () => errorText(err) : null);
    }
  }
  showLanding();
  loadSpace().catch(() => { /* tried again on entering */ });
}

boot();
