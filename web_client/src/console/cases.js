// Console section "Cases" (支援カルテ). Specialists and staff see the cases they hold, open
// new ones, read and write them; staff and admins also see an overview (who holds which
// case, never its contents) where they can add the second assignee or hand a seat over.
// Opening a case is a read the person sees in their log, so the overview offers no "open"
// button on cases the caller does not hold.
//
// Mount it as a console section (default export, see sections.js) or by hand:
//   const handle = mount(container, api, { lang: "ja", me })  // me: /api/me account (fetched if absent)
//   handle.refresh(); handle.unmount()

import { h } from "../ui/dom.js";
import {
  LIMITS, errorMessage, field, formatDate, formatDateTime, idPrefix, paragraphs, w, workerLabel,
} from "../ui/casework_words.js";
import { TEXT_LIMITS } from "../text_limits.js";

const CASEWORKER_ROLES = new Set(["specialist", "staff"]);
const COORDINATOR_ROLES = new Set(["staff", "admin"]);

class CasesConsole {
  constructor(container, api, { lang, me }) {
    this.container = container;
    this.api = api;
    this.lang = lang;
    this.me = me;
    this.ids = idPrefix("cases");
    this.caseworkers = null;
    this.status = h("p", { class: "cw-status", role: "status", "aria-live": "polite" });
    this.main = h("div", { class: "cw-main" });
    this.el = h("div", { class: "cw-cases" }, this.status, this.main);
    container.replaceChildren(this.el);
  }

  w(key, params = {}) { return w(key, params, this.lang()); }

  say(text, kind = "info") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  fail(err) { this.say(errorMessage(err, this.lang()), "error"); }

  async attempt(action) {
    try { return await action(); } catch (err) { this.fail(err); return undefined; }
  }

  get isCaseworker() { return CASEWORKER_ROLES.has(this.me?.role); }
  get isCoordinator() { return COORDINATOR_ROLES.has(this.me?.role); }

  async loadCaseworkers() {
    if (!this.caseworkers) this.caseworkers = (await this.api.call("GET", "/api/cases/caseworkers")).caseworkers;
    return this.caseworkers;
  }

  // --- the list ------------------------------------------------------------------------------

  async showList(focus = false) {
    this.main.textContent = "";
    // the section's own title already says "case records": this one is only where focus returns
    const heading = h("h3", { tabindex: "-1", class: "visually-hidden", text: this.w("cases_title") });
    this.main.append(heading);
    if (this.isCaseworker) {
      const { cases } = await this.api.call("GET", "/api/cases/mine");
      this.main.append(this.listSection("mine", this.w("cases_mine"), cases, true));
      this.main.append(this.openForm());
    }
    if (this.isCoordinator) {
      const { cases } = await this.api.call("GET", "/api/cases/overview");
      await this.loadCaseworkers();
      this.main.append(this.listSection("all", this.w("cases_overview"), cases, false));
    }
    if (focus) heading.focus();
  }

  listSection(key, title, cases, mine) {
    const id = `${this.ids}-${key}`;
    const section = h("section", { class: "cw-section", "aria-labelledby": id }, h("h4", { id, text: title }));
    if (!cases.length) {
      section.append(h("p", { class: "cw-note", text: this.w("cases_empty") }));
      return section;
    }
    const list = h("ul", { class: "cw-list" });
    for (const item of cases) {
      const holders = item.assignees.map((a) => workerLabel(a, this.lang())).join("、");
      const row = h("li", { class: "cw-case" },
        h("strong", { text: item.person?.nickname ?? "" }),
        h("span", { class: "cw-meta", text: ` ${formatDate(item.opened_at, this.lang())} · ${holders}` }));
      const holding = item.assignees.some((a) => a.id === this.me.id);
      if (mine || holding) {
        const open = h("button", { type: "button", class: "small", text: this.w("cases_open_case") });
        open.setAttribute("aria-label", `${this.w("cases_open_case")}: ${item.person?.nickname ?? ""}`);
        open.addEventListener("click", () => this.attempt(() => this.showCase(item.id)));
        row.append(open);
      }
      if (!mine && this.isCoordinator) row.append(this.seatForms(item.id, item.assignees, () => this.showList()));
      list.append(row);
    }
    section.append(list);
    return section;
  }

  openForm() {
    const id = `${this.ids}-open`;
    const nickname = h("input", { name: "person_nickname", required: true, maxlength: String(TEXT_LIMITS.nickname), autocomplete: "off" });
    const start = h("textarea", { name: "contact_start", rows: "2", maxlength: String(LIMITS.contactStart) });
    const route = h("textarea", { name: "referral_route", rows: "2", maxlength: String(LIMITS.referralRoute) });
    const submit = h("button", { type: "submit", class: "primary", text: this.w("cases_open_submit") });
    const form = h("form", { class: "cw-form", novalidate: true },
      field(`${id}-nick`, this.w("cases_person_nickname"), nickname, { lang: this.lang(), hint: this.w("cases_open_hint") }),
      field(`${id}-start`, this.w("cases_contact_start"), start, { lang: this.lang(), counter: LIMITS.contactStart }),
      field(`${id}-route`, this.w("cases_referral_route"), route, { lang: this.lang(), counter: LIMITS.referralRoute }),
      submit);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      submit.disabled = true;
      await this.attempt(async () => {
        const body = { person_nickname: nickname.value.trim() };
        if (start.value.trim()) body.contact_start = start.value;
        if (route.value.trim()) body.referral_route = route.value;
        try {
          const { case: opened } = await this.api.call("POST", "/api/cases", body);
          this.renderCase(opened);
          this.say(this.w("cases_opened"));
        } catch (err) {
          // Only its assignee hears that a case exists: they may as well see it.
          if (err?.code !== "CONFLICT" || !err.detail?.case_id) throw err;
          await this.showCase(err.detail.case_id);
          this.say(this.w("cases_exists"));
        }
      });
      submit.disabled = false;
    });
    return h("section", { class: "cw-section", "aria-labelledby": id }, h("h4", { id, text: this.w("cases_open") }), form);
  }

  // --- one case ------------------------------------------------------------------------------

  async showCase(caseId) {
    const { case: record } = await this.api.call("GET", `/api/cases/${encodeURIComponent(caseId)}`);
    await this.loadCaseworkers().catch(() => []);
    this.renderCase(record);
  }

  renderCase(record) {
    this.say("");
    this.main.textContent = "";
    const back = h("button", { type: "button", class: "quiet", text: this.w("back") });
    back.addEventListener("click", () => this.attempt(() => this.showList(true)));
    const heading = h("h3", { tabindex: "-1", text: `${this.w("cases_person")}: ${record.person?.nickname ?? ""}` });
    this.main.append(back, heading,
      h("p", { class: "hint", text: this.w("cases_read_notice") }),
      this.fieldsForm(record),
      this.notesSection(record),
      this.assigneesSection(record),
      this.consentsSection(record));
    heading.focus();
  }

  section(key, title, ...children) {
    const id = `${this.ids}-${key}`;
    return h("section", { class: "cw-section", "aria-labelledby": id }, h("h4", { id, text: title }), ...children);
  }

  fieldsForm(record) {
    const id = `${this.ids}-fields`;
    const controls = {
      contact_start: h("textarea", { rows: "2", maxlength: String(LIMITS.contactStart) }),
      referral_route: h("textarea", { rows: "2", maxlength: String(LIMITS.referralRoute) }),
      next_step: h("textarea", { rows: "2", maxlength: String(LIMITS.nextStep) }),
    };
    const limits = { contact_start: LIMITS.contactStart, referral_route: LIMITS.referralRoute, next_step: LIMITS.nextStep };
    for (const [name, control] of Object.entries(controls)) control.value = record[name] ?? "";
    const save = h("button", { type: "submit", class: "primary", text: this.w("cases_save_fields") });
    const form = h("form", { class: "cw-form", novalidate: true },
      ...Object.entries(controls).map(([name, control]) =>
        field(`${id}-${name}`, this.w(`cases_${name}`), control, { lang: this.lang(), counter: limits[name] })),
      save);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const changes = {};
      for (const [name, control] of Object.entries(controls)) {
        if (control.value !== (record[name] ?? "")) changes[name] = control.value;
      }
      if (!Object.keys(changes).length) return;
      save.disabled = true;
      await this.attempt(async () => {
        const { fields } = await this.api.call("PATCH", `/api/cases/${encodeURIComponent(record.id)}`, changes);
        Object.assign(record, fields);
        this.say(this.w("saved"));
      });
      save.disabled = false;
    });
    return this.section("fields", this.w("cases_fields"), form);
  }

  notesSection(record) {
    const list = h("ol", { class: "cw-notes" });
    for (const note of record.notes) {
      list.append(h("li", { class: "cw-note-item" },
        h("p", { class: "cw-meta", text: `${formatDateTime(note.created_at, this.lang())} · ${this.w(`cases_note_${note.kind}`)} · ${workerLabel(note.author, this.lang())}` }),
        paragraphs(note.body)));
    }
    const id = `${this.ids}-note`;
    const kind = h("select", { name: "kind" },
      h("option", { value: "session", text: this.w("cases_note_session") }),
      h("option", { value: "monitoring", text: this.w("cases_note_monitoring") }));
    const body = h("textarea", { name: "body", rows: "5", required: true, maxlength: String(LIMITS.note) });
    const add = h("button", { type: "submit", class: "primary", text: this.w("cases_note_add") });
    const form = h("form", { class: "cw-form", novalidate: true },
      field(`${id}-kind`, this.w("cases_note_kind"), kind, { lang: this.lang() }),
      field(`${id}-body`, this.w("cases_note_body"), body, { lang: this.lang(), counter: LIMITS.note }),
      add);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      add.disabled = true;
      await this.attempt(async () => {
        // The answer is the new note: no need to read (and log) the whole record again.
        const { note } = await this.api.call("POST", `/api/cases/${encodeURIComponent(record.id)}/notes`, { kind: kind.value, body: body.value });
        record.notes.push(note);
        this.renderCase(record);
        this.say(this.w("cases_note_added"));
      });
      add.disabled = false;
    });
    return this.section("notes", this.w("cases_notes"),
      record.notes.length ? list : h("p", { class: "cw-note", text: this.w("cases_notes_empty") }), form);
  }

  assigneesSection(record) {
    const current = h("ul", { class: "cw-list" },
      ...record.assignees.map((a) => h("li", { text: workerLabel(a, this.lang()) })));
    const history = h("ol", { class: "cw-list" });
    for (const item of record.history) {
      const span = `${formatDate(item.assigned_at, this.lang())} – ${item.ended_at ? formatDate(item.ended_at, this.lang()) : this.w("record_history_now")}`;
      const why = item.end_reason || item.reason;
      history.append(h("li", {}, `${workerLabel(item.specialist, this.lang())} · ${span}`,
        why ? h("span", { class: "cw-meta", text: ` — ${why}` }) : null));
    }
    return this.section("assignees", this.w("cases_assignees"), current,
      h("h5", { text: this.w("cases_history") }), history,
      this.seatForms(record.id, record.assignees, () => this.showCase(record.id)));
  }

  consentsSection(record) {
    const list = h("ul", { class: "cw-list" });
    for (const c of record.consents) {
      const when = c.active
        ? this.w("record_consent_active", { date: formatDate(c.granted_at, this.lang()) })
        : this.w("record_consent_was", { from: formatDate(c.granted_at, this.lang()), to: formatDate(c.revoked_at, this.lang()) });
      list.append(h("li", { class: c.active ? "" : "cw-inactive" }, h("strong", { text: c.organisation }), ` ${when} — `, c.purpose));
    }
    return this.section("consents", this.w("cases_consents"),
      record.consents.length ? list : h("p", { text: this.w("record_consents_none") }));
  }

  // The reason field of a seat form. When the one picked is the caller themself (a staff
  // member seating themself), the reason is required, at most 200 characters, and the
  // person reads it in their access log: the label and the hint say so.
  reasonField(id, picker, label, required) {
    const input = h("input", { autocomplete: "off" });
    const wrap = field(id, label, input, { lang: this.lang(), hint: this.w("cases_self_hint") });
    const labelEl = wrap.querySelector("label");
    const hint = wrap.querySelector(".hint");
    const isSelf = () => picker.value === this.me.id;
    const sync = () => {
      const self = isSelf();
      input.required = required || self;
      input.maxLength = self ? LIMITS.selfReason : LIMITS.reason;
      labelEl.textContent = self ? this.w("cases_self_reason") : label;
      hint.hidden = !self;
      if (self) input.setAttribute("aria-describedby", hint.id); else input.removeAttribute("aria-describedby");
      wrap.classList.toggle("cw-self-reason", self);
      input.removeAttribute("aria-invalid");
    };
    picker.addEventListener("change", sync);
    input.addEventListener("input", () => input.removeAttribute("aria-invalid"));
    sync();
    const refuse = () => {
      this.say(this.w("cases_self_reason_invalid"), "error");
      input.setAttribute("aria-invalid", "true");
      input.focus();
    };
    // Checked here too so the caller learns at once, before anything is sent.
    const check = () => {
      if (!isSelf() || input.value.trim()) return true;
      refuse();
      return false;
    };
    return { wrap, input, isSelf, check, refuse };
  }

  async seatAttempt(reason, action) {
    try { await action(); } catch (err) {
      if (err?.code === "INVALID" && err.field === "reason" && reason.isSelf()) reason.refuse();
      else this.fail(err);
    }
  }

  // Add the second assignee / hand a seat over. Shown only where the caller may do it.
  seatForms(caseId, assignees, after) {
    const box = h("div", { class: "cw-seats" });
    const workers = (this.caseworkers || []).filter((c) => !assignees.some((a) => a.id === c.id));
    const holding = assignees.some((a) => a.id === this.me.id);
    if (!workers.length || !(holding || this.isCoordinator)) return box;
    const ids = idPrefix("seat");
    const options = () => workers.map((c) => h("option", { value: c.id, text: workerLabel(c, this.lang()) }));
    if (assignees.length < 2) {
      const who = h("select", { required: true }, ...options());
      const reason = this.reasonField(`${ids}-why`, who, this.w("cases_assign_reason"), false);
      const go = h("button", { type: "submit", class: "primary", text: this.w("cases_assign") });
      const form = h("form", { class: "cw-form", novalidate: true, "aria-label": this.w("cases_assign") },
        field(`${ids}-who`, this.w("cases_assign_who"), who, { lang: this.lang() }), reason.wrap, go);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!reason.check()) return;
        await this.seatAttempt(reason, async () => {
          const body = { specialist_id: who.value };
          if (reason.input.value.trim()) body.reason = reason.input.value;
          await this.api.call("POST", `/api/cases/${encodeURIComponent(caseId)}/assignees`, body);
          await after();
          this.say(this.w("cases_assigned"));
        });
      });
      box.append(form);
    }
    // Coordinators may hand over any seat; an assignee only their own.
    const seats = this.isCoordinator ? assignees : assignees.filter((a) => a.id === this.me.id);
    if (seats.length) {
      const outgoing = h("select", { required: true }, ...seats.map((a) => h("option", { value: a.id, text: workerLabel(a, this.lang()) })));
      const incoming = h("select", { required: true }, ...options());
      const reason = this.reasonField(`${ids}-reason`, incoming, this.w("cases_reason"), true);
      const go = h("button", { type: "submit", class: "primary", text: this.w("cases_hand_over") });
      const form = h("form", { class: "cw-form", novalidate: true, "aria-label": this.w("cases_hand_over") },
        field(`${ids}-out`, this.w("cases_outgoing"), outgoing, { lang: this.lang() }),
        field(`${ids}-in`, this.w("cases_incoming"), incoming, { lang: this.lang() }), reason.wrap, go);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!reason.check()) return;
        await this.seatAttempt(reason, async () => {
          await this.api.call("POST", `/api/cases/${encodeURIComponent(caseId)}/handover`,
            { outgoing_id: outgoing.value, incoming_id: incoming.value, reason: reason.input.value });
          // After handing over one's own seat the case is no longer readable: back to the list
          // (trying to show it would only leave a refused attempt in the person's log).
          if (outgoing.value === this.me.id) await this.showList(true);
          else await after();
          this.say(this.w("cases_handed_over"));
        });
      });
      box.append(form);
    }
    return box;
  }
}

export function mount(container, api, { lang = "ja", me = null } = {}) {
  const langOf = typeof lang === "function" ? lang : () => lang;
  const view = new CasesConsole(container, api, { lang: langOf, me });
  const ready = (async () => {
    if (!view.me) view.me = (await api.call("GET", "/api/me")).account;
    await view.attempt(() => view.showList());
  })();
  return {
    view,
    ready,
    refresh: () => view.attempt(() => view.showList()),
    openCase: (caseId) => view.attempt(() => view.showCase(caseId)),
    unmount: () => view.el.remove(),
  };
}

export default {
  id: "cases",
  titleKey: "casesTitle",
  strings: { ja: { casesTitle: "ケース記録" }, en: { casesTitle: "Case records" } },
  async render(root, ctx) {
    await mount(root, ctx.api, { lang: ctx.lang, me: ctx.me }).ready;
  },
};
