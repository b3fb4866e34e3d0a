// "Your reports" in the support panel: the state of each report one filed (received, being
// looked at, closed with an outcome class), kept fresh by the live `report:updated`. It never
// holds anything about the other person: the server sends no such thing.

import { getLang, t } from "../i18n.js";
import { h } from "./dom.js";
import { formatAt } from "../times.js";

export function reportStateText(report) {
  if (report.status === "closed" && report.outcome) return t(`report_outcome_${report.outcome}`);
  return t(`report_status_${report.status}`);
}

export class MyReports {
  constructor(api) {
    this.api = api;
    this.reports = [];
    this.el = h("section", { class: "my-reports", "aria-labelledby": "my-reports-title", hidden: true });
  }

  async load() {
    try {
      this.reports = (await this.api.call("GET", "/api/reports/mine")).reports || [];
    } catch {
      return; // shown again on the next update
    }
    this.render();
  }

  // A live update: replace (or add) the report; returns the words for a quiet notice.
  update(report) {
    const others = this.reports.filter((r) => r.id !== report.id);
    this.reports = [report, ...others].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
    this.render();
    return t("report_updated", { state: reportStateText(report) });
  }

  render() {
    const lang = getLang();
    this.el.hidden = this.reports.length === 0;
    const when = (iso) => formatAt(iso, lang, "shortDate");
    this.el.replaceChildren(
      h("h3", { id: "my-reports-title", text: t("reports_title") }),
      h("ul", { class: "my-reports-list" }, this.reports.slice(0, 10).map((r) =>
        h("li", { dataset: { report: r.id, status: r.status, outcome: r.outcome || "" } },
          h("span", { class: "hint", text: `${when(r.created_at)} ${t(`report_kind_${r.target_kind}`)}・${t(`report_cat_${r.category}`)}` }),
          h("strong", { class: "report-state", text: reportStateText(r) })))));
  }
}
