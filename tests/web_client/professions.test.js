import { test } from "node:test";
import assert from "node:assert/strict";
import { PROFESSIONS, professionName } from "../../web_client/src/professions.js";
import { PROFESSIONS as IN_BOOKING } from "../../web_client/src/ui/booking.js";
import { workerLabel } from "../../web_client/src/ui/casework_words.js";

test("one name per profession: booking and cases read the same table", () => {
  assert.equal(IN_BOOKING, PROFESSIONS);
  for (const [code, name] of Object.entries(PROFESSIONS)) {
    assert.equal(workerLabel({ nickname: "さくら", profession: code, role: "specialist" }, "ja"), `さくら（${name.ja}）`);
    assert.equal(workerLabel({ nickname: "Sakura", profession: code, role: "specialist" }, "en"), `Sakura（${name.en}）`);
  }
  assert.equal(professionName("psychologist", "ja"), "公認心理師・臨床心理士");
  assert.equal(professionName("unknown", "ja"), "");
});
