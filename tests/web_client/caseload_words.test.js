// The caseload section's words: Japanese and English say the same things, keys do not clash
// with the console's own, and a specialist's own month reads as kind sentences (no rating,
// the "carrying much more" line only when the server says so).
import { test } from "node:test";
import assert from "node:assert/strict";

import { makeTranslator } from "../../web_client/src/console/i18n.js";
import { monthLabel, selfSentences, strings } from "../../web_client/src/console/caseload_strings.js";

const row = (over = {}) => ({
  specialist: { id: "a", nickname: "あおい", role: "specialist", profession: "psychologist" },
  sessions: { held: 2, upcoming: 1, no_show: 1, unmarked: 1 }, cases: { open: 2, new: 1 },
  letters: { received: 2, sent: 1, waiting: 1 }, load: 9, heavier_than_most: false, ...over,
});
const tr = (lang) => makeTranslator(lang, strings);

test("both languages have the same keys, none empty, none taken from the console's own", () => {
  assert.deepEqual(Object.keys(strings.ja).sort(), Object.keys(strings.en).sort());
  for (const key of Object.keys(strings.ja)) {
    assert.ok(strings.ja[key] && strings.en[key], key);
    assert.equal(makeTranslator("ja")(key), key, `${key} would shadow a console text`);
  }
});

test("a month reads in each language", () => {
  assert.equal(monthLabel(tr("ja"), "2026-04"), "2026年4月");
  assert.equal(monthLabel(tr("en"), "2026-12"), "12/2026");
});

test("a specialist's own month, in kind sentences", () => {
  const ja = selfSentences(tr("ja"), row());
  assert.deepEqual(ja, [
    "相談は、実施が2件、これからの予約が1件です。",
    "来られなかった予約が1件ありました。また別の時間に会えるかもしれません。",
    "まだ記録していない相談が1件あります。「予約」から、いつでも記録できます。",
    "担当しているケースは2件です（この月から1件）。",
    "手紙は、受け取ったものが2通、送ったものが1通です。",
    "返事を待っている手紙が1通あります。急がなくて大丈夫です。",
  ]);
  const en = selfSentences(tr("en"), row({ heavier_than_most: true, letters: { received: 0, sent: 0, waiting: 0 } }));
  assert.ok(en.includes("No letters are waiting for a reply."));
  assert.match(en.at(-1), /do not have to hold it alone/);
  assert.equal(selfSentences(tr("ja"), row()).some((s) => s.includes("かなり多く")), false);
});

test("an empty month says so once, without zeros", () => {
  const empty = row({ sessions: { held: 0, upcoming: 0, no_show: 0, unmarked: 0 }, cases: { open: 0, new: 0 },
    letters: { received: 0, sent: 0, waiting: 0 }, load: 0 });
  assert.deepEqual(selfSentences(tr("ja"), empty), ["この月の受け持ちは、まだありません。"]);
  assert.deepEqual(selfSentences(tr("en"), empty), ["Nothing on your caseload for this month yet."]);
});
