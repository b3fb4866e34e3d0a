// The words of a person's notices from the moderators (sanctions, appeals, being asked to
// leave a zone). Plain and kind: nobody is scolded here; the reason comes from the moderator.

import { getLang } from "../i18n.js";
import { formatAt } from "../times.js";

const WORDS = {
  ja: {
    title: "運営からのお知らせ",
    open: "運営からのお知らせ",
    none: "いまお知らせはありません。",
    kind_warning: "お願い",
    kind_rest: "少しお休み（発言とスタンプ）",
    kind_limit: "スタンプと受付だけ",
    kind_suspension: "入室のお休み",
    kind_ban: "利用の終了",
    kind_event_removal: "イベントのこの回からの退出",
    reason: "理由",
    until: "{when} まで",
    no_end: "期限はありません",
    lifted: "取り消されました",
    still_open: "歩くこと、読むこと、相談デスクはいつでも使えます。",
    appeal: "この判断について申し立てる",
    appeal_label: "どう考えているか、書いてください（{n}文字まで）",
    appeal_send: "申し立てを送る",
    appeal_sent: "申し立てを受け付けました。別の担当者が確認して、ここでお返事します。",
    appeal_waiting: "申し立て中です。別の担当者が確認しています。",
    appeal_until: "申し立ては {when} までできます（1回だけ）。",
    answer_upheld: "申し立てへのお返事（このままとします）",
    answer_lifted: "申し立てへのお返事（取り消しました）",
    close: "閉じる",
    notice_new: "運営からのお知らせがあります。",
    notice_lifted: "お休みや制限が取り消されました。いつもどおり使えます。",
    notice_answer: "申し立てにお返事がありました。「運営からのお知らせ」で読めます。",
    asked_to_leave: "見守りの担当者から、このエリアを少し離れるようお願いがありました: {reason}",
  },
  en: {
    title: "Notices from the moderators",
    open: "Notices from the moderators",
    none: "There are no notices right now.",
    kind_warning: "A request",
    kind_rest: "A short break (writing and stamps)",
    kind_limit: "Stamps and the desk only",
    kind_suspension: "Account paused",
    kind_ban: "Account closed",
    kind_event_removal: "Asked to leave one event session",
    reason: "Why",
    until: "Until {when}",
    no_end: "No end date",
    lifted: "Lifted",
    still_open: "Walking, reading and the desk stay open to you at any time.",
    appeal: "Appeal this decision",
    appeal_label: "Tell us how you see it (up to {n} characters)",
    appeal_send: "Send the appeal",
    appeal_sent: "Your appeal was received. Another moderator will look at it and answer here.",
    appeal_waiting: "Appealed. Another moderator is looking at it.",
    appeal_until: "You can appeal until {when} (once).",
    answer_upheld: "Answer to your appeal (it stays as it is)",
    answer_lifted: "Answer to your appeal (it was lifted)",
    close: "Close",
    notice_new: "There is a notice from the moderators.",
    notice_lifted: "The break or limit was lifted. Everything works as usual.",
    notice_answer: "Your appeal was answered. Read it in \"Notices from the moderators\".",
    asked_to_leave: "A moderator asked you to step away from this area for a while: {reason}",
  },
};

export function sw(key, params = {}) {
  const text = WORDS[getLang()]?.[key] ?? WORDS.ja[key];
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

export function localText(ja, en) {
  return getLang() === "en" ? en || ja : ja || en;
}

export function when(iso) {
  return formatAt(iso, getLang(), "dateTime");
}
