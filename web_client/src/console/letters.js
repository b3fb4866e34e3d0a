// Console section "Letters": a specialist's inbox, sent letters and new letters to the
// people of their cases. The view itself is shared with the person's side (ui/letters.js).
//
// Mount it either as a console section (default export, see sections.js) or by hand:
//   const handle = mount(container, api, { lang: "ja" });  // api.call(method, path, json?)
//   handle.onLetterNew(data)  // on a "letter:new" socket event; returns a sentence to announce
//   handle.unmount()

import { LettersView } from "../ui/letters.js";

export function mount(container, api, { lang = "ja", onUnread = () => {} } = {}) {
  const langOf = typeof lang === "function" ? lang : () => lang;
  const view = new LettersView(api, { lang: langOf, onUnread, headingLevel: 3, staffSide: true });
  container.replaceChildren(view.el);
  const ready = view.refresh();
  return {
    view,
    ready,
    refresh: () => view.refresh(),
    onLetterNew: (data) => view.notifyNew(data),
    unmount: () => view.destroy(),
  };
}

export default {
  id: "letters",
  titleKey: "lettersTitle",
  strings: { ja: { lettersTitle: "手紙" }, en: { lettersTitle: "Letters" } },
  async render(root, ctx) {
    await mount(root, ctx.api, { lang: ctx.lang }).ready;
  },
};
