// Stamp buttons: the wordless step on the ladder. Each button carries the stamp's name,
// so it reads well with a screen reader; the picture is decoration.

import { h } from "./dom.js";
import { iconSvg } from "../icons.js";
import { pick } from "../i18n.js";

export function stampButtons(emotes, onPick, { compact = false } = {}) {
  return emotes.map((emote) => {
    const name = pick(emote);
    const button = h("button", {
      type: "button", class: compact ? "stamp stamp-compact" : "stamp", title: name,
      dataset: { emote: emote.id },
    }, iconSvg(emote.symbol, compact ? 20 : 22), h("span", { class: compact ? "sr-only" : "stamp-name", text: name }));
    if (compact) button.setAttribute("aria-label", name);
    button.addEventListener("click", () => onPick(emote.id));
    return button;
  });
}
