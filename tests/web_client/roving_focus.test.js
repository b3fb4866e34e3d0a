// The stamp toolbar's keys: arrows move (and wrap), Home/End jump, other keys are not ours.
import test from "node:test";
import assert from "node:assert/strict";
import { rovingTarget } from "../../web_client/src/ui/roving_focus.js";

test("right and down move to the next item, wrapping at the end", () => {
  assert.equal(rovingTarget("ArrowRight", 0, 10), 1);
  assert.equal(rovingTarget("ArrowDown", 3, 10), 4);
  assert.equal(rovingTarget("ArrowRight", 9, 10), 0);
});

test("left and up move to the previous item, wrapping at the start", () => {
  assert.equal(rovingTarget("ArrowLeft", 5, 10), 4);
  assert.equal(rovingTarget("ArrowUp", 1, 10), 0);
  assert.equal(rovingTarget("ArrowLeft", 0, 10), 9);
});

test("Home and End jump to the ends", () => {
  assert.equal(rovingTarget("Home", 6, 10), 0);
  assert.equal(rovingTarget("End", 2, 10), 9);
});

test("Tab, Enter, letters and focus outside the items are left alone", () => {
  for (const key of ["Tab", "Enter", " ", "a", "Escape"]) assert.equal(rovingTarget(key, 2, 10), null);
  assert.equal(rovingTarget("ArrowRight", -1, 10), null);
  assert.equal(rovingTarget("ArrowRight", 0, 0), null);
});
