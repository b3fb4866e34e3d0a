// The surveys speak Japanese and English with the same set of texts, in the space and the console.
import { test } from "node:test";
import assert from "node:assert/strict";

import { WORDS } from "../../web_client/src/ui/survey_words.js";
import { STRINGS } from "../../web_client/src/console/surveys.js";
import { RESULT_STRINGS } from "../../web_client/src/console/survey_results.js";
import { makeTranslator } from "../../web_client/src/console/i18n.js";

function sameKeys(ja, en, where) {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort(), where);
  for (const [key, value] of Object.entries(ja)) {
    if (value && typeof value === "object") sameKeys(value, en[key], `${where}.${key}`);
    else assert.ok(String(value).trim() && String(en[key]).trim(), `${where}.${key}`);
  }
}

test("every survey text exists in both languages", () => {
  sameKeys(WORDS.ja, WORDS.en, "space");
  sameKeys(STRINGS.ja, STRINGS.en, "console");
  sameKeys(RESULT_STRINGS.ja, RESULT_STRINGS.en, "results");
});

test("the console section carries the results' words, so the report can reuse them", () => {
  const t = makeTranslator("ja", STRINGS);
  assert.equal(t("resFewer", { n: 5 }), "5人未満");
  assert.equal(makeTranslator("en", STRINGS)("resFewer", { n: 5 }), "fewer than 5");
  assert.equal(t("surveysTitle"), "アンケート");
  assert.equal(t("resKind").scale, "1〜5");
});
