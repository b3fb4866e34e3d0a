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
import reports from "./reports.js";

// Who sees each section: `roles` (a section may declare its own); the specialists' sections
// stay exactly as they were for specialists, staff and admins.
const WORKERS = ["specialist", "staff", "admin"];
const withRoles = (section, roles) => Object.assign(section, { roles: section.roles || roles });

export const SECTIONS = [today, sessions, desk, bookings, availability, cases, letters].map((s) => withRoles(s, WORKERS))
  .concat([reports]);

// The sections `role` sees, in menu order.
export function sectionsFor(role) {
  return SECTIONS.filter((s) => s.roles.includes(role));
}
