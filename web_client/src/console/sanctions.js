// Console section "Moderation: people" (moderators and admins): find a person by the id or
// nickname a report shows, see their sanctions and appeals, give one from the ladder with
// the preset texts (edited before sending), confirm a ban, lift, decide appeals, and lift a
// new account's first-minutes wait. The rules are the server's (moderation/sanctions).

import { TEXT_LIMITS } from "../text_limits.js";
import { field, h } from "./dom.js";
import { fromZoneInput } from "../times.js";
import strings from "./sanctions_strings.js";

// A person is found by an account id (32) or a nickname: not free text.
const FIND_MAX = 40;

const KINDS = ["note", "warning", "rest", "limit", "suspension", "ban"];

function sanctionRow(s, ctx, onChange) {
  const { t, fmt } = ctx;
  const when = s.ends_at ? `${fmt.day(s.ends_at)} ${fmt.time(s.ends_at)}` : t("sanNoEnd");
  const actions = [];
  if (s.state === "pending" && s.given_by !== ctx.me.id) {
    actions.push(h("button", { type: "button", text: t("sanConfirm"), onclick: () => ctx.run(async () => {
      await ctx.api.call("POST", `/api/moderation/sanctions/${s.id}/confirm`); ctx.announce(t("sanConfirmed")); onChange();
    }) }));
  }
  if (s.state !== "lifted") {
    const reason = h("input", { type: "text", maxlength: TEXT_LIMITS.moderation_reason, required: true });
    actions.push(h("form", { class: "row", onsubmit: (e) => { e.preventDefault(); ctx.run(async () => {
      await ctx.api.call("POST", `/api/moderation/sanctions/${s.id}/lift`, { reason: reason.value });
      ctx.announce(t("sanLifted")); onChange();
    }); } }, field(t("sanLiftReason"), reason), h("button", { type: "submit", text: t("sanLift") })));
  }
  const appeal = s.appeal ? h("p", {}, h("strong", { text: `${t("sanAppeal")}: ` }), s.appeal.text,
    s.appeal.outcome ? ` → ${s.appeal.outcome === "lifted" ? t("sanLiftIt") : t("sanUpheld")}` : "") : null;
  return h("li", { class: "card", dataset: { sanctionId: s.id, kind: s.kind, state: s.state } },
    h("p", {}, h("strong", { text: t(`sanKind_${s.kind}`) }), ` · ${t(`sanState_${s.state}`)} · ${t("sanEnds")}: ${when}`),
    h("p", { text: s.reason_ja }), s.note ? h("p", { class: "muted", text: s.note }) : null, appeal, ...actions);
}

function giveForm(person, presets, ctx, onChange) {
  const { t } = ctx;
  const kind = h("select", {}, KINDS.filter((k) => !(presets[k].admin_only && ctx.me.role !== "admin"))
    .map((k) => h("option", { value: k, text: t(`sanKind_${k}`) })));
  const duration = h("select", {});
  const until = h("input", { type: "datetime-local" });
  const reasonJa = h("textarea", { rows: 3, maxlength: TEXT_LIMITS.sanction_reason, required: true });
  const reasonEn = h("textarea", { rows: 3, maxlength: TEXT_LIMITS.sanction_reason });
  const note = h("textarea", { rows: 2, maxlength: TEXT_LIMITS.sanction_note });
  const choose = () => {
    const preset = presets[kind.value];
    duration.replaceChildren(...preset.durations.map((d) => h("option", { value: d, text: d })));
    duration.disabled = !preset.durations.length;
    until.disabled = kind.value !== "suspension";
    reasonJa.value = preset.ja;
    reasonEn.value = preset.en;
  };
  kind.addEventListener("change", choose);
  choose();
  const form = h("form", { class: "give-sanction", "aria-labelledby": "give-title" },
    h("h3", { id: "give-title", text: t("sanGive") }),
    field(t("sanKind"), kind), field(t("sanDuration"), duration), field(t("sanUntil"), until),
    field(t("sanReasonJa"), reasonJa, t("sanReasonHint")), field(t("sanReasonEn"), reasonEn), field(t("sanNote"), note),
    h("button", { type: "submit", class: "primary", text: t("sanSubmit") }));
  form.addEventListener("submit", (e) => { e.preventDefault(); ctx.run(async () => {
    const body = { account_id: person.account.id, kind: kind.value, reason_ja: reasonJa.value, reason_en: reasonEn.value };
    if (!duration.disabled && !(kind.value === "suspension" && until.value)) body.duration = duration.value;
    if (kind.value === "suspension" && until.value) body.until = fromZoneInput(until.value);
    if (note.value.trim()) body.note = note.value;
    await ctx.api.call("POST", "/api/moderation/sanctions", body);
    ctx.announce(t("sanGiven"));
    onChange();
  }); });
  return form;
}

async function showPerson(box, accountId, presets, ctx) {
  const { t, fmt } = ctx;
  const person = await ctx.api.call("GET", `/api/moderation/people/${accountId}`);
  const reload = () => ctx.run(() => showPerson(box, accountId, presets, ctx));
  const a = person.account;
  const warmup = person.new_account_until ? h("p", {}, t("sanNewUntil", { when: fmt.time(person.new_account_until) }), " ",
    h("button", { type: "button", text: t("sanLiftWarmup"), onclick: () => ctx.run(async () => {
      await ctx.api.call("POST", `/api/moderation/people/${a.id}/lift-warmup`); ctx.announce(t("sanWarmupLifted")); reload();
    }) })) : null;
  box.replaceChildren(...[
    h("h3", { id: "person-title", tabindex: "-1", text: a.nickname }),
    h("p", { class: "muted", text: `${a.id} · ${a.is_guest ? t("sanGuest") : t("sanKept")} · ${t("sanSince")}: ${fmt.day(a.created_at)}` }),
    warmup,
    h("h4", { text: t("sanHistory") }),
    person.sanctions.length ? h("ul", { class: "cards" }, person.sanctions.map((s) => sanctionRow(s, ctx, reload)))
      : h("p", { class: "muted", text: t("sanNoHistory") }),
    giveForm(person, presets, ctx, reload)].filter(Boolean));
  box.querySelector("#person-title").focus();
}

function appealsList(appeals, ctx) {
  const { t } = ctx;
  if (!appeals.length) return h("p", { class: "muted", text: t("sanNoAppeals") });
  return h("ul", { class: "cards" }, appeals.map((a) => {
    if (!a.you_may_decide) {
      return h("li", { class: "card" }, h("p", { text: a.text }), h("p", { class: "muted", text: t("sanNotYours") }));
    }
    const outcome = h("select", {}, h("option", { value: "upheld", text: t("sanUpheld") }), h("option", { value: "lifted", text: t("sanLiftIt") }));
    const answerJa = h("textarea", { rows: 2, maxlength: TEXT_LIMITS.appeal_answer, required: true });
    const answerEn = h("textarea", { rows: 2, maxlength: TEXT_LIMITS.appeal_answer });
    return h("li", { class: "card", dataset: { appealId: a.id } },
      h("p", {}, h("strong", { text: t(`sanKind_${a.sanction.kind}`) }), `: ${a.sanction.reason_ja}`),
      h("p", {}, h("strong", { text: `${t("sanAppeal")}: ` }), a.text),
      h("form", { onsubmit: (e) => { e.preventDefault(); ctx.run(async () => {
        await ctx.api.call("POST", `/api/moderation/appeals/${a.id}/decide`,
          { outcome: outcome.value, answer_ja: answerJa.value, ...(answerEn.value.trim() ? { answer_en: answerEn.value } : {}) });
        ctx.announce(t("sanDecided")); ctx.refresh();
      }); } }, field(t("sanDecide"), outcome), field(t("sanAnswerJa"), answerJa), field(t("sanAnswerEn"), answerEn),
      h("button", { type: "submit", text: t("sanDecide") })));
  }));
}

export default {
  id: "sanctions",
  titleKey: "sanctionsTitle",
  roles: ["moderator", "admin"],
  strings,
  async render(root, ctx) {
    const { t } = ctx;
    const [{ presets }, { appeals }] = await Promise.all([
      ctx.api.call("GET", "/api/moderation/presets"), ctx.api.call("GET", "/api/moderation/appeals")]);
    const query = h("input", { type: "search", maxlength: FIND_MAX, required: true, name: "q" });
    const found = h("ul", { class: "found", "aria-live": "polite" });
    const personBox = h("div", { class: "person" });
    const search = h("form", { class: "row", role: "search" }, field(t("sanFind"), query), h("button", { type: "submit", text: t("sanSearch") }));
    search.addEventListener("submit", (e) => { e.preventDefault(); ctx.run(async () => {
      const { people } = await ctx.api.call("GET", `/api/moderation/people?q=${encodeURIComponent(query.value)}`);
      found.replaceChildren(...(people.length ? people.map((p) => h("li", {}, h("button", { type: "button", class: "quiet",
        text: `${p.nickname} (${p.id.slice(0, 8)}…)`, onclick: () => ctx.run(() => showPerson(personBox, p.id, presets, ctx)) })))
        : [h("li", { text: t("sanNoneFound") })]));
      if (people.length === 1) await showPerson(personBox, people[0].id, presets, ctx);
    }); });
    root.replaceChildren(search, found, personBox, h("h3", { text: t("sanAppeals") }), appealsList(appeals, ctx));
  },
};
