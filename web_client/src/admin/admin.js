// The admin page: create staff accounts and change roles. Roles are never self-assigned;
// the server enforces that too (only admins may call these endpoints).
import { PROFESSIONS } from "../professions.js";
import { passphraseProblem } from "../ui/passphrase_check.js";
import { applyTextLimits } from "../ui/page_limits.js";

const TEXT = {
  ja: {
    title: "いばしょ 管理ページ", switch: "English", login: "管理者としてログイン", nickname: "ニックネーム",
    passphrase: "あいことば", enter: "ログイン", staff: "スタッフの一覧", role: "役割", profession: "専門",
    change: "変更", create: "スタッフのアカウントを作る", initial_passphrase: "はじめのあいことば (8文字以上)",
    create_button: "作成する", promote: "既存のアカウントの役割を変える", change_button: "変更する", logout: "ログアウト",
    caseload_link: "専門職の受け持ち（今月の相談・ケース・手紙）をコンソールで見る",
    not_admin: "このページは管理者だけが使えます。", created_done: "{nickname} さんのアカウントを作りました。",
    changed: "役割を変えました。そのアカウントは一度ログアウトされます。", signed_in: "ログイン中: ", none: "なし",
    code_title: "回復コード (一度だけ表示)", code_intro: "{nickname} さんのアカウントを作りました。この回復コードを本人に渡してください。この画面を閉じると、もう表示できません。",
    code_done: "書きとめました", need_profession: "専門職のアカウントには「専門」を選んでください。",
    passphrase_too_short: "はじめのあいことばは{min}文字以上にしてください（いまは{n}文字です）。",
    passphrase_too_long: "はじめのあいことばは{max}文字までにしてください（いまは{n}文字です）。",
    fields: { nickname: "ニックネーム", passphrase: "あいことば", role: "役割", profession: "専門" },
    roles: { visitor: "来訪者", peer_supporter: "ピアサポーター", specialist: "専門職", staff: "スタッフ", moderator: "見守り (モデレーター)", admin: "管理者" },
    professions: { "": "なし", ...Object.fromEntries(Object.entries(PROFESSIONS).map(([code, name]) => [code, name.ja])) },
  },
  en: {
    title: "Ibasho administration", switch: "日本語", login: "Log in as an admin", nickname: "Nickname",
    passphrase: "Passphrase", enter: "Log in", staff: "Staff accounts", role: "Role", profession: "Profession",
    change: "Change", create: "Create a staff account", initial_passphrase: "First passphrase (8+ characters)",
    create_button: "Create", promote: "Change the role of an existing account", change_button: "Change", logout: "Log out",
    caseload_link: "See each specialist's caseload (this month's sessions, cases and letters) in the console",
    not_admin: "Only admins can use this page.", created_done: "The account {nickname} was created.",
    changed: "Role changed. That account is logged out once.", signed_in: "Signed in as ", none: "none",
    code_title: "Recovery code (shown once)", code_intro: "The account {nickname} was created. Give this recovery code to the person. Once this window is closed it cannot be shown again.",
    code_done: "I have written it down", need_profession: "A specialist's account needs a profession: please choose one.",
    passphrase_too_short: "The first passphrase needs at least {min} characters (this one has {n}).",
    passphrase_too_long: "The first passphrase can have at most {max} characters (this one has {n}).",
    fields: { nickname: "Nickname", passphrase: "Passphrase", role: "Role", profession: "Profession" },
    roles: { visitor: "Visitor", peer_supporter: "Peer supporter", specialist: "Specialist", staff: "Staff", moderator: "Moderator", admin: "Admin" },
    professions: { "": "none", ...Object.fromEntries(Object.entries(PROFESSIONS).map(([code, name]) => [code, name.en])) },
  },
};

let lang = localStorage.getItem("ibasho.lang") === "en" ? "en" : "ja";
let token = sessionStorage.getItem("ibasho.admin.token");
let me = null;
const $ = (sel) => document.querySelector(sel);
const t = (key, params = {}) => {
  const text = TEXT[lang][key];
  return typeof text === "string" ? text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`)) : text;
};

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const resp = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    throw Object.assign(new Error(data.error?.message?.[lang] || resp.statusText), { code: data.error?.code, field: data.error?.field });
  }
  return data;
}

function say(message, isError = false) {
  const el = $("#status");
  el.textContent = message;
  el.classList.toggle("error", isError);
}

// An error that names the field to fix and the way forward.
function problem(error) {
  if (error.code === "INVALID" && error.field === "profession") return t("need_profession");
  const label = error.field && t("fields")[error.field];
  return label ? `${label}: ${error.message}` : error.message;
}

// The recovery code of a new account, in a dialog that only "written down" closes: it is shown
// once and must not scroll out of sight below the page.
function showCode(nickname, code) {
  const dialog = $("#code-dialog");
  $("#code-intro").textContent = t("code_intro", { nickname });
  $("#code-value").textContent = code;
  return new Promise((resolve) => {
    const keep = (e) => e.preventDefault();
    dialog.addEventListener("cancel", keep);
    $("#code-done").addEventListener("click", () => {
      dialog.removeEventListener("cancel", keep);
      dialog.close();
      $("#code-value").textContent = "";
      resolve();
    }, { once: true });
    dialog.showModal();
    $("#code-title").focus();
  });
}

function fillSelects() {
  for (const select of document.querySelectorAll(".role-select")) {
    const current = select.value;
    select.replaceChildren(...Object.entries(t("roles")).map(([v, label]) => new Option(label, v)));
    select.value = current || "staff";
  }
  for (const select of document.querySelectorAll(".profession-select")) {
    const current = select.value;
    select.replaceChildren(...Object.entries(t("professions")).map(([v, label]) => new Option(label, v)));
    select.value = current || "";
  }
}

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.title = t("title");
  fillSelects();
  if (me) $("#who").textContent = t("signed_in") + me.nickname;
}

async function changeRole(accountId, role, profession) {
  await api("PUT", `/api/admin/users/${encodeURIComponent(accountId)}/role`, { role, profession: profession || null });
  say(t("changed"));
  await loadStaff();
}

function staffRow(account) {
  const row = document.createElement("tr");
  const role = document.createElement("select");
  role.setAttribute("aria-label", `${t("role")}: ${account.nickname}`);
  role.replaceChildren(...Object.entries(t("roles")).map(([v, label]) => new Option(label, v)));
  role.value = account.role;
  const profession = document.createElement("select");
  profession.setAttribute("aria-label", `${t("profession")}: ${account.nickname}`);
  profession.replaceChildren(...Object.entries(t("professions")).map(([v, label]) => new Option(label, v)));
  profession.value = account.profession || "";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = t("change_button");
  button.addEventListener("click", () => changeRole(account.id, role.value, profession.value).catch((e) => say(problem(e), true)));
  const cells = [account.nickname, role, profession, button].map((content) => {
    const td = document.createElement("td");
    td.append(content);
    return td;
  });
  row.append(...cells);
  return row;
}

async function loadStaff() {
  const { accounts } = await api("GET", "/api/admin/users");
  $("#staff-table tbody").replaceChildren(...accounts.map(staffRow));
}

async function showAdmin() {
  try {
    ({ account: me } = await api("GET", "/api/me"));
  } catch {
    token = null;
    sessionStorage.removeItem("ibasho.admin.token");
    return;
  }
  if (me.role !== "admin") {
    say(t("not_admin"), true);
    return;
  }
  $("#login-section").hidden = true;
  $("#admin-section").hidden = false;
  translate();
  await loadStaff();
}

$("#login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const body = await api("POST", "/api/auth/login", { nickname: form.get("nickname"), passphrase: form.get("passphrase") });
    token = body.access_token;
    sessionStorage.setItem("ibasho.admin.token", token);
    event.target.reset();
    say("");
    await showAdmin();
  } catch (e) {
    say(problem(e), true);
  }
});

$("#create-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  say("");
  const pass = form.get("passphrase");
  const weak = passphraseProblem(pass, pass);
  if (weak) {
    say(t(weak.key, weak.params), true);
    $("#f4").focus();
    return;
  }
  try {
    const nickname = form.get("nickname");
    const body = await api("POST", "/api/admin/users", {
      nickname, passphrase: pass, role: form.get("role"), profession: form.get("profession") || null,
    });
    // The role and profession stay chosen: several accounts of one kind are often made in a row.
    $("#f3").value = "";
    $("#f4").value = "";
    await loadStaff();
    await showCode(nickname, body.recovery_code);
    say(t("created_done", { nickname }));
    $("#f3").focus();
  } catch (e) {
    say(problem(e), true);
  }
});

$("#promote-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  say("");
  try {
    const { account } = await api("GET", `/api/admin/accounts/lookup?nickname=${encodeURIComponent(form.get("nickname"))}`);
    await changeRole(account.id, form.get("role"), form.get("profession"));
    event.target.reset();
    fillSelects();
  } catch (e) {
    say(problem(e), true);
  }
});

// A form the browser itself refuses (an empty field) must not leave an older message standing.
document.addEventListener("invalid", () => say(""), true);

$("#logout").addEventListener("click", async () => {
  await api("POST", "/api/auth/logout").catch(() => {});
  token = null;
  me = null;
  sessionStorage.removeItem("ibasho.admin.token");
  $("#admin-section").hidden = true;
  $("#login-section").hidden = false;
});

$("#lang").addEventListener("click", () => {
  lang = lang === "ja" ? "en" : "ja";
  localStorage.setItem("ibasho.lang", lang);
  translate();
});

applyTextLimits(document);
translate();
if (token) showAdmin();
