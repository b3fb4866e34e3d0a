// The event hall's sign (ui/hall_program.js): which hall session is on now and next, from the
// server's list (door_open by the server's clock), and whether this person is offered to go in.
import { test } from "node:test";
import assert from "node:assert/strict";

import { access, hallProgram } from "../../web_client/src/ui/hall_program.js";

const occ = (id, fields = {}, event = {}) => ({
  id, door_open: false, cancelled: false, seats_left: 3, mine: null, is_host: false,
  ...fields, event: { place: "hall", registration: "required", cancelled: false, ...event },
});

test("the hall's sign shows the session whose door is open now, and the next one", () => {
  const live = occ("a", { door_open: true });
  const later = occ("b");
  const elsewhere = occ("c", { door_open: true }, { place: "room" });
  const gone = occ("d", { door_open: true, cancelled: true });
  assert.deepEqual(hallProgram([elsewhere, gone, live, later]), { now: live, next: later, access: "register" });
  assert.deepEqual(hallProgram([elsewhere, later]), { now: null, next: later, access: null });
  assert.deepEqual(hallProgram([]), { now: null, next: null, access: null });
  assert.deepEqual(hallProgram(undefined), { now: null, next: null, access: null });
});

test("who is offered to go in: signed up, hosts, drop-in while seats are free; never the removed", () => {
  assert.equal(access(occ("a", { mine: { status: "registered" } })), "enter");
  assert.equal(access(occ("a", { is_host: true })), "enter");
  assert.equal(access(occ("a")), "register");
  assert.equal(access(occ("a", { mine: { status: "waitlisted" } })), "register");
  assert.equal(access(occ("a", {}, { registration: "drop_in" })), "enter");
  assert.equal(access(occ("a", { seats_left: 0 }, { registration: "drop_in" })), "full");
  assert.equal(access(occ("a", { seats_left: 0, mine: { status: "registered" } }, { registration: "drop_in" })), "enter");
  assert.equal(access(occ("a", { mine: { status: "removed" } }, { registration: "drop_in" })), "removed");
});
