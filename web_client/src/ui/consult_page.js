// The standalone consultation page (/consult): the person's bookings, the waiting room and
// the private room. Signed in again from the refresh token kept when the booking was made.

import { mountConsult } from "./consult.js";
import { words } from "./consult_words.js";
import { leaveForLanding } from "./session_keeper.js";
import { startStandalonePage } from "./standalone_page.js";

startStandalonePage({
  mainId: "consult-main",
  prefix: "cs",
  words,
  links: [{ href: "/", word: "backHome" }],
  mount: (slot, { api, lang }) => mountConsult(slot, {
    lang: lang(),
    token: () => api.accessToken,
    refreshToken: () => api.refresh(),
    onSessionEnded: (reason, text) => { api.forget(); leaveForLanding(text); },
  }),
});
