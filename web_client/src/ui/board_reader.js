// Reading the notice boards without leaving the space: one modal <dialog> with a board's
// posts (title, date, a "new" mark, excerpt, thumbnail), one post in full, "this helped",
// search across the boards, and a link to the same post as a plain page. Japanese by
// default, English with the page; a post shows in the reader's language when it has it.
//
// Everything from the server is set as textContent, except html_ja / html_en, which the
// server has already sanitised (markdown-it without raw HTML, then nh3 with an allow-list;
// docs/BOARDS.md): only those go through a <template> (board_post_view.js builds the rows,
// the post in full and "this helped"). Nothing here opens by itself.

import { getLang, onLangChange, t } from "../i18n.js";
import { clear, h, keyedList } from "./dom.js";
import { bw, eventConcerns, listQuery, pageHref, postField, postLang } from "./board_words.js";
import { fillPostRow, helpfulBlock, postArticle, postRow } from "./board_post_view.js";
import { TEXT_LIMITS } from "../text_limits.js";
import { openReportDialog } from "./report_dialog.js";

const DEFAULT_CATEGORY = "consult";
let counter = 0; // only makes element ids unique when a page holds more than one reader

function loadStyles() {
  if (document.querySelector("link[data-board-reader]")) return;
  document.head.append(h("link", { rel: "stylesheet", href: new URL("./board_reader.css", import.meta.url).href, "data-board-reader": true }));
}

export class BoardReader {
  // api: web_client/src/api.js Api (get / call); announce(text): a polite live message
  // (optional); onClosed(): where focus goes when the opener is gone (optional).
  constructor({ api, announce = () => {}, onClosed = () => {} }) {
    this.api = api;
    this.announce = announce;
    this.onClosed = onClosed;
    this.uid = `board-reader-${(counter += 1)}`;
    this.categories = null;
    this.view = { mode: "list", category: DEFAULT_CATEGORY };
    this.posts = null;
    this.post = null;
    this.postGone = false;
    this.failed = false;
    this.newIds = new Set(); // new since the last visit, kept for this stay
    this.helped = new Map(); // post id -> "thanks" | "wait"
    this.listStale = true;
    this.visitedThisOpen = false;
    this.opener = null;
    this.loadSeq = 0;
    this.words = (key, params) => this.w(key, params); // for the post builders
    loadStyles();
    this.build();
    this.unlisten = onLangChange(() => { if (this.isOpen) this.render(); });
  }

  get lang() {
    return getLang();
  }

  w(key, params) {
    return bw(key, params, this.lang);
  }

  get isOpen() {
    return this.dialog.open;
  }

  // -- the frame ----------------------------------------------------------------------------

  build() {
    const id = this.uid;
    this.title = h("h2", { id: `${id}-title`, class: "br-title", tabindex: "-1" });
    this.closeButton = h("button", { type: "button", class: "small quiet-button br-close", onclick: () => this.close() });
    this.cats = h("div", { class: "br-cats", role: "group" });
    this.searchLabel = h("label", { for: `${id}-q`, class: "sr-only" });
    this.searchInput = h("input", { id: `${id}-q`, type: "search", maxlength: String(TEXT_LIMITS.board_query), autocomplete: "off", enterkeyhint: "search" });
    this.searchButton = h("button", { type: "submit", class: "small secondary" });
    this.clearButton = h("button", { type: "button", class: "small quiet-button", hidden: true, onclick: () => this.clearSearch() });
    this.searchForm = h("form", { class: "br-search", role: "search" },
      this.searchLabel, this.searchInput, this.searchButton, this.clearButton);
    this.searchForm.addEventListener("submit", (e) => {
      e.preventDefault();
      this.search(this.searchInput.value);
    });
    this.status = h("p", { class: "br-status", role: "status", "aria-live": "polite", hidden: true });
    this.main = h("div", { class: "br-main" });
    this.plainLink = h("a", { class: "text-link", target: "_blank", rel: "noopener" });
    this.dialog = h("dialog", { class: "dialog board-reader", "aria-labelledby": `${id}-title` },
      h("div", { class: "br-head" }, this.title, this.closeButton),
      this.cats, this.searchForm, this.status, this.main,
      h("p", { class: "br-foot" }, this.plainLink));
    this.dialog.addEventListener("close", () => this.closed());
    document.body.append(this.dialog);
  }

  destroy() {
    this.unlisten();
    if (this.dialog.open) this.dialog.close();
    this.dialog.remove();
  }

  // -- opening and closing --------------------------------------------------------------------

  // Open on a board (category), or straight on one post. Never called without a person
  // asking: a click, Enter or E by a board, or a row of the list.
  async open({ category = null, postId = null } = {}) {
    this.opener = document.activeElement;
    const cat = category || this.view.category || DEFAULT_CATEGORY;
    this.searchInput.value = "";
    this.posts = null; // a board is always read fresh when it is opened
    this.post = null;
    this.view = postId ? { mode: "post", category: cat, postId, back: "list" } : { mode: "list", category: cat };
    this.failed = false;
    this.visitedThisOpen = false;
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
    this.title.focus();
    await this.ensureCategories();
    if (postId) await this.loadPost(postId);
    else await this.loadList();
    this.markVisited();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  closed() {
    const opener = this.opener;
    this.opener = null;
    if (opener && opener.isConnected && opener.offsetParent !== null && typeof opener.focus === "function") {
      opener.focus({ preventScroll: true });
    } else {
      this.onClosed();
    }
  }

  // "New since your last visit" is counted from here on; only with an account (a guest
  // account counts), and once per opening.
  async markVisited() {
    if (this.visitedThisOpen || !this.api.accessToken) return;
    this.visitedThisOpen = true;
    try {
      await this.api.call("POST", "/api/boards/visited");
    } catch { /* only the "new" marks depend on it */ }
  }

  // -- loading ----------------------------------------------------------------------------------

  async ensureCategories() {
    if (this.categories) return;
    try {
      const body = await this.api.get("/api/boards/categories");
      this.categories = Array.isArray(body?.categories) ? body.categories : null;
    } catch {
      this.categories = null;
    }
    this.renderFrame();
  }

  categoryName(key) {
    const c = this.categories?.find((x) => x.key === key);
    if (!c) return key || "";
    return this.lang === "en" ? c.label_en || c.label_ja : c.label_ja || c.label_en;
  }

  // Lists are read with the person's token, so the server can mark what is new to them.
  async fetchPosts(view) {
    const body = await this.api.call("GET", listQuery({ category: view.category, q: view.q }));
    const posts = Array.isArray(body?.posts) ? body.posts : [];
    for (const p of posts) if (p.is_new) this.newIds.add(p.id);
    return posts;
  }

  async loadList({ quiet = false } = {}) {
    const seq = (this.loadSeq += 1);
    const view = this.view;
    if (!quiet) this.say(this.w("loading"));
    try {
      const posts = await this.fetchPosts(view);
      if (seq !== this.loadSeq) return;
      this.posts = posts;
      this.listStale = false;
      this.failed = false;
      if (!quiet) this.say("");
    } catch {
      if (seq !== this.loadSeq) return;
      this.failed = true;
      this.say(this.w("failed"));
    }
    this.render();
  }

  async loadPost(postId, { quiet = false } = {}) {
    const seq = (this.loadSeq += 1);
    if (!quiet) this.say(this.w("loading"));
    try {
      const body = await this.api.call("GET", `/api/boards/posts/${encodeURIComponent(postId)}`);
      if (seq !== this.loadSeq) return;
      this.post = body.post;
      this.postGone = false;
      this.failed = false;
      if (this.post?.is_new) this.newIds.add(this.post.id);
      if (this.post?.category) this.view = { ...this.view, category: this.view.back === "search" ? this.view.category : this.post.category };
      if (!quiet) this.say("");
    } catch (err) {
      if (seq !== this.loadSeq) return;
      if (err?.code === "NOT_FOUND") {
        this.postGone = true;
        this.say("");
      } else {
        this.failed = true;
        this.say(this.w("failed"));
      }
    }
    this.render();
  }

  // -- moving between views ---------------------------------------------------------------------

  async showCategory(key) {
    if (key !== this.view.category || this.view.mode !== "list") this.listStale = true;
    this.view = { mode: "list", category: key };
    this.searchInput.value = "";
    this.posts = this.listStale ? null : this.posts;
    this.render();
    await this.loadList();
  }

  async search(text) {
    const q = (text || "").trim();
    if (!q) {
      await this.clearSearch();
      return;
    }
    const started = document.activeElement;
    this.view = { mode: "search", category: this.view.category, q };
    this.posts = null;
    this.render();
    await this.loadList();
    this.focusAfterLoad(started, text);
  }

  async clearSearch() {
    const started = document.activeElement;
    this.searchInput.value = "";
    await this.showCategory(this.view.category || DEFAULT_CATEGORY);
    this.focusAfterLoad(started, "");
  }

  // Once a view has loaded, its heading (or the row one came back to) takes the focus, so a
  // screen reader reads what came, unless the person has moved on meanwhile (started typing
  // a new search, say): taking the focus from under their fingers would lose what they type.
  focusAfterLoad(started, typed, target = this.title) {
    const now = document.activeElement;
    const stayed = now === started && (now !== this.searchInput || this.searchInput.value === typed);
    if (stayed || !now || now === document.body) target.focus();
  }

  async openPost(postId) {
    const back = this.view.mode === "search" ? "search" : "list";
    this.view = { mode: "post", category: this.view.category, q: this.view.q, postId, back };
    this.post = null;
    this.postGone = false;
    this.render();
    this.main.scrollTop = 0;
    this.title.focus();
    await this.loadPost(postId);
    this.focusAfterLoad(this.title, "");
  }

  async backToList() {
    const started = document.activeElement;
    const from = this.view.postId;
    const view = this.view.back === "search"
      ? { mode: "search", category: this.view.category, q: this.view.q }
      : { mode: "list", category: this.view.category };
    const reload = this.listStale || !this.posts;
    this.view = view;
    this.post = null;
    if (reload) this.posts = null;
    this.render();
    if (reload) await this.loadList();
    const row = this.main.querySelector(`[data-post-id="${CSS.escape(from || "")}"] .br-post-open`);
    this.focusAfterLoad(started, "", row || this.title);
  }

  // -- "this helped" ------------------------------------------------------------------------------

  async helpful(post) {
    try {
      const body = await this.api.call("POST", `/api/boards/posts/${encodeURIComponent(post.id)}/helpful`);
      post.helpful_count = body.helpful_count;
      this.helped.set(post.id, "thanks");
    } catch (err) {
      this.helped.set(post.id, err?.code === "RATE_LIMITED" ? "wait" : "failed");
    }
    // Only the block changes, so the reading position stays where it was.
    const block = this.post === post ? this.main.querySelector(".br-helpful") : null;
    if (!block) return;
    block.replaceWith(this.helpfulFor(post));
    this.main.querySelector(".br-helpful-status")?.focus({ preventScroll: true });
  }

  // -- live updates -------------------------------------------------------------------------------

  onServerEvent(name, data) {
    if (!name.startsWith("board:") || !data) return;
    this.listStale = true;
    if (name === "board:published") this.newIds.add(data.id);
    if (!this.isOpen) return;
    if (name === "board:published") {
      const title = this.lang === "en" ? data.title_en || data.title_ja : data.title_ja || data.title_en;
      this.say(this.w("live_new", { title: title || "" }));
    }
    if (!eventConcerns(this.view, data)) return;
    if (this.view.mode === "post") {
      if (name === "board:unpublished") {
        this.postGone = true;
        this.render();
      } else {
        this.loadPost(this.view.postId, { quiet: true }).then(() => {
          if (name === "board:updated") this.say(this.w("live_updated"));
        });
      }
    } else {
      this.loadList({ quiet: true });
    }
  }

  say(text) {
    this.status.textContent = text || "";
    this.status.hidden = !text;
  }

  // -- drawing ------------------------------------------------------------------------------------

  render() {
    this.renderFrame();
    if (this.view.mode === "post") this.renderPost();
    else this.renderList();
  }

  renderFrame() {
    const lang = this.lang;
    this.dialog.lang = lang;
    this.closeButton.textContent = this.w("close");
    this.cats.setAttribute("aria-label", this.w("categories"));
    this.searchLabel.textContent = this.w("search_label");
    this.searchInput.placeholder = this.w("search_label");
    this.searchButton.textContent = this.w("search_button");
    this.clearButton.textContent = this.w("search_clear");
    this.clearButton.hidden = this.view.mode !== "search" && !(this.view.mode === "post" && this.view.back === "search");
    this.plainLink.href = pageHref("/boards", lang);
    this.plainLink.replaceChildren(this.w("plain_pages"), h("span", { class: "sr-only", text: this.w("new_tab") }));
    const categories = this.categories || [];
    keyedList(this.cats, categories, (c) => c.key, (c) => {
      const b = h("button", { type: "button", class: "small br-cat", dataset: { category: c.key } });
      b.addEventListener("click", () => this.showCategory(c.key));
      return b;
    }, (el, c) => {
      el.textContent = this.categoryName(c.key);
      const current = this.view.mode !== "search" && this.view.category === c.key;
      el.setAttribute("aria-pressed", String(current));
    });
    // A post gets the whole window; the boards and the search are one "back" away.
    this.cats.hidden = categories.length === 0 || this.view.mode === "post";
    this.searchForm.hidden = this.view.mode === "post";
    this.setTitle();
  }

  setTitle() {
    const { view } = this;
    this.title.removeAttribute("lang");
    if (view.mode === "post") {
      if (this.post && !this.postGone) {
        const shown = postLang(this.post, this.lang);
        this.title.textContent = postField(this.post, "title", this.lang);
        if (shown !== this.lang) this.title.lang = shown;
      } else {
        this.title.textContent = this.w("board_named", { name: this.categoryName(view.category) });
      }
    } else if (view.mode === "search") {
      this.title.textContent = this.posts
        ? this.w("results", { q: view.q, n: this.posts.length })
        : this.w("search_label");
    } else {
      this.title.textContent = this.categories
        ? this.w("board_named", { name: this.categoryName(view.category) })
        : this.w("reader_label");
    }
  }

  retryButton(action) {
    return h("button", { type: "button", class: "small secondary", text: this.w("retry"), onclick: action });
  }

  renderList() {
    const { main } = this;
    let list = main.querySelector(":scope > ul.br-posts");
    if (!this.posts) {
      clear(main);
      if (this.failed) main.append(this.retryButton(() => this.loadList()));
      return;
    }
    for (const child of Array.from(main.children)) if (child !== list) child.remove();
    if (!list) {
      list = h("ul", { class: "br-posts" });
      main.append(list);
    }
    const about = this.view.mode === "list" ? this.categories?.find((c) => c.key === this.view.category) : null;
    if (about) {
      main.prepend(h("p", { class: "gentle-note br-about", text: this.lang === "en" ? about.about_en : about.about_ja }));
    }
    if (!this.posts.length) {
      main.append(h("p", { class: "gentle-note br-empty", text: this.w(this.view.mode === "search" ? "no_results" : "empty") }));
    }
    const search = this.view.mode === "search";
    keyedList(list, this.posts, (p) => p.id, (p) => postRow(p, () => this.openPost(p.id)), (el, p) => fillPostRow(el, p, {
      lang: this.lang, w: this.words, isNew: this.newIds.has(p.id), categoryName: search ? this.categoryName(p.category) : null,
    }));
  }

  renderPost() {
    const { main, post, view } = this;
    const lang = this.lang;
    clear(main);
    const back = h("button", { type: "button", class: "small quiet-button br-back",
      text: this.w(view.back === "search" ? "back_to_results" : "back_to_list"), onclick: () => this.backToList() });
    main.append(h("p", { class: "br-nav" }, back));
    this.setTitle();
    if (this.postGone) {
      main.append(h("p", { class: "gentle-note br-gone", text: this.w("gone") }));
      return;
    }
    if (!post) {
      if (this.failed) main.append(this.retryButton(() => this.loadPost(view.postId)));
      return;
    }
    main.append(postArticle(post, { lang, w: this.words, isNew: this.newIds.has(post.id) }));
    if (postLang(post, lang) !== lang) main.append(h("p", { class: "gentle-note br-only-other", text: this.w("only_other") }));
    main.append(this.helpfulFor(post), h("p", { class: "br-links" },
      h("a", { class: "text-link", href: pageHref(`/boards/post/${encodeURIComponent(post.id)}`, lang), target: "_blank", rel: "noopener" },
        this.w("open_as_page"), h("span", { class: "sr-only", text: this.w("new_tab") }))),
      h("p", { class: "br-links" }, h("button", { type: "button", class: "quiet-button small br-report", text: t("report_title_post"),
        onclick: () => openReportDialog(this.api, { kind: "board_post", id: post.id }) })));
  }

  helpfulFor(post) {
    return helpfulBlock(post, { w: this.words, state: this.helped.get(post.id), onHelpful: () => this.helpful(post) });
  }
}
