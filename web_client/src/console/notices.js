// Notices for the specialist console, heard live from sign-in on whichever section is shown:
// a booking made, cancelled or moved by the person, a case given to me or handed on, a
// person's consent changing. They travel on
// the console's /desk link (server/realtime/events.py: audience "console"); the list keeps the
// last few, newest first, and each is also read out by the page's live region.
//
//   import { noticeText, mountNotices } from "./notices.js";

import { NOTICE_EVENTS } from "./events.js";
import { leaveLive, openLive } from "./live.js";
import { h } from "./dom.js";
import { formatter } from "./i18n.js";


const KEEP = 5;

export const STRINGS = {
  ja: {
    noticesLabel: "お知らせ",
    "booking:created": "新しい予約: {name}さん、{when}",
    "booking:cancelled": "予約が取り消されました: {name}さん、{when}",
    "booking:rescheduled": "予約の日時が変わりました: {name}さん、新しい日時は{when}",
    "case:assigned": "ケースの担当になりました: {name}さん",
    "case:unassigned": "ケースの担当を引き継ぎました",
    "case:consent_changed": "担当ケースの同意が変わりました",
    dismiss: "お知らせを閉じる",
  },
  en: {
    noticesLabel: "Notices",
    "booking:created": "New booking: {name}, {when}",
    "booking:cancelled": "A booking was cancelled: {name}, {when}",
    "booking:rescheduled": "A booking was moved: {name}, now {when}",
    "case:assigned": "A case was given to you: {name}",
    "case:unassigned": "You handed over a case",
    "case:consent_changed": "Consent changed on one of your cases",
    dismiss: "Close the notices",
  },
};

// The words of one notice, in `lang`, at `timeZone`.
export function noticeText(event, data, { lang, timeZone }) {
  const words = STRINGS[lang === "en" ? "en" : "ja"];
  let name = data?.person_nickname || "";
  let when = "";
  if (event.startsWith("booking:")) {
    const fmt = formatter(lang, timeZone);
    name = data.booking?.person?.nickname || "";
    const starts = data.booking?.starts_at;
    when = starts ? `${fmt.day(starts)} ${fmt.time(starts)}` : "";
  }
  return (words[event] || event).replace("{name}", name).replace("{when}", when);
}

// The notices panel: `element` to place in the page; `setLang(lang)` redraws it.
export function mountNotices(api, { lang, timeZone, announce, socketFactory }) {
  const state = { lang, items: [] };
  const list = h("ul", { class: "notices-list" });
  const heading = h("h2", { class: "notices-title", id: "notices-title" });
  const close = h("button", { type: "button", class: "quiet", onclick: () => { state.items = []; draw(); } });
  const element = h("section", { class: "notices", "aria-labelledby": "notices-title", hidden: true },
    h("div", { class: "row" }, heading, close), list);

  function draw() {
    const words = STRINGS[state.lang];
    heading.textContent = words.noticesLabel;
    close.textContent = words.dismiss;
    list.replaceChildren(...state.items.map(({ event, data }) =>
      h("li", { "data-event": event, text: noticeText(event, data, { lang: state.lang, timeZone }) })));
    element.hidden = state.items.length === 0;
  }

  const onConnection = () => {};
  openLive({ namespace: "/desk", api, socketFactory, onConnection, onConnected: () => {} }).then((socket) => {
    for (const event of NOTICE_EVENTS) {
      socket.on(event, (data) => {
        state.items = [{ event, data }, ...state.items].slice(0, KEEP);
        draw();
        announce(noticeText(event, data, { lang: state.lang, timeZone }));
      });
    }
  }).catch(() => { /* the console works without notices; the sections show their own failures */ });
  draw();
  return {
    element,
    setLang(next) { state.lang = next === "en" ? "en" : "ja"; draw(); },
    // Before signing out: let go of the /desk link (closed unless the desk section uses it).
    close: () => leaveLive({ namespace: "/desk", api, onConnection }),
  };
}
