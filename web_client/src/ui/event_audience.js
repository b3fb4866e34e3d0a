// The settings' one self-declared attribute for events (women-only audiences), next to the
// account's kind. Read and changed only by the person; the wording says plainly that nobody
// checks it and that a host may ask someone to leave.

import { onLangChange } from "../i18n.js";
import { h } from "./dom.js";
import { ew } from "./events_words.js";

export function mountEventAudience(app, container) {
  const box = h("input", { type: "checkbox", id: "pref-event-woman", "aria-describedby": "event-woman-hint" });
  const label = h("span");
  const legend = h("legend");
  const hint = h("p", { id: "event-woman-hint", class: "hint" });
  const words = () => {
    legend.textContent = ew("audience_legend");
    label.textContent = ew("audience_woman");
    hint.textContent = ew("audience_hint");
  };
  words();
  container.replaceChildren(h("fieldset", {}, legend, h("label", { class: "choice" }, box, " ", label), hint));
  const unlisten = onLangChange(words);
  // Mounted when the settings first open: the box waits for the stored answer, so a quick
  // click is never overwritten by a late reply.
  const load = async () => {
    box.disabled = true;
    try { box.checked = (await app.api.call("GET", "/api/me/event-audience")).audience.woman; } catch { /* stays unchecked */ }
    box.disabled = false;
  };
  box.addEventListener("change", async () => {
    try {
      await app.api.call("PUT", "/api/me/event-audience", { woman: box.checked });
      app.notices.show(ew("audience_saved"));
    } catch {
      box.checked = !box.checked;
    }
  });
  load();
  return { refresh: load, destroy: unlisten };
}
