// The desk's opening hours in the console's desk section: the weekly hours (shown, and edited
// on request) and single days (closed, or other times, with a note).

import { h } from "./dom.js";
import { TEXT_LIMITS } from "../text_limits.js";

const TIME_LENGTH = String("HH:MM".length);  // a time, not free text

// `run(action)` shows failures in the desk's alert box; `words()` gives the desk's words now.
export function hoursPanel({ api, uid, run, announce, words }) {
  const state = { hours: null, editingHours: false };
  let w = words();
  const hoursTitle = h("h3", { id: `${uid}-hours` });
  const hoursBody = h("div", { class: "cd-hours" });
  const element = h("section", { class: "cd-box", "aria-labelledby": hoursTitle.id }, hoursTitle, hoursBody);

  async function loadHours() {
    await run(async () => {
      state.hours = (await api.call("GET", "/api/desk/hours")).hours;
      renderHours();
    });
  }

  function hoursText(hours) {
    const byDay = w.weekdays.map((day, index) => {
      const windows = hours.weekly.filter((x) => x.weekday === index).map((x) => `${x.start}–${x.end}`);
      return windows.length ? `${day} ${windows.join(", ")}` : null;
    }).filter(Boolean);
    return byDay.length ? byDay : [w.noHours];
  }

  function weeklyEditor(hours) {
    const rows = h("div", { class: "cd-rows" });
    const addRow = (entry = { weekday: 0, start: "10:00", end: "17:00" }) => {
      const n = rows.children.length;
      const day = h("select", { class: "cd-select", "aria-label": `${w.weekday} ${n + 1}` },
        w.weekdays.map((label, index) => h("option", { value: String(index), text: label, selected: index === entry.weekday })));
      const start = h("input", { class: "cd-input cd-time", value: entry.start, "aria-label": `${w.start} ${n + 1}`, maxlength: TIME_LENGTH, inputmode: "numeric" });
      const end = h("input", { class: "cd-input cd-time", value: entry.end, "aria-label": `${w.end_time} ${n + 1}`, maxlength: TIME_LENGTH, inputmode: "numeric" });
      const row = h("div", { class: "cd-row" }, day, start, h("span", { "aria-hidden": "true", text: "–" }), end,
        h("button", { type: "button", class: "cd-quiet", text: w.removeRow, onclick: () => row.remove() }));
      rows.append(row);
    };
    hours.weekly.forEach(addRow);
    const form = h("form", { class: "cd-hours-form", onsubmit: (event) => {
      event.preventDefault();
      run(async () => {
        const weekly = [...rows.children].map((row) => {
          const [day, start, end] = row.querySelectorAll("select, input");
          return { weekday: Number(day.value), start: start.value.trim(), end: end.value.trim() };
        });
        state.hours = (await api.call("PUT", "/api/desk/hours", { weekly })).hours;
        state.editingHours = false;
        announce(w.saved);
        renderHours();
      });
    } }, rows,
    h("div", { class: "cd-row" },
      h("button", { type: "button", class: "cd-quiet", text: w.addRow, onclick: () => addRow() }),
      h("button", { type: "submit", class: "cd-primary", text: w.saveHours }),
      h("button", { type: "button", class: "cd-quiet", text: w.cancel, onclick: () => { state.editingHours = false; renderHours(); } })));
    return form;
  }

  function dayEditor() {
    const dateId = `${uid}-day-date`;
    const closedId = `${uid}-day-closed`;
    const noteId = `${uid}-day-note`;
    const date = h("input", { type: "date", id: dateId, class: "cd-input", required: true });
    const closed = h("input", { type: "checkbox", id: closedId, checked: true });
    const start = h("input", { class: "cd-input cd-time", value: "10:00", "aria-label": w.start, maxlength: TIME_LENGTH });
    const end = h("input", { class: "cd-input cd-time", value: "17:00", "aria-label": w.end_time, maxlength: TIME_LENGTH });
    const times = h("div", { class: "cd-row", hidden: true }, start, h("span", { "aria-hidden": "true", text: "–" }), end);
    closed.addEventListener("change", () => { times.hidden = closed.checked; });
    const note = h("input", { id: noteId, class: "cd-input", maxlength: String(TEXT_LIMITS.desk_day_note) });
    return h("form", { class: "cd-day-form", onsubmit: (event) => {
      event.preventDefault();
      run(async () => {
        const body = { windows: closed.checked ? [] : [{ start: start.value.trim(), end: end.value.trim() }] };
        if (note.value.trim()) body.note = note.value.trim();
        state.hours = (await api.call("PUT", `/api/desk/days/${encodeURIComponent(date.value)}`, body)).hours;
        announce(w.saved);
        renderHours();
      });
    } },
    h("div", { class: "cd-row" }, h("label", { for: dateId, text: w.date }), date,
      h("span", { class: "cd-choice" }, closed, h("label", { for: closedId, text: w.closedAllDay }))),
    times,
    h("div", { class: "cd-row" }, h("label", { for: noteId, text: w.dayNote }), note),
    h("button", { type: "submit", class: "cd-secondary", text: w.saveDay }));
  }

  function renderHours() {
    w = words();
    hoursTitle.textContent = w.hours;
    const hours = state.hours;
    if (!hours) { hoursBody.replaceChildren(); return; }
    const days = hours.days.map((d) => h("li", {},
      `${d.date} ${d.closed ? w.closedLabel : d.windows.map((x) => `${x.start}–${x.end}`).join(", ")}${d.note ? ` (${d.note})` : ""} `,
      h("button", { type: "button", class: "cd-quiet", text: w.clearDay, onclick: () => run(async () => {
        state.hours = (await api.call("DELETE", `/api/desk/days/${encodeURIComponent(d.date)}`)).hours;
        renderHours();
      }) })));
    hoursBody.replaceChildren(
      h("h4", { text: w.weekly }),
      h("ul", { class: "cd-hours-list" }, hoursText(hours).map((line) => h("li", { text: line }))),
      state.editingHours ? weeklyEditor(hours)
        : h("button", { type: "button", class: "cd-quiet", text: w.editHours, onclick: () => { state.editingHours = true; renderHours(); } }),
      h("h4", { text: w.days }),
      ...(days.length ? [h("ul", { class: "cd-hours-list" }, days)] : []),
      dayEditor());
  }


  return {
    element,
    render: renderHours,
    load: loadHours,
    get editing() { return state.editingHours; },
  };
}
