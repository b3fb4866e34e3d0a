// Console section "Caseload" (issue 14 item 4): how much each specialist carries in a month,
// so that nobody carries it alone. Admins see every specialist in a table, most first, with a
// soft mark on whoever carries much more than the median; a specialist sees only their own
// row, in kind sentences and a one-row table. Staff coordinators are not shown this section
// (the server refuses them too).

import { field, h } from "./dom.js";
import { monthLabel, selfSentences, strings } from "./caseload_strings.js";

// The table's columns: [group title, [[part of the row, count, column title], ...]].
const GROUPS = [
  ["clSessions", [["sessions", "held", "clHeld"], ["sessions", "upcoming", "clUpcoming"],
    ["sessions", "no_show", "clNoShow"], ["sessions", "unmarked", "clUnmarked"]]],
  ["clCases", [["cases", "open", "clOpen"], ["cases", "new", "clNew"]]],
  ["clLetters", [["letters", "received", "clReceived"], ["letters", "sent", "clSent"], ["letters", "waiting", "clWaiting"]]],
];

function whoCell(ctx, row) {
  const { t } = ctx;
  const profession = row.specialist.profession ? t("professions")[row.specialist.profession] : null;
  return h("th", { scope: "row" },
    h("span", { class: "cl-name", text: row.specialist.nickname }),
    profession ? h("span", { class: "cl-profession", text: profession }) : null,
    row.heavier_than_most ? h("span", { class: "cl-mark", text: t("clHeavier") }) : null);
}

function loadTable(ctx, data) {
  const { t, fmt } = ctx;
  const month = monthLabel(t, data.month);
  const asOf = `${fmt.day(data.as_of)} ${fmt.time(data.as_of)}`;
  const caption = t(data.scope === "self" ? "clCaptionSelf" : "clCaptionAll", { month, asOf });
  const cols = [h("col", {}), ...GROUPS.map(([, parts]) => h("colgroup", { span: parts.length })), h("col", {})];
  const top = h("tr", {},
    h("th", { scope: "col", rowspan: 2, text: t("clWho") }),
    GROUPS.map(([title, parts]) => h("th", { scope: "colgroup", colspan: parts.length, text: t(title) })),
    h("th", { scope: "col", rowspan: 2, text: t("clLoad") }));
  const sub = h("tr", {}, GROUPS.flatMap(([, parts]) => parts.map(([, , title]) => h("th", { scope: "col", text: t(title) }))));
  const rows = data.specialists.map((row) => h("tr", { class: row.heavier_than_most ? "cl-heavier" : "" },
    whoCell(ctx, row),
    GROUPS.flatMap(([, parts]) => parts.map(([part, count]) => h("td", { text: String(row[part][count]) }))),
    h("td", { class: "cl-load", text: String(row.load) })));
  // A region that may scroll sideways on a phone: focusable, so a keyboard can scroll it too.
  return h("div", { class: "cl-scroll", tabindex: 0, role: "region", "aria-label": caption },
    h("table", { class: "cl-table" }, h("caption", { text: caption }), ...cols, h("thead", {}, top, sub), h("tbody", {}, rows)));
}

export default {
  id: "caseload",
  titleKey: "caseloadTitle",
  roles: ["specialist", "admin"],
  strings,
  async render(root, ctx) {
    const { t } = ctx;
    const input = h("input", { type: "month", name: "month", min: "2000-01", max: "2099-12", required: true });
    const result = h("div", { class: "cl-result", "aria-live": "polite" });
    const load = async (month) => {
      const data = await ctx.api.call("GET", month ? `/api/caseload?month=${encodeURIComponent(month)}` : "/api/caseload");
      input.value = data.month;
      const parts = [];
      if (data.scope === "self") {
        parts.push(h("p", { class: "lead", text: t("clIntroSelf") }));
        parts.push(h("ul", { class: "cl-sentences" }, selfSentences(t, data.specialists[0]).map((text) => h("li", { text }))));
        parts.push(loadTable(ctx, data));
      } else {
        parts.push(h("p", { class: "lead", text: t("clIntroAll") }));
        parts.push(data.specialists.length ? loadTable(ctx, data) : h("p", { class: "empty", text: t("clNobody") }));
        parts.push(h("p", { class: "muted", text: t("clMedian", { median: String(data.median_load) }) }));
      }
      parts.push(h("p", { class: "hint", text: t("clLoadHow") }));
      result.replaceChildren(...parts);
    };
    const form = h("form", { class: "row cl-month" }, field(t("clMonth"), input),
      h("button", { type: "submit", text: t("clShow") }));
    form.addEventListener("submit", (e) => { e.preventDefault(); ctx.run(() => load(input.value)); });
    root.replaceChildren(form, result);
    await load(null);
  },
};
