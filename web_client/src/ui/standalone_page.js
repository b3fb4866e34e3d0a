// The frame of a standalone panel page (/desk, /consult; styled by standalone_page.css): a
// brand link home, a language switch remembered with the rest of the site, the panel, and
// links at the foot. A returning person is signed in again from the kept refresh token first.

import { Api } from "../api.js";
import { h } from "./dom.js";
import { setOperatorZone } from "../times.js";

const LANG_KEY = "ibasho.lang";

function storedLang() {
  try { return localStorage.getItem(LANG_KEY) === "en" ? "en" : "ja"; } catch { return "ja"; }
}

// prefix: the panel's class prefix ("dk", "cs"; the language button looks like the panel's
// quiet buttons); words(lang): its texts (title, brand, langSwitch, langSwitchLabel and one
// per foot link); links: [{href, word}];
// mount(slot, {api, lang}): builds the panel (it must offer setLang).
export async function startStandalonePage({ mainId, prefix, words, links, mount }) {
  const main = document.getElementById(mainId);
  const api = new Api();
  api.onTimezone = setOperatorZone;
  let lang = storedLang();

  const brand = h("a", { class: "sp-brand", href: "/" });
  const langButton = h("button", { type: "button", class: `${prefix}-quiet ${prefix}-lang` });
  const slot = h("div");
  // the page's one h1 (the panel's own heading is an h2): named for screen readers, while the
  // panel's visible heading already says the same to the eye
  const title = h("h1", { class: "sp-visually-hidden" });
  const footLinks = links.map((link) => h("a", { href: link.href }));
  main.replaceChildren(
    h("header", { class: "sp-top" }, brand, langButton),
    title,
    slot,
    h("nav", { class: "sp-foot" }, footLinks),
  );

  if (api.refreshToken) {
    try { await api.refresh(); } catch { /* continues as signed out / a first-time visitor */ }
  }
  const panel = mount(slot, { api, lang: () => lang });

  function texts() {
    const w = words(lang);
    document.documentElement.lang = lang;
    document.title = `${w.title} | ${w.brand}`;
    title.textContent = w.title;
    brand.textContent = w.brand;
    langButton.textContent = w.langSwitch;
    langButton.setAttribute("lang", lang === "ja" ? "en" : "ja");
    langButton.setAttribute("aria-label", w.langSwitchLabel);
    links.forEach((link, i) => { footLinks[i].textContent = w[link.word]; });
  }

  langButton.addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    try { localStorage.setItem(LANG_KEY, lang); } catch { /* not remembered */ }
    texts();
    panel.setLang(lang);
  });
  texts();
}
