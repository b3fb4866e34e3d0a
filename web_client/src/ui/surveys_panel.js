// "Surveys" (アンケート) in the space's side panel (also in list mode), and the sign in the
// plaza: while one's avatar is in the plaza and a survey is waiting for one's answer, a quiet
// offer to answer it (like the events sign at the hall). Nothing opens by itself; the dialog
// lists the open surveys and shows one at a time as a calm form.

import { getLang, onLangChange } from "../i18n.js";
import { zoneAt } from "../mapdata.js";
import { clear, ensureStylesheet, h } from "./dom.js";
import { localWhen, pick } from "./events_words.js";
import { surveyForm } from "./survey_form.js";
import { sw } from "./survey_words.js";

function errorText(err) {
  return err?.messages?.[getLang()] || err?.message || "";
}

export class SurveysPanel {
  constructor(app, section, container) {
    ensureStylesheet(new URL("./surveys.css", import.meta.url).href, "data-ibasho-surveys");
    this.app = app;
    this.section = section;
    this.surveys = [];
    this.inPlaza = false;
    this.dialog = null;
    this.signButton = h("button", { type: "button", class: "small primary survey-sign-read",
      onclick: () => this.open() });
    this.sign = h("div", { class: "survey-sign", hidden: true }, this.signButton);
    container.append(this.sign);
    this.unlisten = onLangChange(() => { this.render(); if (this.dialog?.open) this.showList(); });
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
    await this.refresh();
    this.showList();
    this.heading.focus();
  }

  showList() {
    this.heading.textContent = sw("dialog_title");
    this.closeButton.textContent = sw("close");
    this.status.textContent = "";
    const items = this.surveys.map((s) => h("li", { class: "survey-item" },
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
      onDone: () => this.refresh(),
    });
    clear(this.body).append(form, h("div", { class: "row" }, back));
    form.querySelector("h3")?.focus();
  }

  destroy() {
    this.unlisten();
    this.sign.remove();
    this.dialog?.remove();
  }
}
