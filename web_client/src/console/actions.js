// One booking as a card with what the specialist can do with it: mark completed or
// no-show once it started; cancel or move it before; save the .ics. Used by "today" and
// "bookings".

import { h, uniqueId, field } from "./dom.js";
import { TEXT_LIMITS } from "../text_limits.js";

function kindLabel(t, person) {
  const kind = t(`kind_${person.kind}`);
  return person.is_guest ? `${kind} · ${t("guest")}` : kind;
}

async function saveIcs(ctx, booking) {
  const blob = await ctx.api.call("GET", `/api/bookings/${encodeURIComponent(booking.id)}.ics`);
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: "ibasho-consultation.ics" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function reasonSelect(ctx) {
  const reasons = ctx.t("reasons");
  return h("select", { id: uniqueId("reason") },
    ["specialist_unavailable", "changed_plans", "other"].map((code) => h("option", { value: code, text: reasons[code] })));
}

function cancelPanel(ctx, booking, onChange, close) {
  const { t } = ctx;
  const select = reasonSelect(ctx);
  const message = h("input", { type: "text", maxlength: String(TEXT_LIMITS.booking_message), id: uniqueId("msg"), autocomplete: "off" });
  const panel = h("div", { class: "panel", role: "group", "aria-label": t("cancel") },
    field(t("reason"), select),
    field(t("message"), message),
    h("div", { class: "row" },
      h("button", { type: "button", class: "danger", text: t("confirmCancel"), onclick: () => ctx.run(async () => {
        const body = { reason: select.value };
        if (message.value.trim()) body.message = message.value;
        await ctx.api.call("POST", `/api/bookings/${encodeURIComponent(booking.id)}/cancel`, body);
        ctx.announce(t("done"));
        await onChange();
      }) }),
      h("button", { type: "button", class: "quiet", text: t("keep"), onclick: close })));
  return { panel, focus: () => select.focus() };
}

function reschedulePanel(ctx, booking, onChange, close) {
  const { t, fmt } = ctx;
  const slotSelect = h("select", { id: uniqueId("slot") }, h("option", { value: "", text: t("loading") }));
  const select = reasonSelect(ctx);
  const panel = h("div", { class: "panel", role: "group", "aria-label": t("reschedule") },
    field(t("newTime"), slotSelect),
    field(t("reason"), select),
    h("div", { class: "row" },
      h("button", { type: "button", class: "primary", text: t("confirmReschedule"), onclick: () => ctx.run(async () => {
        if (!slotSelect.value) return;
        const [starts_at, ends_at] = slotSelect.value.split("|");
        await ctx.api.call("POST", `/api/bookings/${encodeURIComponent(booking.id)}/reschedule`, { starts_at, ends_at, reason: select.value });
        ctx.announce(t("done"));
        await onChange();
      }) }),
      h("button", { type: "button", class: "quiet", text: t("keep"), onclick: close })));
  ctx.run(async () => {
    const from = new Date();
    const to = new Date(from.getTime() + 14 * 86400_000);
    const params = new URLSearchParams({ specialist_id: ctx.me.id, from: from.toISOString(), to: to.toISOString() });
    const { slots } = await ctx.api.call("GET", `/api/availability?${params}`);
    slotSelect.replaceChildren(...(slots.length
      ? slots.map((s) => h("option", { value: `${s.starts_at}|${s.ends_at}`, text: `${fmt.day(s.starts_at)} ${fmt.range(s.starts_at, s.ends_at)}` }))
      : [h("option", { value: "", text: t("noFreeTimes") })]));
  });
  return { panel, focus: () => slotSelect.focus() };
}

export function bookingCard(ctx, booking, onChange, level = 3) {
  const { t, fmt } = ctx;
  const now = Date.now();
  const started = new Date(booking.starts_at).getTime() <= now;
  const headingId = uniqueId("booking");
  const person = booking.person;
  const card = h("article", { class: `booking status-${booking.status}`, "aria-labelledby": headingId });
  const heading = h(`h${level}`, { id: headingId, class: "booking-time" },
    h("span", { class: "when", text: `${fmt.day(booking.starts_at)} ${fmt.range(booking.starts_at, booking.ends_at)}` }),
    " ",
    h("span", { class: `badge badge-${booking.status}`, text: t(`status_${booking.status}`) }));
  const details = h("dl", { class: "booking-details" },
    h("dt", { text: t("person") }), h("dd", {}, person.nickname, h("span", { class: "muted", text: t("aside", { text: kindLabel(t, person) }) })),
    h("dt", { text: t("note") }), h("dd", { class: booking.note ? "note" : "muted", text: booking.note || t("noNote") }));
  card.append(heading, details);
  if (booking.cancel) {
    const reasons = t("reasons");
    const extra = booking.cancel.message ? ` — ${booking.cancel.message}` : "";
    card.append(h("p", { class: "muted", text: `${t(`cancelledBy_${booking.cancel.by}`)}: ${reasons[booking.cancel.reason] || ""}${extra}` }));
  }

  const actions = h("div", { class: "row actions" });
  const slot = h("div", { class: "panel-slot" });
  let open = null;
  function toggle(make) {
    if (open) { open.panel.remove(); open = null; actions.hidden = false; }
    if (!make) return;
    open = make(ctx, booking, onChange, () => { toggle(null); actions.querySelector("button")?.focus(); });
    actions.hidden = true;
    slot.append(open.panel);
    open.focus();
  }

  // The steps a booking may still take (rooms/bookings/states.py): a completed session is
  // never offered as "did not come"; a no-show may still be corrected to completed.
  if (started && (booking.status === "booked" || booking.status === "no_show")) {
    actions.append(
      h("button", { type: "button", class: "primary", text: t("complete"),
        onclick: () => ctx.run(async () => {
          await ctx.api.call("POST", `/api/bookings/${encodeURIComponent(booking.id)}/complete`);
          ctx.announce(t("done"));
          await onChange();
        }) }));
  }
  if (started && booking.status === "booked") {
    actions.append(
      h("button", { type: "button", class: "quiet", text: t("noShow"), title: t("noShowHint"),
        onclick: () => ctx.run(async () => {
          await ctx.api.call("POST", `/api/bookings/${encodeURIComponent(booking.id)}/no-show`);
          ctx.announce(t("done"));
          await onChange();
        }) }));
  }
  if (booking.status === "booked" && !started) {
    actions.append(
      h("button", { type: "button", class: "quiet", text: t("reschedule"), onclick: () => toggle(reschedulePanel) }),
      h("button", { type: "button", class: "quiet", text: t("cancel"), onclick: () => toggle(cancelPanel) }));
  }
  if (booking.status === "booked") {
    actions.append(h("button", { type: "button", class: "link", text: t("ics"), "aria-label": `${t("ics")} ${fmt.day(booking.starts_at)}`,
      onclick: () => ctx.run(() => saveIcs(ctx, booking)) }));
  }
  if (actions.childElementCount) card.append(actions, slot);
  return card;
}

