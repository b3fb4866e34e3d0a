// Pure helpers of the desk panel: how the desk's status and the next opening read, in
// Tokyo time whatever the machine's zone, and texts present in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";

import { STRINGS, describeStatus, formatWhen, hoursLines, placeText, staffLine } from "../../web_client/src/ui/desk_words.js";

// 2026-04-06 is a Monday; 03:00 UTC is 12:00 in Tokyo.
const NOW = Date.parse("2026-04-06T03:00:00Z");
const TZ = "Asia/Tokyo";

test("the next opening reads as today, tomorrow, a weekday, or a date", () => {
  const cases = [
    ["2026-04-06T10:00:00Z", "ja", "今日 19:00"],
    ["2026-04-06T15:00:00Z", "ja", "明日 00:00"], // after midnight in Tokyo, still the 6th in UTC
    ["2026-04-07T05:00:00Z", "ja", "明日 14:00"],
    ["2026-04-08T05:00:00Z", "ja", "水曜 14:00"],
    ["2026-04-12T05:00:00Z", "ja", "日曜 14:00"],
    ["2026-04-13T01:00:00Z", "ja", "4月13日(月) 10:00"],
    ["2026-04-08T05:00:00Z", "en", "Wednesday 14:00"],
    ["2026-04-20T01:00:00Z", "en", "Mon 20 April 10:00"],
    ["2026-04-07T05:00:00Z", "en", "tomorrow 14:00"],
  ];
  for (const [instant, lang, expected] of cases) {
    assert.equal(formatWhen(instant, { lang, timeZone: TZ, now: NOW }), expected, `${instant} ${lang}`);
  }
});

test("an open desk says someone is there, how busy, and until when", () => {
  const summary = {
    open: true, within_hours: true, on_duty: 2, staff: { available: 0, busy: 2, away: 0 }, waiting: 3,
    closes_at: "2026-04-06T08:00:00Z", timezone: TZ,
  };
  const { mood, headline, details } = describeStatus(summary, { lang: "ja", now: NOW, browser: TZ });
  assert.equal(mood, "open");
  assert.equal(headline, "いま対応できます");
  assert.deepEqual(details, [
    "当番のスタッフが2人います。",
    "いまは全員がほかの方とお話ししています。順番にお話しします。",
    "3人が順番を待っています。",
    "17:00まで受け付けています。",
  ]);
});

test("a desk that closes at midnight says 24:00, not the morning's 00:00", () => {
  const summary = { open: true, within_hours: true, on_duty: 1, staff: { available: 1, busy: 0, away: 0 }, waiting: 0,
    closes_at: "2026-04-06T15:00:00Z", timezone: TZ };  // 00:00 in Tokyo
  assert.ok(describeStatus(summary, { lang: "ja", now: NOW, browser: TZ }).details.includes("24:00まで受け付けています。"));
  assert.ok(describeStatus(summary, { lang: "en", now: NOW, browser: TZ }).details.includes("Open until 24:00."));
});

test("a closed desk gives the day's notice, the next opening and the way to leave a message", () => {
  const summary = { open: false, within_hours: false, next_opening: "2026-04-07T05:00:00Z", on_duty: 0, timezone: TZ, note: "研修のためお休みです" };
  const { mood, headline, details } = describeStatus(summary, { lang: "ja", now: NOW, browser: TZ });
  assert.equal(mood, "closed");
  assert.equal(headline, "いまは受付時間外です");
  assert.deepEqual(details, ["研修のためお休みです", "次は明日 14:00から", "メッセージを残していただければ、スタッフが読みます。"]);
  const none = describeStatus({ open: false, within_hours: false, next_opening: null }, { lang: "en", now: NOW, browser: TZ });
  assert.equal(none.details[0], "The next opening hours are not set yet.");
});

test("a reader whose clock is not Tokyo's is told the desk's times are Japan time", () => {
  const closed = { open: false, within_hours: false, next_opening: "2026-04-07T05:00:00Z", on_duty: 0, timezone: TZ };
  assert.ok(describeStatus(closed, { lang: "ja", now: NOW, browser: "UTC" }).details.includes("次は明日 14:00（日本時間）から"));
  assert.ok(describeStatus(closed, { lang: "en", now: NOW, browser: "UTC" }).details.includes("Next open tomorrow 14:00 (Japan time)"));
  const open = { open: true, on_duty: 1, staff: { available: 1 }, closes_at: "2026-04-06T15:00:00Z", timezone: TZ };
  assert.ok(describeStatus(open, { lang: "ja", now: NOW, browser: "UTC" }).details.includes("24:00（日本時間）まで受け付けています。"));
});

test("within hours with nobody on duty is said plainly", () => {
  const { mood, headline } = describeStatus({ open: false, within_hours: true, on_duty: 0 }, { lang: "en", now: NOW, browser: TZ });
  assert.equal(mood, "nobody");
  assert.equal(headline, "Nobody is on duty right now");
});

test("places and staff lines", () => {
  assert.equal(placeText(1, "ja"), "順番: 次です");
  assert.equal(placeText(2, "ja"), "順番: 2番目");
  assert.equal(placeText(3, "en"), "Your place: 3");
  assert.equal(staffLine({ busy: 1, available: 0, away: 1 }, "ja"), "スタッフ: お話し中 1人・あいている 0人（席を外している人 1人）");
});

test("both languages have the same texts", () => {
  assert.deepEqual(Object.keys(STRINGS.ja).sort(), Object.keys(STRINGS.en).sort());
  for (const lang of ["ja", "en"]) {
    for (const [key, text] of Object.entries(STRINGS[lang])) {
      if (Array.isArray(text)) assert.equal(text.length, 7, `${lang}.${key}`);
      else assert.ok(text.trim(), `${lang}.${key}`);
    }
  }
});

test("opening hours read as one line per open weekday, then dates that differ", () => {
  const hours = {
    weekly: [
      { weekday: 0, start: "10:00", end: "12:00" }, { weekday: 0, start: "13:00", end: "17:00" },
      { weekday: 5, start: "13:00", end: "16:00" },
    ],
    days: [{ date: "2026-04-29", closed: true, windows: [], note: "祝日" }],
  };
  assert.deepEqual(hoursLines(hours, "ja"), ["月曜 10:00–12:00, 13:00–17:00", "土曜 13:00–16:00", "4月29日 お休み（祝日）"]);
  assert.deepEqual(hoursLines({ weekly: [], days: [] }, "en"), ["The opening hours are not set yet."]);
});
