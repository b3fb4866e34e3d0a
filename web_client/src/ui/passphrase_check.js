// A new passphrase typed twice, checked in the order a person can act on: first whether it
// is long enough (saying how long it is now), then whether the two match. Each answer names
// the field to fix. The server checks again (PASSPHRASE_WEAK); this only saves a round trip
// and, above all, never says "they don't match" when the real problem is the length.

export const PASSPHRASE_MIN = 8;
export const PASSPHRASE_MAX = 128;

// -> null when fine, else { field: "first" | "again", key, params }
export function passphraseProblem(first, again) {
  const length = [...first].length;
  if (length < PASSPHRASE_MIN) return { field: "first", key: "passphrase_too_short", params: { n: length, min: PASSPHRASE_MIN } };
  if (length > PASSPHRASE_MAX) return { field: "first", key: "passphrase_too_long", params: { n: length, max: PASSPHRASE_MAX } };
  if (first !== again) return { field: "again", key: "keep_mismatch", params: {} };
  return null;
}
