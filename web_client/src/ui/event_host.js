// The hosts' controls in a live event (the host view of /event/<occurrence>): the hand queue
// with names, the attendee list (hosts only), giving the floor (a request the attendee
// accepts), mute, ask to leave with a kind reason, the door, pause everything, chat mode,
// quiet voices first, tables (each open mic or floor only), end. Every action is enforced and recorded by the server.

import { h } from "./dom.js";
import { fill } from "./event_words.js";

const REASONS = ["not_for_audience", "safety", "disruption", "other"];
const MODES = ["off", "hosts", "everyone"];

export function hostControls(slot, { call, words }) {
  let view = null;
  let voice = null;
  const box = h("section", { class: "ev-box ev-host", hidden: true });
  slot.replaceChildren(box);

  const title = h("h3", { class: "ev-sub" });
  const mic = h("button", { type: "button", class: "ev-primary", onclick: () => toggleMic() });
  const pause = h("button", { type: "button", class: "ev-primary ev-pause", onclick: () => call(view.paused ? "event:resume" : "event:pause") });
  const lock = h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:lock", { locked: !view.door_locked }) });
  const end = h("button", { type: "button", class: "ev-quiet", onclick: () => { if (window.confirm(words().endConfirm)) call("event:end"); } });
  const modeLegend = h("legend");
  const modeInputs = MODES.map((m) => h("input", { type: "radio", name: "ev-chat-mode", value: m, id: `ev-mode-${m}`,
    onchange: () => call("event:chat_mode", { mode: m }) }));
  const modeLabels = MODES.map((m) => h("label", { for: `ev-mode-${m}` }));
  const modes = h("fieldset", { class: "ev-modes" }, modeLegend, ...MODES.flatMap((_, i) => [modeInputs[i], modeLabels[i]]));
  const quiet = h("input", { type: "checkbox", id: "ev-quiet-first", onchange: () => call("event:quiet_first", { on: quiet.checked }) });
  const quietLabel = h("label", { for: "ev-quiet-first" });
  const queueTitle = h("h4");
  const queue = h("ol", { class: "ev-queue" });
  const membersTitle = h("h4");
  const members = h("ul", { class: "ev-members" });
  const reasonLabel = h("label", { for: "ev-reason" });
  const reason = h("select", { id: "ev-reason" }, ...REASONS.map((r) => h("option", { value: r })));
  const tableNamesLabel = h("label", { for: "ev-table-names" });
  const tableNames = h("textarea", { id: "ev-table-names", rows: "2" });
  const capLabel = h("label", { for: "ev-table-cap" });
  const cap = h("input", { id: "ev-table-cap", type: "number", min: "2", max: "12", value: "6" });
  // Open mic by default: small tables are for talking; each table can be switched afterwards.
  const openMic = h("input", { type: "checkbox", id: "ev-open-mic", checked: true });
  const openMicLabel = h("label", { for: "ev-open-mic" });
  const openTables = h("button", { type: "button", class: "ev-quiet", onclick: () => {
    const names = tableNames.value.split("\n").map((s) => s.trim()).filter(Boolean);
    call("event:tables_open", { names, cap: Number(cap.value), open_mic: names.map(() => openMic.checked) });
  } });
  const tableMics = h("ul", { class: "ev-table-mics" });
  const callBack = h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:call_back") });
  const hiddenTitle = h("h4");
  const hidden = h("ul", { class: "ev-lines" });
  box.append(title, h("div", { class: "ev-row" }, mic, pause, lock, end), modes, h("p", {}, quiet, quietLabel),
    queueTitle, queue, membersTitle, h("p", {}, reasonLabel, reason), members,
    h("div", { class: "ev-tables-form" }, tableNamesLabel, tableNames, capLabel, cap,
      h("p", { class: "ev-open-mic" }, openMic, openMicLabel), openTables, callBack), tableMics,
    hiddenTitle, hidden);

  async function toggleMic() {
    if (!voice) return;
    try {
      if (voice.state.speaking) await voice.listen();
      else await voice.speak();
    } catch { /* the voice box shows "failed" */ }
  }

  function personButtons(m, w) {
    const seat = m.seat;
    const buttons = [];
    if (!m.floor) {
      buttons.push(h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:ask", { seat, via: "voice" }) }, w.askVoice));
      buttons.push(h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:ask", { seat, via: "text" }) }, w.askText));
      // One's own microphone at a table: a host can still stop it (it stays off until a floor is accepted).
      if (m.mic) buttons.push(h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:mute", { seat }) }, w.mute));
    } else {
      buttons.push(h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:take_floor", { seat }) }, w.takeFloor));
      if (m.floor === "voice" && !m.muted) buttons.push(h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:mute", { seat }) }, w.mute));
    }
    return buttons;
  }

  function render(next) {
    view = next;
    box.hidden = !view || view.role !== "host";
    if (box.hidden) return;
    const w = words();
    title.textContent = w.hostTitle;
    pause.textContent = view.paused ? w.resume : w.pause;
    lock.textContent = view.door_locked ? w.unlock : w.lock;
    end.textContent = w.end;
    modeLegend.textContent = w.chatMode;
    MODES.forEach((m, i) => { modeLabels[i].textContent = w[`mode_${m}`]; modeInputs[i].checked = view.chat_mode === m; });
    quiet.checked = view.quiet_first;
    quietLabel.textContent = w.quietFirst;
    queueTitle.textContent = w.queue;
    const bySeat = Object.fromEntries(view.members.map((m) => [m.seat, m]));
    queue.replaceChildren(...(view.queue.length ? view.queue.map((q) => h("li", { dataset: { seat: q.seat } },
      h("span", {}, `${q.nickname}${q.label ? ` (${q.label})` : ""}${q.spoken ? ` · ${w.spoken}` : ""} `),
      ...personButtons(bySeat[q.seat] || q, w))) : [h("li", { class: "ev-note ev-empty" }, w.queueEmpty)]));
    membersTitle.textContent = `${w.members} (${view.members.filter((m) => !m.host && !m.cohost).length})`;
    reasonLabel.textContent = w.removeReason;
    [...reason.options].forEach((o) => { o.textContent = w[`reason_${o.value}`]; });
    members.replaceChildren(...view.members.filter((m) => !m.host && !m.cohost).map((m) => h("li", { dataset: { seat: m.seat } },
      h("span", {}, `${m.nickname}${m.label ? ` (${m.label})` : ""}${m.floor ? ` · ${w[`floorVia_${m.floor}`]}` : ""}${m.asked ? ` · ${w.asked}` : ""}${m.table ? ` · ${m.table}` : ""}${m.mic ? ` · ${w.micOnMark}` : ""} `),
      ...personButtons(m, w),
      ...view.tables.map((t) => h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:place", { seat: m.seat, table_id: t.id }) }, t.name)),
      h("button", { type: "button", class: "ev-quiet ev-danger", onclick: () => call("event:remove", { seat: m.seat, reason: reason.value }) }, w.remove))));
    tableNamesLabel.textContent = w.tableNames;
    capLabel.textContent = w.tableCap;
    openTables.textContent = w.tablesOpen;
    openTables.hidden = view.tables.length > 0;
    openMicLabel.textContent = w.openMicAll;
    openMic.parentElement.hidden = view.tables.length > 0;
    tableMics.replaceChildren(...view.tables.map((t) => h("li", { dataset: { table: t.id } },
      h("span", {}, `${fill(t.open_mic ? w.openMicNow : w.floorOnlyNow, { name: t.name })} · ${fill(w.micsCount, { n: t.mics })} `),
      h("button", { type: "button", class: "ev-quiet", onclick: () => call("event:table_mic", { table_id: t.id, open: !t.open_mic }) },
        t.open_mic ? w.makeFloorOnly : w.makeOpenMic))));
    callBack.textContent = w.callBack;
    callBack.hidden = !view.tables.length;
    hiddenTitle.textContent = w.hiddenTitle;
    hiddenTitle.hidden = !view.hidden_messages.length;
    hidden.replaceChildren(...view.hidden_messages.map((m) => h("li", {}, `${m.nickname}: ${m.text}`)));
  }

  function renderVoice(v) {
    voice = v;
    if (box.hidden) return;
    mic.textContent = v.state.speaking ? words().hostMicOff : words().hostMic;
  }

  return { render, renderVoice };
}
