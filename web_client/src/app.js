// The space, put together: state (reducer), the connection, local movement, the canvas and
// the panels. Server events go in through applyServerEvent (space_events.js) and dispatch();
// people's actions go out through the methods of SpaceActions (space_actions.js), which
// answer true/false and explain refusals calmly; the map's keys and pointer are in
// space_input.js.

import { Connection } from "./net.js";
import { initialState, reduce } from "./state.js";
import { parseMap, zoneAt, zoneById } from "./mapdata.js";
import { Walker } from "./movement.js";
import { Renderer } from "./render.js";
import { applyI18n, getLang, pick, t } from "./i18n.js";
import { SpaceActions } from "./space_actions.js";
import { applyServerEvent } from "./space_events.js";
import { bindSpaceInput } from "./space_input.js";
import { $, h } from "./ui/dom.js";
import { endedText } from "./ui/session_keeper.js";
import { ListPanel } from "./ui/list_panel.js";
import { RevealControl } from "./ui/reveal_control.js";
import { SupportPanel } from "./ui/support_panel.js";
import { SanctionNotices } from "./ui/sanction_notice.js";
import { EventsPanel } from "./ui/events_panel.js";
import { ew } from "./ui/events_words.js";
import { SurveysPanel } from "./ui/surveys_panel.js";
import { setOperatorZone } from "./times.js";
import { BoardPrompt } from "./ui/board_prompt.js";
import { ContactDock } from "./ui/contacts.js";
import { PersonMenu } from "./ui/person_menu.js";
import { LazyPanel, LazySign } from "./ui/lazy_panel.js";
import { KeepDialog, SettingsDialog } from "./ui/settings.js";
import { stampButtons } from "./ui/stamps.js";
import { rovingFocus } from "./ui/roving_focus.js";
import { applyPreferences, loadPreferences, savePreferences } from "./ui/preferences.js";

const RESUME_KEY = "ibasho.resume";

function readResume() {
  try { return JSON.parse(sessionStorage.getItem(RESUME_KEY) || "null"); } catch { return null; }
}

export class App extends SpaceActions {
  constructor({ api, notices, announcer, onLeave }) {
    super();
    this.api = api;
    setOperatorZone(api.timezone);
    api.onTimezone = setOperatorZone;
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
    this.early = null; // events heard before the space was built (see start)
    this.stopped = false;
  }

  get lang() {
    return getLang();
  }

  // -- starting and stopping ------------------------------------------------------------------

  // `docs`: the promise of [map, info] (early.js asks for them while the page loads).
  async start(docs) {
    // The socket's handshake travels while the map arrives and the panels are built; what it
    // hears before they exist waits in `early` and is played back in order (a slow phone).
    this.early = [];
    this.conn = new Connection({
      getAuth: () => this.auth(),
      refreshAuth: () => this.api.refresh(),
      ownChange: () => this.api.credentialChange,
      onEvent: (name, data) => (this.early ? this.early.push(() => this.onServerEvent(name, data)) : this.onServerEvent(name, data)),
      onState: (state, detail) => (this.early ? this.early.push(() => this.onConnectionState(state, detail)) : this.onConnectionState(state, detail)),
    });
    this.conn.open();
    const [mapDoc, info] = await docs;
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

    this.boards = new LazyPanel(async () => new (await import("./ui/board_reader.js")).BoardReader({
      api: this.api, announce: (text) => this.announcer.say(text), onClosed: () => this.focusMap(),
    }));
    this.boardPrompt = new BoardPrompt({
      container: $("#map-area"), map: this.map,
      onOpen: (place) => this.openPlace(place),
      announce: (text) => this.announcer.say(text),
    });
    this.cleanups.push(() => { this.boards.destroy(); this.boardPrompt.destroy(); });
    this.list = new ListPanel(this);
    this.reveal = new RevealControl(this);
    this.sanctions = new SanctionNotices(this);
    this.support = new SupportPanel(this, $("#support-section"));
    this.events = new EventsPanel(this, $("#events-section"));
    // The hall's sign travels when one first walks into the hall, the audience setting when
    // the settings are first opened.
    this.hallSign = new LazySign(async () => (await import("./ui/hall_sign.js")).createHallSign({
      container: $("#map-area"), map: this.map, onOpen: () => this.events.open(),
      load: async () => (await this.api.call("GET", "/api/events")).occurrences || [],
      onEnter: (occurrence) => this.enterEvent(occurrence),
      announce: (text) => this.announcer.say(text) }), (x, y) => zoneAt(this.map, x, y)?.kind === "hall");
    this.eventAudience = new LazyPanel(async () => (await import("./ui/event_audience.js")).mountEventAudience(this, $("#event-audience-setting")));
    this.cleanups.push(() => { this.events.destroy(); this.eventAudience.destroy(); this.hallSign.destroy(); });
    this.surveys = new SurveysPanel(this, $("#surveys-section"), $("#map-area"));
    this.cleanups.push(() => this.surveys.destroy());
    this.dock = new ContactDock(this);
    this.menu = new PersonMenu(this);
    this.avatarBuilder = new LazyPanel(async () => new (await import("./ui/avatar_builder.js")).AvatarBuilder(this));
    this.settings = new SettingsDialog(this);
    this.keepDialog = new KeepDialog(this);
    this.phone = matchMedia("(max-width: 720px)");
    this.buildStatusPicker();
    this.listen(this.phone, "change", () => this.buildStatusPicker());
    this.buildStampBar();
    bindSpaceInput(this);
    this.setListOpen(!this.phone.matches);
    this.list.checkBoards();
    if (!this.api.account?.look) this.dock.showWelcome();

    this.showConnection("connecting");
    const heard = this.early;
    this.early = null;
    for (const replay of heard) {
      if (this.stopped) return; // what was heard ended the visit (a session ended meanwhile)
      replay();
    }
    if (this.stopped) return;
    this.raf = requestAnimationFrame((now) => this.frame(now));
  }

  stop() {
    this.stopped = true;
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
    applyServerEvent(this, name, data);
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
      this.hallSign.update(w.x, w.y);
      this.surveys.update(w.x, w.y);
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

  // -- the map, its boards and the list ------------------------------------------------------------

  // The board reader, on a board (category) or on one post. Only ever asked for.
  // What a place of the map offers, when one stands by it and asks (E, Enter or the prompt).
  openPlace(place) {
    if (place.type === "desk") this.support.openDesk();
    else if (place.type === "door") this.support.openWaitingRoom();
    else this.openBoard(place.properties.category);
  }

  // The live event of the hall, as a panel over the map, only on the person's own click or key.
  // While inside, the avatar is off the map (world:step_out, then the socket closes), so people
  // in the hall never see who is attending (docs/EVENTS.md). Closing the
  // panel leaves the event and comes back to the space where one stood (the resume point).
  async enterEvent(occurrence) {
    if (this.inEvent) return;
    this.inEvent = true;
    this.walker.setKeys(0, 0);
    this.held.clear();
    this.walkTarget = null;
    try {
      const { place } = await this.conn.send("world:step_out");
      this.dispatch({ type: "place", place }); // where one stood: the way back lands there
    } catch { /* offline: the grace ends it anyway */ }
    this.saveResume(true);
    this.conn.close();
    this.dispatch({ type: "disconnected" });
    this.canvas.dataset.connected = "false";
    this.canvas.dataset.inEvent = occurrence.id;
    const back = () => {
      this.inEvent = false;
      delete this.canvas.dataset.inEvent;
      this.showConnection("connecting");
      this.conn.open();
      this.hallSign.sign?.refresh(false);
    };
    try {
      await this.support.openPanelDialog("space-event", ew("event_dialog"), () => import("./ui/event_room.js"),
        (m, body) => m.mountEventRoom(body, {
          occurrenceId: occurrence.id, lang: this.lang,
          token: () => this.api.accessToken, refreshToken: () => this.api.refresh(),
          onSessionEnded: (_reason, text) => this.leave(text),
        }), { dialogClass: "event-dialog", closeLabel: () => ew("back_to_space"), onClosed: back });
    } catch {
      back(); // the room's module did not load: straight back to the map
    }
  }

  openBoard(category, postId = null) {
    this.walker.setKeys(0, 0);
    this.held.clear();
    return this.boards.open({ category, postId });
  }

  // How many pixels of the lower map are hidden: by the stamp toolbar always (a name at the
  // plaza's foot went under it), and on a phone by the list's sheet when it is open.
  coveredBottom() {
    const mapBottom = this.canvas.getBoundingClientRect().bottom;
    const hides = (element) => (element.offsetParent === null ? 0 : Math.max(0, mapBottom - element.getBoundingClientRect().top));
    const sheetOpen = this.phone.matches && !$("#stage").classList.contains("list-hidden");
    return Math.max(hides($("#stamp-bar")), sheetOpen ? hides($("#list-panel")) : 0);
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
    // A phone's row has room for the short words ("ここにいるだけ"), not the whole sentence.
    const short = this.phone?.matches;
    for (const s of statuses) {
      const brief = t(`status_${s.id}_short`);
      const text = short && brief !== `status_${s.id}_short` ? brief : s.ja ? pick(s) : t(`status_${s.id}`);
      select.append(h("option", { value: s.id, text }));
    }
    select.value = this.state.me?.status || "just_here";
  }

  buildStampBar() {
    const bar = $("#stamp-bar");
    bar.textContent = "";
    bar.append(h("span", { class: "stamp-bar-label", text: t("stamps_label") }));
    bar.append(...stampButtons(this.emotes, (id) => this.emote(id, null), { compact: true }));
    rovingFocus(bar, "button"); // one Tab stop, arrows inside (role="toolbar")
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

  // -- the account --------------------------------------------------------------------------------

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
