// Console section "Reports" (moderators and admins): the queue, urgent first then oldest; one
// report with its sealed snapshot, the reported account's earlier reports and sanctions, notes;
// claim (one moderator at a time) and close with an outcome class, which is all the reporter
// sees. A moderator's own report, or one about them, is shown without the buttons.

import { h, field } from "./dom.js";
import { REPORT_STRINGS } from "./reports_strings.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { eventRemovalForm } from "./event_removal.js";

const OUTCOMES = ["acted", "no_violation", "need_info"];
let selected = null; // the report shown, kept while the section is re-rendered

function ageText(t, iso) {
  return t("rpAge", { min: Math.max(0, Math.round((Date.now() - new Date(iso)) / 60000)) });
}

function queueItem(r, ctx, onOpen) {
  const { t } = ctx;
  return h("li", { class: `rp-item${r.urgent ? " rp-urgent" : ""}`, dataset: { report: r.id, status: r.status } },
    r.urgent ? h("strong", { class: "rp-badge", text: t("rpUrgent") }) : null,
    h("span", { class: "rp-cat", text: t(`cat_${r.category}`) }),
    h("span", { class: "muted", text: `${t(`kind_${r.target_kind}`)}・${ageText(t, r.created_at)}` }),
    h("span", { class: "rp-claim", text: r.status === "closed" ? t(`outcome_${r.outcome}`)
      : r.claimed_by_nickname ? t("rpClaimedBy", { name: r.claimed_by_nickname }) : t("rpUnclaimed") }),
    h("button", { type: "button", class: "quiet", text: t("rpOpen"), "aria-label": `${t("rpOpen")}: ${t(`cat_${r.category}`)}`,
      onclick: () => onOpen(r.id) }));
}

async function renderQueue(root, ctx, show) {
  const { t, api } = ctx;
  const [open, closed] = await Promise.all([
    api.call("GET", "/api/moderation/reports"), api.call("GET", "/api/moderation/reports?state=closed")]);
  const list = (items) => (items.length
    ? h("ul", { class: "rp-list" }, items.map((r) => queueItem(r, ctx, show)))
    : h("p", { class: "muted", text: t("rpEmpty") }));
  root.replaceChildren(
    h("h3", { text: t("rpQueue") }), list(open.reports),
    h("h3", { text: t("rpClosed") }), list(closed.reports.slice(0, 20)));
}

function snapshotView(report, ctx) {
  const { t, fmt } = ctx;
  const snap = report.snapshot;
  if (!snap) return h("p", { class: "muted", text: t("rpSnapshotGone") });
  const lines = snap.lines || [];
  const post = snap.post ? h("p", { text: t("rpPost", { title: snap.post.title_ja || snap.post.title_en }) }) : null;
  return h("div", { class: "rp-snapshot" },
    h("h4", { text: t("rpSnapshot", { date: fmt.day(report.snapshot_purge_at) }) }),
    post,
    lines.length ? h("ol", { class: "rp-lines" }, lines.map((l) =>
      h("li", { class: l.reported ? "rp-reported-line" : "" },
        h("span", { class: "muted", text: `${fmt.time(new Date(l.sent_at_ms).toISOString())} ` }),
        h("strong", { text: `${l.author_nickname} ` }), h("span", { class: "muted", text: `(${l.author_id.slice(0, 8)}) ` }),
        h("span", { text: l.text }))))
      : (post ? null : h("p", { class: "muted", text: t("rpNoLines") })));
}

function listOf(items, ctx, describe) {
  return items.length ? h("ul", {}, items.map((x) => h("li", { text: describe(x) }))) : h("p", { class: "muted", text: ctx.t("rpNone") });
}

function actions(report, ctx, redraw) {
  const { t, api, me, run, announce } = ctx;
  if (report.mine) return h("p", { class: "rp-own", text: t("rpOwn") });
  if (report.about_you) return h("p", { class: "rp-own", text: t("rpAboutYou") });
  if (report.status === "closed") return null;
  const path = `/api/moderation/reports/${encodeURIComponent(report.id)}`;
  if (report.claimed_by !== me.id) {
    if (report.claimed_by) return null;
    return h("button", { type: "button", class: "primary", text: t("rpClaim"), onclick: () => run(async () => {
      await api.call("POST", `${path}/claim`);
      ctx.alerts?.claimed(report.id);
      announce(t("rpClaimed"));
      await redraw();
    }) });
  }
  const note = h("textarea", { rows: "2", maxlength: String(TEXT_LIMITS.report_note) });
  const noteForm = h("form", { class: "rp-note-form" }, field(t("rpNoteLabel"), note),
    h("button", { type: "submit", class: "quiet", text: t("rpAddNote") }));
  noteForm.addEventListener("submit", (e) => { e.preventDefault(); run(async () => {
    await api.call("POST", `${path}/notes`, { body: note.value });
    await redraw();
  }); });
  const radios = OUTCOMES.map((o) => h("div", { class: "rp-choice" },
    h("input", { type: "radio", name: "outcome", value: o, id: `rp-outcome-${o}` }),
    h("label", { for: `rp-outcome-${o}`, text: t(`outcome_${o}`) })));
  const error = h("p", { class: "form-error", role: "alert" });
  const closeForm = h("form", { class: "rp-close-form" },
    h("fieldset", {}, h("legend", { text: t("rpCloseTitle") }), ...radios), error,
    h("button", { type: "submit", class: "primary", text: t("rpCloseSubmit") }));
  closeForm.addEventListener("submit", (e) => { e.preventDefault();
    const chosen = closeForm.querySelector("input[name=outcome]:checked");
    if (!chosen) { error.textContent = t("rpPickOutcome"); return; }
    run(async () => {
      await api.call("POST", `${path}/close`, { outcome: chosen.value });
      announce(t("rpClosedDone"));
      await redraw();
    });
  });
  return h("div", { class: "rp-actions" }, noteForm, eventRemovalForm(report, ctx, redraw), closeForm);
}

async function renderReport(root, ctx, id, back) {
  const { t, api, fmt } = ctx;
  const { report } = await api.call("GET", `/api/moderation/reports/${encodeURIComponent(id)}`);
  const redraw = () => renderReport(root, ctx, id, back);
  const who = (p) => (p?.id ? `${p.nickname || ""} (${p.id.slice(0, 8)})` : t("rpNobody"));
  const heading = h("h3", { tabindex: "-1", text: `${report.urgent ? `${t("rpUrgent")}: ` : ""}${t(`cat_${report.category}`)}` });
  root.replaceChildren(
    h("button", { type: "button", class: "quiet", text: t("rpBack"), onclick: back }),
    heading,
    h("dl", { class: "rp-facts" },
      h("dt", { text: t("rpReceived") }), h("dd", { text: `${fmt.day(report.created_at)} ${fmt.time(report.created_at)}` }),
      h("dt", { text: t("rpReporter") }), h("dd", { text: who(report.reporter) }),
      h("dt", { text: t("rpReported") }), h("dd", { text: `${t(`kind_${report.target_kind}`)}: ${who(report.reported)}` }),
      h("dt", { text: t("rpComment") }), h("dd", { class: "rp-comment", text: report.comment || t("rpNoComment") }),
      h("dt", { text: t("rpState") }),
      h("dd", { class: "rp-status", text: report.status === "closed" ? t(`outcome_${report.outcome}`)
        : report.claimed_by_nickname ? t("rpClaimedBy", { name: report.claimed_by_nickname }) : t(`status_${report.status}`) })),
    snapshotView(report, ctx),
    h("h4", { text: t("rpEarlier") }),
    listOf(report.earlier_reports, ctx, (r) => `${fmt.day(r.created_at)} ${t(`cat_${r.category}`)} — ${r.outcome ? t(`outcome_${r.outcome}`) : t(`status_${r.status}`)}`),
    h("h4", { text: t("rpSanctions") }),
    // Filled once the sanctions ladder lands (moderation.reports.service.earlier_sanctions).
    listOf(report.earlier_sanctions, ctx, (s) => `${s.created_at ? fmt.day(s.created_at) : ""} ${s.kind || ""}`),
    h("h4", { text: t("rpNotes") }),
    listOf(report.notes, ctx, (n) => `${fmt.time(n.created_at)} ${n.author_nickname || ""}: ${n.body}`),
    actions(report, ctx, redraw));
  heading.focus();
}

export default {
  id: "reports",
  titleKey: "reportsTitle",
  roles: ["moderator", "admin"],
  strings: REPORT_STRINGS,
  async render(root, ctx) {
    // The queue redraws itself on every alert and claim while it is shown (and in the page).
    const live = () => (root.isConnected && !selected ? ctx.run(() => renderQueue(root, ctx, show)) : ctx.alerts?.listen(null));
    const show = async (id) => { selected = id; await ctx.run(() => renderReport(root, ctx, id, back)); };
    const back = async () => { selected = null; await ctx.run(() => renderQueue(root, ctx, show)); };
    ctx.alerts?.listen(live);
    if (selected) await show(selected);
    else await renderQueue(root, ctx, show);
  },
};
