// The events texts (the space's panel and the console's section) exist in both languages,
// with the same keys and the same labels for every kind, audience and mode the server knows.
import { test } from "node:test";
import assert from "node:assert/strict";

import { STRINGS } from "../../web_client/src/console/event_planner_strings.js";
import { WORDS } from "../../web_client/src/ui/events_words.js";

const SERVER = {
  kind: ["exchange", "family_class", "peer_meetup", "talk"],
  audience: ["everyone", "individuals", "families", "supporters", "women"],
  registration: ["required", "drop_in"],
};

function sameShape(ja, en, where) {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort(), where);
  for (const key of Object.keys(ja)) {
    if (typeof ja[key] === "object") sameShape(ja[key], en[key], `${where}.${key}`);
    else assert.ok(ja[key] && en[key], `${where}.${key}`);
  }
}

test("the console's events texts have the same keys in Japanese and English", () => {
  sameShape(STRINGS.ja, STRINGS.en, "console");
  for (const [group, values] of Object.entries(SERVER)) {
    assert.deepEqual(Object.keys(STRINGS.ja[`ev_${group}`]), values, group);
  }
  assert.deepEqual(Object.keys(STRINGS.en.ev_repeat), ["none", "weekly", "monthly"]);
});

test("the space's events texts have the same keys and name every server value", () => {
  sameShape(WORDS.ja, WORDS.en, "space");
  for (const [group, values] of Object.entries(SERVER)) {
    assert.deepEqual(Object.keys(WORDS.ja[group]), values, group);
  }
  assert.match(WORDS.ja.audience_hint, /確かめることはできない/);
  assert.match(WORDS.en.audience_hint, /cannot check/);
});

test("the day's reminder says when, never \"tomorrow\": it goes out once a session is under a day away, today's too", () => {
  for (const [lang, tomorrow] of [["ja", /あした|明日/], ["en", /tomorrow/i]]) {
    assert.match(WORDS[lang].reminder_day, /\{when\}/, lang);  // the day and the time (localWhen)
    assert.doesNotMatch(WORDS[lang].reminder_day, tomorrow, lang);
  }
});
