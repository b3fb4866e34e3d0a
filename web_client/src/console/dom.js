// Form helpers for the console. Elements come from the one builder in ui/dom.js: text always
// goes in as text nodes, never as HTML, so nothing a person typed can become markup.
import { h } from "../ui/dom.js";

export { h };


export function uniqueId(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

export function field(labelText, control, hint) {
  const id = control.id || uniqueId("f");
  control.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id, text: labelText }), control, hintEl);
}
