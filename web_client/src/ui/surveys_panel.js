// "Surveys" (アンケート) in the space's side panel (also in list mode), and the sign in the
// plaza: while one's avatar is in the plaza and a survey is waiting for one's answer, a quiet
// offer to answer it (like the events sign at the hall). Nothing opens by itself; the dialog
// (ui/surveys_dialog.js, loaded when first opened) lists the open surveys and shows one at a
// time as a calm form. The sign's look is in app.css: it may show before the dialog loads.

import { onLangChange } from "../i18n.js";
import { zoneAt } from "../mapdata.js";
import { clear, h } from "./dom.js";
import { LazyPanel } from "./lazy_panel.js";
import { sw } from "./survey_words.js";

export class SurveysPanel {
  constructor(app, section, container) {
    this.app = app;
    this.section = section;
    this.surveys = [];
    this.inPlaza = false;
    this.dialog = new LazyPanel(async () => (await import("./surveys_dialog.js")).createSurveysDialog(app, this));
    this.signButton = h("button", { type: "button", class: "small primary survey-sign-read",
      onclick: () => this.open() });
    this.sign = h("div", { class: "survey-sign", hidden: true }, this.signButton);
    container.append(this.sign);
    this.unlisten = onLangChange(() => this.render());
    this.render();
    this.refresh();
  }

  get waiting() {
    return this.surveys.filter((s) => !s.answered).length;
  }

  async refresh() {
    try {
      this.surveys = (await this.app.api.call("GET", "/api/surveys")).surveys;
    } catch {
      this.surveys = [];
    }
    this.render();
  }

  render() {
    clear(this.section);
    this.section.setAttribute("aria-labelledby", "surveys-title");
    const n = this.waiting;
    this.section.append(
      h("h2", { id: "surveys-title", text: sw("title") }),
      h("p", { class: "gentle-note", text: sw("intro") }),
      h("ul", { class: "support-list" }, h("li", {}, h("button", {
        type: "button", class: "quiet-button support-action", dataset: { action: "surveys" },
        text: n ? sw("open_n", { n }) : sw("open"), onclick: () => this.open(),
      }))));
    this.sign.hidden = !(this.inPlaza && n);
    this.signButton.textContent = sw("sign_read");
  }

  // Called every frame with the avatar's position; touches the DOM only on entering or leaving.
  update(x, y) {
    const zone = Number.isFinite(x) && Number.isFinite(y) ? zoneAt(this.app.map, x, y) : null;
    const inPlaza = zone?.kind === "plaza";
    if (inPlaza === this.inPlaza) return;
    this.inPlaza = inPlaza;
    this.render();
    if (inPlaza && this.waiting) this.app.announcer.say(sw("sign_announce"));
  }

  open() {
    return this.dialog.open();
  }

  destroy() {
    this.unlisten();
    this.sign.remove();
    this.dialog.destroy();
  }
}
