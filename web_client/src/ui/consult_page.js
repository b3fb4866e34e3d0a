// The standalone consultation page (/consult): the person's bookings, the waiting room and
// the private room. Signed in again from the refresh token kept when the booking was made.

import { Api } from "../api.js";
import { mountConsult } from "./consult.js";
import { words } from "./consult_words.js";

const LANG_KEY = "ibasho.lang";

function storedLang() {
  try { return localStorage.getItem(LANG_KEY) === "en" ? "en" : "ja"; } catch { return "ja"; }
}

async function start() {
  const main = document.getElementById("consult-main");
  const api = new Api();
  let lang = storedLang();

  const brand = document.createElement("a");
  brand.className = "cs-brand";
  brand.href = "/";
  const langButton = document.createElement("button");
  langButton.type = "button";
  langButton.className = "cs-quiet cs-lang";
  const header = document.createElement("header");
  header.className = "cs-top";
  header.append(brand, langButton);
  const slot = document.createElement("div");
  const home = document.createElement("a");
  home.href = "/";
  const footer = document.createElement("nav");
  footer.className = "cs-foot";
  footer.append(home);
  main.replaceChildren(header, slot, footer);

  if (api.refreshToken) {
    try { await api.refresh(); } catch { /* shown as signed out */ }
  }
  const consult = mountConsult(slot, {
    lang,
    token: () => api.accessToken,
    refreshToken: () => api.refresh(),
  });

  function texts() {
    const w = words(lang);
    document.documentElement.lang = lang;
    document.title = `${w.title} | ${w.brand}`;
    brand.textContent = w.brand;
    langButton.textContent = w.langSwitch;
    langButton.setAttribute("lang", lang === "ja" ? "en" : "ja");
    langButton.setAttribute("aria-label", w.langSwitchLabel);
    home.textContent = w.backHome;
  }

  langButton.addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    try { localStorage.setItem(LANG_KEY, lang); } catch { /* not remembered */ }
    texts();
    consult.setLang(lang);
  });
  texts();
}

start();
