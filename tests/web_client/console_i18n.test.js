// The console speaks Japanese and English with the same set of texts.
import { test } from "node:test";
import assert from "node:assert/strict";

import { formatter, makeTranslator } from "../../web_client/src/console/i18n.js";

test("every console text exists in both languages", () => {
  const keys = ["appTitle", "todayTitle", "bookingsTitle", "availabilityTitle", "noShowHint", "confirmRemove", "onDate"];
  for (const key of keys) {
    const ja = makeTranslator("ja")(key);
    const en = makeTranslator("en")(key);
    assert.ok(ja && ja !== key && en && en !== key, key);
    assert.notEqual(ja, en, key);
  }
  assert.equal(makeTranslator("en")("capShort", { n: 3 }), "up to 3 a day");
  assert.equal(makeTranslator("ja")("weekdays")[0], "月曜日");
});

test("sections can bring their own strings", () => {
  const t = makeTranslator("ja", { ja: { deskTitle: "相談窓口" }, en: { deskTitle: "Desk" } });
  assert.equal(t("deskTitle"), "相談窓口");
  assert.equal(t("todayTitle"), "今日の相談");
});

test("dates and times in the server's zone", () => {
  const fmt = formatter("ja", "Asia/Tokyo");
  assert.equal(fmt.range("2026-04-06T01:00:00Z", "2026-04-06T01:50:00Z"), "10:00–10:50");
  assert.equal(fmt.dayKey("2026-04-06T15:30:00Z"), "2026-04-07");
});
