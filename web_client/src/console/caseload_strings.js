// Texts of the caseload section (console/caseload.js), Japanese and English, and the kind
// sentences a specialist reads about their own month. Pure: tested in node without a page.

export const strings = {
  ja: {
    caseloadTitle: "受け持ちのようす",
    clMonth: "月",
    clShow: "表示する",
    clIntroAll: "専門職それぞれが、この月に受け持っている量です。多い順に並んでいます。ほかの人よりずっと多い人には、やわらかな印がつきます。声をかけて、分け合うきっかけにしてください。",
    clIntroSelf: "この月のあなたの受け持ちです。数は評価のためではなく、一人で抱えこまないためのものです。",
    clCaptionAll: "{month}の受け持ち（{asOf}時点）",
    clCaptionSelf: "{month}のあなたの受け持ち（{asOf}時点）",
    clWho: "専門職",
    clSessions: "相談",
    clCases: "ケース",
    clLetters: "手紙",
    clHeld: "実施",
    clUpcoming: "これから",
    clNoShow: "来られず",
    clUnmarked: "記録待ち",
    clOpen: "担当中",
    clNew: "今月から",
    clReceived: "受け取った",
    clSent: "送った",
    clWaiting: "返事待ち",
    clLoad: "合計",
    clHeavier: "ほかの人よりかなり多め",
    clMedian: "真ん中の人の合計（中央値）: {median}",
    clLoadHow: "合計は、相談（キャンセルを除く）、担当中のケース、受け取った手紙の数を足しただけの目安です。返事待ちと記録待ちは、その時点で数えています。",
    clNobody: "この月に表示する専門職はいません。",
    clSelfSessions: "相談は、実施が{held}件、これからの予約が{upcoming}件です。",
    clSelfNoShow: "来られなかった予約が{n}件ありました。また別の時間に会えるかもしれません。",
    clSelfUnmarked: "まだ記録していない相談が{n}件あります。「予約」から、いつでも記録できます。",
    clSelfCases: "担当しているケースは{open}件です（この月から{new}件）。",
    clSelfLetters: "手紙は、受け取ったものが{received}通、送ったものが{sent}通です。",
    clSelfWaiting: "返事を待っている手紙が{n}通あります。急がなくて大丈夫です。",
    clSelfNoWaiting: "返事を待っている手紙はありません。",
    clSelfHeavier: "この月は、ほかの人よりかなり多く受け持っています。一人で抱えこまず、スーパーバイザーや仲間に分けてもらえないか、気軽に相談してください。",
    clSelfQuiet: "この月の受け持ちは、まだありません。",
    clMonthLabel: "{year}年{month}月",
  },
  en: {
    caseloadTitle: "Caseload",
    clMonth: "Month",
    clShow: "Show",
    clIntroAll: "How much each specialist carries this month, most first. Whoever carries much more than most gets a soft mark: a reason to check in and share the work.",
    clIntroSelf: "What you carry this month. The numbers are not a rating: they are there so that nobody carries it alone.",
    clCaptionAll: "Caseload in {month} (as of {asOf})",
    clCaptionSelf: "Your caseload in {month} (as of {asOf})",
    clWho: "Specialist",
    clSessions: "Sessions",
    clCases: "Cases",
    clLetters: "Letters",
    clHeld: "Held",
    clUpcoming: "Upcoming",
    clNoShow: "Did not come",
    clUnmarked: "To mark",
    clOpen: "Held now",
    clNew: "New",
    clReceived: "Received",
    clSent: "Sent",
    clWaiting: "Awaiting reply",
    clLoad: "Total",
    clHeavier: "carrying much more than most",
    clMedian: "The middle total (median): {median}",
    clLoadHow: "The total only adds sessions (not cancelled), cases held and letters received: a rough guide. Letters awaiting a reply and sessions to mark are counted at the time shown.",
    clNobody: "No specialists to show for this month.",
    clSelfSessions: "Sessions: {held} held, {upcoming} still to come.",
    clSelfNoShow: "{n} booked session(s) where the person could not come. There may be another time.",
    clSelfUnmarked: "{n} session(s) not marked yet. You can mark them under Bookings whenever you like.",
    clSelfCases: "You hold {open} case(s) ({new} new this month).",
    clSelfLetters: "Letters: {received} received, {sent} sent.",
    clSelfWaiting: "{n} letter(s) are waiting for a reply. There is no rush.",
    clSelfNoWaiting: "No letters are waiting for a reply.",
    clSelfHeavier: "This month you are carrying much more than most colleagues. You do not have to hold it alone: talk with your supervisor or a colleague about sharing some of it.",
    clSelfQuiet: "Nothing on your caseload for this month yet.",
    clMonthLabel: "{month}/{year}",
  },
};

// "2026-04" in the reader's language.
export function monthLabel(t, month) {
  const [year, number] = month.split("-");
  return t("clMonthLabel", { year, month: String(Number(number)) });
}

// The kind sentences a specialist reads about their own row, in order.
export function selfSentences(t, row) {
  const s = row.sessions;
  const c = row.cases;
  const l = row.letters;
  if (row.load === 0 && !l.sent && !l.waiting && !s.unmarked) return [t("clSelfQuiet")];
  const out = [t("clSelfSessions", { held: s.held, upcoming: s.upcoming })];
  if (s.no_show) out.push(t("clSelfNoShow", { n: s.no_show }));
  if (s.unmarked) out.push(t("clSelfUnmarked", { n: s.unmarked }));
  out.push(t("clSelfCases", { open: c.open, new: c.new }));
  out.push(t("clSelfLetters", { received: l.received, sent: l.sent }));
  out.push(l.waiting ? t("clSelfWaiting", { n: l.waiting }) : t("clSelfNoWaiting"));
  if (row.heavier_than_most) out.push(t("clSelfHeavier"));
  return out;
}
