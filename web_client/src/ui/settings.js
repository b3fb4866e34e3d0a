// Settings: language, display, being hidden, "about you", the people one blocked, and the
// account (keep it, or leave).

import { newPassphraseOk, PassphraseDialog } from "./account_forms.js";
import { $, h } from "./dom.js";
import { say } from "./said.js";
import { errorText, getLang, setLang, t } from "../i18n.js";

export class SettingsDialog {
  constructor(app) {
    this.app = app;
    this.dialog = $("#settings-dialog");
    $("#settings-close").addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => app.focusMap());
    for (const radio of this.dialog.querySelectorAll("input[name=lang]")) {
      radio.addEventListener("change", () => setLang(radio.value));
    }
    $("#pref-reduced-motion").addEventListener("change", (e) => app.setPreference("reducedMotion", e.target.checked));
    $("#pref-low-stimulus").addEventListener("change", (e) => app.setPreference("lowStimulus", e.target.checked));
    $("#pref-hidden").addEventListener("change", async (e) => {
      const ok = await app.setHidden(e.target.checked);
      if (!ok) e.target.checked = !e.target.checked;
    });
    for (const radio of this.dialog.querySelectorAll("input[name=kind]")) {
      radio.addEventListener("change", async () => {
        try {
          await app.api.setKind(radio.value);
          app.notices.show(t("kind_saved"));
        } catch (err) {
          app.notices.error(errorText(err));
        }
      });
    }
    $("#open-keep").addEventListener("click", () => app.keepDialog.open());
    this.passphraseDialog = new PassphraseDialog(app);
    $("#open-passphrase").addEventListener("click", () => this.passphraseDialog.open());
    $("#logout").addEventListener("click", () => app.logOut());
  }

  async open() {
    this.sync();
    this.dialog.showModal();
    this.app.eventAudience?.ready().catch(() => {}); // its module, on the first opening only
    await this.loadBlocked();
  }

  sync() {
    const { app } = this;
    for (const radio of this.dialog.querySelectorAll("input[name=lang]")) radio.checked = radio.value === getLang();
    $("#pref-reduced-motion").checked = app.prefs.reducedMotion;
    $("#pref-low-stimulus").checked = app.prefs.lowStimulus;
    $("#pref-hidden").checked = app.state.hidden;
    const account = app.api.account || {};
    for (const radio of this.dialog.querySelectorAll("input[name=kind]")) radio.checked = radio.value === (account.kind || "unspecified");
    $("#account-state").textContent = account.is_guest === false ? t("account_kept", { name: account.nickname }) : t("account_guest");
    $("#open-keep").hidden = account.is_guest === false;
    $("#open-passphrase").hidden = account.is_guest !== false;
  }

  async loadBlocked() {
    const list = $("#blocked-list");
    let blocked = [];
    try {
      blocked = (await this.app.send("block:list", {})).blocked || [];
    } catch (err) {
      this.app.notices.error(errorText(err));
    }
    list.textContent = "";
    $("#blocked-empty").hidden = blocked.length > 0;
    for (const person of blocked) {
      const button = h("button", { type: "button", class: "small quiet-button", text: t("unblock") });
      button.setAttribute("aria-label", `${t("unblock")}: ${person.nickname}`);
      button.addEventListener("click", async () => {
        if (await this.app.unblock(person.account_id)) await this.loadBlocked();
      });
      list.append(h("li", { class: "blocked-row" }, h("span", { text: person.nickname }), button));
    }
  }
}

export class KeepDialog {
  constructor(app) {
    this.app = app;
    this.dialog = $("#keep-dialog");
    $("#keep-cancel").addEventListener("click", () => this.dialog.close());
    $("#keep-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    $("#recovery-done").addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => {
      // The code is shown once: forget it as soon as the dialog closes.
      $("#recovery-code").textContent = "";
      $("#recovery").hidden = true;
      $("#keep-form").hidden = false;
      app.settings.sync();
    });
  }

  open() {
    say($("#keep-error"), null, { hide: true });
    $("#keep-form").reset();
    $("#keep-nickname").value = this.app.api.account?.nickname || "";
    $("#keep-form").hidden = false;
    $("#recovery").hidden = true;
    this.dialog.showModal();
    $("#keep-nickname").focus();
  }

  async submit() {
    const error = $("#keep-error");
    say(error, null, { hide: true });
    const nickname = $("#keep-nickname").value.trim();
    const pass = $("#keep-passphrase").value;
    if (!newPassphraseOk("#keep-passphrase", "#keep-passphrase2", "#keep-error")) return;
    try {
      const body = await this.app.api.keep(nickname, pass, this.app.api.account?.kind || undefined);
      $("#keep-form").reset();
      $("#keep-form").hidden = true;
      $("#recovery-code").textContent = body.recovery_code || "";
      $("#recovery").hidden = false;
      $("#recovery-title").focus();
      this.app.accountChanged();
    } catch (err) {
      say(error, () => errorText(err), { hide: true });
    }
  }
}
