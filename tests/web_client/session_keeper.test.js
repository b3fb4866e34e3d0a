import { test } from "node:test";
import assert from "node:assert/strict";
import { ENDED_TEXT, endedText } from "../../web_client/src/ui/session_keeper.js";

// The reasons the server sends with `session:ended` (server/core/revocation.py: Reason).
const REASONS = ["logged_out", "role_changed", "credentials_changed", "suspended", "revoked", "expired"];

test("every reason the server can send has calm words in Japanese and English", () => {
  assert.deepEqual(Object.keys(ENDED_TEXT.ja).sort(), [...REASONS].sort());
  assert.deepEqual(Object.keys(ENDED_TEXT.en).sort(), [...REASONS].sort());
  for (const reason of REASONS) {
    assert.ok(endedText(reason, "ja").length > 0 && endedText(reason, "en").length > 0, reason);
    assert.notEqual(endedText(reason, "ja"), endedText(reason, "en"), reason);
  }
});

test("Japanese by default, and an unknown reason still gets a calm sentence", () => {
  assert.equal(endedText("logged_out", undefined), ENDED_TEXT.ja.logged_out);
  assert.equal(endedText("something_new", "en"), ENDED_TEXT.en.revoked);
});
