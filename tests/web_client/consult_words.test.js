import { test } from "node:test";
import assert from "node:assert/strict";
import { STRINGS, canWaitNow, opensAt, statusText, voiceWord } from "../../web_client/src/ui/consult_words.js";
import { keepCandidatesOn } from "../../web_client/src/ui/voice_client.js";

const booking = { starts_at: "2026-04-06T01:00:00Z", ends_at: "2026-04-06T01:50:00Z" };

test("both languages have the same words with the same placeholders", () => {
  const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  assert.deepEqual(Object.keys(STRINGS.ja).sort(), Object.keys(STRINGS.en).sort());
  for (const key of Object.keys(STRINGS.ja)) assert.equal(holes(STRINGS.ja[key]), holes(STRINGS.en[key]), key);
});

test("the waiting room opens 15 minutes before the start and closes at the end", () => {
  assert.equal(opensAt(booking).toISOString(), "2026-04-06T00:45:00.000Z");
  for (const [at, open] of [["2026-04-06T00:44:59Z", false], ["2026-04-06T00:45:00Z", true],
    ["2026-04-06T01:49:59Z", true], ["2026-04-06T01:50:00Z", false]]) {
    assert.equal(canWaitNow(booking, new Date(at)), open, at);
  }
});

test("status and voice words", () => {
  assert.equal(statusText({ status: "running_late", minutes: 10 }, "en"), STRINGS.en.status_running_late_minutes.replace("{n}", "10"));
  assert.equal(statusText({ status: "ready" }, "ja"), STRINGS.ja.status_ready);
  assert.equal(statusText(null, "ja"), STRINGS.ja.status_on_the_way);
  assert.equal(voiceWord(undefined, "en"), "off");
  assert.equal(voiceWord({ joined: true, connected: false }, "en"), "connecting");
  assert.equal(voiceWord({ joined: true, connected: true, muted: true }, "en"), "muted");
  assert.equal(voiceWord({ joined: true, connected: true, muted: false }, "ja"), "オン");
});

test("only the allowed candidate addresses leave the browser when a filter is set", () => {
  const sdp = ["v=0", "m=audio 9 UDP/TLS/RTP/SAVPF 111",
    "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
    "a=candidate:2 1 udp 2122194687 10.0.0.8 50001 typ host", "a=mid:0", ""].join("\r\n");
  const kept = keepCandidatesOn(sdp, ["127.0.0.1"]);
  assert.match(kept, /127\.0\.0\.1 50000/);
  assert.doesNotMatch(kept, /10\.0\.0\.8/);
  assert.equal(keepCandidatesOn(sdp, undefined), sdp);
});
