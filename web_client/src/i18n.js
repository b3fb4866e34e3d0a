// Words of the interface, in Japanese (the default) and English.
// t(key, params) picks the current language; "{name}" in a text is filled from params.
// The choice is remembered in localStorage and mirrored in <html lang>.

import { ACCOUNT_WORDS } from "./ui/account_words.js";
import { REPORT_WORDS } from "./ui/report_words.js";

const LANG_KEY = "ibasho.lang";
export const LANGS = ["ja", "en"];

export const DICTIONARIES = {
  ja: {
    app_title: "いばしょ",
    brand: "いばしょ",
    lang_switch: "English",
    lang_switch_label: "Switch to English",
    skip_to_list: "リスト表示へ移動",

    landing_title: "ここにいるだけで、だいじょうぶ。",
    landing_lead: "いばしょは、名前を出さずに来られる小さな広場です。歩きまわっても、掲示板を読んでも、だれかを眺めているだけでもかまいません。いつでも出ていけます。",
    landing_point_anonymous: "名前もメールアドレスも要りません。",
    landing_point_quiet: "話しかけられたくないときは、そのままでいられます。だれもあなたを呼び出せません。",
    landing_point_no_mic: "カメラは使いません。声で話すのは、相談で自分から選んだときだけです。",
    enter_guest: "見てまわる",
    enter_guest_hint: "登録なしで、すぐに入れます。",
    enter_nickname: "ニックネームで入る",
    login_title: "ニックネームで入る",
    nickname: "ニックネーム",
    passphrase: "あいことば",
    login_submit: "入る",
    login_cancel: "やめる",
    read_boards: "入らずに掲示板を読む",
    landing_desk: "相談デスク（スタッフと文字で話せます）",
    entering: "入っています…",
    landing_footer: "困ったときは、掲示板の「相談のしかた」もご覧ください。",

    place_default: "いばしょ広場",
    status_label: "いまのようす",
    status_open: "話しかけてもだいじょうぶ",
    status_just_here: "ここにいるだけ（何もしなくていい）",
    status_dnd: "いまはそっとしておいてほしい",
    status_open_short: "話せます",
    status_just_here_short: "ここにいるだけ",
    status_dnd_short: "そっとしておいて",
    hidden_badge: "ほかの来訪者からは見えていません",
    open_avatar: "見た目",
    open_settings: "設定",
    toggle_list_show: "リストを開く",
    toggle_list_hide: "リストを閉じる",
    map_label: "地図。矢印キーかWASDで歩けます。クリックやタップでその場所へ歩きます。Enterキーで近くの人への操作を開きます。掲示板の前では、EキーかEnterキーで掲示板を読めます。",
    map_hint: "矢印キー・WASDで歩く／地図をクリックでそこへ歩く",
    list_label: "リスト表示",
    stamps_label: "スタンプ",
    stamps_hint: "スタンプを送る（近くの人に見えます）",

    conn_connecting: "つながっています…",
    conn_reconnecting: "つながりなおしています。少しお待ちください。",
    conn_ended: "接続がおわりました。",
    conn_replaced: "別の画面でこのアカウントが開かれたので、こちらはお休みしています。",
    conn_resume: "ここで続ける",
    conn_back_to_start: "はじめの画面へ",

    here_title: "いまいる場所",
    here_open_floor: "広場の道の上",
    zone_chat_title: "この場所での会話",
    zone_chat_label: "この場所にいる人へのメッセージ",
    zone_chat_send: "送る",
    zone_chat_empty: "まだだれも書いていません。読むだけでもだいじょうぶです。",
    zone_chat_off_quiet: "ここは静かに過ごすための場所なので、文字の会話はお休みです。ここでは何もしなくていいのです。",
    zone_chat_off_floor: "この場所では文字の会話はできません。広場や掲示板のコーナーなどに入ると、そこにいる人と書きこめます。",
    chars_left: "あと{n}文字",
    text_too_long: "500文字までにしてください。",

    people_title: "近くにいる人",
    people_empty: "いま近くにはだれもいません。ゆっくりどうぞ。",
    people_count: "{n}人",
    hidden_count: "このチャンネルには、見えない状態で静かに過ごしている人が{n}人います（だれかはわかりません）。",
    person_hidden: "（かくれています）",
    reveal_explain: "モデレーター用：理由を書くと、かくれている人を10分間だけ見られます。記録に残ります。見えても、お誘いやスタンプは届きません。",
    reveal_reason_label: "見る理由",
    reveal_start: "だれか見る（10分）",
    reveal_stop: "見るのをやめる",
    reveal_active: "かくれている人を表示中（{time}まで）。",
    reveal_on_said: "かくれている人を表示しています。",
    reveal_off_said: "かくれている人の表示をやめました。",
    reveal_ended: "かくれている人の表示が、時間になって終わりました。",
    distance_close: "すぐ近く",
    distance_near: "近く",
    distance_far: "少しはなれて",
    action_stamp: "スタンプ",
    action_invite: "話してみる？と誘う",
    action_block: "ブロック",
    action_close: "閉じる",
    invite_only_open: "この人は「話しかけてもだいじょうぶ」にしていないので、誘えません。",
    invite_needs_open_self: "誘えるのは、相手が「話しかけてもだいじょうぶ」にしているときだけです。",
    group_add: "まとめて誘う人に入れる",
    group_remove: "まとめて誘う人から外す",
    group_label: "まとめて誘う人",
    group_tray: "まとめて誘う人：{names}",
    group_send: "まとめて誘う（{n}人）",
    group_clear: "やめる",
    group_full: "一度に誘えるのは3人までです。",
    block_confirm: "{name}さんをブロックしますか？ おたがいに見えなくなります。相手には知らされません。",
    block_yes: "ブロックする",
    block_no: "やめる",
    blocked_done: "ブロックしました。もうおたがいに見えません。",
    stamp_to: "{name}さんへスタンプ",
    stamp_sent: "スタンプを送りました。",

    places_title: "場所",
    go_there: "そこへ行く",
    walking_to: "{place}へ歩いています。",
    arrived_at: "{place}に着きました。",
    no_way: "そこへは歩いて行けないようです。",
    rules_chat_ok: "文字の会話ができます",
    rules_quiet: "話しかけられない静かな場所",
    boards_title: "掲示板",
    boards_plain_page: "掲示板をふつうのページで読む",
    new_tab: "（新しいタブで開きます）",
    boards_count: "{n}件",
    boards_new: "新着{n}",

    invitations_label: "お誘いと会話",
    invite_card_title: "{name}さんから、お話のお誘い",
    invite_card_others: "ほかに誘われている人：{names}",
    invite_card_body: "答えなくてもかまいません。しばらくすると自然に消えます。",
    invite_accept: "話してみる",
    invite_decline: "今はいい",
    invite_sent: "{names}さんを誘いました。返事がなくても、気にしなくてだいじょうぶです。",
    invite_waiting: "{names}さんに声をかけています。返事がないときは、そのまま静かに終わります。",
    invite_not_now: "{names}さんは、いまはお誘いを受けられないようです。少し時間をおいて（5分ほど）から、またどうぞ。",
    invite_still_open: "{names}さんへのお誘いは、まだ続いています。終わるまで、そのままでだいじょうぶです。",
    conv_title_alone: "会話（いまはあなただけです）",
    invite_withdraw: "誘うのをやめる",
    invite_lapsed: "お誘いの時間がおわりました。またいつでもどうぞ。",

    conv_title: "{names}さんとの会話",
    conv_label: "メッセージ",
    conv_send: "送る",
    conv_leave: "会話をぬける",
    conv_closed: "会話はおわりました。",
    conv_dismiss: "閉じる",
    conv_joined: "{name}さんが加わりました。",
    conv_left: "{name}さんがぬけました。",
    conv_opened: "{names}さんとの会話がはじまりました。",
    conv_placeholder: "ゆっくりで、だいじょうぶです",

    announce_arrived_one: "{name}さんが近くに来ました。",
    announce_arrived_many: "{name}さんたち{n}人が近くに来ました。",
    announce_present: "近くに{n}人います。",
    announce_alone: "いま近くにはだれもいません。",
    announce_message: "{name}さん：{text}",
    announce_invitation: "{name}さんから、お話のお誘いが届きました。",
    announce_emote: "{name}さんのスタンプ：{emote}",
    announce_zone: "{place}に入りました。",
    you: "あなた",

    welcome_title: "ようこそ",
    welcome_body: "ここでは何もしなくてだいじょうぶです。歩くのは矢印キーか、地図をクリック・タップで。見た目はいつでも変えられます。",
    welcome_avatar: "見た目を選ぶ",
    welcome_close: "このまま見てまわる",

    avatar_title: "見た目を選ぶ",
    avatar_intro: "パーツを選ぶと、すぐに見本の絵に反映されます。あとから何度でも変えられます。",
    avatar_preview: "いまの見た目",
    avatar_random: "おまかせ",
    avatar_save: "この見た目にする",
    avatar_cancel: "やめる",
    avatar_saved: "見た目を変えました。",
    avatar_loading: "読みこんでいます…",

    settings_title: "設定",
    settings_close: "閉じる",
    settings_language: "ことば",
    settings_view: "見え方",
    reduced_motion: "動きを減らす（なめらかな動きやスタンプの動きを止めます）",
    low_stimulus: "刺激を減らす（色をおだやかにして、細かい絵を減らします）",
    settings_presence: "いること",
    hide_me: "ほかの来訪者から見えないようにする",
    hide_me_hint: "スタッフには見えます。見えない間は、誘ったり誘われたりできません。",
    settings_kind: "あなたのこと（答えなくてもかまいません）",
    kind_unspecified: "答えない",
    kind_individual: "自分のことで来た",
    kind_family: "家族のことで来た",
    kind_supporter: "支援する立場",
    kind_saved: "ありがとうございます。あとから変えられます。",
    settings_account: "アカウント",
    account_guest: "いまはゲストとして入っています。この画面を閉じても、同じブラウザならまた同じあなたで入れます。",
    account_kept: "{name}として保存されています。",
    keep_open: "このアカウントを残す",
    logout: "退室する（ログアウト）",
    logout_done: "退室しました。またいつでもどうぞ。",
    settings_blocked: "ブロックした人",
    blocked_empty: "ブロックしている人はいません。",
    unblock: "ブロックをやめる",
    unblocked_done: "ブロックをやめました。",

    keep_title: "このアカウントを残す",
    keep_intro: "ニックネームとあいことばを決めると、別の日や別の端末からも同じあなたで入れます。本名やメールアドレスは使わないでください。",
    keep_passphrase_hint: "8文字以上。ほかで使っていない言葉にしてください。",
    keep_passphrase_again: "あいことば（もう一度）",
    keep_mismatch: "2つめのあいことばが1つめと違います。同じものをもう一度入れてください。",
    passphrase_too_short: "あいことばは{min}文字以上にしてください（いまは{n}文字です）。",
    passphrase_too_long: "あいことばは{max}文字までにしてください（いまは{n}文字です）。",
    keep_submit: "残す",
    keep_cancel: "やめる",
    recovery_title: "回復コードを書きとめてください",
    recovery_body: "あいことばを忘れたときに、このコードで入りなおせます。このコードが表示されるのは、いまこの一度だけです。紙に書くなどして、だれにも見せない場所に置いてください。",
    recovery_done: "書きとめました",

    error_generic: "うまくいきませんでした。少し時間をおいてお試しください。",
    error_network: "つながりにくいようです。通信の状態を確かめて、もう一度お試しください。",
    error_offline: "いまはつながっていません。つながりなおすまで少しお待ちください。",
    error_timeout: "返事がありませんでした。もう一度お試しください。",
    error_session: "入室の期限が切れました。もう一度入ってください。",
    dismiss: "閉じる",
  },
  en: {
    app_title: "Ibasho",
    brand: "Ibasho",
    lang_switch: "日本語",
    lang_switch_label: "日本語に切り替える",
    skip_to_list: "Skip to the list view",

    landing_title: "Just being here is enough.",
    landing_lead: "Ibasho is a small plaza you can visit without giving your name. Wander around, read the notice boards, or simply watch others. You can leave at any time.",
    landing_point_anonymous: "No name or e-mail address needed.",
    landing_point_quiet: "If you'd rather not be approached, you can simply stay as you are. Nobody can call you out.",
    landing_point_no_mic: "No camera, ever. Your voice is used only in a consultation, and only if you choose it.",
    enter_guest: "Look around",
    enter_guest_hint: "Come in right away, no sign-up.",
    enter_nickname: "Enter with a nickname",
    login_title: "Enter with a nickname",
    nickname: "Nickname",
    passphrase: "Passphrase",
    login_submit: "Enter",
    login_cancel: "Cancel",
    read_boards: "Read the notice boards without entering",
    landing_desk: "Help desk (type with a staff member)",
    entering: "Coming in…",
    landing_footer: "If you need help, the board \"How to consult\" explains the ways to reach us.",

    place_default: "Ibasho Plaza",
    status_label: "How you are now",
    status_open: "Happy to talk",
    status_just_here: "Just here (no need to do anything)",
    status_dnd: "Please leave me be for now",
    status_open_short: "Happy to talk",
    status_just_here_short: "Just here",
    status_dnd_short: "Leave me be",
    hidden_badge: "Other visitors can't see you",
    open_avatar: "Look",
    open_settings: "Settings",
    toggle_list_show: "Open the list",
    toggle_list_hide: "Close the list",
    map_label: "Map. Walk with the arrow keys or WASD. Click or tap a spot to walk there. Press Enter for actions towards someone nearby. By a notice board, press E or Enter to read it.",
    map_hint: "Arrow keys / WASD to walk · click the map to walk there",
    list_label: "List view",
    stamps_label: "Stamps",
    stamps_hint: "Send a stamp (people nearby will see it)",

    conn_connecting: "Connecting…",
    conn_reconnecting: "Reconnecting. Please wait a moment.",
    conn_ended: "The connection has ended.",
    conn_replaced: "This account was opened in another window, so this one is resting.",
    conn_resume: "Continue here",
    conn_back_to_start: "Back to the start",

    here_title: "Where you are",
    here_open_floor: "On the paths between places",
    zone_chat_title: "Talk in this place",
    zone_chat_label: "Message to the people in this place",
    zone_chat_send: "Send",
    zone_chat_empty: "Nobody has written yet. Just reading is fine too.",
    zone_chat_off_quiet: "This is a place to be quiet, so typed talk rests here. You don't have to do anything here.",
    zone_chat_off_floor: "Typed talk isn't available on this spot. Step into the plaza or another named place to write to the people there.",
    chars_left: "{n} characters left",
    text_too_long: "Please keep it to 500 characters.",

    people_title: "People nearby",
    people_empty: "Nobody is nearby right now. Take your time.",
    people_count: "{n}",
    hidden_count: "{n} people are in this channel quietly, hidden (not who).",
    person_hidden: "(hidden)",
    reveal_explain: "For moderators: with a reason you can see hidden people for 10 minutes. It is logged. Seeing them does not let anyone invite them or send them stamps.",
    reveal_reason_label: "Reason for looking",
    reveal_start: "Show who (10 minutes)",
    reveal_stop: "Stop showing",
    reveal_active: "Showing hidden people (until {time}).",
    reveal_on_said: "Hidden people are shown.",
    reveal_off_said: "Hidden people are no longer shown.",
    reveal_ended: "Showing hidden people ended: the time was up.",
    distance_close: "right here",
    distance_near: "nearby",
    distance_far: "a little further",
    action_stamp: "Stamp",
    action_invite: "Ask if they'd like to talk",
    action_block: "Block",
    action_close: "Close",
    invite_only_open: "This person hasn't chosen \"Happy to talk\", so they can't be invited.",
    invite_needs_open_self: "You can invite someone only while they have chosen \"Happy to talk\".",
    group_add: "Add to a group invitation",
    group_remove: "Remove from the group invitation",
    group_label: "People to invite together",
    group_tray: "Inviting together: {names}",
    group_send: "Invite these {n}",
    group_clear: "Cancel",
    group_full: "You can invite up to 3 people at once.",
    block_confirm: "Block {name}? You will no longer see each other. They won't be told.",
    block_yes: "Block",
    block_no: "Cancel",
    blocked_done: "Blocked. You no longer see each other.",
    stamp_to: "Stamp to {name}",
    stamp_sent: "Stamp sent.",

    places_title: "Places",
    go_there: "Go there",
    walking_to: "Walking to {place}.",
    arrived_at: "You are at {place}.",
    no_way: "There seems to be no way to walk there.",
    rules_chat_ok: "Typed talk is open",
    rules_quiet: "A quiet place where nobody approaches you",
    boards_title: "Notice boards",
    boards_plain_page: "Read the boards as plain pages",
    new_tab: "(opens in a new tab)",
    boards_count: "{n} posts",
    boards_new: "{n} new",

    invitations_label: "Invitations and conversations",
    invite_card_title: "{name} asks if you'd like to talk",
    invite_card_others: "Also invited: {names}",
    invite_card_body: "You don't have to answer. It will fade away on its own after a while.",
    invite_accept: "Let's talk",
    invite_decline: "Not now",
    invite_sent: "You invited {names}. If no answer comes, that's perfectly fine.",
    invite_waiting: "You invited {names}. If no answer comes, it ends quietly by itself.",
    invite_not_now: "{names} can't take invitations right now. Please try again in a little while (about 5 minutes).",
    invite_still_open: "Your invitation to {names} is still open. Nothing else to do until it ends.",
    conv_title_alone: "Conversation (only you are here now)",
    invite_withdraw: "Take back the invitation",
    invite_lapsed: "The invitation has ended. You're welcome to try again any time.",

    conv_title: "Talking with {names}",
    conv_label: "Message",
    conv_send: "Send",
    conv_leave: "Leave the conversation",
    conv_closed: "The conversation has ended.",
    conv_dismiss: "Close",
    conv_joined: "{name} joined.",
    conv_left: "{name} left.",
    conv_opened: "A conversation with {names} has started.",
    conv_placeholder: "Take your time",

    announce_arrived_one: "{name} came nearby.",
    announce_arrived_many: "{name} and others, {n} people, came nearby.",
    announce_present: "{n} people are nearby.",
    announce_alone: "Nobody is nearby right now.",
    announce_message: "{name}: {text}",
    announce_invitation: "{name} asks if you'd like to talk.",
    announce_emote: "Stamp from {name}: {emote}",
    announce_zone: "You entered {place}.",
    you: "You",

    welcome_title: "Welcome",
    welcome_body: "There's nothing you need to do here. Walk with the arrow keys, or click or tap the map. You can change how you look at any time.",
    welcome_avatar: "Choose a look",
    welcome_close: "Look around as I am",

    avatar_title: "Choose a look",
    avatar_intro: "Each part you pick shows at once in the picture. You can change it again whenever you like.",
    avatar_preview: "Your look",
    avatar_random: "Surprise me",
    avatar_save: "Use this look",
    avatar_cancel: "Cancel",
    avatar_saved: "Your look has changed.",
    avatar_loading: "Loading…",

    settings_title: "Settings",
    settings_close: "Close",
    settings_language: "Language",
    settings_view: "Display",
    reduced_motion: "Reduce motion (no gliding or moving stamps)",
    low_stimulus: "Low stimulus (softer colours, fewer details)",
    settings_presence: "Being here",
    hide_me: "Hide me from other visitors",
    hide_me_hint: "Staff can still see you. While hidden, you can't invite or be invited.",
    settings_kind: "About you (you don't have to answer)",
    kind_unspecified: "Prefer not to say",
    kind_individual: "Here for myself",
    kind_family: "Here for a family member",
    kind_supporter: "A supporter",
    kind_saved: "Thank you. You can change this later.",
    settings_account: "Account",
    account_guest: "You are here as a guest. On this browser you'll come back as the same you, even after closing the page.",
    account_kept: "Kept as {name}.",
    keep_open: "Keep this account",
    logout: "Leave (log out)",
    logout_done: "You have left. Come back any time.",
    settings_blocked: "People you blocked",
    blocked_empty: "You haven't blocked anyone.",
    unblock: "Unblock",
    unblocked_done: "Unblocked.",

    keep_title: "Keep this account",
    keep_intro: "Choose a nickname and a passphrase to come back as the same you on another day or device. Please don't use your real name or e-mail address.",
    keep_passphrase_hint: "At least 8 characters, not one you use elsewhere.",
    keep_passphrase_again: "Passphrase (again)",
    keep_mismatch: "The second passphrase is not the same as the first. Please type the same one again.",
    passphrase_too_short: "A passphrase needs at least {min} characters (this one has {n}).",
    passphrase_too_long: "A passphrase can have at most {max} characters (this one has {n}).",
    keep_submit: "Keep",
    keep_cancel: "Cancel",
    recovery_title: "Please write down your recovery code",
    recovery_body: "If you forget your passphrase, this code lets you back in. It is shown only this once. Write it on paper, for example, and keep it where nobody else sees it.",
    recovery_done: "I've written it down",

    error_generic: "That didn't work. Please try again in a little while.",
    error_network: "The connection seems weak. Please check it and try again.",
    error_offline: "Not connected at the moment. Please wait while we reconnect.",
    error_timeout: "No answer came back. Please try again.",
    error_session: "Your visit has expired. Please come in again.",
    dismiss: "Close",
  },
};

function storage() {
  try { return globalThis.localStorage || null; } catch { return null; }
}

function initialLang() {
  const saved = storage()?.getItem(LANG_KEY);
  if (LANGS.includes(saved)) return saved;
  return "ja";
}

let current = initialLang();
const listeners = new Set();

for (const lang of LANGS) Object.assign(DICTIONARIES[lang], ACCOUNT_WORDS[lang], REPORT_WORDS[lang]);

export function getLang() {
  return current;
}

export function setLang(lang) {
  if (!LANGS.includes(lang) || lang === current) return;
  current = lang;
  try { storage()?.setItem(LANG_KEY, lang); } catch { /* not remembered */ }
  if (globalThis.document) document.documentElement.lang = lang;
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function t(key, params = {}, lang = current) {
  const text = DICTIONARIES[lang][key] ?? DICTIONARIES.ja[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

// A {ja, en} pair from the server (error messages, zone names, stamp names) in our language.
export function pick(pair, lang = current) {
  if (!pair) return "";
  return pair[lang] ?? pair.ja ?? pair.en ?? "";
}

// Several names in one sentence: 「A、B」 in Japanese, "A, B" in English.
export function listNames(names, lang = current) {
  return names.filter(Boolean).join(lang === "en" ? ", " : "、");
}

// The message to show for an error body {code, message: {ja, en}} (REST or socket).
export function errorText(error, lang = current) {
  if (error?.messages) return pick(error.messages, lang);
  if (error?.message && typeof error.message === "object") return pick(error.message, lang);
  switch (error?.code) {
    case "NETWORK": return t("error_network", {}, lang);
    case "OFFLINE": return t("error_offline", {}, lang);
    case "TIMEOUT": return t("error_timeout", {}, lang);
    case "TOKEN_EXPIRED":
    case "TOKEN_INVALID": return t("error_session", {}, lang);
    default: return t("error_generic", {}, lang);
  }
}

// Fill every [data-i18n] (text), [data-i18n-label] (aria-label), [data-i18n-placeholder]
// and [data-i18n-title] under root.
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.setAttribute("title", t(el.dataset.i18nTitle));
  if (root === document) {
    document.documentElement.lang = current;
    document.title = t("app_title");
  }
}
