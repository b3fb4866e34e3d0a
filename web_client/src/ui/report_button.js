// The ways into reporting that are on screen from the start (a chat line's small button, a
// person's menu): the dialog itself (ui/report_dialog.js) travels only when first asked for.

import { t } from "../i18n.js";
import { h } from "./dom.js";

// openReportDialog's arguments; resolves to the dialog once it is open.
export async function openReport(api, target, options) {
  return (await import("./report_dialog.js")).openReportDialog(api, target, options);
}

// The small "report" button of a chat line (zone chat, a conversation, the desk): hidden on
// one's own lines. `targetOf()` is read on click, since the line's element is reused.
export function messageReportButton(api, targetOf) {
  const button = h("button", { type: "button", class: "msg-report quiet-button small", dataset: { action: "report-message" } });
  button.addEventListener("click", () => openReport(api, targetOf(), { onClosed: () => button.isConnected && button.focus() }));
  return button;
}

// Refresh a line's report button: its words in the current language, hidden on own lines.
export function fillReportButton(button, { mine, sender }) {
  button.hidden = mine;
  button.textContent = t("report_action");
  button.setAttribute("aria-label", `${t("report_message_action")}: ${sender || ""}`);
}
