// "My record": what a person can see of their case record (支援カルテ). Who can read it,
// how that changed, the next step agreed together, every access (refused ones too) and the
// person's consents to share it with outside organisations, which only they give or
// withdraw. The specialists' working notes are not shown here.
//
// createMyRecordDialog({api}) -> {dialog, open(), close(), refresh(), destroy()}
// MyRecordView(api) can also be placed in any container (view.el).

import { ensureStylesheet, h } from "./dom.js";
import { getLang, onLangChange } from "../i18n.js";
import { LIMITS, detailLabel, errorMessage, field, formatDate, formatDateTime, idPrefix, paragraphs, w, workerLabel } from "./casework_words.js";

export class MyRecordView {
  constructor(api, { headingLevel = 3 } = {}) {
    this.api = api;
    this.hTag = `h${headingLevel}`;
    this.subTag = `h${Math.min(6, headingLevel + 1)}`;
    this.ids = idPrefix("record");
    this.record = undefined; // undefined: not loaded; null: no record
    this.guest = false;
    this.status = h("p", { class: "cw-status", role: "status", "aria-live": "polite" });
    this.main = h("div", { class: "cw-main" });
    this.el = h("div", { class: "cw-record" }, this.status, this.main);
    this.unsubscribe = onLangChange(() => this.render());
  }

  destroy() {
    this.unsubscribe();
    this.el.remove();
  }

  say(text, kind = "info") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  async refresh() {
    try {
      this.record = (await this.api.call("GET", "/api/my-record")).record;
      this.guest = false;
    } catch (err) {
      if (err?.code === "FORBIDDEN" && err.detail?.reason === "guest") this.guest = true;
      else this.say(errorMessage(err, getLang()), "error");
    }
    this.render();
  }

  render() {
    this.main.textContent = "";
    if (this.guest) {
      this.main.append(h("p", { class: "cw-note", text: w("record_guest") }));
      return;
    }
    if (this.record === undefined) {
      this.main.append(h("p", { text: w("loading") }));
      return;
    }
    if (this.record === null) {
      this.main.append(h("p", { class: "cw-note", text: w("record_none") }));
      return;
    }
    const r = this.record;
    this.main.append(h("p", { class: "cw-note", text: w("record_intro") }));
    this.main.append(this.section("readers", w("record_readers"), this.readers(r)));
    if (r.next_step) this.main.append(this.section("next", w("record_next_step"), paragraphs(r.next_step)));
    this.main.append(this.section("history", w("record_history"), this.history(r)));
    this.main.append(this.section("consents", w("record_consents"), this.consents(r)));
    this.main.append(this.section("log", w("record_log"), this.log(r)));
  }

  section(key, title, body) {
    const id = `${this.ids}-${key}`;
    return h("section", { class: "cw-section", "aria-labelledby": id }, h(this.subTag, { id, text: title }), body);
  }

  readers(r) {
    const list = h("ul", { class: "cw-list" });
    for (const reader of r.readers) {
      list.append(h("li", {}, h("strong", { text: workerLabel(reader) }),
        h("span", { class: "cw-meta", text: ` ${w("record_since", { date: formatDate(reader.since) })}` })));
    }
    return list;
  }

  history(r) {
    const list = h("ol", { class: "cw-list" });
    for (const item of r.history) {
      const text = w("record_history_item", {
        name: workerLabel(item.specialist),
        from: formatDate(item.assigned_at),
        to: item.ended_at ? formatDate(item.ended_at) : w("record_history_now"),
      });
      list.append(h("li", {}, h("span", { text }),
        item.end_reason ? h("span", { class: "cw-meta", text: ` — ${item.end_reason}` }) : null));
    }
    return list;
  }

  consents(r) {
    const box = h("div", {}, h("p", { class: "hint", text: w("record_consents_intro") }));
    if (!r.consents.length) box.append(h("p", { text: w("record_consents_none") }));
    const list = h("ul", { class: "cw-list" });
    for (const consent of r.consents) {
      const when = consent.active
        ? w("record_consent_active", { date: formatDate(consent.granted_at) })
        : w("record_consent_was", { from: formatDate(consent.granted_at), to: formatDate(consent.revoked_at) });
      const item = h("li", { class: consent.active ? "cw-consent" : "cw-consent cw-inactive" },
        h("strong", { text: consent.organisation }),
        h("span", { class: "cw-meta", text: ` ${when}` }),
        h("p", { text: consent.purpose }));
      if (consent.active) {
        const revoke = h("button", { type: "button", class: "quiet", text: w("record_consent_revoke") });
        revoke.setAttribute("aria-label", `${w("record_consent_revoke")}: ${consent.organisation}`);
        revoke.addEventListener("click", () => this.revoke(consent.id));
        item.append(revoke);
      }
      list.append(item);
    }
    if (r.consents.length) box.append(list);
    const organisation = h("input", { name: "organisation", required: true, maxlength: String(LIMITS.organisation), autocomplete: "off" });
    const purpose = h("textarea", { name: "purpose", rows: "2", required: true, maxlength: String(LIMITS.purpose) });
    const grant = h("button", { type: "submit", text: w("record_consent_grant") });
    const form = h("form", { class: "cw-form", novalidate: true },
      field(`${this.ids}-org`, w("record_consent_org"), organisation),
      field(`${this.ids}-purpose`, w("record_consent_purpose"), purpose, { counter: LIMITS.purpose }),
      grant);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      grant.disabled = true;
      try {
        await this.api.call("POST", "/api/my-record/consents", { organisation: organisation.value, purpose: purpose.value });
        await this.refresh();
        this.say(w("record_consent_granted"));
      } catch (err) {
        this.say(errorMessage(err, getLang()), "error");
        const target = { organisation, purpose }[err?.field];
        if (target) { target.setAttribute("aria-invalid", "true"); target.focus(); }
      } finally {
        grant.disabled = false;
      }
    });
    box.append(form);
    return box;
  }

  async revoke(consentId) {
    try {
      await this.api.call("POST", `/api/my-record/consents/${encodeURIComponent(consentId)}/revoke`);
      await this.refresh();
      this.say(w("record_consent_revoked"));
    } catch (err) {
      this.say(errorMessage(err, getLang()), "error");
    }
  }

  log(r) {
    const table = h("table", { class: "cw-table" },
      h("caption", { class: "hint", text: w("record_log_total", { n: r.access_log_total }) }),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: w("record_log_when") }),
        h("th", { scope: "col", text: w("record_log_who") }),
        h("th", { scope: "col", text: w("record_log_what") }),
        h("th", { scope: "col", text: w("record_log_result") }))));
    const body = h("tbody");
    for (const entry of r.access_log) {
      const who = entry.who.is_you ? w("you") : workerLabel(entry.who);
      const detail = entry.allowed ? detailLabel(entry.action, entry.detail) : "";
      // A refused "open" was an attempt: "tried to open", not "opened".
      const action = !entry.allowed && entry.action === "open" ? "open_refused" : entry.action;
      const what = w(`action_${action}`) + (detail ? `（${detail}）` : "");
      const kind = !entry.allowed ? "cw-refused" : entry.action === "self_assign" ? "cw-self" : "";
      body.append(h("tr", { class: kind },
        h("td", { text: formatDateTime(entry.at) }),
        h("td", { text: who }),
        h("td", { text: what }),
        h("td", { text: entry.allowed ? w("record_log_ok") : w("record_log_refused") })));
    }
    table.append(body);
    const box = h("div", {}, table);
    // Someone giving themself access is the entry a person most needs to understand.
    if (r.access_log.some((entry) => entry.allowed && entry.action === "self_assign")) {
      box.prepend(h("p", { class: "cw-note", text: w("record_self_note") }));
    }
    if (r.access_log.length < r.access_log_total) {
      const more = h("button", { type: "button", class: "quiet", text: w("more") });
      more.addEventListener("click", async () => {
        try {
          const next = await this.api.call("GET", `/api/my-record?offset=${r.access_log.length}`);
          r.access_log.push(...(next.record?.access_log ?? []));
          this.render();
        } catch (err) {
          this.say(errorMessage(err, getLang()), "error");
        }
      });
      box.append(more);
    }
    return box;
  }
}

export function createMyRecordDialog({ api } = {}) {
  // The dialog brings its own look (the space does not link casework.css; the console does).
  ensureStylesheet(new URL("./casework.css", import.meta.url).href, "data-ibasho-casework");
  const ids = idPrefix("record-dialog");
  const view = new MyRecordView(api, { headingLevel: 3 });
  const title = h("h2", { id: `${ids}-title`, tabindex: "-1", text: w("record_title") });
  const close = h("button", { type: "button", class: "quiet cw-close", text: w("close") });
  const dialog = h("dialog", { class: "cw-dialog", "aria-labelledby": `${ids}-title` },
    h("div", { class: "cw-dialog-head" }, title, close), view.el);
  close.addEventListener("click", () => dialog.close());
  const relabel = onLangChange(() => { title.textContent = w("record_title"); close.textContent = w("close"); });
  return {
    dialog,
    view,
    async open() {
      if (!dialog.isConnected) document.body.append(dialog);
      if (!dialog.open) dialog.showModal();
      await view.refresh();
      title.focus();
    },
    close() { if (dialog.open) dialog.close(); },
    refresh: () => view.refresh(),
    destroy() { relabel(); view.destroy(); dialog.remove(); },
  };
}
