// The standalone desk page (/desk): the shortest way from the landing page to a person.
// A returning visitor is signed in again from the kept refresh token; a first-time visitor
// sees the desk's status and one button that enters as a guest and knocks at once.

import { Api } from "../api.js";
import { mountDesk } from "./desk.js";
import { words } from "./desk_words.js";

const LANG_KEY = "ibasho.lang";

function storedLang() {
  try { return localStorage.getItem(LANG_KEY) === "en" ? "en" : "ja"; } catch { return "ja"; }
}

async function start() {
  const main = document.getElementById("desk-main");
  const api = new Api();
  let lang = storedLang();

  const brand = document.createElement("a");
  brand.className = "dk-brand";
  brand.href = "/";
  const langButton = document.createElement("button");
  langButton.type = "button";
  langButton.className = "dk-quiet dk-lang";
  const header = document.createElement("header");
  header.className = "dk-top";
  header.append(brand, langButton);
  const slot = document.createElement("div");
  const home = document.createElement("a");
  home.href = "/";
  const boards = document.createElement("a");
  boards.href = "/boards";
  const footer = document.createElement("nav");
  footer.className = "dk-foot";
  footer.append(home, boards);
  main.replaceChildren(header, slot, footer);

  if (api.refreshToken) {
    try { await api.refresh(); } catch { /* start as a first-time visitor */ }
  }
  const desk = mountDesk(slot, {
    lang,
    token: () => api.accessToken,
    refreshToken: () => api.refresh(),
    enter: async () => { await api.enterAsGuest(lang); },
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
    boards.textContent = w.readBoards;
  }

  langButton.addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    try { localStorage.setItem(LANG_KEY, lang); } catch { /* not remembered */ }
    texts();
    desk.setLang(lang);
  });
  texts();
}

start();
