// "Today's sessions": the calling specialist's sessions on today's date (server time zone).

import { h } from "./dom.js";
import { bookingCard } from "./actions.js";

export default {
  id: "today",
  titleKey: "todayTitle",
  async render(root, ctx) {
    const { t, fmt } = ctx;
    const data = await ctx.api.call("GET", "/api/bookings/today");
    const list = h("div", { class: "cards" });
    if (!data.bookings.length) list.append(h("p", { class: "empty", text: t("todayEmpty") }));
    for (const booking of data.bookings) list.append(bookingCard(ctx, booking, () => ctx.refresh()));
    root.replaceChildren(
      h("p", { class: "lead", text: fmt.dateOnly(data.date) }),
      list,
    );
  },
};
