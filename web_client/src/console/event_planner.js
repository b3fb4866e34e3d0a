// "Events" (催し): the planning side of exchange events for staff, admins and the peer
// supporters who host them. Create and edit events (with repetition), cancel one session,
// see sign-ups and the waitlist (nicknames only), set the feedback questions, read the
// counts afterwards. (console/events.js is something else: the console's socket events.)

import { h, uniqueId, field } from "./dom.js";
import { STRINGS } from "./event_planner_strings.js";
import { TEXT_LIMITS } from "../text_limits.js";

const MANAGERS = new Set(["staff", "admin"]);
const SCHEDULE = ["first_date", "start_time", "duration_minutes", "repeat", "until_date"];
const EMPTY = {
  title_ja: "", title_en: "", description_ja: "", description_en: "", kind: "family_class", audience: "everyone",
  registration: "required", place: "hall", capacity: 20, first_date: "", start_time: "14:00", duration_minutes: 90,
  repeat: "weekly", until_date: "", hosts: [],
};

function select(name, options, value, t, group) {
  const el = h("select", { name }, options.map((o) => h("option", { value: o, text: t(group)[o] })));
  el.value = value;
  return el;
}

function eventForm(ctx, initial, onDone) {
  const { t, me } = ctx;
  const v = initial ? { ...EMPTY, ...initial, ...initial.schedule } : { ...EMPTY };
  const input = (name, attrs = {}) => h("input", { name, value: v[name] ?? "", ...attrs });
  const c = {
    title_ja: input("title_ja", { required: true, maxlength: String(TEXT_LIMITS.event_title) }), title_en: input("title_en", { maxlength: String(TEXT_LIMITS.event_title) }),
    description_ja: h("textarea", { name: "description_ja", rows: "4", maxlength: String(TEXT_LIMITS.event_description) }),
    description_en: h("textarea", { name: "description_en", rows: "3", maxlength: String(TEXT_LIMITS.event_description) }),
    kind: select("kind", Object.keys(t("ev_kind")), v.kind, t, "ev_kind"),
    audience: select("audience", Object.keys(t("ev_audience")), v.audience, t, "ev_audience"),
    registration: select("registration", Object.keys(t("ev_registration")), v.registration, t, "ev_registration"),
    place: select("place", Object.keys(t("ev_place")), v.place, t, "ev_place"),
    capacity: input("capacity", { type: "number", min: "1", max: "300", required: true }),
    first_date: input("first_date", { type: "date", required: true }),
    start_time: input("start_time", { type: "time", step: "300", required: true }),
    duration_minutes: input("duration_minutes", { type: "number", min: "15", max: "480", step: "15", required: true }),
    repeat: select("repeat", Object.keys(t("ev_repeat")), v.repeat, t, "ev_repeat"),
    until_date: input("until_date", { type: "date" }),
  };
  c.description_ja.value = v.description_ja || "";
  c.description_en.value = v.description_en || "";
  const hostOf = (role) => (v.hosts || []).filter((x) => x.role === role).map((x) => x.nickname);
  const host = h("input", { name: "host", value: hostOf("host")[0] || (initial ? "" : me.nickname) });
  const cohosts = h("input", { name: "cohosts", value: hostOf("cohost").join(", ") });
  const manager = MANAGERS.has(me.role);
  const untilField = field(t("evUntil"), c.until_date, t("evRepeatHint"));
  const sync = () => { untilField.hidden = c.repeat.value === "none"; };
  c.repeat.addEventListener("change", sync);
  sync();
  const errorBox = h("p", { class: "form-error", role: "alert" });
  const titleId = uniqueId("evform");
  const form = h("form", { class: "event-form", "aria-labelledby": titleId, novalidate: true },
    h("h3", { id: titleId, text: initial ? `${t("evEdit")}: ${initial.title_ja}` : t("evNew") }),
    h("div", { class: "grid" },
      field(t("evTitleJa"), c.title_ja), field(t("evTitleEn"), c.title_en),
      field(t("evKind"), c.kind), field(t("evAudience"), c.audience),
      field(t("evRegistration"), c.registration), field(t("evPlace"), c.place), field(t("evCapacity"), c.capacity),
      field(t("evFirstDate"), c.first_date), field(t("evStart"), c.start_time), field(t("evDuration"), c.duration_minutes),
      field(t("evRepeat"), c.repeat), untilField),
    field(t("evDescJa"), c.description_ja), field(t("evDescEn"), c.description_en),
    manager ? h("div", { class: "grid" }, field(t("evHost"), host, t("evHostsHint")), field(t("evCohosts"), cohosts)) : null,
    errorBox,
    h("div", { class: "row" },
      h("button", { type: "submit", class: "primary", text: initial ? t("evSave") : t("evCreate") }),
      h("button", { type: "button", class: "quiet", text: t("evClose"), onclick: () => onDone(false) })));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.textContent = "";
    const body = {};
    for (const [name, el] of Object.entries(c)) {
      let value = el.value.trim();
      if (["capacity", "duration_minutes"].includes(name)) value = Number(value);
      if (name === "until_date" && (c.repeat.value === "none" || !value)) value = null;
      if (name.endsWith("_en") && !value) value = null;
      const changed = !initial || String(value ?? "") !== String(v[name] ?? "");
      if (SCHEDULE.includes(name) && !changed) continue;  // times stay unless edited
      if (value !== null || changed) body[name] = value;
    }
    if (manager) {
      const names = cohosts.value.split(/[,、，]/).map((s) => s.trim()).filter(Boolean);
      body.hosts = [{ nickname: host.value.trim(), role: "host" }, ...names.map((nickname) => ({ nickname, role: "cohost" }))];
    }
    await ctx.run(async () => {
      const saved = initial ? await ctx.api.call("PATCH", `/api/events/${initial.id}`, body)
        : await ctx.api.call("POST", "/api/events", body);
      // Contact details in the texts: saved as written, but the planner is told (issue 12).
      const warning = saved?.warning?.message?.[ctx.lang] || saved?.warning?.message?.ja;
      ctx.announce([initial ? t("evSaved") : t("evCreated"), warning].filter(Boolean).join(" "));
      onDone(true);
    }, (err) => {
      const field_ = err.field && form.querySelector(`[name="${err.field.split(".")[0]}"]`);
      if (field_) { field_.setAttribute("aria-invalid", "true"); field_.focus(); }
      errorBox.textContent = err.code === "EVENT_SCHEDULE_LOCKED" ? t("evScheduleLocked") : err.text(ctx.lang, "");
      return true;
    });
  });
  return form;
}

function questionRow(t, q = { kind: "scale", prompt_ja: "", prompt_en: "", choices: [] }, onRemove) {
  const kind = select("kind", Object.keys(t("ev_question")), q.kind, t, "ev_question");
  const ja = h("input", { name: "prompt_ja", value: q.prompt_ja, maxlength: String(TEXT_LIMITS.event_question), required: true });
  const en = h("input", { name: "prompt_en", value: q.prompt_en || "", maxlength: String(TEXT_LIMITS.event_question) });
  const choices = h("textarea", { name: "choices", rows: "3" });
  choices.value = (q.choices || []).map((ch) => (ch.en ? `${ch.ja} | ${ch.en}` : ch.ja)).join("\n");
  const choicesField = field(t("evChoices"), choices);
  const sync = () => { choicesField.hidden = kind.value !== "choice"; };
  kind.addEventListener("change", sync);
  sync();
  const row = h("fieldset", { class: "question" }, h("legend", { text: t("evQuestionKind") }),
    field(t("evQuestionKind"), kind), field(t("evPromptJa"), ja), field(t("evPromptEn"), en), choicesField,
    h("button", { type: "button", class: "quiet", text: t("evRemoveQuestion"), onclick: () => onRemove(row) }));
  row.read = () => ({
    kind: kind.value, prompt_ja: ja.value.trim(), prompt_en: en.value.trim() || null,
    ...(kind.value === "choice" ? { choices: choices.value.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
      const [cja, cen] = l.split("|").map((s) => s.trim());
      return { ja: cja, en: cen || null };
    }) } : {}),
  });
  return row;
}

async function questionsEditor(ctx, event) {
  const { t } = ctx;
  const { questions } = await ctx.api.call("GET", `/api/events/${event.id}/questions`);
  const list = h("div", { class: "questions" });
  const remove = (row) => row.remove();
  for (const q of questions) list.append(questionRow(t, q, remove));
  const form = h("form", { class: "questions-form" },
    h("h4", { text: t("evQuestions") }), h("p", { class: "hint", text: t("evQuestionsHint") }), list,
    h("div", { class: "row" },
      h("button", { type: "button", class: "quiet", text: t("evAddQuestion"),
        onclick: () => { if (list.children.length < 6) list.append(questionRow(t, undefined, remove)); } }),
      h("button", { type: "submit", class: "primary", text: t("evSaveQuestions") })));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    ctx.run(async () => {
      await ctx.api.call("PUT", `/api/events/${event.id}/questions`, { questions: Array.from(list.children).map((r) => r.read()) });
      ctx.announce(t("evQuestionsSaved"));
    });
  });
  return form;
}

function namesList(t, names) {
  return names.length ? h("ul", { class: "names" }, names.map((n) => h("li", { text: n }))) : h("p", { class: "muted", text: t("evNobody") });
}

async function showSignups(ctx, occ, box) {
  const { t } = ctx;
  const { signups } = await ctx.api.call("GET", `/api/events/occurrences/${occ.id}/signups`);
  box.replaceChildren(h("h5", { text: `${t("evSignups")} (${signups.registered.length}/${signups.capacity})` }),
    namesList(t, signups.registered), h("h5", { text: t("evWaitlist") }), namesList(t, signups.waitlist));
}

async function showReport(ctx, occ, box) {
  const { t } = ctx;
  const { report } = await ctx.api.call("GET", `/api/events/occurrences/${occ.id}/report`);
  const kinds = t("evKinds");
  const parts = [h("h5", { text: t("evAttendance") }),
    h("p", { text: [t("evAttended", { n: report.attended }),
      ...Object.entries(report.attendance).map(([k, n]) => `${kinds[k] || k}: ${n}`)].join(" · ") })];
  for (const q of report.questions) {
    const prompt = (ctx.lang === "en" && q.prompt_en) || q.prompt_ja;
    let detail;
    if (q.kind === "scale") detail = q.counts.map((n, i) => `${i + 1}: ${n}`).join(" · ");
    else if (q.kind === "choice") detail = q.choices.map((ch, i) => `${(ctx.lang === "en" && ch.en) || ch.ja}: ${q.counts[i]}`).join(" · ");
    parts.push(h("h5", { text: prompt }), h("p", { class: "muted", text: q.answers ? t("evAnswers", { n: q.answers }) : t("evNoAnswers") }),
      detail ? h("p", { text: detail }) : namesList(t, q.texts || []));
  }
  box.replaceChildren(...parts);
}

function sessionItem(ctx, occ) {
  const { t, fmt } = ctx;
  const when = `${fmt.day(occ.starts_at)} ${fmt.range(occ.starts_at, occ.ends_at)}`;
  const box = h("div", { class: "session-detail", "aria-live": "polite" });
  const status = occ.cancelled ? t("evCancelled") : t("evSeats", { n: occ.seats_left });
  const room = occ.is_host && !occ.cancelled ? roomToggle(ctx, occ, when) : null;
  return h("li", { class: occ.cancelled ? "session cancelled" : "session" },
    h("span", { class: "when", text: when }), " ", h("span", { class: "muted", text: status }),
    room && !occ.door_open ? h("span", { class: "muted", text: ` ${t("evRoomHint")}` }) : null,
    h("div", { class: "row" }, room?.button,
      h("button", { type: "button", class: "quiet", text: t("evSignups"), "aria-label": `${t("evSignups")}: ${when}`, onclick: () => ctx.run(() => showSignups(ctx, occ, box)) }),
      h("button", { type: "button", class: "quiet", text: t("evReport"), "aria-label": `${t("evReport")}: ${when}`, onclick: () => ctx.run(() => showReport(ctx, occ, box)) }),
      occ.cancelled ? null : h("button", { type: "button", class: "quiet", text: t("evCancelSession"),
        "aria-label": `${t("evCancelSession")}: ${when}`, onclick: () => {
        if (!window.confirm(t("evConfirmCancel", { when }))) return;
        ctx.run(async () => {
          await ctx.api.call("POST", `/api/events/occurrences/${occ.id}/cancel`, {});
          ctx.announce(t("evSessionCancelled", { when }));
          ctx.refresh();
        });
      } })),
    room?.slot, box);
}

// A host's way into the live room (/event/<id>'s panel), opened here in the console: the
// console's sign-in lives in this tab's sessionStorage, which the /event page does not read, so
// a link would meet the host signed out. The server says whether the host's door is open (30
// minutes early); before that the room's own door says when it opens.
const openRooms = new Set();

function roomToggle(ctx, occ, when) {
  const { t } = ctx;
  const slot = h("div", { class: "live-room-slot" });
  const label = () => (room ? t("evRoomLeave") : occ.door_open ? t("evRoomOpen") : t("evRoomLink"));
  let room = null;
  const button = h("button", { type: "button", class: occ.door_open ? "primary room-link" : "quiet room-link",
    "aria-expanded": "false", dataset: { occurrence: occ.id } });
  const sync = () => {
    button.textContent = label();
    button.setAttribute("aria-label", `${label()}: ${when}`);
    button.setAttribute("aria-expanded", String(Boolean(room)));
  };
  const close = () => { room?.destroy(); openRooms.delete(room); room = null; slot.replaceChildren(); sync(); };
  button.addEventListener("click", () => ctx.run(async () => {
    if (room) { close(); button.focus(); return; }
    const { mountEventRoom } = await import("../ui/event_room.js");
    room = mountEventRoom(slot, {
      occurrenceId: occ.id, lang: ctx.lang, token: () => ctx.api.token(), refreshToken: () => ctx.api.refresh(),
      onSessionEnded: () => close(),
    });
    openRooms.add(room);
    sync();
    slot.querySelector("h2")?.focus();
  }));
  sync();
  return { button, slot };
}

function eventCard(ctx, event, openEditor) {
  const { t } = ctx;
  const extra = h("div", { class: "event-extra" });
  const title = (ctx.lang === "en" && event.title_en) || event.title_ja;
  const summary = [t("ev_kind")[event.kind], t("ev_audience")[event.audience], t("ev_registration")[event.registration],
    `${t("evCapacity")} ${event.capacity}`, t("ev_repeat")[event.schedule.repeat]].join(" · ");
  const sessions = event.occurrences;
  return h("article", { class: "card event-card", "aria-label": title },
    h("h3", { text: title }), h("p", { class: "muted", text: summary }),
    h("p", { class: "muted", text: t("evHostedBy", { names: event.hosts.map((x) => x.nickname).join(", ") }) }),
    h("h4", { text: t("evSessions") }),
    sessions.length ? h("ul", { class: "sessions" }, sessions.map((o) => sessionItem(ctx, o)))
      : h("p", { class: "muted", text: t("evNoSessions") }),
    h("div", { class: "row" },
      h("button", { type: "button", class: "quiet", text: t("evEdit"), "aria-label": `${t("evEdit")}: ${title}`,
        onclick: () => openEditor(event) }),
      h("button", { type: "button", class: "quiet", text: t("evQuestions"), onclick: () => ctx.run(async () => {
        extra.replaceChildren(await questionsEditor(ctx, event));
        extra.querySelector("select, input")?.focus();
      }) })),
    extra);
}

async function render(root, ctx) {
  const { t } = ctx;
  for (const room of openRooms) room.destroy(); // a fresh list: leave rooms opened from the old one
  openRooms.clear();
  const { events } = await ctx.api.call("GET", "/api/events/manage");
  const editorSlot = h("div", { class: "editor-slot" });
  const openEditor = (event) => {
    editorSlot.replaceChildren(eventForm(ctx, event, (saved) => {
      editorSlot.replaceChildren();
      if (saved) ctx.refresh();
    }));
    editorSlot.querySelector("input")?.focus();
  };
  root.replaceChildren(
    h("p", { class: "muted", text: t("evIntro") }),
    MANAGERS.has(ctx.me.role) ? h("p", {}, h("button", { type: "button", class: "primary", text: t("evNew"),
      onclick: () => openEditor(null) })) : null,
    editorSlot,
    events.length ? h("div", { class: "event-list" }, events.map((e) => eventCard(ctx, e, openEditor)))
      : h("p", { class: "muted", text: t("evNone") }));
}

export default {
  id: "events", titleKey: "eventsTitle", strings: STRINGS, render,
  roles: ["staff", "admin", "peer_supporter", "specialist"],
};
