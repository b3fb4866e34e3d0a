// Texts of the console's "Numbers and reports" section (numbers.js), Japanese first. Keys start
// with "nb" because every section's strings share one table.
import { PROFESSIONS } from "../professions.js";
import { RESULT_STRINGS } from "./survey_results.js";

const LABELS = {
  kind: { guest: ["ゲスト", "Guests"], individual: ["本人", "Individuals"], family: ["家族", "Family members"],
    supporter: ["支援者", "Supporters"], unspecified: ["未設定", "Not stated"] },
  mode: { text: ["文字だけ", "Text only"], voice: ["声も使った", "With voice"] },
  letters: { from_staff: ["スタッフ・専門職から", "From staff"], from_people: ["利用者から", "From people"] },
  event: { exchange: ["交流会", "Meetups"], family_class: ["家族教室", "Family classes"],
    peer_meetup: ["ピアの集い", "Peer meetups"], talk: ["お話の会", "Talks"] },
  step: {
    visit: ["来訪（1日1人1回）", "Visits (once a day each)"], first_visit: ["はじめての来訪", "First visits"],
    first_stamp: ["スタンプを送った", "Sent a stamp"], first_text: ["文字で話した", "Wrote in a chat"],
    desk_contact: ["窓口に声をかけた", "Spoke to the desk"], desk_message: ["時間外に伝言を残した", "Left a message while the desk was closed"],
    booking_made: ["相談を予約した", "Booked a consultation"], consult_text: ["相談（文字）", "Consultation (text)"],
    consult_voice: ["相談（声あり）", "Consultation (voice)"], letter: ["手紙をやりとりした", "Exchanged a letter"],
    event_attended: ["イベントに参加した", "Attended an event"],
  },
};

const TABLES = {
  by_profession: ["専門職ごとの相談の回数", "Consultations by the specialist's profession"],
  by_mode: ["相談のしかた（空間の相談室で行ったもの）", "How consultations were held (in the space's rooms)"],
  persons_by_kind: ["相談した人の実人数（種別ごと）", "People who consulted, each counted once (by kind)"],
  desk_contact: ["窓口に声をかけた人（1日1人1回）", "Desk contacts (each person once a day)"],
  desk_message: ["時間外の伝言（1日1人1回）", "Messages left out of hours (each person once a day)"],
  letters: ["手紙の通数", "Letters written"],
  sessions_by_kind: ["開いたイベントの回数（種類ごと）", "Event sessions held, by kind"],
  attendance_by_kind: ["イベントの参加者（種別ごと、延べ）", "Event attendance by kind (each session counted)"],
  steps: ["はじめの一歩：各段階の人数（1日1人1回）", "First steps: people at each step (once a day each)"],
};

const SECTION_TITLES = {
  consultations: ["相談", "Consultations"], desk: ["窓口", "The desk"], letters: ["手紙", "Letters"],
  events: ["イベント", "Events"], funnel: ["はじめの一歩", "First steps"],
};

function pick(i) {
  const out = {};
  const add = (prefix, table) => { for (const [k, v] of Object.entries(table)) out[`${prefix}${k}`] = v[i]; };
  for (const [group, table] of Object.entries(LABELS)) add(`nb_${group}_`, table);
  add("nb_table_", TABLES);
  add("nb_section_", SECTION_TITLES);
  for (const [code, names] of Object.entries(PROFESSIONS)) out[`nb_profession_${code}`] = i ? names.en : names.ja;
  out.nb_profession_other = i ? "Not stated" : "未設定";
  for (const [k, v] of Object.entries(LABELS.event)) out[`nb_table_attendance_${k}`] = i ? `Attendance: ${v[1]}` : `参加者：${v[0]}`;
  for (const [k, v] of Object.entries(LABELS.step)) out[`nb_table_step_${k}`] = i ? `${v[1]}, by kind` : `${v[0]}（種別ごと）`;
  return out;
}

export const NUMBERS_STRINGS = {
  ja: {
    ...pick(0),
    ...RESULT_STRINGS.ja,
    nb_section_surveys: "アンケート",
    numbersTitle: "数字と報告",
    nbFrom: "いつから", nbTo: "いつまで", nbShow: "表示する", nbThisYear: "今年度", nbLastYear: "前年度",
    nbCsv: "CSVをダウンロード", nbPrint: "印刷する",
    nbRange: "{from} 〜 {to}（東京時間）",
    nbWidened: "個人が特定されないよう、期間は月の初めから終わりまでに広げています。",
    nbRule: "1〜4の数は「5未満」と表示します。合計から逆算できてしまう数は「非表示」にしています。",
    nbFewer: "5未満", nbHidden: "非表示", nbTotal: "合計",
    nbAtAGlance: "この期間のまとめ",
    nbPeople: "相談した人（実人数）", nbFamilies: "そのうち家族", nbSessions: "相談の回数",
    nbFirstVisits: "はじめて来た人", nbReachedDesk: "そのうち窓口に声をかけた人", nbReachedBooking: "そのうち予約した人",
    nbMedian: "はじめての来訪から {step} までの日数（中央値）", nbMedianDays: "{days}日", nbMedianNone: "まだありません",
    nbMedianFew: "人数が少ないため表示しません",
    nbMedianAccounts: "対象の人数",
    nbByKind: "種別ごとの内訳",
    nbDownloaded: "CSVを保存しました。",
  },
  en: {
    ...pick(1),
    ...RESULT_STRINGS.en,
    nb_section_surveys: "Surveys",
    numbersTitle: "Numbers and reports",
    nbFrom: "From", nbTo: "To", nbShow: "Show", nbThisYear: "This fiscal year", nbLastYear: "Last fiscal year",
    nbCsv: "Download CSV", nbPrint: "Print",
    nbRange: "{from} to {to} (Tokyo time)",
    nbWidened: "So that no one can be singled out, the range is widened to whole months.",
    nbRule: "Numbers from 1 to 4 are shown as “fewer than 5”. A number that would let one be worked out from the total is “not shown”.",
    nbFewer: "fewer than 5", nbHidden: "not shown", nbTotal: "Total",
    nbAtAGlance: "This period at a glance",
    nbPeople: "People who consulted", nbFamilies: "of whom family members", nbSessions: "Consultations held",
    nbFirstVisits: "First visits", nbReachedDesk: "who then spoke to the desk", nbReachedBooking: "who then booked",
    nbMedian: "Days from a first visit to “{step}” (median)", nbMedianDays: "{days} days", nbMedianNone: "None yet",
    nbMedianFew: "Too few people to show",
    nbMedianAccounts: "People counted",
    nbByKind: "By kind of account",
    nbDownloaded: "The CSV was saved.",
  },
};
