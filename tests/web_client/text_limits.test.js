// The client's input limits come from one generated module (web_client/src/text_limits.js,
// itself checked against server/core/text.py by tests/unit/test_text.py).
import { test } from "node:test";
import assert from "node:assert/strict";

import { TEXT_LIMITS } from "../../web_client/src/text_limits.js";
import { LIMITS } from "../../web_client/src/ui/casework_words.js";
import { MESSAGE_MAX, NOTE_MAX, SAY_MAX } from "../../web_client/src/ui/desk_words.js";
import { SAY_MAX as CONSULT_SAY_MAX } from "../../web_client/src/ui/consult_words.js";

test("the published limits are whole positive numbers and cannot be changed at run time", () => {
  assert.ok(Object.isFrozen(TEXT_LIMITS));
  for (const [name, limit] of Object.entries(TEXT_LIMITS)) assert.ok(Number.isInteger(limit) && limit > 0, name);
  assert.equal(TEXT_LIMITS.booking_note, 500);
});

test("the panels' maxlength values are the published ones", () => {
  assert.deepEqual(LIMITS, {
    letterBody: TEXT_LIMITS.letter_body, letterSubject: TEXT_LIMITS.letter_subject, note: TEXT_LIMITS.case_note,
    contactStart: TEXT_LIMITS.case_contact_start, referralRoute: TEXT_LIMITS.case_referral_route,
    nextStep: TEXT_LIMITS.case_next_step, reason: TEXT_LIMITS.case_reason, selfReason: TEXT_LIMITS.self_seat_reason,
    organisation: TEXT_LIMITS.consent_organisation, purpose: TEXT_LIMITS.consent_purpose,
  });
  assert.deepEqual([NOTE_MAX, SAY_MAX, MESSAGE_MAX, CONSULT_SAY_MAX],
    [TEXT_LIMITS.desk_queue_note, TEXT_LIMITS.chat, TEXT_LIMITS.desk_message, TEXT_LIMITS.chat]);
});

test("the static pages' fields take the published limit of the kind they name", async () => {
  const { applyTextLimits } = await import("../../web_client/src/ui/page_limits.js");
  const fields = [{ dataset: { textKind: "nickname" } }, { dataset: { textKind: "chat" } }];
  applyTextLimits({ querySelectorAll: (selector) => (selector === "[data-text-kind]" ? fields : []) });
  assert.deepEqual(fields.map((f) => f.maxLength), [TEXT_LIMITS.nickname, TEXT_LIMITS.chat]);
  const unknown = [{ dataset: { textKind: "no_such_kind" } }];
  assert.throws(() => applyTextLimits({ querySelectorAll: () => unknown }), /unknown text kind/);
});
