// Words of the space's surveys (ui/surveys_panel.js, ui/survey_form.js), Japanese first.

import { getLang } from "../i18n.js";

export const WORDS = {
  ja: {
    title: "アンケート",
    intro: "いばしょをよくするための短いアンケートです。名前なしで答えられます。",
    open: "アンケートを見る",
    open_n: "アンケートを見る ({n}件)",
    dialog_title: "アンケート",
    close: "閉じる",
    back: "一覧へ戻る",
    none: "いま答えられるアンケートはありません。",
    answered: "回答済み",
    answer: "答える",
    anonymous: "回答は名前なしで保存されます。だれが何と答えたかは、スタッフにもわかりません。答えたくない問いは空けたままで大丈夫です。",
    many: "いくつでも選べます",
    scale_low: "1 あまり", scale_high: "5 とても",
    no_contact: "電話番号やメールアドレスなどの連絡先は書かないでください。",
    send: "送る",
    empty_answer: "どれか一つに答えてから送ってください。",
    thanks: "答えてくださって、ありがとうございました。",
    thanks_anonymous: "回答は名前なしで保存しました。あなたの回答だとわかる記録は残りません。",
    until: "{when}まで",
    sign_read: "アンケートに答える",
    sign_announce: "広場の立て札: 答えられるアンケートがあります。",
  },
  en: {
    title: "Surveys",
    intro: "Short surveys to make Ibasho better. You answer without a name.",
    open: "See the surveys",
    open_n: "See the surveys ({n})",
    dialog_title: "Surveys",
    close: "Close",
    back: "Back to the list",
    none: "There are no surveys for you to answer right now.",
    answered: "Answered",
    answer: "Answer",
    anonymous: "Answers are stored without a name: nobody, staff included, can tell who answered what. Leave any question blank if you like.",
    many: "Choose any",
    scale_low: "1 not really", scale_high: "5 very much",
    no_contact: "Please don't write contact details such as a phone number or e-mail address.",
    send: "Send",
    empty_answer: "Please answer at least one question before sending.",
    thanks: "Thank you for answering.",
    thanks_anonymous: "Your answer was stored without a name; nothing records that it was yours.",
    until: "until {when}",
    sign_read: "Answer a survey",
    sign_announce: "A sign in the plaza: there is a survey you can answer.",
  },
};

export function sw(key, params = {}) {
  const value = WORDS[getLang()]?.[key] ?? WORDS.ja[key];
  return String(value).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}
