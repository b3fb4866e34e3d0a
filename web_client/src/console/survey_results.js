// A survey's results as staff read them (the console's surveys section and, wired by the
// municipal report, the report): per question the counts as plain text beside calm SVG bars,
// the 1-5 distribution and its mean, the free texts listed. A group under five arrives with no
// number at all ({suppressed: true, fewer_than: 5}) and is shown only as "fewer than 5".
// Bars are SVG attributes, not inline styles (the console's CSP forbids those).
//
// renderSurveyResults(root, results, t): results is a list of the API's result objects
// (GET /api/surveys/{id}/results, or rooms/surveys/report_section.py's list); t(key, params)
// translates RESULT_STRINGS' keys (merge RESULT_STRINGS into the section's strings).

import { h } from "./dom.js";

export const RESULT_STRINGS = {
  ja: {
    resRespondents: "回答した人", resAnswers: "この問いに答えた人", resFewer: "{n}人未満",
    resMean: "平均 {mean}", resNoMean: "平均は、回答が5人以上で、5人未満の点がないときに出します",
    resTexts: "自由記述", resTextsHidden: "5人未満のため表示しません", resNoTexts: "自由記述はまだありません。",
    resPeople: "{n}人", resKind: { single: "ひとつ選ぶ", multiple: "いくつでも", scale: "1〜5", text: "自由記述" },
    resNoSurveys: "この期間に開いていたアンケートはありません。",
    resState: { draft: "下書き", scheduled: "公開前", open: "受付中", closed: "終了" },
  },
  en: {
    resRespondents: "People who answered", resAnswers: "Answered this question", resFewer: "fewer than {n}",
    resMean: "Mean {mean}", resNoMean: "The mean is shown from 5 answers up, when no point has fewer than 5",
    resTexts: "Free texts", resTextsHidden: "Not shown: fewer than 5", resNoTexts: "No free texts yet.",
    resPeople: "{n}", resKind: { single: "one choice", multiple: "any choices", scale: "1-5", text: "free text" },
    resNoSurveys: "No survey was open in this period.",
    resState: { draft: "draft", scheduled: "not yet open", open: "open", closed: "closed" },
  },
};

const SVG = "http://www.w3.org/2000/svg";

function countText(group, t) {
  return group.suppressed ? t("resFewer", { n: group.fewer_than }) : t("resPeople", { n: group.count });
}

function bar(group, max) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "result-bar");
  svg.setAttribute("viewBox", "0 0 100 10");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  const track = document.createElementNS(SVG, "rect");
  track.setAttribute("class", "result-bar-track");
  track.setAttribute("width", "100");
  track.setAttribute("height", "10");
  svg.append(track);
  if (!group.suppressed && max > 0) {
    const fill = document.createElementNS(SVG, "rect");
    fill.setAttribute("class", "result-bar-fill");
    fill.setAttribute("width", String(Math.max(1, Math.round((group.count / max) * 100))));
    fill.setAttribute("height", "10");
    svg.append(fill);
  }
  return svg;
}

function rows(items, labelOf, t) {
  const max = Math.max(0, ...items.filter((g) => !g.suppressed).map((g) => g.count));
  return h("table", { class: "result-table" }, h("tbody", {}, items.map((g) => h("tr", { class: g.suppressed ? "suppressed" : "" },
    h("th", { scope: "row", text: labelOf(g) }),
    h("td", { class: "result-bar-cell" }, bar(g, max)),
    h("td", { class: "result-count", text: countText(g, t) })))));
}

function pickText(obj, name, lang) {
  return (lang === "en" && obj[`${name}_en`]) || obj[`${name}_ja`] || "";
}

function question(q, t, lang) {
  const parts = [h("h4", { text: pickText(q, "prompt", lang) }),
    h("p", { class: "muted", text: `${t("resKind")[q.kind] || q.kind} · ${t("resAnswers")}: ${countText(q.answers, t)}` })];
  if (q.kind === "single" || q.kind === "multiple") {
    parts.push(rows(q.options, (o) => (lang === "en" && o.en) || o.ja, t));
  } else if (q.kind === "scale") {
    parts.push(rows(q.distribution, (d) => String(d.value), t),
      h("p", { class: "result-mean", text: q.mean === null || q.mean === undefined ? t("resNoMean") : t("resMean", { mean: Number(q.mean).toFixed(1) }) }));
  } else if (q.answers.suppressed) {
    parts.push(h("p", { class: "muted", text: `${t("resTexts")}: ${t("resTextsHidden")}` }));
  } else {
    parts.push(h("h5", { text: t("resTexts") }), q.texts.length
      ? h("ul", { class: "result-texts" }, q.texts.map((text) => h("li", { text })))
      : h("p", { class: "muted", text: t("resNoTexts") }));
  }
  return h("section", { class: "result-question" }, parts);
}

export function renderSurveyResults(root, results, t, lang = t.lang || "ja") {
  if (!results.length) {
    root.replaceChildren(h("p", { class: "muted", text: t("resNoSurveys") }));
    return;
  }
  root.replaceChildren(...results.map((r) => h("article", { class: "survey-results", "data-survey": r.id },
    h("h3", { text: pickText(r, "title", lang) }),
    h("p", { class: "muted", text: `${t("resState")[r.state] || r.state} · ${t("resRespondents")}: ${countText(r.respondents, t)}` }),
    r.questions.map((q) => question(q, t, lang)))));
}
