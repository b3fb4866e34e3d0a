// Where a crisis answer is shown (the desk, a consultation, a letter, the space): a box that
// holds the calm support panel (shield_hint.js crisisPanel) until the person closes it.
//
//   const crisis = crisisBox({ lang: () => lang, onClose: () => input.focus() });
//   container.append(crisis.element);  ...  if (answer.crisis) crisis.show(answer.crisis);

import { ensureStylesheet, h } from "./dom.js";
import { crisisPanel } from "../shield_hint.js";
import { formatAt } from "../times.js";

export function crisisBox({ lang, onClose = () => {}, className = "dk-crisis" }) {
  ensureStylesheet(new URL("../shield.css", import.meta.url).href, "data-ibasho-shield");
  const element = h("div", { class: className });
  return {
    element,
    show(notice) {
      const language = lang() === "en" ? "en" : "ja";
      const when = (iso) => formatAt(iso, language, "dateTime");
      const panel = crisisPanel(notice, { h, lang: language, when, onClose: () => { element.replaceChildren(); onClose(); } });
      element.replaceChildren(panel);
      panel.focus();
    },
  };
}
