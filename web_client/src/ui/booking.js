// The visitor's booking dialog: pick a free time, optionally a profession, write an
// optional note, book. No e-mail or phone number is ever asked for. Self-contained: it
// talks to the REST API with the token it is given and brings its own stylesheet.
//
//   import { mountBooking } from "/static/ui/booking.js";
//   const dialog = mountBooking(container, { token: () => accessToken, lang: "ja" });
//   dialog.close();
//
// Events for the host page: options.onBooked(booking), options.onClose().

import { h, ensureStylesheet } from "./dom.js";
import { TEXT_LIMITS } from "../text_limits.js";

import { PROFESSIONS } from "../professions.js";
import { dayKey, formatAt, operatorZone, zoneLabel } from "../times.js";

export { PROFESSIONS };

export const CANCEL_REASONS = {
  changed_plans: { ja: "予定が変わった", en: "My plans changed" },
  not_up_to_it: { ja: "今日はやめておきたい", en: "I'm not up to it today" },
  specialist_unavailable: { ja: "担当者の都合", en: "The specialist cannot make it" },
  other: { ja: "その他", en: "Other" },
};

export const STRINGS = {
  ja: {
    title: "相談の予約",
    intro: "話したい時間をえらんでください。メールアドレスや電話番号はいりません。声を出さず、文字だけでも相談できます。",
    guestWarning: "いまはゲストとして入っています。この端末の入室情報が消えると、予約も見られなくなります。ニックネームとあいことばで保存しておくと安心です。",
    profession: "相談したい専門職（えらばなくても大丈夫です）",
    anyone: "どなたでも",
    loading: "空いている時間を読みこんでいます…",
    noSlots: "この期間に空いている時間はありません。別の専門職をえらぶか、また後で見てみてください。",
    kindHint: "ご本人向け・ご家族向けの時間もあります。「設定」の「あなたのこと」で立場（本人・家族）を選ぶと、それらも表示されます。",
    slotsLegend: "空いている時間",
    minutes: "分",
    note: "ひとこと（任意・500文字まで）",
    noteHint: "話したいことを少しだけ書いておけます。連絡先や本名は書かないでください。",
    book: "この時間で予約する",
    pickFirst: "先に時間をえらんでください。",
    booking: "予約しています…",
    booked: "予約しました。",
    bookedHint: "時間が近づくと、居場所の中でお知らせします。カレンダーに入れておくこともできます。",
    ics: "カレンダー用ファイル（.ics）を保存",
    another: "別の時間も見る",
    close: "閉じる",
    mine: "あなたの予約",
    noneYet: "まだ予約はありません。",
    cancel: "キャンセルする",
    cancelReason: "理由",
    cancelConfirm: "キャンセルを確定",
    cancelled: "キャンセルしました。また話したくなったら、いつでもどうぞ。",
    keep: "やめる",
    statusBooked: "予約中",
    statusCancelled: "キャンセル済み",
    statusCompleted: "終わりました",
    statusNoShow: "今回はお休み",
    with: "担当",
    failed: "うまくいきませんでした。少し時間をおいて、もう一度お試しください。",
  },
  en: {
    title: "Book a consultation",
    intro: "Choose a time you would like to talk. No e-mail address or phone number is needed. Text only, without voice, is fine too.",
    guestWarning: "You are here as a guest. If this device forgets your sign-in, you will not see this booking again. Keeping your account with a nickname and passphrase makes it safe.",
    profession: "Profession you would like to talk to (optional)",
    anyone: "Anyone",
    loading: "Looking for free times…",
    noSlots: "No free times in this period. Try another profession, or look again later.",
    kindHint: "Some times are only for individuals or only for families. If you say which you are under “About you” in Settings, those times show too.",
    slotsLegend: "Free times",
    minutes: "min",
    note: "A short note (optional, up to 500 characters)",
    noteHint: "You can say a little about what you would like to talk about. Please leave out contact details and your real name.",
    book: "Book this time",
    pickFirst: "Please choose a time first.",
    booking: "Booking…",
    booked: "Booked.",
    bookedHint: "When the time comes near, you will see a reminder inside Ibasho. You can also add it to your calendar.",
    ics: "Save calendar file (.ics)",
    another: "See other times",
    close: "Close",
    mine: "Your bookings",
    noneYet: "No bookings yet.",
    cancel: "Cancel",
    cancelReason: "Reason",
    cancelConfirm: "Confirm cancellation",
    cancelled: "Cancelled. Whenever you feel like talking again, you are welcome.",
    keep: "Keep it",
    statusBooked: "Booked",
    statusCancelled: "Cancelled",
    statusCompleted: "Done",
    statusNoShow: "Skipped this time",
    with: "With",
    failed: "That did not work. Please wait a little and try again.",
  },
};

const STATUS_KEY = { booked: "statusBooked", cancelled: "statusCancelled", completed: "statusCompleted", no_show: "statusNoShow" };
const NOTE_MAX = TEXT_LIMITS.booking_note;
const WINDOW_DAYS = 14;

export function professionLabel(code, lang) {
  return code && PROFESSIONS[code] ? PROFESSIONS[code][lang] : "";
}

export function formatDay(iso, lang, timeZone = operatorZone()) {
  return formatAt(iso, lang, "day", { zone: timeZone });
}

// A slot's clock; the list and the confirmation name the zone once (zoneLabel).
export function formatTime(iso, lang, timeZone = operatorZone()) {
  return formatAt(iso, lang, "clock", { zone: timeZone, label: false });
}

export function groupByDay(slots, timeZone = operatorZone()) {
  const days = new Map();
  for (const slot of slots) {
    const key = dayKey(slot.starts_at, timeZone);
    if (!days.has(key)) days.set(key, []);
    days.get(key).push(slot);
  }
  return days;
}

/**
 * Render the booking dialog into `container`.
 * options: token (string or function returning one), lang ("ja" | "en"), apiBase (""),
 * timeZone ("Asia/Tokyo"), onBooked(booking), onClose(), fetch (window.fetch).
 */
export function mountBooking(container, options = {}) {
  ensureStylesheet(new URL("./booking.css", import.meta.url).href, "data-ibasho-booking");
  const lang = options.lang === "en" ? "en" : "ja";
  const t = STRINGS[lang];
  const timeZone = options.timeZone || operatorZone();
  const apiBase = options.apiBase || "";
  const doFetch = options.fetch || window.fetch.bind(window);
  const token = () => (typeof options.token === "function" ? options.token() : options.token);
  // unique ids so several dialogs (or a console preview) can coexist on one page
  const uid = `ibasho-booking-${Math.random().toString(36).slice(2, 10)}`;
  const previousFocus = document.activeElement;
  let slots = [];
  let chosen = null;

  async function api(method, path, body) {
    const headers = { Authorization: `Bearer ${token()}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await doFetch(apiBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : await response.blob();
    if (!response.ok) {
      const error = new Error(data?.error?.code || "FAILED");
      error.message_text = data?.error?.message?.[lang] || t.failed;
      throw error;
    }
    return data;
  }

  // --- structure ---
  const title = h("h2", { id: `${uid}-title`, class: "ib-title", tabindex: "-1", text: t.title });
  const intro = h("p", { id: `${uid}-intro`, class: "ib-intro", text: t.intro });
  const guest = h("p", { class: "ib-guest", role: "note", hidden: true, text: t.guestWarning });
  const status = h("p", { class: "ib-status", role: "status", "aria-live": "polite" });
  const alert = h("p", { class: "ib-alert", role: "alert" });

  const professionSelect = h("select", { id: `${uid}-profession`, class: "ib-select", onchange: () => loadSlots() },
    h("option", { value: "", text: t.anyone }),
    Object.keys(PROFESSIONS).map((code) => h("option", { value: code, text: PROFESSIONS[code][lang] })));
  const professionField = h("div", { class: "ib-field" },
    h("label", { for: `${uid}-profession`, text: t.profession }), professionSelect);

  const slotArea = h("div", { class: "ib-slots" });
  const kindHint = h("p", { class: "ib-hint ib-kind-hint", hidden: true, text: t.kindHint });
  const noteInput = h("textarea", {
    id: `${uid}-note`, class: "ib-note", rows: "3", maxlength: String(NOTE_MAX), "aria-describedby": `${uid}-note-hint ${uid}-note-count`,
  });
  const noteCount = h("span", { id: `${uid}-note-count`, class: "ib-count", text: `0 / ${NOTE_MAX}` });
  noteInput.addEventListener("input", () => { noteCount.textContent = `${noteInput.value.length} / ${NOTE_MAX}`; });
  const noteField = h("div", { class: "ib-field" },
    h("label", { for: `${uid}-note`, text: t.note }), noteInput,
    h("p", { id: `${uid}-note-hint`, class: "ib-hint" }, t.noteHint, " ", noteCount));

  const bookButton = h("button", { type: "submit", class: "ib-primary", text: t.book });
  const form = h("form", { class: "ib-form", novalidate: true }, professionField, slotArea, kindHint, noteField,
    h("div", { class: "ib-actions" }, bookButton));
  form.addEventListener("submit", (event) => { event.preventDefault(); submit(); });

  const done = h("div", { class: "ib-done", hidden: true });
  const mineList = h("ul", { class: "ib-mine-list" });
  const mine = h("section", { class: "ib-mine", "aria-labelledby": `${uid}-mine` },
    h("h3", { id: `${uid}-mine`, text: t.mine }), mineList);
  const closeButton = h("button", { type: "button", class: "ib-close", text: t.close, onclick: () => close() });

  const dialog = h("div", {
    class: "ib-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": `${uid}-title`, "aria-describedby": `${uid}-intro`,
    lang,
  }, h("div", { class: "ib-head" }, title, closeButton), intro, guest, alert, status, form, done, mine);
  const backdrop = h("div", { class: "ib-backdrop" }, dialog);
  container.append(backdrop);

  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); close(); return; }
    if (event.key !== "Tab") return;
    // keep focus inside while the dialog is open
    const focusable = [...dialog.querySelectorAll("button, select, textarea, input, a[href], [tabindex='0']")]
      .filter((el) => !el.disabled && !el.closest("[hidden]"));
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  });

  function say(text) { status.textContent = text || ""; }
  // a warning sits at the top of the dialog: bring it into view (the button may be far below)
  function warn(text) {
    alert.textContent = text || "";
    if (text) alert.scrollIntoView?.({ block: "nearest" });
  }

  function slotLabel(slot) {
    const who = slot.specialist.nickname + (slot.specialist.profession ? `（${professionLabel(slot.specialist.profession, lang)}）` : "");
    return `${formatTime(slot.starts_at, lang, timeZone)}–${formatTime(slot.ends_at, lang, timeZone)} · ${slot.minutes}${t.minutes} · ${who}`;
  }

  function renderSlots() {
    slotArea.replaceChildren();
    chosen = null;
    if (!slots.length) { slotArea.append(h("p", { class: "ib-empty", text: t.noSlots })); return; }
    const group = h("fieldset", { class: "ib-slot-group" }, h("legend", { text: t.slotsLegend + zoneLabel(lang, slots[0]?.starts_at ?? Date.now(), { zone: timeZone }) }));
    let index = 0;
    for (const [, daySlots] of groupByDay(slots, timeZone)) {
      const list = h("div", { class: "ib-day-slots", role: "group", "aria-label": formatDay(daySlots[0].starts_at, lang, timeZone) });
      for (const slot of daySlots) {
        const id = `${uid}-slot-${index++}`;
        const radio = h("input", { type: "radio", name: `${uid}-slot`, id, value: String(index - 1) });
        radio.addEventListener("change", () => { chosen = slot; warn(""); });
        list.append(h("div", { class: "ib-slot" }, radio, h("label", { for: id, text: slotLabel(slot) })));
      }
      group.append(h("div", { class: "ib-day" }, h("h4", { class: "ib-day-title", "aria-hidden": "true", text: formatDay(daySlots[0].starts_at, lang, timeZone) }), list));
    }
    slotArea.append(group);
  }

  async function loadSlots() {
    say(t.loading);
    warn("");
    const from = new Date();
    const to = new Date(from.getTime() + WINDOW_DAYS * 24 * 3600 * 1000);
    const params = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    if (professionSelect.value) params.set("profession", professionSelect.value);
    try {
      slots = (await api("GET", `/api/availability?${params}`)).slots;
      renderSlots();
      say("");
    } catch (error) {
      say("");
      warn(error.message_text || t.failed);
    }
  }

  async function downloadIcs(booking) {
    try {
      const blob = await api("GET", `/api/bookings/${encodeURIComponent(booking.id)}.ics`);
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: "ibasho-consultation.ics" });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      warn(error.message_text || t.failed);
    }
  }

  function describe(booking) {
    const when = `${formatDay(booking.starts_at, lang, timeZone)} ${formatTime(booking.starts_at, lang, timeZone)}–${formatTime(booking.ends_at, lang, timeZone)}${zoneLabel(lang, booking.starts_at, { zone: timeZone })}`;
    const who = `${t.with}: ${booking.specialist.nickname}${booking.specialist.profession ? `（${professionLabel(booking.specialist.profession, lang)}）` : ""}`;
    return { when, who };
  }

  function cancelControls(item, booking) {
    const reasonId = `${uid}-reason-${booking.id}`;
    const select = h("select", { id: reasonId, class: "ib-select" },
      Object.keys(CANCEL_REASONS).filter((code) => code !== "specialist_unavailable")
        .map((code) => h("option", { value: code, text: CANCEL_REASONS[code][lang] })));
    const box = h("div", { class: "ib-cancel-box" },
      h("label", { for: reasonId, text: t.cancelReason }), select,
      h("button", { type: "button", class: "ib-secondary", text: t.cancelConfirm, onclick: async () => {
        try {
          await api("POST", `/api/bookings/${encodeURIComponent(booking.id)}/cancel`, { reason: select.value });
          say(t.cancelled);
          await loadMine();
          await loadSlots();
          (mineList.querySelector("button") || title).focus();
        } catch (error) { warn(error.message_text || t.failed); }
      } }),
      h("button", { type: "button", class: "ib-link", text: t.keep, onclick: () => { box.remove(); opener.hidden = false; opener.focus(); } }));
    const opener = h("button", { type: "button", class: "ib-link", text: t.cancel, onclick: () => {
      opener.hidden = true; item.append(box); select.focus();
    } });
    return opener;
  }

  async function loadMine() {
    try {
      const data = await api("GET", `/api/bookings?side=person&from=${encodeURIComponent(new Date().toISOString())}`);
      mineList.replaceChildren();
      if (!data.bookings.length) { mineList.append(h("li", { class: "ib-empty", text: t.noneYet })); return; }
      for (const booking of data.bookings) {
        const { when, who } = describe(booking);
        const item = h("li", { class: `ib-booking ib-${booking.status}` },
          h("span", { class: "ib-when", text: when }), " ",
          h("span", { class: "ib-badge", text: t[STATUS_KEY[booking.status]] }), h("br"),
          h("span", { class: "ib-who", text: who }));
        if (booking.status === "booked") {
          item.append(h("div", { class: "ib-row" },
            h("button", { type: "button", class: "ib-link", text: t.ics, onclick: () => downloadIcs(booking) }),
            cancelControls(item, booking)));
        }
        mineList.append(item);
      }
    } catch (error) {
      warn(error.message_text || t.failed);
    }
  }

  async function submit() {
    warn("");
    if (!chosen) { warn(t.pickFirst); slotArea.querySelector("input")?.focus(); return; }
    bookButton.disabled = true;
    say(t.booking);
    const body = { specialist_id: chosen.specialist.id, starts_at: chosen.starts_at, ends_at: chosen.ends_at };
    if (professionSelect.value) body.profession = professionSelect.value;
    if (noteInput.value.trim()) body.note = noteInput.value;
    try {
      const { booking } = await api("POST", "/api/bookings", body);
      say("");
      showDone(booking);
      options.onBooked?.(booking);
      await loadMine();
    } catch (error) {
      say("");
      // the fresh list first: reloading clears the old warning, and this one must stay
      if (error.message === "SLOT_TAKEN" || error.message === "SLOT_UNAVAILABLE") await loadSlots();
      warn(error.message_text || t.failed);
    } finally {
      bookButton.disabled = false;
    }
  }

  function showDone(booking) {
    const { when, who } = describe(booking);
    const heading = h("h3", { class: "ib-done-title", tabindex: "-1", text: t.booked });
    done.replaceChildren(
      heading,
      h("p", { class: "ib-when", text: when }),
      h("p", { class: "ib-who", text: who }),
      h("p", { class: "ib-hint", text: t.bookedHint }),
      h("div", { class: "ib-actions" },
        h("button", { type: "button", class: "ib-primary", text: t.ics, onclick: () => downloadIcs(booking) }),
        h("button", { type: "button", class: "ib-secondary", text: t.another, onclick: () => {
          done.hidden = true; form.hidden = false; noteInput.value = ""; noteCount.textContent = `0 / ${NOTE_MAX}`; loadSlots(); title.focus();
        } })),
    );
    form.hidden = true;
    done.hidden = false;
    heading.focus();
  }

  function close() {
    backdrop.remove();
    if (previousFocus && previousFocus.focus) previousFocus.focus();
    options.onClose?.();
  }

  (async () => {
    try {
      const me = await api("GET", "/api/me");
      guest.hidden = !me.account.is_guest;
      // people who have not said whether they are an individual or family miss the slots
      // meant for one of them: tell them, without pushing
      kindHint.hidden = !["unspecified", "supporter"].includes(me.account.kind);
    } catch { /* the dialog still works; errors show when booking */ }
  })();
  loadSlots();
  loadMine();
  title.focus();
  return { close, element: dialog, reload: () => Promise.all([loadSlots(), loadMine()]) };
}
