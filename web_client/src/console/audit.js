// Console section "Audit log" (admins only): read and filter what people with powers over
// others did (by actor, action, days), newest first, page by page; and the monthly counts for
// the operator's transparency note. Reading only: nothing here, or anywhere, edits an entry.

import { field, h } from "./dom.js";

// Identifiers, not free text: an account id and a dotted action name (moderation/audit.py).
const ACCOUNT_ID_MAX = 32;
const ACTION_MAX = 64;

const strings = {
  ja: {
    auditTitle: "監査記録", audActor: "行った人のID", audAction: "操作（例: sanction. で始まるもの全部）",
    audFrom: "いつから（日付）", audTo: "いつまで（日付）", audFilter: "絞り込む", audMore: "さらに古いものを読む",
    audNone: "記録はありません。", audWhen: "日時", audWho: "行った人", audWhat: "操作", audOn: "対象", audWhy: "内容・理由",
    audMonthly: "月ごとの集計（個人情報なし）", audMonth: "月", audCount: "集計する",
    audKept: "記録は少なくとも365日保存され、変更も削除もできません。",
  },
  en: {
    auditTitle: "Audit log", audActor: "Actor's id", audAction: "Action (e.g. sanction. for all of them)",
    audFrom: "From (date)", audTo: "To (date)", audFilter: "Filter", audMore: "Read older entries",
    audNone: "No entries.", audWhen: "When", audWho: "Who", audWhat: "Action", audOn: "On", audWhy: "Detail and reason",
    audMonthly: "Monthly counts (no personal data)", audMonth: "Month", audCount: "Count",
    audKept: "Entries are kept at least 365 days and can be neither changed nor deleted.",
  },
};

function entryRow(e, ctx) {
  return h("tr", { dataset: { action: e.action } },
    h("td", { text: `${ctx.fmt.day(e.at)} ${ctx.fmt.time(e.at)}` }), h("td", { text: e.actor_id || "—" }),
    h("td", { text: e.action }), h("td", { text: e.target || "—" }), h("td", { text: JSON.stringify(e.detail) }));
}

export default {
  id: "audit",
  titleKey: "auditTitle",
  roles: ["admin"],
  strings,
  async render(root, ctx) {
    const { t } = ctx;
    const actor = h("input", { type: "text", maxlength: ACCOUNT_ID_MAX, name: "actor" });
    const action = h("input", { type: "text", maxlength: ACTION_MAX, name: "action" });
    const from = h("input", { type: "date", name: "from" });
    const to = h("input", { type: "date", name: "to" });
    const body = h("tbody", {});
    const more = h("button", { type: "button", class: "quiet", hidden: true, text: t("audMore") });
    const empty = h("p", { class: "muted", hidden: true, text: t("audNone") });
    let last = null;
    const load = async (append) => {
      const q = new URLSearchParams();
      for (const [name, input] of [["actor", actor], ["action", action], ["from", from], ["to", to]]) {
        if (input.value.trim()) q.set(name, input.value.trim());
      }
      if (append && last) q.set("before", last);
      const page = await ctx.api.call("GET", `/api/admin/audit?${q}`);
      if (!append) body.replaceChildren();
      body.append(...page.entries.map((e) => entryRow(e, ctx)));
      last = page.entries.length ? page.entries[page.entries.length - 1].id : last;
      more.hidden = !page.more;
      empty.hidden = body.children.length > 0;
      ctx.announce(`${body.children.length}`);
    };
    more.addEventListener("click", () => ctx.run(() => load(true)));
    const filters = h("form", { class: "row audit-filters" }, field(t("audActor"), actor), field(t("audAction"), action),
      field(t("audFrom"), from), field(t("audTo"), to), h("button", { type: "submit", text: t("audFilter") }));
    filters.addEventListener("submit", (e) => { e.preventDefault(); ctx.run(() => load(false)); });
    const table = h("table", { class: "audit-table" },
      h("thead", {}, h("tr", {}, ["audWhen", "audWho", "audWhat", "audOn", "audWhy"].map((k) => h("th", { scope: "col", text: t(k) })))), body);
    const month = h("input", { type: "month", name: "month", value: new Date().toISOString().slice(0, 7), required: true });
    const counts = h("pre", { class: "audit-monthly", "aria-live": "polite" });
    const monthly = h("form", { class: "row" }, field(t("audMonth"), month), h("button", { type: "submit", text: t("audCount") }));
    monthly.addEventListener("submit", (e) => { e.preventDefault(); ctx.run(async () => {
      counts.textContent = JSON.stringify(await ctx.api.call("GET", `/api/admin/audit/monthly?month=${month.value}`), null, 2);
    }); });
    root.replaceChildren(h("p", { class: "muted", text: t("audKept") }), filters, table, empty, more,
      h("h3", { text: t("audMonthly") }), monthly, counts);
    await load(false);
  },
};
