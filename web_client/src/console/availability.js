// "Availability": the specialist's own weekly and one-off times, an editor, and a preview
// of the free slots those rules produce in the next two weeks.

import { h, uniqueId, field } from "./dom.js";

const DEFAULTS = {
  kind: "weekly", weekday: 0, date: "", start: "10:00", end: "12:00",
  slot_minutes: 50, buffer_minutes: 10, min_notice_minutes: 120, daily_cap: null, audience: "both",
};

function describeRule(ctx, rule) {
  const { t, fmt } = ctx;
  const when = rule.kind === "weekly" ? t("every", { day: t("weekdays")[rule.weekday] }) : t("onDate", { day: fmt.dateOnly(rule.date) });
  const parts = [
    `${when} ${rule.start}–${rule.end}`,
    t("minutesShort", { n: rule.slot_minutes }),
    t("bufferShort", { n: rule.buffer_minutes }),
    rule.min_notice_minutes ? t("noticeShort", { n: Math.round((rule.min_notice_minutes / 60) * 10) / 10 }) : t("noNotice"),
    rule.daily_cap ? t("capShort", { n: rule.daily_cap }) : t("noCap"),
    t(`audience_${rule.audience}`),
  ];
  return parts.join(" · ");
}

function ruleForm(ctx, initial, onSaved, onCancel) {
  const { t } = ctx;
  const value = { ...DEFAULTS, ...(initial || {}) };
  const name = uniqueId("kind");
  const kindRadios = ["weekly", "once"].map((kind) => {
    const id = uniqueId("kind");
    return h("span", { class: "choice" },
      h("input", { type: "radio", name, id, value: kind, checked: value.kind === kind, onchange: () => sync() }),
      h("label", { for: id, text: t(kind) }));
  });
  const weekday = h("select", { name: "weekday" }, t("weekdays").map((day, i) => h("option", { value: String(i), text: day })));
  weekday.value = String(value.weekday ?? 0);
  const date = h("input", { type: "date", name: "date", value: value.date || "" });
  const start = h("input", { type: "time", name: "start", step: "300", required: true, value: value.start });
  const end = h("input", { type: "time", name: "end", step: "300", required: true, value: value.end === "24:00" ? "00:00" : value.end });
  const slot = h("input", { type: "number", name: "slot_minutes", min: "10", max: "240", step: "5", required: true, value: String(value.slot_minutes) });
  const buffer = h("input", { type: "number", name: "buffer_minutes", min: "0", max: "120", step: "5", value: String(value.buffer_minutes) });
  const notice = h("input", { type: "number", name: "min_notice_minutes", min: "0", max: "336", step: "0.5", value: String(value.min_notice_minutes / 60) });
  const cap = h("input", { type: "number", name: "daily_cap", min: "1", max: "50", value: value.daily_cap ? String(value.daily_cap) : "" });
  const audience = h("select", { name: "audience" },
    ["both", "individuals", "families"].map((a) => h("option", { value: a, text: t(`audience_${a}`) })));
  audience.value = value.audience;

  const weekdayField = field(t("weekday"), weekday);
  const dateField = field(t("date"), date);
  const legendId = uniqueId("legend");
  const errorBox = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "rule-form", "aria-labelledby": legendId, novalidate: true },
    h("h3", { id: legendId, text: initial ? t("editRule") : t("addRule") }),
    h("fieldset", { class: "choices" }, h("legend", { text: t("kind") }), kindRadios),
    h("div", { class: "grid" },
      weekdayField, dateField, field(t("start"), start), field(t("end"), end),
      field(t("slotMinutes"), slot), field(t("bufferMinutes"), buffer),
      field(t("minNoticeHours"), notice), field(t("dailyCap"), cap), field(t("audience"), audience)),
    errorBox,
    h("div", { class: "row" },
      h("button", { type: "submit", class: "primary", text: t("save") }),
      initial ? h("button", { type: "button", class: "quiet", text: t("cancelEdit"), onclick: onCancel }) : null));

  function kind() { return form.querySelector(`input[name="${name}"]:checked`).value; }
  function sync() {
    weekdayField.hidden = kind() !== "weekly";
    dateField.hidden = kind() !== "once";
  }
  sync();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errorBox.textContent = "";
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    const body = {
      kind: kind(),
      start: start.value,
      end: end.value === "00:00" ? "24:00" : end.value, // midnight as an end means the end of the day
      slot_minutes: Number(slot.value),
      buffer_minutes: Number(buffer.value || 0),
      min_notice_minutes: Math.round(Number(notice.value || 0) * 60),
      daily_cap: cap.value ? Number(cap.value) : null,
      audience: audience.value,
    };
    if (body.kind === "weekly") body.weekday = Number(weekday.value);
    else body.date = date.value;
    ctx.run(async () => {
      const path = initial ? `/api/me/availability/${encodeURIComponent(initial.id)}` : "/api/me/availability";
      await ctx.api.call(initial ? "PUT" : "POST", path, body);
      ctx.announce(ctx.t("done"));
      await onSaved();
    }, (error) => {
      const fieldName = error.field;
      const hint = (t("reasonHints") || {})[error.detail?.reason];
      const vars = error.detail || {};
      errorBox.textContent = [error.text(ctx.lang, t("failed")), hint ? hint.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? "")) : ""]
        .filter(Boolean).join(" ");
      const bad = fieldName && form.querySelector(`[name="${fieldName}"]`);
      if (bad) { bad.setAttribute("aria-invalid", "true"); bad.focus(); }
      return true; // handled here
    });
  });
  return form;
}

function previewList(ctx, slots) {
  const { t, fmt } = ctx;
  if (!slots.length) return h("p", { class: "empty", text: t("previewEmpty") });
  const days = new Map();
  for (const s of slots) {
    const key = fmt.dayKey(s.starts_at);
    if (!days.has(key)) days.set(key, []);
    days.get(key).push(s);
  }
  return h("ul", { class: "preview" }, [...days.values()].map((list) =>
    h("li", {}, h("span", { class: "preview-day", text: fmt.day(list[0].starts_at) }), " ",
      list.map((s) => h("span", { class: `pill audience-${s.audience}`, title: t(`audience_${s.audience}`), text: fmt.range(s.starts_at, s.ends_at) })))));
}

export default {
  id: "availability",
  titleKey: "availabilityTitle",
  async render(root, ctx) {
    const { t } = ctx;
    const { rules, timezone } = await ctx.api.call("GET", "/api/me/availability");
    const from = new Date();
    const to = new Date(from.getTime() + 14 * 86400_000);
    const params = new URLSearchParams({ specialist_id: ctx.me.id, from: from.toISOString(), to: to.toISOString() });
    const { slots } = await ctx.api.call("GET", `/api/availability?${params}`);

    const editorSlot = h("div", { class: "editor" });
    const showNewForm = () => editorSlot.replaceChildren(ruleForm(ctx, null, () => ctx.refresh()));
    const list = h("ul", { class: "rules" });
    if (!rules.length) list.append(h("li", { class: "empty", text: t("rulesEmpty") }));
    for (const rule of rules) {
      const text = describeRule(ctx, rule);
      list.append(h("li", { class: "rule" },
        h("span", { class: "rule-text", text }),
        h("span", { class: "row" },
          h("button", { type: "button", class: "quiet", text: t("edit"), "aria-label": `${t("edit")}: ${text}`, onclick: () => {
            const form = ruleForm(ctx, rule, () => ctx.refresh(), showNewForm);
            editorSlot.replaceChildren(form);
            form.querySelector("input, select").focus();
          } }),
          h("button", { type: "button", class: "quiet danger-text", text: t("remove"), "aria-label": `${t("remove")}: ${text}`,
            onclick: () => {
              if (!window.confirm(t("confirmRemove"))) return;
              ctx.run(async () => {
                await ctx.api.call("DELETE", `/api/me/availability/${encodeURIComponent(rule.id)}`);
                ctx.announce(t("removed"));
                await ctx.refresh();
              });
            } }))));
    }
    showNewForm();
    const previewId = uniqueId("preview");
    root.replaceChildren(
      h("p", { class: "lead", text: t("availabilityIntro", { tz: timezone }) }),
      list,
      editorSlot,
      h("section", { class: "group", "aria-labelledby": previewId },
        h("h3", { id: previewId, text: t("preview") }), previewList(ctx, slots)),
    );
  },
};
