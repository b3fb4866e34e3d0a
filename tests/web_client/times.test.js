// The one place times are written (web_client/src/times.js): the operator's clock whatever the
// browser's zone, labelled when the browser's clock would read differently.
// A browser in UTC and one in Tokyo are child nodes started with TZ=UTC / TZ=Asia/Tokyo.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  dayKey, differsFromBrowser, formatAt, formatRange, fromZoneInput, offsetMinutes,
  operatorZone, setOperatorZone, toZoneInput, zoneLabel, zoneName,
} from "../../web_client/src/times.js";

const LETTER = "2026-12-06T07:50:00Z"; // 16:50 in Tokyo, 07:50 in UTC
const here = new URL("../../web_client/src/times.js", import.meta.url).href;

// What the module writes in a browser (a node) whose own zone is `tz`.
function inBrowserZone(tz, expressions) {
  const script = `import("${here}").then((m) => console.log(JSON.stringify([${expressions.join(", ")}])))`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, TZ: tz } }).toString());
}

test("in a UTC browser a letter's time reads on Tokyo's clock, with the zone named", () => {
  assert.deepEqual(inBrowserZone("UTC", [
    "m.browserZone()", "m.operatorZone()",
    `m.formatAt("${LETTER}", "ja", "dateTime")`, `m.formatAt("${LETTER}", "en", "dateTime")`,
    `m.formatAt("${LETTER}", "ja", "clock")`, `m.formatAt("${LETTER}", "ja", "clock", { label: false })`,
    `m.formatAt("${LETTER}", "ja", "date")`, `m.differsFromBrowser("${LETTER}")`,
  ]), [
    "UTC", "Asia/Tokyo",
    "2026年12月6日 16:50（日本時間）", "6 Dec 2026, 16:50 (Japan time)",
    "16:50（日本時間）", "16:50", // a chat's many lines leave the name off
    "2026年12月6日", true, // a date alone carries no label
  ]);
});

test("in a Tokyo browser the same time carries no label", () => {
  assert.deepEqual(inBrowserZone("Asia/Tokyo", [
    "m.browserZone()", `m.formatAt("${LETTER}", "ja", "dateTime")`, `m.formatAt("${LETTER}", "en", "dayTime")`,
    `m.zoneLabel("en", "${LETTER}")`, `m.differsFromBrowser("${LETTER}")`,
  ]), ["Asia/Tokyo", "2026年12月6日 16:50", "Sun 6 December at 16:50", "", false]);
});

test("the label depends on the clocks, given explicitly", () => {
  assert.equal(zoneLabel("en", LETTER, { browser: "Asia/Tokyo" }), "");
  assert.equal(zoneLabel("en", LETTER, { browser: "Asia/Seoul" }), "", "the same clock needs no name");
  assert.equal(zoneLabel("en", LETTER, { browser: "Europe/Berlin" }), " (Japan time)");
  assert.equal(formatAt(LETTER, "en", "clock", { browser: "Asia/Tokyo" }), "16:50");
});

test("another operator zone is named by the platform and a bad one is refused", () => {
  try {
    assert.equal(setOperatorZone("Europe/Berlin"), "Europe/Berlin");
    assert.equal(formatAt(LETTER, "en", "clock", { browser: "UTC" }), "08:50 (Central European Standard Time)");
    assert.match(zoneName("ja"), /中央ヨーロッパ/);
    assert.equal(setOperatorZone("Not/AZone"), "Europe/Berlin", "an unknown zone keeps the one before");
    assert.equal(setOperatorZone(undefined), "Europe/Berlin");
  } finally {
    setOperatorZone("Asia/Tokyo");
  }
});

test("ranges, days and the day a late UTC evening falls on in Tokyo", () => {
  assert.equal(formatRange("2026-12-06T10:00:00Z", "2026-12-06T10:50:00Z", "ja"), "19:00–19:50");
  assert.equal(dayKey("2026-12-05T20:00:00Z"), "2026-12-06", "05:00 the next morning in Tokyo");
  assert.equal(formatAt("2026-12-05T20:00:00Z", "en", "day"), "Sun 6 December");
  assert.equal(formatAt(null, "ja"), "");
  assert.equal(formatAt("not a date", "en"), "");
  assert.equal(offsetMinutes(LETTER, "Asia/Tokyo"), 540);
  assert.equal(offsetMinutes("2026-07-01T00:00:00Z", "Europe/Berlin"), 120);
});

test("a datetime-local field speaks the operator's clock both ways", () => {
  assert.equal(toZoneInput(LETTER), "2026-12-06T16:50");
  assert.equal(fromZoneInput("2026-12-06T16:50"), LETTER);
  assert.equal(fromZoneInput("2026-03-29T02:30", "Europe/Berlin"), "2026-03-29T01:30:00Z", "a skipped hour takes the offset before it");
  assert.equal(fromZoneInput("2026-10-25T12:00", "Europe/Berlin"), "2026-10-25T11:00:00Z");
  assert.equal(fromZoneInput(""), null);
  assert.equal(fromZoneInput("tomorrow"), null);
});
