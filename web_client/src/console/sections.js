// The console's sections, in menu order. Each is a module exporting
//   { id, titleKey, strings?: {ja: {...}, en: {...}}, render(root, ctx) }
// render() fills `root` and may be called again whenever the section is shown or
// refreshed. Desk queue, waiting room, cases and letters will be added here as their own
// modules: one import and one entry each.

import today from "./today.js";
import bookings from "./bookings.js";
import availability from "./availability.js";
import cases from "./cases.js";
import letters from "./letters.js";
import desk from "./desk.js";
import sessions from "./sessions.js";
import wordLists from "./word_lists.js";

export const SECTIONS = [today, sessions, desk, bookings, availability, cases, letters, wordLists];

// Who sees a section: its `roles`, or by default the specialist console's roles.
export const DEFAULT_SECTION_ROLES = ["specialist", "staff", "admin"];
export function sectionsFor(role) {
  return SECTIONS.filter((s) => (s.roles || DEFAULT_SECTION_ROLES).includes(role));
}
