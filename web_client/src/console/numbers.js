// Console section "Numbers and reports" (staff and admins; /console/reports opens on it): the
// municipal report of a date range (the fiscal year by default), as a short summary and bar
// charts whose numbers are text in a table (screen readers read the table; the bars are drawn
// beside it and hidden from them), a CSV from the same API, and a print layout. Every count
// from 1 to 4 arrives from the server already suppressed: this page never sees it.

import { h, field } from "./dom.js";
import { ensureStylesheet } from "../ui/dom.js";
import { NUMBERS_STRINGS } from "./numbers_strings.js";
import { renderSurveyResults } from "./survey_results.js";

let chosen = null; // {from, to} kept while the section is re-rendered (a language switch)

// A printed report carries its breakdowns by kind: they are opened for the printer.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.nb-detail").forEach((d) => { d.open = true; });
});

function label(t, sectionId, tableId, key) {
  if (key === "total") return t("nbTotal");
  if (tableId === "by_profession") return t(`nb_profession_${key}`);
  if (tableId === "by_mode") return t(`nb_mode_${key}`);
  if (tableId === "letters") return t(`nb_letters_${key}`);
  if (tableId === "sessions_by_kind") return t(`nb_event_${key}`);
  if (tableId === "steps") return t(`nb_step_${key}`);
  return t(`nb_kind_${key}`);
}

function shown(t, cell) {
  if (!cell) return "";
  if (!cell.suppressed) return String(cell.value);
  return cell.reason === "secondary" ? t("nbHidden") : t("nbFewer");
}

function barTable(t, sectionId, table) {
  const title = t(`nb_table_${table.id}`);
  const top = Math.max(1, ...table.rows.filter((r) => !r.suppressed).map((r) => r.value));
  const row = (r) => {
    const bar = h("span", { class: "nb-bar", "aria-hidden": "true" });
    bar.style.width = r.suppressed ? "0" : `${Math.round((r.value / top) * 100)}%`; // CSSOM: allowed by the CSP
    return h("tr", { dataset: { key: r.key, suppressed: String(r.suppressed) } },
      h("th", { scope: "row", text: label(t, sectionId, table.id, r.key) }),
      h("td", { class: "nb-track" }, bar),
      h("td", { class: `nb-value${r.suppressed ? " nb-suppressed" : ""}`, text: shown(t, r) }));
  };
  return h("table", { class: "nb-bars", dataset: { table: table.id } },
    h("caption", { text: title }),
    h("tbody", {}, table.rows.map(row)),
    table.total ? h("tfoot", {}, h("tr", {}, h("th", { scope: "row", text: t("nbTotal") }), h("td", {}),
      h("td", { class: "nb-value", text: shown(t, table.total) }))) : null);
}

function find(report, sectionId, tableId) {
  return report.sections.find((s) => s.id === sectionId)?.tables.find((x) => x.id === tableId);
}

function glance(t, report) {
  const persons = find(report, "consultations", "persons_by_kind");
  const funnel = report.sections.find((s) => s.id === "funnel");
  const medians = Object.fromEntries((funnel?.medians || []).map((m) => [m.step, m]));
  const item = (name, value, key) => h("div", { class: "nb-fact", dataset: { fact: key } },
    h("dt", { text: name }), h("dd", { text: value }));
  return h("section", { class: "nb-glance", "aria-labelledby": "nb-glance-title" },
    h("h3", { id: "nb-glance-title", text: t("nbAtAGlance") }),
    h("dl", {},
      item(t("nbPeople"), shown(t, persons?.total), "people"),
      item(t("nbFamilies"), shown(t, persons?.rows.find((r) => r.key === "family")), "families"),
      item(t("nbSessions"), shown(t, find(report, "consultations", "by_profession")?.total), "sessions"),
      item(t("nbFirstVisits"), shown(t, find(report, "funnel", "step_first_visit")?.total), "first_visits"),
      item(t("nbReachedDesk"), shown(t, medians.desk_contact?.accounts), "reached_desk"),
      item(t("nbReachedBooking"), shown(t, medians.booking_made?.accounts), "reached_booking")));
}

function medianList(t, medians) {
  return h("ul", { class: "nb-medians" }, medians.map((m) => {
    let days = t("nbMedianNone");
    if (m.suppressed) days = t("nbMedianFew");
    else if (m.days !== null) days = t("nbMedianDays", { days: m.days });
    return h("li", { dataset: { median: m.step } },
      h("strong", { text: t("nbMedian", { step: t(`nb_step_${m.step}`) }) }), ": ", days,
      h("span", { class: "muted", text: ` (${t("nbMedianAccounts")}: ${shown(t, m.accounts)})` }));
  }));
}

function sectionView(t, section) {
  const tables = section.tables.filter((x) => !x.id.startsWith("step_") && !x.id.startsWith("attendance_")
    || x.id === "attendance_by_kind");
  const detail = section.tables.filter((x) => !tables.includes(x));
  return h("section", { class: "nb-section", dataset: { section: section.id }, "aria-labelledby": `nb-${section.id}` },
    h("h3", { id: `nb-${section.id}`, text: t(`nb_section_${section.id}`) }),
    h("div", { class: "nb-grid" }, tables.map((x) => barTable(t, section.id, x))),
    section.medians.length ? medianList(t, section.medians) : null,
    detail.length ? h("details", { class: "nb-detail" }, h("summary", { text: t("nbByKind") }),
      h("div", { class: "nb-grid" }, detail.map((x) => barTable(t, section.id, x)))) : null);
}

// The surveys open in the range, drawn as the surveys section draws them (already suppressed).
function surveysView(t, surveys, lang) {
  const body = h("div", { class: "nb-surveys" });
  renderSurveyResults(body, surveys || [], t, lang);
  return h("section", { class: "nb-section", dataset: { section: "surveys" }, "aria-labelledby": "nb-surveys" },
    h("h3", { id: "nb-surveys", text: t("nb_section_surveys") }), body);
}

function fiscalYearBefore(range) {
  const year = Number(range.from.slice(0, 4)) - 1;
  return { from: `${year}-04-01`, to: `${year + 1}-03-31` };
}

async function download(ctx, query) {
  const blob = await ctx.api.call("GET", `/api/reports/summary.csv?${query}`);
  const link = h("a", { href: URL.createObjectURL(blob), download: `ibasho-report-${new URLSearchParams(query).get("from") || "fy"}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  ctx.announce(ctx.t("nbDownloaded"));
}

export default {
  id: "numbers",
  titleKey: "numbersTitle",
  roles: ["staff", "admin"],
  strings: NUMBERS_STRINGS,
  async render(root, ctx) {
    ensureStylesheet(new URL("./numbers.css", import.meta.url).href, "data-ibasho-console-numbers");
    const { t } = ctx;
    const from = h("input", { type: "date", name: "from", min: "2000-01-01", max: "2100-01-01" });
    const to = h("input", { type: "date", name: "to", min: "2000-01-01", max: "2100-01-01" });
    const out = h("div", { class: "nb-report", "aria-live": "polite" });
    const show = async (range) => {
      const query = range ? new URLSearchParams(range).toString() : "";
      const report = await ctx.api.call("GET", `/api/reports/summary${query ? `?${query}` : ""}`);
      chosen = { from: report.from, to: report.to };
      from.value = report.from;
      to.value = report.to;
      out.replaceChildren(...[
        h("p", { class: "nb-range", text: t("nbRange", { from: report.from, to: report.to }) }),
        report.widened ? h("p", { class: "hint", text: t("nbWidened") }) : null,
        h("p", { class: "hint", text: t("nbRule") }),
        glance(t, report),
        ...report.sections.map((s) => sectionView(t, s)),
        surveysView(t, report.surveys, ctx.lang)].filter(Boolean));
    };
    const form = h("form", { class: "row nb-form" }, field(t("nbFrom"), from), field(t("nbTo"), to),
      h("button", { type: "submit", class: "primary", text: t("nbShow") }));
    form.addEventListener("submit", (e) => { e.preventDefault(); ctx.run(() => show({ from: from.value, to: to.value })); });
    const buttons = h("div", { class: "row nb-actions" },
      h("button", { type: "button", class: "quiet", text: t("nbThisYear"), onclick: () => ctx.run(() => show(null)) }),
      h("button", { type: "button", class: "quiet", text: t("nbLastYear"),
        onclick: () => ctx.run(() => show(fiscalYearBefore(chosen || { from: from.value }))) }),
      h("button", { type: "button", class: "quiet", text: t("nbCsv"),
        onclick: () => ctx.run(() => download(ctx, new URLSearchParams(chosen || {}).toString())) }),
      h("button", { type: "button", class: "quiet", text: t("nbPrint"), onclick: () => window.print() }));
    root.replaceChildren(form, buttons, out);
    await show(chosen);
  },
};
