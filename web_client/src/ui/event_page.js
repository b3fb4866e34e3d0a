// The standalone live event page (/event/<occurrence id>): the door, then the room.
// Signed in again from the refresh token kept by the space.

import { mountEventRoom } from "./event_room.js";
import { words } from "./event_words.js";
import { leaveForLanding } from "./session_keeper.js";
import { startStandalonePage } from "./standalone_page.js";

const occurrenceId = decodeURIComponent(window.location.pathname.split("/").filter(Boolean)[1] || "");

startStandalonePage({
  mainId: "event-main",
  prefix: "ev",
  words,
  links: [{ href: "/", word: "backHome" }],
  mount: (slot, { api, lang }) => mountEventRoom(slot, {
    occurrenceId,
    lang: lang(),
    token: () => api.accessToken,
    refreshToken: () => api.refresh(),
    onSessionEnded: (reason, text) => { api.forget(); leaveForLanding(text); },
  }),
});
