// One survey's questions as a calm form: a single choice (radios), several (checkboxes), a
// 1-5 scale and a short text, each skippable. Sent once; the server stores it without the
// account. The answer the form builds is the API's: {question_id, value}.

import { getLang } from "../i18n.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { h } from "./dom.js";
import { pick } from "./events_words.js";
import { sw } from "./survey_words.js";

let counter = 0;

function optionLabel(option) {
  return (getLang() === "en" && option.en) || option.ja;
}

function question(q) {
  const id = `sq-${++counter}`;
  const prompt = pick(q, "prompt");
  if (q.kind === "text") {
    const note = h("p", { id: `${id}-note`, class: "gentle-note", text: sw("no_contact") });
    const area = h("textarea", { id, rows: "3", maxlength: String(TEXT_LIMITS.survey_text), "aria-describedby": note.id });
    return { el: h("div", { class: "field survey-question" }, h("label", { for: id, text: prompt }), area, note),
      value: () => area.value.trim() || null };
  }
  const multiple = q.kind === "multiple";
  const options = q.kind === "scale"
    ? [1, 2, 3, 4, 5].map((v) => [String(v), v === 1 ? sw("scale_low") : v === 5 ? sw("scale_high") : String(v)])
    : q.options.map((o) => [o.id, optionLabel(o)]);
  const inputs = options.map(([value, label]) => h("label", { class: "choice" },
    h("input", { type: multiple ? "checkbox" : "radio", name: id, value }), ` ${label}`));
  const legend = h("legend", { text: prompt }, multiple ? h("span", { class: "gentle-note", text: ` (${sw("many")})` }) : null);
  const set = h("fieldset", { class: `survey-question${q.kind === "scale" ? " survey-scale" : ""}` }, legend, inputs);
  return { el: set, value: () => {
    const checked = [...set.querySelectorAll("input:checked")].map((i) => i.value);
    if (!checked.length) return null;
    if (q.kind === "scale") return Number(checked[0]);
    return multiple ? checked : checked[0];
  } };
}

// survey: {id, title_*, description_*, questions}; onDone(): after the thanks; say(text): announce.
export function surveyForm(api, survey, { say, onDone }) {
  const titleId = `survey-title-${survey.id}`;
  const status = h("p", { role: "status", class: "events-status" });
  const parts = survey.questions.map((q) => ({ q, ...question(q) }));
  const form = h("form", { class: "survey-form", "aria-labelledby": titleId },
    h("h3", { id: titleId, tabindex: "-1", text: pick(survey, "title") }),
    pick(survey, "description") ? h("p", { text: pick(survey, "description") }) : null,
    h("p", { class: "gentle-note survey-anonymous", text: sw("anonymous") }),
    parts.map((p) => p.el), status,
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary", text: sw("send") })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = parts.map((p) => ({ question_id: p.q.id, value: p.value() })).filter((a) => a.value !== null);
    if (!answers.length) { status.textContent = sw("empty_answer"); return; }
    try {
      await api.call("POST", `/api/surveys/${survey.id}/answers`, { answers });
    } catch (err) {
      status.textContent = err?.messages?.[getLang()] || err?.code || "";
      return;
    }
    const heading = h("h3", { tabindex: "-1", text: sw("thanks") });
    form.replaceChildren(h("div", { class: "survey-thanks", role: "status" }, heading,
      h("p", { text: sw("thanks_anonymous") })));
    heading.focus();
    say(`${sw("thanks")} ${sw("thanks_anonymous")}`);
    onDone?.();
  });
  return form;
}
