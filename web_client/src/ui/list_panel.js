// The list mode: everything the map offers, as plain DOM. Where you are (and its typed
// talk), who is nearby (with stamp / invite / block), the places (with "go there") and
// the notice boards. Usable with a keyboard or a screen reader alone.

import { $, h, keyedList, ensureStylesheet } from "./dom.js";
import { formatTime } from "../times.js";
import { personActions } from "./person_actions.js";
import { fillReportButton, messageReportButton } from "./report_button.js";
import { getLang, listNames, pick, t } from "../i18n.js";
import { watchInput } from "../shield_hint.js";
import { zoneById } from "../mapdata.js";
import { zoneMessagesHere } from "../state.js";
import { hideButton, isModerator } from "./moderator_tools.js";

function distanceWord(d) {
  if (d < 72) return t("distance_close");
  if (d < 260) return t("distance_near");
  return t("distance_far");
}

export class ListPanel {
  constructor(app) {
    this.app = app;
    this.el = $("#list-panel");
    this.people = $("#people-list");
    this.actions = new Map(); // id -> {update}
    this.lastPeopleRender = 0;
    this.pendingPeople = null;
    this.boardCategories = null;
    const form = $("#zone-chat-form");
    const input = $("#zone-chat-input");
    ensureStylesheet(new URL("../shield.css", import.meta.url).href, "data-ibasho-shield");
    const hint = h("p", { id: "zone-chat-hint", class: "shield-hint", role: "status", hidden: true });
    form.after(hint);
    const rehint = watchInput(input, hint, { lang: getLang, where: "public" });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      app.zoneSay(input.value).then((ok) => { if (ok) { input.value = ""; rehint(); } });
    });
    this.renderStatic();
  }

  renderStatic() {
    const { app } = this;
    const places = $("#places-list");
    places.textContent = "";
    for (const zone of app.map.zones) {
      const rules = zone.requestsAllowed ? (zone.chatAllowed ? t("rules_chat_ok") : "") : t("rules_quiet");
      const button = h("button", { type: "button", class: "small", dataset: { zone: zone.id }, text: t("go_there") });
      button.setAttribute("aria-label", `${t("go_there")}: ${pick(zone.name)}`);
      button.addEventListener("click", () => app.walkToZone(zone.id));
      places.append(h("li", { class: "place-row", dataset: { zone: zone.id } },
        h("div", { class: "place-text" },
          h("strong", { text: pick(zone.name) }),
          rules ? h("span", { class: "tag", text: rules }) : null,
          h("p", { class: "hint", text: pick(zone.description) })),
        button));
    }
    this.renderBoards();
    this.renderHere(app.state);
    this.renderPeople(app.state, true);
  }

  // The boards' categories come from the boards API (with how many posts each has); if it
  // does not answer, one link to /boards and the boards drawn on the map.
  async checkBoards() {
    try {
      const body = await this.app.api.get("/api/boards/categories");
      this.boardCategories = Array.isArray(body?.categories) ? body.categories : null;
    } catch {
      this.boardCategories = null;
    }
    this.renderBoards();
  }

  boardHref(path) {
    return this.app.lang === "en" ? `${path}?lang=en` : path;
  }

  goButton(board, name) {
    if (!board) return null;
    const go = h("button", { type: "button", class: "small quiet-button", text: t("go_there") });
    go.setAttribute("aria-label", `${t("go_there")}: ${name}`);
    go.addEventListener("click", () => this.app.walkToPoint(board.x, board.y, name));
    return go;
  }

  // Each board opens the reader right here; the plain /boards pages stay one link away
  // for people who prefer them.
  openButton(category, name) {
    const open = h("button", { type: "button", class: "board-open", dataset: { category }, text: name });
    open.addEventListener("click", () => this.app.openBoard(category));
    return open;
  }

  renderBoards() {
    const { app } = this;
    const list = $("#boards-list");
    list.textContent = "";
    const boards = app.map.objects.filter((o) => o.type === "board" && o.name);
    const onMap = (key) => boards.find((b) => b.properties.category === key);
    if (this.boardCategories) {
      for (const c of this.boardCategories) {
        const name = pick({ ja: c.label_ja, en: c.label_en });
        const counts = [c.count ? t("boards_count", { n: c.count }) : "", c.new_count ? t("boards_new", { n: c.new_count }) : ""].filter(Boolean).join("・");
        list.append(h("li", { class: "board-row", dataset: { category: c.key } },
          h("span", { class: "board-text" },
            this.openButton(c.key, name),
            counts ? h("span", { class: "hint board-count", text: ` ${counts}` }) : null),
          this.goButton(onMap(c.key), name)));
      }
    } else {
      for (const board of boards) {
        const name = pick(board.name);
        list.append(h("li", { class: "board-row", dataset: { category: board.properties.category } },
          h("span", { class: "board-text" }, this.openButton(board.properties.category, name)),
          this.goButton(board, name)));
      }
    }
    list.append(h("li", { class: "board-row board-plain" },
      h("a", { class: "text-link", href: this.boardHref("/boards"), target: "_blank", rel: "noopener" },
        t("boards_plain_page"), h("span", { class: "sr-only", text: t("new_tab") }))));
  }

  renderHere(state) {
    const zone = state.zone ? zoneById(this.app.map, state.zone) : null;
    $("#here-name").textContent = zone ? pick(zone.name) : t("here_open_floor");
    $("#here-description").textContent = zone ? pick(zone.description) : "";
    $("#place-name").textContent = zone ? pick(zone.name) : pick(this.app.map.name);
    const chatOk = Boolean(zone && zone.chatAllowed);
    const off = $("#zone-chat-off");
    off.hidden = chatOk;
    off.textContent = chatOk ? "" : t(zone && zone.kind === "quiet" ? "zone_chat_off_quiet" : "zone_chat_off_floor");
    $("#zone-chat-form").hidden = !chatOk;
    this.renderZoneMessages(state, chatOk);
  }

  renderZoneMessages(state, chatOk = true) {
    const list = $("#zone-messages");
    const messages = zoneMessagesHere(state);
    list.hidden = !chatOk && messages.length === 0;
    if (!messages.length) {
      keyedList(list, chatOk ? [{ id: "empty" }] : [], (m) => m.id,
        () => h("li", { class: "gentle-note" }), (el) => { el.textContent = t("zone_chat_empty"); });
      return;
    }
    const lang = this.app.lang;
    const moderator = isModerator(this.app);
    keyedList(list, messages, (m) => m.id, (m) => h("li", { class: "message", dataset: { id: m.id } },
      h("span", { class: "sender" }), h("span", { class: "text" }), h("time", {}),
      messageReportButton(this.app.api, () => ({ kind: "message", id: m.id, place: "zone" })),
      moderator ? hideButton(this.app, m.id) : null), (el, m) => {
      el.querySelector(".sender").textContent = m.sender_id === state.me?.id ? t("you") : m.sender_nickname;
      el.querySelector(".text").textContent = m.text;
      el.querySelector("time").textContent = formatTime(m.sent_at, lang);
      fillReportButton(el.querySelector(".msg-report"), { mine: m.sender_id === state.me?.id, sender: m.sender_nickname });
    });
    list.scrollTop = list.scrollHeight;
  }

  // People change ten times a second when they walk; the list follows at most twice a second.
  renderPeople(state, force = false) {
    const now = performance.now();
    if (!force && now - this.lastPeopleRender < 500) {
      if (!this.pendingPeople) {
        this.pendingPeople = setTimeout(() => {
          this.pendingPeople = null;
          this.renderPeople(this.app.state, true);
        }, 500);
      }
      return;
    }
    this.lastPeopleRender = now;
    const me = state.me;
    // Someone whose connection dropped (the reconnect grace) is a faint trace on the map, not a
    // person nearby: neither listed nor counted (no ghost crowd, issue 15 item 1).
    const people = Object.values(state.avatars)
      .filter((a) => !a.away)
      .map((a) => ({ ...a, distance: me ? Math.hypot(a.x - me.x, a.y - me.y) : 0 }))
      .sort((a, b) => a.nickname.localeCompare(b.nickname, this.app.lang) || a.id.localeCompare(b.id));
    $("#people-empty").hidden = people.length > 0;
    $("#people-count").textContent = people.length ? t("people_count", { n: people.length }) : "";
    const hiddenNote = $("#hidden-count");
    hiddenNote.hidden = !(state.hiddenCount > 0);
    hiddenNote.textContent = state.hiddenCount > 0 ? t("hidden_count", { n: state.hiddenCount }) : "";
    const seen = new Set();
    keyedList(this.people, people, (p) => p.id, (p) => this.createRow(p), (el, p) => {
      seen.add(p.id);
      el.querySelector(".person-name").textContent = p.hidden ? `${p.nickname} ${t("person_hidden")}` : p.nickname;
      el.querySelector(".person-status").textContent = t(`status_${p.status}_short`);
      el.querySelector(".person-status").dataset.status = p.status;
      el.querySelector(".person-distance").textContent = distanceWord(p.distance);
      el.dataset.x = String(Math.round(p.x));
      el.dataset.y = String(Math.round(p.y));
      el.dataset.status = p.status;
      el.dataset.look = p.look;
      this.actions.get(p.id)?.update(p);
    });
    for (const id of this.actions.keys()) if (!seen.has(id)) this.actions.delete(id);
  }

  // People chosen to be invited together (up to three), with one button to invite them.
  renderGroup() {
    const { app } = this;
    const tray = $("#invite-tray");
    tray.textContent = "";
    tray.hidden = app.groupInvite.length === 0;
    for (const actions of this.actions.values()) actions.refresh();
    if (tray.hidden) return;
    const names = listNames(app.groupInvite.map((id) => app.nicknameOf(id)));
    const send = h("button", { type: "button", class: "small primary", text: t("group_send", { n: app.groupInvite.length }) });
    const cancel = h("button", { type: "button", class: "small quiet-button", text: t("group_clear") });
    send.addEventListener("click", () => app.inviteGroup());
    cancel.addEventListener("click", () => app.clearGroupInvite());
    tray.append(h("p", { text: t("group_tray", { names }) }), h("div", { class: "row" }, send, cancel));
  }

  createRow(p) {
    const toggle = h("button", { type: "button", class: "person-toggle", "aria-expanded": "false" },
      h("span", { class: "person-name" }), h("span", { class: "person-status" }), h("span", { class: "person-distance" }));
    const actions = personActions(this.app, p, { onDone: () => { panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); } });
    const panel = h("div", { class: "person-panel", hidden: true }, actions.el);
    this.actions.set(p.id, actions);
    toggle.addEventListener("click", () => {
      const open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
    });
    return h("li", { class: "person-row", dataset: { id: p.id } }, toggle, panel);
  }

  update(prev, state) {
    if (prev.zone !== state.zone || prev.me?.id !== state.me?.id) this.renderHere(state);
    else if (prev.zoneMessages !== state.zoneMessages) {
      const zone = state.zone ? zoneById(this.app.map, state.zone) : null;
      this.renderZoneMessages(state, Boolean(zone && zone.chatAllowed));
    }
    if (prev.avatars !== state.avatars || prev.hiddenCount !== state.hiddenCount
        || (prev.me && state.me && Math.hypot(prev.me.x - state.me.x, prev.me.y - state.me.y) > 0)) {
      this.renderPeople(state);
    }
  }
}
