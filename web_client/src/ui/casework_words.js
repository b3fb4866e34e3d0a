// Words and small helpers shared by the letters and case-record panels (person side and
// console). Japanese first, English second. Texts are the product's own, written to be
// calm: nothing here asks a person to hurry or to explain themself.

import { h } from "./dom.js";
import { errorText, getLang } from "../i18n.js";
import { TEXT_LIMITS as L } from "../text_limits.js";
import { professionName } from "../professions.js";
import { formatAt } from "../times.js";

export const LIMITS = { letterBody: L.letter_body, letterSubject: L.letter_subject, note: L.case_note,
  contactStart: L.case_contact_start, referralRoute: L.case_referral_route, nextStep: L.case_next_step,
  reason: L.case_reason, selfReason: L.self_seat_reason, organisation: L.consent_organisation, purpose: L.consent_purpose };

const WORDS = {
  ja: {
    close: "閉じる",
    back: "一覧へもどる",
    loading: "読みこんでいます…",
    saved: "保存しました。",
    cancel: "やめる",
    more: "もっと見る",
    none: "（なし）",
    you: "あなた",
    chars_left: "あと{n}文字",
    // letters
    letters_title: "手紙",
    letters_inbox: "受け取った手紙",
    letters_inbox_count: "受け取った手紙（未読 {n}）",
    letters_sent: "送った手紙",
    letters_write: "手紙を書く",
    letters_empty_inbox: "まだ手紙はありません。届いたら、ここでそっとお知らせします。",
    letters_empty_sent: "送った手紙はありません。",
    letters_unread: "未読",
    letters_from: "差出人：{name}",
    letters_to: "あて先：{name}",
    letters_no_subject: "（件名なし）",
    letters_to_label: "あて先",
    letters_subject_label: "件名（なくてもかまいません）",
    letters_body_label: "本文",
    letters_body_hint: "短くてもだいじょうぶです。返事を急ぐ必要はありません。",
    letters_send: "送る",
    letters_sent_done: "手紙を送りました。",
    letters_reply: "返事を書く",
    letters_delete: "この手紙を削除",
    letters_delete_confirm: "この手紙をあなたの一覧から削除しますか？ 相手の手元の手紙は消えません。",
    letters_delete_yes: "削除する",
    letters_deleted: "手紙を削除しました。",
    letters_no_contacts: "いまは手紙を送れる相手がいません。担当の専門家が決まると、ここから手紙を書けるようになります。",
    letters_no_contacts_staff: "担当しているケースがないため、手紙を送れる相手はいません。",
    letters_guest: "手紙は、アカウントを保存した人だけが受け取れます。ニックネームとあいことばを決めると、長く続けてやりとりできます。",
    letters_new: "{name}から手紙が届きました。",
    letters_body_invalid: "本文は1〜2000文字で書いてください。見えない制御文字は使えません。",
    letters_subject_invalid: "件名は80文字までの1行にしてください。",
    // the person's record
    record_title: "わたしの記録",
    record_none: "あなたの支援記録（カルテ）はまだありません。相談をはじめると、担当の専門家が記録をつくることがあります。そのときは、だれが読めるかをここで確かめられます。",
    record_intro: "あなたの記録を読めるのは、ここに表示されている担当者だけです。読まれたり書かれたりするたびに、下の記録に残ります。",
    record_readers: "記録を読める人",
    record_since: "{date}から担当",
    record_next_step: "次にすること（いっしょに決めたこと）",
    record_history: "担当の移り変わり",
    record_history_item: "{name}：{from}〜{to}",
    record_history_now: "現在",
    record_consents: "ほかの機関との共有への同意",
    record_consents_intro: "あなたが同意した機関とだけ、記録を共有できます。同意はいつでも取り消せます。",
    record_consents_none: "同意しているところはありません。",
    record_consent_org: "機関の名前",
    record_consent_purpose: "共有する目的",
    record_consent_grant: "同意する",
    record_consent_granted: "同意を記録しました。",
    record_consent_revoke: "同意を取り消す",
    record_consent_revoked: "同意を取り消しました。",
    record_consent_active: "{date}に同意",
    record_consent_was: "{from}に同意、{to}に取り消し",
    record_log: "記録へのアクセス",
    record_log_total: "全部で{n}件",
    record_log_when: "日時",
    record_log_who: "だれが",
    record_log_what: "したこと",
    record_log_result: "結果",
    record_log_ok: "許可",
    record_log_refused: "拒否（読めませんでした）",
    record_guest: "記録は、アカウントを保存した人だけが持てます。",
    // actions in the access log
    action_open: "記録をつくった",
    action_read: "記録を読んだ",
    action_add_note: "メモを書いた",
    action_update: "項目を書きかえた",
    action_assign: "担当者を加えた",
    action_hand_over: "担当を引きついだ",
    action_grant_consent: "共有に同意した",
    action_revoke_consent: "同意を取り消した",
    action_self_assign: "自分を担当者にした",
    action_open_refused: "記録をつくろうとした",
    detail_reason: "理由：{reason}",
    record_self_note: "「自分を担当者にした」は、スタッフが自分で担当に入り、あなたの記録を読めるようになったという意味です。そのときに書かれた理由も、そのまま表示しています。気になることがあれば、いつでも窓口で聞いてください。",
    // cases (console)
    cases_title: "ケース記録",
    cases_mine: "担当しているケース",
    cases_overview: "すべてのケース（内容は表示されません）",
    cases_empty: "担当しているケースはありません。",
    cases_open: "新しいケースを開く",
    cases_person_nickname: "本人（または家族）のニックネーム",
    cases_contact_start: "相談のきっかけ",
    cases_referral_route: "つながった経路",
    cases_next_step: "次の一歩（本人と合意したこと）",
    cases_open_submit: "ケースを開く",
    cases_opened: "ケースを開きました。あなたが最初の担当者です。",
    cases_fields: "記録の項目",
    cases_save_fields: "項目を保存",
    cases_notes: "メモ",
    cases_notes_empty: "まだメモはありません。",
    cases_note_kind: "種類",
    cases_note_session: "面談のメモ",
    cases_note_monitoring: "見守りのメモ",
    cases_note_body: "メモの内容",
    cases_note_add: "メモを追加（あとから消せません）",
    cases_note_added: "メモを追加しました。",
    cases_assignees: "担当者（2名まで）",
    cases_history: "担当の履歴",
    cases_assign: "2人目の担当者を加える",
    cases_assign_who: "加える人",
    cases_assign_reason: "理由（任意）",
    cases_assigned: "担当者を加えました。",
    cases_hand_over: "担当を引きつぐ",
    cases_outgoing: "交代する担当者",
    cases_incoming: "新しい担当者",
    cases_reason: "理由（必須）",
    cases_handed_over: "引きつぎました。これまでの記録はそのまま残ります。",
    cases_consents: "共有への同意（本人だけが変更できます）",
    cases_read_notice: "このケースを開いたことは、本人が見られる記録に残ります。",
    cases_person: "本人",
    cases_open_case: "開く",
    cases_not_assigned: "このケースの担当ではないため、内容は読めません。",
    cases_full: "担当者はすでに2名です。交代するときは「担当を引きつぐ」を使ってください。",
    cases_exists: "この方の記録はすでにあり、あなたが担当しています。その記録を開きます。",
    cases_no_relation: "この方の記録は開けません。記録を開けるのは、あなたに予約をしたことがある方（キャンセルされた予約は除きます）か、窓口に残されたメッセージにあなたが返信した方だけです。ほかの人がすでに記録を持っているときも、同じお知らせになります。担当に加わる必要があれば、スタッフ（コーディネーター）に相談してください。",
    cases_open_hint: "予約をしてくれた方、または窓口のメッセージにあなたが返信した方の記録だけを開けます。",
    cases_self_reason: "自分を担当にする理由（必須・本人に表示されます）",
    cases_self_hint: "自分を担当にすると、この記録を読めるようになります。書いた理由は、本人の「わたしの記録」にそのまま表示されます（200文字まで）。",
    cases_self_reason_invalid: "自分を担当にするときは、理由を1〜200文字で書いてください（改行や見えない制御文字は使えません）。",
    // roles and professions
    role_specialist: "専門職",
    role_staff: "スタッフ",
    role_admin: "管理者",
    role_moderator: "見守り役",
    role_peer_supporter: "ピアサポーター",
    role_visitor: "来訪者",
  },
  en: {
    close: "Close",
    back: "Back to the list",
    loading: "Loading…",
    saved: "Saved.",
    cancel: "Cancel",
    more: "Show more",
    none: "(none)",
    you: "You",
    chars_left: "{n} characters left",
    letters_title: "Letters",
    letters_inbox: "Received",
    letters_inbox_count: "Received ({n} unread)",
    letters_sent: "Sent",
    letters_write: "Write a letter",
    letters_empty_inbox: "No letters yet. When one arrives, you will see a quiet notice here.",
    letters_empty_sent: "You have not sent any letters.",
    letters_unread: "Unread",
    letters_from: "From {name}",
    letters_to: "To {name}",
    letters_no_subject: "(no subject)",
    letters_to_label: "To",
    letters_subject_label: "Subject (optional)",
    letters_body_label: "Letter",
    letters_body_hint: "A short note is fine. There is no need to hurry a reply.",
    letters_send: "Send",
    letters_sent_done: "Your letter was sent.",
    letters_reply: "Reply",
    letters_delete: "Delete this letter",
    letters_delete_confirm: "Delete this letter from your list? The other person's copy stays with them.",
    letters_delete_yes: "Delete",
    letters_deleted: "The letter was deleted.",
    letters_no_contacts: "There is nobody you can write to yet. Once a specialist is assigned to you, you can write to them from here.",
    letters_no_contacts_staff: "You hold no cases, so there is nobody to write to.",
    letters_guest: "Letters reach kept accounts only. Choose a nickname and a passphrase to keep in touch over time.",
    letters_new: "A letter from {name} has arrived.",
    letters_body_invalid: "A letter has 1 to 2000 characters and no invisible control characters.",
    letters_subject_invalid: "A subject is one line of up to 80 characters.",
    record_title: "My record",
    record_none: "You have no support record yet. If you start talking with a specialist, they may keep one; you can then see here who can read it.",
    record_intro: "Only the people listed here can read your record. Every read and every change is written in the log below.",
    record_readers: "Who can read it",
    record_since: "Assigned since {date}",
    record_next_step: "Next step (agreed together)",
    record_history: "Who has looked after you",
    record_history_item: "{name}: {from} – {to}",
    record_history_now: "now",
    record_consents: "Consent to share with other organisations",
    record_consents_intro: "Your record is shared only with organisations you consented to. You can withdraw consent at any time.",
    record_consents_none: "You have not consented to any sharing.",
    record_consent_org: "Organisation",
    record_consent_purpose: "Purpose of sharing",
    record_consent_grant: "Give consent",
    record_consent_granted: "Your consent was recorded.",
    record_consent_revoke: "Withdraw consent",
    record_consent_revoked: "Your consent was withdrawn.",
    record_consent_active: "Consented on {date}",
    record_consent_was: "Consented on {from}, withdrawn on {to}",
    record_log: "Access to your record",
    record_log_total: "{n} entries in all",
    record_log_when: "When",
    record_log_who: "Who",
    record_log_what: "What",
    record_log_result: "Result",
    record_log_ok: "Allowed",
    record_log_refused: "Refused (could not read)",
    record_guest: "Only kept accounts can have a record.",
    action_open: "Opened the record",
    action_read: "Read the record",
    action_add_note: "Wrote a note",
    action_update: "Changed a field",
    action_assign: "Added a specialist",
    action_hand_over: "Handed over",
    action_grant_consent: "Consented to sharing",
    action_revoke_consent: "Withdrew consent",
    action_self_assign: "Made themself an assignee",
    action_open_refused: "Tried to open a record",
    detail_reason: "reason: {reason}",
    record_self_note: "“Made themself an assignee” means a staff member joined your case on their own, and so can read your record. The reason they wrote is shown as it was written. If anything worries you, you can ask at the desk at any time.",
    cases_title: "Case records",
    cases_mine: "My cases",
    cases_overview: "All cases (contents are not shown)",
    cases_empty: "You hold no cases.",
    cases_open: "Open a new case",
    cases_person_nickname: "Nickname of the person (or family member)",
    cases_contact_start: "How contact started",
    cases_referral_route: "Referral route",
    cases_next_step: "Next step (agreed with the person)",
    cases_open_submit: "Open the case",
    cases_opened: "The case is open. You are its first assignee.",
    cases_fields: "Record fields",
    cases_save_fields: "Save fields",
    cases_notes: "Notes",
    cases_notes_empty: "No notes yet.",
    cases_note_kind: "Kind",
    cases_note_session: "Session note",
    cases_note_monitoring: "Monitoring note",
    cases_note_body: "Note",
    cases_note_add: "Add note (cannot be removed later)",
    cases_note_added: "The note was added.",
    cases_assignees: "Assignees (two at most)",
    cases_history: "Assignment history",
    cases_assign: "Add the second assignee",
    cases_assign_who: "Who",
    cases_assign_reason: "Reason (optional)",
    cases_assigned: "The assignee was added.",
    cases_hand_over: "Hand over",
    cases_outgoing: "Assignee leaving",
    cases_incoming: "New assignee",
    cases_reason: "Reason (required)",
    cases_handed_over: "Handed over. The history stays with the case.",
    cases_consents: "Consents to share (only the person changes these)",
    cases_read_notice: "Opening this case is written in the log the person can see.",
    cases_person: "Person",
    cases_open_case: "Open",
    cases_not_assigned: "You are not assigned to this case, so its contents are not shown.",
    cases_full: "This case already has two assignees. Use “Hand over” to change one.",
    cases_exists: "This person already has a record, and you hold it. Opening it now.",
    cases_no_relation: "You cannot open a record for this person. You can open one only for someone who booked you (cancelled bookings do not count) or whose message at the desk you answered. You see the same message when someone else already holds their record. If you should join their case, ask a coordinator (staff).",
    cases_open_hint: "Only for someone who booked you, or whose message at the desk you answered.",
    cases_self_reason: "Why you are seating yourself (required; the person will read it)",
    cases_self_hint: "Seating yourself lets you read this record. The person sees your reason, as written, in “My record” (up to 200 characters).",
    cases_self_reason_invalid: "When you seat yourself, write a reason of 1 to 200 characters (no line breaks or invisible control characters).",
    role_specialist: "Specialist",
    role_staff: "Staff",
    role_admin: "Admin",
    role_moderator: "Moderator",
    role_peer_supporter: "Peer supporter",
    role_visitor: "Visitor",
  },
};

export function w(key, params = {}, lang = getLang()) {
  const text = WORDS[lang]?.[key] ?? WORDS.ja[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

// "心理士 こころ先生" style label for a specialist or staff member.
export function workerLabel(worker, lang = getLang()) {
  if (!worker) return w("none", {}, lang);
  const what = worker.profession ? professionName(worker.profession, lang) : w(`role_${worker.role}`, {}, lang);
  return `${worker.nickname}（${what}）`;
}

// Dates and times of letters, notes and records: on the operator's clock (../times.js).
export function formatDate(iso, lang = getLang()) {
  return formatAt(iso, lang, "date");
}

export function formatDateTime(iso, lang = getLang()) {
  return formatAt(iso, lang, "dateTime");
}

// Text written by people, as paragraphs: never parsed as HTML, line breaks kept.
export function paragraphs(text) {
  const box = h("div", { class: "cw-text" });
  for (const line of String(text ?? "").split("\n")) box.append(h("p", { text: line || "\u00a0" }));
  return box;
}

// An error as one kind sentence; field-specific wording where we know better.
// ``context`` is "letter" when the form was a letter (its body and subject have own words).
export function errorMessage(err, lang = getLang(), context = "") {
  if (context === "letter" && err?.code === "INVALID" && err.field === "body") return w("letters_body_invalid", {}, lang);
  if (context === "letter" && err?.code === "INVALID" && err.field === "subject") return w("letters_subject_invalid", {}, lang);
  if (err?.code === "CONFLICT" && err.detail?.reason === "two_assignees") return w("cases_full", {}, lang);
  if (err?.code === "CONFLICT" && err.detail?.reason === "case_exists") return w("cases_exists", {}, lang);
  if (err?.code === "FORBIDDEN" && err.detail?.reason === "not_assigned") return w("cases_not_assigned", {}, lang);
  if (err?.code === "FORBIDDEN" && err.detail?.reason === "no_relation") return w("cases_no_relation", {}, lang);
  return errorText(err, lang);
}

// A labelled field (label + control + optional hint and counter), accessible by id.
export function field(id, label, control, { hint, counter, lang = getLang() } = {}) {
  control.id = id;
  const parts = [h("label", { for: id, text: label }), control];
  const described = [];
  if (hint) {
    parts.push(h("p", { class: "hint", id: `${id}-hint`, text: hint }));
    described.push(`${id}-hint`);
  }
  if (counter) {
    const out = h("p", { class: "hint cw-counter", id: `${id}-count`, "aria-live": "polite" });
    const update = () => { out.textContent = w("chars_left", { n: counter - [...control.value].length }, lang); };
    control.addEventListener("input", update);
    update();
    parts.push(out);
    described.push(`${id}-count`);
  }
  if (described.length) control.setAttribute("aria-describedby", described.join(" "));
  return h("div", { class: "cw-field" }, ...parts);
}

// The log's detail in words: field names and note kinds are translated, names kept as-is.
export function detailLabel(action, detail, lang = getLang()) {
  if (!detail) return "";
  if (action === "update") return detail.split(",").map((name) => w(`cases_${name}`, {}, lang)).join("、");
  if (action === "add_note") return w(`cases_note_${detail}`, {}, lang);
  if (action === "self_assign") return w("detail_reason", { reason: detail }, lang);
  return detail;
}

// Unique ids per mounted panel without module-level counters.
export function idPrefix(name) {
  const random = globalThis.crypto?.randomUUID ? globalThis.crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `${name}-${random}`;
}
