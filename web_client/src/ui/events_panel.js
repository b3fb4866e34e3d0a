// "Events" (催し) in the space's side panel (also in list mode) and quiet notices for
// promotions and reminders. The list itself (signing up, the waitlist, the questions after a
// session) is ui/events_dialog.js, loaded when first opened (a slow phone walks without it).
// Nothing opens by itself: every notice is an invitation.

import { onLangChange } from "../i18n.js";
import { clear, h } from "./dom.js";
import { ew, localWhen, pick } from "./events_words.js";
import { LazyPanel } from "./lazy_panel.js";

export class EventsPanel {
  constructor(app, section) {
    this.app = app;
    this.section = section;
    this.dialog = new LazyPanel(async () => new (await import("./events_dialog.js")).EventsDialog(app));
    this.unlisten = onLangChange(() => this.render());
    this.render();
  }

  render() {
    clear(this.section);
    this.section.setAttribute("aria-labelledby", "events-title");
    this.section.append(
      h("h2", { id: "events-title", text: ew("title") }),
      h("p", { class: "gentle-note", text: ew("intro") }),
      h("ul", { class: "support-list" }, h("li", {}, h("button", {
        type: "button", class: "quiet-button support-action", dataset: { action: "events" }, text: ew("open"),
        onclick: () => this.open(),
      }))));
  }

  open() {
    return this.dialog.open();
  }

  onServerEvent(name, data) {
    const title = pick(data, "title");
    const when = localWhen(data.starts_at);
    let text = "";
    if (name === "event:promoted") text = ew("promoted", { title, when });
    else if (name === "event:reminder") text = ew(data.when === "soon" ? "reminder_soon" : "reminder_day", { title, when });
    if (!text) return;
    this.app.notices.show(text, { timeout: 20000 });
    this.app.announcer.say(text);
    this.dialog.onServerEvent(name, data);
  }

  destroy() {
    this.unlisten();
    this.dialog.destroy();
  }
}
