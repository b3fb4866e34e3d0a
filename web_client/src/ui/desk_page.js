// The standalone desk page (/desk): the shortest way from the landing page to a person.
// A returning visitor is signed in again from the kept refresh token; a first-time visitor
// sees the desk's status and one button that enters as a guest and knocks at once.

import { mountDesk } from "./desk.js";
import { words } from "./desk_words.js";
import { leaveForLanding } from "./session_keeper.js";
import { startStandalonePage } from "./standalone_page.js";

startStandalonePage({
  mainId: "desk-main",
  prefix: "dk",
  words,
  links: [{ href: "/", word: "backHome" }, { href: "/boards", word: "readBoards" }],
  mount: (slot, { api, lang }) => mountDesk(slot, {
    lang: lang(),
    token: () => api.accessToken,
    refreshToken: () => api.refresh(),
    onSessionEnded: (reason, text) => { api.forget(); leaveForLanding(text); },
    enter: async () => { await api.enterAsGuest(lang()); },
  }),
});
