// Words and pure helpers of the consultation room (person side): Japanese and English, how
// a specialist's status and the voice indicator read, and when the waiting room opens.
// No DOM here, so node can test it.

import { PROFESSIONS } from "./booking.js";
import { TEXT_LIMITS } from "../text_limits.js";

export const SAY_MAX = TEXT_LIMITS.chat;
export const WAIT_OPENS_MINUTES = 15;

export const STRINGS = {
  ja: {
    brand: "いばしょ",
    title: "相談室",
    langSwitch: "English",
    langSwitchLabel: "Switch to English",
    backHome: "いばしょのトップへ",
    intro: "予約した時間に、ここから待合室に入れます。文字だけでも、声を使っても相談できます。声を使うかどうかは、中に入ってから決められます。",
    mine: "あなたの予約",
    none: "これからの予約はありません。",
    noneHint: "予約は、いばしょの中の「相談の予約」からできます。",
    signedOut: "予約を見るには、予約したときと同じ端末・ブラウザで、いばしょに入ってください。",
    with: "{name}さん（{profession}）",
    goWait: "待合室に入る",
    opensAt: "{time}から入れます（開始の15分前）",
    waitingTitle: "待合室",
    waitingIntro: "ここで待っていてください。着いたことは、専門家にもう伝わっています。",
    status_ready: "専門家の準備ができています。まもなくお呼びします。",
    status_finishing_previous: "専門家は、前の相談を終えるところです。少しお待ちください。",
    status_running_late: "専門家の到着が少し遅れています。お待たせしてすみません。",
    status_running_late_minutes: "専門家の到着が少し遅れています（あと{n}分ほど）。お待たせしてすみません。",
    status_on_the_way: "専門家は、まもなく来ます。",
    seen: "専門家が、あなたが来ていることに気づいています。",
    typeWhileWaiting: "待っているあいだに、書いておくこともできます（なくても大丈夫です）",
    leaveWaiting: "待合室を出る",
    leftWaiting: "待合室を出ました。予約はそのままです。時間内なら、また入れます。",
    roomTitle: "相談室",
    roomIntro: "ここにいるのは、あなたと専門家だけです。文字でも声でも、話せるところまでで大丈夫です。",
    here: "この部屋にいる人",
    seat_person: "あなた",
    seat_specialist: "専門家",
    seat_colleague: "もう一人の専門家",
    messages: "やりとり",
    messageLabel: "メッセージ",
    send: "送る",
    you: "あなた",
    voice: "声",
    useVoice: "声も使う",
    voiceHint: "「声も使う」を押したときだけ、マイクの使用を確認します。押さなければ、マイクは使いません。",
    voiceStarting: "声をつないでいます…",
    voiceOn: "声: オン",
    voiceOff: "声: オフ",
    voiceFailed: "声をつなげませんでした。文字でのやりとりは、そのまま続けられます。",
    voiceOther: "{who}の声: {state}",
    stateOn: "オン",
    stateOff: "オフ",
    stateMuted: "ミュート中",
    stateConnecting: "接続中",
    mute: "ミュート",
    pushToTalk: "押している間だけ話す",
    pushToTalkHint: "オンにすると、下のボタンかスペースキーを押している間だけ、声が届きます。",
    holdToTalk: "押して話す",
    talking: "話しています",
    stopVoice: "声をやめる（文字は続けます）",
    end: "相談を終える",
    endConfirm: "相談を終えますか？",
    endYes: "はい、終える",
    endNo: "まだ続ける",
    consentTitle: "もう一人の専門家について",
    consentAsk: "専門家が、{name}さん（{profession}）にも加わってもらいたいと言っています。よろしいですか？",
    consentYes: "はい、加わってもらう",
    consentNo: "いいえ、このままで",
    consentGiven: "{name}さんが加わりました。",
    consentWithdraw: "{name}さんに退室してもらう",
    colleagueLeft: "{name}さんが退室しました。",
    endedTitle: "相談が終わりました",
    endedText: "おつかれさまでした。話してくださって、ありがとうございました。",
    endedTime: "予約の時間が終わりました。またご都合のよいときに、別の時間を選んでいただけます。",
    backToList: "予約の一覧にもどる",
    connecting: "つないでいます…",
    reconnecting: "接続が切れています。つなぎ直しています…",
    failed: "うまくいきませんでした。少し時間をおいて、もう一度お試しください。",
    admittedNotice: "相談室に入りました。",
  },
  en: {
    brand: "Ibasho",
    title: "Consultation room",
    langSwitch: "日本語",
    langSwitchLabel: "日本語に切り替える",
    backHome: "Back to Ibasho",
    intro: "At your booked time you can enter the waiting room from here. You can talk in text only, or use your voice too; you decide once you are inside.",
    mine: "Your bookings",
    none: "You have no upcoming bookings.",
    noneHint: "You can book from “Book a consultation” inside Ibasho.",
    signedOut: "To see your bookings, enter Ibasho on the same device and browser you booked with.",
    with: "{name} ({profession})",
    goWait: "Enter the waiting room",
    opensAt: "You can come in from {time} (15 minutes before the start)",
    waitingTitle: "Waiting room",
    waitingIntro: "Please wait here. The specialist already knows you have arrived.",
    status_ready: "The specialist is ready and will let you in shortly.",
    status_finishing_previous: "The specialist is finishing a previous session. Please wait a little.",
    status_running_late: "The specialist is running a little late. Sorry to keep you waiting.",
    status_running_late_minutes: "The specialist is running a little late (about {n} minutes). Sorry to keep you waiting.",
    status_on_the_way: "The specialist will be here soon.",
    seen: "The specialist has seen that you are here.",
    typeWhileWaiting: "While you wait, you can write something if you like (no need to)",
    leaveWaiting: "Leave the waiting room",
    leftWaiting: "You left the waiting room. Your booking stays; you can come back during its time.",
    roomTitle: "Consultation room",
    roomIntro: "Only you and the specialist are here. In text or by voice, say only as much as you want to.",
    here: "In this room",
    seat_person: "You",
    seat_specialist: "Specialist",
    seat_colleague: "Second specialist",
    messages: "Conversation",
    messageLabel: "Message",
    send: "Send",
    you: "You",
    voice: "Voice",
    useVoice: "Use voice too",
    voiceHint: "The browser asks about your microphone only when you press “Use voice too”. If you don't, the microphone is never used.",
    voiceStarting: "Connecting voice…",
    voiceOn: "Voice: on",
    voiceOff: "Voice: off",
    voiceFailed: "Voice could not connect. The text conversation goes on as before.",
    voiceOther: "{who}'s voice: {state}",
    stateOn: "on",
    stateOff: "off",
    stateMuted: "muted",
    stateConnecting: "connecting",
    mute: "Mute",
    pushToTalk: "Push to talk",
    pushToTalkHint: "When on, your voice is heard only while you hold the button below or the Space key.",
    holdToTalk: "Hold to talk",
    talking: "Talking",
    stopVoice: "Stop voice (text goes on)",
    end: "End the session",
    endConfirm: "End the session?",
    endYes: "Yes, end it",
    endNo: "Not yet",
    consentTitle: "A second specialist",
    consentAsk: "The specialist would like {name} ({profession}) to join. Is that all right with you?",
    consentYes: "Yes, they may join",
    consentNo: "No, just us",
    consentGiven: "{name} has joined.",
    consentWithdraw: "Ask {name} to leave",
    colleagueLeft: "{name} has left.",
    endedTitle: "The session has ended",
    endedText: "Thank you for talking with us. Take care.",
    endedTime: "The booked time is over. Whenever it suits you, you can choose another time.",
    backToList: "Back to your bookings",
    connecting: "Connecting…",
    reconnecting: "Connection lost. Reconnecting…",
    failed: "That didn't work. Please try again in a little while.",
    admittedNotice: "You are in the consultation room.",
  },
};

export function words(lang) {
  return STRINGS[lang === "en" ? "en" : "ja"];
}

export function fill(text, params = {}) {
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function professionName(profession, lang) {
  return PROFESSIONS[profession]?.[lang === "en" ? "en" : "ja"] || "";
}

// What the waiting person reads about their specialist.
export function statusText(status, lang) {
  const w = words(lang);
  if (!status) return w.status_on_the_way;
  if (status.status === "running_late" && status.minutes) return fill(w.status_running_late_minutes, { n: status.minutes });
  return w[`status_${status.status}`] || w.status_on_the_way;
}

// One seat's voice, as the indicator reads: on, muted, connecting or off.
export function voiceWord(entry, lang) {
  const w = words(lang);
  if (!entry || !entry.joined) return w.stateOff;
  if (!entry.connected) return w.stateConnecting;
  return entry.muted ? w.stateMuted : w.stateOn;
}

export function opensAt(booking) {
  return new Date(new Date(booking.starts_at).getTime() - WAIT_OPENS_MINUTES * 60000);
}

export function canWaitNow(booking, now = new Date()) {
  return now >= opensAt(booking) && now < new Date(booking.ends_at);
}
