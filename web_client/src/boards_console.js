// The staff console for the boards: log in, list posts, write with preview, upload images,
// set the publish window, pin, publish, and read the revision history.
// Tokens live in sessionStorage only: closing the tab ends the console session.
// Everything typed by people is put on the page with textContent; only the server's
// sanitised preview HTML is inserted as HTML.

import { applyTextLimits } from "./ui/page_limits.js";
import { differsFromBrowser, formatAt, fromZoneInput, setOperatorZone, toZoneInput, zoneName } from "./times.js";

const TOKEN_KEY = "ibasho.console.access";
const REFRESH_KEY = "ibasho.console.refresh";
const AUTHORS = new Set(["staff", "admin"]);
const STATUS_LABEL = {
  draft: "下書き Draft",
  scheduled: "公開待ち Scheduled",
  published: "公開中 Published",
  ended: "公開終了 Ended",
};
const ACTION_LABEL = { created: "作成 created", edited: "編集 edited", published: "公開 published", unpublished: "非公開 unpublished" };

const $ = (id) => document.getElementById(id);

const state = { categories: [], posts: [], images: [], current: null, uploaded: null };

// --- talking to the server ---------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.code || "ERROR");
    this.status = status;
    this.code = body?.error?.code || "ERROR";
    this.messages = body?.error?.message || null;
    this.field = body?.error?.field || null;
    this.detail = body?.error?.detail || null;
  }
}

function session(key, value) {
  try {
    if (value === undefined) return sessionStorage.getItem(key);
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch { /* storage refused: the console still works until reload */ }
  return null;
}

async function request(method, path, body, { form = false, auth = true } = {}) {
  const headers = {};
  const token = session(TOKEN_KEY);
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (form) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload, cache: "no-store" });
  const data = res.headers.get("Content-Type")?.includes("json") ? await res.json() : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

async function api(method, path, body, options) {
  try {
    return await request(method, path, body, options);
  } catch (err) {
    if (err instanceof ApiError && err.code === "TOKEN_EXPIRED" && session(REFRESH_KEY)) {
      const renewed = await request("POST", "/api/auth/refresh", { refresh_token: session(REFRESH_KEY) }, { auth: false });
      keepTokens(renewed);
      return request(method, path, body, options);
    }
    throw err;
  }
}

function keepTokens(body) {
  session(TOKEN_KEY, body.access_token);
  if (body.refresh_token) session(REFRESH_KEY, body.refresh_token);
}

// --- messages ----------------------------------------------------------------------------

const REASONS = {
  bytes: "ファイルが10MBを超えています。 The file is over 10 MB.",
  pixels: "画像の画素数が多すぎます。 The image has too many pixels.",
  type: "JPEG・PNG・WebPの画像を選んでください。 Please choose a JPEG, PNG or WebP image.",
  truncated: "画像が途中で切れています。 The image file is cut short.",
  polyglot: "画像のあとに別のデータが付いています(動く写真など)。静止画として書き出してください。 The file carries extra data (a motion photo, for example). Please export it as a still image.",
  decode: "画像を読み込めませんでした。 The image could not be read.",
};

function say(text, kind = "info") {
  const el = $("status");
  el.textContent = text;
  el.dataset.kind = kind;
}

function sayError(err) {
  if (!(err instanceof ApiError)) {
    say("通信できませんでした。 Could not reach the server.", "error");
    return;
  }
  if (err.code === "CONFLICT") {
    say("ほかの人が先にこの記事を保存しました。読み込み直してから編集してください。 Someone saved this post first. Reload it before editing.", "error");
    return;
  }
  const reason = err.detail?.reason && REASONS[err.detail.reason];
  const base = err.messages ? `${err.messages.ja} ${err.messages.en}` : err.code;
  const field = err.field ? ` (${err.field})` : "";
  say(reason ? `${reason}` : base + field, "error");
}

// --- dates: <input type=datetime-local> speaks the operator's clock (../times.js) --------

const toLocalInput = (iso) => toZoneInput(iso);
const fromLocalInput = (value) => fromZoneInput(value);
const shortDate = (iso) => formatAt(iso, "ja", "dateTime");

// --- login -------------------------------------------------------------------------------

async function logIn(event) {
  event.preventDefault();
  try {
    const body = await request("POST", "/api/auth/login", {
      nickname: $("login-nickname").value,
      passphrase: $("login-passphrase").value,
    }, { auth: false });
    $("login-passphrase").value = "";
    if (!AUTHORS.has(body.account.role)) {
      say("この画面はスタッフと管理者だけが使えます。 This console is for staff and admins only.", "error");
      return;
    }
    keepTokens(body);
    await start();
  } catch (err) {
    sayError(err);
  }
}

async function logOut() {
  try { await api("POST", "/api/auth/logout"); } catch { /* the session may already be over */ }
  session(TOKEN_KEY, null);
  session(REFRESH_KEY, null);
  showLogin();
  say("ログアウトしました。 Logged out.");
}

function showLogin() {
  $("workspace").hidden = true;
  $("who").hidden = true;
  $("login-view").hidden = false;
  $("login-nickname").focus();
}

async function start() {
  let me;
  try {
    const answer = await api("GET", "/api/me");
    me = answer.account;
    setOperatorZone(answer.timezone);
    // the fields speak the operator's clock; say which when the browser's differs
    if (differsFromBrowser()) {
      const en = document.createElement("span");
      en.className = "en";
      en.textContent = `Times are in ${zoneName("en")}.`;
      $("zone-hint").replaceChildren(`日時は${zoneName("ja")}です。 `, en);
      $("zone-hint").hidden = false;
    }
  } catch {
    showLogin();
    return;
  }
  if (!AUTHORS.has(me.role)) {
    showLogin();
    say("この画面はスタッフと管理者だけが使えます。 This console is for staff and admins only.", "error");
    return;
  }
  $("who-name").textContent = me.nickname;
  $("who").hidden = false;
  $("login-view").hidden = true;
  $("workspace").hidden = false;
  const cats = await api("GET", "/api/boards/categories");
  state.categories = cats.categories;
  fillCategories();
  await Promise.all([loadPosts(), loadImages()]);
  newPost();
  say("");
}

// --- lists -------------------------------------------------------------------------------

function fillCategories() {
  const select = $("f-category");
  select.replaceChildren(...state.categories.map((c) => {
    const opt = document.createElement("option");
    opt.value = c.key;
    opt.textContent = `${c.label_ja} / ${c.label_en}`;
    return opt;
  }));
}

async function loadPosts() {
  state.posts = (await api("GET", "/api/boards/manage/posts")).posts;
  const list = $("post-list");
  list.replaceChildren(...state.posts.map((post) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "post-item";
    if (state.current?.id === post.id) button.setAttribute("aria-current", "true");
    const title = document.createElement("span");
    title.className = "post-title";
    title.textContent = post.title_ja || post.title_en || "(無題 untitled)";
    const meta = document.createElement("span");
    meta.className = `post-meta status-${post.status}`;
    const category = state.categories.find((c) => c.key === post.category);
    meta.textContent = `${STATUS_LABEL[post.status]}${post.pinned ? " ・ 固定 pinned" : ""} ・ ${category ? category.label_ja : post.category}`;
    button.append(title, meta);
    button.addEventListener("click", () => openPost(post.id));
    li.append(button);
    return li;
  }));
}

async function loadImages() {
  state.images = (await api("GET", "/api/boards/images")).images;
  const select = $("f-image_id");
  const none = document.createElement("option");
  none.value = "";
  none.textContent = "なし / None";
  select.replaceChildren(none, ...state.images.map((img) => {
    const opt = document.createElement("option");
    opt.value = img.id;
    opt.textContent = `${img.name || img.id.slice(0, 8)} ${img.alt ? "- " + img.alt : ""}`;
    return opt;
  }));
  if (state.current) select.value = state.current.image_id || "";
}

// --- the editor --------------------------------------------------------------------------

const FIELDS = ["category", "title_ja", "title_en", "body_ja", "body_en"];

function fillForm(post) {
  for (const name of FIELDS) $(`f-${name}`).value = post ? post[name] : "";
  if (!post) $("f-category").value = state.categories[0]?.key || "";
  $("f-pinned").checked = Boolean(post?.pinned);
  $("f-publish_from").value = toLocalInput(post?.publish_from);
  $("f-publish_until").value = toLocalInput(post?.publish_until);
  $("f-image_id").value = post?.image_id || "";
  showCover();
}

function formValues() {
  const values = {};
  for (const name of FIELDS) values[name] = $(`f-${name}`).value;
  values.pinned = $("f-pinned").checked;
  values.publish_from = fromLocalInput($("f-publish_from").value);
  values.publish_until = fromLocalInput($("f-publish_until").value);
  values.image_id = $("f-image_id").value || null;
  return values;
}

function showState() {
  const post = state.current;
  $("editor-title").textContent = post ? (post.title_ja || post.title_en || "(無題 untitled)") : "新しい記事 New post";
  $("post-state").textContent = post
    ? `${STATUS_LABEL[post.status]} ・ 版 version ${post.version} ・ 更新 ${shortDate(post.updated_at)}`
    : "まだ保存されていません。 Not saved yet.";
  $("publish").disabled = Boolean(post?.published); // a new post is saved, then published
  $("unpublish").disabled = !post || !post.published;
}

function newPost() {
  state.current = null;
  fillForm(null);
  showState();
  $("preview").hidden = true;
  $("revisions").hidden = true;
  markCurrent();
}

function markCurrent() {
  for (const [i, li] of [...$("post-list").children].entries()) {
    const button = li.querySelector("button");
    if (state.posts[i]?.id === state.current?.id) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
}

async function openPost(id) {
  try {
    state.current = (await api("GET", `/api/boards/manage/posts/${encodeURIComponent(id)}`)).post;
    fillForm(state.current);
    showState();
    markCurrent();
    $("preview").hidden = true;
    await loadRevisions();
    $("f-title_ja").focus();
  } catch (err) {
    sayError(err);
  }
}

async function save() {
  const values = formValues();
  let body;
  if (state.current) {
    body = await api("PATCH", `/api/boards/posts/${state.current.id}`, { ...values, version: state.current.version });
  } else {
    body = await api("POST", "/api/boards/posts", values);
  }
  state.current = body.post;
  showState();
  await loadPosts();
  await loadRevisions();
  return state.current;
}

async function onSave(event) {
  event.preventDefault();
  try {
    await save();
    say("保存しました。 Saved.", "ok");
  } catch (err) {
    sayError(err);
  }
}

async function onPublish() {
  try {
    const post = await save();
    const body = await api("POST", `/api/boards/posts/${post.id}/publish`, { version: post.version });
    state.current = body.post;
    showState();
    await loadPosts();
    await loadRevisions();
    say(state.current.status === "scheduled"
      ? "公開しました。公開期間になると表示されます。 Published: it appears when its window opens."
      : "公開しました。 Published.", "ok");
  } catch (err) {
    sayError(err);
  }
}

async function onUnpublish() {
  if (!state.current) return;
  try {
    const body = await api("POST", `/api/boards/posts/${state.current.id}/unpublish`, { version: state.current.version });
    state.current = body.post;
    showState();
    await loadPosts();
    await loadRevisions();
    say("非公開に戻しました。 Back to draft.", "ok");
  } catch (err) {
    sayError(err);
  }
}

async function onPreview() {
  try {
    const values = formValues();
    const html = await api("POST", "/api/boards/preview", { body_ja: values.body_ja, body_en: values.body_en });
    $("pv-title-ja").textContent = values.title_ja;
    $("pv-title-en").textContent = values.title_en;
    $("pv-ja").innerHTML = html.html_ja; // sanitised by the server
    $("pv-en").innerHTML = html.html_en;
    $("preview").hidden = false;
    $("preview-title").scrollIntoView({ block: "start" });
  } catch (err) {
    sayError(err);
  }
}

async function loadRevisions() {
  if (!state.current) return;
  const { revisions } = await api("GET", `/api/boards/posts/${state.current.id}/revisions`);
  $("rev-list").replaceChildren(...revisions.map((rev) => {
    const li = document.createElement("li");
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = `版 v${rev.version} ・ ${ACTION_LABEL[rev.action] || rev.action} ・ ${rev.editor_nickname || "?"} ・ ${shortDate(rev.created_at)}`;
    const pre = document.createElement("pre");
    pre.textContent = [rev.title_ja, rev.body_ja, "", rev.title_en, rev.body_en].join("\n");
    details.append(summary, pre);
    li.append(details);
    return li;
  }));
  $("revisions").hidden = false;
}

// --- images ------------------------------------------------------------------------------

function showCover() {
  const id = $("f-image_id").value;
  const img = $("cover-preview");
  const chosen = state.images.find((i) => i.id === id);
  img.hidden = !chosen;
  if (chosen) {
    img.src = chosen.thumb_url;
    img.alt = chosen.alt;
  } else {
    img.removeAttribute("src");
  }
}

async function onUpload() {
  const file = $("u-file").files[0];
  if (!file) {
    say("画像のファイルを選んでください。 Please choose an image file.", "error");
    return;
  }
  if (file.size > 10 * 1024 * 1024) {
    say(REASONS.bytes, "error");
    return;
  }
  const form = new FormData();
  form.append("alt", $("u-alt").value);
  form.append("file", file, file.name);
  say("アップロードしています… Uploading…");
  try {
    const body = await api("POST", "/api/boards/images", form, { form: true });
    state.uploaded = body;
    await loadImages();
    $("uploaded-thumb").src = body.image.thumb_url;
    $("uploaded-thumb").alt = body.image.alt;
    $("uploaded").hidden = false;
    $("u-file").value = "";
    $("u-alt").value = "";
    say("画像を追加しました。 Image added.", "ok");
  } catch (err) {
    sayError(err);
  }
}

function insertImage(lang) {
  if (!state.uploaded) return;
  const area = $(`f-body_${lang}`);
  const at = area.selectionEnd ?? area.value.length;
  const snippet = `\n\n${state.uploaded.markdown}\n\n`;
  area.value = area.value.slice(0, at) + snippet + area.value.slice(at);
  area.focus();
}

function useCover() {
  if (!state.uploaded) return;
  $("f-image_id").value = state.uploaded.image.id;
  showCover();
}

// --- wiring ------------------------------------------------------------------------------

function wire() {
  $("login-form").addEventListener("submit", logIn);
  $("logout").addEventListener("click", logOut);
  $("new-post").addEventListener("click", newPost);
  $("post-form").addEventListener("submit", onSave);
  $("preview-btn").addEventListener("click", onPreview);
  $("publish").addEventListener("click", onPublish);
  $("unpublish").addEventListener("click", onUnpublish);
  $("u-send").addEventListener("click", onUpload);
  $("use-cover").addEventListener("click", useCover);
  $("insert-ja").addEventListener("click", () => insertImage("ja"));
  $("insert-en").addEventListener("click", () => insertImage("en"));
  $("f-image_id").addEventListener("change", showCover);
}

applyTextLimits(document);
wire();
if (session(TOKEN_KEY)) start();
else showLogin();
