// Pure helpers of the booking dialog: days and times are shown in Tokyo time, whatever
// the machine's own zone.
import { test } from "node:test";
import assert from "node:assert/strict";

import { formatTime, groupByDay, professionLabel, STRINGS } from "../../web_client/src/ui/booking.js";

test("slots group by their Tokyo day, not the UTC day", () => {
  const slots = [
    { starts_at: "2026-04-06T14:00:00Z" }, // Monday 23:00 Tokyo
    { starts_at: "2026-04-06T15:00:00Z" }, // Tuesday 00:00 Tokyo
    { starts_at: "2026-04-07T01:00:00Z" }, // Tuesday 10:00 Tokyo
  ];
  const days = groupByDay(slots, "Asia/Tokyo");
  assert.deepEqual([...days.keys()], ["2026-04-06", "2026-04-07"]);
  assert.equal(days.get("2026-04-07").length, 2);
});

test("times are 24-hour Tokyo times", () => {
  assert.equal(formatTime("2026-04-06T15:00:00Z", "ja", "Asia/Tokyo"), "00:00");
  assert.equal(formatTime("2026-04-06T01:50:00Z", "en", "Asia/Tokyo"), "10:50");
});

test("both languages have the same texts", () => {
  assert.deepEqual(Object.keys(STRINGS.ja).sort(), Object.keys(STRINGS.en).sort());
  for (const lang of ["ja", "en"]) {
    for (const [key, text] of Object.entries(STRINGS[lang])) assert.ok(text.trim(), `${lang}.${key}`);
  }
  assert.equal(professionLabel("lawyer", "ja"), "弁護士");
  assert.equal(professionLabel(null, "en"), "");
});
