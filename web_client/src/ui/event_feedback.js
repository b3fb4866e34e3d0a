// The optional questions after an event session: 1-5 scales, choices and a short text, each
// skippable. Sent anonymously (the server keeps no link from the answers to the person).

import { getLang } from "../i18n.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { h } from "./dom.js";
import { ew, pick } from "./events_words.js";

let counter = 0;

function question(q) {
  const id = `efq-${++counter}`;
  const prompt = pick(q, "prompt");
  if (q.kind === "text") {
    const area = h("textarea", { id, rows: "3", maxlength: String(TEXT_LIMITS.survey_answer) });
    return { el: h("div", { class: "field" }, h("label", { for: id, text: prompt }), area),
      value: () => area.value.trim() || null };
  }
  const options = q.kind === "scale"
    ? [1, 2, 3, 4, 5].map((v) => [v, v === 1 ? ew("scale_low") : v === 5 ? ew("scale_high") : String(v)])
    : q.choices.map((c, i) => [i, (getLang() === "en" && c.en) || c.ja]);
  const radios = options.map(([value, label]) => h("label", { class: "choice" },
    h("input", { type: "radio", name: id, value: String(value) }), ` ${label}`));
  const set = h("fieldset", { class: "feedback-question" }, h("legend", { text: prompt }), radios);
  return { el: set, value: () => {
    const checked = set.querySelector("input:checked");
    return checked ? Number(checked.value) : null;
  } };
}

// `inline`: offered where it was not asked for (the live room's end screen): nothing to ask, or
// a refusal (not a seat-holder), shows nothing, and the focus stays where it is.
export function feedbackForm(api, entry, say, { inline = false } = {}) {
  const form = h("form", { class: "feedback-form", "aria-label": ew("feedback_open", { title: pick(entry, "title") }) });
  const status = h("p", { role: "status", class: "events-status" });
  form.append(status);
  api.call("GET", `/api/events/occurrences/${entry.occurrence_id}/feedback`).then(({ feedback }) => {
    if (feedback.answered) { status.textContent = ew("feedback_thanks"); return; }
    if (inline && !feedback.questions.length) { form.remove(); return; }
    if (inline) status.before(h("p", { class: "gentle-note", text: ew("feedback_intro") }));  // the panel's section says it
    const parts = feedback.questions.map((q) => ({ q, ...question(q) }));
    form.append(...parts.map((p) => p.el), h("div", { class: "row" },
      h("button", { type: "submit", class: "primary", text: ew("feedback_send") }),
      h("button", { type: "button", class: "quiet-button", text: ew("feedback_skip"), onclick: () => form.remove() })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answers = parts.map((p) => ({ question_id: p.q.id, value: p.value() })).filter((a) => a.value !== null);
      if (!answers.length) { form.remove(); return; }
      try {
        await api.call("POST", `/api/events/occurrences/${entry.occurrence_id}/feedback`, { answers });
        form.replaceChildren(h("p", { role: "status", text: ew("feedback_thanks") }));
        say(ew("feedback_thanks"));
      } catch (err) {
        status.textContent = err?.messages?.[getLang()] || err.code;
      }
    });
    if (!inline) form.querySelector("input, textarea")?.focus();
  }).catch((err) => {
    if (inline) form.remove();
    else status.textContent = err?.messages?.[getLang()] || err.code;
  });
  return form;
}
