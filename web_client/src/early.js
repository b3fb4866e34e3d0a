// The first thing that runs (its own <script type="module" async> in index.html, so it waits
// neither for the page's parsing nor for the landing's modules): a browser that was here before
// trades its refresh token and asks for the map and the space's info at once. On a slow phone
// these round trips then travel while the page starts up instead of one after another after it
// (issue 15 item 12). main.js imports the same module (one instance) and awaits what started here.

import { Api } from "./api.js";

export const api = new Api();

let docs = null;

// The map and the space's info (public: no token needed), asked for ahead of entering.
export function prefetchSpaceDocs() {
  if (docs) return;
  const asked = Promise.all([api.get("/api/space/map"), api.get("/api/space/info")]);
  docs = asked;
  asked.catch(() => { if (docs === asked) docs = null; }); // asked again on entering
}

// What entering uses: the documents asked for ahead, or asked for now; each entry takes its own.
export function spaceDocs() {
  prefetchSpaceDocs();
  const taken = docs;
  docs = null;
  return taken;
}

// A stored refresh token: coming straight back in. The renewal is the shared one of api.refresh()
// (main.js awaits it; a second call would rotate the token again).
export const renewal = api.refreshToken ? api.refresh() : null;

// The space's modules, asked for once (main.js enters with them; a failed fetch is tried again).
let space = null;
export function loadSpace() {
  space ??= import("./app.js").catch((err) => { space = null; throw err; });
  return space;
}

if (renewal) {
  renewal.catch(() => { /* main.js shows the landing and says why */ });
  prefetchSpaceDocs();
  loadSpace().catch(() => { /* tried again on entering */ });
  // A calm 「入っています…」 at once instead of the landing flashing by (app.css).
  document.documentElement.classList.add("returning");
}
