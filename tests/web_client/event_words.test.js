import { test } from "node:test";
import assert from "node:assert/strict";
import { STRINGS, fill, shownName, words } from "../../web_client/src/ui/event_words.js";

test("both languages have the same words with the same placeholders", () => {
  const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  assert.deepEqual(Object.keys(STRINGS.ja).sort(), Object.keys(STRINGS.en).sort());
  for (const key of Object.keys(STRINGS.ja)) assert.equal(holes(STRINGS.ja[key]), holes(STRINGS.en[key]), key);
});

test("every removal reason the server sends has kind words", () => {
  for (const reason of ["not_for_audience", "safety", "disruption", "other"]) {
    assert.ok(STRINGS.ja[`removed_${reason}`] && STRINGS.en[`removed_${reason}`], reason);
    assert.ok(STRINGS.ja[`reason_${reason}`] && STRINGS.en[`reason_${reason}`], reason);
  }
});

test("a speaker without a label is an anonymous attendee; counts fill in", () => {
  assert.equal(shownName(null, words("ja")), "参加者");
  assert.equal(shownName("ひまわり", words("en")), "ひまわり");
  assert.equal(fill(words("en").here, { n: 12 }), "People here now: 12");  // no "1 people"
  assert.equal(words("fr"), STRINGS.ja);
});
