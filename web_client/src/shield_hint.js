// The warning before a text goes out: "this looks like a phone number; anyone here could see
// it". A small port of the simplest patterns of the server's shield (moderation/screen), run
// on each keystroke in the browser: no round trip, and nothing the person types reaches the
// server before they decide to send. The server decides (it masks in public places and asks
// for a confirmation at the desk); this only warns, so a pattern missed here costs nothing.
// Also the calm panel shown when the server answers that words sound like a crisis.
//
//   import { personalInfoKind, shieldHint, crisisPanel } from "./shield_hint.js";

const KANJI_DIGITS = { "〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9" };

export const WORDS = {
  ja: {
    phone: "電話番号",
    email: "メールアドレス",
    sns: "SNSのID",
    public: "{kind}のようです。ここにいる人はだれでも読めます。送ると、その部分は●で隠されます。",
    desk: "{kind}のようです。スタッフにだけ届きます。送るときに、もう一度たしかめます。",
    crisisTitle: "読ませてくれて、ありがとう",
    crisisAsked: "スタッフに、あなたのメッセージを見てもらうようお願いしました。",
    crisisConcern: "つらい気持ちのときは、ここに電話やチャットで相談できます。",
    crisisNext: "いまはスタッフがいない時間です。次にスタッフがいるのは {when} からです。それまでの間も、下の窓口に相談できます。",
    crisisNobodyNext: "いまはスタッフがいない時間です。下の窓口には、いつでも相談できます。",
    crisisLines: "相談できる窓口",
    crisisDemo: "（デモ用の一覧です。運営者が確認した窓口に置きかえてください）",
    crisisClose: "閉じる",
  },
  en: {
    phone: "a phone number",
    email: "an e-mail address",
    sns: "a social media ID",
    public: "This looks like {kind}. Anyone here can read it: when you send, that part will be hidden with ●.",
    desk: "This looks like {kind}. Only the staff member will see it; you will be asked to confirm when you send.",
    crisisTitle: "Thank you for telling us",
    crisisAsked: "We have asked the staff to look at your message.",
    crisisConcern: "When things feel hard, you can talk to these lines by phone or chat.",
    crisisNext: "No staff are here at the moment. Staff are next here from {when}. Until then, you can talk to the lines below.",
    crisisNobodyNext: "No staff are here at the moment. You can talk to the lines below at any time.",
    crisisLines: "Where you can talk",
    crisisDemo: "(A demo list: the operator replaces it with lines they have checked.)",
    crisisClose: "Close",
  },
};

const words = (lang) => WORDS[lang === "en" ? "en" : "ja"];

function folded(text) {
  return (text || "").normalize("NFKC").replace(/[〇零一二三四五六七八九]/g, (c) => KANJI_DIGITS[c]);
}

const PHONE = /(?:\+?\d[\s\-.()・ー‐－―]*){10,}/;
const EMAIL = /[\w.+-]+\s*(?:@|\(at\)|\[at\]|\sat\s)\s*[\w-]+(?:\s*(?:\.|\(dot\)|\sdot\s)\s*[\w-]+)+/i;
const SNS = /(?:line|ライン|インスタ|instagram|discord|twitter|x)\s*(?:id)?\s*[:：＝=]?\s*@?[a-z0-9_.]{3,}/i;

// "phone" | "email" | "sns" | null: what the text seems to hold.
export function personalInfoKind(text) {
  const plain = folded(text);
  if (EMAIL.test(plain)) return "email";
  if (PHONE.test(plain)) return "phone";
  if (SNS.test(plain)) return "sns";
  return null;
}

// The warning's words for `where` ("public": the plaza, a conversation; "desk").
export function shieldHint(kind, lang, where = "public") {
  if (!kind) return "";
  const w = words(lang);
  return w[where === "desk" ? "desk" : "public"].replace("{kind}", w[kind]);
}

// Keeps `hint` (a role="status" element) in step with what `input` holds.
export function watchInput(input, hint, { lang, where }) {
  const update = () => {
    const text = shieldHint(personalInfoKind(input.value), lang(), where);
    hint.textContent = text;
    hint.hidden = !text;
  };
  input.addEventListener("input", update);
  return update;
}

// The calm panel for a `crisis` answer ({level, staff_asked, staffed_now, next_staffed_at,
// lines, demo}); `h` is the page's element helper, `when(iso)` formats a time.
export function crisisPanel(notice, { h, lang, when, onClose }) {
  const w = words(lang);
  const en = lang === "en";
  const lines = (notice.lines || []).map((line) => h("li", { class: "crisis-line" },
    h("strong", { text: en ? line.name_en : line.name_ja }),
    line.phone ? h("a", { href: `tel:${line.phone.replace(/[^\d+]/g, "")}`, text: line.phone }) : null,
    line.url ? h("a", { href: line.url, rel: "noopener", target: "_blank", text: line.url }) : null,
    (en ? line.hours_en : line.hours_ja) ? h("span", { class: "crisis-hours", text: en ? line.hours_en : line.hours_ja }) : null));
  let staffText = "";
  if (!notice.staffed_now) staffText = notice.next_staffed_at ? w.crisisNext.replace("{when}", when(notice.next_staffed_at)) : w.crisisNobodyNext;
  return h("section", { class: "crisis-panel", role: "region", "aria-labelledby": "crisis-title", tabindex: "-1" },
    h("h3", { id: "crisis-title", text: w.crisisTitle }),
    notice.staff_asked ? h("p", { text: w.crisisAsked }) : null,
    staffText ? h("p", { class: "crisis-staff", text: staffText }) : null,
    h("p", { text: w.crisisConcern }),
    h("h4", { text: w.crisisLines }),
    h("ul", { class: "crisis-lines" }, ...lines),
    notice.demo ? h("p", { class: "crisis-demo", text: w.crisisDemo }) : null,
    onClose ? h("button", { type: "button", class: "secondary crisis-close", text: w.crisisClose, onclick: onClose }) : null);
}
