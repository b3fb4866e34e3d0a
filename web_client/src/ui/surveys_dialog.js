// The surveys' dialog (ui/surveys_panel.js opens it): the open surveys, one at a time as a
// calm form. Its module and stylesheet travel only when someone first opens it.

import { errorText, onLangChange } from "../i18n.js";
import { clear, ensureStylesheet, h } from "./dom.js";
import { localWhen, pick } from "./events_words.js";
import { surveyForm } from "./survey_form.js";
import { sw } from "./survey_words.js";

export class SurveysDialog {
  // panel: the side panel's entry (ui/surveys_panel.js), which keeps the list of surveys.
  constructor(app, panel) {
    this.app = app;
    this.panel = panel;
    this.dialog = null;
    this.unlisten = onLangChange(() => { if (this.dialog?.open) this.showList(); });
  }

  async open() {
    if (!this.dialog) {
      this.status = h("p", { class: "events-status", role: "status", "aria-live": "polite" });
      this.body = h("div", { class: "surveys-body" });
      this.heading = h("h2", { id: "surveys-dialog-title", tabindex: "-1" });
      this.closeButton = h("button", { type: "button", class: "quiet-button", onclick: () => this.dialog.close() });
      this.dialog = h("dialog", { class: "dialog events-dialog surveys-dialog", "aria-labelledby": "surveys-dialog-title" },
        h("div", { class: "dialog-body" }, this.heading, this.status, this.body,
          h("div", { class: "row dialog-actions" }, this.closeButton)));
      this.dialog.addEventListener("close", () => this.app.focusMap?.());
      document.body.append(this.dialog);
    }
    if (!this.dialog.open) this.dialog.showModal();
    await this.panel.refresh();
    this.showList();
    this.heading.focus();
  }

  showList() {
    this.heading.textContent = sw("dialog_title");
    this.closeButton.textContent = sw("close");
    this.status.textContent = "";
    const items = this.panel.surveys.map((s) => h("li", { class: "survey-item" },
      h("p", { class: "survey-item-title", text: pick(s, "title") }),
      h("p", { class: "gentle-note", text: sw("until", { when: localWhen(s.closes_at) }) }),
      s.answered ? h("p", { class: "survey-answered", text: sw("answered") })
        : h("button", { type: "button", class: "primary", dataset: { action: "answer-survey" },
          "aria-label": `${sw("answer")}: ${pick(s, "title")}`, text: sw("answer"), onclick: () => this.showSurvey(s.id) })));
    clear(this.body).append(items.length ? h("ul", { class: "survey-items" }, items)
      : h("p", { class: "gentle-note", text: sw("none") }));
  }

  async showSurvey(id) {
    let survey;
    try {
      survey = (await this.app.api.call("GET", `/api/surveys/${id}`)).survey;
    } catch (err) {
      this.status.textContent = errorText(err);
      return;
    }
    const back = h("button", { type: "button", class: "quiet-button", text: sw("back"), onclick: () => this.showList() });
    const form = surveyForm(this.app.api, survey, {
      say: (text) => this.app.announcer.say(text),
      onDone: () => this.panel.refresh(),
    });
    clear(this.body).append(form, h("div", { class: "row" }, back));
    form.querySelector("h3")?.focus();
  }

  destroy() {
    this.unlisten();
    this.dialog?.remove();
  }
}

// The dialog once its stylesheet has arrived (no unstyled moment on the first opening).
export async function createSurveysDialog(app, panel) {
  await ensureStylesheet(new URL("./surveys.css", import.meta.url).href, "data-ibasho-surveys");
  return new SurveysDialog(app, panel);
}
