// The desk's side of the shield, for the person writing to staff: the warning as they type,
// the confirm step when the server answers CONFIRM_PERSONAL_INFO ("send it to staff
// anyway?"; yes resends with `confirmed: true`, no keeps the text to edit), and the calm
// support panel when the server answers that the words sound like a crisis.
//
//   const shield = deskShield({ input, lang: () => lang });  // place shield.element under the form
//   const data = await shield.say(call, { session_id, text }); // null: the person chose not to send

import { ensureStylesheet, h } from "./dom.js";
import { crisisBox } from "./crisis_box.js";
import { watchInput } from "../shield_hint.js";

const WORDS = {
  ja: { send: "このまま送る", keep: "送らずに直す" },
  en: { send: "Send it to staff", keep: "Don't send; edit it" },
};

export function deskShield({ input, lang }) {
  ensureStylesheet(new URL("../shield.css", import.meta.url).href, "data-ibasho-shield");
  const hint = h("p", { class: "shield-hint", role: "status", hidden: true });
  const rehint = watchInput(input, hint, { lang, where: "desk" });
  const question = h("p", { class: "dk-confirm-text" });
  const yes = h("button", { type: "button", class: "dk-primary dk-confirm-send" });
  const no = h("button", { type: "button", class: "dk-quiet dk-confirm-keep" });
  const confirmBox = h("div", { class: "dk-confirm", role: "group", hidden: true }, question, h("div", { class: "dk-actions" }, yes, no));
  const crisis = crisisBox({ lang, onClose: () => input.focus() });
  const element = h("div", { class: "dk-shield" }, hint, confirmBox, crisis.element);

  function ask(messages) {
    const words = WORDS[lang() === "en" ? "en" : "ja"];
    question.textContent = messages?.[lang()] || messages?.ja || "";
    yes.textContent = words.send;
    no.textContent = words.keep;
    confirmBox.hidden = false;
    yes.focus();
    return new Promise((resolve) => {
      const done = (answer) => { confirmBox.hidden = true; yes.onclick = no.onclick = null; resolve(answer); };
      yes.onclick = () => done(true);
      no.onclick = () => { done(false); input.focus(); };
    });
  }

  async function say(call, payload) {
    let data;
    try {
      data = await call("desk:say", payload);
    } catch (error) {
      if (error.code !== "CONFIRM_PERSONAL_INFO") throw error;
      if (!(await ask(error.messages))) return null;
      data = await call("desk:say", { ...payload, confirmed: true });
    }
    if (data?.crisis) crisis.show(data.crisis);
    return data;
  }

  return { element, say, rehint };
}
