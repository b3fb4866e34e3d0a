// The space, put together: state (reducer), the connection, local movement, the canvas and
// the panels. Server events go in through dispatch(); people's actions go out through the
// methods below, which answer true/false and explain refusals calmly.

import { Connection } from "./net.js";
import { initialState, reduce } from "./state.js";
import { parseMap, zoneAt, zoneById } from "./mapdata.js";
import { findPath } from "./pathfinding.js";
import { Walker } from "./movement.js";
import { Renderer } from "./render.js";
import { applyI18n, errorText, getLang, listNames, pick, t } from "./i18n.js";
import { $, h } from "./ui/dom.js";
import { endedText } from "./ui/session_keeper.js";
import { ListPanel } from "./ui/list_panel.js";
import { RevealControl } from "./ui/reveal_control.js";
import { SupportPanel } from "./ui/support_panel.js";
import { BoardReader } from "./ui/board_reader.js";
import { BoardPrompt } from "./ui/board_prompt.js";
import { ContactDock } from "./ui/contacts.js";
import { PersonMenu } from "./ui/person_menu.js";
import { AvatarBuilder } from "./ui/avatar_builder.js";
import { KeepDialog, SettingsDialog } from "./ui/settings.js";
import { stampButtons } from "./ui/stamps.js";
import { applyPreferences, loadPreferences, savePreferences } from "./ui/preferences.js";

const RESUME_KEY = "ibasho.resume";
const MAX_TEXT = 500;
const KEYS = {
  ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0],
  KeyW: [0, -1], KeyS: [0, 1], KeyA: [-1, 0], KeyD: [1, 0],
};

function readResume() {
  try { return JSON.parse(sessionStorage.getItem(RESUME_KEY) || "null"); } catch { return null; }
}

export class App {
  constructor({ api, notices, announcer, onLeave }) {
    this.api = api;
    this.notices = notices;
    this.announcer = announcer;
    this.onLeave = onLeave;
    this.state = initialState();
    this.names = new Map(); // account id -> nickname, for invitations whose people walked away
    this.held = new Map();
    this.groupInvite = []; // ids chosen to be invited together (1-3)
    this.walkTarget = null;
    this.lastFrame = 0;
    this.lastTick = 0;
    this.lastResumeSave = 0;
    this.resumeTimer = null;
    this.greeted = false;
    this.raf = null;
    this.cleanups = [];
  }

  get lang() {
    return getLang();
  }

  // -- starting and stopping ------------------------------------------------------------------

  async start() {
    const [mapDoc, info] = await Promise.all([this.api.get("/api/space/map"), this.api.get("/api/space/info")]);
    this.map = parseMap(mapDoc);
    this.info = info;
    this.rules = info.rules || {};
    this.emotes = info.emotes || [];
    this.statuses = info.statuses || [];
    this.emoteSymbols = Object.fromEntries(this.emotes.map((e) => [e.id, e.symbol]));
    this.prefs = loadPreferences();
    applyPreferences(this.prefs);

    this.walker = new Walker(this.map, this.rules);
    this.canvas = $("#map");
    this.renderer = new Renderer(this.canvas, this.map);
    this.renderer.setOptions({ ...this.prefs, lang: this.lang });

    this.boards = new BoardReader({
      api: this.api, announce: (text) => this.announcer.say(text), onClosed: () => this.focusMap(),
    });
    this.boardPrompt = new BoardPrompt({
      container: $("#map-area"), map: this.map,
      onOpen: (board) => this.openBoard(board.properties.category),
      announce: (text) => this.announcer.say(text),
    });
    this.cleanups.push(() => { this.boards.destroy(); this.boardPrompt.destroy(); });
    this.list = new ListPanel(this);
    this.reveal = new RevealControl(this);
    this.support = new SupportPanel(this, $("#support-section"));
    this.dock = new ContactDock(this);
    this.menu = new PersonMenu(this);
    this.avatarBuilder = new AvatarBuilder(this);
    this.settings = new SettingsDialog(this);
    this.keepDialog = new KeepDialog(this);
    this.buildStatusPicker();
    this.buildStampBar();
    this.bindInputs();
    this.phone = matchMedia("(max-width: 720px)");
    this.setListOpen(!this.phone.matches);
    this.list.checkBoards();
    if (!this.api.account?.look) this.dock.showWelcome();

    this.showConnection("connecting");
    this.conn = new Connection({
      getAuth: () => this.auth(),
      refreshAuth: () => this.api.refresh(),
      ownChange: () => this.api.credentialChange,
      onEvent: (name, data) => this.onServerEvent(name, data),
      onState: (state, detail) => this.onConnectionState(state, detail),
    });
    this.conn.open();
    this.raf = requestAnimationFrame((now) => this.frame(now));
  }

  stop() {
    cancelAnimationFrame(this.raf);
    clearTimeout(this.resumeTimer);
    this.conn?.close();
    for (const undo of this.cleanups) undo();
    this.cleanups = [];
    this.announcer.clear();
    for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
  }

  listen(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    this.cleanups.push(() => target.removeEventListener(type, fn, options));
  }

  auth() {
    const resume = readResume();
    return { token: this.api.accessToken, ...(resume ? { resume } : {}) };
  }

  // Kept in sessionStorage so a reload or a server restart resumes here. Written at most
  // once a second while walking, and always once more after the last step.
  saveResume(force = false) {
    const now = performance.now();
    const wait = 1000 - (now - this.lastResumeSave);
    if (!force && wait > 0) {
      if (!this.resumeTimer) {
        this.resumeTimer = setTimeout(() => {
          this.resumeTimer = null;
          this.saveResume(true);
        }, wait);
      }
      return;
    }
    this.lastResumeSave = now;
    const { me, place, hidden } = this.state;
    if (!me) return;
    const resume = { status: me.status, hidden };
    if (place) resume.place = place;
    try {
      sessionStorage.setItem(RESUME_KEY, JSON.stringify(resume));
    } catch { /* a reload will start at a spawn point */ }
  }

  // -- state ------------------------------------------------------------------------------------

  dispatch(event) {
    const prev = this.state;
    const next = reduce(prev, event);
    if (next === prev) return;
    this.state = next;
    this.list.update(prev, next);
    this.reveal.update(prev, next);
    this.dock.update(prev, next);
    this.menu.update(next);
    if (prev.me?.status !== next.me?.status && next.me) $("#status-select").value = next.me.status;
    if (prev.hidden !== next.hidden) $("#hidden-badge").hidden = !next.hidden;
    if (prev.zone !== next.zone && prev.me && next.me && next.zone) {
      const zone = zoneById(this.map, next.zone);
      if (zone) this.announcer.say(t("announce_zone", { place: pick(zone.name) }));
    }
    for (const av of Object.values(next.avatars)) this.names.set(av.id, av.nickname);
    if (prev.avatars !== next.avatars && this.groupInvite.some((id) => !next.avatars[id])) {
      this.groupInvite = this.groupInvite.filter((id) => next.avatars[id]);
      this.list.renderGroup();
    }
  }

  nicknameOf(id) {
    return this.state.avatars[id]?.nickname || this.names.get(id) || "";
  }

  onServerEvent(name, data) {
    const at = performance.now();
    const prev = this.state;
    switch (name) {
      case "world:snapshot": {
        this.dispatch({ type: "snapshot", data, at });
        const { you } = data;
        this.walker.reset(you.x, you.y, you.dir);
        this.walkTarget = null;
        this.markPosition(you.x, you.y);
        this.canvas.dataset.selfId = you.id;
        this.canvas.dataset.instance = data.instance_id;
        this.saveResume(true);
        if (!this.greeted) {
          this.greeted = true;
          const n = Object.keys(this.state.avatars).length;
          this.announcer.say(n ? t("announce_present", { n }) : t("announce_alone"));
        }
        break;
      }
      case "world:batch":
        this.dispatch({ type: "batch", data, at });
        if (data.you) {
          this.markPosition(data.you[0], data.you[1]);
          this.saveResume();
        }
        for (const raw of data.enter || []) {
          if (!prev.avatars[raw.id] && raw.id !== this.state.me?.id) this.announcer.arrived(raw.nickname);
        }
        break;
      case "world:place": // a signed place for where we stopped walking
        this.dispatch({ type: "place", place: data.place });
        this.saveResume(true);
        break;
      case "world:correct":
        this.walker.reset(data.x, data.y);
        this.walkTarget = null;
        this.dispatch({ type: "corrected", x: data.x, y: data.y });
        this.markPosition(data.x, data.y);
        break;
      case "emote:shown": {
        this.dispatch({ type: "emote_shown", data, at });
        if (data.from !== this.state.me?.id) {
          const emote = this.emotes.find((e) => e.id === data.emote);
          this.announcer.say(t("announce_emote", { name: this.nicknameOf(data.from), emote: emote ? pick(emote) : "" }));
        }
        break;
      }
      case "contact:request":
        this.names.set(data.from.account_id, data.from.nickname);
        this.dispatch({ type: "contact_request", data });
        this.announcer.say(t("announce_invitation", { name: data.from.nickname }));
        break;
      case "contact:opened": {
        this.dispatch({ type: "contact_opened", data });
        const others = data.members.filter((m) => m.account_id !== this.state.me?.id).map((m) => m.nickname);
        this.announcer.say(t("conv_opened", { names: listNames(others) }));
        break;
      }
      case "contact:joined":
        this.dispatch({ type: "contact_joined", data });
        this.announcer.say(t("conv_joined", { name: data.member.nickname }));
        break;
      case "contact:left":
        this.dispatch({ type: "contact_left", data });
        break;
      case "contact:closed":
        this.dispatch({ type: "contact_closed", data });
        this.announcer.say(t("conv_closed"));
        break;
      case "contact:lapsed": {
        // For the inviter an invitation only ever lapses: nobody is ever told "declined".
        const mine = prev.sent.some((r) => r.request_id === data.request_id);
        this.dispatch({ type: "contact_lapsed", data });
        if (mine) this.notices.show(t("invite_lapsed"));
        break;
      }
      case "chat:message":
        this.dispatch({ type: "chat_message", data });
        if (data.sender_id !== this.state.me?.id) this.announcer.say(t("announce_message", { name: data.sender_nickname, text: data.text }));
        break;
      case "chat:zone_message":
        this.dispatch({ type: "zone_message", data });
        if (data.sender_id !== this.state.me?.id) this.announcer.say(t("announce_message", { name: data.sender_nickname, text: data.text }));
        break;
      case "presence:hidden_count":
      case "presence:reveal_ended":
        this.reveal.onServerEvent(name, data);
        break;
      default:
        if (name.startsWith("board:")) this.boards.onServerEvent(name, data);
        this.support.onServerEvent(name, data);
        break;
    }
  }

  onConnectionState(state, detail) {
    this.canvas.dataset.connected = String(state === "connected");
    if (state === "connected") {
      this.showConnection(null);
      return;
    }
    if (state === "session_ended") { // told by the server: back to the landing, calmly
      this.leave(endedText(detail, getLang()));
      return;
    }
    this.dispatch({ type: "disconnected" });
    this.walker.setKeys(0, 0);
    this.held.clear();
    if (state === "ended" && (detail === "TOKEN_INVALID" || detail === "TOKEN_EXPIRED")) {
      this.showConnection("session");
    } else {
      this.showConnection(state);
    }
  }

  showConnection(state) {
    const el = $("#connection");
    el.textContent = "";
    el.hidden = !state;
    if (!state) return;
    const text = {
      connecting: t("conn_connecting"), reconnecting: t("conn_reconnecting"), replaced: t("conn_replaced"),
      ended: t("conn_ended"), closed: t("conn_ended"), session: t("error_session"),
    }[state] || t("conn_ended");
    el.append(h("span", { text }));
    if (state === "replaced" || state === "ended") {
      const resume = h("button", { type: "button", class: "small primary", text: t("conn_resume") });
      resume.addEventListener("click", () => { this.showConnection("connecting"); this.conn.reconnect(); });
      el.append(resume);
    }
    if (state === "session") {
      const back = h("button", { type: "button", class: "small primary", text: t("conn_back_to_start") });
      back.addEventListener("click", () => this.leave(""));
      el.append(back);
    }
  }

  // -- the frame loop ---------------------------------------------------------------------------

  frame(now) {
    const dt = this.lastFrame ? (now - this.lastFrame) / 1000 : 0;
    this.lastFrame = now;
    const { me } = this.state;
    if (me && this.conn.connected) {
      const moved = this.walker.update(dt, Object.values(this.state.avatars));
      const w = this.walker;
      if (moved || w.dir !== me.dir) {
        const zone = zoneAt(this.map, w.x, w.y);
        this.dispatch({ type: "self_moved", x: w.x, y: w.y, dir: w.dir, zone: zone ? zone.id : null });
      }
      this.boardPrompt.update(w.x, w.y);
      const move = w.takeMove(now);
      if (move) this.sendMove(move);
      if (this.walkTarget && !w.walkingPath) {
        const arrived = Math.hypot(w.x - this.walkTarget.x, w.y - this.walkTarget.y) < 40;
        if (arrived && this.walkTarget.name) this.announcer.say(t("arrived_at", { place: this.walkTarget.name }));
        this.walkTarget = null;
      }
    }
    if (now - this.lastTick > 500) {
      this.lastTick = now;
      this.dispatch({ type: "tick", at: now });
    }
    if (me) {
      this.renderer.draw({
        state: this.state, now, target: this.walkTarget, emoteSymbols: this.emoteSymbols, hiddenSelf: this.state.hidden,
        coveredBottom: this.coveredBottom(),
        self: { x: this.walker.x, y: this.walker.y, dir: this.walker.dir, moving: this.walker.moving },
      });
    }
    this.raf = requestAnimationFrame((n) => this.frame(n));
  }

  // Steps are not answered one by one: the next batch confirms them (`you`), and a refused
  // one is followed by "world:correct".
  sendMove(move) {
    this.conn.tell("world:move", move);
  }

  // The last position the server confirmed, for people (and tests) who want to know.
  markPosition(x, y) {
    this.canvas.dataset.x = String(x);
    this.canvas.dataset.y = String(y);
  }

  // -- input ------------------------------------------------------------------------------------

  bindInputs() {
    const canvas = this.canvas;
    this.listen(canvas, "keydown", (e) => {
      const dir = KEYS[e.code] || KEYS[e.key];
      if (dir && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        this.held.set(e.code || e.key, dir);
        this.updateKeys();
      } else if (e.key === "Escape") {
        this.walker.goTo([]);
        this.walkTarget = null;
        this.menu.close(false);
      } else if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        // By a board the offer on screen says what Enter does; elsewhere it is people.
        if (e.key === " " || !this.boardPrompt.open()) this.openNearestPerson();
      } else if (e.code === "KeyE" && !e.altKey && !e.ctrlKey && !e.metaKey) {
        if (this.boardPrompt.open()) e.preventDefault();
      }
    });
    this.listen(canvas, "keyup", (e) => {
      this.held.delete(e.code || e.key);
      this.updateKeys();
    });
    this.listen(canvas, "blur", () => {
      this.held.clear();
      this.updateKeys();
    });
    this.listen(canvas, "pointerdown", (e) => {
      if (e.button !== 0) return;
      const rect = canvas.getBoundingClientRect();
      const sx = e.clientX - rect.left;
      const sy = e.clientY - rect.top;
      const world = this.renderer.screenToWorld(sx, sy);
      const id = this.renderer.avatarAt(world.x, world.y, this.state.me?.id);
      if (id && this.state.avatars[id]) {
        e.preventDefault();
        this.menu.open(this.state.avatars[id], { x: sx, y: sy });
        return;
      }
      this.menu.close(false);
      this.walkToPoint(world.x, world.y, null);
    });
    this.listen($("#status-select"), "change", (e) => this.setStatus(e.target.value));
    this.listen($("#open-avatar"), "click", () => this.openAvatarBuilder());
    this.listen($("#open-settings"), "click", () => this.settings.open());
    this.listen($("#toggle-list"), "click", () => this.setListOpen($("#stage").classList.contains("list-hidden")));
    this.listen(document, "keydown", (e) => {
      if (e.key === "Escape" && !this.menu.el.hidden) this.menu.close(true);
    });
  }

  updateKeys() {
    let dx = 0;
    let dy = 0;
    for (const [x, y] of this.held.values()) {
      dx += x;
      dy += y;
    }
    dx = Math.sign(dx);
    dy = Math.sign(dy);
    if (dx || dy) this.walkTarget = null;
    this.walker.setKeys(dx, dy);
  }

  // The board reader, on a board (category) or on one post. Only ever asked for.
  openBoard(category, postId = null) {
    this.walker.setKeys(0, 0);
    this.held.clear();
    return this.boards.open({ category, postId });
  }

  openNearestPerson() {
    const { me, avatars } = this.state;
    if (!me) return;
    let best = null;
    for (const av of Object.values(avatars)) {
      const d = Math.hypot(av.x - this.walker.x, av.y - this.walker.y);
      if (d < 96 && (!best || d < best.d)) best = { av, d };
    }
    if (best) {
      const p = this.renderer.worldToScreen(best.av.x, best.av.y);
      this.menu.open(best.av, p);
    }
  }

  // On a phone the list is a sheet over the lower map: how many pixels of the map it hides.
  coveredBottom() {
    const sheet = $("#list-panel");
    if (!this.phone.matches || $("#stage").classList.contains("list-hidden")) return 0;
    const mapRect = this.canvas.getBoundingClientRect();
    return Math.max(0, mapRect.bottom - sheet.getBoundingClientRect().top);
  }

  focusMap() {
    if (!$("#space").hidden && this.canvas.offsetParent !== null) this.canvas.focus({ preventScroll: true });
  }

  setListOpen(open) {
    $("#stage").classList.toggle("list-hidden", !open);
    const toggle = $("#toggle-list");
    toggle.setAttribute("aria-expanded", String(open));
    toggle.dataset.i18n = open ? "toggle_list_hide" : "toggle_list_show";
    toggle.textContent = t(toggle.dataset.i18n);
  }

  // -- building the chrome ----------------------------------------------------------------------

  buildStatusPicker() {
    const select = $("#status-select");
    select.textContent = "";
    const statuses = this.statuses.length ? this.statuses : ["open", "just_here", "dnd"].map((id) => ({ id }));
    for (const s of statuses) {
      select.append(h("option", { value: s.id, text: s.ja ? pick(s) : t(`status_${s.id}`) }));
    }
    select.value = this.state.me?.status || "just_here";
  }

  buildStampBar() {
    const bar = $("#stamp-bar");
    bar.textContent = "";
    bar.append(h("span", { class: "stamp-bar-label", text: t("stamps_label") }));
    bar.append(...stampButtons(this.emotes, (id) => this.emote(id, null), { compact: true }));
  }

  languageChanged() {
    applyI18n(document);
    this.renderer.setOptions({ lang: this.lang });
    this.buildStatusPicker();
    this.buildStampBar();
    this.list.renderStatic();
    this.list.renderGroup();
    this.dock.renderAll(this.state);
    this.setListOpen(!$("#stage").classList.contains("list-hidden"));
    this.settings.sync();
    const conn = $("#connection");
    if (!conn.hidden && this.conn?.connected === false) this.showConnection("reconnecting");
  }

  setPreference(name, value) {
    this.prefs = { ...this.prefs, [name]: value };
    savePreferences(this.prefs);
    applyPreferences(this.prefs);
    this.renderer.setOptions(this.prefs);
  }

  // -- actions ------------------------------------------------------------------------------------

  send(event, payload) {
    return this.conn.send(event, payload);
  }

  async act(event, payload) {
    try {
      return await this.conn.send(event, payload);
    } catch (err) {
      this.notices.error(errorText(err));
      return null;
    }
  }

  walkToZone(zoneId) {
    const zone = zoneById(this.map, zoneId);
    if (zone) this.walkToPoint(zone.x + zone.w / 2, zone.y + zone.h / 2, pick(zone.name));
  }

  walkToPoint(x, y, name) {
    const path = findPath(this.map, this.walker.x, this.walker.y, x, y);
    if (!path) {
      this.notices.show(t("no_way"));
      return false;
    }
    this.walker.goTo(path);
    const end = path[path.length - 1] || { x: this.walker.x, y: this.walker.y };
    this.walkTarget = { x: end.x, y: end.y, name };
    if (name) this.announcer.say(t("walking_to", { place: name }));
    return true;
  }

  async setStatus(status) {
    const data = await this.act("presence:status", { status });
    if (!data) {
      $("#status-select").value = this.state.me?.status || "just_here";
      return false;
    }
    this.dispatch({ type: "status_set", status });
    this.saveResume(true);
    return true;
  }

  async setHidden(hidden) {
    const data = await this.act("presence:hidden", { hidden });
    if (!data) return false;
    this.dispatch({ type: "hidden_set", hidden });
    this.saveResume(true);
    return true;
  }

  async emote(emoteId, to) {
    const data = await this.act("emote:send", to ? { emote: emoteId, to } : { emote: emoteId });
    return Boolean(data);
  }

  async invite(ids) {
    const data = await this.act("contact:invite", { to: ids });
    if (!data) return false;
    for (const id of ids) this.names.set(id, this.nicknameOf(id));
    this.dispatch({ type: "invite_sent", data: { request_id: data.request_id, invitee_ids: data.invitee_ids || ids, expires_at: data.expires_at } });
    this.notices.show(t("invite_sent", { names: listNames(ids.map((id) => this.nicknameOf(id))) }));
    return true;
  }

  toggleGroupInvite(id) {
    if (this.groupInvite.includes(id)) this.groupInvite = this.groupInvite.filter((x) => x !== id);
    else if (this.groupInvite.length >= 3) this.notices.show(t("group_full"));
    else this.groupInvite = [...this.groupInvite, id];
    this.list.renderGroup();
    this.menu.actions?.refresh();
  }

  clearGroupInvite() {
    this.groupInvite = [];
    this.list.renderGroup();
  }

  async inviteGroup() {
    const ids = this.groupInvite.filter((id) => this.state.avatars[id]);
    if (!ids.length) {
      this.clearGroupInvite();
      return false;
    }
    const ok = await this.invite(ids);
    if (ok) this.clearGroupInvite();
    return ok;
  }

  async answerInvitation(requestId, yes) {
    try {
      const data = await this.send(yes ? "contact:accept" : "contact:decline", { request_id: requestId });
      this.dispatch({ type: "request_answered", request_id: requestId });
      if (yes && data?.conversation_id) {
        if (!this.state.conversations[data.conversation_id]) this.dispatch({ type: "contact_opened", data });
        requestAnimationFrame(() => this.dock.focusConversation(data.conversation_id));
      }
      return true;
    } catch (err) {
      if (err.code === "NO_SUCH_REQUEST") this.dispatch({ type: "request_answered", request_id: requestId });
      this.notices.error(errorText(err));
      return false;
    }
  }

  async withdrawInvitation(requestId) {
    const data = await this.act("contact:withdraw", { request_id: requestId });
    if (data) this.dispatch({ type: "contact_lapsed", data: { request_id: requestId } });
    return Boolean(data);
  }

  checkText(text) {
    const clean = (text || "").trim();
    if (!clean) return null;
    if (clean.length > MAX_TEXT) {
      this.notices.error(t("text_too_long"));
      return null;
    }
    return clean;
  }

  async say(conversationId, text) {
    const clean = this.checkText(text);
    if (!clean) return false;
    return Boolean(await this.act("chat:say", { conversation_id: conversationId, text: clean }));
  }

  async zoneSay(text) {
    const clean = this.checkText(text);
    if (!clean) return false;
    return Boolean(await this.act("zone:say", { text: clean }));
  }

  async leaveConversation(conversationId) {
    const data = await this.act("contact:leave", { conversation_id: conversationId });
    if (data) this.dispatch({ type: "conversation_dismissed", conversation_id: conversationId });
    return Boolean(data);
  }

  dismissConversation(conversationId) {
    this.dispatch({ type: "conversation_dismissed", conversation_id: conversationId });
  }

  async block(accountId) {
    const data = await this.act("block:add", { account_id: accountId });
    if (!data) return false;
    this.notices.show(t("blocked_done"));
    return true;
  }

  async unblock(accountId) {
    const data = await this.act("block:remove", { account_id: accountId });
    if (!data) return false;
    this.notices.show(t("unblocked_done"));
    return true;
  }

  openAvatarBuilder() {
    this.avatarBuilder.open();
  }

  async lookSaved(code) {
    const data = await this.act("presence:look", {});
    this.dispatch({ type: "look_set", look: data?.look || code });
    if (this.api.account) this.api.account.look = this.api.account.look || {};
    this.notices.show(t("avatar_saved"));
  }

  // After keeping the account the nickname may be new: reconnect so others see it.
  accountChanged() {
    this.settings.sync();
    this.support.render();
    this.support.refreshUnread();
    this.conn.close();
    this.conn.open();
  }

  async logOut() {
    try {
      await this.api.logOut();
    } catch { /* the tokens are forgotten either way */ }
    this.leave(t("logout_done"));
  }

  leave(message) {
    this.stop();
    try { sessionStorage.removeItem(RESUME_KEY); } catch { /* nothing kept */ }
    this.api.forget();
    this.onLeave(message);
  }
}
