// Console section "Word lists" (moderators and admins): the phrases the shield acts on (flag
// for review / mask / refuse), what the "flag" phrases caught (when, where, which phrase;
// never the message), and a box to try a sentence against the shield, the crisis screen and
// the lists (POST /api/moderation/screen-test; nothing is stored). Changes reach the shield at
// once and are in the audit log.

import { h, field, uniqueId } from "./dom.js";
import { TEXT_LIMITS } from "../text_limits.js";

const ACTIONS = ["flag", "mask", "refuse"];

export const STRINGS = {
  ja: {
    wordsTitle: "言葉のリスト",
    wordsIntro: "ここに入れた言葉は、広場・会話・デスクなどで書かれたときに、選んだとおりに扱われます。全角・半角、ひらがな・カタカナ、間のスペースの違いも同じ言葉として見ます。",
    wordsPhrase: "言葉",
    wordsAction: "扱い",
    wordsAdd: "追加する",
    wordsRemove: "外す",
    wordsEmpty: "まだ言葉はありません。",
    wordsActions: { flag: "通して、見守りに知らせる", mask: "●で隠す", refuse: "送れないようにする" },
    wordsTry: "文を試す",
    wordsTryLabel: "試したい文（保存されません）",
    wordsTryButton: "試す",
    wordsMasked: "ほかの人に見える形",
    wordsFound: "個人情報",
    wordsCrisis: "危機のサイン",
    wordsHits: "リストの言葉",
    wordsRefused: "この文は送れません（「送れないようにする」の言葉があります）",
    wordsNone: "なし",
    wordsLevels: { none: "なし", concern: "気がかり", urgent: "緊急" },
    wordsFlags: "見守りに知らせた記録",
    wordsFlagsNone: "まだありません。",
    wordsWhere: { zone: "場所の会話", conversation: "会話", desk: "相談デスク", consult: "個別相談", letter: "お手紙", event: "イベント" },
  },
  en: {
    wordsTitle: "Word lists",
    wordsIntro: "Phrases here are treated as chosen wherever they are written (the plaza, conversations, the desk). Width, hiragana/katakana and spaces between characters do not hide them.",
    wordsPhrase: "Phrase",
    wordsAction: "Action",
    wordsAdd: "Add",
    wordsRemove: "Remove",
    wordsEmpty: "No phrases yet.",
    wordsActions: { flag: "Let through, flag for moderators", mask: "Hide with ●", refuse: "Refuse to send" },
    wordsTry: "Try a sentence",
    wordsTryLabel: "A sentence to try (not stored)",
    wordsTryButton: "Try",
    wordsMasked: "What others would see",
    wordsFound: "Personal information",
    wordsCrisis: "Crisis",
    wordsHits: "Phrases from the list",
    wordsRefused: "This sentence would be refused (a \"refuse\" phrase is in it)",
    wordsNone: "none",
    wordsLevels: { none: "none", concern: "concern", urgent: "urgent" },
    wordsFlags: "What the flag phrases caught",
    wordsFlagsNone: "Nothing yet.",
    wordsWhere: { zone: "a place's talk", conversation: "a conversation", desk: "the desk", consult: "a consultation", letter: "a letter", event: "an event" },
  },
};

function actionSelect(words, value, label) {
  return h("select", { "aria-label": label }, ...ACTIONS.map((a) => h("option", { value: a, selected: a === value, text: words.wordsActions[a] })));
}

export function render(root, ctx) {
  const words = STRINGS[ctx.lang === "en" ? "en" : "ja"];
  const list = h("ul", { class: "word-list" });
  const flags = h("ul", { class: "word-flags" });
  const result = h("div", { class: "word-result", role: "status", "aria-live": "polite" });

  async function load() {
    const [{ words: rows }, { flags: caught }] = await Promise.all([
      ctx.api.call("GET", "/api/moderation/words"), ctx.api.call("GET", "/api/moderation/flags")]);
    list.replaceChildren(...(rows.length ? rows.map(row) : [h("li", { class: "muted", text: words.wordsEmpty })]));
    flags.replaceChildren(...(caught.length ? caught.map((f) => h("li", {},
      `${ctx.fmt.day(f.at)} ${ctx.fmt.time(f.at)} · ${words.wordsWhere[f.channel] || f.channel} · `, h("strong", { text: f.phrase })))
      : [h("li", { class: "muted", text: words.wordsFlagsNone })]));
  }

  function row(word) {
    const select = actionSelect(words, word.action, `${words.wordsAction}: ${word.phrase}`);
    select.addEventListener("change", () => ctx.run(async () => {
      await ctx.api.call("PUT", `/api/moderation/words/${encodeURIComponent(word.id)}`, { action: select.value });
      ctx.announce(`${word.phrase}: ${words.wordsActions[select.value]}`);
    }));
    const remove = h("button", { type: "button", class: "quiet", text: words.wordsRemove, "aria-label": `${words.wordsRemove}: ${word.phrase}`,
      onclick: () => ctx.run(async () => {
        await ctx.api.call("DELETE", `/api/moderation/words/${encodeURIComponent(word.id)}`);
        await load();
      }) });
    return h("li", { class: "word-row", "data-word": word.id }, h("strong", { class: "word-phrase", text: word.phrase }), select, remove);
  }

  const phrase = h("input", { type: "text", required: true, maxlength: String(TEXT_LIMITS.word_phrase), id: uniqueId("word") });
  const action = actionSelect(words, "flag", words.wordsAction);
  action.id = uniqueId("action");
  const addForm = h("form", { class: "word-add" }, field(words.wordsPhrase, phrase), field(words.wordsAction, action),
    h("button", { type: "submit", class: "primary", text: words.wordsAdd }));
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.run(async () => {
      await ctx.api.call("POST", "/api/moderation/words", { phrase: phrase.value, action: action.value });
      phrase.value = "";
      await load();
      phrase.focus();
    });
  });

  const sentence = h("textarea", { rows: "3", required: true, maxlength: String(TEXT_LIMITS.screen_test), id: uniqueId("try") });
  const tryForm = h("form", { class: "word-try" }, field(words.wordsTryLabel, sentence),
    h("button", { type: "submit", class: "primary", text: words.wordsTryButton }));
  tryForm.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.run(async () => {
      const { result: r } = await ctx.api.call("POST", "/api/moderation/screen-test", { text: sentence.value });
      const none = words.wordsNone;
      result.replaceChildren(h("dl", {},
        h("dt", { text: words.wordsMasked }), h("dd", { class: "word-masked", text: r.masked }),
        h("dt", { text: words.wordsFound }), h("dd", { text: r.personal_info.map((p) => `${p.kind}: ${p.text}`).join(" / ") || none }),
        h("dt", { text: words.wordsCrisis }), h("dd", { text: `${words.wordsLevels[r.crisis.level]}${r.crisis.matched.length ? ` (${r.crisis.matched.join(", ")})` : ""}` }),
        h("dt", { text: words.wordsHits }), h("dd", { text: r.words.map((w) => `${w.phrase}: ${words.wordsActions[w.action]}`).join(" / ") || none })),
        r.refused ? h("p", { class: "form-error", text: words.wordsRefused }) : "");
    });
  });

  root.replaceChildren(
    h("p", { class: "muted", text: words.wordsIntro }), addForm, list,
    h("h3", { text: words.wordsTry }), tryForm, result,
    h("h3", { text: words.wordsFlags }), flags);
  return load();
}

export default {
  id: "words",
  titleKey: "wordsTitle",
  roles: ["moderator", "admin"],
  strings: { ja: STRINGS.ja, en: STRINGS.en },
  render,
};
