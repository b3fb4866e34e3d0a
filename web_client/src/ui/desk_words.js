// Words and pure helpers of the desk on duty (visitor side): the texts in Japanese and
// English, and how times and the desk's status read. No DOM here, so node can test it.

import { TEXT_LIMITS } from "../text_limits.js";
import { browserZone, localParts, operatorZone, zoneLabel } from "../times.js";



export const NOTE_MAX = TEXT_LIMITS.desk_queue_note;
export const SAY_MAX = TEXT_LIMITS.chat;
export const MESSAGE_MAX = TEXT_LIMITS.desk_message;

export const STRINGS = {
  ja: {
    title: "相談デスク",
    brand: "いばしょ",
    backHome: "いばしょのトップへ",
    readBoards: "掲示板を読む",
    langSwitch: "English",
    langSwitchLabel: "Switch to English",
    intro: "予約はいりません。受付時間中は、当番のスタッフと文字でお話しできます。名前や連絡先は聞きません。",
    openNow: "いま対応できます",
    onDuty: "当番のスタッフが{n}人います。",
    allBusy: "いまは全員がほかの方とお話ししています。順番にお話しします。",
    allAway: "スタッフは少しだけ席を外しています。まもなく戻ります。",
    waitingCount: "{n}人が順番を待っています。",
    closesAt: "{time}まで受け付けています。",
    nobody: "いまは対応できる人がいません",
    nobodyDetail: "メッセージを残していただければ、スタッフがあとで読みます。",
    closed: "いまは受付時間外です",
    nextOpen: "次は{when}から",
    noNext: "次の受付時間は、まだ決まっていません。",
    messageInstead: "メッセージを残していただければ、スタッフが読みます。",
    knock: "話しかける",
    knockFirst: "相談デスクに話しかける",
    leaveMessage: "メッセージを残す",
    noteSummary: "最初にひとこと添える（なくても大丈夫です）",
    noteLabel: "ひとこと",
    noteHint: "例: 家族のことで / うまく話せないかもしれません",
    place: "順番: {n}番目",
    placeFirst: "順番: 次です",
    staffLine: "スタッフ: お話し中 {busy}人・あいている {available}人",
    staffAway: "（席を外している人 {away}人）",
    waitCalm: "このままお待ちください。この画面を開いておけば、順番はそのままです。急がなくて大丈夫です。",
    nobodyWhileWaiting: "いまは当番のスタッフがいません。順番はそのままです。メッセージを残すこともできます。",
    leaveQueue: "順番をやめる",
    leftQueue: "順番をやめました。また、いつでもどうぞ。",
    chattingWith: "{name}さんとお話ししています",
    chattedWith: "{name}さんとのお話",
    chatIntro: "話せるところまでで大丈夫です。途中でやめても構いません。",
    messageLabel: "メッセージ",
    send: "送る",
    endChat: "お話を終える",
    you: "あなた",
    handedOver: "ここからは{name}さんが続けてお話をうかがいます。",
    staffLost: "スタッフの接続が切れてしまいました。順番の先頭でお待ちください。",
    endedTitle: "お話ししてくださって、ありがとうございました",
    endedText: "いつでも、また来てください。",
    endedByStaff: "スタッフがお話を終えました。",
    again: "もう一度話しかける",
    closeChat: "会話を閉じる",
    messageTitle: "スタッフにメッセージを残す",
    messageHint: "スタッフが読んで、返事はこの画面に届きます。メールアドレスや電話番号は書かないでください。",
    guestNote: "ゲストのままだと、返事はこの端末のこのブラウザでだけ見られます。",
    messageSend: "残す",
    cancel: "やめる",
    messageSent: "メッセージを残しました。スタッフが読んだら、ここに表示されます。",
    mineTitle: "残したメッセージ",
    handled: "スタッフが読みました",
    notYet: "まだ読まれていません",
    replyFrom: "{name}さんからの返事",
    withdraw: "取り消す",
    withdrawConfirm: "このメッセージを取り消しますか？ スタッフからも見えなくなります。",
    withdrawn: "メッセージを取り消しました。",
    replyArrived: "スタッフから返事が届きました。",
    reconnecting: "接続が切れています。つなぎ直しています…",
    sessionOver: "入室の有効期限が切れました。ページを読みこみ直してください。",
    full: "いまは待っている方が多く、受け付けられません。メッセージを残していただけます。",
    failed: "うまくいきませんでした。少し時間をおいて、もう一度お試しください。",
    count: "{n} / {max}",
    hoursSummary: "受付時間を見る",
    hoursNone: "受付時間は、まだ決まっていません。",
    dayClosed: "お休み",
    today: "今日 {time}",
    tomorrow: "明日 {time}",
    weekdayTime: "{weekday} {time}",
    dateTime: "{month}月{day}日({weekdayShort}) {time}",
    weekdays: ["月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜"],
    weekdaysShort: ["月", "火", "水", "木", "金", "土", "日"],
  },
  en: {
    title: "Consultation desk",
    brand: "Ibasho",
    backHome: "Ibasho home",
    readBoards: "Read the boards",
    langSwitch: "日本語",
    langSwitchLabel: "日本語に切り替える",
    intro: "No booking needed. During opening hours you can chat in text with the staff member on duty. We never ask your name or contact details.",
    openNow: "Someone is here for you now",
    onDuty: "Staff on duty: {n}.",
    allBusy: "Everyone is talking with someone at the moment. We'll be with you in turn.",
    allAway: "The staff stepped away for a moment and will be back soon.",
    waitingCount: "{n} waiting.",
    closesAt: "Open until {time}.",
    nobody: "Nobody is on duty right now",
    nobodyDetail: "You can leave a message; the staff will read it later.",
    closed: "The desk is closed now",
    nextOpen: "Next open {when}",
    noNext: "The next opening hours are not set yet.",
    messageInstead: "You can leave a message; the staff will read it.",
    knock: "Talk to the desk",
    knockFirst: "Talk to the consultation desk",
    leaveMessage: "Leave a message",
    noteSummary: "Add a word first (not needed)",
    noteLabel: "A word",
    noteHint: "e.g. About my family / I may find it hard to talk",
    place: "Your place: {n}",
    placeFirst: "Your place: next",
    staffLine: "Staff: talking {busy} · free {available}",
    staffAway: " (stepped away {away})",
    waitCalm: "Please wait here. As long as this page stays open, you keep your place. There is no rush.",
    nobodyWhileWaiting: "Nobody is on duty right now. You keep your place, and you can also leave a message.",
    leaveQueue: "Stop waiting",
    leftQueue: "You left the queue. Come back any time.",
    chattingWith: "You are talking with {name}",
    chattedWith: "Your talk with {name}",
    chatIntro: "Share only as much as you like. You can stop at any time.",
    messageLabel: "Message",
    send: "Send",
    endChat: "End the chat",
    you: "You",
    handedOver: "{name} will continue with you from here.",
    staffLost: "The staff member's connection was lost. You are first in line again.",
    endedTitle: "Thank you for talking with us",
    endedText: "You are welcome back any time.",
    endedByStaff: "The staff member ended the chat.",
    again: "Talk to the desk again",
    closeChat: "Close the conversation",
    messageTitle: "Leave a message for the staff",
    messageHint: "The staff will read it and any reply appears on this page. Please leave out e-mail addresses and phone numbers.",
    guestNote: "As a guest, you can see a reply only in this browser on this device.",
    messageSend: "Leave it",
    cancel: "Cancel",
    messageSent: "Your message was left. You'll see here when the staff have read it.",
    mineTitle: "Your messages",
    handled: "Read by the staff",
    notYet: "Not read yet",
    replyFrom: "Reply from {name}",
    withdraw: "Take back",
    withdrawConfirm: "Take back this message? The staff will no longer see it.",
    withdrawn: "Your message was taken back.",
    replyArrived: "A reply from the staff has arrived.",
    reconnecting: "Connection lost. Reconnecting…",
    sessionOver: "Your visit has expired. Please reload the page.",
    full: "Many people are waiting right now, so we can't take more. You can leave a message.",
    failed: "That didn't work. Please try again in a little while.",
    count: "{n} / {max}",
    hoursSummary: "See the opening hours",
    hoursNone: "The opening hours are not set yet.",
    dayClosed: "closed",
    today: "today {time}",
    tomorrow: "tomorrow {time}",
    weekdayTime: "{weekday} {time}",
    dateTime: "{weekdayShort} {day} {monthName} {time}",
    weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    weekdaysShort: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  },
};

const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

export function words(lang) {
  return STRINGS[lang === "en" ? "en" : "ja"];
}

export function fill(text, params = {}) {
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function clockTime(instant, timeZone) {
  const p = localParts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

// The end of a time: midnight reads 24:00 ("open until 24:00"), never the morning's 00:00.
export function closingTime(instant, timeZone) {
  const time = clockTime(instant, timeZone);
  return time === "00:00" ? "24:00" : time;
}

// "今日 19:00", "明日 10:00", "火曜 14:00" (within the week), else a date.
export function formatWhen(instant, { lang = "ja", timeZone = operatorZone(), now = Date.now() } = {}) {
  const w = words(lang);
  const at = localParts(instant, timeZone);
  const today = localParts(now, timeZone);
  const days = Math.round((Date.UTC(at.year, at.month - 1, at.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86400000);
  const time = `${at.hour}:${at.minute}`;
  if (days <= 0) return fill(w.today, { time });
  if (days === 1) return fill(w.tomorrow, { time });
  if (days < 7) return fill(w.weekdayTime, { weekday: w.weekdays[at.weekday], time });
  return fill(w.dateTime, {
    month: at.month, day: at.day, monthName: MONTHS_EN[at.month - 1], weekdayShort: w.weekdaysShort[at.weekday], time,
  });
}

// The desk's public summary as a headline and detail lines, plus which way in is offered.
// `browser`: the zone of the reader's clock (a time on another clock is named, ../times.js).
export function describeStatus(summary, { lang = "ja", now = Date.now(), browser = browserZone() } = {}) {
  const w = words(lang);
  const timeZone = summary?.timezone || operatorZone();
  const named = (instant) => zoneLabel(lang, instant, { zone: timeZone, browser });
  if (!summary) return { mood: "closed", headline: "", details: [] };
  if (summary.open) {
    const staff = summary.staff || {};
    const details = [fill(w.onDuty, { n: summary.on_duty })];
    if (!staff.available && staff.busy) details.push(w.allBusy);
    else if (!staff.available && !staff.busy && staff.away) details.push(w.allAway);
    if (summary.waiting) details.push(fill(w.waitingCount, { n: summary.waiting }));
    if (summary.closes_at) details.push(fill(w.closesAt, { time: closingTime(summary.closes_at, timeZone) + named(summary.closes_at) }));
    return { mood: "open", headline: w.openNow, details };
  }
  const next = summary.next_opening
    ? fill(w.nextOpen, { when: formatWhen(summary.next_opening, { lang, timeZone, now }) + named(summary.next_opening) })
    : w.noNext;
  const note = summary.note ? [summary.note] : [];
  if (summary.within_hours) return { mood: "nobody", headline: w.nobody, details: [...note, w.nobodyDetail] };
  return { mood: "closed", headline: w.closed, details: [...note, next, w.messageInstead] };
}

export function staffLine(staff, lang) {
  const w = words(lang);
  const line = fill(w.staffLine, { busy: staff?.busy || 0, available: staff?.available || 0 });
  return staff?.away ? line + fill(w.staffAway, { away: staff.away }) : line;
}

export function placeText(place, lang) {
  const w = words(lang);
  return place === 1 ? w.placeFirst : fill(w.place, { n: place });
}

// The opening hours as short lines: "月曜 10:00–17:00", then dates that differ.
export function hoursLines(hours, lang) {
  const w = words(lang);
  const weekly = w.weekdays.map((day, index) => {
    const windows = (hours?.weekly || []).filter((x) => x.weekday === index).map((x) => `${x.start}–${x.end}`);
    return windows.length ? `${day} ${windows.join(", ")}` : null;
  }).filter(Boolean);
  const days = (hours?.days || []).slice(0, 14).map((d) => {
    const [, month, day] = d.date.split("-").map(Number);
    const label = lang === "en" ? `${day} ${MONTHS_EN[month - 1]}` : `${month}月${day}日`;
    const when = d.closed ? w.dayClosed : d.windows.map((x) => `${x.start}–${x.end}`).join(", ");
    return `${label} ${when}${d.note ? `（${d.note}）` : ""}`;
  });
  return weekly.length || days.length ? [...weekly, ...days] : [w.hoursNone];
}
