// Casework words: the relation refusal and the self-seating entry read kindly in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";

import { LIMITS, detailLabel, errorMessage, w } from "../../web_client/src/ui/casework_words.js";

const KEYS = ["cases_no_relation", "cases_open_hint", "cases_self_reason", "cases_self_hint",
  "cases_self_reason_invalid", "cases_exists", "action_self_assign", "record_self_note"];

test("every new casework text exists in Japanese and English", () => {
  for (const key of KEYS) {
    const ja = w(key, {}, "ja");
    const en = w(key, {}, "en");
    assert.ok(ja && ja !== key && en && en !== key, key);
    assert.notEqual(ja, en, key);
  }
});

test("a refusal to open a case says what a relation is, whatever the cause", () => {
  const err = { code: "FORBIDDEN", detail: { reason: "no_relation" } };
  assert.match(errorMessage(err, "ja"), /予約/);
  assert.match(errorMessage(err, "en"), /booked you/);
});

test("the person reads the reason a staff member gave for seating themself", () => {
  assert.equal(detailLabel("self_assign", "休暇の間の連絡のため", "ja"), "理由：休暇の間の連絡のため");
  assert.equal(detailLabel("self_assign", "cover during leave", "en"), "reason: cover during leave");
  assert.equal(LIMITS.selfReason, 200);  // the server's SELF_SEAT_REASON_MAX
});
