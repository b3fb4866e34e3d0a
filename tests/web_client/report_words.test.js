// Reports' words: Japanese and English say the same things, every category and outcome the
// server knows (moderation/reports/policy.py) has words on both sides, and the console alert
// banner says what waits, for whom.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { REPORT_CATEGORIES, REPORT_WORDS } from "../../web_client/src/ui/report_words.js";
import { REPORT_STRINGS } from "../../web_client/src/console/reports_strings.js";
import { STRINGS as ALERT_STRINGS, alertText } from "../../web_client/src/console/report_alerts.js";

const policy = readFileSync(new URL("../../moderation/reports/policy.py", import.meta.url), "utf8");
const tuple = (name) => [...policy.match(new RegExp(`${name} = \\(([\\s\\S]*?)\\n\\)|${name} = \\(([^)]*)\\)`))[0]
  .matchAll(/"(\w+)"/g)].map((m) => m[1]);

test("both languages have the same keys", () => {
  for (const table of [REPORT_WORDS, REPORT_STRINGS, ALERT_STRINGS]) {
    assert.deepEqual(Object.keys(table.ja).sort(), Object.keys(table.en).sort());
    for (const key of Object.keys(table.ja)) assert.ok(table.ja[key] && table.en[key], key);
  }
});

test("every category and outcome of the server has words in the space and the console", () => {
  const categories = tuple("CATEGORIES");
  const outcomes = tuple("OUTCOMES");
  assert.equal(categories.length, 7);
  assert.deepEqual(REPORT_CATEGORIES, categories);
  for (const lang of ["ja", "en"]) {
    for (const c of categories) assert.ok(REPORT_WORDS[lang][`report_cat_${c}`] && REPORT_STRINGS[lang][`cat_${c}`], c);
    for (const o of outcomes) assert.ok(REPORT_WORDS[lang][`report_outcome_${o}`] && REPORT_STRINGS[lang][`outcome_${o}`], o);
  }
});

test("the alert banner: urgent first, and staff are asked to reach a moderator when escalated", () => {
  const one = new Map([["a", { id: "a", urgent: false, escalated: false }]]);
  assert.equal(alertText(one, "moderator", "ja"), "新しい報告があります（1件、だれも見ていません）");
  const urgent = new Map([...one, ["b", { id: "b", urgent: true, escalated: true }]]);
  assert.equal(alertText(urgent, "moderator", "en"), ALERT_STRINGS.en.alertUrgent);
  assert.equal(alertText(urgent, "specialist", "ja"), ALERT_STRINGS.ja.alertEscalated);
});

test("a message's report button is named with its visible word in it (WCAG 2.5.3, label in name)", () => {
  for (const lang of ["ja", "en"]) {
    const words = REPORT_WORDS[lang];
    assert.ok(words.report_message_action.includes(words.report_action), `${lang}: ${words.report_message_action}`);
  }
});
