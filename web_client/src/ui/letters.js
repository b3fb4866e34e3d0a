// Letters: short notes between a person and their assigned specialists, for when a live
// talk is too much. One view (LettersView) serves both the person, inside a dialog in the
// space (createLettersDialog), and the specialist console (console/letters.js).
//
// api: any object with call(method, path, json?) -> Promise<body>, throwing an error that
// carries {status, code, messages:{ja,en}, field, detail} (web_client/src/api.js Api does).
// Letter text is only ever set as textContent. Opening a letter marks it read; the sender
// is never told (no read receipts: nobody should feel watched for not answering).

import { crisisBox } from "./crisis_box.js";
import { ensureStylesheet, h } from "./dom.js";
import { getLang, onLangChange } from "../i18n.js";
import { LIMITS, errorMessage, field, formatDateTime, idPrefix, paragraphs, w, workerLabel } from "./casework_words.js";

function personLabel(party, lang) {
  if (!party) return w("none", {}, lang);
  return party.profession !== undefined ? workerLabel(party, lang) : party.nickname;
}

export class LettersView {
  // lang: a function returning "ja" or "en" (the console keeps its own choice).
  // staffSide: true in the console (changes only the "nobody to write to" wording).
  constructor(api, { onUnread = () => {}, headingLevel = 3, lang = getLang, staffSide = false } = {}) {
    this.api = api;
    this.staffSide = staffSide;
    this.lang = lang;
    this.w = (key, params = {}) => w(key, params, this.lang());
    this.onUnread = onUnread;
    this.hTag = `h${headingLevel}`;
    this.ids = idPrefix("letters");
    this.view = "inbox";
    this.inbox = null;
    this.sent = null;
    this.contacts = null;
    this.letter = null;
    this.replyTo = null;
    this.guest = false;
    this.status = h("p", { class: "cw-status", role: "status", "aria-live": "polite" });
    this.nav = h("div", { class: "cw-tabs", role: "group" });
    this.main = h("div", { class: "cw-main" });
    this.crisis = crisisBox({ lang: this.lang });
    this.el = h("div", { class: "cw-letters" }, this.nav, this.status, this.crisis.element, this.main);
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

  fail(err, context = "") {
    this.say(errorMessage(err, this.lang(), context), "error");
  }

  async refresh() {
    try {
      const [inbox, contacts] = await Promise.all([
        this.api.call("GET", "/api/letters/inbox"),
        this.api.call("GET", "/api/letters/contacts"),
      ]);
      this.inbox = inbox;
      this.contacts = contacts.contacts;
      this.guest = false;
      this.onUnread(inbox.unread);
    } catch (err) {
      if (err?.code === "FORBIDDEN" && err.detail?.reason === "guest") this.guest = true;
      else this.fail(err);
    }
    if (this.view === "sent") await this.loadSent();
    this.render();
  }

  async loadSent() {
    try {
      this.sent = await this.api.call("GET", "/api/letters/sent");
    } catch (err) {
      this.fail(err);
    }
  }

  // A "letter:new" event from the space: refresh quietly and return a sentence to announce.
  async notifyNew(data) {
    await this.refresh();
    return this.w("letters_new", { name: data?.sender_nickname ?? "" });
  }

  async show(view, focus = true) {
    this.view = view;
    this.say("");
    if (view === "sent" && !this.sent) await this.loadSent();
    this.render();
    if (focus) this.main.querySelector("[data-focus]")?.focus();
  }

  tab(view, label) {
    const button = h("button", { type: "button", class: "cw-tab", text: label });
    button.setAttribute("aria-pressed", String(this.view === view || (view === "inbox" && this.view === "letter")));
    button.addEventListener("click", () => { this.replyTo = null; this.show(view); });
    return button;
  }

  render() {
    this.nav.textContent = "";
    this.main.textContent = "";
    this.nav.setAttribute("aria-label", this.w("letters_title"));
    if (this.guest) {
      this.main.append(h("p", { class: "cw-note", text: this.w("letters_guest") }));
      return;
    }
    const unread = this.inbox?.unread ?? 0;
    this.nav.append(
      this.tab("inbox", unread ? this.w("letters_inbox_count", { n: unread }) : this.w("letters_inbox")),
      this.tab("sent", this.w("letters_sent")),
      this.tab("compose", this.w("letters_write")),
    );
    if (this.view === "inbox") this.renderList(this.inbox, true);
    else if (this.view === "sent") this.renderList(this.sent, false);
    else if (this.view === "compose") this.renderCompose();
    else if (this.view === "letter") this.renderLetter();
  }

  heading(text) {
    return h(this.hTag, { tabindex: "-1", "data-focus": true, text });
  }

  renderList(page, incoming) {
    this.main.append(this.heading(incoming ? this.w("letters_inbox") : this.w("letters_sent")));
    if (!page) {
      this.main.append(h("p", { text: this.w("loading") }));
      return;
    }
    if (!page.letters.length) {
      this.main.append(h("p", { class: "cw-note", text: incoming ? this.w("letters_empty_inbox") : this.w("letters_empty_sent") }));
      return;
    }
    const list = h("ul", { class: "cw-list" });
    for (const item of page.letters) {
      const who = incoming ? this.w("letters_from", { name: personLabel(item.sender, this.lang()) }) : this.w("letters_to", { name: personLabel(item.recipient, this.lang()) });
      const unread = incoming && !item.read;
      const button = h("button", { type: "button", class: unread ? "cw-item cw-unread" : "cw-item" },
        h("strong", { text: item.subject || this.w("letters_no_subject") }),
        h("span", { class: "cw-meta", text: `${who} · ${formatDateTime(item.created_at, this.lang())}` }),
        unread ? h("span", { class: "tag", text: this.w("letters_unread") }) : null,
        h("span", { class: "cw-preview", text: item.preview }));
      button.addEventListener("click", () => this.open(item.id));
      list.append(h("li", {}, button));
    }
    this.main.append(list);
    if (page.letters.length < page.total) {
      const more = h("button", { type: "button", class: "quiet", text: this.w("more") });
      more.addEventListener("click", () => this.more(incoming));
      this.main.append(more);
    }
  }

  async more(incoming) {
    const page = incoming ? this.inbox : this.sent;
    try {
      const next = await this.api.call("GET", `/api/letters/${incoming ? "inbox" : "sent"}?offset=${page.letters.length}`);
      page.letters.push(...next.letters);
      page.total = next.total;
      this.render();
    } catch (err) {
      this.fail(err);
    }
  }

  async open(letterId) {
    try {
      const { letter } = await this.api.call("GET", `/api/letters/${encodeURIComponent(letterId)}`);
      if (letter.direction === "in" && !letter.read) {
        await this.api.call("POST", `/api/letters/${encodeURIComponent(letterId)}/read`);
        letter.read = true;
        const item = this.inbox?.letters.find((x) => x.id === letterId);
        if (item && !item.read) {
          item.read = true;
          this.inbox.unread = Math.max(0, this.inbox.unread - 1);
          this.onUnread(this.inbox.unread);
        }
      }
      this.letter = letter;
      await this.show("letter");
    } catch (err) {
      this.fail(err);
    }
  }

  renderLetter() {
    const letter = this.letter;
    const incoming = letter.direction === "in";
    const who = incoming ? this.w("letters_from", { name: personLabel(letter.sender, this.lang()) }) : this.w("letters_to", { name: personLabel(letter.recipient, this.lang()) });
    const actions = h("div", { class: "cw-actions" });
    const back = h("button", { type: "button", class: "quiet", text: this.w("back") });
    back.addEventListener("click", () => this.show(incoming ? "inbox" : "sent"));
    actions.append(back);
    const canReply = incoming && (this.contacts || []).some((c) => c.id === letter.sender?.id);
    if (canReply) {
      const reply = h("button", { type: "button", text: this.w("letters_reply") });
      reply.addEventListener("click", () => {
        this.replyTo = { id: letter.sender.id, subject: letter.subject };
        this.show("compose");
      });
      actions.append(reply);
    }
    const remove = h("button", { type: "button", class: "quiet danger", text: this.w("letters_delete") });
    remove.addEventListener("click", () => this.confirmDelete(actions, letter));
    actions.append(remove);
    this.main.append(
      h("article", { class: "cw-letter", "aria-labelledby": `${this.ids}-subject` },
        h(this.hTag, { id: `${this.ids}-subject`, tabindex: "-1", "data-focus": true, text: letter.subject || this.w("letters_no_subject") }),
        h("p", { class: "cw-meta", text: `${who} · ${formatDateTime(letter.created_at, this.lang())}` }),
        paragraphs(letter.body)),
      actions);
  }

  confirmDelete(actions, letter) {
    const yes = h("button", { type: "button", class: "danger", text: this.w("letters_delete_yes") });
    const no = h("button", { type: "button", text: this.w("cancel") });
    const box = h("div", { class: "cw-confirm", role: "alertdialog", "aria-labelledby": `${this.ids}-confirm` },
      h("p", { id: `${this.ids}-confirm`, text: this.w("letters_delete_confirm") }), yes, no);
    no.addEventListener("click", () => { box.remove(); actions.hidden = false; actions.querySelector("button")?.focus(); });
    yes.addEventListener("click", async () => {
      try {
        await this.api.call("DELETE", `/api/letters/${encodeURIComponent(letter.id)}`);
        const incoming = letter.direction === "in";
        const page = incoming ? this.inbox : this.sent;
        if (page) {
          page.letters = page.letters.filter((x) => x.id !== letter.id);
          page.total = Math.max(0, page.total - 1);
        }
        await this.show(incoming ? "inbox" : "sent");
        this.say(this.w("letters_deleted"));
      } catch (err) {
        this.fail(err);
      }
    });
    actions.hidden = true;
    actions.after(box);
    no.focus();  // the safe choice has the focus
  }

  renderCompose() {
    this.main.append(this.heading(this.w("letters_write")));
    const contacts = this.contacts || [];
    if (!contacts.length) {
      this.main.append(h("p", { class: "cw-note", text: this.w(this.staffSide ? "letters_no_contacts_staff" : "letters_no_contacts") }));
      return;
    }
    const to = h("select", { name: "recipient_id", required: true });
    for (const c of contacts) {
      const option = h("option", { value: c.id, text: personLabel(c, this.lang()) });
      if (this.replyTo?.id === c.id) option.selected = true;
      to.append(option);
    }
    const subject = h("input", { name: "subject", maxlength: String(LIMITS.letterSubject), autocomplete: "off" });
    if (this.replyTo?.subject) subject.value = this.replyTo.subject.startsWith("Re: ") ? this.replyTo.subject : `Re: ${this.replyTo.subject}`.slice(0, LIMITS.letterSubject);
    const body = h("textarea", { name: "body", rows: "8", required: true, maxlength: String(LIMITS.letterBody) });
    const send = h("button", { type: "submit", text: this.w("letters_send") });
    const form = h("form", { class: "cw-form", novalidate: true },
      field(`${this.ids}-to`, this.w("letters_to_label"), to),
      field(`${this.ids}-subject-in`, this.w("letters_subject_label"), subject),
      field(`${this.ids}-body`, this.w("letters_body_label"), body, { hint: this.w("letters_body_hint"), counter: LIMITS.letterBody, lang: this.lang() }),
      send);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      send.disabled = true;
      try {
        const payload = { recipient_id: to.value, body: body.value };
        if (subject.value.trim()) payload.subject = subject.value;
        const { letter } = await this.api.call("POST", "/api/letters", payload);
        this.replyTo = null;
        this.sent = null;
        await this.show("sent");
        this.say(this.w("letters_sent_done"));
        if (letter?.crisis) this.crisis.show(letter.crisis);  // the support lines, calmly
      } catch (err) {
        this.fail(err, "letter");
        const target = { body, subject, recipient_id: to }[err?.field];
        if (target) {
          target.setAttribute("aria-invalid", "true");
          target.focus();
        }
      } finally {
        send.disabled = false;
      }
    });
    this.main.append(form);
  }
}

// The person's letters as a modal dialog in the space. Esc or "close" closes it and the
// focus returns to whatever opened it (native <dialog> behaviour).
export function createLettersDialog({ api, onUnread = () => {} } = {}) {
  // The dialog brings its own look (the space does not link casework.css; the console does).
  ensureStylesheet(new URL("./casework.css", import.meta.url).href, "data-ibasho-casework");
  const ids = idPrefix("letters-dialog");
  const view = new LettersView(api, { onUnread, headingLevel: 3 });
  const title = h("h2", { id: `${ids}-title`, text: w("letters_title") });
  const close = h("button", { type: "button", class: "quiet cw-close", text: w("close") });
  const dialog = h("dialog", { class: "cw-dialog", "aria-labelledby": `${ids}-title` },
    h("div", { class: "cw-dialog-head" }, title, close), view.el);
  close.addEventListener("click", () => dialog.close());
  const relabel = onLangChange(() => { title.textContent = w("letters_title"); close.textContent = w("close"); });
  return {
    dialog,
    view,
    async open() {
      if (!dialog.isConnected) document.body.append(dialog);
      if (!dialog.open) dialog.showModal();
      await view.refresh();
      view.main.querySelector("[data-focus]")?.focus();
    },
    close() { if (dialog.open) dialog.close(); },
    refresh: () => view.refresh(),
    onLetterNew: (data) => view.notifyNew(data),
    destroy() { relabel(); view.destroy(); dialog.remove(); },
  };
}

// For a badge on the "letters" button: how many unread letters, or 0 for guests.
export async function unreadCount(api) {
  try {
    return (await api.call("GET", "/api/letters/inbox")).unread;
  } catch {
    return 0;
  }
}
