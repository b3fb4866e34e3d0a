// The web client's warning before sending (web_client/src/shield_hint.js): what it warns
// about, what it leaves alone, and its words in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";

import { personalInfoKind, shieldHint } from "../../web_client/src/shield_hint.js";

test("phone numbers in every common spelling are warned about", () => {
  for (const text of ["090-1234-5678", "０９０ １２３４ ５６７８", "〇九〇一二三四五六七八", "(03) 1234・5678", "+81 90 1234 5678"]) {
    assert.equal(personalInfoKind(`連絡ください ${text}`), "phone", text);
  }
});

test("e-mail addresses and announced IDs are warned about", () => {
  assert.equal(personalInfoKind("taro@example.com"), "email");
  assert.equal(personalInfoKind("taro＠example．com"), "email");
  assert.equal(personalInfoKind("taro(at)gmail.com"), "email");
  assert.equal(personalInfoKind("LINE: taro_1990"), "sns");
});

test("times, prices, ages and counts pass without a warning", () => {
  for (const text of ["3時に30分だけ", "1,500円でした", "20歳です", "電話は苦手です", "2026年12月6日"]) {
    assert.equal(personalInfoKind(text), null, text);
  }
});

test("the warning says where the words go, in Japanese and English", () => {
  assert.match(shieldHint("phone", "ja", "public"), /電話番号.*だれでも読めます/);
  assert.match(shieldHint("email", "en", "public"), /e-mail address.*Anyone here/);
  assert.match(shieldHint("phone", "ja", "desk"), /スタッフにだけ/);
  assert.equal(shieldHint(null, "ja"), "");
});
