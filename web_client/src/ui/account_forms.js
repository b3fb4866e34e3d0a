// The recovery code's way in (landing page) and the passphrase change (settings).
// Both end the account's other sessions on the server.

import { $ } from "./dom.js";
import { errorText, t } from "../i18n.js";
import { passphraseProblem } from "./passphrase_check.js";
import { say } from "./said.js";

// The server's BAD_CREDENTIALS speaks of the login's nickname and passphrase; say which
// secret was not right here instead.
function wrongSecret(err, key) {
  if (err?.code === "BAD_CREDENTIALS") err.messages = { ja: t(key, {}, "ja"), en: t(key, {}, "en") };
  return err;
}

// `render`: how to say it now (it is said again when the language changes), or null to clear.
function showError(id, render) {
  say($(id), render, { hide: true });
}

// The new passphrase typed twice (two input selectors): false, with the problem shown in
// ``errorId`` right under the field to fix (described by it) and the focus on that field,
// when it cannot be sent. The error's home is under the second field, where the server's
// answers are said; it goes back there once the passphrase is fine.
export function newPassphraseOk(firstId, againId, errorId) {
  const problem = passphraseProblem($(firstId).value, $(againId).value);
  const error = $(errorId);
  for (const id of [firstId, againId]) {
    $(id).removeAttribute("aria-invalid");
    describedBy($(id), error.id, false);
  }
  if (!problem) {
    $(againId).after(error);
    return true;
  }
  const field = $(problem.field === "first" ? firstId : againId);
  field.after(error);
  field.setAttribute("aria-invalid", "true");
  describedBy(field, error.id, true);
  showError(errorId, () => t(problem.key, problem.params));
  field.focus();
  return false;
}

// Add or remove one id in a field's aria-describedby (its hint stays).
function describedBy(field, id, on) {
  const ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
  if (on) ids.unshift(id);
  if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
  else field.removeAttribute("aria-describedby");
}

// A new recovery code, shown once in a modal that only "I've written it down" closes
// (Escape does not: the code would be lost unseen). Resolves when acknowledged.
export function showNewRecoveryCode(code) {
  const dialog = $("#new-code-dialog");
  $("#new-code").textContent = code;
  return new Promise((resolve) => {
    let acknowledged = false;
    const onCancel = (e) => e.preventDefault();
    const onClose = () => {
      if (!acknowledged) { dialog.showModal(); return; }
      $("#new-code").textContent = "";
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onClose);
      resolve();
    };
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onClose);
    $("#new-code-done").addEventListener("click", () => { acknowledged = true; dialog.close(); }, { once: true });
    dialog.showModal();
    $("#new-code-title").focus();
  });
}

// "I forgot my passphrase" under the login form. ``enter`` runs the landing page's way in
// (busy state, errors, then the space); the new code is acknowledged before entering.
export function bindRecoverForm(api, enter) {
  const login = $("#login-form");
  const form = $("#recover-form");
  const toggle = $("#show-recover");
  toggle.addEventListener("click", () => {
    form.hidden = false;
    login.hidden = true;
    toggle.setAttribute("aria-expanded", "true");
    $("#recover-nickname").value = $("#login-nickname").value;
    showError("#recover-error", null);
    $("#recover-title").focus();
  });
  $("#recover-cancel").addEventListener("click", () => {
    form.hidden = true;
    login.hidden = false;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const pass = $("#recover-passphrase").value;
    if (!newPassphraseOk("#recover-passphrase", "#recover-passphrase2", "#recover-error")) return;
    showError("#recover-error", null);
    const nickname = $("#recover-nickname").value.trim();
    const code = $("#recover-code").value;
    await enter(async () => {
      const body = await api.recover(nickname, code, pass).catch((err) => { throw wrongSecret(err, "recover_bad"); });
      form.reset();
      await showNewRecoveryCode(body.recovery_code);
    }, "#recover-error");
  });
}

export class PassphraseDialog {
  constructor(app) {
    this.app = app;
    this.dialog = $("#passphrase-dialog");
    $("#passphrase-cancel").addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => $("#passphrase-form").reset());
    $("#passphrase-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  open() {
    $("#passphrase-form").reset();
    showError("#passphrase-error", null);
    this.dialog.showModal();
    $("#passphrase-current").focus();
  }

  async submit() {
    const next = $("#passphrase-new").value;
    if (!newPassphraseOk("#passphrase-new", "#passphrase-new2", "#passphrase-error")) return;
    const button = this.dialog.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await this.app.api.changePassphrase($("#passphrase-current").value, next);
      this.dialog.close();
      this.app.notices.show(t("passphrase_changed"));
      this.app.accountChanged(); // this device's socket comes back on the fresh session
    } catch (err) {
      showError("#passphrase-error", () => errorText(wrongSecret(err, "current_passphrase_bad")));
    } finally {
      button.disabled = false;
    }
  }
}
