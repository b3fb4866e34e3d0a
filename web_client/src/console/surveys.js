// Console section "Surveys" (staff and admins): compose an anonymous survey (Japanese and
// English, single / multiple choice, a 1-5 scale, a short text; open and close dates; who it is
// for), save it as a draft, publish, close early, and read the results (survey_results.js:
// counts beside calm bars, groups under five shown only as "fewer than 5").

import { h, field, uniqueId } from "./dom.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { RESULT_STRINGS, renderSurveyResults } from "./survey_results.js";

const KINDS = ["single", "multiple", "scale", "text"];
const AUDIENCES = ["everyone", "individuals", "families"];

export const STRINGS = {
  ja: {
    surveysTitle: "アンケート",
    surveysIntro: "名前なしで答えてもらうアンケートです。回答はアカウントと結びつかずに保存され、5人未満の集まりは数を出さずに「5人未満」と表示します。",
    svNew: "新しいアンケート", svTitleJa: "題名（日本語）", svTitleEn: "題名（英語）",
    svDescJa: "説明（日本語）", svDescEn: "説明（英語）", svAudience: "だれに",
    svAudiences: { everyone: "どなたでも", individuals: "ご本人", families: "ご家族" },
    svOpens: "受付の開始", svCloses: "受付の終わり", svQuestions: "問い",
    svKind: "問いの形", svKinds: { single: "ひとつ選ぶ", multiple: "いくつでも選ぶ", scale: "1〜5で答える", text: "短い自由記述" },
    svPromptJa: "問い（日本語）", svPromptEn: "問い（英語）",
    svOptions: "選択肢（1行にひとつ。英語は「|」のあとに）", svOptionsHint: "例: 話せる場所 | A place to talk",
    svAddQuestion: "問いを足す", svRemoveQuestion: "この問いを外す", svSave: "下書きとして保存",
    svSaved: "下書きを保存しました。", svList: "アンケートの一覧", svEmpty: "まだアンケートはありません。",
    svPublish: "公開する", svClose: "いま締め切る", svDelete: "下書きを消す", svResults: "結果を見る", svHideResults: "結果を閉じる",
    svPublished: "公開しました。", svClosed: "締め切りました。", svDeleted: "下書きを消しました。",
    svAnsweredBy: "回答", svPeriod: "{from} 〜 {to}", svEdit: "書き換える", svEditing: "下書きを書き換える: {title}",
    ...RESULT_STRINGS.ja,
  },
  en: {
    surveysTitle: "Surveys",
    surveysIntro: "Surveys answered without a name. Answers are stored with no link to the account; any group under five is shown as \"fewer than 5\", never as a number.",
    svNew: "New survey", svTitleJa: "Title (Japanese)", svTitleEn: "Title (English)",
    svDescJa: "Description (Japanese)", svDescEn: "Description (English)", svAudience: "For",
    svAudiences: { everyone: "Everyone", individuals: "Individuals", families: "Families" },
    svOpens: "Opens", svCloses: "Closes", svQuestions: "Questions",
    svKind: "Kind", svKinds: { single: "One choice", multiple: "Any choices", scale: "A 1-5 scale", text: "A short text" },
    svPromptJa: "Question (Japanese)", svPromptEn: "Question (English)",
    svOptions: "Choices (one a line; English after \"|\")", svOptionsHint: "e.g. 話せる場所 | A place to talk",
    svAddQuestion: "Add a question", svRemoveQuestion: "Remove this question", svSave: "Save as a draft",
    svSaved: "Draft saved.", svList: "All surveys", svEmpty: "No surveys yet.",
    svPublish: "Publish", svClose: "Close now", svDelete: "Delete the draft", svResults: "Results", svHideResults: "Hide results",
    svPublished: "Published.", svClosed: "Closed.", svDeleted: "Draft deleted.",
    svAnsweredBy: "Answered", svPeriod: "{from} – {to}", svEdit: "Edit", svEditing: "Editing the draft: {title}",
    ...RESULT_STRINGS.en,
  },
};

function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function questionEditor(t, onRemove, initial = null) {
  const kind = h("select", { id: uniqueId("kind") }, KINDS.map((k) => h("option", { value: k, text: t("svKinds")[k] })));
  const promptJa = h("input", { type: "text", required: true, maxlength: String(TEXT_LIMITS.survey_question), id: uniqueId("pja") });
  const promptEn = h("input", { type: "text", maxlength: String(TEXT_LIMITS.survey_question), id: uniqueId("pen") });
  const options = h("textarea", { rows: "3", id: uniqueId("opt") });
  const optionsField = field(t("svOptions"), options, t("svOptionsHint"));
  const remove = h("button", { type: "button", class: "quiet", text: t("svRemoveQuestion") });
  const el = h("fieldset", { class: "survey-editor-question" }, h("legend", { text: t("svQuestions") }),
    field(t("svKind"), kind), field(t("svPromptJa"), promptJa), field(t("svPromptEn"), promptEn), optionsField, remove);
  const sync = () => { optionsField.hidden = !["single", "multiple"].includes(kind.value); };
  kind.addEventListener("change", sync);
  remove.addEventListener("click", () => onRemove(el));
  if (initial) {
    kind.value = initial.kind;
    promptJa.value = initial.prompt_ja;
    promptEn.value = initial.prompt_en || "";
    options.value = (initial.options || []).map((o) => (o.en ? `${o.ja} | ${o.en}` : o.ja)).join("\n");
  }
  sync();
  return { el, value: () => {
    const q = { kind: kind.value, prompt_ja: promptJa.value, prompt_en: promptEn.value || null };
    if (!optionsField.hidden) {
      q.options = options.value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
        const [ja, en] = line.split("|").map((s) => s.trim());
        return { ja, en: en || null };
      });
    }
    return q;
  } };
}

export function render(root, ctx) {
  const t = ctx.t;
  const list = h("ul", { class: "survey-list" });
  const status = h("p", { class: "muted", role: "status", "aria-live": "polite" });
  const input = (kind, attrs = {}) => h("input", { type: "text", maxlength: String(TEXT_LIMITS[kind]), id: uniqueId(kind), ...attrs });
  const titleJa = input("survey_title", { required: true });
  const titleEn = input("survey_title");
  const descJa = h("textarea", { rows: "2", maxlength: String(TEXT_LIMITS.survey_description), id: uniqueId("dja") });
  const descEn = h("textarea", { rows: "2", maxlength: String(TEXT_LIMITS.survey_description), id: uniqueId("den") });
  const audience = h("select", { id: uniqueId("aud") }, AUDIENCES.map((a) => h("option", { value: a, text: t("svAudiences")[a] })));
  const now = new Date();
  const opens = h("input", { type: "datetime-local", required: true, id: uniqueId("opens"), value: localInput(now) });
  const closes = h("input", { type: "datetime-local", required: true, id: uniqueId("closes"),
    value: localInput(new Date(now.getTime() + 14 * 86400000)) });
  const editors = [];
  const questionBox = h("div", { class: "survey-editor-questions" });
  const addQuestion = (initial = null) => {
    const editor = questionEditor(t, (el) => { editors.splice(editors.findIndex((e) => e.el === el), 1); el.remove(); }, initial);
    editors.push(editor);
    questionBox.append(editor.el);
  };
  addQuestion();
  let editing = null; // the id of the draft being rewritten, or null for a new survey
  const formTitle = h("h3", { tabindex: "-1", text: t("svNew") });
  const form = h("form", { class: "survey-editor" }, formTitle,
    field(t("svTitleJa"), titleJa), field(t("svTitleEn"), titleEn), field(t("svDescJa"), descJa), field(t("svDescEn"), descEn),
    field(t("svAudience"), audience), field(t("svOpens"), opens), field(t("svCloses"), closes), questionBox,
    h("div", { class: "row" }, h("button", { type: "button", text: t("svAddQuestion"), onclick: () => addQuestion() }),
      h("button", { type: "submit", class: "primary", text: t("svSave") })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.run(async () => {
      await ctx.api.call(editing ? "PUT" : "POST", editing ? `/api/surveys/${encodeURIComponent(editing)}` : "/api/surveys", {
        title_ja: titleJa.value, title_en: titleEn.value || null, description_ja: descJa.value || null,
        description_en: descEn.value || null, audience: audience.value,
        opens_at: new Date(opens.value).toISOString(), closes_at: new Date(closes.value).toISOString(),
        questions: editors.map((e) => e.value()),
      });
      status.textContent = t("svSaved");
      ctx.announce(t("svSaved"));
      form.reset();
      editing = null;
      formTitle.textContent = t("svNew");
      await load();
    });
  });

  function act(label, path, done, method = "POST") {
    return h("button", { type: "button", class: method === "DELETE" ? "quiet" : undefined, text: label,
      onclick: () => ctx.run(async () => {
        await ctx.api.call(method, path, method === "DELETE" ? undefined : {});
        status.textContent = done;
        ctx.announce(done);
        await load();
      }) });
  }

  async function edit(id) {
    const { survey } = await ctx.api.call("GET", `/api/surveys/manage/${encodeURIComponent(id)}`);
    editing = id;
    formTitle.textContent = t("svEditing", { title: survey.title_ja });
    titleJa.value = survey.title_ja;
    titleEn.value = survey.title_en;
    descJa.value = survey.description_ja;
    descEn.value = survey.description_en;
    audience.value = survey.audience;
    opens.value = localInput(new Date(survey.opens_at));
    closes.value = localInput(new Date(survey.closes_at));
    for (const e of editors.splice(0)) e.el.remove();
    for (const q of survey.questions) addQuestion(q);
    formTitle.focus();
  }

  function item(s) {
    const results = h("div", { class: "survey-results-box", hidden: true });
    const toggle = h("button", { type: "button", text: t("svResults"), "aria-expanded": "false",
      onclick: () => ctx.run(async () => {
        const open = results.hidden;
        if (open) {
          const { results: r } = await ctx.api.call("GET", `/api/surveys/${encodeURIComponent(s.id)}/results`);
          renderSurveyResults(results, [r], t, ctx.lang);
        }
        results.hidden = !open;
        toggle.textContent = open ? t("svHideResults") : t("svResults");
        toggle.setAttribute("aria-expanded", String(open));
      }) });
    const base = `/api/surveys/${encodeURIComponent(s.id)}`;
    const actions = [];
    if (s.state === "draft") {
      actions.push(act(t("svPublish"), `${base}/publish`, t("svPublished")),
        h("button", { type: "button", text: t("svEdit"), onclick: () => ctx.run(() => edit(s.id)) }),
        act(t("svDelete"), base, t("svDeleted"), "DELETE"));
    }
    if (s.state === "open" || s.state === "scheduled") actions.push(act(t("svClose"), `${base}/close`, t("svClosed")));
    if (s.state !== "draft") actions.push(toggle);
    const answered = s.answered_by.suppressed ? t("resFewer", { n: s.answered_by.fewer_than }) : t("resPeople", { n: s.answered_by.count });
    return h("li", { class: "survey-row", "data-survey": s.id },
      h("p", {}, h("strong", { text: (ctx.lang === "en" && s.title_en) || s.title_ja }), ` · ${t("resState")[s.state]}`),
      h("p", { class: "muted", text: `${t("svPeriod", { from: ctx.fmt.day(s.opens_at), to: ctx.fmt.day(s.closes_at) })} · ${t("svAudiences")[s.audience]} · ${t("svAnsweredBy")}: ${answered}` }),
      h("div", { class: "row" }, actions), results);
  }

  async function load() {
    const { surveys } = await ctx.api.call("GET", "/api/surveys/manage");
    list.replaceChildren(...(surveys.length ? surveys.map(item) : [h("li", { class: "muted", text: t("svEmpty") })]));
  }

  root.replaceChildren(h("p", { class: "muted", text: t("surveysIntro") }), status,
    h("h3", { text: t("svList") }), list, form);
  return load();
}

export default {
  id: "surveys",
  titleKey: "surveysTitle",
  roles: ["staff", "admin"],
  strings: { ja: STRINGS.ja, en: STRINGS.en },
  render,
};
