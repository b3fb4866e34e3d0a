// The pieces of the board reader that show posts: a row of a board's list, a post in full,
// and the "this helped" block. Pure builders: they take the post and the words, and call
// back for the one action each offers; the reader (board_reader.js) keeps the state.

import { clear, h } from "./dom.js";
import { formatDate, postField, postLang } from "./board_words.js";

// The server's sanitised HTML as nodes (a template never runs scripts or loads anything).
function sanitisedFragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html || "";
  return template.content;
}

function timeEl(iso, lang) {
  const text = formatDate(iso, lang);
  return text ? h("time", { datetime: iso, text }) : null;
}

// One row of a board's list (filled, and refilled, by fillPostRow).
export function postRow(post, onOpen) {
  const open = h("button", { type: "button", class: "br-post-open" });
  open.addEventListener("click", onOpen);
  return h("li", { class: "br-post", dataset: { postId: post.id } },
    h("div", { class: "br-post-text" },
      h("h3", { class: "br-post-title" }, open),
      h("p", { class: "br-meta" }),
      h("p", { class: "br-excerpt" })),
    h("img", { class: "br-thumb", alt: "", loading: "lazy", decoding: "async", hidden: true }));
}

export function fillPostRow(el, post, { lang, w, isNew, categoryName }) {
  const shown = postLang(post, lang);
  const open = el.querySelector(".br-post-open");
  open.textContent = postField(post, "title", lang);
  const text = el.querySelector(".br-post-text");
  if (shown !== lang) text.lang = shown;
  else text.removeAttribute("lang");
  const meta = el.querySelector(".br-meta");
  clear(meta);
  if (isNew) meta.append(h("span", { class: "br-new", text: w("new_mark") }), " ");
  if (post.pinned) meta.append(h("span", { class: "br-pinned", text: w("pinned") }), " ");
  if (categoryName !== null) meta.append(h("span", { class: "br-cat-name", text: categoryName }), " ");
  const date = timeEl(post.shown_at, lang);
  if (date) meta.append(date);
  el.querySelector(".br-excerpt").textContent = postField(post, "excerpt", lang);
  const img = el.querySelector(".br-thumb");
  const thumb = post.image?.thumb_url;
  img.hidden = !thumb;
  if (thumb && img.getAttribute("src") !== thumb) img.src = thumb;
  el.classList.toggle("is-new", isNew);
}

// A post in full: its date, its cover image and the server's sanitised HTML.
export function postArticle(post, { lang, w, isNew }) {
  const shown = postLang(post, lang);
  const article = h("article", { class: "br-article", lang: shown });
  const meta = h("p", { class: "br-meta" });
  if (isNew) meta.append(h("span", { class: "br-new", text: w("new_mark") }), " ");
  const date = formatDate(post.shown_at, lang);
  if (date) meta.append(h("time", { datetime: post.shown_at, text: w("published", { date }) }));
  if (meta.childNodes.length) article.append(meta);
  if (post.image) {
    const img = h("img", { src: post.image.url, alt: post.image.alt || "", decoding: "async" });
    if (post.image.width && post.image.height) {
      img.width = post.image.width;
      img.height = post.image.height;
    }
    article.append(h("figure", { class: "br-cover" }, img));
  }
  const prose = h("div", { class: "br-prose" });
  prose.append(sanitisedFragment(postField(post, "html", lang)));
  article.append(prose);
  return article;
}

export function helpfulBlock(post, { w, state, onHelpful }) {
  const block = h("section", { class: "br-helpful", "aria-label": w("helpful_question") });
  block.append(h("p", { class: "br-helpful-q", text: w("helpful_question") }));
  const button = h("button", { type: "button", class: "small secondary br-helpful-button", text: w("helpful_button") });
  button.disabled = state === "thanks";
  button.addEventListener("click", () => {
    button.disabled = true;
    onHelpful();
  });
  block.append(h("div", { class: "row" }, button));
  const message = { thanks: w("helpful_thanks"), wait: w("helpful_wait"), failed: w("failed") }[state] || "";
  block.append(h("p", { class: "br-helpful-status", role: "status", tabindex: "-1", text: message }));
  if (post.helpful_count) block.append(h("p", { class: "hint br-helpful-count", text: w("helpful_count", { n: post.helpful_count }) }));
  block.append(h("p", { class: "hint", text: w("helpful_note") }));
  return block;
}
