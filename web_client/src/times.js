// Every time a person reads, in one place. Times are shown in the operator's time zone
// (the server's IBASHO_TIMEZONE, Asia/Tokyo by default, sent with the account as `timezone`),
// never the browser's: a booking at 19:00 and a letter written at 19:05 must read alike on a
// phone set to UTC. When the browser's zone would show another clock, the time says which
// zone it is in ("（日本時間）" / " (Japan time)").
//
//   import { formatAt, setOperatorZone } from "../times.js";
//   setOperatorZone(body.timezone);                    // once the server said it
//   formatAt(iso, "ja", "dateTime")                    // "2026年12月6日 16:50（日本時間）" in a UTC browser
//   formatAt(iso, "en", "clock", { label: false })     // "16:50"

const DEFAULT_ZONE = "Asia/Tokyo";
// Names people know; other zones are named by the browser ("Central European Time").
const ZONE_NAMES = { "Asia/Tokyo": { ja: "日本時間", en: "Japan time" } };

const STYLES = {
  date: { year: "numeric", month: "short", day: "numeric" },
  longDate: { year: "numeric", month: "long", day: "numeric" },
  shortDate: { month: "numeric", day: "numeric" },
  day: { month: "long", day: "numeric", weekday: "short" },
  clock: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  dateTime: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  dayTime: { month: "long", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  shortDayTime: { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
};
// Styles with a clock get the zone's label; a date alone does not.
const TIMED = new Set(["clock", "dateTime", "dayTime", "shortDayTime"]);

let operator = DEFAULT_ZONE;

export function isZone(zone) {
  if (typeof zone !== "string" || !zone) return false;
  try { new Intl.DateTimeFormat("en-GB", { timeZone: zone }); return true; } catch { return false; }
}

// Set from the server's answer; a missing or unknown zone keeps the one before.
export function setOperatorZone(zone) {
  if (isZone(zone)) operator = zone;
  return operator;
}

export function operatorZone() { return operator; }

export function browserZone() { return new Intl.DateTimeFormat().resolvedOptions().timeZone; }

export function locale(lang) { return lang === "en" ? "en-GB" : "ja-JP"; }

const formats = new Map();
function format(loc, options) {
  const key = `${loc}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(loc, options));
  return formats.get(key);
}

function toDate(instant) {
  const date = instant instanceof Date ? instant : new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
}

// The wall-clock parts of an instant in a zone: {year, month, day, hour, minute (strings
// "00"-"23", "00"-"59"), weekday (0 = Monday)}.
export function localParts(instant, zone = operator) {
  const parts = {};
  const date = toDate(instant) ?? new Date(0);
  const f = format("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  for (const part of f.formatToParts(date)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return { year, month, day, hour: parts.hour, minute: parts.minute, weekday };
}

// Minutes the zone's clock is ahead of UTC at that instant (Tokyo: 540).
export function offsetMinutes(instant, zone) {
  const date = toDate(instant) ?? new Date(0);
  const p = localParts(date, zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, Number(p.hour), Number(p.minute));
  return Math.round((wall - Math.floor(date.getTime() / 60000) * 60000) / 60000);
}

// Would the browser's own clock read differently at that instant?
export function differsFromBrowser(instant = Date.now(), { zone = operator, browser = browserZone() } = {}) {
  return offsetMinutes(instant, zone) !== offsetMinutes(instant, browser);
}

export function zoneName(lang, zone = operator) {
  const known = ZONE_NAMES[zone]?.[lang === "en" ? "en" : "ja"];
  if (known) return known;
  try {
    const part = format(locale(lang), { timeZone: zone, timeZoneName: "long" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName");
    return part?.value || zone;
  } catch { return zone; }
}

// "（日本時間）" / " (Japan time)" when the browser's clock would differ, else "".
export function zoneLabel(lang, instant = Date.now(), options = {}) {
  if (!differsFromBrowser(instant, options)) return "";
  const name = zoneName(lang, options.zone ?? operator);
  return lang === "en" ? ` (${name})` : `（${name}）`;
}

// One instant as text in the operator's zone. style: one of STYLES' names; label: false
// leaves the zone's name off (a chat's many timestamps say it once, elsewhere).
export function formatAt(instant, lang, style = "dateTime", { zone = operator, label = true, browser } = {}) {
  const date = toDate(instant);
  if (!instant || !date) return "";
  const text = format(locale(lang), { timeZone: zone, ...(STYLES[style] ?? STYLES.dateTime) }).format(date);
  return label && TIMED.has(style) ? text + zoneLabel(lang, date, { zone, ...(browser ? { browser } : {}) }) : text;
}

// "19:00–19:50" in the zone (no label: the caller labels the whole line once).
export function formatRange(from, to, lang, { zone = operator } = {}) {
  return `${formatAt(from, lang, "clock", { zone, label: false })}–${formatAt(to, lang, "clock", { zone, label: false })}`;
}

// "2026-12-06": the zone's calendar day of an instant (for grouping by day).
export function dayKey(instant, zone = operator) {
  const date = toDate(instant);
  return date ? format("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date) : "";
}

// The value of an <input type="datetime-local"> showing the instant on the zone's clock.
export function toZoneInput(instant, zone = operator) {
  const date = toDate(instant);
  if (!date) return "";
  const p = localParts(date, zone);
  const pad = (n) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${p.hour}:${p.minute}`;
}

// The instant (ISO, UTC, seconds) an <input type="datetime-local"> means on the zone's clock,
// or null. A time skipped by a clock change resolves to the offset in force just before it.
export function fromZoneInput(value, zone = operator) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || "");
  if (!match) return null;
  const [, y, mo, d, hh, mm] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  let guess = wall - offsetMinutes(wall, zone) * 60000;
  guess = wall - offsetMinutes(guess, zone) * 60000;
  return new Date(guess).toISOString().replace(/\.\d+Z$/, "Z");
}

// A chat's clock ("16:50") on the operator's clock; its many lines leave the zone's name off.
export function formatTime(ms, lang) {
  return formatAt(ms, lang, "clock", { label: false });
}
