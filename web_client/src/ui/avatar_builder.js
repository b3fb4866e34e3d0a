// Building an avatar from parts, with a live preview: the big front picture from the
// server, and a small walking figure from the sprite sheet (still when motion is reduced).

import { $, h } from "./dom.js";
import { errorText, listNames, pick, t } from "../i18n.js";

const ORDER = ["body", "skin", "hair", "hair_color", "eyes", "clothes", "clothes_color", "accessory"];
const FRAME = 48;

export function lookCode(look) {
  return ORDER.map((c) => look[c]).join(".");
}

export class AvatarBuilder {
  constructor(app) {
    this.app = app;
    this.dialog = $("#avatar-dialog");
    this.parts = $("#avatar-parts");
    this.preview = $("#avatar-preview-img");
    this.walk = $("#avatar-walk");
    this.catalogue = null;
    this.look = null;
    this.sheet = null;
    this.timer = null;
    this.anim = null;
    $("#avatar-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.save();
    });
    $("#avatar-cancel").addEventListener("click", () => this.dialog.close());
    $("#avatar-random").addEventListener("click", () => this.randomise());
    this.dialog.addEventListener("close", () => {
      cancelAnimationFrame(this.anim);
      this.anim = null;
      this.app.focusMap();
    });
  }

  async open() {
    const error = $("#avatar-error");
    error.hidden = true;
    try {
      if (!this.catalogue) this.catalogue = await this.app.api.get("/api/avatars/catalogue");
      const mine = await this.app.api.myLook();
      this.look = { ...mine.look };
    } catch (err) {
      this.app.notices.error(errorText(err));
      return;
    }
    this.renderParts();
    this.refreshPreview();
    this.dialog.showModal();
    this.parts.querySelector("input:checked")?.focus();
    this.animate();
  }

  renderParts() {
    const { parts, labels } = this.catalogue;
    this.parts.textContent = "";
    for (const category of ORDER) {
      const choices = parts[category] || [];
      const isColour = choices.some((c) => c.hex);
      const group = h("fieldset", { class: `part-group ${isColour ? "swatches" : "chips"}` },
        h("legend", { text: pick(labels[category]) }));
      for (const choice of choices) {
        const id = `part-${category}-${choice.id}`;
        const input = h("input", { type: "radio", name: category, value: choice.id, id, class: "part-input" });
        input.checked = this.look[category] === choice.id;
        input.addEventListener("change", () => {
          this.look[category] = choice.id;
          this.refreshPreview();
        });
        const text = pick(choice.label);
        let label;
        if (isColour) {
          const swatch = h("span", { class: "swatch", "aria-hidden": "true" });
          swatch.style.setProperty("--swatch", choice.hex); // CSSOM, allowed by the CSP
          label = h("label", { for: id, class: "part-label swatch-label", title: text }, swatch, h("span", { class: "sr-only", text }));
        } else {
          label = h("label", { for: id, class: "part-label", text });
        }
        group.append(h("span", { class: "part" }, input, label));
      }
      this.parts.append(group);
    }
  }

  refreshPreview() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const code = lookCode(this.look);
      this.preview.src = `/api/avatars/previews/${encodeURIComponent(code)}.png`;
      this.preview.alt = listNames(ORDER.map((c) => {
        const choice = this.catalogue.parts[c].find((x) => x.id === this.look[c]);
        return choice ? pick(choice.label) : "";
      }));
      const sheet = new Image();
      sheet.onload = () => { this.sheet = sheet; this.drawWalk(performance.now()); };
      sheet.src = `/api/avatars/sprites/${encodeURIComponent(code)}.png`;
    }, 80);
  }

  animate() {
    const step = (now) => {
      this.drawWalk(now);
      this.anim = requestAnimationFrame(step);
    };
    cancelAnimationFrame(this.anim);
    this.anim = requestAnimationFrame(step);
  }

  drawWalk(now) {
    const ctx = this.walk.getContext("2d");
    ctx.clearRect(0, 0, this.walk.width, this.walk.height);
    if (!this.sheet) return;
    const still = this.app.prefs.reducedMotion || this.app.prefs.lowStimulus;
    const col = still ? 1 : [0, 1, 2, 1][Math.floor(now / 200) % 4];
    const row = still ? 0 : [0, 1, 3, 2][Math.floor(now / 1600) % 4];
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.sheet, col * FRAME, row * FRAME, FRAME, FRAME, 0, 0, 96, 96);
  }

  randomise() {
    for (const category of ORDER) {
      const choices = this.catalogue.parts[category];
      this.look[category] = choices[Math.floor(Math.random() * choices.length)].id;
    }
    for (const input of this.parts.querySelectorAll("input")) input.checked = this.look[input.name] === input.value;
    this.refreshPreview();
  }

  async save() {
    const error = $("#avatar-error");
    error.hidden = true;
    try {
      const body = await this.app.api.saveLook(this.look);
      this.dialog.close();
      await this.app.lookSaved(body.look_code);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  }
}
