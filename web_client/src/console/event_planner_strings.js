// Texts of the console's "Events" section (event_planner.js), Japanese first.

const LABELS = {
  kind: {
    exchange: ["交流会", "Meetup"], family_class: ["家族教室", "Family class"],
    peer_meetup: ["ピアの集い", "Peer meetup"], talk: ["お話の会", "Talk"],
  },
  audience: {
    everyone: ["どなたでも", "Everyone"], individuals: ["ご本人", "Individuals"], families: ["ご家族", "Families"],
    supporters: ["支援者", "Supporters"], women: ["女性のみ (本人の申告)", "Women only (self-declared)"],
  },
  registration: { required: ["申し込み制", "Sign-up needed"], drop_in: ["席があれば自由に", "Drop in while seats are free"] },
  place: { hall: ["スペースの催し会場", "The event hall"], room: ["専用の部屋", "A room of its own"] },
  repeat: { none: ["1回だけ", "Once"], weekly: ["毎週", "Every week"], monthly: ["毎月 (第N曜日)", "Monthly (Nth weekday)"] },
  question: { scale: ["5段階", "Scale 1–5"], choice: ["選択肢", "Choice"], text: ["ひとこと", "Short text"] },
};

function labels(lang) {
  const i = lang === "ja" ? 0 : 1;
  return Object.fromEntries(Object.entries(LABELS).map(([group, map]) =>
    [`ev_${group}`, Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v[i]]))]));
}

export const STRINGS = {
  ja: {
    eventsTitle: "催し",
    evIntro: "交流会や家族教室を作り、申し込みと感想を見ます。参加者どうしに名前が見えることはありません。",
    evNew: "新しい催しを作る", evEdit: "編集", evSave: "保存する", evCreate: "作成する", evClose: "閉じる",
    evTitleJa: "題名 (日本語)", evTitleEn: "題名 (英語・任意)", evDescJa: "説明 (日本語・Markdown)", evDescEn: "説明 (英語・任意)",
    evKind: "種類", evAudience: "対象", evRegistration: "申し込み", evPlace: "場所", evCapacity: "定員",
    evFirstDate: "初回の日付", evStart: "開始時刻 (日本時間)", evDuration: "長さ (分)", evRepeat: "くり返し", evUntil: "最終日",
    evHost: "主催 (ニックネーム)", evCohosts: "共同主催 (ニックネーム、読点かカンマで区切る)",
    evHostsHint: "スタッフやピアサポーターのニックネームです。主催を変えられるのはスタッフと管理者だけです。",
    evRepeatHint: "毎月は、初回の日付と同じ「第N曜日」です (第5週なら最終週)。",
    evScheduleLocked: "申し込みがあるため、日時は変えられません。",
    evNone: "まだ催しがありません。", evSessions: "これからの回", evNoSessions: "これからの回はありません。",
    evRoomOpen: "会場に入る (主催)", evRoomLink: "会場を開く (主催)", evRoomLeave: "会場を出る", evRoomHint: "主催者は始まる30分前から入れます。",
    evSeats: "残り{n}席", evCancelled: "中止", evSignups: "申し込み", evWaitlist: "キャンセル待ち",
    evNobody: "まだいません。", evCancelSession: "この回を中止", evConfirmCancel: "{when} の回を中止します。よろしいですか?",
    evSessionCancelled: "{when} の回を中止しました。", evSaved: "保存しました。", evCreated: "催しを作りました。",
    evReport: "参加と感想", evAttendance: "参加した人数 (種類別)", evAttended: "合計 {n}人",
    evKinds: { individual: "ご本人", family: "ご家族", supporter: "支援者", guest: "ゲスト", unspecified: "未設定" },
    evAnswers: "{n}件の回答", evNoAnswers: "まだ回答はありません。",
    evQuestions: "終了後のアンケート", evQuestionsHint: "任意の質問を6つまで。回答は匿名で、誰の回答かは記録しません。",
    evAddQuestion: "質問を足す", evRemoveQuestion: "この質問を消す", evPromptJa: "質問 (日本語)", evPromptEn: "質問 (英語・任意)",
    evQuestionKind: "答え方", evChoices: "選択肢 (1行に1つ)", evSaveQuestions: "アンケートを保存",
    evQuestionsSaved: "アンケートを保存しました。", evHostedBy: "主催: {names}",
    ...labels("ja"),
  },
  en: {
    eventsTitle: "Events",
    evIntro: "Create meetups and family classes, see sign-ups and feedback. Attendees never see each other's names.",
    evNew: "Create an event", evEdit: "Edit", evSave: "Save", evCreate: "Create", evClose: "Close",
    evTitleJa: "Title (Japanese)", evTitleEn: "Title (English, optional)", evDescJa: "Description (Japanese, Markdown)",
    evDescEn: "Description (English, optional)",
    evKind: "Kind", evAudience: "Who it is for", evRegistration: "Sign-up", evPlace: "Place", evCapacity: "Seats",
    evFirstDate: "First date", evStart: "Start (Japan time)", evDuration: "Length (minutes)", evRepeat: "Repeats", evUntil: "Last date",
    evHost: "Host (nickname)", evCohosts: "Co-hosts (nicknames, separated by commas)",
    evHostsHint: "Nicknames of staff or peer supporters. Only staff and admins change the hosts.",
    evRepeatHint: "Monthly keeps the first date's \u201cNth weekday\u201d (a fifth week means the last one).",
    evScheduleLocked: "People have signed up, so the times cannot change.",
    evNone: "No events yet.", evSessions: "Sessions to come", evNoSessions: "No sessions to come.",
    evRoomOpen: "Enter the room (host)", evRoomLink: "Open the room (host)", evRoomLeave: "Leave the room", evRoomHint: "Hosts can come in 30 minutes before the start.",
    evSeats: "{n} seats left", evCancelled: "Cancelled", evSignups: "Sign-ups", evWaitlist: "Waitlist",
    evNobody: "Nobody yet.", evCancelSession: "Cancel this session", evConfirmCancel: "Cancel the session on {when}?",
    evSessionCancelled: "The session on {when} is cancelled.", evSaved: "Saved.", evCreated: "The event is created.",
    evReport: "Attendance and feedback", evAttendance: "Who came (by kind)", evAttended: "{n} in all",
    evKinds: { individual: "Individuals", family: "Families", supporter: "Supporters", guest: "Guests", unspecified: "Not said" },
    evAnswers: "{n} answers", evNoAnswers: "No answers yet.",
    evQuestions: "Questions after the event", evQuestionsHint: "Up to six optional questions. Answers are anonymous: nobody records who answered what.",
    evAddQuestion: "Add a question", evRemoveQuestion: "Remove this question", evPromptJa: "Question (Japanese)",
    evPromptEn: "Question (English, optional)", evQuestionKind: "Answered with", evChoices: "Choices (one per line)",
    evSaveQuestions: "Save the questions", evQuestionsSaved: "The questions are saved.", evHostedBy: "Hosts: {names}",
    ...labels("en"),
  },
};
