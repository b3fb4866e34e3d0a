// "Talk to someone" inside the space: the desk on duty, booking a specialist, one's bookings
// (waiting room), letters and one's own record. Every entry is an invitation, never a push:
// nothing opens by itself, and reminders are quiet notices.

import { getLang, onLangChange } from "../i18n.js";
import { clear, h } from "./dom.js";
import { formatAt } from "../times.js";
import { sw as sanctionWord } from "./sanction_words.js";
import { MyReports } from "./my_reports.js";
// The panels' modules travel only when one is opened (a slow phone walks without them).
// Roles with a console section (web_client/src/console/sections.js).
const STAFF_ROLES = new Set(["peer_supporter", "specialist", "staff", "moderator", "admin"]);
const panels = {
  booking: () => import("./booking.js"),
  consult: () => import("./consult.js"),
  desk: () => import("./desk.js"),
  letters: () => import("./letters.js"),
  record: () => import("./my_record.js"),
};

const REMIND_WITHIN_MS = 24 * 3600 * 1000;

const WORDS = {
  ja: {
    title: "相談する",
    intro: "話したくなったときのために。使わなくても、だいじょうぶです。",
    desk: "相談デスクに話しかける（文字で）",
    book: "専門家との相談を予約する",
    bookings: "予約した相談・待合室",
    console: "スタッフのコンソールを開く",
    console_hint: "スタッフとしてログインしています。相談の受付や予約の管理はコンソールでできます。",
    letters: "手紙",
    letters_unread: "手紙（未読 {n}）",
    record: "わたしの記録",
    kept_only: "手紙と記録は、アカウントを残すと使えます。",
    close: "閉じる",
    desk_title: "相談デスク",
    reminder: "{when} から相談の予約があります。時間になったら、相談の棟の相談室のドアの前か「予約した相談・待合室」からどうぞ。",
    booked: "予約しました。",
    letter_new: "{name} さんから手紙が届きました。",
    record_changed: "あなたの記録を読める人が変わりました。だれが、どうしてかは「わたしの記録」で確かめられます。",
    booking_changed: "相談の予約に変更がありました。",
    no_show: "またいつでも、別の時間を選べます。",
    board_new: "掲示板に新しいお知らせがあります: {title}",
  },
  en: {
    title: "Talk to someone",
    intro: "For when you feel like talking. It's fine never to use it.",
    desk: "Talk to the desk on duty (text)",
    book: "Book a consultation with a specialist",
    bookings: "My bookings and waiting room",
    console: "Open the staff console",
    console_hint: "You are signed in as staff. The desk, bookings and the rest of your work are in the console.",
    letters: "Letters",
    letters_unread: "Letters ({n} unread)",
    record: "My record",
    kept_only: "Letters and your record are there once you keep your account.",
    close: "Close",
    desk_title: "The desk on duty",
    reminder: "You have a consultation booked at {when}. When it's time, walk up to a room's door in the Consultation wing, or open \"My bookings and waiting room\".",
    booked: "Booked.",
    letter_new: "A letter from {name} has arrived.",
    record_changed: "Who can read your record has changed. \"My record\" shows who, and why.",
    booking_changed: "One of your bookings has changed.",
    no_show: "You can choose another time whenever you like.",
    board_new: "A new notice on the boards: {title}",
  },
};

function w(key, params = {}) {
  const text = WORDS[getLang()]?.[key] ?? WORDS.ja[key];
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

export class SupportPanel {
  constructor(app, section) {
    this.app = app;
    this.section = section;
    this.letters = null;
    this.record = null;
    this.unread = 0;
    this.reminded = new Set();
    this.reports = new MyReports(app.api);
    this.unlisten = onLangChange(() => this.render());
    this.render();
    this.refreshUnread();
    this.remind();
    this.reports.load();
  }

  get kept() {
    return this.app.api.account && !this.app.api.account.is_guest;
  }

  render() {
    clear(this.section);
    const title = h("h2", { id: "support-title", text: w("title") });
    this.section.setAttribute("aria-labelledby", "support-title");
    const button = (key, onclick, label = w(key)) =>
      h("li", {}, h("button", { type: "button", class: "quiet-button support-action", dataset: { action: key }, onclick, text: label }));
    const items = [
      button("desk", () => this.openDesk()),
      button("book", () => this.openBooking()),
      button("bookings", () => this.openWaitingRoom()),
    ];
    items.push(button("notices", () => this.app.sanctions.open(), sanctionWord("open")));
    if (this.kept) {
      items.push(button("letters", () => this.openLetters(), this.unread ? w("letters_unread", { n: this.unread }) : w("letters")));
      items.push(button("record", () => this.openRecord()));
    }
    this.section.append(title, h("p", { class: "gentle-note", text: w("intro") }), h("ul", { class: "support-list" }, items));
    // Staff who came in through the landing page find their tools from here.
    if (STAFF_ROLES.has(this.app.api.account?.role)) {
      this.section.append(h("p", { class: "gentle-note", text: w("console_hint") }),
        h("p", {}, h("a", { class: "text-link", href: this.app.api.account.role === "moderator" ? "/console/moderation" : "/console",
          dataset: { action: "console" }, text: w("console") })));
    }
    if (!this.kept) this.section.append(h("p", { class: "gentle-note", text: w("kept_only") }));
    this.reports.render();
    this.section.append(this.reports.el);
  }

  token() {
    return this.app.api.accessToken;
  }

  openDesk() {
    return this.openPanelDialog("support-desk", w("desk_title"), panels.desk, (m, body) => m.mountDesk(body, this.panelOptions()));
  }

  // The waiting room and the private room of one's bookings, inside the space (the map
  // stays behind the dialog; closing it is the way back), as /consult shows them.
  openWaitingRoom() {
    return this.openPanelDialog("support-consult", w("bookings"), panels.consult, (m, body) => m.mountConsult(body, this.panelOptions()));
  }

  panelOptions() {
    return { token: this.token(), refreshToken: this.app.api.refreshToken, lang: getLang() };
  }

  // A panel (desk, consultation) in a dialog: the panel brings its own heading; the dialog
  // only adds a way out, and the panel is destroyed (its socket closed) when it closes.
  // extra: { dialogClass, closeLabel: () => text, onClosed } (the event room in the hall).
  async openPanelDialog(className, label, load, mount, extra = {}) {
    const module = await load();
    const body = h("div", { class: className });
    const closeText = extra.closeLabel || (() => w("close"));
    const close = h("button", { type: "button", class: "quiet-button", text: closeText() });
    const dialog = h("dialog", { class: `dialog support-dialog ${extra.dialogClass || ""}`.trim(), "aria-label": label },
      h("div", { class: "support-dialog-head" }, close), body);
    document.body.append(dialog);
    const panel = mount(module, body);
    const relabel = onLangChange((lang) => { panel.setLang?.(lang); close.textContent = closeText(); });
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      relabel(); panel.destroy(); dialog.remove();
      extra.onClosed?.();
      this.app.focusMap?.();
    });
    dialog.showModal();
    return dialog;
  }

  async openBooking() {
    (await panels.booking()).mountBooking(document.body, {
      token: () => this.token(),
      lang: getLang(),
      onBooked: () => { this.app.notices.show(w("booked")); this.remind(); },
    });
  }

  async openLetters() {
    if (!this.letters) {
      const { createLettersDialog } = await panels.letters();
      this.letters ??= createLettersDialog({ api: this.app.api, onUnread: (n) => { this.unread = n; this.render(); } });
    }
    await this.letters.open();
  }

  async openRecord() {
    if (!this.record) {
      const { createMyRecordDialog } = await panels.record();
      this.record ??= createMyRecordDialog({ api: this.app.api });
    }
    await this.record.open();
  }

  async refreshUnread() {
    if (!this.kept) return;
    this.unread = await (await panels.letters()).unreadCount(this.app.api);
    this.render();
  }

  // A quiet notice for a consultation within the next day, once per booking.
  async remind() {
    let bookings = [];
    try {
      const now = new Date();
      const query = `side=person&status=booked&from=${encodeURIComponent(now.toISOString())}`;
      bookings = (await this.app.api.call("GET", `/api/bookings?${query}`)).bookings || [];
    } catch {
      return; // reminders are a kindness, not a requirement
    }
    for (const booking of bookings) {
      const starts = new Date(booking.starts_at);
      if (starts - Date.now() > REMIND_WITHIN_MS || this.reminded.has(booking.id)) continue;
      this.reminded.add(booking.id);
      const when = formatAt(starts, getLang(), "shortDayTime");
      this.app.notices.show(w("reminder", { when }), { timeout: 20000 });
    }
  }

  onServerEvent(name, data) {
    switch (name) {
      case "letter:new":
        this.app.announcer.say(w("letter_new", { name: data.sender_nickname }));
        this.app.notices.show(w("letter_new", { name: data.sender_nickname }));
        this.letters?.onLetterNew(data);
        this.refreshUnread();
        break;
      case "report:updated": {
        const words = this.reports.update(data);
        this.app.notices.show(words, { timeout: 20000 });
        this.app.announcer.say(words);
        break;
      }
      case "record:changed":
        // Someone was seated on (or left) the person's record: they are told, quietly.
        this.app.notices.show(w("record_changed"), { timeout: 20000 });
        if (this.record?.dialog.open) this.record.refresh();
        break;
      case "booking:cancelled":
      case "booking:rescheduled":
        this.app.notices.show(data.message?.[getLang()] || w("booking_changed"), { timeout: 15000 });
        break;
      case "booking:no_show":
        this.app.notices.show(data.message?.[getLang()] || w("no_show"), { timeout: 15000 });
        break;
      case "board:published":
        this.app.notices.show(w("board_new", { title: getLang() === "en" ? data.title_en || data.title_ja : data.title_ja || data.title_en }));
        break;
      default:
        break;
    }
  }
}
