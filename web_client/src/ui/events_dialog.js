// The events list of the space (ui/events_panel.js opens it): the sessions to come, signing
// up and cancelling with one click (no contact data), the waitlist, a calendar file and the
// optional questions after a session. Its module travels only when someone first opens it.

import { errorText, onLangChange } from "../i18n.js";
import { append, clear, h } from "./dom.js";
import { ew, localWhen, pick } from "./events_words.js";
import { feedbackForm } from "./event_feedback.js";

export class EventsDialog {
  constructor(app) {
    this.app = app;
    this.dialog = null;
    this.unlisten = onLangChange(() => { if (this.dialog?.open) this.fill(); });
  }

  async open() {
    if (!this.dialog) {
      this.status = h("p", { class: "events-status", role: "status", "aria-live": "polite" });
      this.list = h("div", { class: "events-list" });
      this.heading = h("h2", { id: "events-dialog-title", tabindex: "-1" });
      this.closeButton = h("button", { type: "button", class: "quiet-button", onclick: () => this.dialog.close() });
      this.dialog = h("dialog", { class: "dialog events-dialog", "aria-labelledby": "events-dialog-title" },
        h("div", { class: "dialog-body" }, this.heading, this.status, this.list,
          h("div", { class: "row dialog-actions" }, this.closeButton)));
      document.body.append(this.dialog);
    }
    if (!this.dialog.open) this.dialog.showModal();
    await this.fill();
    this.heading.focus();
  }

  say(text) {
    this.status.textContent = text;
  }

  async fill() {
    this.heading.textContent = ew("dialog_title");
    this.closeButton.textContent = ew("close");
    let listed, mine;
    try {
      [listed, mine] = await Promise.all([this.app.api.call("GET", "/api/events"), this.app.api.call("GET", "/api/me/event-signups")]);
    } catch (err) {
      this.say(errorText(err));
      return;
    }
    const items = listed.occurrences.map((occ) => this.item(occ));
    const feedback = (mine.feedback || []).map((f) => h("li", {}, h("button", {
      type: "button", class: "secondary", text: ew("feedback_open", { title: pick(f, "title") }),
      onclick: (e) => this.openFeedback(f, e.currentTarget.parentElement),
    })));
    // dom.js's append skips the absent feedback section (Element.append would write "null").
    append(clear(this.list), [
      items.length ? h("ul", { class: "event-items" }, items) : h("p", { class: "gentle-note", text: ew("none") }),
      feedback.length ? h("section", { class: "event-feedback", "aria-labelledby": "event-feedback-title" },
        h("h3", { id: "event-feedback-title", text: ew("feedback_title") }),
        h("p", { class: "gentle-note", text: ew("feedback_intro") }), h("ul", {}, feedback)) : null]);
  }

  item(occ) {
    const event = occ.event;
    const title = pick(event, "title");
    const mine = occ.mine;
    const state = mine?.status === "registered" ? ew("registered")
      : mine?.status === "waitlisted" ? ew("waitlisted", { n: mine.waitlist_place })
        : mine?.status === "removed" ? ew("removed") : (occ.seats_left ? ew("seats", { n: occ.seats_left }) : ew("full"));
    const actions = [];
    if (!mine || !["registered", "waitlisted", "removed"].includes(mine.status)) {
      actions.push(h("button", { type: "button", class: "primary", dataset: { action: "signup" },
        text: occ.seats_left || event.registration !== "required" ? ew("signup") : ew("waitlist_join"),
        "aria-label": `${occ.seats_left ? ew("signup") : ew("waitlist_join")}: ${title}`,
        onclick: () => this.signUp(occ, !occ.seats_left) }));
    } else if (mine.status !== "removed") {
      actions.push(h("button", { type: "button", class: "quiet-button", dataset: { action: "cancel" },
        text: mine.status === "waitlisted" ? ew("leave_waitlist") : ew("cancel"),
        "aria-label": `${mine.status === "waitlisted" ? ew("leave_waitlist") : ew("cancel")}: ${title}`,
        onclick: () => this.cancel(occ) }));
      if (mine.status === "registered") {
        actions.push(h("button", { type: "button", class: "quiet-button", text: ew("calendar"), onclick: () => this.calendar(occ) }));
      }
    }
    // The live room (its door opens 10 minutes before the start; the page says so until then).
    if (mine?.status === "registered" || (event.registration !== "required" && mine?.status !== "removed")) {
      // Opened as the panel over the map (app.enterEvent: the avatar steps off the map
      // meanwhile, docs/EVENTS.md); a new tab or window still gets the page itself.
      actions.push(h("a", { class: "text-link event-enter", href: `/event/${encodeURIComponent(occ.id)}`,
        text: ew("enter_room"), "aria-label": `${ew("enter_room")}: ${title}`,
        onclick: (e) => {
          if (!this.app.enterEvent || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          this.dialog.close();
          this.app.enterEvent(occ);
        } }));
    }
    const description = pick(event, "description_html");
    // The server's sanitiser (rooms/boards/markdown.py) made this HTML; as in the board reader,
    // it goes through a template (which never runs scripts or loads anything).
    const template = document.createElement("template");
    template.innerHTML = description;
    const body = h("div", { class: "event-description" }, template.content);
    return h("li", { class: "event-item", dataset: { occurrence: occ.id } },
      h("h3", { text: title }),
      h("p", { class: "event-when", text: localWhen(occ.starts_at) }),
      h("p", { class: "gentle-note", text: [ew("kind")[event.kind], ew("audience")[event.audience],
        ew("registration")[event.registration], state].join(" · ") }),
      description ? body : null,
      h("p", { class: "gentle-note", text: ew("hosts", { names: event.hosts.map((x) => x.nickname).join(", ") }) }),
      h("div", { class: "row" }, actions));
  }

  async signUp(occ, waitlist) {
    const title = pick(occ.event, "title");
    try {
      const { signup } = await this.app.api.call("POST", `/api/events/occurrences/${occ.id}/signup`, { waitlist });
      this.say(signup.status === "waitlisted" ? ew("waitlisted_now") : ew("signed_up", { title }));
    } catch (err) {
      if (err.code === "EVENT_FULL" && err.detail?.waitlist && window.confirm(ew("full_ask"))) {
        await this.signUp(occ, true);
        return;
      }
      this.say(errorText(err));
    }
    await this.fill();
  }

  async cancel(occ) {
    try {
      await this.app.api.call("POST", `/api/events/occurrences/${occ.id}/cancel-signup`, {});
      this.say(ew("cancelled"));
    } catch (err) {
      this.say(errorText(err));
    }
    await this.fill();
  }

  async calendar(occ) {
    const response = await fetch(`/api/events/occurrences/${occ.id}/signup.ics`, {
      headers: { Authorization: `Bearer ${this.app.api.accessToken}` } });
    if (!response.ok) return;
    const link = h("a", { href: URL.createObjectURL(await response.blob()), download: "ibasho-event.ics" });
    document.body.append(link);
    link.click();
    link.remove();
  }

  openFeedback(entry, slot) {
    slot.replaceChildren(feedbackForm(this.app.api, entry, (text) => { this.say(text); }));
    slot.querySelector("input, textarea, button")?.focus();
  }

  // A promotion or reminder while the list is open: show the news in it.
  onServerEvent() {
    if (this.dialog?.open) this.fill();
  }

  destroy() {
    this.unlisten();
    this.dialog?.remove();
  }
}
