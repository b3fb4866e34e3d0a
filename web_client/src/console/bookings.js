// "Bookings": upcoming sessions first, then the last 30 days (done, missed, cancelled).

import { h, uniqueId } from "./dom.js";
import { bookingCard } from "./actions.js";

const PAST_DAYS = 30;

function group(ctx, titleText, bookings, emptyText) {
  const id = uniqueId("group");
  const cards = h("div", { class: "cards" });
  if (!bookings.length) cards.append(h("p", { class: "empty", text: emptyText }));
  for (const booking of bookings) cards.append(bookingCard(ctx, booking, () => ctx.refresh(), 4));
  return h("section", { class: "group", "aria-labelledby": id }, h("h3", { id, text: titleText }), cards);
}

export default {
  id: "bookings",
  titleKey: "bookingsTitle",
  async render(root, ctx) {
    const { t } = ctx;
    const now = Date.now();
    const from = new Date(now - PAST_DAYS * 86400_000).toISOString();
    const { bookings } = await ctx.api.call("GET", `/api/bookings?side=specialist&from=${encodeURIComponent(from)}`);
    const upcoming = bookings.filter((b) => b.status === "booked" && new Date(b.ends_at).getTime() > now);
    const rest = bookings.filter((b) => !upcoming.includes(b)).reverse();
    root.replaceChildren(
      group(ctx, t("upcoming"), upcoming, t("bookingsEmpty")),
      group(ctx, t("past"), rest, t("bookingsEmpty")),
    );
  },
};
