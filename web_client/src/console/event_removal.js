// In a report about a line of event chat (or an event, once the person is known), the
// moderator who claimed it can ask that person to leave that event session: the ladder's
// "event_removal", with the preset words edited before sending. The server removes them from
// the live room at once, keeps them out of that session, tells them kindly and audits it.

import { field, h } from "./dom.js";
import { TEXT_LIMITS } from "../text_limits.js";

export function eventRemovalForm(report, ctx, redraw) {
  const { t, api, run, announce } = ctx;
  const event = report.snapshot?.event;
  if (!event?.occurrence_id || !report.reported?.id) return null;
  const reasonJa = h("textarea", { rows: 3, maxlength: TEXT_LIMITS.sanction_reason, required: true });
  const reasonEn = h("textarea", { rows: 3, maxlength: TEXT_LIMITS.sanction_reason });
  const title = event.title_ja || event.title_en || "";
  const form = h("form", { class: "rp-removal-form" },
    h("h4", { text: t("rpRemoveTitle") }),
    h("p", { class: "muted", text: t("rpRemoveWho", { name: report.reported.nickname || "", event: title }) }),
    field(t("rpRemoveReasonJa"), reasonJa, t("rpRemoveHint")), field(t("rpRemoveReasonEn"), reasonEn),
    h("button", { type: "submit", class: "primary", text: t("rpRemoveSubmit") }));
  run(async () => {  // the preset words, for the moderator to edit
    const { presets } = await api.call("GET", "/api/moderation/presets");
    if (!reasonJa.value) reasonJa.value = presets.event_removal.ja;
    if (!reasonEn.value) reasonEn.value = presets.event_removal.en;
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); run(async () => {
    await api.call("POST", "/api/moderation/sanctions", {
      account_id: report.reported.id, kind: "event_removal", occurrence_id: event.occurrence_id,
      reason_ja: reasonJa.value, ...(reasonEn.value.trim() ? { reason_en: reasonEn.value } : {}) });
    announce(t("rpRemoved"));
    await redraw();
  }); });
  return form;
}
