// What the event hall's sign says, from the server's list of sessions (GET /api/events, soonest
// first, each with `door_open` by the server's clock): the session on now in the hall, the
// next one, and whether this person may go in. Pure (no DOM, no clock), so node can test it.
// The room's own door (rooms/events/admission.py) still decides; this only words the offer.

export function hallProgram(occurrences) {
  const hall = (occurrences || []).filter((o) => o.event?.place === "hall" && !o.cancelled && !o.event.cancelled);
  const now = hall.find((o) => o.door_open) || null;
  const next = hall.find((o) => o !== now && !o.door_open) || null;
  return { now, next, access: now ? access(now) : null };
}

// "enter" | "register" (sign-up needed) | "full" (a drop-in with no seat) | "removed".
export function access(occ) {
  const status = occ.mine?.status;
  if (occ.is_host || status === "registered") return "enter";
  if (status === "removed") return "removed";
  if (occ.event.registration === "drop_in") return occ.seats_left > 0 ? "enter" : "full";
  return "register";
}
