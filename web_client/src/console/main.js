// The specialist console: sign-in, a menu of sections (hash routes), and the context each
// section gets: api, translator, formatter, the signed-in account, announce() and run().

import { createApi } from "./api.js";
import { h, field } from "./dom.js";
import { formatter, makeTranslator } from "./i18n.js";
import { mountNotices } from "./notices.js";
import { mountCrisis } from "./crisis.js";
import { mountReportAlerts } from "./report_alerts.js";
import { SECTIONS, sectionsFor } from "./sections.js";
import { differsFromBrowser, setOperatorZone, zoneName } from "../times.js";


// /console/moderation opens on the moderation reports, /console/reports on the numbers (the
// same page, each its own first section).
const FIRST_SECTIONS = { "/console/moderation": "reports", "/console/reports": "numbers" };
const FIRST_SECTION = FIRST_SECTIONS[location.pathname] || null;
const LANG_KEY = "ibasho.console.lang";

function sectionStrings() {
  const extra = { ja: {}, en: {} };
  for (const section of SECTIONS) {
    Object.assign(extra.ja, section.strings?.ja || {});
    Object.assign(extra.en, section.strings?.en || {});
  }
  return extra;
}

function start() {
  const api = createApi();
  const app = document.getElementById("app");
  const live = document.getElementById("live");
  const state = { lang: localStorage.getItem(LANG_KEY) === "en" ? "en" : "ja", me: null, timeZone: "Asia/Tokyo" };
  let notices = null; // live from sign-in to sign-out (console/notices.js)
  let reportAlerts = null; // likewise (console/report_alerts.js)
  let crisis = null; // crisis alerts, likewise (console/crisis.js)

  const t = () => makeTranslator(state.lang, sectionStrings());
  const announce = (text) => { live.textContent = ""; setTimeout(() => { live.textContent = text; }, 30); };

  function setLang(lang) {
    state.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
    notices?.setLang(lang);
    reportAlerts?.setLang(lang);
    crisis?.setLang(lang);
    render();
  }

  function header() {
    const tr = t();
    document.title = tr("appTitle");
    return h("header", { class: "top" },
      h("h1", { text: tr("appTitle") }),
      h("div", { class: "row" },
        state.me ? h("span", { class: "who" }, `${tr("signedInAs")}: `, h("strong", { text: state.me.nickname })) : null,
        h("button", { type: "button", class: "quiet", lang: state.lang === "ja" ? "en" : "ja", "aria-label": tr("languageLabel"),
          text: tr("language"), onclick: () => setLang(state.lang === "ja" ? "en" : "ja") }),
        state.me ? h("button", { type: "button", class: "quiet", text: tr("logout"), onclick: async () => {
          await notices?.close(); notices = null;
          await reportAlerts?.close(); reportAlerts = null;
          await crisis?.close(); crisis = null;
          await api.logout(); state.me = null; render();
        } }) : null));
  }

  function loginView(message) {
    const tr = t();
    const nickname = h("input", { type: "text", autocomplete: "username", required: true, name: "nickname" });
    const passphrase = h("input", { type: "password", autocomplete: "current-password", required: true, name: "passphrase" });
    const error = h("p", { class: "form-error", role: "alert", text: message || "" });
    const form = h("form", { class: "login", "aria-labelledby": "login-title" },
      h("h2", { id: "login-title", text: tr("loginTitle") }),
      h("p", { text: tr("loginIntro") }),
      field(tr("nickname"), nickname), field(tr("passphrase"), passphrase), error,
      h("button", { type: "submit", class: "primary", text: tr("login") }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.textContent = "";
      try {
        await api.login(nickname.value, passphrase.value);
        await loadMe();
      } catch (err) {
        error.textContent = err.text ? err.text(state.lang, tr("failed")) : tr("failed");
      }
    });
    app.replaceChildren(header(), h("main", { id: "main", tabindex: "-1" }, form));
    nickname.focus();
  }

  async function loadMe() {
    const { account, timezone } = await api.call("GET", "/api/me");
    if (!sectionsFor(account.role).length) {
      await api.logout();
      state.me = null;
      loginView(t()("notForYou"));
      return;
    }
    state.me = account;
    state.timeZone = setOperatorZone(timezone);
    // Not redrawing the shown section on a notice: it may hold a half-typed form.
    notices ||= mountNotices(api, { lang: state.lang, timeZone: state.timeZone, announce });
    reportAlerts ||= mountReportAlerts(api, { role: account.role, lang: state.lang, announce });
    crisis ||= mountCrisis(api, { lang: state.lang, timeZone: state.timeZone, announce });
    render();
  }

  function currentSection() {
    const id = location.hash.replace(/^#/, "") || FIRST_SECTION;
    const mine = sectionsFor(state.me?.role);
    return mine.find((s) => s.id === id) || mine[0];
  }

  async function showSection(focus) {
    const tr = t();
    const section = currentSection();
    document.querySelectorAll("nav.menu a").forEach((a) => {
      if (a.dataset.section === section.id) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    const main = document.getElementById("main");
    const heading = h("h2", { id: "section-title", tabindex: "-1", text: tr(section.titleKey) });
    const body = h("div", { class: "section-body" }, h("p", { class: "muted", text: tr("loading") }));
    const errorBox = h("p", { class: "form-error", role: "alert" });
    // a plain box, not a second landmark: <main> is the landmark, and panels such as the desk
    // and the sessions are regions of their own with the same name
    main.replaceChildren(h("div", { class: `section section-${section.id}` },
      h("div", { class: "section-head" }, heading,
        h("button", { type: "button", class: "quiet", text: tr("reload"), onclick: () => showSection(false) })),
      differsFromBrowser() ? h("p", { class: "muted zone-note", text: tr("zoneNote", { zone: zoneName(state.lang) }) }) : null,
      errorBox, body));
    const ctx = {
      api, t: tr, lang: state.lang, me: state.me, timeZone: state.timeZone,
      fmt: formatter(state.lang, state.timeZone),
      announce,
      refresh: () => showSection(false),
      alerts: reportAlerts,
      // Runs an action; failures show the server's message (in the current language).
      // onError may handle an error itself by returning true.
      run: async (action, onError) => {
        errorBox.textContent = "";
        try { return await action(); } catch (err) {
          if (err.code === "TOKEN_INVALID" || err.code === "UNAUTHENTICATED" || err.code === "TOKEN_EXPIRED") {
            state.me = null; loginView(); return undefined;
          }
          if (onError && onError(err)) return undefined;
          errorBox.textContent = err.text ? err.text(state.lang, tr("failed")) : tr("failed");
          return undefined;
        }
      },
    };
    await ctx.run(() => section.render(body, ctx));
    if (focus) heading.focus();
  }

  function render() {
    if (!state.me) { loginView(); return; }
    const tr = t();
    const nav = h("nav", { class: "menu", "aria-label": tr("navLabel") },
      h("ul", {}, sectionsFor(state.me.role).map((s) => h("li", {}, h("a", { href: `#${s.id}`, "data-section": s.id, text: tr(s.titleKey) })))));
    app.replaceChildren(header(), crisis ? crisis.element : "", reportAlerts ? reportAlerts.element : "", notices ? notices.element : "",
      h("div", { class: "layout" }, nav, h("main", { id: "main", tabindex: "-1" })));
    showSection(false);
  }

  window.addEventListener("hashchange", () => { if (state.me) showSection(true); });
  document.documentElement.lang = state.lang;
  if (api.signedIn) loadMe().catch(() => loginView());
  else loginView();
}

start();
