// Words of the space's events panel (ui/events_panel.js) and the audience setting
// (ui/event_audience.js), Japanese first.

import { getLang } from "../i18n.js";
import { formatAt } from "../times.js";

export const WORDS = {
  ja: {
    title: "催し",
    intro: "交流会や家族教室に、アバターで参加できます。参加者どうしに名前は見えません。聞いているだけで大丈夫です。",
    open: "これからの催しを見る",
    dialog_title: "これからの催し",
    close: "閉じる",
    none: "いまは予定されている催しがありません。",
    seats: "残り{n}席", full: "満席",
    signup: "申し込む", waitlist_join: "キャンセル待ちに入る", cancel: "申し込みをやめる", leave_waitlist: "キャンセル待ちをやめる",
    registered: "申し込み済み", enter_room: "会場に入る", waitlisted: "キャンセル待ち {n}番目", removed: "この回には参加できません",
    calendar: "カレンダー用ファイル (.ics)",
    signed_up: "「{title}」に申し込みました。入口は始まる10分前に開きます。",
    cancelled: "申し込みをやめました。",
    waitlisted_now: "キャンセル待ちに入りました。席が空いたら、ここでお知らせします。",
    promoted: "席が空いたので「{title}」({when}) に参加できるようになりました。",
    // Sent once a session is less than a day away, so it may well be today: no "tomorrow".
    reminder_day: "{when} から「{title}」があります。",
    reminder_soon: "まもなく {when} から「{title}」です。入口は始まる10分前に開きます。",
    full_ask: "満席です。キャンセル待ちに入りますか?",
    hosts: "主催: {names}",
    kind: { exchange: "交流会", family_class: "家族教室", peer_meetup: "ピアの集い", talk: "お話の会" },
    audience: { everyone: "どなたでも", individuals: "ご本人むけ", families: "ご家族むけ", supporters: "支援者むけ", women: "女性のみ" },
    registration: { required: "申し込み制", drop_in: "席があれば自由に" },
    feedback_title: "終わった催しのアンケート",
    feedback_intro: "答えなくても大丈夫です。だれの回答かは記録されません。",
    feedback_open: "「{title}」のアンケートに答える",
    feedback_send: "送る", feedback_thanks: "ありがとうございました。", feedback_skip: "答えない",
    scale_low: "1 (よくなかった)", scale_high: "5 (とてもよかった)",
    audience_legend: "催しの対象について",
    audience_woman: "女性むけの催しに参加する (自分で申告します)",
    audience_hint: "「ご本人・ご家族・支援者」は上の選択が使われます。ここでの申告はだれにも見せません。いつでも変えられます。"
      + "確かめることはできないため、主催者が退出をお願いすることがあります。",
    audience_saved: "保存しました。",
    sign_read: "これからの催しを見る",
    sign_announce: "イベントホールです。案内板から、これからの催しを見られます。",
    sign_title: "イベントホールの案内",
    sign_now: "いま:", sign_next: "次:", sign_nothing: "いまホールで予定されている催しはありません。",
    sign_enter: "「{title}」に入る",
    sign_enter_note: "入るかどうかは、あなたが決めてください。入っているあいだ、あなたのアバターはマップに出ません。",
    sign_why_register: "申し込んだ方が入れます。始まる前なら「これからの催し」から申し込めます。",
    sign_why_full: "満席のため、いまは入れません。",
    sign_why_removed: "この回には参加できません。",
    sign_announce_live: "イベントホールです。いま「{title}」の入口が開いています。入るかどうかは、あなたが決められます。",
    sign_opened: "「{title}」の入口が開きました。",
    event_dialog: "催しの会場",
    back_to_space: "スペースにもどる",
  },
  en: {
    title: "Events",
    intro: "Meetups and family classes you can join as an avatar. Attendees don't see each other's names. Just listening is fine.",
    open: "See upcoming events",
    dialog_title: "Upcoming events",
    close: "Close",
    none: "No events are planned right now.",
    seats: "{n} seats left", full: "Full",
    signup: "Sign up", waitlist_join: "Join the waitlist", cancel: "Cancel my sign-up", leave_waitlist: "Leave the waitlist",
    registered: "Signed up", enter_room: "Enter the event room", waitlisted: "Waitlist: number {n}", removed: "You can't join this session",
    calendar: "Calendar file (.ics)",
    signed_up: "You signed up for \u201c{title}\u201d. The door opens 10 minutes before the start.",
    cancelled: "Your sign-up is cancelled.",
    waitlisted_now: "You're on the waitlist. If a seat frees up, we'll tell you here.",
    promoted: "A seat came free: you can join \u201c{title}\u201d ({when}).",
    reminder_day: "\u201c{title}\u201d is on {when}.",
    reminder_soon: "\u201c{title}\u201d starts soon, at {when}. The door opens 10 minutes before.",
    full_ask: "It's full. Join the waitlist?",
    hosts: "Hosts: {names}",
    kind: { exchange: "Meetup", family_class: "Family class", peer_meetup: "Peer meetup", talk: "Talk" },
    audience: { everyone: "Everyone", individuals: "For individuals", families: "For families", supporters: "For supporters", women: "Women only" },
    registration: { required: "Sign-up needed", drop_in: "Drop in while seats are free" },
    feedback_title: "Questions about past events",
    feedback_intro: "Answering is optional. Nobody records who answered what.",
    feedback_open: "Answer the questions about \u201c{title}\u201d",
    feedback_send: "Send", feedback_thanks: "Thank you.", feedback_skip: "Not now",
    scale_low: "1 (not good)", scale_high: "5 (very good)",
    audience_legend: "For events' audiences",
    audience_woman: "I join events for women (I declare this myself)",
    audience_hint: "\u201cIndividual, family, supporter\u201d comes from the choice above. Nobody is shown what you declare here; change it "
      + "any time. We cannot check it, so a host may ask someone to leave.",
    audience_saved: "Saved.",
    sign_read: "See the events to come",
    sign_announce: "The event hall. Its sign shows the events to come.",
    sign_title: "Event hall",
    sign_now: "Now:", sign_next: "Next:", sign_nothing: "Nothing is planned in the hall right now.",
    sign_enter: "Enter \u201c{title}\u201d",
    sign_enter_note: "Whether to go in is up to you. While you are inside, your avatar is not shown on the map.",
    sign_why_register: "For people who signed up. Before it starts you can sign up under \u201cSee the events to come\u201d.",
    sign_why_full: "It is full, so you can't go in right now.",
    sign_why_removed: "You can't join this session.",
    sign_announce_live: "The event hall. The door of \u201c{title}\u201d is open now. Whether to go in is up to you.",
    sign_opened: "The door of \u201c{title}\u201d is open.",
    event_dialog: "Event room",
    back_to_space: "Back to the space",
  },
};

export function ew(key, params = {}) {
  const value = WORDS[getLang()]?.[key] ?? WORDS.ja[key];
  if (typeof value !== "string") return value;
  return value.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

export function localWhen(iso) {
  return formatAt(iso, getLang(), "dayTime");
}

export function pick(obj, name) {
  return (getLang() === "en" && obj[`${name}_en`]) || obj[`${name}_ja`] || "";
}
