// Reporting from where one sees it: a small modal dialog (category radios, an optional
// comment, send), then a calm "received". The server answers "received" whatever the target,
// so the dialog never says more than that. Loaded when first asked for (ui/report_button.js).
//
//   openReportDialog(api, { kind: "person", id }, { name })
//   openReportDialog(api, { kind: "message", id, place: "zone" })

import { errorText, t } from "../i18n.js";
import { h } from "./dom.js";
import { REPORT_CATEGORIES } from "./report_words.js";
import { TEXT_LIMITS } from "../text_limits.js";

function titleFor(target, name) {
  if (target.kind === "message") return t("report_title_message");
  if (target.kind === "board_post") return t("report_title_post");
  return t("report_title", { name: name || "" });
}

export function openReportDialog(api, target, { name, onClosed } = {}) {
  const form = h("form", { class: "report-form", method: "dialog" });
  const titleId = `report-title-${Date.now()}`;
  const error = h("p", { class: "form-error", role: "alert" });
  const radios = REPORT_CATEGORIES.map((category) => {
    const id = `report-cat-${category}`;
    return h("div", { class: "report-choice choice" },
      h("input", { type: "radio", name: "category", value: category, id, required: true }),
      h("label", { for: id, text: t(`report_cat_${category}`) }));
  });
  const comment = h("textarea", { name: "comment", rows: "3", maxlength: String(TEXT_LIMITS.report_comment ?? 1000),
    id: "report-comment" });
  const send = h("button", { type: "submit", class: "primary", text: t("report_send") });
  const cancel = h("button", { type: "button", class: "quiet-button", text: t("report_cancel") });
  form.append(
    h("h2", { id: titleId, text: titleFor(target, name) }),
    h("p", { class: "gentle-note", text: t("report_intro") }),
    h("fieldset", {}, h("legend", { text: t("report_category") }), ...radios),
    h("p", { class: "hint", text: t("report_urgent_note") }),
    h("label", { for: "report-comment", text: t("report_comment") }), comment,
    error,
    h("div", { class: "row" }, send, cancel));
  const dialog = h("dialog", { class: "dialog report-dialog", "aria-labelledby": titleId }, form);
  document.body.append(dialog);

  function received() {
    const done = h("button", { type: "button", class: "primary", text: t("report_close"), onclick: () => dialog.close() });
    dialog.replaceChildren(h("div", { class: "report-done", role: "status" },
      h("h2", { id: titleId, text: t("report_received") }),
      h("p", { class: "gentle-note", text: t("report_received_more") }), done));
    done.focus();
  }

  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector("input[name=category]:checked");
    if (!chosen) { error.textContent = t("report_pick_one"); return; }
    error.textContent = "";
    send.disabled = true;
    const body = { target, category: chosen.value };
    if (comment.value.trim()) body.comment = comment.value;
    try {
      await api.call("POST", "/api/reports", body);
      received();
    } catch (err) {
      error.textContent = errorText(err);
      send.disabled = false;
    }
  });
  dialog.addEventListener("close", () => { dialog.remove(); onClosed?.(); });
  dialog.showModal();
  radios[0].querySelector("input").focus();
  return dialog;
}
