// The console's sections, in menu order. Each is a module exporting
//   { id, titleKey, strings?: {ja: {...}, en: {...}}, roles?: [...], render(root, ctx) }
// (roles: who sees the section; without it, the console's own roles)
// render() fills `root` and may be called again whenever the section is shown or
// refreshed. Desk queue, waiting room, cases and letters will be added here as their own
// modules: one import and one entry each.

import today from "./today.js";
import bookings from "./bookings.js";
import availability from "./availability.js";
import cases from "./cases.js";
import letters from "./letters.js";
import caseload from "./caseload.js";
import desk from "./desk.js";
import sessions from "./sessions.js";
import eventPlanner from "./event_planner.js";
import sanctions from "./sanctions.js";
import audit from "./audit.js";
import reports from "./reports.js";
import wordLists from "./word_lists.js";
import numbers from "./numbers.js";
import surveys from "./surveys.js";

// A section may say which roles see it (`roles: [...]`); without it, the console's first roles
// (the specialists' sections stay exactly as they were for specialists, staff and admins).
export const DEFAULT_ROLES = ["specialist", "staff", "admin"];
export const SECTIONS = [today, sessions, desk, bookings, availability, cases, letters, caseload, eventPlanner, surveys, numbers, reports, sanctions, wordLists, audit];

// The sections `role` sees, in menu order.
export function sectionsFor(role) {
  return SECTIONS.filter((s) => (s.roles || DEFAULT_ROLES).includes(role));
}
