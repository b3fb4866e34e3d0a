// A person is told, quietly, when who can read their record changes (e.g. a staff member
// seated themself): the space listens for "record:changed" and shows a notice.
import { test } from "node:test";
import assert from "node:assert/strict";

import { readFileSync } from "node:fs";

import { SupportPanel } from "../../web_client/src/ui/support_panel.js";

// net.js loads the Socket.IO bundle from the server's /vendor path, so read its list.
test("the space client listens for record:changed", () => {
  const source = readFileSync(new URL("../../web_client/src/net.js", import.meta.url), "utf8");
  const list = source.match(/export const SERVER_EVENTS = \[([^\]]*)\]/)[1];
  assert.ok(list.includes('"record:changed"'));
});

test("record:changed shows a notice and refreshes an open record", () => {
  const shown = [];
  let refreshed = 0;
  const panel = {
    app: { notices: { show: (text, options) => shown.push([text, options]) } },
    record: { dialog: { open: true }, refresh: () => { refreshed += 1; } },
  };
  SupportPanel.prototype.onServerEvent.call(panel, "record:changed", { case_id: "c1" });
  assert.equal(shown.length, 1);
  assert.match(shown[0][0], /わたしの記録|My record/);
  assert.equal(refreshed, 1);
  panel.record.dialog.open = false;  // a closed dialog loads afresh when opened
  SupportPanel.prototype.onServerEvent.call(panel, "record:changed", { case_id: "c1" });
  assert.equal(shown.length, 2);
  assert.equal(refreshed, 1);
});
