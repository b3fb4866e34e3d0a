// Every server event the console listens to, by namespace: the lists the sections' live links
// subscribe with (live.js refuses handlers that differ from them), read by
// tests/unit/test_event_registry.py against server/realtime/events.py.

// The desk section (console/desk.js) on /desk, as a desk worker.
export const DESK_EVENTS = [
  "desk:status", "desk:state", "desk:opened", "desk:message", "desk:handed_over", "desk:ended", "desk:message_left",
];

// The console's notices (console/notices.js) on /desk, whichever section is shown.
export const NOTICE_EVENTS = [
  "booking:created", "booking:cancelled", "booking:rescheduled", "case:assigned", "case:unassigned", "case:consent_changed",
];

// Crisis alerts (console/crisis.js) on /desk, whichever section is shown.
export const CRISIS_EVENTS = ["crisis:alert", "crisis:acknowledged"];

// The live sessions section (console/sessions.js) on /consult, as specialist or colleague.
// The report alerts (console/report_alerts.js) on /desk, for moderators, staff and admins (and,
// escalated, every staff-class console).
export const REPORT_EVENTS = ["report:alert", "report:claimed"];

export const CONSULT_EVENTS = [
  "consult:knock", "consult:state", "consult:admitted", "consult:invited", "consult:message",
  "consult:participants", "consult:consent_answer", "consult:removed", "consult:voice_state", "consult:ended",
];

export const CONSOLE_EVENTS = {
  "/desk": [...DESK_EVENTS, ...NOTICE_EVENTS, ...REPORT_EVENTS, ...CRISIS_EVENTS],
  "/consult": CONSULT_EVENTS,
};
