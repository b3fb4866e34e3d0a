// What one can do towards another person: a stamp, an invitation to talk, a block.
// Shared by the list mode rows and the menu that opens when an avatar is clicked.

import { h } from "./dom.js";
import { stampButtons } from "./stamps.js";
import { openReport } from "./report_button.js";
import { t } from "../i18n.js";

export function personActions(app, person, { onDone } = {}) {
  let current = person;
  const palette = h("div", { class: "inline-palette", role: "group", hidden: true });
  const stampToggle = h("button", { type: "button", class: "small", "aria-expanded": "false", dataset: { action: "stamp" } });
  const invite = h("button", { type: "button", class: "small", dataset: { action: "invite" } });
  const group = h("button", { type: "button", class: "small quiet-button", "aria-pressed": "false", dataset: { action: "group" } });
  const inviteNote = h("p", { class: "hint invite-note", hidden: true });
  const block = h("button", { type: "button", class: "small quiet-button", dataset: { action: "block" } });
  const report = h("button", { type: "button", class: "small quiet-button", dataset: { action: "report" } });
  const confirm = h("div", { class: "block-confirm", hidden: true, role: "group" });
  const confirmText = h("p", {});
  const yes = h("button", { type: "button", class: "small danger", dataset: { action: "block-yes" } });
  const no = h("button", { type: "button", class: "small quiet-button", dataset: { action: "block-no" } });
  confirm.append(confirmText, h("div", { class: "row" }, yes, no));

  stampToggle.addEventListener("click", () => {
    const open = palette.hidden;
    palette.hidden = !open;
    stampToggle.setAttribute("aria-expanded", String(open));
    if (open) palette.querySelector("button")?.focus();
  });
  invite.addEventListener("click", async () => {
    if (await app.invite([current.id])) onDone?.();
  });
  group.addEventListener("click", () => app.toggleGroupInvite(current.id));
  block.addEventListener("click", () => {
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener("click", () => {
    confirm.hidden = true;
    block.focus();
  });
  report.addEventListener("click", () => {
    onDone?.();
    openReport(app.api, { kind: "person", id: current.id }, { name: current.nickname, onClosed: () => app.focusMap?.() });
  });
  yes.addEventListener("click", async () => {
    if (await app.block(current.id)) onDone?.();
  });

  const row = h("div", { class: "person-actions row" }, stampToggle, invite, group, block, report);
  const el = h("div", { class: "person-actions-wrap" }, row, inviteNote, palette, confirm);

  function fillPalette() {
    palette.textContent = "";
    palette.setAttribute("aria-label", t("stamp_to", { name: current.nickname }));
    palette.append(...stampButtons(app.emotes, async (emoteId) => {
      if (await app.emote(emoteId, current.id)) {
        palette.hidden = true;
        stampToggle.setAttribute("aria-expanded", "false");
        stampToggle.focus();
      }
    }, { compact: true }));
  }

  function update(next) {
    current = next;
    stampToggle.textContent = t("action_stamp");
    stampToggle.setAttribute("aria-label", t("stamp_to", { name: next.nickname }));
    invite.textContent = t("action_invite");
    const open = next.status === "open";
    invite.hidden = !open;
    const grouped = app.groupInvite.includes(next.id);
    group.hidden = !open && !grouped;
    group.textContent = t(grouped ? "group_remove" : "group_add");
    group.setAttribute("aria-pressed", String(grouped));
    inviteNote.hidden = open;
    inviteNote.textContent = open ? "" : t("invite_only_open");
    block.textContent = t("action_block");
    report.textContent = t("report_action");
    report.setAttribute("aria-label", t("report_title", { name: next.nickname }));
    confirmText.textContent = t("block_confirm", { name: next.nickname });
    yes.textContent = t("block_yes");
    no.textContent = t("block_no");
    if (palette.dataset.lang !== app.lang || !palette.childElementCount) {
      fillPalette();
      palette.dataset.lang = app.lang;
    }
  }

  update(person);
  return { el, update, refresh: () => update(current) };
}
