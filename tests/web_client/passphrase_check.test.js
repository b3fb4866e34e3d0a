import { test } from "node:test";
import assert from "node:assert/strict";
import { passphraseProblem } from "../../web_client/src/ui/passphrase_check.js";
import { t } from "../../web_client/src/i18n.js";

test("a short passphrase is called short, even when the two fields also differ", () => {
  assert.deepEqual(passphraseProblem("abc", "abc"), { field: "first", key: "passphrase_too_short", params: { n: 3, min: 8 } });
  assert.equal(passphraseProblem("abc", "xyz").key, "passphrase_too_short");
  assert.equal(passphraseProblem("", "").params.n, 0);
});

test("length counts characters, not UTF-16 units, and the upper bound is named too", () => {
  assert.equal(passphraseProblem("🍵".repeat(7), "🍵".repeat(7)).key, "passphrase_too_short");
  assert.equal(passphraseProblem("🍵".repeat(8), "🍵".repeat(8)), null);
  assert.equal(passphraseProblem("a".repeat(129), "a".repeat(129)).key, "passphrase_too_long");
});

test("long enough but different: the second field is the one to fix", () => {
  assert.deepEqual(passphraseProblem("correct horse", "correct hose"), { field: "again", key: "keep_mismatch", params: {} });
  assert.equal(passphraseProblem("correct horse", "correct horse"), null);
});

test("each answer reads in both languages with its numbers", () => {
  const short = passphraseProblem("abcde", "abcde");
  assert.match(t(short.key, short.params, "ja"), /8文字以上.*5文字/);
  assert.match(t(short.key, short.params, "en"), /at least 8.*5/);
  for (const key of ["passphrase_too_short", "passphrase_too_long", "keep_mismatch"]) {
    assert.notEqual(t(key, {}, "ja"), key);
    assert.notEqual(t(key, {}, "en"), key);
  }
});
