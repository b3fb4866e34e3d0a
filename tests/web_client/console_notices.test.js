// The console's notices read in both languages, at the console's time zone, for every event
// the console hears beside its sections' own.
import { test } from "node:test";
import assert from "node:assert/strict";

import { NOTICE_EVENTS } from "../../web_client/src/console/events.js";
import { STRINGS, noticeText } from "../../web_client/src/console/notices.js";

const booking = { person: { nickname: "はるのひと" }, starts_at: "2026-04-06T01:00:00Z" };

test("a new booking names the person and the time, in Tokyo", () => {
  const ja = noticeText("booking:created", { booking }, { lang: "ja", timeZone: "Asia/Tokyo" });
  assert.match(ja, /^新しい予約: はるのひとさん、4月6日.* 10:00$/);
  const en = noticeText("booking:created", { booking }, { lang: "en", timeZone: "Asia/Tokyo" });
  assert.match(en, /^New booking: はるのひと, .*6 April 10:00$/);
});

test("a booking the person cancelled or moved names them and its (new) time", () => {
  const moved = { ...booking, starts_at: "2026-04-06T02:00:00Z" };
  assert.match(noticeText("booking:cancelled", { booking }, { lang: "ja", timeZone: "Asia/Tokyo" }),
    /^予約が取り消されました: はるのひとさん、4月6日.* 10:00$/);
  assert.match(noticeText("booking:rescheduled", { booking: moved, previous: { id: "b" } }, { lang: "en", timeZone: "Asia/Tokyo" }),
    /^A booking was moved: はるのひと, now .*6 April 11:00$/);
});

test("a case given to me names the person; every notice has words in both languages", () => {
  assert.equal(noticeText("case:assigned", { case_id: "c", person_nickname: "そら" }, { lang: "en", timeZone: "Asia/Tokyo" }),
    "A case was given to you: そら");
  for (const event of NOTICE_EVENTS) {
    for (const lang of ["ja", "en"]) assert.ok(STRINGS[lang][event], `${lang} ${event}`);
  }
});
